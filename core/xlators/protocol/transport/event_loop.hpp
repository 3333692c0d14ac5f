// EventLoop: one thread waiting in epoll for the sockets of an endpoint (a brick's listener and
// its clients, or a client's connection), plus a periodic tick (pings, timeouts).
//
// Callbacks run on the loop thread, one at a time. watch()/unwatch() may be called from any
// thread; a callback already running when its fd is unwatched finishes (it holds its own
// reference), none starts afterwards. stop() ends the thread after the callback in progress;
// it must not be called from the loop thread. Sockets are watched level-triggered, or one-shot:
// such a socket reports once, then stays quiet until rearm() (its owner reads it from other
// threads too, and re-arms when it stops).
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
    Status start(std::string thread_name, std::chrono::milliseconds period, Callback tick);
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
    void run(std::string thread_name, std::chrono::milliseconds period);
    std::shared_ptr<Callback> find(int fd);

    UniqueFd epoll_;
    UniqueFd wake_;  // eventfd: stop()
    Callback tick_;
    std::thread thread_;
    std::mutex mu_;
    std::unordered_map<int, std::shared_ptr<Callback>> watched_;  // guarded by mu_
};

}  // namespace booster::transport
