// copy_out: copies file bytes from a run of cached pages into a reader's iovecs.
// `Pages` is any indexable run of page pointers (PageRun's shared_ptrs, or the raw pointers a
// hit copies from under the cache lock): run[i]->size, run[i]->bytes, run.size().
// Thread-safety: pages are immutable; any thread.
#pragma once

#include <sys/types.h>
#include <sys/uio.h>

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "core/engine/fop_list.hpp"
#include "core/xlators/performance/io-cache/page.hpp"

namespace booster {

namespace detail {

// Copies into one iovec from `at` (bytes from the start of the run); returns the bytes copied.
template <class Pages>
std::size_t fill_iovec(const Pages& run, std::size_t page_size, std::uint64_t at, const iovec& v) {
    char* out = static_cast<char*>(v.iov_base);
    std::size_t done = 0;
    while (done < v.iov_len) {
        const std::uint64_t page = (at + done) / page_size;
        const std::size_t in_page = (at + done) % page_size;
        if (page >= run.size() || in_page >= run[page]->size) break;
        const std::size_t n = std::min(v.iov_len - done, run[page]->size - in_page);
        std::memcpy(out + done, run[page]->bytes.get() + in_page, n);
        done += n;
    }
    return done;
}

}  // namespace detail

// Copies the bytes from file offset `offset` on, out of `run` (whose first page is page `first`),
// into `dst`; stops at the end of `dst` or at the end of a short page (the end of the file).
// Returns the bytes copied.
template <class Pages>
std::size_t copy_out(const Pages& run, std::uint64_t first, std::size_t page_size, off_t offset, IoVecs dst) {
    const std::uint64_t start = static_cast<std::uint64_t>(offset) - first * page_size;
    std::size_t total = 0;
    for (const iovec& v : dst) {
        const std::size_t n = detail::fill_iovec(run, page_size, start + total, v);
        total += n;
        if (n < v.iov_len) break;
    }
    return total;
}

}  // namespace booster
