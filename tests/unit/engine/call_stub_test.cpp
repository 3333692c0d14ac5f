// Call stubs: a parked fop does not complete until resumed, then completes with its own
// arguments on the resuming thread; park_if never loses a wake-up to a concurrent resumer.
#include "core/engine/call_stub.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/engine/result.hpp"
#include "core/engine/spawn.hpp"
#include "core/engine/task.hpp"

namespace {

using namespace booster;

// A fop that waits in `queue` (as a blocked lock request would) and then answers from its
// arguments, which live in its frame while it is parked.
Task<Result<std::string>> parked_fop(StubQueue& queue, std::vector<int>& order, std::string name, int n) {
    co_await queue.park();
    order.push_back(n);
    co_return name + ":" + std::to_string(n);
}

struct Outcome {
    std::optional<Result<std::string>> result;
    std::thread::id thread;
};

void start(Task<Result<std::string>> fop, Outcome& out) {
    spawn(std::move(fop), [&out](Result<std::string>&& r) {
        out.result = std::move(r);
        out.thread = std::this_thread::get_id();
    });
}

}  // namespace

TEST_CASE("a parked fop does not complete until it is resumed, then answers from its frame") {
    StubQueue queue;
    std::vector<int> order;
    Outcome out;
    start(parked_fop(queue, order, "writev", 3), out);
    CHECK_FALSE(out.result.has_value());
    CHECK(queue.size() == 1);

    CHECK(queue.resume_one());
    REQUIRE(out.result.has_value());
    REQUIRE(out.result->has_value());
    CHECK(**out.result == "writev:3");
    CHECK(queue.size() == 0);
    CHECK_FALSE(queue.resume_one());
}

TEST_CASE("parked fops resume oldest first, on the thread that resumes them") {
    StubQueue queue;
    std::vector<int> order;
    std::vector<Outcome> outs(3);
    for (int i = 0; i < 3; ++i) start(parked_fop(queue, order, "fop", i), outs[static_cast<std::size_t>(i)]);
    CHECK(queue.size() == 3);

    std::thread::id resumer;
    bool first = false;
    std::size_t rest = 0;
    std::thread t([&] {
        resumer = std::this_thread::get_id();
        first = queue.resume_one();
        rest = queue.resume_all();
    });
    t.join();
    CHECK(first);
    CHECK(rest == 2);
    CHECK(order == std::vector<int>{0, 1, 2});
    for (int i = 0; i < 3; ++i) {
        const Outcome& o = outs[static_cast<std::size_t>(i)];
        REQUIRE(o.result.has_value());
        CHECK(**o.result == "fop:" + std::to_string(i));
        CHECK(o.thread == resumer);
    }
}

TEST_CASE("park_if does not park when the condition no longer holds") {
    StubQueue queue;
    bool blocked = false;
    Outcome out;
    auto fop = [](StubQueue& q, bool& b) -> Task<Result<std::string>> {
        co_await q.park_if([&b] { return b; });
        co_return std::string("ran");
    };
    start(fop(queue, blocked), out);
    REQUIRE(out.result.has_value());
    CHECK(**out.result == "ran");
    CHECK(queue.size() == 0);
}

TEST_CASE("park_if never misses a wake-up from a resumer racing with it") {
    // One thread starts a fop that parks while `blocked`; another clears `blocked` and resumes
    // all. Whatever the interleaving, the fop must have run once both threads are done: a
    // missed wake-up would leave it parked with nobody left to resume it.
    constexpr int kRounds = 10000;
    int missed = 0;
    for (int round = 0; round < kRounds; ++round) {
        StubQueue queue;
        std::atomic<bool> blocked{true};
        std::atomic<bool> ran{false};
        auto fop = [](StubQueue& q, std::atomic<bool>& b, std::atomic<bool>& r) -> Task<Result<int>> {
            co_await q.park_if([&b] { return b.load(); });
            r.store(true);
            co_return 0;
        };
        std::thread waiter([&] { spawn(fop(queue, blocked, ran), [](Result<int>&&) {}); });
        std::thread releaser([&] {
            blocked.store(false);
            (void)queue.resume_all();
        });
        waiter.join();
        releaser.join();
        if (!ran.load()) {
            ++missed;
            (void)queue.resume_all();  // let the frame finish so the round does not leak
        }
    }
    CHECK(missed == 0);
}
