// DirentCookies: the d_off DHT hands out for a directory listing that reads its subvolumes one
// after another: which subvolume an entry came from and that subvolume's own cookie, with no
// bit of the latter lost. A backend cookie small enough is packed beside the subvolume index
// (cookie << index_bits | index); a larger one (ext4's 63-bit hash cookies) is kept in a table
// of this open directory and the d_off is its row, marked by bit 62. Every d_off stays below
// 2^63 (the kernel's loff_t) and is never 0 (the start of the listing).
// Lives in the directory Fd's context; a cookie is valid only on the Fd that produced it.
// Thread-safety: encode/decode from any thread (one mutex guards the table).
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <vector>

#include "core/engine/ctx.hpp"

namespace booster {

struct ListingPosition {
    std::size_t subvolume = 0;
    std::uint64_t cookie = 0;  // the subvolume's own d_off; 0 = its start
    friend bool operator==(const ListingPosition&, const ListingPosition&) = default;
};

class DirentCookies : public Ctx {
public:
    explicit DirentCookies(std::size_t subvolumes);

    std::uint64_t encode(const ListingPosition& at);
    // nullopt for a d_off this Fd never handed out (or of a subvolume that does not exist).
    std::optional<ListingPosition> decode(std::uint64_t d_off) const;

private:
    static constexpr std::uint64_t kTableBit = std::uint64_t{1} << 62;

    std::size_t subvolumes_;
    unsigned index_bits_;
    mutable std::mutex mu_;
    std::vector<ListingPosition> table_;
};

}  // namespace booster
