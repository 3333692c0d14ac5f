#include "core/xlators/cluster/distribute/dm_hash.hpp"

#include <array>
#include <cstring>

namespace booster {

namespace {

constexpr std::uint32_t kDelta = 0x9E3779B9;
constexpr int kFullRounds = 10;    // the last block, padded with the length
constexpr int kPartialRounds = 6;  // each full 16-byte block

using Block = std::array<std::uint32_t, 4>;

void mix(const Block& in, int rounds, std::uint32_t& h0, std::uint32_t& h1) {
    std::uint32_t sum = 0;
    std::uint32_t b0 = h0;
    std::uint32_t b1 = h1;
    for (int n = 0; n < rounds; ++n) {
        sum += kDelta;
        b0 += ((b1 << 4) + in[0]) ^ (b1 + sum) ^ ((b1 >> 5) + in[1]);
        b1 += ((b0 << 4) + in[2]) ^ (b0 + sum) ^ ((b0 >> 5) + in[3]);
    }
    h0 += b0;
    h1 += b1;
}

std::uint32_t word_at(std::string_view s, std::size_t at) {
    std::uint32_t w;
    std::memcpy(&w, s.data() + at, sizeof w);
    return w;
}

// The length repeated in every byte (only its low byte survives the shifts).
std::uint32_t length_pad(std::size_t len) {
    std::uint32_t pad = static_cast<std::uint32_t>(len) | (static_cast<std::uint32_t>(len) << 8);
    return pad | (pad << 16);
}

}  // namespace

std::uint32_t dm_hash(std::string_view name) {
    std::uint32_t h0 = 0x9464a485;
    std::uint32_t h1 = 0x542e1a94;
    const std::size_t full_blocks = name.size() / 16;
    std::size_t at = 0;
    for (std::size_t b = 0; b < full_blocks; ++b, at += 16)
        mix({word_at(name, at), word_at(name, at + 4), word_at(name, at + 8), word_at(name, at + 12)},
            kPartialRounds, h0, h1);
    Block last{};
    for (std::uint32_t& word : last) {
        if (at + 4 <= name.size()) {
            word = word_at(name, at);
            at += 4;
            continue;
        }
        word = length_pad(name.size());
        for (; at < name.size(); ++at) {
            word <<= 8;
            // Sign extension of the tail bytes is part of the hash GlusterFS computes.
            word |= static_cast<std::uint32_t>(static_cast<std::int32_t>(static_cast<signed char>(name[at])));
        }
    }
    mix(last, kFullRounds, h0, h1);
    return h0 ^ h1;
}

}  // namespace booster
