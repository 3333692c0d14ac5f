// FileStamp: the attributes a file's cached pages were filled under (mtime, ctime, size). Two
// equal stamps mean the data did not change in between, as far as the attributes can tell.
// Value type.
#pragma once

#include <cstdint>
#include <ctime>

#include "core/engine/iatt.hpp"

namespace booster {

struct FileStamp {
    timespec mtime{};
    timespec ctime{};
    std::uint64_t size = 0;

    static FileStamp of(const Iatt& attr) { return {attr.mtime, attr.ctime, attr.size}; }

    friend bool operator==(const FileStamp& a, const FileStamp& b) {
        return same_time(a.mtime, b.mtime) && same_time(a.ctime, b.ctime) && a.size == b.size;
    }

private:
    static bool same_time(const timespec& a, const timespec& b) {
        return a.tv_sec == b.tv_sec && a.tv_nsec == b.tv_nsec;
    }
};

}  // namespace booster
