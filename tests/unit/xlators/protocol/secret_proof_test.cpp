// The shared-secret proof is HMAC-SHA256 as RFC 4231 defines it (its known answers, so a
// client and a brick built against different crypto libraries still agree), and a proof is
// accepted only when every byte and the length match.
#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/xlators/protocol/auth/secret_proof.hpp"

namespace booster::test {
namespace {

std::vector<std::uint8_t> bytes(std::string_view s) { return {s.begin(), s.end()}; }

std::string hex(const std::vector<std::uint8_t>& v) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    for (const std::uint8_t b : v) {
        out += kDigits[b >> 4];
        out += kDigits[b & 0xf];
    }
    return out;
}

TEST_CASE("secret proof: HMAC-SHA256 gives RFC 4231's known answers") {
    // Test case 2: a short key.
    CHECK(hex(auth::prove("Jefe", bytes("what do ya want for nothing?"))) ==
          "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    // Test case 6: a key longer than the block, which HMAC hashes first.
    CHECK(hex(auth::prove(std::string(131, '\xaa'), bytes("Test Using Larger Than Block-Size Key - Hash Key First"))) ==
          "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

TEST_CASE("secret proof: only the exact proof matches") {
    const std::vector<std::uint8_t> nonce = auth::random_nonce(32);
    std::vector<std::uint8_t> proof = auth::prove("s3cret", nonce);
    CHECK(auth::proof_matches("s3cret", nonce, proof));
    CHECK_FALSE(auth::proof_matches("s3cre7", nonce, proof));

    std::vector<std::uint8_t> flipped = proof;
    flipped.back() ^= 1;
    CHECK_FALSE(auth::proof_matches("s3cret", nonce, flipped));
    proof.pop_back();
    CHECK_FALSE(auth::proof_matches("s3cret", nonce, proof));
    CHECK_FALSE(auth::proof_matches("s3cret", nonce, {}));
}

}  // namespace
}  // namespace booster::test
