#include "core/xlators/performance/open-behind/open_behind.hpp"

#include <fcntl.h>

#include "core/engine/graph.hpp"
#include "core/engine/when_all.hpp"

namespace booster {

namespace {

// On an inode's open-behind slot: some fd of the file has had a POSIX lock request through
// this graph, so a close may have locks to drop at the brick. Never cleared while the inode
// lives (a stale mark costs a flush, a missing one a lock left behind); the fd that holds a
// lock keeps the inode alive.
struct HadPosixLocks : Ctx {};

constexpr int kEffectfulOpenFlags = O_TRUNC | O_CREAT | O_EXCL;
// Open flags that change what a write does below: an anonymous write would lose them.
constexpr int kOpenFlagsOfWrites = O_SYNC | O_DSYNC | O_DIRECT;

// How a child without anonymous reads answers one: an older brick knows no remote fd 0
// (EBADF); EINVAL for a translator that rejects the form outright.
bool refuses_anonymous(int errnum) { return errnum == EBADF || errnum == EINVAL; }

}  // namespace

Status OpenBehind::init() {
    use_anonymous_fd_ = options().boolean("use-anonymous-fd");
    return ok();
}

std::string OpenBehind::dump() const {
    return "deferred=" + std::to_string(deferred_.load(std::memory_order_relaxed)) +
           " sent=" + std::to_string(sent_.load(std::memory_order_relaxed)) +
           " anonymous-reads=" + std::to_string(anonymous_reads_.load(std::memory_order_relaxed)) +
           " anonymous-writes=" + std::to_string(anonymous_writes_.load(std::memory_order_relaxed)) + "\n";
}

Task<Result<Unit>> OpenBehind::open(const Request& req, const Loc& loc, int flags, Fd& fd) {
    if ((flags & kEffectfulOpenFlags) != 0) return first_child().open(req, loc, flags, fd);
    (void)ctx_or_create<DeferredOpen>(fd, req, loc, flags);
    deferred_.fetch_add(1, std::memory_order_relaxed);
    return ready<Result<Unit>>(Unit{});
}

Task<Status> OpenBehind::send_open(Fd& fd, DeferredOpen& d) {
    sent_.fetch_add(1, std::memory_order_relaxed);
    auto opened = co_await first_child().open(d.req, d.loc, d.flags, fd);
    d.settle(opened ? ok() : Status(std::unexpected(opened.error())));
    co_return d.outcome();
}

Task<Status> OpenBehind::open_below(Fd& fd) {
    DeferredOpen* d = ctx<DeferredOpen>(fd);
    if (d == nullptr) co_return ok();
    if (d->claim()) co_return co_await send_open(fd, *d);
    co_await d->settled();
    co_return d->outcome();
}

template <class R, class Fop>
Task<Result<R>> OpenBehind::after_open(Fd& fd, Fop fop) {
    if (Status opened = co_await open_below(fd); !opened) co_return std::unexpected(opened.error());
    co_return co_await fop();
}

template <class R, class Fop>
Task<Result<R>> OpenBehind::when_open(Fd& fd, Fop fop) {
    const DeferredOpen* d = ctx<DeferredOpen>(fd);
    if (d == nullptr || d->opened()) return fop();
    return after_open<R>(fd, std::move(fop));
}

Task<Result<Iatt>> OpenBehind::fstat(const Request& req, Fd& fd) {
    DeferredOpen* d = ctx<DeferredOpen>(fd);
    if (d != nullptr && d->deferred()) return first_child().stat(req, d->loc);
    return when_open<Iatt>(fd, [this, &req, &fd] { return first_child().fstat(req, fd); });
}

Task<Result<Unit>> OpenBehind::flush(const Request& req, Fd& fd) {
    if (ctx<HadPosixLocks>(fd.inode()) == nullptr) return ready<Result<Unit>>(Unit{});
    return when_open<Unit>(fd, [this, &req, &fd] { return first_child().flush(req, fd); });
}

Task<Result<Flock>> OpenBehind::lk(const Request& req, Fd& fd, LockCmd cmd, const Flock& lock) {
    if (cmd != LockCmd::kGetLk) (void)ctx_or_create<HadPosixLocks>(fd.inode());
    return when_open<Flock>(fd, [this, &req, &fd, cmd, &lock] { return first_child().lk(req, fd, cmd, lock); });
}

bool OpenBehind::goes_anonymously(DeferredOpen& d, bool write) const {
    if (!use_anonymous_fd_ || !d.deferred() || anonymous_fds_.load(std::memory_order_relaxed) == AnonymousFds::kRefused)
        return false;
    const int access = d.flags & O_ACCMODE;
    if (write ? access != O_WRONLY || (d.flags & kOpenFlagsOfWrites) != 0 : access != O_RDONLY) return false;
    return d.claim_anonymous_fop();
}

bool OpenBehind::reads_while_opening(DeferredOpen& d, bool write) const {
    if (write || !use_anonymous_fd_ || anonymous_fds_.load(std::memory_order_relaxed) == AnonymousFds::kRefused)
        return false;
    return (d.flags & O_ACCMODE) != O_WRONLY && d.claim();
}

template <class Fop>
Task<Result<std::size_t>> OpenBehind::data_fop(const Request& req, Fd& fd, Fop fop, bool write) {
    DeferredOpen* d = ctx<DeferredOpen>(fd);
    if (d == nullptr || d->opened()) return fop(req, fd);
    if (goes_anonymously(*d, write)) {
        (write ? anonymous_writes_ : anonymous_reads_).fetch_add(1, std::memory_order_relaxed);
        return anonymously(req, fd, *d, std::move(fop));
    }
    if (reads_while_opening(*d, write)) return read_while_opening(req, fd, *d, std::move(fop));
    return after_open<std::size_t>(fd, [fop, &req, &fd] { return fop(req, fd); });
}

void OpenBehind::note_anonymous_answer(const Result<std::size_t>& n) {
    AnonymousFds untried = AnonymousFds::kUntried;
    if (n) {
        if (anonymous_fds_.load(std::memory_order_relaxed) == untried)
            anonymous_fds_.compare_exchange_strong(untried, AnonymousFds::kServed, std::memory_order_relaxed);
    } else if (refuses_anonymous(n.error().errnum)) {
        anonymous_fds_.compare_exchange_strong(untried, AnonymousFds::kRefused, std::memory_order_relaxed);
    }
}

template <class Fop>
Task<Result<std::size_t>> OpenBehind::anonymously(const Request& req, Fd& fd, const DeferredOpen& d, Fop fop) {
    const FdRef anonymous = Fd::anonymous(fd.inode_ref(), d.flags, d.req.pid, graph()->slots());
    Result<std::size_t> n = co_await fop(d.req, *anonymous);
    note_anonymous_answer(n);
    if (n || (!refuses_anonymous(n.error().errnum) && n.error().errnum != EACCES)) co_return n;
    co_return co_await when_open<std::size_t>(fd, [&] { return fop(req, fd); });
}

template <class Fop>
Task<Result<std::size_t>> OpenBehind::read_while_opening(const Request& req, Fd& fd, DeferredOpen& d, Fop fop) {
    anonymous_reads_.fetch_add(1, std::memory_order_relaxed);
    const FdRef anonymous = Fd::anonymous(fd.inode_ref(), d.flags, d.req.pid, graph()->slots());
    auto [opened, n] = co_await when_all(send_open(fd, d), fop(d.req, *anonymous));
    note_anonymous_answer(n);
    if (!opened) co_return std::unexpected(opened.error());
    if (n) co_return n;
    co_return co_await fop(req, fd);
}

Task<Result<std::size_t>> OpenBehind::readv(const Request& req, Fd& fd, IoVecs dst, off_t offset, unsigned flags) {
    auto read = [this, dst, offset, flags](const Request& r, Fd& f) { return first_child().readv(r, f, dst, offset, flags); };
    return data_fop(req, fd, read, false);
}

Task<Result<std::size_t>> OpenBehind::writev(const Request& req, Fd& fd, IoVecs src, off_t offset, unsigned flags) {
    auto write = [this, src, offset, flags](const Request& r, Fd& f) { return first_child().writev(r, f, src, offset, flags); };
    return data_fop(req, fd, write, true);
}

Task<Result<Unit>> OpenBehind::fsync(const Request& req, Fd& fd, bool datasync) {
    return when_open<Unit>(fd, [=, this, &req, &fd] { return first_child().fsync(req, fd, datasync); });
}

Task<Result<Iatt>> OpenBehind::fsetattr(const Request& req, Fd& fd, const SetAttr& attr) {
    return when_open<Iatt>(fd, [this, &req, &fd, &attr] { return first_child().fsetattr(req, fd, attr); });
}

Task<Result<Unit>> OpenBehind::fsetxattr(const Request& req, Fd& fd, std::string_view name, std::string_view value,
                                         int flags) {
    return when_open<Unit>(fd, [=, this, &req, &fd] { return first_child().fsetxattr(req, fd, name, value, flags); });
}

Task<Result<std::string>> OpenBehind::fgetxattr(const Request& req, Fd& fd, std::string_view name) {
    return when_open<std::string>(fd, [=, this, &req, &fd] { return first_child().fgetxattr(req, fd, name); });
}

Task<Result<Unit>> OpenBehind::fremovexattr(const Request& req, Fd& fd, std::string_view name) {
    return when_open<Unit>(fd, [=, this, &req, &fd] { return first_child().fremovexattr(req, fd, name); });
}

Task<Result<Names>> OpenBehind::flistxattr(const Request& req, Fd& fd) {
    return when_open<Names>(fd, [this, &req, &fd] { return first_child().flistxattr(req, fd); });
}

Task<Result<Unit>> OpenBehind::finodelk(const Request& req, std::string_view domain, Fd& fd, LockCmd cmd,
                                        const Flock& lock) {
    return when_open<Unit>(fd, [=, this, &req, &fd, &lock] { return first_child().finodelk(req, domain, fd, cmd, lock); });
}

Task<Result<Dict>> OpenBehind::fxattrop(const Request& req, Fd& fd, XattrOp op, const Dict& delta) {
    return when_open<Dict>(fd, [=, this, &req, &fd, &delta] { return first_child().fxattrop(req, fd, op, delta); });
}

Task<Result<Unit>> OpenBehind::fallocate(const Request& req, Fd& fd, int mode, off_t offset, off_t length) {
    return when_open<Unit>(fd, [=, this, &req, &fd] { return first_child().fallocate(req, fd, mode, offset, length); });
}

Task<Result<Unit>> OpenBehind::discard(const Request& req, Fd& fd, off_t offset, off_t length) {
    return when_open<Unit>(fd, [=, this, &req, &fd] { return first_child().discard(req, fd, offset, length); });
}

Task<Result<Unit>> OpenBehind::zerofill(const Request& req, Fd& fd, off_t offset, off_t length) {
    return when_open<Unit>(fd, [=, this, &req, &fd] { return first_child().zerofill(req, fd, offset, length); });
}

Task<Result<off_t>> OpenBehind::seek(const Request& req, Fd& fd, off_t offset, int whence) {
    return when_open<off_t>(fd, [=, this, &req, &fd] { return first_child().seek(req, fd, offset, whence); });
}

Task<Result<std::size_t>> OpenBehind::copy_file_range(const Request& req, Fd& in, off_t in_offset, Fd& out,
                                                      off_t out_offset, std::size_t length, unsigned flags) {
    // Both fds must be open below; the inner wait covers `out`.
    return when_open<std::size_t>(in, [=, this, &req, &in, &out] {
        return when_open<std::size_t>(out, [=, this, &req, &in, &out] {
            return first_child().copy_file_range(req, in, in_offset, out, out_offset, length, flags);
        });
    });
}

}  // namespace booster
