// Gfid: the 16-byte identity of every file and directory, chosen at the top of the stack and
// stored by every brick. Value type; generation is thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace booster {

struct Gfid {
    std::array<std::uint8_t, 16> bytes{};

    static Gfid random();
    static Gfid root();  // 00000000-0000-0000-0000-000000000001, as in GlusterFS
    // Parses the canonical 36-character form; nullopt if malformed.
    static std::optional<Gfid> parse(std::string_view text);

    bool is_null() const noexcept;
    std::string str() const;  // canonical 8-4-4-4-12 lower-case hex
    // The inode number every client reports for this object: its last 8 bytes, big-endian (as
    // GlusterFS; the root's is 1). One number per object whichever brick holds it, and the
    // same in every client, so that a client can tell from st_ino alone whether a gfid it
    // remembers is the file the kernel opened.
    std::uint64_t ino() const noexcept {
        std::uint64_t n = 0;
        for (std::size_t i = 8; i < 16; ++i) n = (n << 8) | bytes[i];
        return n;
    }

    friend bool operator==(const Gfid&, const Gfid&) = default;
};

}  // namespace booster

template <>
struct std::hash<booster::Gfid> {
    std::size_t operator()(const booster::Gfid& g) const noexcept {
        std::uint64_t a;
        std::uint64_t b;
        std::memcpy(&a, g.bytes.data(), 8);
        std::memcpy(&b, g.bytes.data() + 8, 8);
        return a ^ (b * 0x9E3779B97F4A7C15ULL);
    }
};
