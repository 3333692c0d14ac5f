// Test fixture for protocol/client and protocol/server in one process: a brick graph
// (protocol/server -> test/brick-probe -> storage/posix on a temporary directory) and a client
// graph (test/event-probe -> protocol/client) connected over a unix socket or TCP on
// 127.0.0.1. The probes record what the tests check: release_client calls and open fds on the
// brick side, CHILD_UP/CHILD_DOWN on the client side. Helpers build Locs and run fops
// synchronously. Everything (graphs, sockets, the directory) goes when the fixture does.
#pragma once

#include <doctest/doctest.h>
#include <fcntl.h>
#include <stdlib.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/engine/fd.hpp"
#include "core/engine/graph.hpp"
#include "core/engine/task.hpp"
#include "core/xlators/protocol/server/protocol_server.hpp"
#include "tests/unit/support/counted_ctx.hpp"
#include "tests/unit/support/graph_of.hpp"

namespace booster::test {

inline Request root_req() { return Request{.uid = 0, .gid = 0, .pid = 1, .lk_owner = 7}; }

// Passes everything down (a lent descriptor too); counts release_client calls, readv, writev
// and fsync calls, and the fds opened through it that are still alive.
class BrickProbe final : public Xlator {
public:
    void release_client(std::uint64_t id) override {
        {
            std::lock_guard lock(mu);
            released.push_back(id);
        }
        Xlator::release_client(id);
    }
    Task<Result<Unit>> open(const Request& req, const Loc& loc, int flags, Fd& fd) override {
        auto r = co_await first_child().open(req, loc, flags, fd);
        if (r) track(fd);
        co_return r;
    }
    Task<Result<EntryReply>> create(const Request& req, const Loc& loc, int flags, mode_t mode, mode_t umask,
                                    Fd& fd) override {
        auto r = co_await first_child().create(req, loc, flags, mode, umask, fd);
        if (r) track(fd);
        co_return r;
    }
    Task<Result<std::size_t>> readv(const Request& req, Fd& fd, IoVecs dst, off_t offset, unsigned flags) override {
        ++readvs;
        return first_child().readv(req, fd, dst, offset, flags);
    }
    Task<Result<std::size_t>> writev(const Request& req, Fd& fd, IoVecs src, off_t offset, unsigned flags) override {
        ++writevs;
        return first_child().writev(req, fd, src, offset, flags);
    }
    Task<Result<Unit>> fsync(const Request& req, Fd& fd, bool datasync) override {
        ++fsyncs;
        return first_child().fsync(req, fd, datasync);
    }
    Result<int> descriptor_to_lend(Fd& fd) override { return first_child().descriptor_to_lend(fd); }
    // A read the server splices comes here instead of readv, in one call per pipe it fills
    // (spliced_read.hpp); ProtocolPair::spliced_reads() counts those reads.
    Result<std::size_t> read_to_pipe(const Request& req, Fd& fd, int pipe, std::size_t length, off_t offset) override {
        return first_child().read_to_pipe(req, fd, pipe, length, offset);
    }
    int open_fds() const { return opened.load() - closed.load(); }
    std::vector<std::uint64_t> released_ids() {
        std::lock_guard lock(mu);
        return released;
    }

    std::mutex mu;
    std::vector<std::uint64_t> released;
    std::atomic<int> opened{0};
    std::atomic<int> closed{0};
    std::atomic<int> readvs{0};
    std::atomic<int> writevs{0};
    std::atomic<int> fsyncs{0};

private:
    struct Counted : Ctx {
        explicit Counted(std::atomic<int>& c) : closed(c) {}
        ~Counted() override { ++closed; }
        std::atomic<int>& closed;
    };
    void track(Fd& fd) {
        ++opened;
        (void)fd.ctx().set_if_empty(slot(), std::make_unique<Counted>(closed));
    }
};

// Records the events its child raises.
class EventProbe final : public Xlator {
public:
    void notify(Event event, Xlator* from) override {
        if (event != Event::kParentUp) {
            std::lock_guard lock(mu);
            events.push_back(event);
        }
        Xlator::notify(event, from);
    }
    bool saw(Event e) {
        std::lock_guard lock(mu);
        return std::find(events.begin(), events.end(), e) != events.end();
    }
    std::size_t count(Event e) {
        std::lock_guard lock(mu);
        return static_cast<std::size_t>(std::count(events.begin(), events.end(), e));
    }
    std::mutex mu;
    std::vector<Event> events;
};

template <class T>
std::unique_ptr<Xlator> make_probe() {
    return std::make_unique<T>();
}

inline constexpr XlatorType kProtocolTestTypes[] = {
    {"test/brick-probe", &make_probe<BrickProbe>, {}, "counts fds and release_client"},
    {"test/event-probe", &make_probe<EventProbe>, {}, "records events"},
};

// Waits up to `limit` for `done()`; polls, since the events come from other threads.
template <class F>
bool eventually(F done, std::chrono::milliseconds limit = std::chrono::milliseconds(5000)) {
    const auto end = std::chrono::steady_clock::now() + limit;
    while (!done()) {
        if (std::chrono::steady_clock::now() > end) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return true;
}

enum class Transport { kUnix, kTcp };

class ProtocolPair {
public:
    explicit ProtocolPair(Transport t, std::string server_extra = {}, std::string client_extra = {})
        : transport_(t), server_extra_(std::move(server_extra)), client_extra_(std::move(client_extra)) {
        std::string pattern = (std::filesystem::temp_directory_path() / "booster-proto-XXXXXX").string();
        REQUIRE(::mkdtemp(pattern.data()) != nullptr);
        root_ = pattern;
        std::filesystem::create_directory(brick_dir());
        start_brick();
        if (transport_ == Transport::kTcp) port_ = test::xlator<ProtocolServer>(*brick_, "server").listening_port();
        start_client();
    }
    ~ProtocolPair() {
        client_.reset();
        brick_.reset();
        std::error_code ignored;
        std::filesystem::remove_all(root_, ignored);
    }

    std::filesystem::path root() const { return root_; }
    std::filesystem::path brick_dir() const { return root_ / "brick"; }
    std::string socket_path() const { return (root_ / "brick.sock").string(); }

    void start_brick() {
        std::string listen = transport_ == Transport::kUnix
                                 ? "  option transport unix\n  option listen-path " + socket_path() + "\n"
                                 : "  option transport tcp\n  option bind-address 127.0.0.1\n  option listen-port " +
                                       std::to_string(port_) + "\n";
        brick_ = graph_of("volume posix\n  type storage/posix\n  option directory " + brick_dir().string() +
                              "\nend-volume\nvolume probe\n  type test/brick-probe\n  subvolumes posix\nend-volume\n"
                              "volume server\n  type protocol/server\n" +
                              listen + server_extra_ + "  subvolumes probe\nend-volume\n",
                          kProtocolTestTypes);
    }
    void stop_brick() { brick_.reset(); }
    void start_client() {
        std::string remote = transport_ == Transport::kUnix
                                 ? "  option transport unix\n  option remote-path " + socket_path() + "\n"
                                 : "  option transport tcp\n  option remote-host 127.0.0.1\n  option remote-port " +
                                       std::to_string(port_) + "\n";
        client_ = graph_of("volume client\n  type protocol/client\n" + remote + "  option ping-timeout 2\n" +
                               client_extra_ + "end-volume\nvolume top\n  type test/event-probe\n  subvolumes client\nend-volume\n",
                           kProtocolTestTypes);
    }
    void stop_client() { client_.reset(); }

    Graph& client() { return *client_; }
    Graph& brick() { return *brick_; }
    Xlator& top() { return client_->top(); }
    EventProbe& events() { return xlator<EventProbe>(*client_, "top"); }
    BrickProbe& probe() { return xlator<BrickProbe>(*brick_, "probe"); }
    ProtocolServer& server() { return xlator<ProtocolServer>(*brick_, "server"); }
    // The reads the server answered by splicing (its dump's spliced_reads).
    std::uint64_t spliced_reads() {
        const std::string dump = server().dump();
        const auto at = dump.find("spliced_reads=");
        REQUIRE(at != std::string::npos);
        return std::stoull(dump.substr(at + 14));
    }

    Loc root_loc() {
        Loc loc;
        loc.inode = client_->itable().root();
        loc.gfid = Gfid::root();
        return loc;
    }
    // A name to create (or look up) in the directory `parent`.
    Loc child(const Gfid& parent, std::string name, bool creating = true) {
        Loc loc;
        loc.pargfid = parent;
        loc.name = std::move(name);
        loc.inode = client_->itable().create();
        if (creating) loc.gfid = Gfid::random();
        return loc;
    }
    Loc object(const Gfid& gfid) {
        Loc loc;
        loc.gfid = gfid;
        return loc;
    }
    FdRef new_fd(int flags) { return Fd::create(client_->itable().create(), flags, 1, client_->slots()); }
    // A new file `name` in the root, created through the client as root: its open fd.
    FdRef create_file(std::string name, int flags = O_RDWR) {
        FdRef fd = new_fd(flags);
        auto made =
            sync_wait(top().create(root_req(), child(Gfid::root(), std::move(name)), flags | O_CREAT, 0644, 022, *fd));
        REQUIRE_MESSAGE(made.has_value(), "errno " << (made.has_value() ? 0 : made.error().errnum));
        return fd;
    }

private:
    Transport transport_;
    std::string server_extra_;
    std::string client_extra_;
    std::filesystem::path root_;
    std::uint16_t port_ = 0;
    std::unique_ptr<Graph> brick_;
    std::unique_ptr<Graph> client_;
};

}  // namespace booster::test
