// The shared-secret challenge of the handshake: the server sends a random nonce, a client that
// knows the secret answers HMAC-SHA256(secret, nonce) (Nettle); the secret itself
// never travels. A secret file holds the secret (surrounding whitespace dropped).
// Functions; any thread.
#pragma once

#include <cstdint>
#include <expected>
#include <span>
#include <string>
#include <vector>

namespace booster::auth {

// The secret in `path`; the error names the file and what is wrong (unreadable, empty).
std::expected<std::string, std::string> read_secret_file(const std::string& path);
std::vector<std::uint8_t> random_nonce(std::size_t size);
std::vector<std::uint8_t> prove(const std::string& secret, std::span<const std::uint8_t> nonce);
// Constant-time comparison of `proof` with the expected one.
bool proof_matches(const std::string& secret, std::span<const std::uint8_t> nonce, std::span<const std::uint8_t> proof);

}  // namespace booster::auth
