#include "core/engine/gfid.hpp"

#include <sys/random.h>

#include <random>

namespace booster {

Gfid Gfid::random() {
    Gfid g;
    if (getrandom(g.bytes.data(), g.bytes.size(), 0) != static_cast<ssize_t>(g.bytes.size())) {
        // getrandom only fails before the kernel's pool is seeded; a thread-local engine
        // seeded from the clock still gives unique ids for our purposes.
        thread_local std::mt19937_64 rng{std::random_device{}()};
        for (auto& b : g.bytes) b = static_cast<std::uint8_t>(rng());
    }
    g.bytes[6] = static_cast<std::uint8_t>((g.bytes[6] & 0x0f) | 0x40);  // UUID v4
    g.bytes[8] = static_cast<std::uint8_t>((g.bytes[8] & 0x3f) | 0x80);
    return g;
}

Gfid Gfid::root() {
    Gfid g;
    g.bytes[15] = 1;
    return g;
}

bool Gfid::is_null() const noexcept {
    for (auto b : bytes)
        if (b != 0) return false;
    return true;
}

std::string Gfid::str() const {
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(36);
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
        out.push_back(hex[bytes[i] >> 4]);
        out.push_back(hex[bytes[i] & 0xf]);
    }
    return out;
}

std::optional<Gfid> Gfid::parse(std::string_view text) {
    if (text.size() != 36) return std::nullopt;
    auto nibble = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    Gfid g;
    std::size_t out = 0;
    for (std::size_t i = 0; i < text.size();) {
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (text[i] != '-') return std::nullopt;
            ++i;
            continue;
        }
        const int hi = nibble(text[i]);
        const int lo = nibble(text[i + 1]);
        if (hi < 0 || lo < 0) return std::nullopt;
        g.bytes[out++] = static_cast<std::uint8_t>(hi << 4 | lo);
        i += 2;
    }
    return g;
}

}  // namespace booster
