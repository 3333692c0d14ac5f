#include <doctest/doctest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <string>
#include <thread>

#include "core/xlators/protocol/transport/event_loop.hpp"

using namespace booster;
using namespace std::chrono_literals;

namespace {

// Waits up to `limit` for `done()`.
template <class F>
bool within(std::chrono::milliseconds limit, F done) {
    const auto end = std::chrono::steady_clock::now() + limit;
    while (!done()) {
        if (std::chrono::steady_clock::now() > end) return false;
        std::this_thread::sleep_for(1ms);
    }
    return true;
}

struct SocketPair {
    SocketPair() { REQUIRE(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds) == 0); }
    ~SocketPair() {
        ::close(fds[0]);
        ::close(fds[1]);
    }
    void send_byte() const { REQUIRE(::write(fds[1], "x", 1) == 1); }
    int fds[2];
};

// The scheduler state of thread `tid` of this process: 'R' running or runnable, 'S' asleep.
char thread_state(pid_t tid) {
    std::ifstream stat("/proc/self/task/" + std::to_string(tid) + "/stat");
    std::string line;
    std::getline(stat, line);
    const auto after_name = line.rfind(')');
    return after_name == std::string::npos || after_name + 2 >= line.size() ? '?' : line[after_name + 2];
}

// Watches the pair's socket with a callback that reads one byte, sends one, and returns the id of
// the loop thread that ran the callback (the watch is gone again).
pid_t loop_thread_after_one_byte(transport::EventLoop& loop, const SocketPair& sp) {
    std::atomic<pid_t> tid{0};
    REQUIRE(loop.watch(sp.fds[0], [&sp, &tid] {
        char byte;
        (void)::read(sp.fds[0], &byte, 1);
        tid = ::gettid();
    }));
    sp.send_byte();
    REQUIRE(within(2000ms, [&] { return tid != 0; }));
    loop.unwatch(sp.fds[0]);
    return tid;
}

}  // namespace

TEST_CASE("event loop: with busy polling the thread stays awake after work for the window, then sleeps") {
    SocketPair sp;
    transport::EventLoop loop;
    REQUIRE(loop.start("test-loop", 1000ms, nullptr, 400ms));
    const pid_t loop_tid = loop_thread_after_one_byte(loop, sp);
    for (int i = 0; i < 5; ++i) {
        CHECK(thread_state(loop_tid) == 'R');
        std::this_thread::sleep_for(20ms);
    }
    CHECK(within(3000ms, [&] { return thread_state(loop_tid) == 'S'; }));
    loop.stop();
}

TEST_CASE("event loop: without busy polling the thread sleeps as soon as the work is done") {
    SocketPair sp;
    transport::EventLoop loop;
    REQUIRE(loop.start("test-loop", 1000ms, nullptr));
    const pid_t loop_tid = loop_thread_after_one_byte(loop, sp);
    CHECK(within(300ms, [&] { return thread_state(loop_tid) == 'S'; }));
    loop.stop();
}

TEST_CASE("event loop: a one-shot socket reports once, then only after rearm; disarm silences it") {
    SocketPair sp;
    transport::EventLoop loop;
    REQUIRE(loop.start("test-loop", 1000ms, nullptr));
    std::atomic<int> calls{0};
    // The callback does not read: level-triggered, the unread byte would report again at once.
    REQUIRE(loop.watch(sp.fds[0], [&] { ++calls; }, transport::EventLoop::Trigger::kOneShot));
    sp.send_byte();
    REQUIRE(within(2000ms, [&] { return calls == 1; }));
    std::this_thread::sleep_for(50ms);
    CHECK(calls == 1);  // still readable, not reported again
    loop.rearm(sp.fds[0]);
    REQUIRE(within(2000ms, [&] { return calls == 2; }));
    loop.disarm(sp.fds[0]);
    std::this_thread::sleep_for(50ms);
    CHECK(calls == 2);
    loop.rearm(sp.fds[0]);
    CHECK(within(2000ms, [&] { return calls == 3; }));
    loop.unwatch(sp.fds[0]);
    loop.rearm(sp.fds[0]);  // no longer watched: nothing happens
    loop.stop();
}

TEST_CASE("event loop: a level-triggered socket reports for as long as it is readable") {
    SocketPair sp;
    transport::EventLoop loop;
    REQUIRE(loop.start("test-loop", 1000ms, nullptr));
    std::atomic<int> calls{0};
    REQUIRE(loop.watch(sp.fds[0], [&] { ++calls; }));
    sp.send_byte();
    CHECK(within(2000ms, [&] { return calls >= 3; }));
    loop.unwatch(sp.fds[0]);
    loop.stop();
}
