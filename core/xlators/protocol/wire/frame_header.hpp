// The fixed frame header that precedes every wire message (booster_wire.fbs), and its limits.
//
// Layout, 24 bytes, little-endian: magic u32 | wire version u16 | flags u16 (kFramePassesFd or
// 0) | message size u32 | bulk size u32 | xid u64. The Message (a FlatBuffer) follows, then
// `bulk size` bytes of bulk data (writev payload, readv reply data), which travel outside the
// FlatBuffer so that they are never copied into or out of it.
// A receiver decodes the header first and refuses a frame whose total exceeds its limit before
// reading any of its body. Pure functions; callable from any thread; no <expected> here (the
// fuzz target, built with clang, compiles this layer).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace booster::wire {

inline constexpr std::uint32_t kFrameMagic = 0x31525342;  // "BSR1" in memory
inline constexpr std::uint16_t kWireVersion = 1;
inline constexpr std::size_t kFrameHeaderSize = 24;
inline constexpr std::size_t kDefaultMaxMessageSize = (1u << 20) + (64u << 10);
// Room a frame keeps beside its bulk data for the message: a writev call's (fd, offset, flags,
// xdata), a readv reply's (a few fixed fields). The data of one readv or writev is at most a
// frame minus that room, so the smallest frame allowed still carries 64 KiB of data.
inline constexpr std::size_t kWritevMessageRoom = 64u << 10;
inline constexpr std::size_t kReadvReplyRoom = 4u << 10;
inline constexpr std::size_t kMinMaxMessageSize = kWritevMessageRoom + (64u << 10);
// Flag: one file descriptor travels with this frame (SCM_RIGHTS on a unix socket, sent with the
// frame's first byte or earlier): the brick's descriptor of the file an open or create reply
// opened, lent to a client that asked for short-circuit I/O (protocol/server's options.hpp).
inline constexpr std::uint16_t kFramePassesFd = 1;

struct FrameHeader {
    std::uint16_t version = kWireVersion;
    std::uint16_t flags = 0;
    std::uint32_t message_size = 0;
    std::uint32_t bulk_size = 0;
    std::uint64_t xid = 0;

    std::size_t total() const { return std::size_t{message_size} + bulk_size; }
};

using HeaderBytes = std::array<std::uint8_t, kFrameHeaderSize>;

HeaderBytes encode_header(const FrameHeader& header);

// Fills `out` from `in`; returns null when the frame may be read, else why it may not (bad
// magic, unknown version, unknown flags, empty message, total over `max_total`).
const char* decode_header(const HeaderBytes& in, std::size_t max_total, FrameHeader& out);

}  // namespace booster::wire
