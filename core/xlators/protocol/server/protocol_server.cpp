#include "core/xlators/protocol/server/protocol_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <charconv>
#include <chrono>
#include <cstring>
#include <thread>

#include "core/engine/graph.hpp"
#include "core/engine/log.hpp"
#include "core/xlators/protocol/auth/secret_proof.hpp"
#include "core/xlators/protocol/server/brick_resolver.hpp"
#include "core/xlators/protocol/server/client_session.hpp"

namespace booster {

namespace {

// Enough workers that fops of several clients overlap their syscalls; blocking locks are
// parked by features/locks, not held on a worker.
constexpr std::size_t kFopWorkers = 4;
constexpr std::chrono::milliseconds kTick{1000};
constexpr std::chrono::seconds kFiniWait{30};

std::string address_text(const sockaddr_storage& ss) {
    char text[INET6_ADDRSTRLEN] = "?";
    if (ss.ss_family == AF_INET)
        ::inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in&>(ss).sin_addr, text, sizeof(text));
    else if (ss.ss_family == AF_INET6)
        ::inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6&>(ss).sin6_addr, text, sizeof(text));
    return text;
}

std::expected<std::vector<uid_t>, std::string> parse_uids(std::string_view text) {
    std::vector<uid_t> uids;
    while (!text.empty()) {
        const std::size_t comma = text.find(',');
        std::string_view entry = text.substr(0, comma);
        text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
        while (!entry.empty() && entry.front() == ' ') entry.remove_prefix(1);
        while (!entry.empty() && entry.back() == ' ') entry.remove_suffix(1);
        uid_t uid = 0;
        const auto [end, ec] = std::from_chars(entry.data(), entry.data() + entry.size(), uid);
        if (entry.empty() || ec != std::errc() || end != entry.data() + entry.size())
            return std::unexpected("'" + std::string(entry) + "' is not a uid");
        uids.push_back(uid);
    }
    return uids;
}

}  // namespace

ProtocolServer::ProtocolServer() = default;
ProtocolServer::~ProtocolServer() = default;

Status ProtocolServer::parse_allow_lists() {
    auto addresses = auth::AddressAllowList::parse(options().str("auth-allow"));
    if (!addresses) {
        BLOG(LogLevel::kError, "protocol/server", "%s: option auth-allow: %s", name().c_str(), addresses.error().c_str());
        return fail(EINVAL);
    }
    allowed_addresses_ = std::move(*addresses);
    if (options().has("auth-allow-uid")) {
        auto uids = parse_uids(options().str("auth-allow-uid"));
        if (!uids) {
            BLOG(LogLevel::kError, "protocol/server", "%s: option auth-allow-uid: %s", name().c_str(), uids.error().c_str());
            return fail(EINVAL);
        }
        allowed_uids_ = std::move(*uids);
    } else {
        allowed_uids_ = {0, ::geteuid()};
    }
    return ok();
}

Status ProtocolServer::init() {
    if (children().size() != 1) {
        BLOG(LogLevel::kError, "protocol/server", "%s: needs exactly one subvolume (the brick graph below it)", name().c_str());
        return fail(EINVAL);
    }
    if (graph() == nullptr || &graph()->top() != this) {
        BLOG(LogLevel::kError, "protocol/server", "%s: must be the top of its graph", name().c_str());
        return fail(EINVAL);
    }
    if (auto allow = parse_allow_lists(); !allow) return allow;
    if (options().has("auth-secret-file")) {
        auto secret = auth::read_secret_file(std::string(options().str("auth-secret-file")));
        if (!secret) {
            BLOG(LogLevel::kError, "protocol/server", "%s: option auth-secret-file: %s", name().c_str(), secret.error().c_str());
            return fail(EINVAL);
        }
        secret_ = std::move(*secret);
    }
    max_frame_ = options().size("max-message-size");
    root_squash_ = options().boolean("root-squash");
    lends_fds_ = options().boolean("short-circuit");
    if (lends_fds_ && options().str("transport") != "unix") {
        BLOG(LogLevel::kError, "protocol/server", "%s: option short-circuit needs transport unix (descriptors "
             "travel only over unix sockets)", name().c_str());
        return fail(EINVAL);
    }
    if (options().str("transport") == "unix") {
        if (!options().has("listen-path")) {
            BLOG(LogLevel::kError, "protocol/server", "%s: transport unix needs option listen-path", name().c_str());
            return fail(EINVAL);
        }
        endpoint_ = {transport::Endpoint::Kind::kUnix, std::string(options().str("listen-path")), {}, 0};
    } else {
        endpoint_ = {transport::Endpoint::Kind::kTcp, {}, std::string(options().str("bind-address")),
                     static_cast<std::uint16_t>(options().integer("listen-port"))};
    }
    auto listener = transport::listen_on(endpoint_);
    if (!listener) return std::unexpected(listener.error());
    listener_ = std::move(*listener);
    if (endpoint_.kind == transport::Endpoint::Kind::kTcp) {
        auto port = transport::bound_port(listener_.get());
        if (!port) return std::unexpected(port.error());
        port_ = *port;
    }
    resolver_ = std::make_unique<BrickResolver>(first_child(), graph()->itable());
    pool_ = std::make_unique<WorkerPool>(kFopWorkers);
    const std::chrono::microseconds busy_poll(options().integer("busy-poll-usec"));
    if (auto started = loop_.start("brick-events", kTick, {}, busy_poll); !started) return started;
    if (auto watched = loop_.watch(listener_.get(), [this] { on_acceptable(); }); !watched) return watched;
    BLOG(LogLevel::kInfo, "protocol/server", "%s: listening on %s", name().c_str(),
         endpoint_.kind == transport::Endpoint::Kind::kTcp
             ? ("tcp:" + endpoint_.host + ":" + std::to_string(port_)).c_str()
             : endpoint_.describe().c_str());
    return ok();
}

void ProtocolServer::fini() {
    loop_.stop();
    listener_ = UniqueFd();
    if (endpoint_.kind == transport::Endpoint::Kind::kUnix && !endpoint_.path.empty())
        (void)::unlink(endpoint_.path.c_str());
    std::vector<std::shared_ptr<ClientSession>> open;
    {
        std::lock_guard lock(mu_);
        for (auto& [id, s] : sessions_) open.push_back(s);
    }
    for (auto& s : open) close_session(*s);
    const auto deadline = std::chrono::steady_clock::now() + kFiniWait;
    while (running_fops_.load(std::memory_order_acquire) != 0 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    if (pool_) pool_->stop();
}

void ProtocolServer::fop_finished() { running_fops_.fetch_sub(1, std::memory_order_acq_rel); }

std::optional<RequestIdentity> ProtocolServer::admit(int fd, std::string& peer, std::string& why) const {
    if (endpoint_.kind == transport::Endpoint::Kind::kUnix) {
        auto cred = transport::peer_credentials(fd);
        peer = cred ? "uid " + std::to_string(cred->uid) : "unknown uid";
        if (cred && std::find(allowed_uids_.begin(), allowed_uids_.end(), cred->uid) != allowed_uids_.end())
            return RequestIdentity::of_unix_peer(*cred, root_squash_);
        why = "uid not in auth-allow-uid";
        return std::nullopt;
    }
    sockaddr_storage ss{};
    socklen_t len = sizeof(ss);
    if (::getpeername(fd, reinterpret_cast<sockaddr*>(&ss), &len) != 0) {
        why = "no peer address";
        return std::nullopt;
    }
    peer = address_text(ss);
    if (allowed_addresses_->admits(ss)) return RequestIdentity::as_claimed(root_squash_);
    why = "address not in auth-allow";
    return std::nullopt;
}

void ProtocolServer::on_acceptable() {
    for (;;) {
        auto fd = transport::accept_from(listener_.get());
        if (!fd) return;  // EAGAIN: all accepted (other errors: the peer already went)
        std::string peer;
        std::string why;
        auto identity = admit(fd->get(), peer, why);
        auto session = std::make_shared<ClientSession>(*this, next_client_id_++, std::move(*fd), peer,
                                                       identity.value_or(RequestIdentity::as_claimed(true)));
        if (!identity) {
            ++refused_;
            BLOG(LogLevel::kWarning, "protocol/server", "%s: refused connection from %s: %s", name().c_str(),
                 peer.c_str(), why.c_str());
            session->refuse(EACCES);
            continue;
        }
        if (!session->send_challenge()) continue;
        {
            std::lock_guard lock(mu_);
            sessions_.emplace(session->id(), session);
        }
        if (!loop_.watch(session->connection().fd(), [this, session] { on_readable(session); })) close_session(*session);
    }
}

void ProtocolServer::on_readable(const std::shared_ptr<ClientSession>& session) {
    using Outcome = transport::FrameReader::Outcome;
    Outcome outcome = Outcome::kOpen;
    {
        // The replies of the fops run here leave together once the frames at hand are handled.
        transport::HeldSends replies(session->connection());
        outcome = session->reader().read_from(session->connection().fd(), *session);
    }
    if (outcome == Outcome::kOpen) return;
    if (outcome == Outcome::kProtocolError) {
        ++protocol_errors_;
        BLOG(LogLevel::kError, "protocol/server", "%s: protocol error from %s (client id %llu): %s; connection closed",
             name().c_str(), session->peer().c_str(), static_cast<unsigned long long>(session->id()),
             session->reader().error());
    }
    close_session(*session);
}

void ProtocolServer::close_session(ClientSession& session) {
    if (!session.claim_close()) return;
    std::shared_ptr<ClientSession> keep = session.shared_from_this();
    loop_.unwatch(session.connection().fd());
    session.connection().shutdown();
    {
        std::lock_guard lock(mu_);
        sessions_.erase(session.id());
    }
    const std::size_t fds = session.fds().size();
    session.fds().clear();
    first_child().release_client(session.id());
    BLOG(LogLevel::kInfo, "protocol/server", "%s: client id %llu (%s) gone: released %zu fds and its locks",
         name().c_str(), static_cast<unsigned long long>(session.id()), session.peer().c_str(), fds);
}

std::size_t ProtocolServer::connections() const {
    std::lock_guard lock(mu_);
    return sessions_.size();
}

std::string ProtocolServer::dump() const {
    return "connections=" + std::to_string(connections()) + " refused=" + std::to_string(refused_.load()) +
           " protocol_errors=" + std::to_string(protocol_errors_.load()) +
           " spliced_reads=" + std::to_string(spliced_reads_.load());
}

}  // namespace booster
