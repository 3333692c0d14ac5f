// features/locks: the lock server of a brick (and of a local volume): POSIX byte-range locks
// (fcntl F_SETLK/F_SETLKW/F_GETLK, OFD locks), flock(2) locks, and the internal inode and
// entry locks of cluster translators, shared by every client of the graph.
//
//   * lk, kind kFcntl: owner = (Request::client_id, Request::lk_owner); Flock::owner is not
//     read. The kernel's rules (range_locks.hpp): an owner's request merges with, splits or
//     converts its own locks and conflicts only with other owners'. OFD locks are fcntl locks
//     whose lk_owner is the open file description. whence SEEK_SET or SEEK_END (the size from
//     the child's fstat); SEEK_CUR is EINVAL (lock_request.hpp). A read lock needs an Fd open
//     for reading, a write lock one open for writing (EBADF).
//     kGetLk: the first conflicting lock (type, range, pid, its lk_owner) or the request with
//     F_UNLCK. kSetLk: EAGAIN on a conflict. kSetLkWait: parked (waiter.hpp) until nothing
//     conflicts, then granted; waiters are reconsidered in arrival order on every change. No
//     deadlock detection: two owners waiting for each other wait until one lets go.
//     Any parked request (lk, inodelk, entrylk) whose Request::cancel is requested (its caller
//     was interrupted) leaves the wait list and fails with EINTR; one granted first keeps its
//     lock.
//   * lk, kind kFlock: whole-file shared (F_RDLCK) or exclusive (F_WRLCK) locks, in their own
//     namespace, owner as above; a second request of an owner converts its lock.
//   * Release: flush drops the fcntl locks of (client_id, lk_owner) on the file, after the
//     child's flush (close(2) by a process drops its POSIX locks, whatever fd it closes); the
//     release of an Fd (FdLocks) drops the fcntl and flock locks taken through it;
//     release_client drops everything the client holds on every inode and fails its parked
//     requests with ENOTCONN; fini does that for every client.
//   * inodelk/finodelk: byte ranges per domain string (fcntl rules within a domain, domains
//     independent), kSetLk/kSetLkWait only (kGetLk: EINVAL); tied to the client, not to an Fd.
//     entrylk: per directory (the Loc's inode), domain and basename, the empty basename
//     locking the whole directory (entry_lock_space.hpp). Neither reaches the child.
//   * A parked fop holds no thread: it resumes on the thread of the fop or release that lets
//     it through, after that one has let go of the inode's mutex.
// Every other fop passes through. dump(): per locked inode "inode GFID", then one line per
// lock or waiter: "  <space> held|waiting read|write START-END|eof client=.. owner=.. pid=..",
// "  entrylk[DOMAIN] name='N' held|waiting read|write client=.. owner=..".
// Thread-safety: as every translator; per-inode mutex in InodeLocks, never held across a
// co_await of the child nor while a waiter resumes.
#pragma once

#include <optional>
#include <string>

#include "core/engine/xlator.hpp"
#include "core/xlators/features/locks/inode_locks.hpp"
#include "core/xlators/features/locks/lock_registry.hpp"

namespace booster {

class Locks final : public Xlator {
public:
    void fini() override;
    void release_client(std::uint64_t client_id) override;
    // Reads pass untouched (the locks here are advisory): forwarded.
    Result<std::size_t> read_to_pipe(const Request& req, Fd& fd, int pipe, std::size_t length, off_t offset) override {
        return first_child().read_to_pipe(req, fd, pipe, length, offset);
    }
    // Locks are advisory: reads and writes pass untouched, so a client may make them itself.
    Result<int> descriptor_to_lend(Fd& fd) override { return first_child().descriptor_to_lend(fd); }
    std::string dump() const override;

    Task<Result<Flock>> lk(const Request& req, Fd& fd, LockCmd cmd, const Flock& lock) override;
    Task<Result<Unit>> flush(const Request& req, Fd& fd) override;
    Task<Result<Unit>> inodelk(const Request& req, std::string_view domain, const Loc& loc, LockCmd cmd,
                               const Flock& lock) override;
    Task<Result<Unit>> finodelk(const Request& req, std::string_view domain, Fd& fd, LockCmd cmd,
                                const Flock& lock) override;
    Task<Result<Unit>> entrylk(const Request& req, std::string_view domain, const Loc& loc,
                               std::string_view basename, EntryLockCmd cmd, EntryLockType type) override;

private:
    InodeLocks& locks_of(Inode& inode) { return ctx_or_create<InodeLocks>(inode, inode, registry_); }
    Task<Result<LockRange>> lk_range(const Request& req, Fd& fd, const Flock& lock);
    Task<Result<Unit>> inode_lock(const Request& req, std::string_view domain, Inode& inode, LockCmd cmd,
                                  const Flock& lock);
    void drop_owners(const std::function<bool(const LockOwner&)>& gone);

    LockRegistry registry_;
};

}  // namespace booster
