// libFuzzer target: the receiving side of the wire protocol, as a brick and a client run it on
// untrusted bytes: frame header, message verification, and the full decode of every fop's
// request (arguments into engine values) and of a reply of every reply type.
// Input: a frame (header + message + bulk). The first byte of the message picks, for replies,
// which fop's reply type is decoded.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>

#include "core/xlators/protocol/wire/call_codec.hpp"
#include "core/xlators/protocol/wire/frame_header.hpp"
#include "core/xlators/protocol/wire/message.hpp"
#include "core/xlators/protocol/wire/reply_codec.hpp"

namespace {

using namespace booster;

void decode_call(const wire::fb::Call& call, std::size_t bulk) {
    if (call.fop() >= kFopCount) return;
    wire::visit_fop(static_cast<FopId>(call.fop()), [&]<FopId F>() {
        wire::CallArgs<F> args;
        if (wire::decode_call<F>(call, bulk, args) == nullptr) (void)wire::request_from_wire(call);
    });
}

void decode_reply(const wire::fb::Reply& reply, std::uint8_t pick) {
    if (wire::reply_errnum(reply) != 0) return;
    wire::visit_fop(static_cast<FopId>(pick % kFopCount), [&]<FopId F>() {
        typename wire::FopTraits<F>::Reply value{};
        (void)wire::decode_reply(reply, value);
    });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < wire::kFrameHeaderSize) return 0;
    wire::HeaderBytes head;
    std::memcpy(head.data(), data, head.size());
    wire::FrameHeader header;
    if (wire::decode_header(head, wire::kDefaultMaxMessageSize, header) != nullptr) return 0;
    if (header.total() > size - wire::kFrameHeaderSize) return 0;
    // The reader copies the message into 8-byte aligned storage; so does this.
    auto words = std::make_unique<std::uint64_t[]>((header.message_size + 7) / 8);
    std::memcpy(words.get(), data + wire::kFrameHeaderSize, header.message_size);
    const std::span<const std::uint8_t> bytes(reinterpret_cast<const std::uint8_t*>(words.get()), header.message_size);
    const wire::fb::Message* message = nullptr;
    if (wire::open_message(bytes, message) != nullptr) return 0;
    if (const auto* call = message->body_as_Call()) decode_call(*call, header.bulk_size);
    if (const auto* reply = message->body_as_Reply()) decode_reply(*reply, bytes[0]);
    return 0;
}
