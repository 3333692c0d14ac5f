// storage/posix on a temporary brick: identity, the gfid index, every fop family, and
// confinement to the brick. Each test builds its own graph on its own temporary directory,
// removed when the test ends, pass or fail.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <linux/falloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/sysmacros.h>
#include <sys/uio.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <cstring>
#include <filesystem>
#include <thread>
#include <fstream>
#include <mutex>
#include <optional>
#include <set>
#include <stop_token>
#include <string>
#include <vector>

#include "core/engine/graph.hpp"
#include "core/engine/spawn.hpp"
#include "core/engine/task.hpp"

namespace fs = std::filesystem;

namespace booster {
namespace {

constexpr std::uint64_t kGiB = 1ull << 30;

// A temporary directory holding the brick (two levels down, so that "../.." from the brick
// still lies inside the area) and "outside", which no fop may touch.
class TempArea {
public:
    TempArea() {
        std::string pattern = (fs::temp_directory_path() / "booster-posix-XXXXXX").string();
        REQUIRE(::mkdtemp(pattern.data()) != nullptr);
        root_ = pattern;
        fs::create_directories(brick());
        fs::create_directory(outside());
    }
    ~TempArea() {
        std::error_code ignored;
        fs::remove_all(root_, ignored);
    }
    TempArea(const TempArea&) = delete;
    TempArea& operator=(const TempArea&) = delete;

    fs::path root() const { return root_; }
    fs::path brick() const { return root_ / "inner" / "brick"; }
    fs::path outside() const { return root_ / "outside"; }

private:
    fs::path root_;
};

std::set<std::string> names_in(const fs::path& dir) {
    std::set<std::string> names;
    for (const auto& e : fs::directory_iterator(dir)) names.insert(e.path().filename().string());
    return names;
}

Gfid stored_gfid(const fs::path& p) {
    Gfid g;
    const ssize_t n = ::lgetxattr(p.c_str(), "trusted.booster.gfid", g.bytes.data(), g.bytes.size());
    REQUIRE(n == 16);
    return g;
}

Loc at(std::string path) {
    Loc loc;
    loc.path = std::move(path);
    return loc;
}

Loc by_gfid(const Gfid& gfid) {
    Loc loc;
    loc.gfid = gfid;
    return loc;
}

Loc child(const Gfid& parent, std::string name) {
    Loc loc;
    loc.pargfid = parent;
    loc.name = std::move(name);
    return loc;
}

template <class T>
int error_of(const Result<T>& r) {
    REQUIRE_FALSE(r.has_value());
    return r.error().errnum;
}

struct PosixFixture {
    TempArea area;
    std::unique_ptr<Graph> graph;
    Request req;

    PosixFixture() {
        auto built = Graph::from_text(volfile(area.brick()), "test.vol");
        REQUIRE_MESSAGE(built.has_value(), (built ? "" : built.error()));
        graph = std::move(*built);
        auto active = graph->activate();
        REQUIRE_MESSAGE(active.has_value(), (active ? "" : active.error()));
    }

    static std::string volfile(const fs::path& dir) {
        return "volume p\n type storage/posix\n option directory " + dir.string() + "\nend-volume\n";
    }

    Xlator& posix() { return graph->top(); }
    fs::path brick(const std::string& rel = {}) const { return rel.empty() ? area.brick() : area.brick() / rel; }

    FdRef new_fd(int flags = O_RDWR) { return Fd::create(graph->itable().create(), flags, 0, graph->slots()); }

    EntryReply mkdir(const std::string& path, mode_t mode = 0755) {
        auto r = sync_wait(posix().mkdir(req, at(path), mode, 0));
        REQUIRE_MESSAGE(r.has_value(), path);
        return *r;
    }

    // Creates (O_CREAT|O_EXCL) and returns the open fd; `reply` gets the entry.
    FdRef create(const std::string& path, EntryReply* reply = nullptr, const Gfid& gfid = {}) {
        FdRef fd = new_fd();
        Loc loc = at(path);
        loc.gfid = gfid;
        auto r = sync_wait(posix().create(req, loc, O_RDWR | O_CREAT | O_EXCL, 0644, 0, *fd));
        REQUIRE_MESSAGE(r.has_value(), path);
        if (reply != nullptr) *reply = *r;
        return fd;
    }

    FdRef open(const Loc& loc, int flags = O_RDWR) {
        FdRef fd = new_fd(flags);
        auto r = sync_wait(posix().open(req, loc, flags, *fd));
        REQUIRE(r.has_value());
        return fd;
    }

    FdRef opendir(const Loc& loc) {
        FdRef fd = new_fd(O_RDONLY | O_DIRECTORY);
        auto r = sync_wait(posix().opendir(req, loc, *fd));
        REQUIRE(r.has_value());
        return fd;
    }

    void write(Fd& fd, std::string_view data, off_t offset) {
        iovec iov{const_cast<char*>(data.data()), data.size()};
        auto r = sync_wait(posix().writev(req, fd, IoVecs(&iov, 1), offset, 0));
        REQUIRE(r.has_value());
        REQUIRE(*r == data.size());
    }

    std::string read(Fd& fd, std::size_t size, off_t offset) {
        std::string buf(size, '\0');
        iovec iov{buf.data(), buf.size()};
        auto r = sync_wait(posix().readv(req, fd, IoVecs(&iov, 1), offset, 0));
        REQUIRE(r.has_value());
        buf.resize(*r);
        return buf;
    }

    Result<EntryReply> lookup(const Loc& loc) { return sync_wait(posix().lookup(req, loc)); }
    Result<Iatt> stat(const Loc& loc) { return sync_wait(posix().stat(req, loc)); }
    Result<Unit> rename(const std::string& from, const std::string& to, unsigned flags = 0) {
        return sync_wait(posix().rename(req, at(from), at(to), flags));
    }

    // Every entry of a directory, read `budget` bytes at a time, resuming from the last cookie.
    std::vector<Dirent> list_all(Fd& dir, std::size_t budget, bool plus) {
        std::vector<Dirent> all;
        std::uint64_t offset = 0;
        for (int calls = 0; calls < 100000; ++calls) {
            auto batch = sync_wait(plus ? posix().readdirp(req, dir, budget, offset)
                                        : posix().readdir(req, dir, budget, offset));
            REQUIRE(batch.has_value());
            if (batch->empty()) return all;
            offset = batch->back().off;
            for (auto& d : *batch) all.push_back(std::move(d));
        }
        FAIL("listing does not end");
        return all;
    }
};

}  // namespace

TEST_CASE("posix: init refuses a missing directory and a file") {
    TempArea area;
    auto missing = Graph::from_text(PosixFixture::volfile(area.root() / "nope"), "t.vol");
    REQUIRE(missing.has_value());
    auto started = (*missing)->activate();
    REQUIRE_FALSE(started.has_value());
    CHECK(started.error().find("No such file") != std::string::npos);

    std::ofstream(area.root() / "file") << "x";
    auto file = Graph::from_text(PosixFixture::volfile(area.root() / "file"), "t.vol");
    REQUIRE(file.has_value());
    auto refused = (*file)->activate();
    REQUIRE_FALSE(refused.has_value());
    CHECK(refused.error().find("Not a directory") != std::string::npos);
}

TEST_CASE_FIXTURE(PosixFixture, "posix: the brick root carries the root gfid and .booster is created") {
    CHECK(stored_gfid(brick()) == Gfid::root());
    CHECK(fs::is_directory(brick(".booster/gfid")));
    auto root = lookup(at("/"));
    REQUIRE(root.has_value());
    CHECK(root->attr.gfid == Gfid::root());
    CHECK(root->attr.is_dir());
}

TEST_CASE_FIXTURE(PosixFixture, "posix: a brick root with a foreign gfid is refused") {
    graph.reset();
    const Gfid other = Gfid::random();
    REQUIRE(::lsetxattr(brick().c_str(), "trusted.booster.gfid", other.bytes.data(), 16, 0) == 0);
    auto again = Graph::from_text(volfile(brick()), "t.vol");
    REQUIRE(again.has_value());
    CHECK_FALSE((*again)->activate().has_value());
}

TEST_CASE_FIXTURE(PosixFixture, "posix: creation stores the requested gfid, stable across renames") {
    const Gfid chosen = Gfid::random();
    EntryReply reply;
    FdRef fd = create("/a", &reply, chosen);
    CHECK(reply.attr.gfid == chosen);
    CHECK(stored_gfid(brick("a")) == chosen);
    REQUIRE(reply.postparent.has_value());
    CHECK(reply.postparent->gfid == Gfid::root());

    mkdir("/d");
    REQUIRE(rename("/a", "/d/b").has_value());
    auto found = lookup(at("/d/b"));
    REQUIRE(found.has_value());
    CHECK(found->attr.gfid == chosen);
    CHECK(found->attr.nlink == 1);  // the index link is not counted

    EntryReply generated;
    FdRef other = create("/c", &generated);
    CHECK_FALSE(generated.attr.gfid.is_null());
    CHECK(generated.attr.gfid != chosen);
}

TEST_CASE_FIXTURE(PosixFixture, "posix: open by gfid after renaming the file and its parent directories") {
    const Gfid dir_gfid = mkdir("/d").attr.gfid;
    mkdir("/d/sub");
    EntryReply made;
    {
        FdRef fd = create("/d/sub/f", &made);
        write(*fd, "hello", 0);
    }
    REQUIRE(rename("/d/sub/f", "/d/sub/g").has_value());
    REQUIRE(rename("/d", "/e").has_value());
    REQUIRE(rename("/e/sub", "/sub2").has_value());

    FdRef fd = open(by_gfid(made.attr.gfid), O_RDONLY);
    CHECK(read(*fd, 16, 0) == "hello");

    auto dir = stat(by_gfid(dir_gfid));
    REQUIRE(dir.has_value());
    CHECK(dir->is_dir());
    CHECK(dir->ino == stored_gfid(brick("e")).ino());

    // A new entry under a parent known only by gfid lands in the renamed directory.
    FdRef under = new_fd();
    auto created = sync_wait(posix().create(req, child(dir_gfid, "new"), O_RDWR | O_CREAT, 0600, 0, *under));
    REQUIRE(created.has_value());
    CHECK(fs::exists(brick("e/new")));
}

TEST_CASE_FIXTURE(PosixFixture, "posix: create, write, read, truncate") {
    EntryReply reply;
    FdRef fd = create("/f", &reply);
    CHECK(reply.attr.is_reg());
    write(*fd, "0123456789", 0);
    CHECK(read(*fd, 4, 3) == "3456");

    SetAttr shrink;
    shrink.valid = SetAttr::kSize;
    shrink.size = 4;
    auto post = sync_wait(posix().setattr(req, at("/f"), shrink));
    REQUIRE(post.has_value());
    CHECK(post->size == 4);
    CHECK(read(*fd, 100, 0) == "0123");

    shrink.size = 2;
    auto fpost = sync_wait(posix().fsetattr(req, *fd, shrink));
    REQUIRE(fpost.has_value());
    CHECK(fpost->size == 2);
    CHECK(fpost->gfid == reply.attr.gfid);

    FdRef again = new_fd();
    CHECK(error_of(sync_wait(posix().create(req, at("/f"), O_RDWR | O_CREAT | O_EXCL, 0644, 0, *again))) == EEXIST);
    // Without O_EXCL an existing name is opened, with its own gfid.
    auto opened = sync_wait(posix().create(req, at("/f"), O_RDWR | O_CREAT, 0644, 0, *again));
    REQUIRE(opened.has_value());
    CHECK(opened->attr.gfid == reply.attr.gfid);
    CHECK(read(*again, 10, 0) == "01");
}

TEST_CASE_FIXTURE(PosixFixture, "posix: writes land at the given offset whatever the open flags; RWF_APPEND appends") {
    { FdRef f = create("/f"); write(*f, "abcdef", 0); }
    FdRef appending = open(at("/f"), O_WRONLY | O_APPEND);
    char data[] = "XY";
    iovec iov{data, 2};
    // writev's flags are RWF_* (fop_list.hpp): without RWF_APPEND the write is positional.
    auto written = sync_wait(posix().writev(req, *appending, IoVecs(&iov, 1), 1, 0));
    REQUIRE(written.has_value());
    CHECK(*written == 2);
    auto appended = sync_wait(posix().writev(req, *appending, IoVecs(&iov, 1), 0, RWF_APPEND));
    REQUIRE(appended.has_value());
    CHECK(*appended == 2);
    FdRef reader = open(at("/f"), O_RDONLY);
    CHECK(read(*reader, 16, 0) == "aXYdefXY");
}

TEST_CASE_FIXTURE(PosixFixture, "posix: a write larger than write-piece-size lands whole, and so does an append") {
    FdRef f = create("/big");
    std::string data(300 * 1024 + 7, '\0');
    for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<char>(i * 31 + i / 4096);
    write(*f, data, 3);
    CHECK(read(*f, data.size() + 10, 3) == data);
    iovec iov{data.data(), data.size()};
    auto appended = sync_wait(posix().writev(req, *f, IoVecs(&iov, 1), 0, RWF_APPEND));
    REQUIRE(appended.has_value());
    CHECK(*appended == data.size());
    CHECK(read(*f, data.size() + 10, static_cast<off_t>(3 + data.size())) == data);
}

TEST_CASE_FIXTURE(PosixFixture, "posix: rename within and across directories, over existing targets") {
    mkdir("/d1");
    mkdir("/d2");
    EntryReply a;
    EntryReply b;
    { FdRef fa = create("/d1/a", &a); write(*fa, "A", 0); }
    { FdRef fb = create("/d2/b", &b); write(*fb, "B", 0); }

    REQUIRE(rename("/d1/a", "/d1/a2").has_value());
    REQUIRE(rename("/d1/a2", "/d2/b").has_value());  // replaces b
    CHECK(names_in(brick("d1")).empty());
    CHECK(names_in(brick("d2")) == std::set<std::string>{"b"});
    FdRef fd = open(at("/d2/b"), O_RDONLY);
    CHECK(read(*fd, 4, 0) == "A");
    // The replaced file's identity is gone with its last name.
    CHECK(error_of(stat(by_gfid(b.attr.gfid))) == ENOENT);
    CHECK(stat(by_gfid(a.attr.gfid)).has_value());

    SUBCASE("directories over an empty directory, not over a non-empty one") {
        const Gfid moving = mkdir("/m").attr.gfid;
        const Gfid empty = mkdir("/empty").attr.gfid;
        mkdir("/full");
        { FdRef f = create("/full/x"); }
        CHECK(error_of(rename("/m", "/full")) == ENOTEMPTY);
        REQUIRE(rename("/m", "/empty").has_value());
        CHECK(error_of(stat(by_gfid(empty))) == ENOENT);
        auto moved = stat(by_gfid(moving));
        REQUIRE(moved.has_value());
        CHECK(moved->ino == stored_gfid(brick("empty")).ino());
    }
    SUBCASE("RENAME_NOREPLACE") {
        { FdRef f = create("/x"); }
        CHECK(error_of(rename("/x", "/d2/b", RENAME_NOREPLACE)) == EEXIST);
        REQUIRE(rename("/x", "/y", RENAME_NOREPLACE).has_value());
        CHECK(fs::exists(brick("y")));
    }
}

TEST_CASE_FIXTURE(PosixFixture, "posix: RENAME_EXCHANGE swaps directories and their index entries") {
    const Gfid one = mkdir("/one").attr.gfid;
    const Gfid two = mkdir("/two").attr.gfid;
    mkdir("/one/inner");
    { FdRef f = create("/one/inner/f"); write(*f, "1", 0); }
    REQUIRE(rename("/one", "/two", RENAME_EXCHANGE).has_value());
    CHECK(fs::exists(brick("two/inner/f")));
    // Creating through each gfid lands in that directory's new place.
    FdRef a = new_fd();
    REQUIRE(sync_wait(posix().create(req, child(one, "via-one"), O_RDWR | O_CREAT, 0600, 0, *a)).has_value());
    FdRef b = new_fd();
    REQUIRE(sync_wait(posix().create(req, child(two, "via-two"), O_RDWR | O_CREAT, 0600, 0, *b)).has_value());
    CHECK(fs::exists(brick("two/via-one")));
    CHECK(fs::exists(brick("one/via-two")));
    CHECK(error_of(rename("/one", "/missing", RENAME_EXCHANGE)) == ENOENT);
}

TEST_CASE_FIXTURE(PosixFixture, "posix: link, symlink, readlink") {
    EntryReply original;
    { FdRef f = create("/f", &original); write(*f, "data", 0); }
    auto linked = sync_wait(posix().link(req, at("/f"), at("/g")));
    REQUIRE(linked.has_value());
    CHECK(linked->attr.gfid == original.attr.gfid);
    CHECK(linked->attr.nlink == 2);
    REQUIRE(linked->postparent.has_value());

    // One name gone: still found by gfid; both gone: the identity goes too.
    REQUIRE(sync_wait(posix().unlink(req, at("/f"))).has_value());
    CHECK(stat(by_gfid(original.attr.gfid)).has_value());
    CHECK(stat(at("/g"))->nlink == 1);
    REQUIRE(sync_wait(posix().unlink(req, at("/g"))).has_value());
    CHECK(error_of(stat(by_gfid(original.attr.gfid))) == ENOENT);

    auto sym = sync_wait(posix().symlink(req, "../somewhere/else", at("/s"), 0));
    REQUIRE(sym.has_value());
    CHECK(sym->attr.is_link());
    CHECK(fs::read_symlink(brick("s")) == "../somewhere/else");
    auto text = sync_wait(posix().readlink(req, at("/s"), 4096));
    REQUIRE(text.has_value());
    CHECK(*text == "../somewhere/else");
    // A symlink is found by gfid as itself, not as a directory handle.
    auto by_id = sync_wait(posix().readlink(req, by_gfid(sym->attr.gfid), 4096));
    REQUIRE(by_id.has_value());
    CHECK(*by_id == "../somewhere/else");
    CHECK(error_of(sync_wait(posix().readlink(req, at("/"), 4096))) == EINVAL);
}

TEST_CASE_FIXTURE(PosixFixture, "posix: mknod makes fifos and sockets") {
    auto fifo = sync_wait(posix().mknod(req, at("/fifo"), S_IFIFO | 0640, 0, 0));
    REQUIRE(fifo.has_value());
    CHECK(S_ISFIFO(fifo->attr.mode));
    CHECK((fifo->attr.mode & 07777) == 0640);
    CHECK(fs::symlink_status(brick("fifo")).type() == fs::file_type::fifo);
    CHECK(stored_gfid(brick("fifo")) == fifo->attr.gfid);

    auto sock = sync_wait(posix().mknod(req, at("/sock"), S_IFSOCK | 0600, 0, 0));
    REQUIRE(sock.has_value());
    CHECK(S_ISSOCK(sock->attr.mode));
}

TEST_CASE_FIXTURE(PosixFixture, "posix: mknod makes character devices when the process may") {
    auto dev = sync_wait(posix().mknod(req, at("/null"), S_IFCHR | 0666, makedev(1, 3), 0));
    if (!dev && dev.error().errnum == EPERM) {
        MESSAGE("mknod of devices not permitted here (no CAP_MKNOD): not checked");
        return;
    }
    REQUIRE(dev.has_value());
    CHECK(S_ISCHR(dev->attr.mode));
    CHECK(dev->attr.rdev == makedev(1, 3));
}

TEST_CASE_FIXTURE(PosixFixture, "posix: rmdir of a non-empty directory is ENOTEMPTY") {
    const Gfid d = mkdir("/d").attr.gfid;
    { FdRef f = create("/d/f"); }
    CHECK(error_of(sync_wait(posix().rmdir(req, at("/d")))) == ENOTEMPTY);
    REQUIRE(sync_wait(posix().unlink(req, at("/d/f"))).has_value());
    REQUIRE(sync_wait(posix().rmdir(req, at("/d"))).has_value());
    CHECK_FALSE(fs::exists(brick("d")));
    CHECK(error_of(stat(by_gfid(d))) == ENOENT);
    CHECK(error_of(sync_wait(posix().rmdir(req, at("/")))) == EBUSY);
}

TEST_CASE_FIXTURE(PosixFixture, "posix: an unlinked open file stays readable through its fd") {
    EntryReply made;
    FdRef fd = create("/f", &made);
    write(*fd, "still here", 0);
    REQUIRE(sync_wait(posix().unlink(req, at("/f"))).has_value());
    CHECK_FALSE(fs::exists(brick("f")));
    CHECK(read(*fd, 64, 0) == "still here");
    auto st = sync_wait(posix().fstat(req, *fd));
    REQUIRE(st.has_value());
    CHECK(st->nlink == 0);
    CHECK(st->gfid == made.attr.gfid);
    CHECK(error_of(stat(by_gfid(made.attr.gfid))) == ENOENT);
}

TEST_CASE_FIXTURE(PosixFixture, "posix: xattrs, with the internal ones hidden and protected") {
    FdRef fd = create("/f");
    REQUIRE(sync_wait(posix().setxattr(req, at("/f"), "user.colour", "blue", 0)).has_value());
    REQUIRE(sync_wait(posix().fsetxattr(req, *fd, "trusted.tag", std::string_view("\0x\0", 3), 0)).has_value());
    CHECK(error_of(sync_wait(posix().setxattr(req, at("/f"), "user.colour", "red", XATTR_CREATE))) == EEXIST);

    auto colour = sync_wait(posix().getxattr(req, at("/f"), "user.colour"));
    REQUIRE(colour.has_value());
    CHECK(*colour == "blue");
    auto tag = sync_wait(posix().fgetxattr(req, *fd, "trusted.tag"));
    REQUIRE(tag.has_value());
    CHECK(*tag == std::string("\0x\0", 3));
    CHECK(error_of(sync_wait(posix().getxattr(req, at("/f"), "user.absent"))) == ENODATA);

    auto names = sync_wait(posix().listxattr(req, at("/f")));
    REQUIRE(names.has_value());
    const std::set<std::string> listed(names->begin(), names->end());
    CHECK(listed.count("user.colour") == 1);
    CHECK(listed.count("trusted.tag") == 1);
    CHECK(listed.count("trusted.booster.gfid") == 0);
    auto fnames = sync_wait(posix().flistxattr(req, *fd));
    REQUIRE(fnames.has_value());
    CHECK(std::set<std::string>(fnames->begin(), fnames->end()) == listed);

    CHECK(error_of(sync_wait(posix().setxattr(req, at("/f"), "trusted.booster.gfid", "0123456789abcdef", 0))) == EPERM);
    CHECK(error_of(sync_wait(posix().removexattr(req, at("/f"), "trusted.booster.gfid"))) == EPERM);
    CHECK(error_of(sync_wait(posix().fremovexattr(req, *fd, "trusted.booster.x"))) == EPERM);

    REQUIRE(sync_wait(posix().removexattr(req, at("/f"), "user.colour")).has_value());
    REQUIRE(sync_wait(posix().fremovexattr(req, *fd, "trusted.tag")).has_value());
    CHECK(error_of(sync_wait(posix().getxattr(req, at("/f"), "user.colour"))) == ENODATA);
    auto after = sync_wait(posix().listxattr(req, at("/f")));
    REQUIRE(after.has_value());
    CHECK(after->empty());

    // On the root too.
    REQUIRE(sync_wait(posix().setxattr(req, at("/"), "trusted.volume", "v", 0)).has_value());
    CHECK(sync_wait(posix().getxattr(req, at("/"), "trusted.volume")).value() == "v");
}

TEST_CASE_FIXTURE(PosixFixture, "posix: fallocate, punch hole and zero range, seen through SEEK_DATA/SEEK_HOLE") {
    constexpr off_t kMiB = 1 << 20;
    FdRef fd = create("/f");
    write(*fd, std::string(kMiB, 'x'), 0);
    REQUIRE(sync_wait(posix().fsync(req, *fd, false)).has_value());

    REQUIRE(sync_wait(posix().discard(req, *fd, kMiB / 4, kMiB / 4)).has_value());
    CHECK(sync_wait(posix().fstat(req, *fd))->size == static_cast<std::uint64_t>(kMiB));
    CHECK(sync_wait(posix().seek(req, *fd, 0, SEEK_HOLE)).value() == kMiB / 4);
    CHECK(sync_wait(posix().seek(req, *fd, kMiB / 4, SEEK_DATA)).value() == kMiB / 2);
    CHECK(read(*fd, 4, kMiB / 4) == std::string(4, '\0'));

    REQUIRE(sync_wait(posix().zerofill(req, *fd, kMiB / 2, 4096)).has_value());
    CHECK(read(*fd, 4096, kMiB / 2) == std::string(4096, '\0'));
    CHECK(read(*fd, 1, kMiB / 2 + 4096) == "x");

    const auto blocks_before = sync_wait(posix().fstat(req, *fd))->blocks;
    REQUIRE(sync_wait(posix().fallocate(req, *fd, FALLOC_FL_KEEP_SIZE, kMiB, kMiB)).has_value());
    auto kept = sync_wait(posix().fstat(req, *fd));
    CHECK(kept->size == static_cast<std::uint64_t>(kMiB));
    CHECK(kept->blocks > blocks_before);
    REQUIRE(sync_wait(posix().fallocate(req, *fd, 0, 0, 3 * kMiB)).has_value());
    CHECK(sync_wait(posix().fstat(req, *fd))->size == static_cast<std::uint64_t>(3 * kMiB));
    CHECK(error_of(sync_wait(posix().seek(req, *fd, 4 * kMiB, SEEK_DATA))) == ENXIO);
}

TEST_CASE_FIXTURE(PosixFixture, "posix: a sparse file past 4 GiB") {
    const off_t far = static_cast<off_t>(5 * kGiB);
    FdRef fd = create("/sparse");
    write(*fd, "end", far);
    auto st = sync_wait(posix().fstat(req, *fd));
    REQUIRE(st.has_value());
    CHECK(st->size == static_cast<std::uint64_t>(far) + 3);
    CHECK(st->blocks * 512 < 1024 * 1024);
    CHECK(read(*fd, 3, far) == "end");
    CHECK(read(*fd, 2, far - 2) == std::string(2, '\0'));
    CHECK(sync_wait(posix().seek(req, *fd, 0, SEEK_HOLE)).value() == 0);
    const off_t data = sync_wait(posix().seek(req, *fd, 0, SEEK_DATA)).value();
    CHECK(data > static_cast<off_t>(4 * kGiB));
    CHECK(data <= far);
}

TEST_CASE_FIXTURE(PosixFixture, "posix: statfs reports the brick's file system") {
    auto s = sync_wait(posix().statfs(req, at("/")));
    REQUIRE(s.has_value());
    struct statvfs native {};
    REQUIRE(::statvfs(brick().c_str(), &native) == 0);
    CHECK(s->f_bsize == native.f_bsize);
    CHECK(s->f_blocks == native.f_blocks);
    CHECK(s->f_files == native.f_files);
}

TEST_CASE_FIXTURE(PosixFixture, "posix: readdir of many entries resumes at every cookie, .booster hidden") {
    constexpr int kEntries = 1500;
    std::set<std::string> expected{".", ".."};
    for (int i = 0; i < kEntries; ++i) {
        const std::string name = "entry-" + std::to_string(i);
        std::ofstream(brick(name)) << i;
        expected.insert(name);
    }
    FdRef dir = opendir(at("/"));
    for (std::size_t budget : {std::size_t{1}, std::size_t{512}, std::size_t{4096}, std::size_t{1 << 20}}) {
        CAPTURE(budget);
        const auto listed = list_all(*dir, budget, false);
        std::multiset<std::string> names;
        for (const auto& d : listed) names.insert(d.name);
        CHECK(names.size() == expected.size());
        CHECK(std::set<std::string>(names.begin(), names.end()) == expected);
    }
    // Small budgets return few entries per call, large ones many.
    auto small = sync_wait(posix().readdir(req, *dir, 256, 0));
    REQUIRE(small.has_value());
    CHECK(small->size() >= 1);
    CHECK(small->size() < 20);
}

TEST_CASE_FIXTURE(PosixFixture, "posix: st_ino is the gfid's last 8 bytes, the same for every name of a file") {
    EntryReply f;
    { FdRef fd = create("/f", &f); }
    CHECK(f.attr.ino == f.attr.gfid.ino());
    CHECK(f.attr.ino != 0);
    auto root = stat(by_gfid(Gfid::root()));
    REQUIRE(root.has_value());
    CHECK(root->ino == 1);
    REQUIRE(sync_wait(posix().link(req, at("/f"), at("/hard"))).has_value());
    auto hard = stat(at("/hard"));
    REQUIRE(hard.has_value());
    CHECK(hard->ino == f.attr.ino);
}

TEST_CASE_FIXTURE(PosixFixture, "posix: readdirp gives every entry its attributes and gfid") {
    mkdir("/d");
    EntryReply f;
    { FdRef fd = create("/d/f", &f); }
    mkdir("/d/sub");
    std::ofstream(brick("d/raw")) << "made on the brick";
    FdRef dir = opendir(at("/d"));
    const auto listed = list_all(*dir, 4096, true);
    std::set<std::string> names;
    for (const auto& d : listed) {
        names.insert(d.name);
        if (d.name == "..") continue;
        REQUIRE_MESSAGE(d.attr.has_value(), d.name);
        CHECK_FALSE(d.attr->gfid.is_null());
        // The entry's inode number is the one stat gives: the gfid's, not the brick's.
        CHECK(d.ino == d.attr->gfid.ino());
        CHECK(d.attr->ino == d.attr->gfid.ino());
        if (d.name == "f") CHECK(d.attr->gfid == f.attr.gfid);
        if (d.name == "sub") CHECK(d.attr->is_dir());
        if (d.name == "raw") CHECK(d.attr->gfid == stored_gfid(brick("d/raw")));
    }
    CHECK(names == std::set<std::string>{".", "..", "f", "sub", "raw"});
}

TEST_CASE_FIXTURE(PosixFixture, "posix: xattrop adds big-endian counters atomically") {
    FdRef fd = create("/f");
    auto be32 = [](std::initializer_list<std::int32_t> values) {
        std::string out;
        for (std::int32_t v : values)
            for (int shift = 24; shift >= 0; shift -= 8)
                out.push_back(static_cast<char>((static_cast<std::uint32_t>(v) >> shift) & 0xff));
        return out;
    };
    Dict delta;
    delta.set("trusted.afr.client-0", be32({1, 0, 2}));
    auto first = sync_wait(posix().xattrop(req, at("/f"), XattrOp::kAddArray32, delta));
    REQUIRE(first.has_value());
    CHECK(first->get_bytes("trusted.afr.client-0") == be32({1, 0, 2}));

    Dict again;
    again.set("trusted.afr.client-0", be32({1, 5, -3}));
    auto second = sync_wait(posix().fxattrop(req, *fd, XattrOp::kAddArray32, again));
    REQUIRE(second.has_value());
    CHECK(second->get_bytes("trusted.afr.client-0") == be32({2, 5, -1}));
    CHECK(sync_wait(posix().getxattr(req, at("/f"), "trusted.afr.client-0")).value() == be32({2, 5, -1}));

    Dict wide;
    wide.set("trusted.afr.dirty", std::string("\x00\x00\x00\x00\x00\x00\x01\x00", 8));
    REQUIRE(sync_wait(posix().xattrop(req, at("/f"), XattrOp::kAddArray64, wide)).has_value());
    auto twice = sync_wait(posix().xattrop(req, at("/f"), XattrOp::kAddArray64, wide));
    CHECK(twice->get_bytes("trusted.afr.dirty") == std::string("\x00\x00\x00\x00\x00\x00\x02\x00", 8));

    Dict bad;
    bad.set("trusted.afr.client-0", be32({1}));  // length differs from the stored array
    CHECK(error_of(sync_wait(posix().xattrop(req, at("/f"), XattrOp::kAddArray32, bad))) == EINVAL);
    Dict internal;
    internal.set("trusted.booster.gfid", be32({1, 2, 3, 4}));
    CHECK(error_of(sync_wait(posix().xattrop(req, at("/f"), XattrOp::kAddArray32, internal))) == EPERM);
    CHECK(sync_wait(posix().getxattr(req, at("/f"), "trusted.afr.client-0")).value() == be32({2, 5, -1}));
}

TEST_CASE_FIXTURE(PosixFixture, "posix: symlinks on the brick pointing out are never followed") {
    std::ofstream(area.outside() / "secret") << "outside";
    struct stat secret_before {};
    REQUIRE(::stat((area.outside() / "secret").c_str(), &secret_before) == 0);
    // Probes that change something go only through links that lead into the temporary area, so
    // that a regression is caught there instead of writing to the real root.
    fs::create_directory_symlink(area.outside(), brick("abs-out"));
    fs::create_directory_symlink("../..", brick("rel-up"));
    fs::create_directory_symlink("../../outside", brick("rel-out"));
    fs::create_symlink("../../outside/secret", brick("rel-file"));
    mkdir("/d");
    fs::create_directory_symlink("../../../outside", brick("d/nested-out"));
    fs::create_directory_symlink("/", brick("abs-root"));
    const auto area_before = names_in(area.root());
    const auto outside_before = names_in(area.outside());

    for (std::string link : {"/abs-root", "/abs-out", "/rel-up", "/rel-out", "/d/nested-out"}) {
        CAPTURE(link);
        auto self = lookup(at(link));
        REQUIRE(self.has_value());
        CHECK(self->attr.is_link());
        CHECK(error_of(lookup(at(link + "/secret"))) == ELOOP);
        CHECK(error_of(stat(at(link + "/outside/secret"))) == ELOOP);
        CHECK(error_of(sync_wait(posix().getxattr(req, at(link + "/secret"), "user.x"))) == ELOOP);
        FdRef fd = new_fd();
        CHECK_FALSE(sync_wait(posix().open(req, at(link), O_RDONLY, *fd)).has_value());
        FdRef dirfd = new_fd(O_RDONLY);
        CHECK_FALSE(sync_wait(posix().opendir(req, at(link), *dirfd)).has_value());
    }
    for (std::string link : {"/abs-out", "/rel-up", "/rel-out", "/d/nested-out"}) {
        CAPTURE(link);
        FdRef fd = new_fd();
        CHECK_FALSE(sync_wait(posix().create(req, at(link + "/new"), O_RDWR | O_CREAT, 0644, 0, *fd)).has_value());
        CHECK_FALSE(sync_wait(posix().mkdir(req, at(link + "/newdir"), 0755, 0)).has_value());
        CHECK_FALSE(sync_wait(posix().unlink(req, at(link + "/secret"))).has_value());
        CHECK_FALSE(sync_wait(posix().setxattr(req, at(link + "/secret"), "user.x", "1", 0)).has_value());
        CHECK_FALSE(rename("/d", link + "/moved").has_value());
        CHECK_FALSE(sync_wait(posix().link(req, at(link + "/secret"), at("/stolen"))).has_value());
    }
    // Acting on a symlink acts on the link, never on what it names.
    CHECK(error_of(sync_wait(posix().open(req, at("/rel-file"), O_RDWR | O_TRUNC, *new_fd()))) == ELOOP);
    SetAttr truncate;
    truncate.valid = SetAttr::kSize;
    CHECK_FALSE(sync_wait(posix().setattr(req, at("/rel-file"), truncate)).has_value());
    SetAttr chown;
    chown.valid = SetAttr::kUid;
    chown.uid = 4321;
    REQUIRE(sync_wait(posix().setattr(req, at("/rel-file"), chown)).has_value());
    CHECK_FALSE(sync_wait(posix().setxattr(req, at("/rel-file"), "user.x", "1", 0)).has_value());
    CHECK(sync_wait(posix().readlink(req, at("/rel-file"), 4096)).value() == "../../outside/secret");

    CHECK(names_in(area.root()) == area_before);
    CHECK(names_in(area.outside()) == outside_before);
    struct stat secret_after {};
    REQUIRE(::stat((area.outside() / "secret").c_str(), &secret_after) == 0);
    CHECK(secret_after.st_size == secret_before.st_size);
    CHECK(secret_after.st_uid == secret_before.st_uid);
    char value[8];
    CHECK(::getxattr((area.outside() / "secret").c_str(), "user.x", value, sizeof value) < 0);
}

TEST_CASE_FIXTURE(PosixFixture, "posix: names with '/', '.', '..' and overlong names are refused") {
    mkdir("/d");
    const Gfid root = Gfid::root();
    FdRef fd = new_fd();
    for (const std::string& bad : std::vector<std::string>{"a/b", "..", ".", "", std::string("a\0b", 3)}) {
        CAPTURE(bad);
        auto r = sync_wait(posix().mkdir(req, child(root, bad), 0755, 0));
        CHECK_FALSE(r.has_value());
    }
    CHECK(error_of(sync_wait(posix().mkdir(req, child(root, "a/b"), 0755, 0))) == EINVAL);
    CHECK(error_of(sync_wait(posix().mkdir(req, child(root, ".."), 0755, 0))) == EINVAL);
    CHECK(error_of(sync_wait(posix().mkdir(req, child(root, std::string(NAME_MAX + 1, 'n')), 0755, 0))) ==
          ENAMETOOLONG);
    for (std::string bad : {"/d/../x", "/../x", "/d/./x", "//x", "/d/", "relative", "/.."}) {
        CAPTURE(bad);
        CHECK(error_of(sync_wait(posix().mkdir(req, at(bad), 0755, 0))) == EINVAL);
        CHECK(error_of(lookup(at(bad))) == EINVAL);
    }
    CHECK(error_of(sync_wait(posix().create(req, at("/d/../escape"), O_RDWR | O_CREAT, 0644, 0, *fd))) == EINVAL);
    CHECK(error_of(sync_wait(posix().link(req, at("/d"), child(root, "../x")))) == EINVAL);
    CHECK(error_of(rename("/d", "/../d")) == EINVAL);
    CHECK(names_in(area.root()) == std::set<std::string>{"inner", "outside"});
    CHECK(names_in(area.root() / "inner") == std::set<std::string>{"brick"});
}

TEST_CASE_FIXTURE(PosixFixture, "posix: a directory moved out of the brick is no longer reachable") {
    const Gfid d = mkdir("/d").attr.gfid;
    mkdir("/d/sub");
    { FdRef f = create("/d/f"); write(*f, "x", 0); }
    REQUIRE(lookup(at("/d/f")).has_value());

    fs::rename(brick("d"), area.outside() / "d");
    const auto before = names_in(area.outside() / "d");

    CHECK(error_of(lookup(at("/d/f"))) == ENOENT);
    CHECK(error_of(stat(at("/d/sub"))) == ENOENT);
    FdRef fd = new_fd();
    CHECK(error_of(sync_wait(posix().create(req, at("/d/new"), O_RDWR | O_CREAT, 0644, 0, *fd))) == ENOENT);
    CHECK(error_of(sync_wait(posix().mkdir(req, at("/d/sub/deeper"), 0755, 0))) == ENOENT);
    CHECK(error_of(sync_wait(posix().unlink(req, at("/d/f")))) == ENOENT);
    // By gfid: the directory's handle names a place that is gone.
    CHECK_FALSE(stat(by_gfid(d)).has_value());
    CHECK_FALSE(sync_wait(posix().mkdir(req, child(d, "via-gfid"), 0755, 0)).has_value());
    CHECK(names_in(area.outside() / "d") == before);
    CHECK(names_in(area.outside()) == std::set<std::string>{"d"});
}

TEST_CASE_FIXTURE(PosixFixture, "posix: .booster is unreachable") {
    { FdRef f = create("/f"); }
    CHECK(error_of(lookup(at("/.booster"))) == ENOENT);
    CHECK(error_of(lookup(at("/.booster/gfid"))) == ENOENT);
    CHECK(error_of(lookup(child(Gfid::root(), ".booster"))) == ENOENT);
    CHECK(error_of(stat(at("/.booster"))) == ENOENT);
    CHECK(error_of(sync_wait(posix().mkdir(req, at("/.booster"), 0755, 0))) == EPERM);
    CHECK(error_of(sync_wait(posix().mkdir(req, child(Gfid::root(), ".booster"), 0755, 0))) == EPERM);
    CHECK(error_of(sync_wait(posix().mkdir(req, at("/.booster/x"), 0755, 0))) == ENOENT);
    CHECK(error_of(rename("/f", "/.booster")) == EPERM);
    CHECK(error_of(rename("/.booster", "/g")) == ENOENT);
    CHECK(error_of(sync_wait(posix().rmdir(req, at("/.booster")))) == ENOENT);
    CHECK(error_of(sync_wait(posix().setxattr(req, at("/.booster"), "user.x", "1", 0))) == ENOENT);
    CHECK(error_of(sync_wait(posix().link(req, at("/f"), at("/.booster/gfid/x")))) == ENOENT);
    FdRef dir = new_fd(O_RDONLY);
    CHECK(error_of(sync_wait(posix().opendir(req, at("/.booster/gfid"), *dir))) == ENOENT);

    FdRef root = opendir(at("/"));
    for (const auto& d : list_all(*root, 4096, true)) CHECK(d.name != ".booster");
    CHECK(fs::is_directory(brick(".booster/gfid")));
}

TEST_CASE_FIXTURE(PosixFixture, "posix: objects made directly on the brick get a gfid at lookup") {
    std::ofstream(brick("raw")) << "raw";
    fs::create_directory(brick("rawdir"));
    auto file = lookup(at("/raw"));
    REQUIRE(file.has_value());
    CHECK_FALSE(file->attr.gfid.is_null());
    CHECK(stored_gfid(brick("raw")) == file->attr.gfid);
    CHECK(lookup(at("/raw"))->attr.gfid == file->attr.gfid);
    FdRef fd = open(by_gfid(file->attr.gfid), O_RDONLY);
    CHECK(read(*fd, 8, 0) == "raw");

    auto dir = lookup(at("/rawdir"));
    REQUIRE(dir.has_value());
    CHECK(dir->attr.is_dir());
    // A directory renamed behind posix' back is found again once looked up at its new name.
    fs::rename(brick("rawdir"), brick("renamed"));
    CHECK_FALSE(stat(by_gfid(dir->attr.gfid)).has_value());
    REQUIRE(lookup(at("/renamed")).has_value());
    auto found = stat(by_gfid(dir->attr.gfid));
    REQUIRE(found.has_value());
    CHECK(found->is_dir());
}

TEST_CASE_FIXTURE(PosixFixture, "posix: concurrent creations and lookups keep one gfid per object") {
    constexpr int kThreads = 4;
    constexpr int kFiles = 100;
    std::ofstream(brick("raw")) << "made on the brick";
    std::vector<std::vector<Gfid>> created(kThreads);
    std::vector<Gfid> raw_seen(kThreads * kFiles);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < kFiles; ++i) {
                FdRef fd = Fd::create(graph->itable().create(), O_RDWR, 0, graph->slots());
                auto r = sync_wait(posix().create(req, at("/t" + std::to_string(t) + "-" + std::to_string(i)),
                                                  O_RDWR | O_CREAT | O_EXCL, 0644, 0, *fd));
                created[t].push_back(r ? r->attr.gfid : Gfid{});
                auto raw = sync_wait(posix().lookup(req, at("/raw")));
                raw_seen[t * kFiles + i] = raw ? raw->attr.gfid : Gfid{};
            }
        });
    }
    for (auto& th : threads) th.join();
    std::set<Gfid, bool (*)(const Gfid&, const Gfid&)> distinct(
        [](const Gfid& a, const Gfid& b) { return a.bytes < b.bytes; });
    for (int t = 0; t < kThreads; ++t) {
        for (int i = 0; i < kFiles; ++i) {
            const Gfid& g = created[t][i];
            REQUIRE_FALSE(g.is_null());
            distinct.insert(g);
            CHECK(stored_gfid(brick("t" + std::to_string(t) + "-" + std::to_string(i))) == g);
        }
    }
    CHECK(distinct.size() == kThreads * kFiles);
    const Gfid raw = stored_gfid(brick("raw"));
    for (const Gfid& seen : raw_seen) CHECK(seen == raw);
    CHECK(stat(by_gfid(raw)).has_value());
}

TEST_CASE_FIXTURE(PosixFixture, "posix: new objects belong to the requester with mode & ~umask") {
    Request user;
    user.uid = 1234;
    user.gid = 5678;
    FdRef fd = new_fd();
    auto file = sync_wait(posix().create(user, at("/f"), O_RDWR | O_CREAT, 0666, 022, *fd));
    REQUIRE(file.has_value());
    CHECK(file->attr.uid == 1234);
    CHECK(file->attr.gid == 5678);
    CHECK((file->attr.mode & 07777) == 0644);
    auto dir = sync_wait(posix().mkdir(user, at("/d"), 0777, 077));
    REQUIRE(dir.has_value());
    CHECK((dir->attr.mode & 07777) == 0700);
    struct stat st {};
    REQUIRE(::lstat(brick("d").c_str(), &st) == 0);
    CHECK(st.st_uid == 1234);
    CHECK((st.st_mode & 07777) == 0700);
    auto link = sync_wait(posix().symlink(user, "target", at("/s"), 0));
    REQUIRE(link.has_value());
    CHECK(link->attr.uid == 1234);
}

TEST_CASE_FIXTURE(PosixFixture, "posix: access checks mode bits against the request's credentials") {
    Request owner;
    owner.uid = 1000;
    owner.gid = 1000;
    FdRef fd = new_fd();
    REQUIRE(sync_wait(posix().create(owner, at("/f"), O_RDWR | O_CREAT, 0640, 0, *fd)).has_value());
    Request group_member;
    group_member.uid = 2000;
    group_member.gid = 3000;
    group_member.groups = {1000};
    Request stranger;
    stranger.uid = 2001;
    stranger.gid = 2001;

    CHECK(sync_wait(posix().access(owner, at("/f"), R_OK | W_OK)).has_value());
    CHECK(error_of(sync_wait(posix().access(owner, at("/f"), X_OK))) == EACCES);
    CHECK(sync_wait(posix().access(group_member, at("/f"), R_OK)).has_value());
    CHECK(error_of(sync_wait(posix().access(group_member, at("/f"), W_OK))) == EACCES);
    CHECK(error_of(sync_wait(posix().access(stranger, at("/f"), R_OK))) == EACCES);
    CHECK(sync_wait(posix().access(stranger, at("/f"), F_OK)).has_value());
    CHECK(sync_wait(posix().access(req, at("/f"), R_OK | W_OK)).has_value());
    CHECK(error_of(sync_wait(posix().access(req, at("/f"), X_OK))) == EACCES);
    CHECK(error_of(sync_wait(posix().access(req, at("/missing"), F_OK))) == ENOENT);
}

TEST_CASE_FIXTURE(PosixFixture, "posix: setattr changes mode, owner and times and returns them") {
    { FdRef f = create("/f"); }
    SetAttr change;
    change.valid = SetAttr::kMode | SetAttr::kUid | SetAttr::kGid | SetAttr::kAtime | SetAttr::kMtime;
    change.mode = 0604;
    change.uid = 77;
    change.gid = 88;
    change.atime = {1000, 5};
    change.mtime = {2000, 6};
    auto post = sync_wait(posix().setattr(req, at("/f"), change));
    REQUIRE(post.has_value());
    CHECK((post->mode & 07777) == 0604);
    CHECK(post->uid == 77);
    CHECK(post->gid == 88);
    CHECK(post->atime.tv_sec == 1000);
    CHECK(post->mtime.tv_sec == 2000);
    CHECK(post->mtime.tv_nsec == 6);

    SetAttr now;
    now.valid = SetAttr::kMtimeNow;
    auto touched = sync_wait(posix().setattr(req, at("/f"), now));
    REQUIRE(touched.has_value());
    CHECK(touched->mtime.tv_sec > 2000);
    CHECK(touched->atime.tv_sec == 1000);
}

TEST_CASE_FIXTURE(PosixFixture, "posix: lk uses OFD locks that conflict between fds") {
    { FdRef f = create("/f"); }
    FdRef one = open(at("/f"));
    FdRef two = open(at("/f"));
    Flock wr;
    wr.type = F_WRLCK;
    wr.whence = SEEK_SET;
    wr.start = 0;
    wr.len = 100;
    REQUIRE(sync_wait(posix().lk(req, *one, LockCmd::kSetLk, wr)).has_value());
    CHECK(error_of(sync_wait(posix().lk(req, *two, LockCmd::kSetLk, wr))) == EAGAIN);
    auto holder = sync_wait(posix().lk(req, *two, LockCmd::kGetLk, wr));
    REQUIRE(holder.has_value());
    CHECK(holder->type == F_WRLCK);
    Flock un = wr;
    un.type = F_UNLCK;
    REQUIRE(sync_wait(posix().lk(req, *one, LockCmd::kSetLk, un)).has_value());
    CHECK(sync_wait(posix().lk(req, *two, LockCmd::kSetLk, wr)).has_value());

    CHECK(error_of(sync_wait(posix().inodelk(req, "dom", at("/f"), LockCmd::kSetLk, wr))) == EOPNOTSUPP);
    CHECK(error_of(sync_wait(posix().finodelk(req, "dom", *one, LockCmd::kSetLk, wr))) == EOPNOTSUPP);
    CHECK(error_of(sync_wait(posix().entrylk(req, "dom", at("/"), "f", EntryLockCmd::kLock, EntryLockType::kWrite))) ==
          EOPNOTSUPP);
}

TEST_CASE_FIXTURE(PosixFixture, "posix: flock locks are flock(2) on each fd, apart from fcntl locks") {
    { FdRef f = create("/f"); }
    FdRef one = open(at("/f"));
    FdRef two = open(at("/f"));
    Flock ex;
    ex.type = F_WRLCK;
    ex.kind = LockKind::kFlock;
    Flock sh = ex;
    sh.type = F_RDLCK;
    Flock un = ex;
    un.type = F_UNLCK;
    Flock posix_lock;
    posix_lock.type = F_WRLCK;
    REQUIRE(sync_wait(posix().lk(req, *one, LockCmd::kSetLk, ex)).has_value());
    CHECK(error_of(sync_wait(posix().lk(req, *two, LockCmd::kSetLk, sh))) == EAGAIN);
    CHECK(sync_wait(posix().lk(req, *two, LockCmd::kSetLk, posix_lock)).has_value());
    CHECK(error_of(sync_wait(posix().lk(req, *two, LockCmd::kGetLk, ex))) == EINVAL);
    // Converting to shared lets the other fd share.
    REQUIRE(sync_wait(posix().lk(req, *one, LockCmd::kSetLk, sh)).has_value());
    CHECK(sync_wait(posix().lk(req, *two, LockCmd::kSetLk, sh)).has_value());
    REQUIRE(sync_wait(posix().lk(req, *two, LockCmd::kSetLk, un)).has_value());
    REQUIRE(sync_wait(posix().lk(req, *one, LockCmd::kSetLk, un)).has_value());
    CHECK(sync_wait(posix().lk(req, *two, LockCmd::kSetLkWait, ex)).has_value());
}

// A blocking lk started in the background: its result, and the thread it completed on.
struct BackgroundLock {
    std::mutex mu;
    std::condition_variable cv;
    std::optional<Result<Flock>> result;
    std::thread::id completed_on;

    bool done() {
        std::lock_guard lock(mu);
        return result.has_value();
    }
    // The result, once in (a generous bound, so that a lost wake-up fails instead of hanging).
    Result<Flock> await() {
        std::unique_lock lock(mu);
        REQUIRE(cv.wait_for(lock, std::chrono::seconds(30), [&] { return result.has_value(); }));
        return *result;
    }
};

std::shared_ptr<BackgroundLock> lock_in_background(Xlator& xl, const Request& req, Fd& fd, const Flock& lock) {
    auto b = std::make_shared<BackgroundLock>();
    spawn(xl.lk(req, fd, LockCmd::kSetLkWait, lock), [b](Result<Flock>&& r) {
        std::lock_guard guard(b->mu);
        b->result.emplace(std::move(r));
        b->completed_on = std::this_thread::get_id();
        b->cv.notify_all();
    });
    return b;
}

Flock lock_of(LockKind kind, short type) {
    Flock f;
    f.type = type;
    f.whence = SEEK_SET;
    f.kind = kind;
    return f;
}

TEST_CASE_FIXTURE(PosixFixture, "posix: a blocking lk that must wait holds no caller thread; waiters go in turn") {
    for (LockKind kind : {LockKind::kFcntl, LockKind::kFlock}) {
        CAPTURE(static_cast<int>(kind));
        const std::string path = kind == LockKind::kFcntl ? "/fcntl" : "/flock";
        { FdRef f = create(path); }
        FdRef holder = open(at(path));
        const Flock ex = lock_of(kind, F_WRLCK);
        const Flock un = lock_of(kind, F_UNLCK);
        REQUIRE(sync_wait(posix().lk(req, *holder, LockCmd::kSetLk, ex)).has_value());

        // More waiters than a FUSE mount has workers by default: each start returns at once.
        std::vector<FdRef> fds;
        std::vector<std::shared_ptr<BackgroundLock>> waiters;
        for (int i = 0; i < 12; ++i) {
            fds.push_back(open(at(path)));
            waiters.push_back(lock_in_background(posix(), req, *fds.back(), ex));
        }
        CHECK(sync_wait(posix().fstat(req, *holder)).has_value());
        for (auto& w : waiters) CHECK_FALSE(w->done());

        REQUIRE(sync_wait(posix().lk(req, *holder, LockCmd::kSetLk, un)).has_value());
        for (std::size_t granted = 0; granted < waiters.size(); ++granted) {
            // Exactly one waiter holds the lock at a time: find it, let it go.
            std::size_t holding = waiters.size();
            const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(30);
            while (holding == waiters.size()) {
                REQUIRE(std::chrono::steady_clock::now() < give_up);
                for (std::size_t i = 0; i < waiters.size(); ++i)
                    if (fds[i] && waiters[i]->done()) holding = i;
                std::this_thread::yield();
            }
            const auto result = waiters[holding]->await();
            REQUIRE(result.has_value());
            CHECK(waiters[holding]->completed_on != std::this_thread::get_id());
            REQUIRE(sync_wait(posix().lk(req, *fds[holding], LockCmd::kSetLk, un)).has_value());
            fds[holding] = FdRef();
        }
    }
}

TEST_CASE_FIXTURE(PosixFixture, "posix: an interrupted blocking lk ends with EINTR and leaves no lock behind") {
    for (LockKind kind : {LockKind::kFcntl, LockKind::kFlock}) {
        CAPTURE(static_cast<int>(kind));
        const std::string path = kind == LockKind::kFcntl ? "/fcntl" : "/flock";
        { FdRef f = create(path); }
        FdRef holder = open(at(path));
        FdRef waiter = open(at(path));
        FdRef probe = open(at(path));
        const Flock ex = lock_of(kind, F_WRLCK);
        const Flock un = lock_of(kind, F_UNLCK);
        REQUIRE(sync_wait(posix().lk(req, *holder, LockCmd::kSetLk, ex)).has_value());

        std::stop_source interrupt;
        Request interruptible = req;
        interruptible.cancel = interrupt.get_token();
        auto waiting = lock_in_background(posix(), interruptible, *waiter, ex);
        // Most likely blocked in the kernel by now; the interrupt must end the wait either way.
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        CHECK_FALSE(waiting->done());
        interrupt.request_stop();
        CHECK(error_of(waiting->await()) == EINTR);
        CHECK(error_of(sync_wait(posix().lk(req, *probe, LockCmd::kSetLk, ex))) == EAGAIN);

        // Interrupted before it waits: EINTR without waiting.
        auto late = lock_in_background(posix(), interruptible, *waiter, ex);
        CHECK(error_of(late->await()) == EINTR);

        REQUIRE(sync_wait(posix().lk(req, *holder, LockCmd::kSetLk, un)).has_value());
        CHECK(sync_wait(posix().lk(req, *probe, LockCmd::kSetLk, ex)).has_value());
        REQUIRE(sync_wait(posix().lk(req, *probe, LockCmd::kSetLk, un)).has_value());
    }
}

TEST_CASE_FIXTURE(PosixFixture, "posix: copy_file_range between two open files") {
    FdRef in = create("/in");
    write(*in, "abcdefgh", 0);
    FdRef out = create("/out");
    auto copied = sync_wait(posix().copy_file_range(req, *in, 2, *out, 1, 4, 0));
    REQUIRE(copied.has_value());
    CHECK(*copied == 4);
    CHECK(read(*out, 10, 0) == std::string("\0cdef", 5));
}

TEST_CASE_FIXTURE(PosixFixture, "posix: fd fops without an open context fail with EBADF") {
    FdRef stray = new_fd();
    CHECK(error_of(sync_wait(posix().fstat(req, *stray))) == EBADF);
    CHECK(error_of(sync_wait(posix().readdir(req, *stray, 4096, 0))) == EBADF);
    CHECK(error_of(sync_wait(posix().flush(req, *stray))) == EBADF);
}

TEST_CASE_FIXTURE(PosixFixture, "posix: a fop does nothing until its task is awaited") {
    {
        auto never = posix().mkdir(req, at("/never"), 0755, 0);
        (void)never;
    }
    CHECK_FALSE(fs::exists(brick("never")));
}

TEST_CASE_FIXTURE(PosixFixture, "posix: creation fails cleanly when the gfid is already taken") {
    EntryReply first;
    { FdRef f = create("/a", &first); }
    Loc clash = at("/b");
    clash.gfid = first.attr.gfid;
    FdRef fd = new_fd();
    CHECK(error_of(sync_wait(posix().create(req, clash, O_RDWR | O_CREAT | O_EXCL, 0644, 0, *fd))) == EEXIST);
    CHECK_FALSE(fs::exists(brick("b")));
    Loc dir_clash = at("/c");
    dir_clash.gfid = first.attr.gfid;
    CHECK(error_of(sync_wait(posix().mkdir(req, dir_clash, 0755, 0))) == EEXIST);
    CHECK_FALSE(fs::exists(brick("c")));
    Loc root_clash = at("/r");
    root_clash.gfid = Gfid::root();
    CHECK(error_of(sync_wait(posix().mkdir(req, root_clash, 0755, 0))) == EINVAL);
}

}  // namespace booster
