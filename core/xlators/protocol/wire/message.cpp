#include "core/xlators/protocol/wire/message.hpp"

#include "core/xlators/protocol/wire/frame_header.hpp"
#include "core/xlators/protocol/wire/reply_codec.hpp"

namespace booster::wire {

const char* open_message(std::span<const std::uint8_t> bytes, const fb::Message*& out) {
    flatbuffers::Verifier::Options options;
    options.max_depth = kMaxDepth;
    options.max_tables = kMaxTables;
    flatbuffers::Verifier verifier(bytes.data(), bytes.size(), options);
    if (!fb::VerifyMessageBuffer(verifier)) return "message fails verification";
    const fb::Message* m = fb::GetMessage(bytes.data());
    if (m->body_type() == fb::Body_NONE || m->body_type() > fb::Body_MAX || m->body() == nullptr)
        return "message without a known body";
    out = m;
    return nullptr;
}

void encode_challenge(Builder& b, std::span<const std::uint8_t> nonce, bool secret_required) {
    b.Clear();
    auto n = b.CreateVector(nonce.data(), nonce.size());
    finish_message(b, fb::CreateChallenge(b, kWireVersion, n, secret_required));
}

void encode_hello(Builder& b, std::string_view client_name, std::span<const std::uint8_t> proof,
                  bool short_circuit) {
    b.Clear();
    auto name = b.CreateString(client_name);
    auto p = proof.empty() ? flatbuffers::Offset<flatbuffers::Vector<std::uint8_t>>()
                           : b.CreateVector(proof.data(), proof.size());
    finish_message(b, fb::CreateHello(b, kWireVersion, name, p, short_circuit));
}

void encode_welcome(Builder& b, int errnum) {
    b.Clear();
    finish_message(b, fb::CreateWelcome(b, errnum));
}

void encode_ping(Builder& b) {
    b.Clear();
    finish_message(b, fb::CreatePing(b));
}

void encode_pong(Builder& b) {
    b.Clear();
    finish_message(b, fb::CreatePong(b));
}

void encode_release(Builder& b, std::uint64_t fd) {
    b.Clear();
    finish_message(b, fb::CreateRelease(b, fd));
}

}  // namespace booster::wire
