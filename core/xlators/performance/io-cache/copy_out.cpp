#include "core/xlators/performance/io-cache/copy_out.hpp"

#include <algorithm>
#include <cstring>

namespace booster {

namespace {

// Copies into one iovec from `at` (bytes from the start of the run); returns the bytes copied.
std::size_t fill_iovec(const PageRun& run, std::size_t page_size, std::uint64_t at, const iovec& v) {
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

}  // namespace

std::size_t copy_out(const PageRun& run, std::uint64_t first, std::size_t page_size, off_t offset, IoVecs dst) {
    const std::uint64_t start = static_cast<std::uint64_t>(offset) - first * page_size;
    std::size_t total = 0;
    for (const iovec& v : dst) {
        const std::size_t n = fill_iovec(run, page_size, start + total, v);
        total += n;
        if (n < v.iov_len) break;
    }
    return total;
}

}  // namespace booster
