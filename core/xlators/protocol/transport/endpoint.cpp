#include "core/xlators/protocol/transport/endpoint.hpp"

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <cstring>
#include <memory>

#include "core/engine/log.hpp"
#include "core/xlators/storage/posix/high_descriptor.hpp"

namespace booster::transport {

namespace {

constexpr int kBacklog = 128;
// Room for a default-sized frame (max-message-size 1088 KiB) with some to spare.
constexpr int kUnixSendBuffer = 2 << 20;

Result<sockaddr_un> unix_address(const std::string& path) {
    sockaddr_un sun{};
    sun.sun_family = AF_UNIX;
    if (path.empty() || path.size() >= sizeof(sun.sun_path)) return fail(ENAMETOOLONG);
    std::memcpy(sun.sun_path, path.c_str(), path.size() + 1);
    return sun;
}

void set_nodelay(int fd) {
    const int one = 1;
    (void)::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
}

// A unix stream socket queues what its peer has not read yet against the sender's SO_SNDBUF
// (212 KiB by default): a 1 MiB readv reply or writev call would stall the sender four times,
// each stall a poll and a wake-up on both sides. Room for a whole frame lets one sendmsg and
// one read move it. SO_SNDBUFFORCE (root) passes net.core.wmem_max, which SO_SNDBUF is capped
// by; failing both leaves the default (slower, correct).
void size_unix_send_buffer(int fd) {
    const int bytes = kUnixSendBuffer;
    if (::setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &bytes, sizeof(bytes)) != 0)
        (void)::setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &bytes, sizeof(bytes));
}

struct AddrInfoFree {
    void operator()(addrinfo* ai) const { ::freeaddrinfo(ai); }
};
using AddrInfo = std::unique_ptr<addrinfo, AddrInfoFree>;

Result<AddrInfo> resolve(const Endpoint& at, bool passive) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = passive ? AI_PASSIVE : 0;
    addrinfo* found = nullptr;
    const std::string port = std::to_string(at.port);
    const int rc = ::getaddrinfo(at.host.empty() ? nullptr : at.host.c_str(), port.c_str(), &hints, &found);
    if (rc != 0) {
        BLOG(LogLevel::kError, "transport", "%s: cannot resolve: %s", at.describe().c_str(), ::gai_strerror(rc));
        return fail(EHOSTUNREACH);
    }
    return AddrInfo(found);
}

// A live listener answers a connect; a stale socket file refuses it.
bool someone_listens(const sockaddr_un& sun) {
    UniqueFd probe(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    return probe && ::connect(probe.get(), reinterpret_cast<const sockaddr*>(&sun), sizeof(sun)) == 0;
}

Result<UniqueFd> listen_unix(const Endpoint& at) {
    auto sun = unix_address(at.path);
    if (!sun) return std::unexpected(sun.error());
    struct stat st {};
    if (::lstat(at.path.c_str(), &st) == 0 && S_ISSOCK(st.st_mode)) {
        if (someone_listens(*sun)) return fail(EADDRINUSE);
        (void)::unlink(at.path.c_str());
    }
    UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    if (!fd) return fail_errno();
    if (::bind(fd.get(), reinterpret_cast<const sockaddr*>(&*sun), sizeof(*sun)) != 0) return fail_errno();
    if (::listen(fd.get(), kBacklog) != 0) return fail_errno();
    return fd;
}

Result<UniqueFd> listen_tcp(const Endpoint& at) {
    auto ai = resolve(at, true);
    if (!ai) return std::unexpected(ai.error());
    int error = EADDRNOTAVAIL;
    for (addrinfo* a = ai->get(); a != nullptr; a = a->ai_next) {
        UniqueFd fd(::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol));
        if (!fd) continue;
        const int one = 1;
        (void)::setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
        if (::bind(fd.get(), a->ai_addr, a->ai_addrlen) == 0 && ::listen(fd.get(), kBacklog) == 0) return fd;
        error = errno;
    }
    return fail(error);
}

Status wait_connected(int fd, std::chrono::milliseconds timeout) {
    pollfd p{fd, POLLOUT, 0};
    const int n = ::poll(&p, 1, static_cast<int>(timeout.count()));
    if (n == 0) return fail(ETIMEDOUT);
    if (n < 0) return fail_errno();
    int error = 0;
    socklen_t len = sizeof(error);
    if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &len) != 0) return fail_errno();
    return error == 0 ? ok() : fail(error);
}

Result<UniqueFd> connect_socket(int family, const sockaddr* addr, socklen_t len, std::chrono::milliseconds timeout) {
    // High before the connect, which may wait: a socket at a low number could meanwhile be
    // closed by a program closing numbers it never had (engine_descriptors.hpp).
    UniqueFd fd = born_high([family] { return ::socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0); });
    if (!fd) return fail_errno();
    if (family != AF_UNIX)
        set_nodelay(fd.get());
    else
        size_unix_send_buffer(fd.get());
    if (::connect(fd.get(), addr, len) != 0) {
        if (errno != EINPROGRESS && errno != EAGAIN) return fail_errno();
        if (auto done = wait_connected(fd.get(), timeout); !done) return std::unexpected(done.error());
    }
    return fd;
}

}  // namespace

std::string Endpoint::describe() const {
    if (kind == Kind::kUnix) return "unix:" + path;
    return "tcp:" + host + ":" + std::to_string(port);
}

Result<UniqueFd> listen_on(const Endpoint& at) {
    auto fd = at.kind == Endpoint::Kind::kUnix ? listen_unix(at) : listen_tcp(at);
    if (!fd)
        BLOG(LogLevel::kError, "transport", "cannot listen on %s: %s", at.describe().c_str(),
             std::strerror(fd.error().errnum));
    return fd;
}

Result<std::uint16_t> bound_port(int listener) {
    sockaddr_storage ss{};
    socklen_t len = sizeof(ss);
    if (::getsockname(listener, reinterpret_cast<sockaddr*>(&ss), &len) != 0) return fail_errno();
    if (ss.ss_family == AF_INET) return ntohs(reinterpret_cast<sockaddr_in*>(&ss)->sin_port);
    if (ss.ss_family == AF_INET6) return ntohs(reinterpret_cast<sockaddr_in6*>(&ss)->sin6_port);
    return fail(EAFNOSUPPORT);
}

Result<UniqueFd> connect_to(const Endpoint& to, std::chrono::milliseconds timeout) {
    if (to.kind == Endpoint::Kind::kUnix) {
        auto sun = unix_address(to.path);
        if (!sun) return std::unexpected(sun.error());
        return connect_socket(AF_UNIX, reinterpret_cast<const sockaddr*>(&*sun), sizeof(*sun), timeout);
    }
    auto ai = resolve(to, false);
    if (!ai) return std::unexpected(ai.error());
    Result<UniqueFd> last = fail(EHOSTUNREACH);
    for (addrinfo* a = ai->get(); a != nullptr; a = a->ai_next) {
        last = connect_socket(a->ai_family, a->ai_addr, a->ai_addrlen, timeout);
        if (last) return last;
    }
    return last;
}

Result<UniqueFd> accept_from(int listener) {
    UniqueFd fd(::accept4(listener, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC));
    if (!fd) return fail_errno();
    sockaddr_storage ss{};
    socklen_t len = sizeof(ss);
    if (::getsockname(fd.get(), reinterpret_cast<sockaddr*>(&ss), &len) != 0) return fd;
    if (ss.ss_family == AF_UNIX)
        size_unix_send_buffer(fd.get());
    else
        set_nodelay(fd.get());
    return fd;
}

Result<PeerCredentials> peer_credentials(int fd) {
    ucred cred{};
    socklen_t len = sizeof(cred);
    if (::getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0) return fail_errno();
    PeerCredentials peer{cred.uid, cred.gid, {}};
    // ERANGE answers with the size needed; the groups cannot change after connect().
    socklen_t bytes = 0;
    if (::getsockopt(fd, SOL_SOCKET, SO_PEERGROUPS, nullptr, &bytes) != 0 && errno != ERANGE) return fail_errno();
    peer.groups.resize(bytes / sizeof(gid_t));
    if (bytes != 0 && ::getsockopt(fd, SOL_SOCKET, SO_PEERGROUPS, peer.groups.data(), &bytes) != 0) return fail_errno();
    peer.groups.resize(bytes / sizeof(gid_t));
    return peer;
}

}  // namespace booster::transport
