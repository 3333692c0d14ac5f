#include "core/xlators/cluster/distribute/layout.hpp"

#include <algorithm>
#include <array>

namespace booster {

namespace {

constexpr std::uint32_t kCommitHash = 1;  // no rebalance yet: every layout is of the first commit
constexpr std::uint32_t kDmHashType = 0;  // GlusterFS's DHT_HASH_TYPE_DM
constexpr std::size_t kRangeBytes = 16;

void put_be32(std::string& out, std::uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((v >> shift) & 0xff));
}

std::uint32_t be32_at(std::string_view s, std::size_t at) {
    std::uint32_t v = 0;
    for (std::size_t i = 0; i < 4; ++i) v = (v << 8) | static_cast<unsigned char>(s[at + i]);
    return v;
}

}  // namespace

std::string encode_range(const HashRange& range) {
    std::string out;
    out.reserve(kRangeBytes);
    put_be32(out, kCommitHash);
    put_be32(out, kDmHashType);
    put_be32(out, range.start);
    put_be32(out, range.stop);
    return out;
}

std::optional<HashRange> decode_range(std::string_view value) {
    if (value.size() != kRangeBytes || be32_at(value, 4) != kDmHashType) return std::nullopt;
    HashRange r{be32_at(value, 8), be32_at(value, 12)};
    if (r.start > r.stop) return std::nullopt;
    return r;
}

Layout Layout::equal_split(std::size_t subvolumes) {
    const std::uint64_t chunk = (std::uint64_t{1} << 32) / subvolumes;
    std::vector<std::optional<HashRange>> ranges;
    for (std::size_t i = 0; i < subvolumes; ++i) {
        const std::uint64_t start = chunk * i;
        const std::uint64_t stop = i + 1 == subvolumes ? 0xffffffffu : start + chunk - 1;
        ranges.push_back(HashRange{static_cast<std::uint32_t>(start), static_cast<std::uint32_t>(stop)});
    }
    return Layout(std::move(ranges));
}

bool Layout::complete() const {
    std::vector<HashRange> sorted;
    for (const auto& r : ranges_) {
        if (!r) return false;
        sorted.push_back(*r);
    }
    if (sorted.empty()) return false;
    std::sort(sorted.begin(), sorted.end(), [](const HashRange& a, const HashRange& b) { return a.start < b.start; });
    std::uint64_t next = 0;  // the first hash not yet covered
    for (const HashRange& r : sorted) {
        if (r.start != next) return false;
        next = std::uint64_t{r.stop} + 1;
    }
    return next == (std::uint64_t{1} << 32);
}

std::optional<std::size_t> Layout::subvolume_of(std::uint32_t hash) const {
    for (std::size_t i = 0; i < ranges_.size(); ++i)
        if (ranges_[i] && ranges_[i]->holds(hash)) return i;
    return std::nullopt;
}

}  // namespace booster
