#include "core/xlators/features/locks/locks.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <stop_token>
#include <type_traits>
#include <vector>

#include "core/xlators/features/locks/fd_locks.hpp"
#include "core/xlators/features/locks/lock_request.hpp"

namespace booster {

namespace {

LockOwner owner_of(const Request& req) { return {req.client_id, req.lk_owner}; }

// fcntl(2): a read lock needs read access, a write lock write access. flock(2) needs neither.
Status check_access(const Fd& fd, const Flock& lock) {
    if (lock.kind == LockKind::kFlock) return ok();
    const int mode = fd.flags() & O_ACCMODE;
    if (lock.type == F_RDLCK && mode == O_WRONLY) return fail(EBADF);
    if (lock.type == F_WRLCK && mode == O_RDONLY) return fail(EBADF);
    return ok();
}

// Takes a lock on `locks` with `take(waiter or null, after)` (InodeLocks::lock_range or
// lock_entry); when `wait`, a conflicting request parks until granted or cancelled, or until
// `cancel` is requested (the caller was interrupted): then it leaves the wait list with EINTR.
template <class Waiter, class Take>
Task<Result<Unit>> acquire(InodeLocks& locks, typename std::remove_cvref_t<decltype(Waiter::want)> want, bool wait,
                           const std::stop_token& cancel, Take take) {
    Waiter waiter(std::move(want));
    LockOutcome outcome;
    {
        Aftermath after;
        outcome = take(wait ? &waiter : nullptr, after);
    }
    if (outcome == LockOutcome::kConflict) co_return fail(EAGAIN);
    if (outcome == LockOutcome::kParked) {
        std::stop_callback interrupted(cancel, [&] {
            Aftermath after;
            locks.withdraw(waiter, EINTR, after);
        });
        co_await waiter.woken();
        if (waiter.error != 0) co_return fail(waiter.error);
    }
    co_return Unit{};
}

}  // namespace

void Locks::fini() {
    drop_owners([](const LockOwner&) { return true; });
}

void Locks::release_client(std::uint64_t client_id) {
    drop_owners([client_id](const LockOwner& o) { return o.client == client_id; });
    Xlator::release_client(client_id);
}

void Locks::drop_owners(const std::function<bool(const LockOwner&)>& gone) {
    // Run after the registry's mutex is let go: an unpinned inode's InodeLocks leaves the
    // registry as it is destroyed.
    std::vector<Aftermath> afters;
    registry_.for_each([&](InodeLocks& locks) { locks.drop_owners(gone, ENOTCONN, afters.emplace_back()); });
}

std::string Locks::dump() const {
    std::string out;
    registry_.for_each([&](const InodeLocks& locks) { locks.dump(out); });
    return out;
}

Task<Result<LockRange>> Locks::lk_range(const Request& req, Fd& fd, const Flock& lock) {
    if (lock.kind == LockKind::kFlock) co_return LockRange::whole();
    std::optional<std::int64_t> size;
    if (lock.whence == SEEK_END) {
        auto attr = co_await first_child().fstat(req, fd);
        if (!attr) co_return std::unexpected(attr.error());
        size = static_cast<std::int64_t>(attr->size);
    }
    co_return requested_range(lock, size);
}

Task<Result<Flock>> Locks::lk(const Request& req, Fd& fd, LockCmd cmd, const Flock& lock) {
    if (auto st = check_lock_type(lock.type); !st) co_return std::unexpected(st.error());
    if (cmd == LockCmd::kGetLk && lock.type == F_UNLCK) co_return fail(EINVAL);
    if (cmd != LockCmd::kGetLk)
        if (auto st = check_access(fd, lock); !st) co_return std::unexpected(st.error());
    auto range = co_await lk_range(req, fd, lock);
    if (!range) co_return std::unexpected(range.error());

    const RangeLock want{owner_of(req), lock.type, *range, lock.pid != 0 ? lock.pid : req.pid, &fd};
    const RangeSpace space = lock.kind == LockKind::kFlock ? RangeSpace::kFlock : RangeSpace::kFcntl;
    InodeLocks& locks = locks_of(fd.inode());
    if (cmd == LockCmd::kGetLk) {
        const std::optional<RangeLock> held = locks.conflict(space, want);
        if (!held) {
            Flock none = lock;
            none.type = F_UNLCK;
            co_return none;
        }
        co_return reply_of(*held, lock.kind);
    }
    (void)ctx_or_create<FdLocks>(fd, locks, fd);
    const bool wait = cmd == LockCmd::kSetLkWait;
    auto granted = co_await acquire<RangeWaiter>(locks, want, wait, req.cancel, [&](RangeWaiter* w, Aftermath& a) {
        return locks.lock_range(space, {}, want, w, a);
    });
    if (!granted) co_return std::unexpected(granted.error());
    co_return reply_of(want, lock.kind);
}

Task<Result<Unit>> Locks::flush(const Request& req, Fd& fd) {
    auto flushed = co_await first_child().flush(req, fd);
    if (InodeLocks* locks = ctx<InodeLocks>(fd.inode())) {
        Aftermath after;
        locks->drop_fcntl_of(owner_of(req), after);
    }
    co_return flushed;
}

Task<Result<Unit>> Locks::inode_lock(const Request& req, std::string_view domain, Inode& inode, LockCmd cmd,
                                     const Flock& lock) {
    if (cmd == LockCmd::kGetLk) co_return fail(EINVAL);
    if (auto st = check_lock_type(lock.type); !st) co_return std::unexpected(st.error());
    auto range = requested_range(lock, std::nullopt);
    if (!range) co_return std::unexpected(range.error());
    const RangeLock want{owner_of(req), lock.type, *range, lock.pid != 0 ? lock.pid : req.pid, nullptr};
    InodeLocks& locks = locks_of(inode);
    const bool wait = cmd == LockCmd::kSetLkWait;
    co_return co_await acquire<RangeWaiter>(locks, want, wait, req.cancel, [&](RangeWaiter* w, Aftermath& a) {
        return locks.lock_range(RangeSpace::kInodelk, domain, want, w, a);
    });
}

Task<Result<Unit>> Locks::inodelk(const Request& req, std::string_view domain, const Loc& loc, LockCmd cmd,
                                  const Flock& lock) {
    if (!loc.inode) return ready<Result<Unit>>(fail(EINVAL));
    return inode_lock(req, domain, *loc.inode, cmd, lock);
}

Task<Result<Unit>> Locks::finodelk(const Request& req, std::string_view domain, Fd& fd, LockCmd cmd,
                                   const Flock& lock) {
    return inode_lock(req, domain, fd.inode(), cmd, lock);
}

Task<Result<Unit>> Locks::entrylk(const Request& req, std::string_view domain, const Loc& loc,
                                  std::string_view basename, EntryLockCmd cmd, EntryLockType type) {
    if (!loc.inode || basename.find('/') != std::string_view::npos) co_return fail(EINVAL);
    InodeLocks& locks = locks_of(*loc.inode);
    if (cmd == EntryLockCmd::kUnlock) {
        Aftermath after;
        const Status st = locks.unlock_entry(domain, owner_of(req), basename, after);
        if (!st) co_return std::unexpected(st.error());
        co_return Unit{};
    }
    EntryLock want{owner_of(req), std::string(basename), type};
    const bool wait = cmd == EntryLockCmd::kLock;
    co_return co_await acquire<EntryWaiter>(locks, want, wait, req.cancel, [&](EntryWaiter* w, Aftermath& a) {
        return locks.lock_entry(domain, want, w, a);
    });
}

}  // namespace booster
