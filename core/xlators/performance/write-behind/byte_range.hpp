// ByteRange: the bytes of a file that a queued write changes, or that a waiting fop depends on,
// as [start, end). `end == kToEnd` reaches past any end of file: a fop that depends on the size
// (a read also depends on every write beyond it, which may extend the file) or on the whole
// file (stat, fsync, truncate). Value type.
#pragma once

#include <cstdint>
#include <limits>

namespace booster {

struct ByteRange {
    static constexpr std::uint64_t kToEnd = std::numeric_limits<std::uint64_t>::max();

    std::uint64_t start = 0;
    std::uint64_t end = kToEnd;

    static ByteRange whole_file() { return {0, kToEnd}; }
    static ByteRange from(std::uint64_t start) { return {start, kToEnd}; }
    static ByteRange of(std::uint64_t start, std::uint64_t length) {
        return {start, length > kToEnd - start ? kToEnd : start + length};
    }

    bool overlaps(const ByteRange& o) const { return start < o.end && o.start < end; }
};

}  // namespace booster
