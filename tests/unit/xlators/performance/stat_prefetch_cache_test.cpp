// performance/stat-prefetch, the cache itself: lookups of the listing process answered from
// its fd's cache (and only those), lookup-behind, the directory's own attributes as
// postparent, flush on an unexpected offset, release and forget, lookups racing with a fill,
// and a fill racing with an invalidation (rule 12).
// Each test changes an object on the brick behind the graph's back (make_stale): a lookup
// answered from the cache cannot see that change, one that went below does.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <stdlib.h>

#include <atomic>
#include <filesystem>
#include <fstream>

#include "core/engine/spawn.hpp"
#include "tests/unit/support/same_result.hpp"
#include "tests/unit/xlators/performance/stat_prefetch_volume.hpp"

namespace {

using namespace booster;
using booster::test::kLister;
using booster::test::kOther;
using booster::test::StatPrefetchVolume;

constexpr std::string_view kNoBehind = "  option lookup-behind off\n";

// delay-gen between posix and io-stats, holding the chosen fops until its fini().
std::string held(std::string_view fops) {
    return "volume mid\n  type debug/delay-gen\n  option enable " + std::string(fops) +
           "\n  option delay-duration 3600000000\n  subvolumes brick\nend-volume\n";
}

}  // namespace

TEST_CASE("after a listing, the lister's lookups are answered from the cache, not from below") {
    StatPrefetchVolume v({}, kNoBehind);
    v.fill("g/d");
    InodeRef d = v.resolve("g/d");
    const std::uint64_t before = v.below("lookup");
    v.make_stale("g/d/f");
    Result<EntryReply> r = v.lookup(kLister, d, "f");
    REQUIRE(r.has_value());
    CHECK(r->attr.uid == 0);  // the brick says 5000 by now
    CHECK(v.staleness(d, "f", "g/d/f") != "");
    CHECK(v.below("lookup") == before);
    CHECK(v.sp_counter("hits") == 2);
}

TEST_CASE("a listing through readdir is cached, and its caller still gets no attributes") {
    StatPrefetchVolume v;
    FdRef fd = v.opendir(kLister, v.resolve("g/d"));
    Dirents listed = v.list_all(*fd);
    REQUIRE(listed.size() == 6);  // . .. f t s sub
    for (const Dirent& d : listed) CHECK_FALSE(d.attr.has_value());
    CHECK(v.below("readdirp") >= 1);
    CHECK(v.below("readdir") == 0);
    REQUIRE(v.lookup(kLister, v.resolve("g/d"), "sub").has_value());
    CHECK(v.sp_counter("hits") == 1);
}

TEST_CASE("a readdirp caller gets the attributes, and the listing is cached as well") {
    StatPrefetchVolume v;
    FdRef fd = v.opendir(kLister, v.resolve("g/d"));
    for (const Dirent& d : v.list_all(*fd, 0, true))
        if (d.name != "..") CHECK(d.attr.has_value());
    REQUIRE(v.lookup(kLister, v.resolve("g/d"), "t").has_value());
    CHECK(v.sp_counter("hits") == 1);
}

TEST_CASE("another process's lookup is not answered from the lister's cache") {
    StatPrefetchVolume v;
    v.fill("g/d");
    v.make_stale("g/d/f");
    InodeRef d = v.resolve("g/d");
    Result<EntryReply> r = v.lookup(kOther, d, "f");
    REQUIRE(r.has_value());
    CHECK(r->attr.uid == 5000);
    CHECK(v.sp_counter("hits") == 0);
}

TEST_CASE("a lookup with xdata (need_xattr) passes through the cache") {
    StatPrefetchVolume v;
    v.fill("g/d");
    v.make_stale("g/d/f");
    Dict want;
    want.set("user.wanted", std::uint64_t{0});
    Result<EntryReply> r = v.lookup(kLister, v.resolve("g/d"), "f", &want);
    REQUIRE(r.has_value());
    CHECK(r->attr.uid == 5000);
    CHECK(v.sp_counter("hits") == 0);
}

TEST_CASE("lookup-behind: a lookup answered from the cache is still sent below, and the answer does not wait for it") {
    StatPrefetchVolume v(held("lookup"));
    (void)v.resolve_by_listing("g/d/f");  // posix gives f its gfid now, not during the lister's listing
    InodeRef d = v.resolve_by_listing("g/d");
    FdRef fd = v.opendir(kLister, d);
    (void)v.list_all(*fd);
    REQUIRE(v.lookup(kLister, d, "f").has_value());  // answered while the lookup below is held
    CHECK(v.sp_counter("hits") == 1);
    CHECK(v.sp_counter("behind") == 1);
    CHECK(v.below("lookup") == 0);
    booster::test::xlator<Xlator>(v.graph(), "mid").fini();  // delay-gen lets it go
    v.graph().find("sp")->fini();                            // and stat-prefetch waits for it
    CHECK(v.below("lookup") == 1);
    CHECK(v.sp_counter("behind_disagreed") == 0);
}

TEST_CASE("a lookup-behind that finds the entry changed drops it: the next lookup goes below") {
    StatPrefetchVolume v;
    v.fill("g/d");
    v.make_stale("g/d/f");
    InodeRef d = v.resolve("g/d");
    const std::uint64_t before = v.below("lookup");
    Result<EntryReply> first = v.lookup(kLister, d, "f");
    REQUIRE(first.has_value());
    CHECK(first->attr.uid == 0);  // from the cache
    v.graph().find("sp")->fini();  // waits for the lookup sent behind
    CHECK(v.below("lookup") == before + 1);
    CHECK(v.sp_counter("behind_disagreed") == 1);
    CHECK(v.staleness(d, "f", "g/d/f") == "");
    CHECK(v.sp_counter("hits") == 1);
}

TEST_CASE("with lookup-behind off, a cache hit sends nothing below") {
    StatPrefetchVolume v({}, kNoBehind);
    v.fill("g/d");
    InodeRef d = v.resolve("g/d");
    const std::uint64_t before = v.below("lookup");
    for (const char* name : {"f", "t", "s", "sub"}) REQUIRE(v.lookup(kLister, d, name).has_value());
    CHECK(v.sp_counter("hits") == 4);
    CHECK(v.below("lookup") == before);
}

TEST_CASE("the directory's own attributes answer as postparent, and go when the directory changes") {
    StatPrefetchVolume v;
    InodeRef d = v.resolve("g/d");
    v.fill("g/d");
    struct stat dir {};
    REQUIRE(::lstat(v.brick("g/d").c_str(), &dir) == 0);
    Result<EntryReply> r = v.lookup(kLister, d, "f");
    REQUIRE(r.has_value());
    REQUIRE(r->postparent.has_value());
    CHECK(r->postparent->gfid == d->gfid());
    CHECK(r->postparent->ctime.tv_nsec == dir.st_ctim.tv_nsec);
    CHECK(r->postparent->mtime.tv_nsec == dir.st_mtim.tv_nsec);

    Loc made = v.fresh(d, "new");
    made.gfid = Gfid::random();
    REQUIRE(sync_wait(v.top().mkdir(StatPrefetchVolume::request(kOther), made, 0755, 022)).has_value());
    REQUIRE(::lstat(v.brick("g/d").c_str(), &dir) == 0);
    r = v.lookup(kLister, d, "t");
    REQUIRE(r.has_value());
    CHECK(v.sp_counter("hits") == 2);
    if (r->postparent) CHECK(r->postparent->mtime.tv_nsec == dir.st_mtim.tv_nsec);
}

TEST_CASE("a read at an unexpected offset (seekdir, rewinddir) flushes the fd's cache") {
    StatPrefetchVolume v;
    InodeRef d = v.resolve("g/d");
    FdRef fd = v.opendir(kLister, d);
    Dirents listed = v.list_all(*fd);
    REQUIRE(listed.size() >= 4);
    // An entry that is not the last: seeking past it leaves it out of the re-read.
    const Dirent* skipped = nullptr;
    for (std::size_t i = 0; i + 1 < listed.size(); ++i)
        if (listed[i].name != "." && listed[i].name != "..") skipped = &listed[i];
    REQUIRE(skipped != nullptr);
    v.make_stale("g/d/" + skipped->name);
    (void)v.list_all(*fd, skipped->off);
    CHECK(v.sp_counter("offset_flushes") == 1);
    CHECK(v.staleness(d, skipped->name, "g/d/" + skipped->name) == "");
    (void)v.list_all(*fd, 0);  // rewinddir
    CHECK(v.sp_counter("offset_flushes") == 2);
}

TEST_CASE("releasedir frees the fd's cache") {
    StatPrefetchVolume v;
    InodeRef d = v.resolve("g/d");
    FdRef fd = v.opendir(kLister, d);
    (void)v.list_all(*fd);
    CHECK(v.sp_counter("open_caches") == 1);
    v.make_stale("g/d/f");
    fd = FdRef();
    CHECK(v.sp_counter("open_caches") == 0);
    CHECK(v.staleness(d, "f", "g/d/f") == "");
    CHECK(v.sp_counter("hits") == 0);
}

TEST_CASE("forget frees the directory's context") {
    StatPrefetchVolume v;
    InodeRef d = v.resolve("g/d");
    const std::uint64_t before = v.sp_counter("directories");
    InodeRef sub = v.resolve("g/d/sub");
    CHECK(v.sp_counter("directories") == before + 1);  // its own attributes, from its lookup
    sub = InodeRef();  // nobody holds it, the LRU keeps nothing: forgotten
    CHECK(v.sp_counter("directories") == before);
}

TEST_CASE("a lookup racing with the listing waits for it, then is answered from the cache or goes below") {
    StatPrefetchVolume v(held("readdirp"));
    InodeRef d = v.resolve("g/d");
    FdRef fd = v.opendir(kLister, d);
    const Request lister = StatPrefetchVolume::request(kLister);
    std::atomic<int> done{0};
    spawn(v.top().readdir(lister, *fd, booster::test::kReaddirSize, 0), [&](Result<Dirents>&& r) {
        CHECK(r.has_value());
        ++done;
    });
    Loc listed = v.fresh(d, "f");
    Loc absent = v.fresh(d, "nothing");
    Result<EntryReply> found = booster::fail(EINPROGRESS);
    Result<EntryReply> missing = booster::fail(EINPROGRESS);
    spawn(v.top().lookup(lister, listed), [&](Result<EntryReply>&& r) {
        found = std::move(r);
        ++done;
    });
    spawn(v.top().lookup(lister, absent), [&](Result<EntryReply>&& r) {
        missing = std::move(r);
        ++done;
    });
    CHECK(done.load() == 0);
    CHECK(v.sp_counter("waited") == 2);
    booster::test::xlator<Xlator>(v.graph(), "mid").fini();  // the listing's reply arrives
    CHECK(done.load() == 3);
    CHECK(found.has_value());
    CHECK(booster::test::errno_of(missing) == ENOENT);
    CHECK(v.sp_counter("hits") == 1);
}

TEST_CASE("a listing reply that raced with an invalidation is not cached (rule 12)") {
    StatPrefetchVolume v(held("readdirp"));
    InodeRef d = v.resolve("g/d");
    InodeRef f = v.resolve("g/d/f");
    FdRef fd = v.opendir(kLister, d);
    const Request lister = StatPrefetchVolume::request(kLister);
    bool done = false;
    spawn(v.top().readdir(lister, *fd, booster::test::kReaddirSize, 0), [&](Result<Dirents>&&) { done = true; });
    REQUIRE_FALSE(done);
    const SetAttr chmod{.valid = SetAttr::kMode, .mode = 0640};
    Loc at_f = v.existing(f);
    REQUIRE(sync_wait(v.top().setattr(StatPrefetchVolume::request(kOther), at_f, chmod)).has_value());
    booster::test::xlator<Xlator>(v.graph(), "mid").fini();
    REQUIRE(done);
    CHECK(v.sp_counter("fills_dropped") == 1);
    v.make_stale("g/d/f");
    CHECK(v.staleness(d, "f", "g/d/f") == "");
}

TEST_CASE("destroying the graph waits for the lookups sent behind, while the inodes they hold exist") {
    namespace fs = std::filesystem;
    std::string dir = (fs::temp_directory_path() / "booster-sp-teardown-XXXXXX").string();
    REQUIRE(::mkdtemp(dir.data()) != nullptr);
    fs::create_directories(fs::path(dir) / "d");
    std::ofstream(fs::path(dir) / "d" / "f") << "payload";
    {
        // The graph's own inode table this time: its destruction is what is under test.
        auto g = booster::test::graph_of(
            "volume brick\n  type storage/posix\n  option directory " + dir + "\nend-volume\n"
            "volume mid\n  type debug/delay-gen\n  option enable lookup\n  option delay-duration 20000\n"
            "  subvolumes brick\nend-volume\n"
            "volume sp\n  type performance/stat-prefetch\n  subvolumes mid\nend-volume\n");
        InodeTable& table = g->itable();
        const Request lister = StatPrefetchVolume::request(kLister);
        auto child_of = [&](const InodeRef& parent, const char* name) {
            Loc loc;
            loc.path = table.path(*parent, name);
            loc.pargfid = parent->gfid();
            loc.name = name;
            loc.parent = parent;
            loc.inode = table.create();
            Result<EntryReply> r = sync_wait(g->top().lookup(lister, loc));
            REQUIRE(r.has_value());
            return table.link(loc.inode, parent, name, r->attr);
        };
        InodeRef d = child_of(table.root(), "d");
        FdRef fd = Fd::create(d, O_RDONLY | O_DIRECTORY, kLister, g->slots());
        Loc at_d;
        at_d.path = "/d";
        at_d.gfid = d->gfid();
        at_d.inode = d;
        REQUIRE(sync_wait(g->top().opendir(lister, at_d, *fd)).has_value());
        REQUIRE(sync_wait(g->top().readdir(lister, *fd, booster::test::kReaddirSize, 0)).has_value());
        (void)child_of(d, "f");  // answered from the cache; its lookup below waits 20 ms in delay-gen
        CHECK(g->find("sp")->dump().find("behind=1 ") != std::string::npos);
        fd = FdRef();
        at_d = Loc();
        d = InodeRef();
        g.reset();  // fini first (stat-prefetch waits for the lookup), then the inode table
    }
    fs::remove_all(dir);
}
