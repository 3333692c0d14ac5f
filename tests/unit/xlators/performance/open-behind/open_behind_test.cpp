// performance/open-behind: an open is answered at once and sent below only by the first fop
// that needs the fd; an fd closed unused sends nothing (no open, flush or release below); fstat
// of such an fd is a stat; a failed deferred open fails that fop and every later one; flushes
// go below only for a file with POSIX locks; opens with O_TRUNC go at once; racing first uses
// send one open. The first read of a read-only fd, and the first write of a write-only one, go
// below on an anonymous fd and send no open (unless use-anonymous-fd is off), a second one
// opens; a read that opens goes below anonymously together with the open, which decides its
// outcome; after a child refused an anonymous fop, the graph opens first.
#include <doctest/doctest.h>
#include <fcntl.h>

#include "core/xlators/performance/open-behind/open_behind.hpp"
#include "tests/unit/support/fop_log.hpp"
#include "tests/unit/support/valve.hpp"
#include "tests/unit/xlators/performance/write_behind_support.hpp"

namespace {

using namespace booster;
using booster::test::FopLog;
using booster::test::Layer;
using booster::test::start;
using booster::test::Volume;

Layer fop_log() { return {"log", "test/fop-log", ""}; }
Layer open_behind(const std::string& options = "") { return {"ob", "performance/open-behind", options}; }

class DeferVolume : public Volume {
public:
    explicit DeferVolume(std::vector<Layer> layers = {fop_log(), open_behind()}) : Volume(layers) {}

    FopLog& below() { return layer<FopLog>("log"); }
    Result<Unit> flush(Fd& fd) { return sync_wait(top.flush(req, fd)); }
    // The file's content, written straight into the leaf.
    void put_below(std::string bytes) {
        FdRef fd = Fd::create(inode, O_RDWR, 2, graph().slots());
        const iovec iov{bytes.data(), bytes.size()};
        REQUIRE(sync_wait(leaf.writev(req, *fd, IoVecs(&iov, 1), 0, 0)) == bytes.size());
    }
};

TEST_CASE("open-behind: an fd opened and closed unused sends nothing below") {
    DeferVolume v;
    {
        FdRef fd = v.open(O_RDONLY);
        CHECK(v.flush(*fd).has_value());
    }
    CHECK(v.below().calls(FopId::open) == 0);
    CHECK(v.below().calls(FopId::flush) == 0);
    CHECK(v.leaf.released() == 0);
    CHECK(v.layer<OpenBehind>("ob").dump() == "deferred=1 sent=0 anonymous-reads=0 anonymous-writes=0\n");
}

TEST_CASE("open-behind: fstat of an fd not yet open below is a stat of the file") {
    DeferVolume v;
    FdRef fd = v.open(O_RDONLY);
    v.put_below("four");
    CHECK(v.size_of(*fd) == 4u);
    CHECK(v.below().calls(FopId::stat) == 1);
    CHECK(v.below().calls(FopId::fstat) == 0);
    CHECK(v.below().calls(FopId::open) == 0);
}

TEST_CASE("open-behind: the first read of an fd open for writing sends the open once, then the fd is open below") {
    DeferVolume v;
    v.put_below("hello");
    {
        FdRef fd = v.open(O_RDWR);
        CHECK(v.read(*fd, 0, 5) == "hello");
        CHECK(v.read(*fd, 1, 4) == "ello");
        CHECK(v.below().calls(FopId::open) == 1);
        CHECK(v.size_of(*fd) == 5u);
        CHECK(v.below().calls(FopId::fstat) == 1);
    }
    CHECK(v.leaf.released() == 1);
}

TEST_CASE("open-behind: a flush of a file without POSIX locks is answered here, open below or not") {
    DeferVolume v;
    FdRef used = v.open(O_RDWR);
    CHECK(v.write(*used, 0, "x") == 1u);
    FdRef unused = v.open(O_RDONLY);
    CHECK(v.flush(*used).has_value());
    CHECK(v.flush(*unused).has_value());
    CHECK(v.below().calls(FopId::flush) == 0);
}

TEST_CASE("open-behind: under write-behind a write is acknowledged and lands after the open") {
    DeferVolume v({fop_log(), open_behind(), test::write_behind()});
    {
        FdRef fd = v.open(O_RDWR);
        CHECK(v.write(*fd, 0, "abc") == 3u);
        CHECK(v.flush(*fd).has_value());
    }
    CHECK(v.below().calls(FopId::open) == 1);
    CHECK(v.leaf.data() == "abc");
    CHECK(v.leaf.released() == 1);
}

TEST_CASE("open-behind: a deferred open that fails fails the first use and every later one") {
    DeferVolume v;
    v.below().fail(FopId::open, ENOENT);
    v.put_below("data");
    FdRef fd = v.open(O_RDWR);
    // The read went below anonymously with the open, and was served there: the open decides.
    CHECK(v.read(*fd, 0, 1).error().errnum == ENOENT);
    CHECK(v.below().anonymous_reads() == 1);
    CHECK(v.write(*fd, 0, "x").error().errnum == ENOENT);
    CHECK(v.size_of(*fd).error().errnum == ENOENT);
    CHECK(v.read(*fd, 0, 1).error().errnum == ENOENT);
    CHECK(v.below().calls(FopId::open) == 1);
    CHECK(v.below().calls(FopId::readv) == 1);
    CHECK(v.below().calls(FopId::writev) == 0);
    // Nothing was opened below, so nothing is flushed there.
    CHECK(v.flush(*fd).has_value());
    CHECK(v.below().calls(FopId::flush) == 0);
}

TEST_CASE("open-behind: after a POSIX lock on the file, closing another unused fd flushes below") {
    DeferVolume v;
    FdRef locker = v.open(O_RDWR);
    Flock lock;
    lock.type = F_WRLCK;
    (void)sync_wait(v.top.lk(v.req, *locker, LockCmd::kSetLk, lock));
    CHECK(v.below().calls(FopId::lk) == 1);
    CHECK(v.below().calls(FopId::open) == 1);

    FdRef other = v.open(O_RDONLY);
    CHECK(v.flush(*other).has_value());
    CHECK(v.below().calls(FopId::open) == 2);
    CHECK(v.below().calls(FopId::flush) == 1);
    CHECK(v.flush(*locker).has_value());
    CHECK(v.below().calls(FopId::flush) == 2);
}

TEST_CASE("open-behind: a lock query alone does not make closes flush below") {
    DeferVolume v;
    FdRef fd = v.open(O_RDONLY);
    (void)sync_wait(v.top.lk(v.req, *fd, LockCmd::kGetLk, Flock{}));
    FdRef other = v.open(O_RDONLY);
    CHECK(v.flush(*other).has_value());
    CHECK(v.below().calls(FopId::flush) == 0);
}

TEST_CASE("open-behind: an open with O_TRUNC is sent at once") {
    DeferVolume v;
    v.put_below("old");
    FdRef fd = v.open(O_WRONLY | O_TRUNC);
    CHECK(v.below().calls(FopId::open) == 1);
    CHECK(v.leaf.data().empty());
}

TEST_CASE("open-behind: fops racing on an fd whose open is in flight send one open and all see it") {
    DeferVolume v({fop_log(), {"valve", "test/valve", ""}, open_behind()});
    auto& valve = v.layer<test::Valve>("valve");
    valve.hold(FopId::open);
    v.put_below("data");
    FdRef fd = v.open(O_WRONLY);
    auto first = start(v.top.fstat(v.req, *fd));
    CHECK(first->done.load());  // a stat: no open needed
    std::string a(4, '\0'), b(4, '\0');
    const iovec ia{a.data(), a.size()}, ib{b.data(), b.size()};
    auto read_a = start(v.top.readv(v.req, *fd, IoVecs(&ia, 1), 0, 0));
    auto read_b = start(v.top.readv(v.req, *fd, IoVecs(&ib, 1), 0, 0));
    CHECK(valve.held() == 1);
    CHECK_FALSE(read_a->done.load());
    CHECK_FALSE(read_b->done.load());
    valve.open();
    REQUIRE(read_a->done.load());
    REQUIRE(read_b->done.load());
    CHECK(*read_a->result == 4u);
    CHECK(*read_b->result == 4u);
    CHECK(a == "data");
    CHECK(b == "data");
    CHECK(v.below().calls(FopId::open) == 1);
}

TEST_CASE("open-behind: the first read of a read-only fd goes below anonymously, a second one with the open") {
    DeferVolume v;
    v.put_below("hello");
    {
        FdRef once = v.open(O_RDONLY);
        CHECK(v.read(*once, 0, 5) == "hello");
        CHECK(v.flush(*once).has_value());
    }
    CHECK(v.below().anonymous_reads() == 1);
    CHECK(v.below().calls(FopId::open) == 0);
    CHECK(v.below().calls(FopId::flush) == 0);
    CHECK(v.leaf.released() == 0);
    FdRef pieces = v.open(O_RDONLY);
    CHECK(v.read(*pieces, 0, 2) == "he");
    CHECK(v.read(*pieces, 2, 3) == "llo");
    CHECK(v.read(*pieces, 1, 3) == "ell");
    CHECK(v.below().anonymous_reads() == 3);
    CHECK(v.below().calls(FopId::open) == 1);
    CHECK(v.below().calls(FopId::readv) == 4);
    CHECK(v.layer<OpenBehind>("ob").dump() == "deferred=2 sent=1 anonymous-reads=3 anonymous-writes=0\n");
}

TEST_CASE("open-behind: a read that sends the open goes below with it, not after it") {
    DeferVolume v({fop_log(), {"valve", "test/valve", ""}, open_behind()});
    auto& valve = v.layer<test::Valve>("valve");
    valve.hold(FopId::open);
    v.put_below("data");
    FdRef fd = v.open(O_RDWR);
    std::string got(4, '\0');
    const iovec iov{got.data(), got.size()};
    auto read = start(v.top.readv(v.req, *fd, IoVecs(&iov, 1), 0, 0));
    CHECK(valve.held() == 1);
    CHECK(v.below().anonymous_reads() == 1);  // already below while the open is held
    CHECK_FALSE(read->done.load());           // the open decides its outcome
    valve.open();
    REQUIRE(read->done.load());
    CHECK(*read->result == 4u);
    CHECK(got == "data");
    CHECK(v.read(*fd, 1, 3) == "ata");
    CHECK(v.below().calls(FopId::open) == 1);
    CHECK(v.below().calls(FopId::readv) == 2);
}

TEST_CASE("open-behind: the first write of a write-only fd goes below anonymously, a second write sends the open") {
    DeferVolume v;
    {
        FdRef once = v.open(O_WRONLY);
        CHECK(v.write(*once, 0, "hello") == 5u);
        CHECK(v.flush(*once).has_value());
    }
    CHECK(v.below().anonymous_writes() == 1);
    CHECK(v.below().calls(FopId::open) == 0);
    CHECK(v.leaf.released() == 0);
    CHECK(v.leaf.data() == "hello");
    FdRef pieces = v.open(O_WRONLY);
    CHECK(v.write(*pieces, 0, "HE") == 2u);
    CHECK(v.write(*pieces, 2, "LLO") == 3u);
    CHECK(v.below().anonymous_writes() == 2);
    CHECK(v.below().calls(FopId::open) == 1);
    CHECK(v.leaf.data() == "HELLO");
    CHECK(v.layer<OpenBehind>("ob").dump() == "deferred=2 sent=1 anonymous-reads=0 anonymous-writes=2\n");
}

TEST_CASE("open-behind: writes of an O_RDWR fd or of one whose open carries O_SYNC, O_DSYNC or O_DIRECT open first") {
    DeferVolume v;
    for (const int flags : {O_RDWR, O_WRONLY | O_SYNC, O_WRONLY | O_DSYNC, O_WRONLY | O_DIRECT}) {
        FdRef fd = v.open(flags);
        CHECK(v.write(*fd, 0, "x") == 1u);
    }
    CHECK(v.below().anonymous_writes() == 0);
    CHECK(v.below().calls(FopId::open) == 4);
}

TEST_CASE("open-behind: a refused anonymous write (EBADF) opens that fd and writes, and the graph stops trying") {
    DeferVolume v;
    v.below().refuse_anonymous(EBADF);
    FdRef first = v.open(O_WRONLY);
    CHECK(v.write(*first, 0, "data") == 4u);
    CHECK(v.below().anonymous_writes() == 1);
    CHECK(v.below().calls(FopId::open) == 1);
    CHECK(v.leaf.data() == "data");
    FdRef second = v.open(O_WRONLY);
    CHECK(v.write(*second, 0, "more") == 4u);
    CHECK(v.below().anonymous_writes() == 1);
    CHECK(v.below().calls(FopId::open) == 2);
}

TEST_CASE("open-behind: reads of an fd opened for writing only, and other fops of a read-only fd, open first") {
    DeferVolume v;
    v.put_below("data");
    FdRef writer = v.open(O_WRONLY);
    CHECK(v.read(*writer, 0, 4) == "data");  // the leaf serves reads on any fd
    CHECK(v.below().calls(FopId::open) == 1);
    FdRef reader = v.open(O_RDONLY);
    CHECK(sync_wait(v.top.seek(v.req, *reader, 0, SEEK_DATA)) == 0);
    CHECK(v.below().calls(FopId::open) == 2);
    CHECK(v.read(*reader, 0, 4) == "data");
    CHECK(v.below().anonymous_reads() == 0);
}

TEST_CASE("open-behind: the open's failure fails the read that went with it, though the read was served") {
    DeferVolume v;
    v.put_below("data");
    FdRef fd = v.open(O_RDONLY);
    CHECK(v.read(*fd, 0, 4) == "data");
    v.below().fail(FopId::open, EACCES);
    CHECK(v.read(*fd, 0, 4).error().errnum == EACCES);
    CHECK(v.below().anonymous_reads() == 2);
    CHECK(v.read(*fd, 0, 4).error().errnum == EACCES);
    CHECK(v.below().calls(FopId::open) == 1);
    CHECK(v.below().calls(FopId::readv) == 2);
}

TEST_CASE("open-behind: with use-anonymous-fd off, the first read of a read-only fd sends the open") {
    DeferVolume v({fop_log(), open_behind("use-anonymous-fd off\n")});
    v.put_below("data");
    FdRef fd = v.open(O_RDONLY);
    CHECK(v.read(*fd, 0, 4) == "data");
    CHECK(v.below().calls(FopId::open) == 1);
    CHECK(v.below().anonymous_reads() == 0);
}

TEST_CASE("open-behind: a refused anonymous read (EBADF) opens that fd and reads, and the graph stops trying them") {
    DeferVolume v;
    v.below().refuse_anonymous(EBADF);
    v.put_below("data");
    FdRef first = v.open(O_RDONLY);
    CHECK(v.read(*first, 0, 4) == "data");
    CHECK(v.below().anonymous_reads() == 1);
    CHECK(v.below().calls(FopId::open) == 1);
    CHECK(v.read(*first, 0, 4) == "data");
    FdRef second = v.open(O_RDONLY);
    CHECK(v.read(*second, 0, 4) == "data");
    CHECK(v.below().anonymous_reads() == 1);
    CHECK(v.below().calls(FopId::open) == 2);
}

TEST_CASE("open-behind: after anonymous reads were served, a refused one opens that fd only") {
    DeferVolume v;
    v.put_below("data");
    FdRef served = v.open(O_RDONLY);
    CHECK(v.read(*served, 0, 4) == "data");
    v.below().refuse_anonymous(EINVAL);
    FdRef refused = v.open(O_RDONLY);
    CHECK(v.read(*refused, 0, 4) == "data");
    CHECK(v.below().calls(FopId::open) == 1);
    FdRef later = v.open(O_RDONLY);
    CHECK(v.read(*later, 0, 4) == "data");
    CHECK(v.below().anonymous_reads() == 3);
    CHECK(v.below().calls(FopId::open) == 2);
}

TEST_CASE("open-behind: an anonymous read refused with EACCES sends the open, which decides, for that fd only") {
    DeferVolume v;
    v.below().refuse_anonymous(EACCES);
    v.put_below("data");
    FdRef fd = v.open(O_RDONLY);
    CHECK(v.read(*fd, 0, 4) == "data");
    CHECK(v.below().calls(FopId::open) == 1);
    CHECK(v.read(*fd, 0, 4) == "data");
    FdRef other = v.open(O_RDONLY);
    CHECK(v.read(*other, 0, 4) == "data");
    CHECK(v.below().anonymous_reads() == 2);
    CHECK(v.below().calls(FopId::open) == 2);
}

TEST_CASE("open-behind: an anonymous read that fails otherwise fails that read; the next read sends the open") {
    DeferVolume v;
    v.below().refuse_anonymous(ESTALE);
    v.put_below("data");
    FdRef fd = v.open(O_RDONLY);
    CHECK(v.read(*fd, 0, 4).error().errnum == ESTALE);
    CHECK(v.below().calls(FopId::open) == 0);
    // It goes below anonymously with the open, fails there again, and is made on the opened fd.
    CHECK(v.read(*fd, 0, 4) == "data");
    CHECK(v.below().calls(FopId::open) == 1);
    CHECK(v.below().anonymous_reads() == 2);
    CHECK(v.below().calls(FopId::readv) == 3);
}

TEST_CASE("open-behind: under write-behind an anonymous read waits for an overlapping write of another fd") {
    DeferVolume v({fop_log(), {"valve", "test/valve", ""}, open_behind(), test::write_behind()});
    auto& valve = v.layer<test::Valve>("valve");
    v.put_below("old!");
    FdRef writer = v.open(O_WRONLY);
    CHECK(v.write(*writer, 0, "new") == 3u);  // acknowledged by write-behind, held below it
    CHECK(valve.held() == 1);
    FdRef reader = v.open(O_RDONLY);
    std::string got(4, '\0');
    const iovec iov{got.data(), got.size()};
    auto read = start(v.top.readv(v.req, *reader, IoVecs(&iov, 1), 0, 0));
    CHECK_FALSE(read->done.load());
    valve.open();
    REQUIRE(read->done.load());
    CHECK(*read->result == 4u);
    CHECK(got == "new!");
    CHECK(v.below().anonymous_reads() == 1);
}

}  // namespace
