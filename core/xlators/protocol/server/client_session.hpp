// ClientSession: one connected client of a brick: its socket, its frame reader, the handshake
// stage, and the fds it opened. The event thread feeds it frames (on_frame); it answers the
// handshake and pings there, and starts each fop (serve_call.hpp), which replies on the same
// connection, with the credentials its RequestIdentity allows. Owned by shared_ptr: the server's session map, the
// event loop's callback and every running fop each hold one, so a fop finishing after the
// client went away still finds its session (its reply is simply not sent).
// Thread-safety: on_frame/bulk_target on the event thread only; fds()/connection() anywhere.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/xlators/protocol/server/remote_fd_table.hpp"
#include "core/xlators/protocol/server/request_identity.hpp"
#include "core/xlators/protocol/transport/connection.hpp"
#include "core/xlators/protocol/transport/frame_reader.hpp"
#include "core/xlators/protocol/wire/message.hpp"

namespace booster {

class ProtocolServer;

class ClientSession final : public transport::FrameHandler, public std::enable_shared_from_this<ClientSession> {
public:
    ClientSession(ProtocolServer& server, std::uint64_t id, UniqueFd fd, std::string peer, RequestIdentity identity);

    std::uint64_t id() const { return id_; }
    const std::string& peer() const { return peer_; }
    transport::Connection& connection() { return connection_; }
    transport::FrameReader& reader() { return reader_; }
    RemoteFdTable& fds() { return fds_; }
    ProtocolServer& server() { return server_; }

    // The first frame of a connection: the nonce the client must answer.
    bool send_challenge();
    // Sends a handshake refusal (before closing).
    void refuse(int errnum);
    // The client asked for short-circuit I/O and this brick lends: open and create replies
    // pass the file's descriptor. Set by the Hello, before any fop of the session.
    bool lends_fds() const { return lends_fds_; }
    // True once, for whoever closes the session first.
    bool claim_close() { return !closed_.exchange(true); }

    const char* bulk_target(const wire::FrameHeader& header, std::span<const iovec>& target) override;
    const char* on_frame(transport::Frame frame) override;

private:
    const char* on_hello(const wire::fb::Hello& hello);
    const char* on_call(const wire::fb::Call& call, transport::Frame&& frame);

    ProtocolServer& server_;
    const std::uint64_t id_;
    const std::string peer_;
    const RequestIdentity identity_;
    transport::Connection connection_;
    transport::FrameReader reader_;
    RemoteFdTable fds_;
    std::vector<std::uint8_t> nonce_;
    bool welcomed_ = false;
    bool lends_fds_ = false;
    std::atomic<bool> closed_{false};
};

}  // namespace booster
