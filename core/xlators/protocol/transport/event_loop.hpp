// EventLoop: one thread waiting in epoll for the sockets of an endpoint (a brick's listener and
// its clients, or a client's connection), plus a periodic tick (pings, timeouts).
//
// Callbacks run on the loop thread, one at a time. watch()/unwatch() may be called from any
// thread; a callback already running when its fd is unwatched finishes (it holds its own
// reference), none starts afterwards. stop() ends the thread after the callback in progress;
// it must not be called from the loop thread. Sockets are watched level-triggered, or one-shot:
// such a socket reports once, then stays quiet until rearm() (its owner reads it from other
// threads too, and re-arms when it stops).
// Busy polling (start's `busy_poll`, off when zero): after a wait that found work, the thread
// keeps asking epoll without sleeping, giving way to any other runnable thread between two asks,
// until `busy_poll` has passed with nothing new. The next message in that window is taken by a
// thread that is already running: no wake-up, which on a virtual machine whose idle CPU halts
// costs tens to hundreds of microseconds. It spends up to that much CPU after every burst.
// Its own epoll and event descriptors are numbered high (high_descriptor.hpp).
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>

#include "core/engine/result.hpp"
#include "core/xlators/storage/posix/unique_fd.hpp"

namespace booster::transport {

class EventLoop {
public:
    using Callback = std::function<void()>;

    EventLoop() = default;
    ~EventLoop() { stop(); }
    EventLoop(const EventLoop&) = delete;
    EventLoop& operator=(const EventLoop&) = delete;

    // Starts the thread; `tick` runs about every `period` on it.
    Status start(std::string thread_name, std::chrono::milliseconds period, Callback tick,
                 std::chrono::microseconds busy_poll = {});
    void stop();
    bool on_loop_thread() const { return std::this_thread::get_id() == thread_.get_id(); }

    enum class Trigger { kLevel, kOneShot };
    Status watch(int fd, Callback on_readable, Trigger trigger = Trigger::kLevel);
    void unwatch(int fd);
    // A one-shot socket: report it again when readable (rearm), or not even then (disarm).
    // Harmless on a socket no longer watched.
    void rearm(int fd);
    void disarm(int fd);

private:
    void run(std::string thread_name, std::chrono::milliseconds period, std::chrono::microseconds busy_poll);
    std::shared_ptr<Callback> find(int fd);

    UniqueFd epoll_;
    UniqueFd wake_;  // eventfd: stop()
    Callback tick_;
    std::thread thread_;
    std::mutex mu_;
    std::unordered_map<int, std::shared_ptr<Callback>> watched_;  // guarded by mu_
};

}  // namespace booster::transport
