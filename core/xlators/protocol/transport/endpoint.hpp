// Endpoint: where a brick listens or a client connects (a unix socket path, or a TCP host and
// port), and the socket calls on it. Sockets are made non-blocking and close-on-exec; TCP
// sockets get TCP_NODELAY (a fop is one small frame: Nagle would hold it back).
// Functions; callable from any thread; they block at most for the timeout given.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "core/engine/result.hpp"
#include "core/xlators/storage/posix/unique_fd.hpp"

namespace booster::transport {

struct Endpoint {
    enum class Kind { kUnix, kTcp };
    Kind kind = Kind::kUnix;
    std::string path;  // kUnix
    std::string host;  // kTcp: a name or address to connect to, or to bind
    std::uint16_t port = 0;

    std::string describe() const;  // "unix:/run/b.sock", "tcp:127.0.0.1:24007"
};

// A listening socket. A unix socket file left by a dead brick is replaced; one a live brick
// listens on is EADDRINUSE. Errors are logged naming the endpoint.
Result<UniqueFd> listen_on(const Endpoint& at);
// The port a TCP listener was bound to (listen-port 0 picks a free one).
Result<std::uint16_t> bound_port(int listener);
// A connected, non-blocking socket, numbered high (high_descriptor.hpp), or the connect error
// (ETIMEDOUT after `timeout`).
Result<UniqueFd> connect_to(const Endpoint& to, std::chrono::milliseconds timeout);
// accept4 on a listener: non-blocking, close-on-exec, TCP_NODELAY for TCP.
Result<UniqueFd> accept_from(int listener);

// Who the peer of a unix socket connection is, as the kernel recorded it when it connected:
// uid and gid (SO_PEERCRED) and supplementary groups (SO_PEERGROUPS, Linux 4.13). The peer
// cannot forge them, unlike what it writes on the wire.
struct PeerCredentials {
    uid_t uid = 0;
    gid_t gid = 0;
    std::vector<gid_t> groups;
};
Result<PeerCredentials> peer_credentials(int fd);

}  // namespace booster::transport
