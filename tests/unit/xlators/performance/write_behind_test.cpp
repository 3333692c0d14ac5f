// performance/write-behind: each correctness rule of write_behind.hpp and write_queue.hpp,
// shown with a valve (test/valve) holding writes in flight below write-behind, error-gen
// failing them, and the in-memory file leaf (test/file) at the bottom.
#include "core/xlators/performance/write-behind/write_behind.hpp"

#include <doctest/doctest.h>
#include <fcntl.h>

#include <algorithm>
#include <string>
#include <thread>

#include "core/xlators/debug/error-gen/error_gen.hpp"
#include "tests/unit/support/same_result.hpp"
#include "tests/unit/xlators/performance/write_behind_support.hpp"

namespace {

using namespace booster;
using booster::test::errno_of;
using booster::test::FileLeaf;
using booster::test::Layer;
using booster::test::same_result;
using booster::test::start;
using booster::test::Valve;
using booster::test::Volume;
using booster::test::write_behind;
using booster::test::WriteProbe;

const Layer kValve{"valve", "test/valve", ""};

Layer failing_writes(int every_nth) {
    return {"fail", "debug/error-gen", "enable writev\nerror-no EIO\nevery-nth " + std::to_string(every_nth) + "\n"};
}

}  // namespace

TEST_CASE("a write is acknowledged before it reaches the child, from a copy, and a later read sees it") {
    Volume v({kValve, write_behind()});
    FdRef fd = v.open();
    std::string caller_buffer = "hello";
    const iovec iov{caller_buffer.data(), caller_buffer.size()};
    CHECK(sync_wait(v.top.writev(v.req, *fd, IoVecs(&iov, 1), 0, 0)) == 5u);
    caller_buffer = "XXXXX";  // the caller's buffer is theirs again once writev returned
    CHECK(v.leaf.data().empty());
    CHECK(v.layer<Valve>("valve").held() == 1);

    std::string buf(5, '\0');
    const iovec into{buf.data(), buf.size()};
    auto read = start(v.top.readv(v.req, *fd, IoVecs(&into, 1), 0, 0));
    CHECK_FALSE(read->done.load());  // it waits for the write it must see
    v.layer<Valve>("valve").open();
    REQUIRE(read->done.load());
    CHECK(*read->result == 5u);
    CHECK(buf == "hello");
    CHECK(v.leaf.data() == "hello");
}

TEST_CASE("a read before every pending write does not wait for them; one at or before them does") {
    Volume v({kValve, write_behind()});
    FdRef fd = v.open();
    CHECK(v.write(*fd, 100, "0123456789") == 10u);
    std::string buf(10, '\0');
    const iovec into{buf.data(), buf.size()};
    auto beyond = start(v.top.readv(v.req, *fd, IoVecs(&into, 1), 200, 0));
    CHECK(beyond->done.load());
    CHECK(*beyond->result == 0u);
    // A read before the write still depends on it: the write may extend the file into it.
    auto before = start(v.top.readv(v.req, *fd, IoVecs(&into, 1), 95, 0));
    CHECK_FALSE(before->done.load());
    v.layer<Valve>("valve").open();
    REQUIRE(before->done.load());
    CHECK(buf == std::string(5, '\0') + "01234");
}

TEST_CASE("overlapping writes are never in flight together and land in order; disjoint ones go together") {
    Volume v({{"probe", "test/write-probe", ""}, kValve, {"probe-above", "test/write-probe", ""}, write_behind()});
    FdRef fd = v.open();
    auto& valve = v.layer<Valve>("valve");
    CHECK(v.write(*fd, 0, "aaaaaaaaaa") == 10u);    // sent at once: nothing in flight
    CHECK(v.write(*fd, 5, "bbbbbbbbbb") == 10u);    // overlaps the first: held above
    CHECK(v.write(*fd, 100, "cccccccccc") == 10u);  // overlaps nothing, but trickling waits...
    CHECK(valve.held() == 1);
    auto sync = start(v.top.fsync(v.req, *fd, false));  // ...until someone needs it
    CHECK(valve.held() == 2);
    CHECK(v.layer<WriteProbe>("probe-above").most_in_flight() == 2);
    valve.open();
    REQUIRE(sync->done.load());
    CHECK(sync->result->has_value());
    CHECK(v.layer<WriteProbe>("probe-above").overlapping_in_flight() == 0);
    CHECK(v.leaf.data().substr(0, 15) == "aaaaabbbbbbbbbb");
    CHECK(v.leaf.data().substr(100) == "cccccccccc");
}

TEST_CASE("fstat, stat and lookup wait for cached writes; readdirp leaves their attributes out") {
    Volume v({kValve, write_behind()});
    FdRef fd = v.open();
    CHECK(v.write(*fd, 1000, "x") == 1u);
    auto fstat = start(v.top.fstat(v.req, *fd));
    auto stat = start(v.top.stat(v.req, v.loc));
    Loc by_name;
    by_name.parent = v.loc.parent;
    by_name.pargfid = v.loc.pargfid;
    by_name.name = "file";
    by_name.inode = v.graph().itable().create();  // a lookup of a name arrives with a fresh inode
    auto lookup = start(v.top.lookup(v.req, by_name));
    FdRef dir = v.root_dir();
    auto listing = sync_wait(v.top.readdirp(v.req, *dir, 4096, 0));
    REQUIRE(listing.has_value());
    REQUIRE(listing->size() == 1);
    CHECK_FALSE((*listing)[0].attr.has_value());
    CHECK_FALSE(fstat->done.load());
    CHECK_FALSE(stat->done.load());
    CHECK_FALSE(lookup->done.load());

    v.layer<Valve>("valve").open();
    REQUIRE(fstat->done.load());
    REQUIRE(stat->done.load());
    REQUIRE(lookup->done.load());
    CHECK((*fstat->result)->size == 1001u);
    CHECK((*stat->result)->size == 1001u);
    CHECK((*lookup->result)->attr.size == 1001u);
    listing = sync_wait(v.top.readdirp(v.req, *dir, 4096, 0));
    REQUIRE(listing.has_value());
    REQUIRE((*listing)[0].attr.has_value());
    CHECK((*listing)[0].attr->size == 1001u);
}

TEST_CASE("O_SYNC and O_DSYNC writes, and writes with RWF_* flags, are not cached") {
    for (int flags : {O_RDWR | O_SYNC, O_RDWR | O_DSYNC, O_RDWR | O_DIRECT}) {
        CAPTURE(flags);
        Volume v({kValve, write_behind()});
        FdRef fd = v.open(flags);
        std::string data = "sync";
        const iovec iov{data.data(), data.size()};
        auto write = start(v.top.writev(v.req, *fd, IoVecs(&iov, 1), 0, 0));
        CHECK_FALSE(write->done.load());  // its answer is the child's
        v.layer<Valve>("valve").open();
        REQUIRE(write->done.load());
        CHECK(*write->result == 4u);
    }
    Volume v({kValve, write_behind()});
    FdRef fd = v.open();
    std::string data = "dsync";
    const iovec iov{data.data(), data.size()};
    auto write = start(v.top.writev(v.req, *fd, IoVecs(&iov, 1), 0, RWF_DSYNC));
    CHECK_FALSE(write->done.load());
    v.layer<Valve>("valve").open();
    CHECK(write->done.load());
}

TEST_CASE("an error of an O_SYNC write is returned by the write itself") {
    Volume v({failing_writes(1), write_behind()});
    FdRef fd = v.open(O_RDWR | O_DSYNC);
    CHECK(errno_of(v.write(*fd, 0, "lost")) == EIO);
    CHECK(sync_wait(v.top.fsync(v.req, *fd, false)).has_value());  // and not again later
    CHECK(v.top.dump().find("deferred-errors=0") != std::string::npos);
}

TEST_CASE("O_APPEND and RWF_APPEND writes wait for earlier writes and stay in order") {
    Volume v({kValve, write_behind()});
    FdRef writer = v.open();
    FdRef appender = v.open(O_WRONLY | O_APPEND);
    CHECK(v.write(*writer, 0, "0123") == 4u);  // cached, held below
    std::string a = "A";
    std::string b = "B";
    const iovec ia{a.data(), 1};
    const iovec ib{b.data(), 1};
    auto first = start(v.top.writev(v.req, *appender, IoVecs(&ia, 1), 0, RWF_APPEND));
    auto second = start(v.top.writev(v.req, *writer, IoVecs(&ib, 1), 0, RWF_APPEND));
    CHECK_FALSE(first->done.load());
    CHECK_FALSE(second->done.load());
    v.layer<Valve>("valve").open();
    REQUIRE(first->done.load());
    REQUIRE(second->done.load());
    CHECK(v.leaf.data() == "0123AB");
}

TEST_CASE("an acknowledged write's error is returned by the next fsync of each open fd, once") {
    Volume v({failing_writes(2), write_behind()});
    FdRef fd = v.open();
    FdRef other = v.open();
    CHECK(v.write(*fd, 0, "good") == 4u);
    CHECK(v.write(*fd, 4, "lost") == 4u);  // acknowledged, then failed below
    FdRef later = v.open();                 // opened after the failure: not its error
    CHECK(errno_of(sync_wait(v.top.fsync(v.req, *fd, false))) == EIO);
    CHECK(sync_wait(v.top.fsync(v.req, *fd, false)).has_value());
    CHECK(errno_of(sync_wait(v.top.flush(v.req, *other))) == EIO);
    CHECK(sync_wait(v.top.flush(v.req, *other)).has_value());
    CHECK(sync_wait(v.top.flush(v.req, *later)).has_value());
    CHECK(v.leaf.data() == "good");
    CHECK(v.top.dump().find("deferred-errors=1") != std::string::npos);
}

TEST_CASE("close (flush) returns the error of an acknowledged write, after waiting for it") {
    Volume v({failing_writes(1), kValve, write_behind()});
    FdRef fd = v.open();
    CHECK(v.write(*fd, 0, "doomed") == 6u);
    auto flush = start(v.top.flush(v.req, *fd));
    CHECK_FALSE(flush->done.load());
    v.layer<Valve>("valve").open();
    REQUIRE(flush->done.load());
    CHECK(errno_of(*flush->result) == EIO);
}

TEST_CASE("a failed acknowledged write fails the fops waiting for it, not the others") {
    Volume v({failing_writes(1), kValve, write_behind()});
    FdRef fd = v.open();
    CHECK(v.write(*fd, 0, "0123456789") == 10u);
    std::string buf(4, '\0');
    const iovec into{buf.data(), buf.size()};
    auto read = start(v.top.readv(v.req, *fd, IoVecs(&into, 1), 2, 0));
    SetAttr set;
    set.valid = SetAttr::kSize;
    set.size = 1;
    auto truncate = start(v.top.fsetattr(v.req, *fd, set));
    auto elsewhere = start(v.top.readv(v.req, *fd, IoVecs(&into, 1), 50, 0));
    CHECK(elsewhere->done.load());
    CHECK(elsewhere->result->has_value());
    v.layer<Valve>("valve").open();
    REQUIRE(read->done.load());
    REQUIRE(truncate->done.load());
    CHECK(errno_of(*read->result) == EIO);
    CHECK(errno_of(*truncate->result) == EIO);
    CHECK(errno_of(sync_wait(v.top.fsync(v.req, *fd, false))) == EIO);
}

TEST_CASE("truncate, fsync and flush wait for the writes they conflict with") {
    Volume v({kValve, write_behind()});
    FdRef fd = v.open();
    auto& valve = v.layer<Valve>("valve");
    CHECK(v.write(*fd, 0, "hello") == 5u);
    SetAttr set;
    set.valid = SetAttr::kSize;
    set.size = 2;
    auto truncate = start(v.top.fsetattr(v.req, *fd, set));
    auto sync = start(v.top.fsync(v.req, *fd, false));
    auto flush = start(v.top.flush(v.req, *fd));
    CHECK_FALSE(truncate->done.load());
    CHECK_FALSE(sync->done.load());
    CHECK_FALSE(flush->done.load());
    CHECK(v.leaf.data().empty());
    valve.open();
    REQUIRE(truncate->done.load());
    REQUIRE(sync->done.load());
    REQUIRE(flush->done.load());
    CHECK(v.leaf.data() == "he");  // the truncate landed after the write made before it
}

TEST_CASE("flush-behind: a flush waits for its own fd's writes only; off, for every fd's") {
    for (const bool behind : {true, false}) {
        CAPTURE(behind);
        Volume v({kValve, write_behind(behind ? "flush-behind on\n" : "flush-behind off\n")});
        FdRef writer = v.open();
        FdRef closer = v.open();
        CHECK(v.write(*writer, 0, "data") == 4u);
        auto flush = start(v.top.flush(v.req, *closer));
        CHECK(flush->done.load() == behind);
        v.layer<Valve>("valve").open();
        REQUIRE(flush->done.load());
        CHECK(flush->result->has_value());
    }
}

TEST_CASE("nothing is lost at release: the fd lives until its last write has its reply") {
    Volume v({kValve, write_behind()});
    FdRef fd = v.open();
    CHECK(v.write(*fd, 0, "last words") == 10u);
    fd = FdRef();  // the caller's last reference
    CHECK(v.leaf.released() == 0);
    v.layer<Valve>("valve").open();
    CHECK(v.leaf.data() == "last words");
    CHECK(v.leaf.released() == 1);
}

TEST_CASE("nothing is lost when the graph goes with files open: fini sends held writes and waits for them") {
    Volume v({{"delay", "debug/delay-gen", "delay-duration 2000\n"}, write_behind("trickling-writes off\n")});
    FdRef fd = v.open();
    CHECK(v.write(*fd, 0, "held ") == 5u);
    CHECK(v.write(*fd, 5, "back") == 4u);
    CHECK(v.leaf.writes().empty());
    v.layer<WriteBehind>("wb").fini();
    CHECK(v.leaf.data() == "held back");
    CHECK(v.top.dump().find("busy-files=0") != std::string::npos);
}

TEST_CASE("the window: writes beyond window-size wait for room, in order") {
    Volume v({kValve, write_behind("window-size 512KB\n")});
    FdRef fd = v.open();
    const std::string block(64 * 1024, 'w');
    for (int i = 0; i < 8; ++i) CHECK(v.write(*fd, i * 65536, block) == block.size());
    const iovec iov{const_cast<char*>(block.data()), block.size()};
    auto ninth = start(v.top.writev(v.req, *fd, IoVecs(&iov, 1), 8 * 65536, 0));
    CHECK_FALSE(ninth->done.load());
    v.layer<Valve>("valve").open();
    REQUIRE(ninth->done.load());
    CHECK(*ninth->result == block.size());
    CHECK(v.leaf.data() == std::string(9 * block.size(), 'w'));
    CHECK(v.top.dump().starts_with("cached=8 written-through=0 window-waits=1 "));
}

TEST_CASE("the window: a writer that found it full resumes once half of it has drained, not at the first reply") {
    Volume v({kValve, write_behind("window-size 512KB\n")});
    FdRef fd = v.open();
    auto& valve = v.layer<Valve>("valve");
    const std::string block(64 * 1024, 'w');
    constexpr off_t kStride = 128 * 1024;  // apart: each write is a batch of its own
    for (int i = 0; i < 8; ++i) CHECK(v.write(*fd, i * kStride, block) == block.size());
    const iovec iov{const_cast<char*>(block.data()), block.size()};
    auto ninth = start(v.top.writev(v.req, *fd, IoVecs(&iov, 1), 8 * kStride, 0));
    CHECK(valve.held() == 9);  // a caller waits: everything goes
    for (int replies = 1; replies <= 3; ++replies) {
        REQUIRE(valve.release_one());
        CHECK_FALSE(ninth->done.load());  // 448, 384, 320 KiB still in flight
    }
    REQUIRE(valve.release_one());  // 256 KiB: half the window
    REQUIRE(ninth->done.load());
    CHECK(*ninth->result == block.size());
    valve.open();
    REQUIRE(v.leaf.data().size() == 8 * kStride + block.size());
    for (int i = 0; i <= 8; ++i) CHECK(v.leaf.data().substr(i * kStride, block.size()) == block);
}

TEST_CASE("a write larger than the window is written through") {
    Volume v({kValve, write_behind("window-size 512KB\n")});
    FdRef fd = v.open();
    std::string big(600 * 1024, 'b');
    const iovec iov{big.data(), big.size()};
    auto write = start(v.top.writev(v.req, *fd, IoVecs(&iov, 1), 0, 0));
    CHECK_FALSE(write->done.load());
    v.layer<Valve>("valve").open();
    REQUIRE(write->done.load());
    CHECK(*write->result == big.size());
}

// The writes after the first are appended to the copy of the unsent one they continue: the
// child gets their bytes in one buffer.
TEST_CASE("trickling: the first write goes at once, the next ones wait for it and go joined, in one buffer") {
    Volume v({kValve, write_behind()});
    FdRef fd = v.open();
    for (int i = 0; i < 32; ++i) CHECK(v.write(*fd, i * 4096, std::string(4096, 'a' + i % 26)) == 4096u);
    v.layer<Valve>("valve").open();
    CHECK(sync_wait(v.top.fsync(v.req, *fd, false)).has_value());
    const auto writes = v.leaf.writes();
    REQUIRE(writes.size() == 2);
    CHECK(writes[0].size == 4096u);
    CHECK(writes[1].offset == 4096);
    CHECK(writes[1].size == 31u * 4096);
    CHECK(writes[1].buffers == 1u);
    CHECK(v.leaf.data().size() == 32u * 4096);
    for (int i = 0; i < 32; ++i) CHECK(v.leaf.data()[i * 4096 + 4095] == 'a' + i % 26);
}

TEST_CASE("a write that continues an unsent one but overlaps a pending write is not appended to it") {
    Volume v({kValve, {"probe-above", "test/write-probe", ""}, write_behind()});
    FdRef fd = v.open();
    auto& valve = v.layer<Valve>("valve");
    CHECK(v.write(*fd, 4096, std::string(4096, 'x')) == 4096u);  // in flight
    CHECK(v.write(*fd, 0, std::string(4096, 'b')) == 4096u);     // held: trickling waits
    CHECK(v.write(*fd, 4096, std::string(4096, 'c')) == 4096u);  // continues it, overlaps the first
    auto sync = start(v.top.fsync(v.req, *fd, false));           // what may go, goes
    CHECK(valve.held() == 2);  // the first and 'b'; 'c' waits for the first's reply
    valve.open();
    REQUIRE(sync->done.load());
    CHECK(v.layer<WriteProbe>("probe-above").overlapping_in_flight() == 0);
    CHECK(v.leaf.data() == std::string(4096, 'b') + std::string(4096, 'c'));
}

TEST_CASE("a full batch goes at once when none is in flight, else with the next reply") {
    Volume v({kValve, write_behind("trickling-writes off\naggregate-size 8KB\n")});
    FdRef fd = v.open();
    auto& valve = v.layer<Valve>("valve");
    CHECK(v.write(*fd, 0, std::string(8192, 'a')) == 8192u);
    CHECK(valve.held() == 1);
    for (int i = 2; i < 6; ++i) CHECK(v.write(*fd, i * 4096, std::string(4096, 'a' + i)) == 4096u);
    CHECK(valve.held() == 1);  // two full batches wait for the first one's reply
    valve.open();
    REQUIRE(v.leaf.writes().size() == 3);
    CHECK(v.leaf.writes()[1].size == 8192u);
    CHECK(v.leaf.writes()[2].size == 8192u);
    CHECK(v.leaf.data().substr(5 * 4096) == std::string(4096, 'f'));
}

// Only the last unsent write takes appends, so one that the next write does not continue can
// never grow: a reply sends it rather than holding it until the pipe is empty.
TEST_CASE("a reply sends the held writes that nothing can join any more; the last one stays to be joined") {
    Volume v({kValve, write_behind("trickling-writes off\naggregate-size 8KB\n")});
    FdRef fd = v.open();
    auto& valve = v.layer<Valve>("valve");
    CHECK(v.write(*fd, 0, std::string(8192, 'a')) == 8192u);  // full, none in flight: goes
    CHECK(v.write(*fd, 65536, std::string(8192, 'b')) == 8192u);  // full: waits for a reply
    for (const off_t at : {131072, 196608, 262144}) CHECK(v.write(*fd, at, std::string(4096, 'c')) == 4096u);
    CHECK(valve.held() == 1);
    REQUIRE(valve.release_one());
    CHECK(valve.held() == 3);  // 'b' and the two 'c's that are followed by another write
    CHECK(v.write(*fd, 262144 + 4096, std::string(4096, 'd')) == 4096u);  // joins the last one
    valve.open();
    CHECK(sync_wait(v.top.flush(v.req, *fd)).has_value());
    std::vector<std::pair<off_t, std::size_t>> sent;
    for (const auto& w : v.leaf.writes()) sent.emplace_back(w.offset, w.size);
    std::ranges::sort(sent);  // disjoint writes land in any order
    CHECK(sent == std::vector<std::pair<off_t, std::size_t>>{
                      {0, 8192}, {65536, 8192}, {131072, 4096}, {196608, 4096}, {262144, 8192}});
}

TEST_CASE("writes appended to each other from two threads each answer their own size") {
    Volume v({kValve, write_behind()});
    FdRef fd = v.open();
    constexpr int kChunks = 128;  // 512 KiB: within the window while the first write is held
    auto writer = [&](int first) {
        for (int i = first; i < kChunks; i += 2) CHECK(v.write(*fd, i * 4096, std::string(4096, 'a' + i % 26)) == 4096u);
    };
    std::thread even(writer, 0);
    std::thread odd(writer, 1);
    even.join();
    odd.join();
    v.layer<Valve>("valve").open();
    CHECK(sync_wait(v.top.fsync(v.req, *fd, false)).has_value());
    REQUIRE(v.leaf.data().size() == kChunks * 4096u);
    for (int i = 0; i < kChunks; ++i) CHECK(v.leaf.data()[i * 4096 + 4095] == 'a' + i % 26);
}

TEST_CASE("without trickling, a batch that cannot take the next contiguous write goes at once") {
    Volume v({write_behind("trickling-writes off\naggregate-size 128KB\n")});
    FdRef fd = v.open();
    CHECK(v.write(*fd, 0, std::string(96 * 1024, 'a')) == 96u * 1024);
    CHECK(v.leaf.writes().empty());
    CHECK(v.write(*fd, 96 * 1024, std::string(96 * 1024, 'b')) == 96u * 1024);
    REQUIRE(v.leaf.writes().size() == 1);
    CHECK(v.leaf.writes()[0].size == 96u * 1024);
    CHECK(sync_wait(v.top.flush(v.req, *fd)).has_value());
    CHECK(v.leaf.data() == std::string(96 * 1024, 'a') + std::string(96 * 1024, 'b'));
}

TEST_CASE("without trickling, contiguous writes are held until aggregate-size or a flush needs them") {
    Volume v({write_behind("trickling-writes off\naggregate-size 128KB\n")});
    FdRef fd = v.open();
    for (int i = 0; i < 31; ++i) CHECK(v.write(*fd, i * 4096, std::string(4096, 'x')) == 4096u);
    CHECK(v.leaf.writes().empty());
    CHECK(v.write(*fd, 31 * 4096, std::string(4096, 'x')) == 4096u);  // 128 KiB: one write
    REQUIRE(v.leaf.writes().size() == 1);
    CHECK(v.leaf.writes()[0].size == 128u * 1024);
    CHECK(v.write(*fd, 128 * 1024, "tail") == 4u);
    CHECK(v.write(*fd, 128 * 1024 + 4, "-end") == 4u);
    CHECK(v.leaf.writes().size() == 1);
    CHECK(sync_wait(v.top.flush(v.req, *fd)).has_value());
    REQUIRE(v.leaf.writes().size() == 2);
    CHECK(v.leaf.writes()[1].size == 8u);
    CHECK(v.leaf.data().substr(128 * 1024) == "tail-end");
}

TEST_CASE("writes join only when contiguous, through the same fd, with the same lock owner") {
    Volume v({kValve, write_behind()});
    FdRef fd = v.open();
    FdRef other = v.open();
    CHECK(v.write(*fd, 0, "first") == 5u);  // in flight alone
    CHECK(v.write(*fd, 10, "aa") == 2u);
    CHECK(v.write(*fd, 12, "bb") == 2u);     // joins
    CHECK(v.write(*fd, 20, "cc") == 2u);     // gap
    CHECK(v.write(*other, 22, "dd") == 2u);  // other fd
    v.req.lk_owner = 7;
    CHECK(v.write(*fd, 24, "ee") == 2u);  // other owner
    v.layer<Valve>("valve").open();
    CHECK(sync_wait(v.top.fsync(v.req, *fd, false)).has_value());
    std::vector<std::pair<off_t, std::size_t>> sent;
    for (const auto& w : v.leaf.writes()) sent.emplace_back(w.offset, w.size);
    CHECK(sent == std::vector<std::pair<off_t, std::size_t>>{{0, 5}, {10, 4}, {20, 2}, {22, 2}, {24, 2}});
}

TEST_CASE("open with O_TRUNC waits for the writes pending on the file") {
    Volume v({kValve, write_behind()});
    FdRef fd = v.open();
    CHECK(v.write(*fd, 0, "old") == 3u);
    FdRef truncating = Fd::create(v.inode, O_RDWR | O_TRUNC, 1, v.graph().slots());
    auto open = start(v.top.open(v.req, v.loc, O_RDWR | O_TRUNC, *truncating));
    CHECK_FALSE(open->done.load());
    v.layer<Valve>("valve").open();
    REQUIRE(open->done.load());
    CHECK(v.leaf.data().empty());
}

TEST_CASE("copy_file_range, fallocate, discard, zerofill and seek wait for pending writes") {
    Volume v({kValve, write_behind()});
    FdRef fd = v.open();
    auto& valve = v.layer<Valve>("valve");
    CHECK(v.write(*fd, 0, "abcdefgh") == 8u);
    auto copy = start(v.top.copy_file_range(v.req, *fd, 0, *fd, 8, 4, 0));
    CHECK_FALSE(copy->done.load());
    valve.open();
    REQUIRE(copy->done.load());
    CHECK(v.leaf.data() == "abcdefghabcd");

    valve.close();
    CHECK(v.write(*fd, 12, "ijkl") == 4u);
    auto hole = start(v.top.discard(v.req, *fd, 12, 2));
    auto zero = start(v.top.zerofill(v.req, *fd, 0, 1));
    auto grow = start(v.top.fallocate(v.req, *fd, 0, 0, 20));
    auto seek = start(v.top.seek(v.req, *fd, 15, SEEK_DATA));
    CHECK_FALSE(hole->done.load());
    CHECK_FALSE(zero->done.load());
    CHECK_FALSE(grow->done.load());
    CHECK_FALSE(seek->done.load());
    valve.open();
    CHECK(seek->result->has_value());  // byte 15 exists only once the write landed
    CHECK(v.leaf.data() == std::string("\0bcdefghabcd\0\0kl\0\0\0\0", 20));
}

TEST_CASE("with nothing pending, write-behind answers as its child does") {
    Volume direct({});
    Volume through({write_behind()});
    FdRef a = direct.open();
    FdRef b = through.open();
    CHECK(same_result(direct.write(*a, 3, "abc"), through.write(*b, 3, "abc")));
    CHECK(same_result(direct.read(*a, 0, 10), through.read(*b, 0, 10)));
    CHECK(same_result(direct.size_of(*a), through.size_of(*b)));
    CHECK(direct.truncate(*a, 2)->size == through.truncate(*b, 2)->size);
    CHECK(same_result(direct.read(*a, 0, 10), through.read(*b, 0, 10)));
    CHECK(errno_of(direct.write(*a, -1, "x")) == errno_of(through.write(*b, -1, "x")));
    CHECK(direct.leaf.data() == through.leaf.data());
}

TEST_CASE("aggregate-size larger than window-size is refused at init") {
    auto built = Graph::from_text(booster::test::stack_of({write_behind("window-size 512KB\naggregate-size 1MB\n")}),
                                  "test.vol", booster::test::kTestXlatorTypes);
    REQUIRE(built.has_value());
    CHECK_FALSE((*built)->activate().has_value());
    auto small = Graph::from_text(booster::test::stack_of({write_behind("window-size 4KB\n")}), "test.vol",
                                  booster::test::kTestXlatorTypes);
    REQUIRE_FALSE(small.has_value());
    CHECK(small.error().find("window-size") != std::string::npos);
}
