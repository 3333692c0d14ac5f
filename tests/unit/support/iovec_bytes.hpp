// Copies between a test leaf's in-memory file (a std::string) and a fop's iovecs: what readv
// and writev of MemoryLeaf and FileLeaf share. Pure functions; the caller guards `data`.
#pragma once

#include <sys/uio.h>

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <string>

#include "core/engine/fop_list.hpp"

namespace booster::test {

// Fills `dst` from `data` at byte `offset` until `data` ends; returns the bytes copied.
inline std::size_t read_bytes(const std::string& data, std::size_t offset, IoVecs dst) {
    std::size_t done = 0;
    for (const iovec& v : dst) {
        const std::size_t at = offset + done;
        if (at >= data.size()) break;
        const std::size_t n = std::min(v.iov_len, data.size() - at);
        std::memcpy(v.iov_base, data.data() + at, n);
        done += n;
    }
    return done;
}

// Writes `n` bytes at `at`, growing `data` with zeros as needed.
inline void put_bytes(std::string& data, std::size_t at, const void* bytes, std::size_t n) {
    if (data.size() < at + n) data.resize(at + n, '\0');
    std::memcpy(data.data() + at, bytes, n);
}

// Writes all of `src` at byte `offset`; returns the bytes written.
inline std::size_t write_bytes(std::string& data, std::size_t offset, IoVecs src) {
    std::size_t done = 0;
    for (const iovec& v : src) {
        put_bytes(data, offset + done, v.iov_base, v.iov_len);
        done += v.iov_len;
    }
    return done;
}

}  // namespace booster::test
