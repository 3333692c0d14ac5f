#include "core/xlators/cluster/distribute/dirent_cookies.hpp"

#include <bit>

namespace booster {

DirentCookies::DirentCookies(std::size_t subvolumes)
    : subvolumes_(subvolumes), index_bits_(static_cast<unsigned>(std::bit_width(subvolumes - 1))) {}

std::uint64_t DirentCookies::encode(const ListingPosition& at) {
    if (at.cookie < (kTableBit >> index_bits_)) return (at.cookie << index_bits_) | at.subvolume;
    std::lock_guard lock(mu_);
    table_.push_back(at);
    return kTableBit | table_.size();  // rows count from 1
}

std::optional<ListingPosition> DirentCookies::decode(std::uint64_t d_off) const {
    if (d_off == 0) return ListingPosition{};
    if (d_off >= (kTableBit << 1)) return std::nullopt;
    if ((d_off & kTableBit) == 0) {
        const std::uint64_t index = d_off & ((std::uint64_t{1} << index_bits_) - 1);
        if (index >= subvolumes_) return std::nullopt;
        return ListingPosition{static_cast<std::size_t>(index), d_off >> index_bits_};
    }
    const std::uint64_t row = d_off & ~kTableBit;
    std::lock_guard lock(mu_);
    if (row == 0 || row > table_.size()) return std::nullopt;
    return table_[row - 1];
}

}  // namespace booster
