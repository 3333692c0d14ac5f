#include "core/xlators/protocol/client/protocol_client.hpp"

#include <fcntl.h>
#include <sys/uio.h>
#include <unistd.h>

#include <tuple>

#include "core/engine/log.hpp"
#include "core/engine/when_all.hpp"
#include "core/xlators/protocol/auth/secret_proof.hpp"

namespace booster {

namespace {

// Chunks of one split readv or writev in flight together: enough to keep the link busy,
// few enough that a huge call does not queue hundreds of frames on the brick.
constexpr std::size_t kChunksInFlight = 4;

// Cuts `io` into consecutive pieces of at most `limit` bytes (iovecs split where needed).
std::vector<std::vector<iovec>> cut(IoVecs io, std::size_t limit) {
    std::vector<std::vector<iovec>> pieces(1);
    std::size_t room = limit;
    for (iovec v : io) {
        while (v.iov_len > 0) {
            if (room == 0) {
                pieces.emplace_back();
                room = limit;
            }
            const std::size_t take = std::min(room, v.iov_len);
            pieces.back().push_back({v.iov_base, take});
            v.iov_base = static_cast<char*>(v.iov_base) + take;
            v.iov_len -= take;
            room -= take;
        }
    }
    return pieces;
}

// Turns a fop's arguments into their wire form; the first failure is kept in `error`.
struct WireMapping {
    const Xlator& self;
    const Link& link;
    FopId fop;
    int error = 0;
    std::span<const iovec> bulk;
    std::span<const iovec> dst;

    template <class T>
    T map(const T& v) {
        return v;
    }

    wire::WireLoc map(const Loc& loc) {
        wire::WireLoc w;
        w.gfid = !loc.gfid.is_null() ? loc.gfid : loc.inode ? loc.inode->gfid() : Gfid{};
        w.pargfid = loc.parent_gfid();
        if (!w.pargfid.is_null()) w.name = loc.name;
        // A Loc the brick could not resolve without a path is refused here, not sent.
        if (w.name.empty() && w.gfid.is_null()) error = error != 0 ? error : ESTALE;
        return w;
    }

    wire::RemoteFd map(Fd& fd) {
        if (wire::opens_fd(fop)) return {};
        if (fd.anonymous()) return anonymous(fd);
        auto* ctx = self.ctx<RemoteFdCtx>(fd);
        if (ctx == nullptr) return fail_with(EBADF);
        RemoteFdState& s = *ctx->state;
        if (s.lost) {
            if (!s.lost_reported.exchange(true))
                BLOG(LogLevel::kWarning, "protocol/client",
                     "%s: fd of %s held a lock when the brick went away: the lock is lost; its fops fail with "
                     "EBADFD until it is closed",
                     self.name().c_str(), s.gfid.str().c_str());
            return fail_with(EBADFD);
        }
        if (s.generation != link.generation) return fail_with(ENOTCONN);
        return {s.id};
    }

    // The caller asked for no open (Fd::anonymous): the brick acts on the object by gfid.
    wire::RemoteFd anonymous(const Fd& fd) {
        const Gfid gfid = fd.inode().gfid();
        if (gfid.is_null()) return fail_with(ESTALE);
        return {0, gfid};
    }

    // forward sends no iovec array larger than max_io<F>(): larger ones go in_chunks.
    wire::WireIo map(const IoVecs& io) {
        (fop == FopId::readv ? dst : bulk) = io;
        return {total_size(io)};
    }

    wire::RemoteFd fail_with(int errnum) {
        error = error != 0 ? error : errnum;
        return {};
    }
};

}  // namespace

Status ProtocolClient::init() {
    Channel::Settings s;
    if (options().str("transport") == "unix") {
        if (!options().has("remote-path")) {
            BLOG(LogLevel::kError, "protocol/client", "%s: transport unix needs option remote-path", name().c_str());
            return fail(EINVAL);
        }
        s.endpoint = {transport::Endpoint::Kind::kUnix, std::string(options().str("remote-path")), {}, 0};
    } else {
        s.endpoint = {transport::Endpoint::Kind::kTcp, {}, std::string(options().str("remote-host")),
                      static_cast<std::uint16_t>(options().integer("remote-port"))};
    }
    if (options().has("secret-file")) {
        auto secret = auth::read_secret_file(std::string(options().str("secret-file")));
        if (!secret) {
            BLOG(LogLevel::kError, "protocol/client", "%s: option secret-file: %s", name().c_str(), secret.error().c_str());
            return fail(EINVAL);
        }
        s.secret = std::move(*secret);
    }
    s.ping_timeout = options().time("ping-timeout");
    s.max_frame = options().size("max-message-size");
    s.short_circuit = options().boolean("short-circuit");
    if (s.short_circuit && s.endpoint.kind != transport::Endpoint::Kind::kUnix) {
        BLOG(LogLevel::kError, "protocol/client", "%s: option short-circuit needs transport unix (descriptors travel "
             "only over unix sockets)", name().c_str());
        return fail(EINVAL);
    }
    max_write_ = s.max_frame - wire::kWritevMessageRoom;
    // With the default frame, a 1 MiB read plus the byte io-cache's read-once stream adds to
    // find the end of the file is one frame.
    max_read_ = s.max_frame - wire::kReadvReplyRoom;
    char host[256] = "?";
    (void)::gethostname(host, sizeof(host) - 1);
    s.client_name = std::string(host) + ":" + std::to_string(::getpid()) + ":" + name();
    channel_ = std::make_shared<Channel>(std::move(s), *this,
                                         [this](Link& link, RemoteFdState& fd) { return reopen(link, fd); });
    return channel_->start();
}

void ProtocolClient::fini() {
    if (channel_) channel_->stop();
}

void ProtocolClient::notify(Event event, Xlator* from) {
    if (event == Event::kParentUp) {
        channel_->parent_up();
        return;
    }
    Xlator::notify(event, from);
}

std::string ProtocolClient::dump() const {
    std::string out = "remote=" + channel_->settings().endpoint.describe();
    if (!channel_->settings().short_circuit) return out;
    auto v = [](const std::atomic<std::uint64_t>& a) { return std::to_string(a.load(std::memory_order_relaxed)); };
    return out + " lent-fds=" + v(lent_fds_) + " local-reads=" + v(local_reads_) + " local-writes=" + v(local_writes_) +
           " local-syncs=" + v(local_syncs_);
}

Result<std::uint64_t> ProtocolClient::reopen(Link& link, RemoteFdState& fd) {
    const Request req;
    const wire::WireLoc loc{fd.gfid, {}, {}};
    Result<Answer<Unit>> opened = fd.is_dir
        ? sync_wait(roundtrip<FopId::opendir>(link, req, {loc, wire::RemoteFd{}}))
        : sync_wait(roundtrip<FopId::open>(link, req, {loc, fd.flags & ~(O_CREAT | O_EXCL | O_TRUNC), wire::RemoteFd{}}));
    if (!opened) return std::unexpected(opened.error());
    // The new brick lends its own descriptor of the file: short-circuit I/O resumes on it.
    if (opened->lent) {
        fd.lend(std::move(opened->lent), link.generation);
        lent_fds_.fetch_add(1, std::memory_order_relaxed);
    }
    return opened->fd;
}

int ProtocolClient::lent_descriptor(Fd& fd) const {
    if (!channel_->settings().short_circuit || fd.anonymous()) return -1;
    const auto* c = ctx<RemoteFdCtx>(fd);
    if (c == nullptr) return -1;
    const std::optional<RemoteFdState::Lent> lent = c->state->lent();
    return lent && channel_->up_at(lent->generation) ? lent->fd : -1;
}

template <FopId F>
Result<std::size_t> ProtocolClient::short_circuit(int lent, IoVecs io, off_t offset, unsigned flags) {
    const int count = static_cast<int>(io.size());
    ssize_t n = 0;
    if constexpr (F == FopId::readv) {
        n = ::preadv2(lent, io.data(), count, offset, static_cast<int>(flags));
        local_reads_.fetch_add(1, std::memory_order_relaxed);
    } else {
        n = ::pwritev2(lent, io.data(), count, offset, static_cast<int>(flags));
        local_writes_.fetch_add(1, std::memory_order_relaxed);
    }
    if (n < 0) return fail_errno();
    return static_cast<std::size_t>(n);
}

Result<Unit> ProtocolClient::synced_locally(int lent, bool datasync) {
    local_syncs_.fetch_add(1, std::memory_order_relaxed);
    if ((datasync ? ::fdatasync(lent) : ::fsync(lent)) != 0) return fail_errno();
    return Unit{};
}

template <FopId F, class... A>
Task<Result<typename wire::FopTraits<F>::Reply>> ProtocolClient::forward(const Request& req, A&... args) {
    if constexpr (F == FopId::readv || F == FopId::writev) {
        auto [fd, io, offset, flags] = std::forward_as_tuple(args...);
        if (const int lent = lent_descriptor(fd); lent >= 0) co_return short_circuit<F>(lent, io, offset, flags);
        if (total_size(io) > max_io<F>()) co_return co_await in_chunks<F>(req, args...);
    }
    if constexpr (F == FopId::fsync) {
        auto [fd, datasync] = std::forward_as_tuple(args...);
        if (const int lent = lent_descriptor(fd); lent >= 0) co_return synced_locally(lent, datasync);
    }
    std::shared_ptr<Link> link = channel_->usable_link();
    if (!link) co_return fail(ENOTCONN);
    WireMapping m{*this, *link, F};
    const wire::CallArgs<F> wire_args{m.map(args)...};
    if (m.error != 0) co_return fail(m.error);
    auto answer = co_await send_call<F>(*link, req, wire_args, m.bulk, m.dst);
    if (!answer) co_return std::unexpected(answer.error());
    after<F>(*link, *answer, args...);
    co_return std::move(answer->value);
}

template <FopId F>
Task<Result<std::size_t>> ProtocolClient::in_chunks(const Request& req, Fd& fd, IoVecs io, off_t offset,
                                                    unsigned flags) {
    const std::vector<std::vector<iovec>> pieces = cut(io, max_io<F>());
    const bool one_at_a_time = F == FopId::writev && (flags & RWF_APPEND) != 0;
    const std::size_t window = one_at_a_time ? 1 : kChunksInFlight;
    std::vector<IoVecs> spans(pieces.begin(), pieces.end());
    std::vector<off_t> offsets;
    off_t at = offset;
    for (IoVecs piece : spans) {
        offsets.push_back(at);
        at += static_cast<off_t>(total_size(piece));
    }
    std::size_t done = 0;
    for (std::size_t first = 0; first < spans.size(); first += window) {
        std::vector<Task<Result<std::size_t>>> batch;
        for (std::size_t i = first; i < std::min(first + window, spans.size()); ++i)
            batch.push_back(forward<F>(req, fd, spans[i], offsets[i], flags));
        std::vector<Result<std::size_t>> results = co_await when_all(std::move(batch));
        for (std::size_t i = 0; i < results.size(); ++i) {
            if (!results[i]) co_return done > 0 ? Result<std::size_t>(done) : std::unexpected(results[i].error());
            done += *results[i];
            if (*results[i] < total_size(spans[first + i])) co_return done;
        }
    }
    co_return done;
}

// What the client learns from a successful reply: a new remote fd, a lock taken or dropped.
template <FopId F, class... A>
void ProtocolClient::after(Link& link, Answer<typename wire::FopTraits<F>::Reply>& answer, A&... args) {
    auto arg = std::forward_as_tuple(args...);
    if constexpr (wire::opens_fd(F)) {
        Fd& fd = std::get<sizeof...(A) - 1>(arg);
        const Loc& loc = std::get<0>(arg);
        Gfid gfid;
        int flags = O_RDONLY | O_DIRECTORY;
        if constexpr (F == FopId::create) gfid = answer.value.attr.gfid;
        else gfid = !loc.gfid.is_null() ? loc.gfid : loc.inode->gfid();
        if constexpr (F != FopId::opendir) flags = std::get<1>(arg);
        auto state = std::make_shared<RemoteFdState>(gfid, flags, F == FopId::opendir);
        state->id = answer.fd;
        state->generation = link.generation;
        if (answer.lent) {
            state->lend(std::move(answer.lent), link.generation);
            lent_fds_.fetch_add(1, std::memory_order_relaxed);
        }
        channel_->track(state);
        (void)fd.ctx().set_if_empty(slot(), std::make_unique<RemoteFdCtx>(state, channel_));
    }
    if constexpr (F == FopId::lk) {
        if (std::get<1>(arg) != LockCmd::kGetLk) ctx<RemoteFdCtx>(std::get<0>(arg))->state->lock_changed({}, std::get<2>(arg));
    }
    if constexpr (F == FopId::finodelk) {
        if (std::get<2>(arg) != LockCmd::kGetLk)
            ctx<RemoteFdCtx>(std::get<1>(arg))->state->lock_changed(std::get<0>(arg), std::get<3>(arg));
    }
}

#define BOOSTER_CLIENT_FOP(name, R, params, args) \
    Task<Result<R>> ProtocolClient::name params { co_return co_await forward<FopId::name> args; }
BOOSTER_FOPS(BOOSTER_CLIENT_FOP)
#undef BOOSTER_CLIENT_FOP

}  // namespace booster
