#include "core/xlators/protocol/auth/secret_proof.hpp"

#include <nettle/hmac.h>
#include <nettle/memops.h>
#include <sys/random.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace booster::auth {

std::expected<std::string, std::string> read_secret_file(const std::string& path) {
    std::ifstream in(path);
    if (!in) return std::unexpected("secret file '" + path + "': " + std::strerror(errno));
    std::ostringstream text;
    text << in.rdbuf();
    std::string secret = text.str();
    const auto first = secret.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return std::unexpected("secret file '" + path + "' is empty");
    secret = secret.substr(first, secret.find_last_not_of(" \t\r\n") - first + 1);
    return secret;
}

std::vector<std::uint8_t> random_nonce(std::size_t size) {
    std::vector<std::uint8_t> nonce(size);
    std::size_t done = 0;
    while (done < size) {
        const ssize_t n = ::getrandom(nonce.data() + done, size - done, 0);
        if (n > 0) done += static_cast<std::size_t>(n);
    }
    return nonce;
}

std::vector<std::uint8_t> prove(const std::string& secret, std::span<const std::uint8_t> nonce) {
    hmac_sha256_ctx ctx;
    hmac_sha256_set_key(&ctx, secret.size(), reinterpret_cast<const std::uint8_t*>(secret.data()));
    hmac_sha256_update(&ctx, nonce.size(), nonce.data());
    std::vector<std::uint8_t> mac(SHA256_DIGEST_SIZE);
    hmac_sha256_digest(&ctx, mac.size(), mac.data());
    return mac;
}

bool proof_matches(const std::string& secret, std::span<const std::uint8_t> nonce, std::span<const std::uint8_t> proof) {
    const std::vector<std::uint8_t> expected = prove(secret, nonce);
    return proof.size() == expected.size() && nettle_memeql_sec(proof.data(), expected.data(), expected.size()) != 0;
}

}  // namespace booster::auth
