// performance/md-cache and security.capability (the attribute the kernel asks a FUSE mount for
// before every write): answered from the cache, a value and "none" alike; forgotten by every
// change that may touch it; other names never cached; another client's change seen after
// `timeout`; a file this client made with O_EXCL or mknod known to have none. Over storage/posix on a temporary directory, with a probe counting what passes.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <thread>

#include "core/engine/graph.hpp"
#include "core/engine/task.hpp"
#include "core/xlators/performance/md-cache/md_cache.hpp"
#include "tests/unit/support/graph_of.hpp"

namespace {

using namespace booster;
namespace fs = std::filesystem;

constexpr const char* kCap = "security.capability";

// Counts the getxattr calls that pass it.
class GetxattrProbe final : public Xlator {
public:
    Task<Result<std::string>> getxattr(const Request& req, const Loc& loc, std::string_view name) override {
        calls.fetch_add(1);
        return first_child().getxattr(req, loc, name);
    }
    std::atomic<int> calls{0};
};

std::unique_ptr<Xlator> make_probe() { return std::make_unique<GetxattrProbe>(); }
constexpr XlatorType kTypes[] = {{"test/getxattr-probe", &make_probe, {}, "counts getxattr"}};

// A capability in the kernel's format (VFS_CAP_REVISION_2: magic, then permitted and
// inheritable words), permitting CAP_NET_RAW.
std::string net_raw_capability() {
    const std::uint32_t words[5] = {0x02000000u, 1u << 13, 0, 0, 0};
    return std::string(reinterpret_cast<const char*>(words), sizeof words);
}

class CapVolume {
public:
    explicit CapVolume(const std::string& timeout) {
        std::string pattern = (fs::temp_directory_path() / "booster-mdc-cap-XXXXXX").string();
        REQUIRE(::mkdtemp(pattern.data()) != nullptr);
        dir_ = pattern;
        graph_ = test::graph_of("volume posix\n  type storage/posix\n  option directory " + dir_.string() +
                                    "\nend-volume\nvolume probe\n  type test/getxattr-probe\n  subvolumes posix\n"
                                    "end-volume\nvolume mdc\n  type performance/md-cache\n  option timeout " +
                                    timeout + "\n  subvolumes probe\nend-volume\n",
                                kTypes);
        loc.parent = graph_->itable().root();
        loc.pargfid = Gfid::root();
        loc.name = "f";
        loc.path = "/f";
        loc.inode = graph_->itable().create();
        loc.gfid = Gfid::random();
        fd = Fd::create(loc.inode, O_RDWR, 1, graph_->slots());
        auto made = sync_wait(top().create(req, loc, O_RDWR | O_CREAT, 0755, 022, *fd));
        REQUIRE(made.has_value());
        loc.inode = graph_->itable().link(loc.inode, loc.parent, "f", made->attr);
    }
    ~CapVolume() {
        // What refers to the graph's inode table goes before the graph.
        fd = FdRef();
        loc = Loc();
        graph_.reset();
        std::error_code ignored;
        fs::remove_all(dir_, ignored);
    }

    Xlator& top() { return graph_->top(); }
    int asked() { return test::xlator<GetxattrProbe>(*graph_, "probe").calls.load(); }
    Result<std::string> get(const char* name = kCap) { return sync_wait(top().getxattr(req, loc, name)); }
    Result<std::string> get_of(const Loc& of) { return sync_wait(top().getxattr(req, of, kCap)); }
    // A Loc for `name`, not yet made, in the volume's root.
    Loc new_loc(const char* name) {
        Loc l;
        l.parent = graph_->itable().root();
        l.pargfid = Gfid::root();
        l.name = name;
        l.path = std::string("/") + name;
        l.inode = graph_->itable().create();
        l.gfid = Gfid::random();
        return l;
    }
    // Creates `l`'s file with `flags` (and O_CREAT) through the cache.
    bool create(Loc& l, int flags) {
        FdRef f = Fd::create(l.inode, flags, 1, graph_->slots());
        auto made = sync_wait(top().create(req, l, flags | O_CREAT, 0644, 022, *f));
        if (made) l.inode = graph_->itable().link(l.inode, l.parent, l.name, made->attr);
        return made.has_value();
    }
    fs::path brick_file() const { return dir_ / "f"; }

    Request req{.uid = 0, .gid = 0, .pid = 1};
    Loc loc;
    FdRef fd;

private:
    fs::path dir_;
    std::unique_ptr<Graph> graph_;
};

int errnum(const Result<std::string>& r) { return r ? 0 : r.error().errnum; }

// True, said in the test's output, when this process may not set file capabilities (not root).
bool cannot_set_capabilities() {
    if (::geteuid() == 0) return false;
    MESSAGE("setting a file capability needs root: skipped");
    return true;
}

}  // namespace

TEST_CASE("md-cache: security.capability is answered from the cache, its absence and a value alike") {
    CapVolume v("1h");
    CHECK(errnum(v.get()) == ENODATA);
    CHECK(errnum(v.get()) == ENODATA);
    CHECK(v.asked() == 1);
    if (cannot_set_capabilities()) return;  // the value half
    REQUIRE(sync_wait(v.top().setxattr(v.req, v.loc, kCap, net_raw_capability(), 0)).has_value());
    CHECK(v.get() == net_raw_capability());
    CHECK(v.get() == net_raw_capability());
    CHECK(v.asked() == 2);
}

TEST_CASE("md-cache: every change that may touch security.capability forgets it") {
    using Change = std::function<void(CapVolume&)>;
    const std::pair<const char*, Change> changes[] = {
        {"setxattr", [](CapVolume& v) { (void)sync_wait(v.top().setxattr(v.req, v.loc, "user.k", "v", 0)); }},
        {"removexattr", [](CapVolume& v) { (void)sync_wait(v.top().removexattr(v.req, v.loc, "user.k")); }},
        {"fsetxattr", [](CapVolume& v) { (void)sync_wait(v.top().fsetxattr(v.req, *v.fd, "user.k", "v", 0)); }},
        {"fremovexattr", [](CapVolume& v) { (void)sync_wait(v.top().fremovexattr(v.req, *v.fd, "user.k")); }},
        {"setattr (chown)", [](CapVolume& v) {
             SetAttr a;
             a.valid = SetAttr::kUid;
             a.uid = 0;
             (void)sync_wait(v.top().setattr(v.req, v.loc, a));
         }},
        {"fsetattr (chmod)", [](CapVolume& v) {
             SetAttr a;
             a.valid = SetAttr::kMode;
             a.mode = 0700;
             (void)sync_wait(v.top().fsetattr(v.req, *v.fd, a));
         }},
    };
    for (const auto& [name, change] : changes) {
        CAPTURE(name);
        CapVolume v("1h");
        (void)v.get();
        change(v);
        (void)v.get();
        CHECK(v.asked() == 2);
    }
}

TEST_CASE("md-cache: a writev does not forget security.capability, and other names are never cached") {
    CapVolume v("1h");
    (void)v.get();
    const std::string bytes = "abc";
    const iovec iov{const_cast<char*>(bytes.data()), bytes.size()};
    REQUIRE(sync_wait(v.top().writev(v.req, *v.fd, IoVecs(&iov, 1), 0, 0)).has_value());
    (void)v.get();
    CHECK(v.asked() == 1);
    (void)v.get("user.other");
    (void)v.get("user.other");
    CHECK(v.asked() == 3);
}

TEST_CASE("md-cache: another client's capability is seen once the cached answer is `timeout` old") {
    if (cannot_set_capabilities()) return;
    CapVolume v("0.1");
    CHECK(errnum(v.get()) == ENODATA);
    const std::string cap = net_raw_capability();
    REQUIRE(::setxattr(v.brick_file().c_str(), kCap, cap.data(), cap.size(), 0) == 0);  // not through the cache
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
    CHECK(v.get() == cap);
}

TEST_CASE("md-cache: a file made with O_EXCL or mknod starts with no capability; another create asks") {
    CapVolume v("1h");
    Loc exclusive = v.new_loc("new");
    REQUIRE(v.create(exclusive, O_WRONLY | O_EXCL));
    CHECK(errnum(v.get_of(exclusive)) == ENODATA);
    CHECK(v.asked() == 0);

    Loc node = v.new_loc("node");
    REQUIRE(sync_wait(v.top().mknod(v.req, node, S_IFREG | 0644, 0, 022)).has_value());
    CHECK(errnum(v.get_of(node)) == ENODATA);
    CHECK(v.asked() == 0);

    // Without O_EXCL the name may have been another client's file: its capability is asked.
    Loc plain = v.new_loc("plain");
    REQUIRE(v.create(plain, O_WRONLY));
    CHECK(errnum(v.get_of(plain)) == ENODATA);
    CHECK(v.asked() == 1);
}

TEST_CASE("md-cache: a capability set after an exclusive create is not hidden by the create's answer") {
    if (cannot_set_capabilities()) return;
    CapVolume v("1h");
    Loc made = v.new_loc("made");
    REQUIRE(v.create(made, O_WRONLY | O_EXCL));
    REQUIRE(sync_wait(v.top().setxattr(v.req, made, kCap, net_raw_capability(), 0)).has_value());
    CHECK(v.get_of(made) == net_raw_capability());
}
