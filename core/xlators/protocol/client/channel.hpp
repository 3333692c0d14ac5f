// Channel: protocol/client's connection to its brick over time: connecting, the handshake,
// pings, declaring the brick down, reconnecting with back-off, reopening fds, and the events.
//
// Threads: the event thread (EventLoop) reads replies and completes fops (unless a thread
// waiting for a reply of its own reads them meanwhile: read_while_waiting), sends pings every
// ping-timeout/2 and declares the link dead when nothing at all was heard for ping-timeout;
// the connector thread connects (first in start(), then after every loss, with a back-off of
// 0.1 s doubling to 1 s; to a unix socket, start() makes the first attempt itself and the
// connector thread starts only once that attempt failed or the link went down), runs the
// handshake (one round trip: without a secret the Hello goes out with the connect; a secret's
// proof waits for the challenge's nonce, a second round trip), reopens every tracked fd by
// gfid (flags minus O_CREAT|O_EXCL|O_TRUNC; an fd that held a lock is marked lost instead),
// then raises CHILD_UP.
// CHILD_DOWN is raised on the event thread when an up link dies. Events go to parents only
// after PARENT_UP.
// usable_link(): the link fops use; until the first connection attempt has ended it waits for
// it (at most ping-timeout); afterwards it never waits (null = down, fops fail with ENOTCONN).
// Ownership: shared by the translator and every RemoteFdCtx (weakly), so a context released
// after fini does nothing. Thread-safety: every public method from any thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>

#include "core/engine/xlator.hpp"
#include "core/xlators/protocol/client/link.hpp"
#include "core/xlators/protocol/client/remote_fd.hpp"
#include "core/xlators/protocol/transport/endpoint.hpp"
#include "core/xlators/protocol/transport/event_loop.hpp"

namespace booster {

class Channel : public std::enable_shared_from_this<Channel> {
public:
    struct Settings {
        transport::Endpoint endpoint;
        std::optional<std::string> secret;
        std::chrono::milliseconds ping_timeout{10000};
        std::size_t max_frame = 0;
        std::string client_name;
        // Ask a unix-socket brick to lend the descriptors of opened files (short-circuit I/O).
        bool short_circuit = false;
    };
    // Reopens one fd on a fresh link (by the translator, which knows the wire): the new id; a
    // descriptor the brick lends with the reply goes to `fd`.
    using Reopen = std::function<Result<std::uint64_t>(Link& link, RemoteFdState& fd)>;

    Channel(Settings settings, Xlator& owner, Reopen reopen);
    ~Channel();

    Status start();
    void stop();
    void parent_up();

    std::shared_ptr<Link> usable_link();
    // Whether link `generation` is the one up now (no wait, no lock): a descriptor the brick
    // lent on it is still to be used.
    bool up_at(std::uint64_t generation) const {
        return up_generation_.load(std::memory_order_acquire) == generation;
    }
    void track(const std::shared_ptr<RemoteFdState>& fd);
    // The fd's context is gone: forget it and drop the remote fd.
    void release(RemoteFdState& fd);
    const Settings& settings() const { return settings_; }
    // A thread waiting for a reply on `link` reads the link's replies itself, completing every
    // fop they answer on this thread, until `done` is set or `until` passes; returns at once
    // when another thread is reading. The event thread sleeps meanwhile (its one-shot watch is
    // disarmed), and is re-armed after; a broken link is left to it.
    void read_while_waiting(const std::shared_ptr<Link>& link, const std::atomic<unsigned>& done,
                            std::chrono::steady_clock::time_point until);
    std::string describe() const;

private:
    enum class State { kConnecting, kReopening, kUp, kDown };

    // Starts the connector thread unless it runs or the channel stops; mu_ held.
    void start_connector(bool attempt_first, std::shared_ptr<Link> up);
    // The connector thread: makes an attempt at once when `attempt_first`, else waits for `up`
    // (null: the last attempt failed) to go down or for the back-off to pass.
    void run_connector(bool attempt_first, std::shared_ptr<Link> up);
    // One connection attempt: the link, up (null if it failed).
    std::shared_ptr<Link> attempt();
    Result<std::shared_ptr<Link>> establish();
    void reopen_all(Link& link);
    void bring_up(const std::shared_ptr<Link>& link);
    void on_readable(const std::shared_ptr<Link>& link);
    void on_tick();
    void link_down(const std::shared_ptr<Link>& link, const std::string& why);
    void raise(Event event);

    const Settings settings_;
    Xlator& owner_;
    const Reopen reopen_;
    transport::EventLoop loop_;
    std::thread connector_;  // guarded by mu_ until stopping_ is set

    mutable std::mutex mu_;
    std::condition_variable changed_;
    State state_ = State::kConnecting;     // guarded by mu_
    std::shared_ptr<Link> link_;           // guarded by mu_
    bool first_attempt_done_ = false;      // guarded by mu_
    bool stopping_ = false;                // guarded by mu_
    bool parent_up_ = false;               // guarded by mu_
    bool announced_up_ = false;            // guarded by mu_
    std::uint64_t generation_ = 0;         // guarded by mu_
    std::atomic<std::uint64_t> up_generation_{0};  // the link up now; 0 while down (written under mu_)
    std::string last_failure_;             // connector thread only
    std::chrono::steady_clock::time_point last_ping_;  // event thread only

    std::mutex fds_mu_;
    std::unordered_map<const RemoteFdState*, std::weak_ptr<RemoteFdState>> fds_;  // guarded by fds_mu_
};

}  // namespace booster
