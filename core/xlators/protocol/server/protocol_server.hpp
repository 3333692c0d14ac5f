// protocol/server: the top of a brick graph; serves its child to protocol/client peers over a
// unix socket or TCP (see options.hpp; wire format in ../wire/booster_wire.fbs).
//
// init() opens the listener (the brick is reachable once init returns) and starts the event
// thread: it accepts (admitting only peers on the allow-lists), runs each connection's
// handshake (shared-secret challenge when auth-secret-file is set), reads and verifies frames,
// and answers pings. Fops run on the event thread, except those that may block for long
// (fsync, locks, bulk copies: serve_call.hpp), which go to a small worker pool; each runs with the Request of the wire (client_id = the connection's
// id) and Locs resolved by gfid (brick_resolver.hpp), never by a client path. A malformed
// frame closes that connection with one log line. A closed connection drops every fd it had
// opened (remote_fd_table.hpp), then the child's release_client(id) drops its locks.
// Who requests run as: request_identity.hpp (a non-root unix peer is pinned to its own uid,
// gid and groups; TCP peers are trusted once admitted; root-squash maps 0 to nobody).
// fini() closes the listener and every connection the same way, then waits for running fops.
// Thread-safety: fops are not called on this translator (it is the top); init/fini run alone.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/engine/worker_pool.hpp"
#include "core/engine/xlator.hpp"
#include "core/xlators/protocol/auth/address_allow_list.hpp"
#include "core/xlators/protocol/server/request_identity.hpp"
#include "core/xlators/protocol/transport/endpoint.hpp"
#include "core/xlators/protocol/transport/event_loop.hpp"

namespace booster {

class ClientSession;
class BrickResolver;

class ProtocolServer final : public Xlator {
public:
    ProtocolServer();
    ~ProtocolServer() override;

    Status init() override;
    void fini() override;
    std::string dump() const override;

    // The TCP port listened on (useful with listen-port 0); 0 for a unix socket.
    std::uint16_t listening_port() const { return port_; }
    std::size_t connections() const;

    // For ClientSession:
    const std::optional<std::string>& secret() const { return secret_; }
    std::size_t max_frame() const { return max_frame_; }
    // Option short-circuit: lend open files' descriptors to clients that ask.
    bool lends_fds() const { return lends_fds_; }
    WorkerPool& pool() { return *pool_; }
    BrickResolver& resolver() { return *resolver_; }
    // Ends a connection: stops reading it, drops its fds, releases its locks. Idempotent.
    void close_session(ClientSession& session);
    // Counts a fop from its arrival to its reply (fini waits for them).
    void fop_started() { running_fops_.fetch_add(1, std::memory_order_relaxed); }
    void fop_finished();
    // Counts a read answered through a pipe (spliced_read.hpp).
    void count_spliced_read() { spliced_reads_.fetch_add(1, std::memory_order_relaxed); }

private:
    Status parse_allow_lists();
    void on_acceptable();
    // Whether the peer on `fd` may connect; if so, the identity its requests run with.
    std::optional<RequestIdentity> admit(int fd, std::string& peer, std::string& why) const;
    void on_readable(const std::shared_ptr<ClientSession>& session);

    transport::Endpoint endpoint_;
    std::optional<auth::AddressAllowList> allowed_addresses_;
    std::vector<uid_t> allowed_uids_;
    std::optional<std::string> secret_;
    bool root_squash_ = false;
    bool lends_fds_ = false;
    std::size_t max_frame_ = 0;
    std::uint16_t port_ = 0;

    UniqueFd listener_;
    std::unique_ptr<BrickResolver> resolver_;
    std::unique_ptr<WorkerPool> pool_;
    transport::EventLoop loop_;
    mutable std::mutex mu_;
    std::unordered_map<std::uint64_t, std::shared_ptr<ClientSession>> sessions_;  // guarded by mu_
    std::atomic<std::uint64_t> next_client_id_{1};
    std::atomic<std::uint64_t> running_fops_{0};
    std::atomic<std::uint64_t> refused_{0};
    std::atomic<std::uint64_t> protocol_errors_{0};
    std::atomic<std::uint64_t> spliced_reads_{0};
    friend class ClientSession;
};

}  // namespace booster
