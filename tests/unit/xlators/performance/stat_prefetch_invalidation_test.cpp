// performance/stat-prefetch: every invalidation rule of seed 002, one test each (plus the
// fops beyond the seed that change attributes the same way).
// Each test fills the lister's cache of a directory, makes the cached entry stale behind the
// graph's back (make_stale: a new owner on the brick), runs the one fop under test through
// the graph, and requires the lister's next lookup to agree with the brick. Without the rule,
// that lookup is answered from the cache and shows the old owner (or an entry that is gone).
#include <doctest/doctest.h>
#include <fcntl.h>
#include <linux/falloc.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <string>

#include "tests/unit/xlators/performance/stat_prefetch_volume.hpp"

namespace {

using namespace booster;
using booster::test::kLister;
using booster::test::kOther;
using booster::test::StatPrefetchVolume;

struct Rule {
    StatPrefetchVolume v;
    const Request other = StatPrefetchVolume::request(kOther);
    char buffer[16] = {};
    iovec io{buffer, sizeof buffer};

    Loc at(std::string_view rel) { return v.existing(v.resolve(rel)); }
    IoVecs one_buffer() { return IoVecs(&io, 1); }

    template <class T>
    void ok(Task<Result<T>> fop) {
        Result<T> r = sync_wait(std::move(fop));
        REQUIRE_MESSAGE(r.has_value(), "errno " << r.error().errnum);
    }
};

SetAttr set(std::uint32_t valid) {
    SetAttr a{.valid = valid, .mode = 0640, .uid = 0, .gid = 0, .size = 3};
    a.atime = {1000, 0};
    a.mtime = {2000, 0};
    return a;
}

std::string be32(std::int32_t v) {
    std::string out;
    for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((static_cast<std::uint32_t>(v) >> shift) & 0xff));
    return out;
}

}  // namespace

// --- the seed's attribute rules: the entry of the object the fop acted on ------------------

TEST_CASE_FIXTURE(Rule, "chmod (setattr mode) drops the object's entry") {
    Loc f = at("g/d/f");
    v.fill("g/d");
    v.make_stale("g/d/f");
    ok(v.top().setattr(other, f, set(SetAttr::kMode)));
    CHECK(v.staleness("g/d", "f") == "");
}

TEST_CASE_FIXTURE(Rule, "fchmod (fsetattr mode) drops the object's entry") {
    FdRef fd = v.open(v.resolve("g/d/f"));
    v.fill("g/d");
    v.make_stale("g/d/f");
    ok(v.top().fsetattr(other, *fd, set(SetAttr::kMode)));
    CHECK(v.staleness("g/d", "f") == "");
}

TEST_CASE_FIXTURE(Rule, "chown (setattr uid, gid) drops the object's entry") {
    Loc f = at("g/d/f");
    v.fill("g/d");
    v.make_stale("g/d/f");
    ok(v.top().setattr(other, f, set(SetAttr::kGid)));
    CHECK(v.staleness("g/d", "f") == "");
}

TEST_CASE_FIXTURE(Rule, "fchown (fsetattr uid, gid) drops the object's entry") {
    FdRef fd = v.open(v.resolve("g/d/f"));
    v.fill("g/d");
    v.make_stale("g/d/f");
    ok(v.top().fsetattr(other, *fd, set(SetAttr::kGid)));
    CHECK(v.staleness("g/d", "f") == "");
}

TEST_CASE_FIXTURE(Rule, "truncate (setattr size) drops the object's entry") {
    Loc f = at("g/d/f");
    v.fill("g/d");
    v.make_stale("g/d/f");
    ok(v.top().setattr(other, f, set(SetAttr::kSize)));
    CHECK(v.staleness("g/d", "f") == "");
}

TEST_CASE_FIXTURE(Rule, "ftruncate (fsetattr size) drops the object's entry") {
    FdRef fd = v.open(v.resolve("g/d/f"));
    v.fill("g/d");
    v.make_stale("g/d/f");
    ok(v.top().fsetattr(other, *fd, set(SetAttr::kSize)));
    CHECK(v.staleness("g/d", "f") == "");
}

TEST_CASE_FIXTURE(Rule, "utimens (setattr times) drops the object's entry") {
    Loc f = at("g/d/f");
    v.fill("g/d");
    v.make_stale("g/d/f");
    ok(v.top().setattr(other, f, set(SetAttr::kAtime | SetAttr::kMtime)));
    CHECK(v.staleness("g/d", "f") == "");
}

TEST_CASE_FIXTURE(Rule, "readlink drops the link's entry") {
    Loc s = at("g/d/s");
    v.fill("g/d");
    v.make_stale("g/d/s");
    ok(v.top().readlink(other, s, 4096));
    CHECK(v.staleness("g/d", "s") == "");
}

TEST_CASE_FIXTURE(Rule, "readv drops the file's entry") {
    FdRef fd = v.open(v.resolve("g/d/f"));
    v.fill("g/d");
    v.make_stale("g/d/f");
    ok(v.top().readv(other, *fd, one_buffer(), 0, 0));
    CHECK(v.staleness("g/d", "f") == "");
}

TEST_CASE_FIXTURE(Rule, "writev drops the file's entry") {
    FdRef fd = v.open(v.resolve("g/d/f"));
    v.fill("g/d");
    v.make_stale("g/d/f");
    ok(v.top().writev(other, *fd, one_buffer(), 100, 0));
    CHECK(v.staleness("g/d", "f") == "");
}

TEST_CASE_FIXTURE(Rule, "fsync drops the file's entry") {
    FdRef fd = v.open(v.resolve("g/d/f"));
    v.fill("g/d");
    v.make_stale("g/d/f");
    ok(v.top().fsync(other, *fd, false));
    CHECK(v.staleness("g/d", "f") == "");
}

TEST_CASE_FIXTURE(Rule, "setxattr drops the object's entry") {
    Loc f = at("g/d/f");
    v.fill("g/d");
    v.make_stale("g/d/f");
    ok(v.top().setxattr(other, f, "user.k", "v", 0));
    CHECK(v.staleness("g/d", "f") == "");
}

TEST_CASE_FIXTURE(Rule, "removexattr drops the object's entry") {
    REQUIRE(::lsetxattr(v.brick("g/d/f").c_str(), "user.k", "v", 1, 0) == 0);
    Loc f = at("g/d/f");
    v.fill("g/d");
    v.make_stale("g/d/f");
    ok(v.top().removexattr(other, f, "user.k"));
    CHECK(v.staleness("g/d", "f") == "");
}

TEST_CASE_FIXTURE(Rule, "xattrop drops the object's entry") {
    Loc f = at("g/d/f");
    v.fill("g/d");
    v.make_stale("g/d/f");
    Dict delta;
    delta.set("user.counter", be32(1));
    ok(v.top().xattrop(other, f, XattrOp::kAddArray32, delta));
    CHECK(v.staleness("g/d", "f") == "");
}

TEST_CASE_FIXTURE(Rule, "fsetxattr, fremovexattr and fxattrop drop the file's entry") {
    FdRef fd = v.open(v.resolve("g/d/f"));
    Dict delta;
    delta.set("user.counter", be32(1));
    SUBCASE("fsetxattr") {
        v.fill("g/d");
        v.make_stale("g/d/f");
        ok(v.top().fsetxattr(other, *fd, "user.k", "v", 0));
    }
    SUBCASE("fremovexattr") {
        REQUIRE(::lsetxattr(v.brick("g/d/f").c_str(), "user.k", "v", 1, 0) == 0);
        v.fill("g/d");
        v.make_stale("g/d/f");
        ok(v.top().fremovexattr(other, *fd, "user.k"));
    }
    SUBCASE("fxattrop") {
        v.fill("g/d");
        v.make_stale("g/d/f");
        ok(v.top().fxattrop(other, *fd, XattrOp::kAddArray32, delta));
    }
    CHECK(v.staleness("g/d", "f") == "");
}

// --- unlink and rmdir ----------------------------------------------------------------------

TEST_CASE_FIXTURE(Rule, "unlink drops the name") {
    v.fill("g/d");
    REQUIRE(v.unlink("g/d", "f").has_value());
    CHECK(v.staleness("g/d", "f") == "");
}

TEST_CASE_FIXTURE(Rule, "unlink drops the entries of the object's other names (one link fewer)") {
    REQUIRE(::link(v.brick("g/d/t").c_str(), v.brick("g/d/h").c_str()) == 0);
    // Known to the inode table under both names, as the kernel's lookups keep them.
    InodeRef t = v.resolve("g/d/t");
    InodeRef h = v.resolve("g/d/h");
    v.fill("g/d");
    REQUIRE(v.unlink("g/d", "t").has_value());
    CHECK(v.staleness("g/d", "h") == "");
}

TEST_CASE_FIXTURE(Rule, "unlink drops the parent's entry in the grand-parent") {
    v.fill("g");
    v.make_stale("g/d");
    REQUIRE(v.unlink("g/d", "f").has_value());
    CHECK(v.staleness("g", "d") == "");
}

TEST_CASE_FIXTURE(Rule, "rmdir drops the name") {
    std::filesystem::remove(v.brick("g/d/sub/x"));
    v.fill("g/d");
    REQUIRE(v.unlink("g/d", "sub", true).has_value());
    CHECK(v.staleness("g/d", "sub") == "");
}

TEST_CASE_FIXTURE(Rule, "rmdir empties the cache of every fd open on the removed directory") {
    InodeRef sub = v.resolve("g/d/sub");
    v.fill("g/d/sub");
    std::filesystem::remove(v.brick("g/d/sub/x"));  // behind its back: the cache still lists x
    REQUIRE(v.unlink("g/d", "sub", true).has_value());
    CHECK(v.staleness(sub, "x", "g/d/sub/x") == "");
}

TEST_CASE_FIXTURE(Rule, "rmdir drops the parent's entry in the grand-parent") {
    std::filesystem::remove(v.brick("g/d/sub/x"));
    v.fill("g");
    v.make_stale("g/d");
    REQUIRE(v.unlink("g/d", "sub", true).has_value());
    CHECK(v.staleness("g", "d") == "");
}

// --- rename: the seed's five rules ---------------------------------------------------------

TEST_CASE_FIXTURE(Rule, "rename (1) drops the old name") {
    v.fill("g/d");
    REQUIRE(v.rename("g/d", "f", "g/d", "moved").has_value());
    CHECK(v.staleness("g/d", "f") == "");
}

TEST_CASE_FIXTURE(Rule, "rename (2) drops the new name, which now names the moved object") {
    v.fill("g/d");
    REQUIRE(v.rename("g/d", "f", "g/d", "t").has_value());
    CHECK(v.staleness("g/d", "t") == "");
}

TEST_CASE_FIXTURE(Rule, "rename (3) drops the old parent's entry in its parent") {
    v.fill("g");
    v.make_stale("g/d");
    REQUIRE(v.rename("g/d", "f", "o", "from-d").has_value());
    CHECK(v.staleness("g", "d") == "");
}

TEST_CASE_FIXTURE(Rule, "rename (4) drops the new parent's entry in its parent") {
    v.fill("g");
    v.make_stale("g/e");
    REQUIRE(v.rename("o", "f", "g/e", "from-o").has_value());
    CHECK(v.staleness("g", "e") == "");
}

TEST_CASE_FIXTURE(Rule, "rename (5) of a directory empties the cache of every fd open on it") {
    InodeRef sub = v.resolve("g/d/sub");
    v.fill("g/d/sub");
    v.make_stale("g/d/sub/x");
    REQUIRE(v.rename("g/d", "sub", "g/d", "sub2").has_value());
    CHECK(v.staleness(sub, "x", "g/d/sub2/x") == "");
}

// --- creations: the grand-parent rule ------------------------------------------------------

TEST_CASE_FIXTURE(Rule, "create drops the parent's entry in the grand-parent") {
    InodeRef d = v.resolve("g/d");
    v.fill("g");
    v.make_stale("g/d");
    Loc made = v.fresh(d, "new");
    made.gfid = Gfid::random();
    FdRef fd = Fd::create(made.inode, O_RDWR, kOther, v.graph().slots());
    ok(v.top().create(other, made, O_CREAT | O_EXCL | O_RDWR, 0644, 022, *fd));
    CHECK(v.staleness("g", "d") == "");
}

TEST_CASE_FIXTURE(Rule, "mknod drops the parent's entry in the grand-parent") {
    InodeRef d = v.resolve("g/d");
    v.fill("g");
    v.make_stale("g/d");
    Loc made = v.fresh(d, "fifo");
    made.gfid = Gfid::random();
    ok(v.top().mknod(other, made, S_IFIFO | 0644, 0, 022));
    CHECK(v.staleness("g", "d") == "");
}

TEST_CASE_FIXTURE(Rule, "mkdir drops the parent's entry in the grand-parent") {
    InodeRef d = v.resolve("g/d");
    v.fill("g");
    v.make_stale("g/d");
    Loc made = v.fresh(d, "dir");
    made.gfid = Gfid::random();
    ok(v.top().mkdir(other, made, 0755, 022));
    CHECK(v.staleness("g", "d") == "");
}

TEST_CASE_FIXTURE(Rule, "symlink drops the parent's entry in the grand-parent") {
    InodeRef d = v.resolve("g/d");
    v.fill("g");
    v.make_stale("g/d");
    Loc made = v.fresh(d, "link");
    made.gfid = Gfid::random();
    ok(v.top().symlink(other, "f", made, 022));
    CHECK(v.staleness("g", "d") == "");
}

TEST_CASE_FIXTURE(Rule, "link drops the new name's parent's entry in the grand-parent") {
    Loc from = at("g/d/f");
    InodeRef d = v.resolve("g/d");
    v.fill("g");
    v.make_stale("g/d");
    Loc to = v.fresh(d, "f-again");
    ok(v.top().link(other, from, to));
    CHECK(v.staleness("g", "d") == "");
}

TEST_CASE_FIXTURE(Rule, "link drops the source's entries (one link more)") {
    Loc from = at("g/d/f");
    InodeRef e = v.resolve("g/e");
    v.fill("g/d");
    Loc to = v.fresh(e, "f-again");
    ok(v.top().link(other, from, to));
    CHECK(v.staleness("g/d", "f") == "");
}

// --- readdir: the directory read -----------------------------------------------------------

TEST_CASE_FIXTURE(Rule, "listing a directory drops its entry in its parent (atime)") {
    InodeRef d = v.resolve("g/d");
    v.fill("g");
    v.make_stale("g/d");
    FdRef fd = v.opendir(kOther, d);
    (void)v.list_all(*fd);
    CHECK(v.staleness("g", "d") == "");
}

// --- beyond the seed: fops that change size, times or contents as the seed's do -------------

TEST_CASE_FIXTURE(Rule, "flush drops the file's entry (a write-behind below writes at flush)") {
    FdRef fd = v.open(v.resolve("g/d/f"));
    v.fill("g/d");
    v.make_stale("g/d/f");
    ok(v.top().flush(other, *fd));
    CHECK(v.staleness("g/d", "f") == "");
}

TEST_CASE_FIXTURE(Rule, "fsyncdir drops the directory's entry in its parent") {
    FdRef fd = v.opendir(kOther, v.resolve("g/d"));
    v.fill("g");
    v.make_stale("g/d");
    ok(v.top().fsyncdir(other, *fd, false));
    CHECK(v.staleness("g", "d") == "");
}

TEST_CASE_FIXTURE(Rule, "open with O_TRUNC drops the file's entry") {
    InodeRef f = v.resolve("g/d/f");
    v.fill("g/d");
    v.make_stale("g/d/f");
    FdRef fd = v.open(f, O_RDWR | O_TRUNC);
    CHECK(v.staleness("g/d", "f") == "");
}

TEST_CASE_FIXTURE(Rule, "fallocate, discard and zerofill drop the file's entry") {
    FdRef fd = v.open(v.resolve("g/d/f"));
    v.fill("g/d");
    v.make_stale("g/d/f");
    SUBCASE("fallocate") { ok(v.top().fallocate(other, *fd, 0, 0, 8192)); }
    SUBCASE("discard") { ok(v.top().discard(other, *fd, 0, 4)); }
    SUBCASE("zerofill") { ok(v.top().zerofill(other, *fd, 0, 4)); }
    CHECK(v.staleness("g/d", "f") == "");
}

TEST_CASE_FIXTURE(Rule, "copy_file_range drops the entries of both files") {
    FdRef in = v.open(v.resolve("g/d/f"));
    FdRef out = v.open(v.resolve("g/d/t"));
    v.fill("g/d");
    v.make_stale("g/d/f");
    v.make_stale("g/d/t");
    ok(v.top().copy_file_range(other, *in, 0, *out, 0, 7, 0));
    CHECK(v.staleness("g/d", "t") == "");
    CHECK(v.staleness("g/d", "f") == "");
}

TEST_CASE_FIXTURE(Rule, "fops that change nothing keep the entry cached (the control of every test above)") {
    Loc f = at("g/d/f");
    FdRef fd = v.open(v.resolve("g/d/f"));
    v.fill("g/d");
    v.make_stale("g/d/f");
    ok(v.top().stat(other, f));
    ok(v.top().fstat(other, *fd));
    ok(v.top().access(other, f, R_OK));
    ok(v.top().listxattr(other, f));
    CHECK(v.staleness("g/d", "f") != "");
}

TEST_CASE_FIXTURE(Rule, "forget_cached (a change behind the graph's back) drops the object's entry") {
    v.fill("g/d");
    v.make_stale("g/d/f");
    v.top().forget_cached(*at("g/d/f").inode);
    CHECK(v.staleness("g/d", "f") == "");
}
