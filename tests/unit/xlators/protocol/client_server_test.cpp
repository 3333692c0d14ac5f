// protocol/client and protocol/server in one process, over a unix socket and over TCP on
// 127.0.0.1: every fop family across the wire, many requests in flight, a disconnect that
// releases the client's fds and locks on the brick, ping timeout, reconnect with reopened fds,
// a lock lost across a reconnect, and admission (uid, address, secret).
#include <doctest/doctest.h>
#include <fcntl.h>
#include <linux/falloc.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <functional>
#include <set>

#include "core/xlators/protocol/wire/call_codec.hpp"
#include "core/xlators/protocol/wire/frame_header.hpp"
#include "core/xlators/protocol/wire/message.hpp"
#include "tests/unit/xlators/protocol/protocol_fixture.hpp"
#include "tests/unit/xlators/protocol/wire_socket.hpp"

namespace booster::test {
namespace {

template <class T>
T value(Result<T> r) {
    REQUIRE_MESSAGE(r.has_value(), "errno " << (r.has_value() ? 0 : r.error().errnum));
    return std::move(*r);
}

template <class T>
int error_of(const Result<T>& r) {
    return r.has_value() ? 0 : r.error().errnum;
}

std::string read_all(Xlator& x, Fd& fd, std::size_t size, off_t at) {
    std::string buf(size, '\0');
    iovec iov{buf.data(), buf.size()};
    const std::size_t n = value(sync_wait(x.readv(root_req(), fd, IoVecs(&iov, 1), at, 0)));
    buf.resize(n);
    return buf;
}

std::size_t write_all(Xlator& x, Fd& fd, std::string_view data, off_t at) {
    iovec iov{const_cast<char*>(data.data()), data.size()};
    return value(sync_wait(x.writev(root_req(), fd, IoVecs(&iov, 1), at, 0)));
}

void every_fop_family(ProtocolPair& p) {
    Xlator& x = p.top();
    const Request req = root_req();
    // Entries.
    const EntryReply dir = value(sync_wait(x.mkdir(req, p.child(Gfid::root(), "d"), S_IFDIR | 0755, 022)));
    CHECK(dir.attr.is_dir());
    CHECK(std::filesystem::is_directory(p.brick_dir() / "d"));
    FdRef f = p.new_fd(O_RDWR);
    const EntryReply file = value(sync_wait(x.create(req, p.child(dir.attr.gfid, "f"), O_RDWR | O_CREAT, 0644, 022, *f)));
    CHECK(file.attr.is_reg());
    // Data.
    CHECK(write_all(x, *f, "hello world", 0) == 11);
    CHECK(read_all(x, *f, 64, 0) == "hello world");
    CHECK(read_all(x, *f, 5, 6) == "world");
    CHECK(value(sync_wait(x.fstat(req, *f))).size == 11);
    CHECK(value(sync_wait(x.fsetattr(req, *f, SetAttr{.valid = SetAttr::kSize, .size = 5}))).size == 5);
    CHECK(value(sync_wait(x.flush(req, *f))) == Unit{});
    CHECK(value(sync_wait(x.fsync(req, *f, true))) == Unit{});
    CHECK(value(sync_wait(x.fallocate(req, *f, 0, 0, 8192))) == Unit{});
    CHECK(value(sync_wait(x.zerofill(req, *f, 0, 2))) == Unit{});
    CHECK(value(sync_wait(x.discard(req, *f, 4096, 4096))) == Unit{});
    CHECK(read_all(x, *f, 5, 0) == std::string("\0\0llo", 5));
    CHECK(value(sync_wait(x.seek(req, *f, 0, SEEK_DATA))) == 0);
    // Xattrs on the fd and by Loc.
    CHECK(value(sync_wait(x.fsetxattr(req, *f, "user.a", std::string_view("1\0two", 5), 0))) == Unit{});
    CHECK(value(sync_wait(x.fgetxattr(req, *f, "user.a"))) == std::string("1\0two", 5));
    const Names fnames = value(sync_wait(x.flistxattr(req, *f)));
    CHECK(std::find(fnames.begin(), fnames.end(), "user.a") != fnames.end());
    CHECK(value(sync_wait(x.fremovexattr(req, *f, "user.a"))) == Unit{});
    const Loc floc = p.object(file.attr.gfid);
    CHECK(value(sync_wait(x.setxattr(req, floc, "user.b", "v", 0))) == Unit{});
    CHECK(value(sync_wait(x.getxattr(req, floc, "user.b"))) == "v");
    CHECK(value(sync_wait(x.listxattr(req, floc))).size() >= 1);
    CHECK(value(sync_wait(x.removexattr(req, floc, "user.b"))) == Unit{});
    CHECK(error_of(sync_wait(x.getxattr(req, floc, "user.b"))) == ENODATA);
    Dict delta;
    delta.set("user.counter", std::string("\0\0\0\1", 4));
    CHECK(value(sync_wait(x.xattrop(req, floc, XattrOp::kAddArray32, delta))).get_bytes("user.counter") ==
          std::string("\0\0\0\1", 4));
    CHECK(value(sync_wait(x.fxattrop(req, *f, XattrOp::kAddArray32, delta))).get_bytes("user.counter") ==
          std::string("\0\0\0\2", 4));
    // Locks: posix serves lk; the internal locks are features/locks' (EOPNOTSUPP travels back).
    const Flock wr{.type = F_WRLCK, .whence = SEEK_SET, .start = 0, .len = 10, .owner = 7};
    CHECK(value(sync_wait(x.lk(req, *f, LockCmd::kSetLk, wr))).type == F_WRLCK);
    CHECK(value(sync_wait(x.lk(req, *f, LockCmd::kGetLk, wr))).type == F_UNLCK);
    CHECK(error_of(sync_wait(x.finodelk(req, "dom", *f, LockCmd::kSetLk, wr))) == EOPNOTSUPP);
    CHECK(error_of(sync_wait(x.inodelk(req, "dom", floc, LockCmd::kSetLk, wr))) == EOPNOTSUPP);
    CHECK(error_of(sync_wait(x.entrylk(req, "dom", p.object(dir.attr.gfid), "f", EntryLockCmd::kLock,
                                       EntryLockType::kWrite))) == EOPNOTSUPP);
    // Lookups, attributes.
    const EntryReply found = value(sync_wait(x.lookup(req, p.child(dir.attr.gfid, "f", false))));
    CHECK(found.attr.gfid == file.attr.gfid);
    CHECK(value(sync_wait(x.lookup(req, p.object(file.attr.gfid)))).attr.gfid == file.attr.gfid);
    CHECK(error_of(sync_wait(x.lookup(req, p.child(dir.attr.gfid, "missing", false)))) == ENOENT);
    CHECK(value(sync_wait(x.stat(req, floc))).size == 8192);  // fallocate extended it
    CHECK(value(sync_wait(x.access(req, floc, R_OK))) == Unit{});
    const Iatt changed = value(sync_wait(x.setattr(req, floc, SetAttr{.valid = SetAttr::kMode, .mode = 0600})));
    CHECK((changed.mode & 0777) == 0600);
    // Names.
    const EntryReply link = value(sync_wait(x.symlink(req, "f", p.child(dir.attr.gfid, "s"), 022)));
    CHECK(value(sync_wait(x.readlink(req, p.object(link.attr.gfid), 4096))) == "f");
    Loc hard_to = p.child(dir.attr.gfid, "h");
    CHECK(value(sync_wait(x.link(req, floc, hard_to))).attr.nlink == 2);
    CHECK(S_ISFIFO(value(sync_wait(x.mknod(req, p.child(dir.attr.gfid, "p"), S_IFIFO | 0644, 0, 022))).attr.mode));
    CHECK(value(sync_wait(x.rename(req, p.child(dir.attr.gfid, "h", false), p.child(dir.attr.gfid, "h2", false), 0))) ==
          Unit{});
    CHECK(std::filesystem::exists(p.brick_dir() / "d" / "h2"));
    CHECK(value(sync_wait(x.unlink(req, p.child(dir.attr.gfid, "h2", false)))) == Unit{});
    // Opening an existing file, copying inside the brick.
    FdRef g = p.new_fd(O_RDWR);
    (void)value(sync_wait(x.create(req, p.child(dir.attr.gfid, "g"), O_RDWR | O_CREAT, 0644, 022, *g)));
    FdRef again = p.new_fd(O_RDONLY);
    CHECK(value(sync_wait(x.open(req, floc, O_RDONLY, *again))) == Unit{});
    CHECK(value(sync_wait(x.copy_file_range(req, *again, 2, *g, 0, 3, 0))) == 3);
    CHECK(read_all(x, *g, 10, 0) == "llo");
    // Directories.
    FdRef d = p.new_fd(O_RDONLY | O_DIRECTORY);
    CHECK(value(sync_wait(x.opendir(req, p.object(dir.attr.gfid), *d))) == Unit{});
    std::set<std::string> names;
    for (const Dirent& e : value(sync_wait(x.readdir(req, *d, 4096, 0)))) names.insert(e.name);
    CHECK(names == std::set<std::string>{".", "..", "f", "g", "p", "s"});
    bool with_attrs = false;
    for (const Dirent& e : value(sync_wait(x.readdirp(req, *d, 4096, 0))))
        if (e.name == "f") with_attrs = e.attr.has_value() && e.attr->gfid == file.attr.gfid;
    CHECK(with_attrs);
    CHECK(value(sync_wait(x.fsyncdir(req, *d, false))) == Unit{});
    CHECK(value(sync_wait(x.statfs(req, p.root_loc()))).f_bsize > 0);
    // Removal.
    for (const char* n : {"f", "g", "p", "s"}) CHECK(value(sync_wait(x.unlink(req, p.child(dir.attr.gfid, n, false)))) == Unit{});
    f = {};
    g = {};
    again = {};
    d = {};
    CHECK(value(sync_wait(x.rmdir(req, p.child(Gfid::root(), "d", false)))) == Unit{});
    CHECK(!std::filesystem::exists(p.brick_dir() / "d"));
}

TEST_CASE("protocol: every fop family works over a unix socket") {
    ProtocolPair p(Transport::kUnix);
    every_fop_family(p);
}

TEST_CASE("protocol: every fop family works over TCP on 127.0.0.1") {
    ProtocolPair p(Transport::kTcp);
    every_fop_family(p);
}

TEST_CASE("protocol: every fop family works with a brick that busy-polls") {
    ProtocolPair p(Transport::kUnix, "  option busy-poll-usec 200\n");
    every_fop_family(p);
}

TEST_CASE("protocol: requests from several threads are in flight together and each gets its own reply") {
    ProtocolPair p(Transport::kUnix);
    Xlator& x = p.top();
    FdRef f = p.create_file("many");
    constexpr int kThreads = 6;
    constexpr int kRounds = 200;
    std::atomic<int> wrong{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < kRounds; ++i) {
                const std::string block(512, static_cast<char>('a' + (t * kRounds + i) % 26));
                const off_t at = static_cast<off_t>((t * kRounds + i) * 512);
                if (write_all(x, *f, block, at) != block.size() || read_all(x, *f, 512, at) != block) ++wrong;
            }
        });
    }
    for (auto& th : threads) th.join();
    CHECK(wrong == 0);
    CHECK(value(sync_wait(x.fstat(root_req(), *f))).size == kThreads * kRounds * 512);
}

TEST_CASE("protocol: a client's disconnect releases its fds on the brick and calls release_client") {
    ProtocolPair p(Transport::kUnix);
    FdRef a = p.create_file("a");
    FdRef b = p.create_file("b");
    REQUIRE(p.probe().open_fds() == 2);
    REQUIRE(p.probe().released_ids().empty());
    a = {};
    b = {};
    p.stop_client();  // the fds were dropped by the engine first: releases; then the connection goes
    CHECK(eventually([&] { return p.server().connections() == 0; }));
    CHECK(eventually([&] { return p.probe().released_ids().size() == 1; }));
    CHECK(p.probe().open_fds() == 0);
}

// A client speaking the wire by hand, that can vanish at any moment.
class RawClient {
public:
    explicit RawClient(const std::string& path) { REQUIRE(socket_.open(path)); }
    wire::Builder& builder() { return socket_.builder(); }
    void send(std::uint64_t xid) { REQUIRE(socket_.send(xid)); }
    std::vector<std::uint8_t> receive() {
        auto body = socket_.receive();
        REQUIRE(body.has_value());
        return *body;
    }

private:
    WireSocket socket_;
};

TEST_CASE("protocol: a client that vanishes with open fds has them released by the brick") {
    ProtocolPair p(Transport::kUnix);
    {
        RawClient raw(p.socket_path());
        wire::encode_call<FopId::create>(raw.builder(), root_req(),
                                         {wire::WireLoc{Gfid::random(), Gfid::root(), "a"}, O_RDWR | O_CREAT, 0644u,
                                          022u, wire::RemoteFd{}});
        raw.send(1);
        (void)raw.receive();
        REQUIRE(p.probe().open_fds() == 1);
    }  // gone without a release
    // The brick drops the fds, then releases the client: wait for both.
    CHECK(eventually([&] { return p.probe().open_fds() == 0 && !p.probe().released_ids().empty(); }));
    CHECK(p.probe().released_ids().size() == 1);
}

TEST_CASE("protocol: a brick that goes away -> CHILD_DOWN, fops fail fast with ENOTCONN; back -> CHILD_UP, fds reopened") {
    ProtocolPair p(Transport::kUnix);
    Xlator& x = p.top();
    REQUIRE(eventually([&] { return p.events().saw(Event::kChildUp); }));
    FdRef f = p.create_file("f");
    CHECK(write_all(x, *f, "before", 0) == 6);
    p.stop_brick();
    REQUIRE(eventually([&] { return p.events().saw(Event::kChildDown); }));
    const auto t0 = std::chrono::steady_clock::now();
    CHECK(error_of(sync_wait(x.fstat(root_req(), *f))) == ENOTCONN);
    CHECK(error_of(sync_wait(x.stat(root_req(), p.root_loc()))) == ENOTCONN);
    CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(1));  // fast: no wait for the brick
    p.start_brick();
    REQUIRE(eventually([&] { return p.events().count(Event::kChildUp) == 2; }));
    CHECK(read_all(x, *f, 64, 0) == "before");
    CHECK(write_all(x, *f, "after", 6) == 5);
    CHECK(read_all(x, *f, 64, 0) == "beforeafter");
}

// The threads of this process now.
std::size_t threads_now() {
    return static_cast<std::size_t>(std::distance(std::filesystem::directory_iterator("/proc/self/task"),
                                                  std::filesystem::directory_iterator()));
}

TEST_CASE("protocol: over a unix socket the link is up when init returns, with no connector thread until it goes down") {
    ProtocolPair p(Transport::kUnix);
    p.stop_client();
    const std::size_t before = threads_now();
    p.start_client();
    // parent_up raised CHILD_UP itself: the handshake was over before activate() returned.
    CHECK(p.events().saw(Event::kChildUp));
    CHECK(threads_now() == before + 1);  // the event thread alone
    {
        FdRef f = p.create_file("f");
        CHECK(write_all(p.top(), *f, "up", 0) == 2);
    }
    p.stop_brick();
    REQUIRE(eventually([&] { return p.events().saw(Event::kChildDown); }));
    const std::size_t with_client = threads_now();
    p.stop_client();
    CHECK(with_client - threads_now() == 2);  // and the connector thread, started by the loss
}

TEST_CASE("protocol: a client whose unix brick is not there yet fails fast, then connects by itself when it comes") {
    ProtocolPair p(Transport::kUnix);
    p.stop_client();
    p.stop_brick();
    p.start_client();
    CHECK(!p.events().saw(Event::kChildUp));
    const auto t0 = std::chrono::steady_clock::now();
    CHECK(error_of(sync_wait(p.top().stat(root_req(), p.root_loc()))) == ENOTCONN);
    CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(1));
    p.start_brick();
    REQUIRE(eventually([&] { return p.events().saw(Event::kChildUp); }));
    CHECK(sync_wait(p.top().stat(root_req(), p.root_loc())).has_value());
}

TEST_CASE("protocol: an fd that held a lock when the brick went away is lost after the reconnect (EBADFD)") {
    ProtocolPair p(Transport::kTcp);
    Xlator& x = p.top();
    FdRef locked = p.create_file("l");
    FdRef plain = p.create_file("n");
    const Flock wr{.type = F_WRLCK, .whence = SEEK_SET, .start = 0, .len = 0, .owner = 7};
    (void)value(sync_wait(x.lk(root_req(), *locked, LockCmd::kSetLk, wr)));
    p.stop_brick();
    REQUIRE(eventually([&] { return p.events().saw(Event::kChildDown); }));
    p.start_brick();
    REQUIRE(eventually([&] { return p.events().count(Event::kChildUp) == 2; }));
    CHECK(error_of(sync_wait(x.fstat(root_req(), *locked))) == EBADFD);
    CHECK(error_of(sync_wait(x.lk(root_req(), *locked, LockCmd::kSetLk, wr))) == EBADFD);
    CHECK(value(sync_wait(x.fstat(root_req(), *plain))).size == 0);
}

TEST_CASE("protocol: an unlocked fd is reopened even if it once held a lock") {
    ProtocolPair p(Transport::kUnix);
    Xlator& x = p.top();
    FdRef f = p.create_file("u");
    Flock lock{.type = F_WRLCK, .whence = SEEK_SET, .start = 0, .len = 0, .owner = 7};
    (void)value(sync_wait(x.lk(root_req(), *f, LockCmd::kSetLk, lock)));
    lock.type = F_UNLCK;
    (void)value(sync_wait(x.lk(root_req(), *f, LockCmd::kSetLk, lock)));
    p.stop_brick();
    REQUIRE(eventually([&] { return p.events().saw(Event::kChildDown); }));
    p.start_brick();
    REQUIRE(eventually([&] { return p.events().count(Event::kChildUp) == 2; }));
    CHECK(value(sync_wait(x.fstat(root_req(), *f))).size == 0);
}

// A brick played by hand: it accepts one client and runs `script` on the connection.
class ScriptedBrick {
public:
    using Script = std::function<void(int peer)>;
    ScriptedBrick(const std::string& path, Script script) : path_(path), script_(std::move(script)) {
        listener_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_un sun{};
        sun.sun_family = AF_UNIX;
        std::strncpy(sun.sun_path, path.c_str(), sizeof(sun.sun_path) - 1);
        REQUIRE(::bind(listener_, reinterpret_cast<sockaddr*>(&sun), sizeof(sun)) == 0);
        REQUIRE(::listen(listener_, 4) == 0);
        thread_ = std::thread([this] {
            peer_ = ::accept(listener_, nullptr, nullptr);
            if (peer_ >= 0) script_(peer_);
        });
    }
    ~ScriptedBrick() {
        ::shutdown(listener_, SHUT_RDWR);
        ::close(listener_);
        thread_.join();
        if (peer_ >= 0) ::close(peer_);
        ::unlink(path_.c_str());
    }

    // One frame of `b`'s message, as the bytes a brick writes.
    static std::vector<std::uint8_t> frame(wire::Builder& b) {
        wire::FrameHeader h;
        h.message_size = b.GetSize();
        const auto head = wire::encode_header(h);
        std::vector<std::uint8_t> out(head.begin(), head.end());
        out.insert(out.end(), b.GetBufferPointer(), b.GetBufferPointer() + b.GetSize());
        return out;
    }
    static std::vector<std::uint8_t> challenge() {
        wire::Builder b;
        wire::encode_challenge(b, std::vector<std::uint8_t>(32, 1), false);
        return frame(b);
    }
    static std::vector<std::uint8_t> welcome() {
        wire::Builder b;
        wire::encode_welcome(b, 0);
        return frame(b);
    }
    static void write_all(int peer, const std::vector<std::uint8_t>& bytes) {
        (void)!::write(peer, bytes.data(), bytes.size());
    }
    // Whether the client sent something within `timeout`, read and dropped.
    static bool heard(int peer, std::chrono::milliseconds timeout) {
        pollfd p{peer, POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(timeout.count())) != 1) return false;
        char hello[4096];
        return ::read(peer, hello, sizeof(hello)) > 0;
    }

private:
    std::string path_;
    Script script_;
    int listener_ = -1;
    int peer_ = -1;
    std::thread thread_;
};

// A brick that completes the handshake and then never answers (a hung server).
void silent_brick(int peer) {
    ScriptedBrick::write_all(peer, ScriptedBrick::challenge());
    (void)ScriptedBrick::heard(peer, std::chrono::seconds(10));
    ScriptedBrick::write_all(peer, ScriptedBrick::welcome());
}

TEST_CASE("protocol: without a secret the Hello leaves with the connect, and a challenge and welcome read at once both count") {
    std::string pattern = (std::filesystem::temp_directory_path() / "booster-eager-XXXXXX").string();
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    const std::string sock = pattern + "/s.sock";
    {
        std::atomic<bool> hello_before_challenge{false};
        // The brick says nothing until it has heard the Hello, then both its messages in one write.
        ScriptedBrick brick(sock, [&](int peer) {
            hello_before_challenge = ScriptedBrick::heard(peer, std::chrono::seconds(10));
            std::vector<std::uint8_t> both = ScriptedBrick::challenge();
            const std::vector<std::uint8_t> welcome = ScriptedBrick::welcome();
            both.insert(both.end(), welcome.begin(), welcome.end());
            ScriptedBrick::write_all(peer, both);
            (void)ScriptedBrick::heard(peer, std::chrono::seconds(10));
        });
        auto client = graph_of("volume client\n  type protocol/client\n  option remote-path " + sock +
                                   "\nend-volume\nvolume top\n  type test/event-probe\n  subvolumes client\nend-volume\n",
                               kProtocolTestTypes);
        auto& events = xlator<EventProbe>(*client, "top");
        CHECK(eventually([&] { return events.saw(Event::kChildUp); }));
        CHECK(hello_before_challenge);
    }
    std::filesystem::remove_all(pattern);
}

TEST_CASE("protocol: a brick that stops answering is declared down after ping-timeout; the fop in flight fails with ENOTCONN") {
    std::string pattern = (std::filesystem::temp_directory_path() / "booster-silent-XXXXXX").string();
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    const std::string sock = pattern + "/s.sock";
    {
        ScriptedBrick brick(sock, silent_brick);
        auto client = graph_of("volume client\n  type protocol/client\n  option remote-path " + sock +
                                   "\n  option ping-timeout 1\nend-volume\nvolume top\n  type test/event-probe\n"
                                   "  subvolumes client\nend-volume\n",
                               kProtocolTestTypes);
        auto& events = xlator<EventProbe>(*client, "top");
        REQUIRE(eventually([&] { return events.saw(Event::kChildUp); }));
        Loc root;
        root.gfid = Gfid::root();
        const auto t0 = std::chrono::steady_clock::now();
        auto r = sync_wait(client->top().stat(root_req(), root));
        const auto waited = std::chrono::steady_clock::now() - t0;
        CHECK(error_of(r) == ENOTCONN);
        CHECK(waited < std::chrono::seconds(5));
        CHECK(eventually([&] { return events.saw(Event::kChildDown); }));
        const auto t1 = std::chrono::steady_clock::now();
        CHECK(error_of(sync_wait(client->top().stat(root_req(), root))) == ENOTCONN);
        CHECK(std::chrono::steady_clock::now() - t1 < std::chrono::milliseconds(500));
    }
    std::filesystem::remove_all(pattern);
}

TEST_CASE("protocol: a unix peer whose uid is not allowed is refused") {
    ProtocolPair p(Transport::kUnix, "  option auth-allow-uid 54321\n");
    CHECK(error_of(sync_wait(p.top().stat(root_req(), p.root_loc()))) == ENOTCONN);
    CHECK(!p.events().saw(Event::kChildUp));
    CHECK(p.server().dump().find("refused=0") == std::string::npos);
}

TEST_CASE("protocol: a TCP peer whose address is not allowed is refused") {
    ProtocolPair p(Transport::kTcp, "  option auth-allow 10.1.2.0/24,fd00::1\n");
    CHECK(error_of(sync_wait(p.top().stat(root_req(), p.root_loc()))) == ENOTCONN);
    CHECK(!p.events().saw(Event::kChildUp));
}

TEST_CASE("protocol: the shared secret: the right one is admitted, a wrong or missing one refused") {
    std::string pattern = (std::filesystem::temp_directory_path() / "booster-secret-XXXXXX").string();
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    const std::string good = pattern + "/good";
    const std::string bad = pattern + "/bad";
    std::ofstream(good) << "correct horse\n";
    std::ofstream(bad) << "battery staple\n";
    {
        ProtocolPair ok(Transport::kUnix, "  option auth-secret-file " + good + "\n", "  option secret-file " + good + "\n");
        CHECK(value(sync_wait(ok.top().stat(root_req(), ok.root_loc()))).is_dir());
    }
    {
        ProtocolPair wrong(Transport::kTcp, "  option auth-secret-file " + good + "\n", "  option secret-file " + bad + "\n");
        CHECK(error_of(sync_wait(wrong.top().stat(root_req(), wrong.root_loc()))) == ENOTCONN);
    }
    {
        ProtocolPair none(Transport::kUnix, "  option auth-secret-file " + good + "\n");
        CHECK(error_of(sync_wait(none.top().stat(root_req(), none.root_loc()))) == ENOTCONN);
    }
    std::filesystem::remove_all(pattern);
}

TEST_CASE("protocol: requests cannot reach outside the export") {
    ProtocolPair p(Transport::kUnix);
    Xlator& x = p.top();
    std::ofstream(p.root() / "secret") << "outside";
    CHECK(error_of(sync_wait(x.lookup(root_req(), p.child(Gfid::root(), "..", false)))) != 0);
    CHECK(error_of(sync_wait(x.lookup(root_req(), p.child(Gfid::root(), "../secret", false)))) != 0);
    CHECK(error_of(sync_wait(x.mkdir(root_req(), p.child(Gfid::root(), "../escape"), S_IFDIR | 0755, 0))) != 0);
    CHECK(error_of(sync_wait(x.stat(root_req(), p.object(Gfid::random())))) != 0);
    CHECK(!std::filesystem::exists(p.root() / "escape"));
}

}  // namespace
}  // namespace booster::test
