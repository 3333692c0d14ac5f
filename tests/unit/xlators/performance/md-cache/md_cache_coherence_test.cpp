// performance/md-cache: each coherence rule of md_cache.hpp, one by one (open and create drop,
// every own change drops the attributes of what it changes, a failed fop drops, a reply racing
// a change is not kept), and fstats and writes from many threads.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <linux/falloc.h>

#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "tests/unit/xlators/performance/md-cache/md_cache_volume.hpp"

namespace {

using namespace booster;
using booster::test::AttrVolume;
using booster::test::start;

struct Change {
    const char* name;
    std::function<void(AttrVolume&, Fd&)> run;
};

// A fop through the cache; its result does not matter here (a failure drops as well).
template <class T>
void through(Task<Result<T>> task) {
    (void)sync_wait(std::move(task));
}

Loc named(AttrVolume& v, const std::string& name) {
    Loc at;
    at.inode = v.graph().itable().create();
    at.parent = v.root.inode;
    at.pargfid = Gfid::root();
    at.name = name;
    at.path = "/" + name;
    at.gfid = Gfid::random();
    return at;
}

// Fops that change the file itself (or its name): the next fstat must ask the child.
std::vector<Change> file_changes() {
    return {
        {"open", [](AttrVolume& v, Fd&) { (void)v.open(O_RDONLY); }},
        {"create", [](AttrVolume& v, Fd&) {
             FdRef fd = Fd::create(v.inode, O_RDWR, 1, v.graph().slots());
             through(v.top.create(v.req, v.loc, O_RDWR | O_CREAT, 0644, 022, *fd));
         }},
        {"writev", [](AttrVolume& v, Fd& fd) { REQUIRE(v.write(fd, 0, "ab").has_value()); }},
        {"flush", [](AttrVolume& v, Fd& fd) { through(v.top.flush(v.req, fd)); }},
        {"fsync", [](AttrVolume& v, Fd& fd) { through(v.top.fsync(v.req, fd, false)); }},
        {"fallocate", [](AttrVolume& v, Fd& fd) { through(v.top.fallocate(v.req, fd, FALLOC_FL_KEEP_SIZE, 0, 1)); }},
        {"discard", [](AttrVolume& v, Fd& fd) { through(v.top.discard(v.req, fd, 0, 1)); }},
        {"zerofill", [](AttrVolume& v, Fd& fd) { through(v.top.zerofill(v.req, fd, 0, 1)); }},
        {"copy_file_range", [](AttrVolume& v, Fd& fd) {
             FdRef in = v.open(O_RDONLY);
             through(v.top.copy_file_range(v.req, *in, 0, fd, 0, 1, 0));
         }},
        {"setxattr", [](AttrVolume& v, Fd&) { through(v.top.setxattr(v.req, v.loc, "user.k", "v", 0)); }},
        {"removexattr", [](AttrVolume& v, Fd&) { through(v.top.removexattr(v.req, v.loc, "user.k")); }},
        {"fsetxattr", [](AttrVolume& v, Fd& fd) { through(v.top.fsetxattr(v.req, fd, "user.k", "v", 0)); }},
        {"fremovexattr", [](AttrVolume& v, Fd& fd) { through(v.top.fremovexattr(v.req, fd, "user.k")); }},
        {"xattrop", [](AttrVolume& v, Fd&) { through(v.top.xattrop(v.req, v.loc, XattrOp::kAddArray64, Dict())); }},
        {"fxattrop", [](AttrVolume& v, Fd& fd) { through(v.top.fxattrop(v.req, fd, XattrOp::kAddArray64, Dict())); }},
        {"unlink", [](AttrVolume& v, Fd&) { through(v.top.unlink(v.req, v.loc)); }},
        {"rename (source)", [](AttrVolume& v, Fd&) { through(v.top.rename(v.req, v.loc, named(v, "moved"), 0)); }},
        {"rename (replaced target)", [](AttrVolume& v, Fd&) {
             Loc from = named(v, "other");
             from.inode = v.graph().itable().create();
             through(v.top.rename(v.req, from, named(v, "file"), 0));
         }},
        {"link (source)", [](AttrVolume& v, Fd&) { through(v.top.link(v.req, v.loc, named(v, "hard"))); }},
    };
}

// Fops that add or remove a name in the root: the root's next stat must ask the child.
std::vector<Change> parent_changes() {
    return {
        {"create", [](AttrVolume& v, Fd&) {
             Loc at = named(v, "new");
             FdRef fd = Fd::create(at.inode, O_RDWR, 1, v.graph().slots());
             through(v.top.create(v.req, at, O_RDWR | O_CREAT | O_EXCL, 0644, 022, *fd));
         }},
        {"mknod", [](AttrVolume& v, Fd&) { through(v.top.mknod(v.req, named(v, "n"), S_IFIFO | 0644, 0, 022)); }},
        {"mkdir", [](AttrVolume& v, Fd&) { through(v.top.mkdir(v.req, named(v, "d"), 0755, 022)); }},
        {"symlink", [](AttrVolume& v, Fd&) { through(v.top.symlink(v.req, "file", named(v, "s"), 022)); }},
        {"link", [](AttrVolume& v, Fd&) { through(v.top.link(v.req, v.loc, named(v, "hard"))); }},
        {"unlink", [](AttrVolume& v, Fd&) { through(v.top.unlink(v.req, v.loc)); }},
        {"rmdir", [](AttrVolume& v, Fd&) { through(v.top.rmdir(v.req, named(v, "d"))); }},
        {"rename", [](AttrVolume& v, Fd&) { through(v.top.rename(v.req, v.loc, named(v, "moved"), 0)); }},
    };
}

}  // namespace

TEST_CASE("every change of the file drops its cached attributes") {
    for (const Change& change : file_changes()) {
        CAPTURE(change.name);
        AttrVolume v;
        FdRef fd = v.open(O_RDWR);
        REQUIRE(v.size_of(*fd) == 0);
        v.grow_below(10);
        change.run(v, *fd);
        CHECK(v.size_of(*fd) == v.leaf_size());
    }
}

TEST_CASE("forget_cached (a change behind the graph's back) drops the file's cached attributes") {
    AttrVolume v;
    FdRef fd = v.open(O_RDWR);
    REQUIRE(v.size_of(*fd) == 0);
    v.grow_below(10);
    CHECK(v.size_of(*fd) == 0);  // cached
    v.top.forget_cached(fd->inode());
    CHECK(v.size_of(*fd) == 10);
}

TEST_CASE("every change of an entry drops the parent directory's cached attributes") {
    for (const Change& change : parent_changes()) {
        CAPTURE(change.name);
        AttrVolume v;
        FdRef fd = v.open(O_RDWR);
        REQUIRE(v.stat(v.root)->size == 0);
        v.grow_below(10);
        change.run(v, *fd);
        CHECK(v.stat(v.root)->size == v.leaf_size());
    }
}

TEST_CASE("setattr and fsetattr keep the attributes of their reply") {
    AttrVolume v;
    FdRef fd = v.open(O_RDWR);
    REQUIRE(v.size_of(*fd) == 0);
    v.grow_below(10);
    SUBCASE("fsetattr") { REQUIRE(v.truncate(*fd, 4)->size == 4); }
    SUBCASE("setattr") {
        SetAttr set{.valid = SetAttr::kSize, .size = 4};
        REQUIRE(sync_wait(v.top.setattr(v.req, v.loc, set))->size == 4);
    }
    const int asked = v.asked();
    CHECK(v.size_of(*fd) == 4);
    CHECK(v.asked() == asked);
}

TEST_CASE("a failed fop drops the attributes it would have kept") {
    AttrVolume v;
    REQUIRE(v.stat(v.loc)->size == 0);
    v.grow_below(10);
    Loc gone = v.loc;
    gone.name = "gone";  // the leaf answers ENOENT, on the file's inode
    REQUIRE_FALSE(sync_wait(v.top.lookup(v.req, gone)).has_value());
    CHECK(v.stat(v.loc)->size == 10);
}

TEST_CASE("an fstat whose reply races a write is not kept") {
    AttrVolume v;
    FdRef fd = v.open(O_RDWR);
    v.probe().hold_replies();
    auto racing = start(v.top.fstat(v.req, *fd));
    REQUIRE(v.probe().held() == 1);  // it has read size 0 below and is on its way up
    REQUIRE(v.write(*fd, 0, "abc").has_value());
    v.probe().release_replies();
    REQUIRE(racing->done.load());
    CHECK(racing->result->value().size == 0);
    CHECK(v.size_of(*fd) == 3);
}

TEST_CASE("fstats and writes from many threads: each thread sees its own writes") {
    AttrVolume v;
    constexpr int kThreads = 4;
    constexpr int kRounds = 300;
    std::vector<std::thread> threads;
    std::atomic<int> stale{0};  // a failed fop or a size older than the thread's own write
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            FdRef fd = v.open(O_RDWR);
            for (int i = 0; i < kRounds; ++i) {
                const auto end = static_cast<std::uint64_t>((t * kRounds + i) % 97 + 1);
                const bool wrote = v.write(*fd, static_cast<off_t>(end - 1), "x").has_value();
                Result<std::uint64_t> size = v.size_of(*fd);
                if (!wrote || !size || *size < end) stale.fetch_add(1);
            }
        });
    }
    for (std::thread& t : threads) t.join();
    CHECK(stale.load() == 0);
    FdRef fd = v.open(O_RDONLY);
    CHECK(v.size_of(*fd) == v.leaf_size());
}
