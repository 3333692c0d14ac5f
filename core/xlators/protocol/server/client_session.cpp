#include "core/xlators/protocol/server/client_session.hpp"

#include "core/engine/log.hpp"
#include "core/xlators/protocol/auth/secret_proof.hpp"
#include "core/xlators/protocol/server/protocol_server.hpp"
#include "core/xlators/protocol/server/serve_call.hpp"

namespace booster {

namespace {

// Control messages are small; each thread builds them in its own builder.
wire::Builder& control_builder() {
    thread_local wire::Builder builder(256);
    return builder;
}

std::span<const std::uint8_t> bytes_of(const wire::Builder& b) { return {b.GetBufferPointer(), b.GetSize()}; }

}  // namespace

ClientSession::ClientSession(ProtocolServer& server, std::uint64_t id, UniqueFd fd, std::string peer,
                             RequestIdentity identity)
    : server_(server),
      id_(id),
      peer_(std::move(peer)),
      identity_(std::move(identity)),
      connection_(std::move(fd)),
      reader_(server.max_frame()) {}

bool ClientSession::send_challenge() {
    nonce_ = auth::random_nonce(wire::kNonceSize);
    wire::Builder& b = control_builder();
    wire::encode_challenge(b, nonce_, server_.secret().has_value());
    return connection_.send(0, bytes_of(b));
}

void ClientSession::refuse(int errnum) {
    wire::Builder& b = control_builder();
    wire::encode_welcome(b, errnum);
    (void)connection_.send(0, bytes_of(b));
}

const char* ClientSession::bulk_target(const wire::FrameHeader&, std::span<const iovec>& target) {
    target = {};
    return welcomed_ ? nullptr : "bulk data before the handshake";
}

const char* ClientSession::on_frame(transport::Frame frame) {
    const wire::fb::Message* message = nullptr;
    if (const char* bad = wire::open_message(frame.message(), message)) return bad;
    if (!welcomed_) {
        if (message->body_type() != wire::fb::Body_Hello) return "expected Hello";
        return on_hello(*message->body_as_Hello());
    }
    switch (message->body_type()) {
        case wire::fb::Body_Call: return on_call(*message->body_as_Call(), std::move(frame));
        case wire::fb::Body_Ping: {
            wire::Builder& b = control_builder();
            wire::encode_pong(b);
            (void)connection_.send(frame.header.xid, bytes_of(b));
            return nullptr;
        }
        case wire::fb::Body_Release:
            (void)fds_.remove(message->body_as_Release()->fd());
            return nullptr;
        default: return "unexpected message kind from a client";
    }
}

const char* ClientSession::on_hello(const wire::fb::Hello& hello) {
    if (hello.wire_version() != wire::kWireVersion) return "Hello with an unsupported wire version";
    const std::string name = hello.client_name() != nullptr ? hello.client_name()->str() : "?";
    if (const auto& secret = server_.secret()) {
        const auto* proof = hello.proof();
        if (proof == nullptr || !auth::proof_matches(*secret, nonce_, {proof->data(), proof->size()})) {
            BLOG(LogLevel::kWarning, "protocol/server", "%s: refused client '%s' from %s: wrong or missing secret",
                 server_.name().c_str(), name.c_str(), peer_.c_str());
            refuse(EACCES);
            ++server_.refused_;
            connection_.shutdown();  // the reader sees the end and closes the session quietly
            return nullptr;
        }
    }
    wire::Builder& b = control_builder();
    wire::encode_welcome(b, 0);
    if (!connection_.send(0, bytes_of(b))) return nullptr;
    welcomed_ = true;
    lends_fds_ = hello.short_circuit() && server_.lends_fds();
    BLOG(LogLevel::kInfo, "protocol/server", "%s: client '%s' connected from %s (client id %llu%s)",
         server_.name().c_str(), name.c_str(), peer_.c_str(), static_cast<unsigned long long>(id_),
         lends_fds_ ? ", short-circuit I/O" : "");
    return nullptr;
}

const char* ClientSession::on_call(const wire::fb::Call& call, transport::Frame&& frame) {
    if (call.fop() >= kFopCount) return "unknown fop";
    const std::size_t bulk_size = frame.header.bulk_size;
    return wire::visit_fop(static_cast<FopId>(call.fop()), [&]<FopId F>() -> const char* {
        wire::CallArgs<F> args;
        if (const char* bad = wire::decode_call<F>(call, bulk_size, args)) return bad;
        Request req = wire::request_from_wire(call);
        identity_.apply(req);
        req.client_id = id_;
        server_.fop_started();
        spawn(serve::serve_call<F>(shared_from_this(), std::move(frame), std::move(req), std::move(args)), [](Unit) {});
        return nullptr;
    });
}

}  // namespace booster
