// features/locks over test/file: the translator's lock rules as its clients see them.
#include "core/xlators/features/locks/locks.hpp"

#include <doctest/doctest.h>
#include <fcntl.h>

#include <atomic>
#include <stop_token>
#include <thread>
#include <vector>

#include "tests/unit/xlators/performance/write_behind_support.hpp"

namespace booster::test {

namespace {

Layer locks_layer() { return {"locks", "features/locks", ""}; }

Request owner(std::uint64_t client, std::uint64_t lk_owner, pid_t pid = 100) {
    Request r;
    r.client_id = client;
    r.lk_owner = lk_owner;
    r.pid = pid;
    return r;
}

Flock range(short type, std::int64_t start, std::int64_t len, LockKind kind = LockKind::kFcntl) {
    Flock f;
    f.type = type;
    f.whence = SEEK_SET;
    f.start = start;
    f.len = len;
    f.kind = kind;
    return f;
}

Flock whole(short type) { return range(type, 0, 0, LockKind::kFlock); }

struct LockVolume : Volume {
    LockVolume() : Volume({locks_layer()}) {}

    Result<Flock> lk(const Request& r, Fd& fd, LockCmd cmd, const Flock& f) { return sync_wait(top.lk(r, fd, cmd, f)); }
    Result<Flock> set(const Request& r, Fd& fd, const Flock& f) { return lk(r, fd, LockCmd::kSetLk, f); }
    // A blocking request started in the background; the Request and Flock must outlive it.
    std::shared_ptr<Started<Flock>> wait(const Request& r, Fd& fd, const Flock& f) {
        return start(top.lk(r, fd, LockCmd::kSetLkWait, f));
    }
    Result<Unit> inodelk(const Request& r, std::string_view domain, LockCmd cmd, const Flock& f) {
        return sync_wait(top.inodelk(r, domain, loc, cmd, f));
    }
    Result<Unit> entrylk(const Request& r, std::string_view domain, std::string_view name, EntryLockCmd cmd,
                         EntryLockType type) {
        return sync_wait(top.entrylk(r, domain, root_loc(), name, cmd, type));
    }
    Loc root_loc() {
        Loc l;
        l.inode = graph().itable().root();
        l.gfid = Gfid::root();
        l.path = "/";
        return l;
    }
};

int error_of(const Result<Flock>& r) { return r ? 0 : r.error().errnum; }
int error_of(const Result<Unit>& r) { return r ? 0 : r.error().errnum; }

}  // namespace

TEST_CASE("locks: F_GETLK reports the first conflicting lock, or F_UNLCK") {
    LockVolume v;
    FdRef fd = v.open();
    const Request a = owner(1, 10, 4242);
    const Request b = owner(1, 20);
    REQUIRE(v.set(a, *fd, range(F_WRLCK, 100, 50)));

    auto held = v.lk(b, *fd, LockCmd::kGetLk, range(F_RDLCK, 0, 0));
    REQUIRE(held);
    CHECK(held->type == F_WRLCK);
    CHECK(held->whence == SEEK_SET);
    CHECK(held->start == 100);
    CHECK(held->len == 50);
    CHECK(held->pid == 4242);
    CHECK(held->owner == 10);

    auto free_bytes = v.lk(b, *fd, LockCmd::kGetLk, range(F_WRLCK, 0, 100));
    REQUIRE(free_bytes);
    CHECK(free_bytes->type == F_UNLCK);
    auto own = v.lk(a, *fd, LockCmd::kGetLk, range(F_WRLCK, 0, 0));
    REQUIRE(own);
    CHECK(own->type == F_UNLCK);
    CHECK(error_of(v.lk(b, *fd, LockCmd::kGetLk, range(F_UNLCK, 0, 0))) == EINVAL);
}

TEST_CASE("locks: F_SETLK on a conflict is EAGAIN; read locks share") {
    LockVolume v;
    FdRef fd = v.open();
    const Request a = owner(1, 10);
    const Request b = owner(2, 10);
    REQUIRE(v.set(a, *fd, range(F_RDLCK, 0, 10)));
    CHECK(v.set(b, *fd, range(F_RDLCK, 5, 10)));
    CHECK(error_of(v.set(b, *fd, range(F_WRLCK, 9, 1))) == EAGAIN);
    CHECK(v.set(b, *fd, range(F_WRLCK, 15, 1)));
    // A's unlock of part of its range lets B's write lock in.
    REQUIRE(v.set(a, *fd, range(F_UNLCK, 5, 5)));
    CHECK(error_of(v.set(b, *fd, range(F_WRLCK, 4, 1))) == EAGAIN);
    CHECK(v.set(b, *fd, range(F_WRLCK, 5, 5)));
}

TEST_CASE("locks: SEEK_END is the child's size; a lock needs the matching access mode") {
    LockVolume v;
    FdRef fd = v.open();
    REQUIRE(v.write(*fd, 0, std::string(1000, 'x')));
    Flock tail = range(F_WRLCK, -10, 10);
    tail.whence = SEEK_END;
    auto got = v.set(owner(1, 1), *fd, tail);
    REQUIRE(got);
    CHECK(got->start == 990);
    CHECK(got->len == 10);
    CHECK(error_of(v.set(owner(1, 2), *fd, range(F_RDLCK, 995, 1))) == EAGAIN);
    CHECK(v.set(owner(1, 2), *fd, range(F_RDLCK, 989, 1)));

    FdRef read_only = v.open(O_RDONLY);
    CHECK(error_of(v.set(owner(1, 3), *read_only, range(F_WRLCK, 0, 1))) == EBADF);
    FdRef write_only = v.open(O_WRONLY);
    CHECK(error_of(v.set(owner(1, 3), *write_only, range(F_RDLCK, 0, 1))) == EBADF);
    CHECK(v.set(owner(1, 3), *read_only, whole(F_WRLCK)));
}

TEST_CASE("locks: F_SETLKW parks until the conflicting lock goes; waiters are granted in arrival order") {
    LockVolume v;
    FdRef fd = v.open();
    const Request a = owner(1, 1);
    const Request b = owner(1, 2);
    const Request c = owner(1, 3);
    const Flock first_ten = range(F_WRLCK, 0, 10);
    REQUIRE(v.set(a, *fd, range(F_WRLCK, 0, 100)));

    auto b_waits = v.wait(b, *fd, first_ten);
    auto c_waits = v.wait(c, *fd, first_ten);
    CHECK_FALSE(b_waits->done.load());
    CHECK_FALSE(c_waits->done.load());
    CHECK(v.layer<Locks>("locks").dump().find("waiting write 0-9") != std::string::npos);

    // Unlocking bytes nobody waits for wakes nobody.
    REQUIRE(v.set(a, *fd, range(F_UNLCK, 50, 50)));
    CHECK_FALSE(b_waits->done.load());

    REQUIRE(v.set(a, *fd, range(F_UNLCK, 0, 0)));
    REQUIRE(b_waits->done.load());
    CHECK(b_waits->result->has_value());
    CHECK_FALSE(c_waits->done.load());

    REQUIRE(v.set(b, *fd, range(F_UNLCK, 0, 0)));
    REQUIRE(c_waits->done.load());
    CHECK(c_waits->result->has_value());
    CHECK(error_of(v.set(a, *fd, range(F_RDLCK, 5, 1))) == EAGAIN);
}

TEST_CASE("locks: a waiting reader is let in when the holder converts its write lock to a read lock") {
    LockVolume v;
    FdRef fd = v.open();
    const Request a = owner(1, 1);
    const Request b = owner(1, 2);
    const Flock read_all = range(F_RDLCK, 0, 0);
    REQUIRE(v.set(a, *fd, range(F_WRLCK, 0, 0)));
    auto b_waits = v.wait(b, *fd, read_all);
    CHECK_FALSE(b_waits->done.load());
    REQUIRE(v.set(a, *fd, range(F_RDLCK, 0, 0)));
    REQUIRE(b_waits->done.load());
    CHECK(b_waits->result->has_value());
}

TEST_CASE("locks: flock and fcntl locks live in separate namespaces") {
    LockVolume v;
    FdRef fd1 = v.open();
    FdRef fd2 = v.open();
    const Request a = owner(1, 1);
    const Request b = owner(1, 2);
    REQUIRE(v.set(a, *fd1, whole(F_WRLCK)));
    CHECK(v.set(b, *fd2, range(F_WRLCK, 0, 0)));
    CHECK(error_of(v.set(b, *fd2, whole(F_RDLCK))) == EAGAIN);
    // Conversion by the holder replaces its flock lock.
    REQUIRE(v.set(a, *fd1, whole(F_RDLCK)));
    CHECK(v.set(b, *fd2, whole(F_RDLCK)));
    CHECK(error_of(v.set(a, *fd1, whole(F_WRLCK))) == EAGAIN);
}

TEST_CASE("locks: flush drops the flushing owner's fcntl locks only") {
    LockVolume v;
    FdRef fd = v.open();
    FdRef other_fd = v.open();
    const Request a = owner(1, 1);
    const Request b = owner(1, 2);
    const Request c = owner(1, 3);
    REQUIRE(v.set(a, *fd, range(F_WRLCK, 0, 10)));
    REQUIRE(v.set(a, *fd, whole(F_WRLCK)));
    REQUIRE(v.set(b, *fd, range(F_WRLCK, 20, 10)));

    // Closing any fd of the file drops the process's POSIX locks.
    REQUIRE(sync_wait(v.top.flush(a, *other_fd)));
    CHECK(v.set(c, *fd, range(F_WRLCK, 0, 10)));
    CHECK(error_of(v.set(c, *fd, range(F_WRLCK, 20, 1))) == EAGAIN);
    CHECK(error_of(v.set(c, *fd, whole(F_RDLCK))) == EAGAIN);
}

TEST_CASE("locks: the release of an fd drops the locks taken through it and wakes their waiters") {
    LockVolume v;
    FdRef kept = v.open();
    FdRef closed = v.open();
    const Request ofd_kept = owner(1, 0xa);
    const Request ofd_closed = owner(1, 0xb);
    const Request waiter = owner(1, 0xc);
    const Flock first_byte = range(F_WRLCK, 0, 1);
    REQUIRE(v.set(ofd_kept, *kept, range(F_WRLCK, 10, 1)));
    REQUIRE(v.set(ofd_closed, *closed, range(F_WRLCK, 0, 1)));
    REQUIRE(v.set(ofd_closed, *closed, whole(F_WRLCK)));
    auto waits = v.wait(waiter, *kept, first_byte);
    CHECK_FALSE(waits->done.load());

    closed = FdRef();
    REQUIRE(waits->done.load());
    CHECK(waits->result->has_value());
    CHECK(v.set(waiter, *kept, whole(F_WRLCK)));
    CHECK(error_of(v.set(waiter, *kept, range(F_WRLCK, 10, 1))) == EAGAIN);
}

TEST_CASE("locks: release_client drops everything the client holds and fails its parked requests") {
    LockVolume v;
    FdRef fd = v.open();
    const Request gone = owner(7, 1);
    const Request gone_waiter = owner(7, 2);
    const Request stays = owner(8, 1);
    const Request other = owner(9, 1);
    const Flock byte_50 = range(F_WRLCK, 50, 1);
    REQUIRE(v.set(gone, *fd, range(F_WRLCK, 0, 10)));
    REQUIRE(v.set(gone, *fd, whole(F_WRLCK)));
    REQUIRE(v.inodelk(gone, "dom", LockCmd::kSetLk, range(F_WRLCK, 0, 0)));
    REQUIRE(v.entrylk(gone, "dom", "name", EntryLockCmd::kLock, EntryLockType::kWrite));
    REQUIRE(v.set(stays, *fd, range(F_WRLCK, 50, 1)));
    auto parked = v.wait(gone_waiter, *fd, byte_50);
    CHECK_FALSE(parked->done.load());

    v.graph().top().release_client(7);
    REQUIRE(parked->done.load());
    CHECK(error_of(*parked->result) == ENOTCONN);
    CHECK(v.set(other, *fd, range(F_WRLCK, 0, 10)));
    CHECK(v.set(other, *fd, whole(F_WRLCK)));
    CHECK(v.inodelk(other, "dom", LockCmd::kSetLk, range(F_WRLCK, 0, 0)));
    CHECK(v.entrylk(other, "dom", "name", EntryLockCmd::kLockNonBlocking, EntryLockType::kWrite));
    CHECK(error_of(v.set(other, *fd, range(F_WRLCK, 50, 1))) == EAGAIN);
}

TEST_CASE("locks: inodelk domains are independent; a blocking inodelk waits for its domain only") {
    LockVolume v;
    const Request a = owner(1, 1);
    const Request b = owner(2, 1);
    const Flock all = range(F_WRLCK, 0, 0);
    REQUIRE(v.inodelk(a, "vol-replicate-0", LockCmd::kSetLk, all));
    CHECK(v.inodelk(b, "vol-replicate-0:metadata", LockCmd::kSetLk, all));
    CHECK(error_of(v.inodelk(b, "vol-replicate-0", LockCmd::kSetLk, range(F_RDLCK, 7, 1))) == EAGAIN);
    // inodelk and fcntl locks never meet.
    FdRef fd = v.open();
    CHECK(v.set(b, *fd, all));

    auto parked = start(v.top.inodelk(b, "vol-replicate-0", v.loc, LockCmd::kSetLkWait, all));
    CHECK_FALSE(parked->done.load());
    REQUIRE(v.inodelk(a, "vol-replicate-0", LockCmd::kSetLk, range(F_UNLCK, 0, 0)));
    REQUIRE(parked->done.load());
    CHECK(parked->result->has_value());
    CHECK(error_of(v.inodelk(a, "vol-replicate-0", LockCmd::kGetLk, all)) == EINVAL);
}

TEST_CASE("locks: entrylk locks one name or, with an empty name, the whole directory") {
    LockVolume v;
    const Request a = owner(1, 1);
    const Request b = owner(2, 1);
    REQUIRE(v.entrylk(a, "dht", "x", EntryLockCmd::kLock, EntryLockType::kWrite));
    CHECK(v.entrylk(b, "dht", "y", EntryLockCmd::kLockNonBlocking, EntryLockType::kWrite));
    CHECK(error_of(v.entrylk(b, "dht", "x", EntryLockCmd::kLockNonBlocking, EntryLockType::kRead)) == EAGAIN);
    CHECK(error_of(v.entrylk(b, "dht", "", EntryLockCmd::kLockNonBlocking, EntryLockType::kRead)) == EAGAIN);
    CHECK(v.entrylk(b, "afr", "x", EntryLockCmd::kLockNonBlocking, EntryLockType::kWrite));
    CHECK(error_of(v.entrylk(b, "dht", "z", EntryLockCmd::kUnlock, EntryLockType::kWrite)) == EINVAL);
    CHECK(error_of(v.entrylk(b, "dht", "a/b", EntryLockCmd::kLock, EntryLockType::kWrite)) == EINVAL);

    auto whole_dir = start(v.top.entrylk(b, "dht", v.root_loc(), "", EntryLockCmd::kLock, EntryLockType::kWrite));
    CHECK_FALSE(whole_dir->done.load());
    REQUIRE(v.entrylk(a, "dht", "x", EntryLockCmd::kUnlock, EntryLockType::kWrite));
    REQUIRE(whole_dir->done.load());
    CHECK(whole_dir->result->has_value());
    // The whole-directory lock of b now excludes every name for a; read locks still share.
    CHECK(error_of(v.entrylk(a, "dht", "q", EntryLockCmd::kLockNonBlocking, EntryLockType::kRead)) == EAGAIN);
    REQUIRE(v.entrylk(b, "dht", "", EntryLockCmd::kUnlock, EntryLockType::kWrite));
    REQUIRE(v.entrylk(b, "dht", "y", EntryLockCmd::kUnlock, EntryLockType::kWrite));
    CHECK(v.entrylk(a, "dht", "q", EntryLockCmd::kLockNonBlocking, EntryLockType::kRead));
    CHECK(v.entrylk(b, "dht", "q", EntryLockCmd::kLockNonBlocking, EntryLockType::kRead));
}

TEST_CASE("locks: an interrupted F_SETLKW leaves the wait list with EINTR; the next waiter keeps its turn") {
    LockVolume v;
    FdRef fd = v.open();
    const Request a = owner(1, 1);
    std::stop_source interrupt;
    Request b = owner(1, 2);
    b.cancel = interrupt.get_token();
    const Request c = owner(1, 3);
    const Flock first_ten = range(F_WRLCK, 0, 10);
    REQUIRE(v.set(a, *fd, range(F_WRLCK, 0, 100)));
    auto b_waits = v.wait(b, *fd, first_ten);
    auto c_waits = v.wait(c, *fd, first_ten);
    REQUIRE_FALSE(b_waits->done.load());

    interrupt.request_stop();
    REQUIRE(b_waits->done.load());
    CHECK(error_of(*b_waits->result) == EINTR);
    CHECK_FALSE(c_waits->done.load());
    const std::string dump = v.layer<Locks>("locks").dump();
    CHECK(dump.find("owner=0000000000000002") == std::string::npos);
    CHECK(dump.find("owner=0000000000000003") != std::string::npos);

    REQUIRE(v.set(a, *fd, range(F_UNLCK, 0, 0)));
    REQUIRE(c_waits->done.load());
    CHECK(c_waits->result->has_value());
    REQUIRE(v.set(c, *fd, range(F_UNLCK, 0, 0)));
    CHECK(v.layer<Locks>("locks").dump().empty());
}

TEST_CASE("locks: an interrupted request never parks (lk, inodelk, entrylk): EINTR; one granted first keeps its lock") {
    LockVolume v;
    FdRef fd = v.open();
    const Request a = owner(1, 1);
    std::stop_source interrupt;
    Request b = owner(2, 1);
    b.cancel = interrupt.get_token();
    const Flock all = range(F_WRLCK, 0, 0);

    auto granted = v.wait(b, *fd, all);
    REQUIRE(granted->done.load());
    REQUIRE(granted->result->has_value());
    interrupt.request_stop();
    CHECK(error_of(v.set(a, *fd, all)) == EAGAIN);
    REQUIRE(v.set(b, *fd, range(F_UNLCK, 0, 0)));

    REQUIRE(v.set(a, *fd, all));
    auto refused = v.wait(b, *fd, all);
    REQUIRE(refused->done.load());
    CHECK(error_of(*refused->result) == EINTR);
    REQUIRE(v.inodelk(a, "dom", LockCmd::kSetLk, all));
    auto waits_for_inode_lock = start(v.top.inodelk(b, "dom", v.loc, LockCmd::kSetLkWait, all));
    REQUIRE(waits_for_inode_lock->done.load());
    CHECK(error_of(*waits_for_inode_lock->result) == EINTR);
    REQUIRE(v.entrylk(a, "dht", "x", EntryLockCmd::kLock, EntryLockType::kWrite));
    auto waits_for_entry =
        start(v.top.entrylk(b, "dht", v.root_loc(), "x", EntryLockCmd::kLock, EntryLockType::kWrite));
    REQUIRE(waits_for_entry->done.load());
    CHECK(error_of(*waits_for_entry->result) == EINTR);
    CHECK(v.layer<Locks>("locks").dump().find("waiting") == std::string::npos);
}

TEST_CASE("locks: many threads locking one range exclude each other and all get through") {
    LockVolume v;
    FdRef fd = v.open();
    constexpr int kThreads = 8;
    constexpr int kRounds = 300;
    std::atomic<int> inside{0};
    std::atomic<int> overlaps{0};
    std::atomic<int> errors{0};
    int counter = 0;  // guarded by the lock under test only
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            const Request me = owner(static_cast<std::uint64_t>(t % 2), static_cast<std::uint64_t>(t));
            const Flock want = range(F_WRLCK, 10, 10);
            const Flock unlock = range(F_UNLCK, 0, 0);
            for (int i = 0; i < kRounds; ++i) {
                if (!sync_wait(v.top.lk(me, *fd, LockCmd::kSetLkWait, want))) ++errors;
                if (inside.fetch_add(1) != 0) ++overlaps;
                ++counter;
                inside.fetch_sub(1);
                if (!sync_wait(v.top.lk(me, *fd, LockCmd::kSetLk, unlock))) ++errors;
            }
        });
    }
    for (auto& t : threads) t.join();
    CHECK(errors.load() == 0);
    CHECK(overlaps.load() == 0);
    CHECK(counter == kThreads * kRounds);
    CHECK(v.layer<Locks>("locks").dump().empty());
}

}  // namespace booster::test
