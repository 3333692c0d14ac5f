// copy_out: copies file bytes from a run of cached pages into a reader's iovecs.
// Thread-safety: pages are immutable; any thread.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <cstdint>

#include "core/engine/fop_list.hpp"
#include "core/xlators/performance/io-cache/page.hpp"

namespace booster {

// Copies the bytes from file offset `offset` on, out of `run` (whose first page is page `first`),
// into `dst`; stops at the end of `dst` or at the end of a short page (the end of the file).
// Returns the bytes copied.
std::size_t copy_out(const PageRun& run, std::uint64_t first, std::size_t page_size, off_t offset, IoVecs dst);

}  // namespace booster
