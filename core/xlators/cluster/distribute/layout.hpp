// Layout: how one directory's hash space (0..2^32-1) is split between the subvolumes, each
// subvolume's range stored on its own copy of the directory in xattr trusted.glusterfs.dht
// (16 bytes, four big-endian 32-bit words: commit hash, hash type, start, stop; GlusterFS's
// format). A name belongs to the subvolume whose range holds dm_hash(name).
// A layout is usable only when complete: every subvolume has a range and the ranges cover the
// space with no hole and no overlap. Value type; any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace booster {

inline constexpr std::string_view kLayoutXattr = "trusted.glusterfs.dht";

struct HashRange {
    std::uint32_t start = 0;
    std::uint32_t stop = 0;

    bool holds(std::uint32_t hash) const { return start <= hash && hash <= stop; }
    friend bool operator==(const HashRange&, const HashRange&) = default;
};

// The xattr value of one subvolume's range, and back; nullopt for a value that is not one.
std::string encode_range(const HashRange& range);
std::optional<HashRange> decode_range(std::string_view value);

class Layout {
public:
    // One range per subvolume, in subvolume order (nullopt: none stored there).
    explicit Layout(std::vector<std::optional<HashRange>> ranges) : ranges_(std::move(ranges)) {}
    // `subvolumes` equal ranges in subvolume order, the last one taking the remainder.
    static Layout equal_split(std::size_t subvolumes);

    bool complete() const;
    // The subvolume whose range holds `hash`; nullopt if no range does.
    std::optional<std::size_t> subvolume_of(std::uint32_t hash) const;
    const std::vector<std::optional<HashRange>>& ranges() const { return ranges_; }

private:
    std::vector<std::optional<HashRange>> ranges_;
};

}  // namespace booster
