// cluster/distribute over two storage/posix bricks in a temporary directory (removed when the
// test ends, pass or fail): placement, lookup fallback and linkfiles, renames across
// subvolumes, listings, lookups by gfid, layout repair and a subvolume going down.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/xattr.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "core/engine/graph.hpp"
#include "core/engine/task.hpp"
#include "core/xlators/cluster/distribute/dm_hash.hpp"
#include "tests/unit/support/graph_of.hpp"

namespace fs = std::filesystem;

namespace booster {
namespace {

struct TwoBricks {
    fs::path root;
    std::unique_ptr<Graph> graph;
    Request req;

    TwoBricks() {
        std::string pattern = (fs::temp_directory_path() / "booster-dht-XXXXXX").string();
        REQUIRE(::mkdtemp(pattern.data()) != nullptr);
        root = pattern;
        fs::create_directories(brick(0));
        fs::create_directories(brick(1));
        graph = test::graph_of("volume b0\n type storage/posix\n option directory " + brick(0).string() +
                               "\nend-volume\nvolume b1\n type storage/posix\n option directory " +
                               brick(1).string() + "\nend-volume\nvolume dht\n type cluster/distribute\n"
                               " subvolumes b0 b1\nend-volume\n");
        REQUIRE(sync_wait(dht().lookup(req, at("/"))).has_value());  // writes the root's layout
    }
    ~TwoBricks() {
        graph.reset();
        std::error_code ignored;
        fs::remove_all(root, ignored);
    }

    fs::path brick(int i) const { return root / ("b" + std::to_string(i)); }
    Xlator& dht() { return graph->top(); }

    Loc at(const std::string& path) {
        Loc loc;
        loc.path = path;
        if (path == "/") {
            loc.gfid = Gfid::root();
            return loc;
        }
        const auto slash = path.rfind('/');
        loc.name = path.substr(slash + 1);
        loc.pargfid = Gfid::root();
        loc.inode = graph->itable().create();
        return loc;
    }

    // A name under the root that hashes to brick `i` (equal split: the upper half is brick 1).
    static std::string name_on(int i, const std::string& prefix, int skip = 0) {
        for (int n = 0;; ++n) {
            std::string name = prefix + std::to_string(n);
            if ((dm_hash(name) >= 0x80000000u) == (i == 1) && skip-- == 0) return name;
        }
    }

    Result<EntryReply> create(const std::string& path, const std::string& data = {}) {
        Loc loc = at(path);
        loc.gfid = Gfid::random();
        FdRef fd = Fd::create(loc.inode, O_RDWR, 0, graph->slots());
        auto made = sync_wait(dht().create(req, loc, O_RDWR | O_CREAT | O_EXCL, 0644, 0, *fd));
        if (made && !data.empty()) {
            iovec iov{const_cast<char*>(data.data()), data.size()};
            REQUIRE(sync_wait(dht().writev(req, *fd, IoVecs(&iov, 1), 0, 0)).has_value());
        }
        return made;
    }

    // Every name of the root listed through the volume, `budget` bytes per readdir call.
    std::map<std::string, int> listing(std::size_t budget) {
        Loc dir = at("/");
        dir.inode = graph->itable().find(Gfid::root());
        REQUIRE(dir.inode);
        FdRef fd = Fd::create(dir.inode, O_RDONLY | O_DIRECTORY, 0, graph->slots());
        REQUIRE(sync_wait(dht().opendir(req, dir, *fd)).has_value());
        std::map<std::string, int> seen;
        std::uint64_t offset = 0;
        for (int calls = 0; calls < 10000; ++calls) {
            auto batch = sync_wait(dht().readdir(req, *fd, budget, offset));
            REQUIRE(batch.has_value());
            if (batch->empty()) return seen;
            for (const Dirent& d : *batch) ++seen[d.name];
            offset = batch->back().off;
        }
        FAIL("the listing does not end");
        return seen;
    }
};

bool is_linkfile_on(const fs::path& p, const std::string& target) {
    struct stat st {};
    if (::lstat(p.c_str(), &st) != 0 || st.st_mode != (S_IFREG | S_ISVTX) || st.st_size != 0) return false;
    char value[64] = {};
    const ssize_t n = ::lgetxattr(p.c_str(), "trusted.glusterfs.dht.linkto", value, sizeof value);
    return n > 0 && std::string(value, static_cast<std::size_t>(n)) == target;
}

std::string content(const fs::path& p) {
    std::ifstream in(p);
    return {std::istreambuf_iterator<char>(in), {}};
}

}  // namespace

TEST_CASE_FIXTURE(TwoBricks, "distribute: each file is created on the brick its name hashes to") {
    for (int i = 0; i < 2; ++i)
        for (int k = 0; k < 5; ++k) {
            const std::string name = name_on(i, "f", k);
            REQUIRE(create("/" + name).has_value());
            CHECK(fs::exists(brick(i) / name));
            CHECK_FALSE(fs::exists(brick(1 - i) / name));
        }
}

TEST_CASE_FIXTURE(TwoBricks, "distribute: mkdir makes the directory on both bricks with one gfid and a layout") {
    Loc dir = at("/d");
    auto made = sync_wait(dht().mkdir(req, dir, 0755, 0));
    REQUIRE(made.has_value());
    char g0[16];
    char g1[16];
    REQUIRE(::lgetxattr((brick(0) / "d").c_str(), "trusted.booster.gfid", g0, 16) == 16);
    REQUIRE(::lgetxattr((brick(1) / "d").c_str(), "trusted.booster.gfid", g1, 16) == 16);
    CHECK(std::string(g0, 16) == std::string(g1, 16));
    char range[16];
    CHECK(::lgetxattr((brick(0) / "d").c_str(), "trusted.glusterfs.dht", range, 16) == 16);
    CHECK(::lgetxattr((brick(1) / "d").c_str(), "trusted.glusterfs.dht", range, 16) == 16);
}

TEST_CASE_FIXTURE(TwoBricks, "distribute: a file on the wrong brick is found everywhere and gets a linkfile") {
    const std::string name = name_on(0, "misplaced");
    std::ofstream(brick(1) / name) << "here";
    auto found = sync_wait(dht().lookup(req, at("/" + name)));
    REQUIRE(found.has_value());
    CHECK(found->attr.size == 4);
    CHECK(is_linkfile_on(brick(0) / name, "b1"));
    auto again = sync_wait(dht().stat(req, at("/" + name)));
    REQUIRE(again.has_value());
    CHECK(again->gfid == found->attr.gfid);
}

TEST_CASE_FIXTURE(TwoBricks, "distribute: a rename across bricks keeps the data, lists once, unlink cleans up") {
    const std::string from = name_on(0, "src");
    const std::string to = name_on(1, "dst");
    auto made = create("/" + from, "payload");
    REQUIRE(made.has_value());
    REQUIRE(sync_wait(dht().rename(req, at("/" + from), at("/" + to), 0)).has_value());
    CHECK(content(brick(0) / to) == "payload");
    CHECK(is_linkfile_on(brick(1) / to, "b0"));
    CHECK_FALSE(fs::exists(brick(0) / from));
    auto found = sync_wait(dht().lookup(req, at("/" + to)));
    REQUIRE(found.has_value());
    CHECK(found->attr.gfid == made->attr.gfid);
    CHECK(found->attr.size == 7);

    for (int k = 0; k < 6; ++k) REQUIRE(create("/" + name_on(k % 2, "more", k)).has_value());
    const auto seen = listing(200);  // a few entries per call: resumes across both bricks
    CHECK(seen.size() == 9);         // ".", "..", the renamed file and six more
    for (const auto& [name, times] : seen) CHECK_MESSAGE(times == 1, name);
    CHECK(seen.contains(to));

    REQUIRE(sync_wait(dht().unlink(req, at("/" + to))).has_value());
    CHECK_FALSE(fs::exists(brick(0) / to));
    CHECK_FALSE(fs::exists(brick(1) / to));
}

TEST_CASE_FIXTURE(TwoBricks, "distribute: a lookup by gfid finds the brick holding the data, not the linkfile") {
    const std::string from = name_on(1, "g");
    const std::string to = name_on(0, "h");
    auto made = create("/" + from, "abc");
    REQUIRE(made.has_value());
    REQUIRE(sync_wait(dht().rename(req, at("/" + from), at("/" + to), 0)).has_value());
    REQUIRE(is_linkfile_on(brick(0) / to, "b1"));
    Loc by_gfid;
    by_gfid.gfid = made->attr.gfid;
    by_gfid.inode = graph->itable().create();
    auto found = sync_wait(dht().lookup(req, by_gfid));
    REQUIRE(found.has_value());
    CHECK(found->attr.size == 3);
    FdRef fd = Fd::create(by_gfid.inode, O_RDONLY, 0, graph->slots());
    REQUIRE(sync_wait(dht().open(req, by_gfid, O_RDONLY, *fd)).has_value());
    std::string buf(8, '\0');
    iovec iov{buf.data(), buf.size()};
    auto n = sync_wait(dht().readv(req, *fd, IoVecs(&iov, 1), 0, 0));
    REQUIRE(n.has_value());
    CHECK(buf.substr(0, *n) == "abc");
}

TEST_CASE_FIXTURE(TwoBricks, "distribute: a directory lookup rewrites a layout with an overlap") {
    REQUIRE(sync_wait(dht().mkdir(req, at("/d"), 0755, 0)).has_value());
    const std::string overlapping("\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x00\xff\xff\xff\xff", 16);
    REQUIRE(::lsetxattr((brick(1) / "d").c_str(), "trusted.glusterfs.dht", overlapping.data(), 16, 0) == 0);
    REQUIRE(sync_wait(dht().lookup(req, at("/d"))).has_value());
    char range[16];
    REQUIRE(::lgetxattr((brick(1) / "d").c_str(), "trusted.glusterfs.dht", range, 16) == 16);
    CHECK(std::string(range, 16) == std::string("\x00\x00\x00\x01\x00\x00\x00\x00\x80\x00\x00\x00\xff\xff\xff\xff", 16));
}

TEST_CASE_FIXTURE(TwoBricks, "distribute: DHT's xattrs are hidden and protected from above") {
    REQUIRE(sync_wait(dht().mkdir(req, at("/d"), 0755, 0)).has_value());
    auto names = sync_wait(dht().listxattr(req, at("/d")));
    REQUIRE(names.has_value());
    for (const auto& n : *names) CHECK(n.find("glusterfs") == std::string::npos);
    auto get = sync_wait(dht().getxattr(req, at("/d"), "trusted.glusterfs.dht"));
    REQUIRE_FALSE(get.has_value());
    CHECK(get.error().errnum == ENODATA);
    auto set = sync_wait(dht().setxattr(req, at("/d"), "trusted.glusterfs.dht", "x", 0));
    REQUIRE_FALSE(set.has_value());
    CHECK(set.error().errnum == EPERM);
}

TEST_CASE_FIXTURE(TwoBricks, "distribute: a file on a subvolume that went down fails with ENOTCONN") {
    const std::string there = name_on(1, "down");
    const std::string here = name_on(0, "up");
    REQUIRE(create("/" + there).has_value());
    REQUIRE(create("/" + here).has_value());
    dht().notify(Event::kChildDown, graph->find("b1"));
    auto lost = sync_wait(dht().stat(req, at("/" + there)));
    REQUIRE_FALSE(lost.has_value());
    CHECK(lost.error().errnum == ENOTCONN);
    CHECK(sync_wait(dht().stat(req, at("/" + here))).has_value());
    dht().notify(Event::kChildUp, graph->find("b1"));
    CHECK(sync_wait(dht().stat(req, at("/" + there))).has_value());
}

}  // namespace booster
