// A received Message: verification before any field is read, and the small control messages
// (handshake, ping, release). The verifier bounds-checks every offset of the buffer with a
// depth and table limit; open_message then requires a known body.
// Pure functions; any thread; no <expected> (the clang fuzz target compiles this).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "core/xlators/protocol/wire/values.hpp"

namespace booster::wire {

inline constexpr unsigned kMaxDepth = 16;
inline constexpr unsigned kMaxTables = 1u << 16;
inline constexpr std::size_t kNonceSize = 32;

// Verifies `bytes` (one Message, 8-byte aligned); null and `out` set, else the reason.
const char* open_message(std::span<const std::uint8_t> bytes, const fb::Message*& out);

// Each builds a finished Message in `b` (cleared first).
void encode_challenge(Builder& b, std::span<const std::uint8_t> nonce, bool secret_required);
void encode_hello(Builder& b, std::string_view client_name, std::span<const std::uint8_t> proof,
                  bool short_circuit = false);
void encode_welcome(Builder& b, int errnum);
void encode_ping(Builder& b);
void encode_pong(Builder& b);
void encode_release(Builder& b, std::uint64_t fd);

}  // namespace booster::wire
