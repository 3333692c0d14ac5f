// Page: `size` bytes of a file starting at `index` * page-size, as read from the child. A page
// shorter than page-size ends at the end of the file. Immutable once filled: readers copy from
// a page after the cache lock is released, holding it by shared_ptr, while an invalidation or
// eviction may already have removed it from the cache (a small hit copies under the lock).
// Made by the PagePool, which owns the buffer again once the last PageRef is gone.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

namespace booster {

struct Page {
    explicit Page(std::unique_ptr<char[]> buffer) : bytes(std::move(buffer)) {}

    std::unique_ptr<char[]> bytes;
    std::size_t size = 0;
};

using PageRef = std::shared_ptr<const Page>;
using PageRun = std::vector<PageRef>;  // pages of consecutive indexes

}  // namespace booster
