// when_all: fan-out to several children completing inline, on other threads, or mixed;
// results come back in input order and the awaiting coroutine resumes exactly once.
#include "core/engine/when_all.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "tests/unit/support/resume_thread.hpp"

namespace {

using namespace booster;
using booster::test::ResumeThread;

Task<int> child(int value, ResumeThread* thread) {
    if (thread != nullptr) co_await thread->hop();
    co_return value;
}

struct FanOut {
    std::vector<int> results;
    std::thread::id resumed_on;
};

// `threads[i]` null: child i completes inline; otherwise on that thread.
Task<FanOut> fan_out(const std::vector<ResumeThread*>& threads) {
    std::vector<Task<int>> children;
    for (std::size_t i = 0; i < threads.size(); ++i) children.push_back(child(static_cast<int>(i) * 10, threads[i]));
    std::vector<int> results = co_await when_all(std::move(children));
    co_return FanOut{std::move(results), std::this_thread::get_id()};
}

std::vector<int> expected_results(std::size_t n) {
    std::vector<int> out;
    for (std::size_t i = 0; i < n; ++i) out.push_back(static_cast<int>(i) * 10);
    return out;
}

}  // namespace

TEST_CASE("when_all of no children completes at once with no results") {
    FanOut f = sync_wait(fan_out({}));
    CHECK(f.results.empty());
    CHECK(f.resumed_on == std::this_thread::get_id());
}

TEST_CASE("when_all of children that all complete inline never leaves the thread") {
    FanOut f = sync_wait(fan_out({nullptr, nullptr, nullptr, nullptr}));
    CHECK(f.results == expected_results(4));
    CHECK(f.resumed_on == std::this_thread::get_id());
}

TEST_CASE("when_all of children completing on other threads returns every result in order") {
    ResumeThread a;
    ResumeThread b;
    for (int round = 0; round < 300; ++round) {
        FanOut f = sync_wait(fan_out({&a, &b, &a, &b, &b}));
        CHECK(f.results == expected_results(5));
    }
}

TEST_CASE("when_all resumes the awaiting coroutine on the thread of the last child to finish") {
    ResumeThread late;
    std::atomic<bool> gate{false};
    auto gated = [](ResumeThread& t, std::atomic<bool>& open) -> Task<int> {
        co_await t.hop();
        open.wait(false);
        co_return 7;
    };
    auto join = [&]() -> Task<FanOut> {
        std::vector<Task<int>> children;
        children.push_back(child(1, nullptr));
        children.push_back(gated(late, gate));
        children.push_back(child(3, nullptr));
        std::vector<int> results = co_await when_all(std::move(children));
        co_return FanOut{std::move(results), std::this_thread::get_id()};
    };
    std::atomic<bool> done{false};
    FanOut f;
    spawn(join(), [&](FanOut&& r) {
        f = std::move(r);
        done.store(true);
        done.notify_one();
    });
    CHECK_FALSE(done.load());  // the gated child holds the join
    gate.store(true);
    gate.notify_one();
    done.wait(false);
    CHECK(f.results == std::vector<int>{1, 7, 3});
    CHECK(f.resumed_on == late.id());
}

TEST_CASE("when_all of mixed inline and foreign children returns every result in order") {
    ResumeThread a;
    ResumeThread b;
    for (int round = 0; round < 300; ++round) {
        FanOut f = sync_wait(fan_out({nullptr, &a, nullptr, &b, nullptr}));
        CHECK(f.results == expected_results(5));
    }
    // Foreign children first, the inline one last: the join must still wait for the others.
    for (int round = 0; round < 300; ++round) {
        FanOut f = sync_wait(fan_out({&a, &b, nullptr}));
        CHECK(f.results == expected_results(3));
    }
}

TEST_CASE("when_all of two tasks of different types returns both, completing inline or on other threads") {
    ResumeThread a;
    ResumeThread b;
    auto text = [](ResumeThread* thread) -> Task<std::string> {
        if (thread != nullptr) co_await thread->hop();
        co_return "seven";
    };
    for (auto [first, second] : {std::pair<ResumeThread*, ResumeThread*>{nullptr, nullptr}, {&a, nullptr},
                                  {nullptr, &b}, {&a, &b}}) {
        for (int round = 0; round < 100; ++round) {
            auto [number, word] = sync_wait(when_all(child(7, first), text(second)));
            CHECK(number == 7);
            CHECK(word == "seven");
        }
    }
}
