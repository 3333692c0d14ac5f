#include "core/xlators/features/locks/range_locks.hpp"

#include <doctest/doctest.h>
#include <fcntl.h>

#include <vector>

#include "core/xlators/features/locks/lock_request.hpp"

namespace booster {

namespace {

constexpr LockOwner kA{1, 10};
constexpr LockOwner kB{1, 20};
constexpr LockOwner kOtherClientSameOwner{2, 10};

RangeLock lock(LockOwner o, short type, std::int64_t start, std::int64_t end) {
    return RangeLock{o, type, LockRange{start, end}, 0, nullptr};
}

struct Piece {
    short type;
    std::int64_t start;
    std::int64_t end;
    bool operator==(const Piece&) const = default;
};

std::vector<Piece> pieces(const RangeLocks& locks) {
    std::vector<Piece> out;
    for (const RangeLock& l : locks.held()) out.push_back({l.type, l.range.start, l.range.end});
    return out;
}

}  // namespace

TEST_CASE("range locks: an owner's adjacent and overlapping locks of one type join") {
    RangeLocks locks;
    locks.apply(lock(kA, F_RDLCK, 0, 9));
    locks.apply(lock(kA, F_RDLCK, 20, 29));
    locks.apply(lock(kA, F_RDLCK, 10, 19));
    CHECK(pieces(locks) == std::vector<Piece>{{F_RDLCK, 0, 29}});
    locks.apply(lock(kA, F_RDLCK, 25, 40));
    CHECK(pieces(locks) == std::vector<Piece>{{F_RDLCK, 0, 40}});
}

TEST_CASE("range locks: unlocking the middle of a lock splits it") {
    RangeLocks locks;
    locks.apply(lock(kA, F_WRLCK, 0, LockRange::kToEof));
    locks.apply(lock(kA, F_UNLCK, 10, 19));
    CHECK(pieces(locks) == std::vector<Piece>{{F_WRLCK, 0, 9}, {F_WRLCK, 20, LockRange::kToEof}});
}

TEST_CASE("range locks: a request converts the owner's bytes it covers, and only those") {
    RangeLocks locks;
    locks.apply(lock(kA, F_WRLCK, 0, 99));
    locks.apply(lock(kA, F_RDLCK, 40, 59));
    CHECK(pieces(locks) == std::vector<Piece>{{F_WRLCK, 0, 39}, {F_RDLCK, 40, 59}, {F_WRLCK, 60, 99}});
    locks.apply(lock(kA, F_WRLCK, 40, 59));
    CHECK(pieces(locks) == std::vector<Piece>{{F_WRLCK, 0, 99}});
}

TEST_CASE("range locks: another owner's request changes nothing of ours") {
    RangeLocks locks;
    locks.apply(lock(kA, F_RDLCK, 0, 9));
    locks.apply(lock(kB, F_RDLCK, 5, 14));
    locks.apply(lock(kB, F_UNLCK, 0, 14));
    CHECK(pieces(locks) == std::vector<Piece>{{F_RDLCK, 0, 9}});
}

TEST_CASE("range locks: the conflict matrix") {
    RangeLocks locks;
    locks.apply(lock(kA, F_RDLCK, 0, 9));
    locks.apply(lock(kA, F_WRLCK, 100, 109));
    SUBCASE("read against read: no conflict") { CHECK(locks.conflict(lock(kB, F_RDLCK, 5, 6)) == nullptr); }
    SUBCASE("write against read: conflict") { CHECK(locks.conflict(lock(kB, F_WRLCK, 9, 20)) != nullptr); }
    SUBCASE("read against write: conflict") { CHECK(locks.conflict(lock(kB, F_RDLCK, 109, 109)) != nullptr); }
    SUBCASE("disjoint bytes: no conflict") { CHECK(locks.conflict(lock(kB, F_WRLCK, 10, 99)) == nullptr); }
    SUBCASE("the same owner never conflicts") { CHECK(locks.conflict(lock(kA, F_WRLCK, 0, 200)) == nullptr); }
    SUBCASE("the same lk_owner of another client is another owner") {
        const RangeLock* held = locks.conflict(lock(kOtherClientSameOwner, F_WRLCK, 0, 0));
        REQUIRE(held != nullptr);
        CHECK(held->owner == kA);
    }
}

TEST_CASE("lock requests: whence, length 0 and negative lengths name the bytes fcntl(2) says") {
    Flock f;
    f.whence = SEEK_SET;
    f.start = 10;
    f.len = 0;
    CHECK(requested_range(f, std::nullopt) == LockRange{10, LockRange::kToEof});
    f.len = 5;
    CHECK(requested_range(f, std::nullopt) == LockRange{10, 14});
    f.len = -5;
    CHECK(requested_range(f, std::nullopt) == LockRange{5, 9});
    f.len = -11;
    CHECK(requested_range(f, std::nullopt).error().errnum == EINVAL);
    f.whence = SEEK_END;
    f.start = -4;
    f.len = 4;
    CHECK(requested_range(f, 100) == LockRange{96, 99});
    CHECK(requested_range(f, std::nullopt).error().errnum == EINVAL);
    f.whence = SEEK_CUR;
    CHECK(requested_range(f, 100).error().errnum == EINVAL);
    f.whence = SEEK_SET;
    f.start = LockRange::kToEof;
    f.len = 2;
    CHECK(requested_range(f, std::nullopt).error().errnum == EOVERFLOW);
    CHECK(!check_lock_type(42));
}

}  // namespace booster
