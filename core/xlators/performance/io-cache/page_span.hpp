// PageSpan: the pages [first, first + count) that cover a byte range of a file, clipped to the
// file's size. Value type.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>

namespace booster {

struct PageSpan {
    std::uint64_t first = 0;
    std::uint64_t count = 0;

    // The pages holding bytes [offset, offset + length) that exist in a file of `file_size`.
    static PageSpan covering(std::uint64_t offset, std::uint64_t length, std::uint64_t file_size,
                             std::size_t page_size) {
        const std::uint64_t end = std::min(offset + length, file_size);
        if (offset >= end) return {};
        const std::uint64_t first = offset / page_size;
        return {first, (end + page_size - 1) / page_size - first};
    }
    bool empty() const { return count == 0; }
};

}  // namespace booster
