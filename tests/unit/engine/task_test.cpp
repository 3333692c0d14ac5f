// Task: lazy start, inline completion without a thread hop, completion on a foreign thread,
// sync_wait and spawn on both paths, ready(), and the per-thread frame allocator when frames
// are freed on a thread other than the one that allocated them.
#include "core/engine/task.hpp"

#include <doctest/doctest.h>

#include <array>
#include <numeric>
#include <string>
#include <thread>
#include <vector>

#include "core/engine/spawn.hpp"
#include "core/engine/xlator.hpp"
#include "tests/unit/support/resume_thread.hpp"

namespace {

using namespace booster;
using booster::test::ResumeThread;

class InlineLeaf : public Xlator {
public:
    Task<Result<Iatt>> stat(const Request&, const Loc&) override {
        Iatt a;
        a.ino = 7;
        co_return a;
    }
};

// A translator-like middle layer: awaits the leaf and records on which thread it continued.
Task<Result<Iatt>> middle(Xlator& leaf, const Request& req, const Loc& loc, std::vector<std::thread::id>& seen) {
    Result<Iatt> r = co_await leaf.stat(req, loc);
    seen.push_back(std::this_thread::get_id());
    co_return r;
}

Task<Result<Iatt>> top(Xlator& leaf, const Request& req, const Loc& loc, std::vector<std::thread::id>& seen) {
    Result<Iatt> r = co_await middle(leaf, req, loc, seen);
    seen.push_back(std::this_thread::get_id());
    co_return r;
}

Task<int> completes_on(ResumeThread& thread, int value) {
    co_await thread.hop();
    co_return value;
}

struct Continued {
    int value;
    std::string local;
    std::thread::id thread;
};

Task<Continued> awaits_foreign(ResumeThread& thread) {
    std::string local = "kept in the frame across the hop";
    const int v = co_await completes_on(thread, 42);
    co_return Continued{v, local, std::this_thread::get_id()};
}

template <std::size_t N>
Task<std::size_t> frame_of(ResumeThread* thread) {
    std::array<unsigned char, N> bytes{};
    bytes.fill(static_cast<unsigned char>(N));
    if (thread != nullptr) co_await thread->hop();
    co_return std::accumulate(bytes.begin(), bytes.end(), std::size_t{0});
}

// The child frame is allocated on the starting thread; when the child completes on `thread`,
// this coroutine resumes there and destroys it, so it is freed on `thread`.
template <std::size_t N>
Task<std::size_t> parent_of(ResumeThread* thread) {
    co_return co_await frame_of<N>(thread);
}

}  // namespace

TEST_CASE("a Task is lazy: nothing runs until it is awaited, an unstarted Task runs nothing") {
    int runs = 0;
    auto body = [](int& n) -> Task<int> {
        ++n;
        co_return n;
    };
    {
        Task<int> never = body(runs);
        CHECK(never.valid());
    }
    CHECK(runs == 0);
    Task<int> once = body(runs);
    CHECK(runs == 0);
    CHECK(sync_wait(std::move(once)) == 1);
    CHECK(runs == 1);
}

TEST_CASE("a chain that completes inline runs entirely on the calling thread") {
    InlineLeaf leaf;
    Request req;
    Loc loc;
    std::vector<std::thread::id> seen;
    Result<Iatt> r = sync_wait(top(leaf, req, loc, seen));
    REQUIRE(r.has_value());
    CHECK(r->ino == 7);
    REQUIRE(seen.size() == 2);
    CHECK(seen[0] == std::this_thread::get_id());
    CHECK(seen[1] == std::this_thread::get_id());
}

TEST_CASE("completion on a foreign thread resumes the awaiting coroutine there, frame intact") {
    ResumeThread thread;
    Continued c = sync_wait(awaits_foreign(thread));
    CHECK(c.value == 42);
    CHECK(c.local == "kept in the frame across the hop");
    CHECK(c.thread == thread.id());
    CHECK(c.thread != std::this_thread::get_id());
}

TEST_CASE("sync_wait returns a result produced on another thread only after it is produced") {
    ResumeThread thread;
    for (int i = 0; i < 200; ++i) {
        std::vector<int> produced;
        auto produce = [](ResumeThread& t, std::vector<int>& out, int n) -> Task<std::size_t> {
            co_await t.hop();
            for (int k = 0; k < n; ++k) out.push_back(k);
            co_return out.size();
        };
        CHECK(sync_wait(produce(thread, produced, i)) == static_cast<std::size_t>(i));
        CHECK(produced.size() == static_cast<std::size_t>(i));
    }
}

TEST_CASE("ready() answers without suspending the awaiting coroutine") {
    auto awaits_ready = []() -> Task<std::pair<int, std::thread::id>> {
        const int v = co_await ready(5);
        co_return std::pair{v, std::this_thread::get_id()};
    };
    auto [v, thread] = sync_wait(awaits_ready());
    CHECK(v == 5);
    CHECK(thread == std::this_thread::get_id());
}

TEST_CASE("spawn hands the result to the callback inline, or on the completing thread") {
    std::thread::id inline_thread;
    int inline_value = 0;
    spawn(ready(3), [&](int v) {
        inline_value = v;
        inline_thread = std::this_thread::get_id();
    });
    CHECK(inline_value == 3);
    CHECK(inline_thread == std::this_thread::get_id());

    int foreign_value = 0;
    std::thread::id foreign_thread;
    std::thread::id resumer;
    {
        ResumeThread thread;
        resumer = thread.id();
        spawn(completes_on(thread, 9), [&](int v) {
            foreign_thread = std::this_thread::get_id();
            foreign_value = v;
        });
    }  // ResumeThread's destructor drains its queue and joins: the callback has run.
    CHECK(foreign_value == 9);
    CHECK(foreign_thread == resumer);
}

TEST_CASE("frame allocator: frames made on one thread and freed on another stay usable") {
    constexpr int kTasks = 500;
    std::vector<Task<std::size_t>> made_here;
    for (int i = 0; i < kTasks; ++i) {
        made_here.push_back(frame_of<16>(nullptr));
        made_here.push_back(frame_of<200>(nullptr));
        made_here.push_back(frame_of<900>(nullptr));
        made_here.push_back(frame_of<3000>(nullptr));  // beyond the cached classes: plain malloc
    }
    std::size_t sum = 0;
    std::thread elsewhere([&] {
        for (auto& t : made_here) sum += sync_wait(std::move(t));
        made_here.clear();  // the frames are freed on this thread, into its cache
    });
    elsewhere.join();  // the thread's cache is released as it exits
    const std::size_t expected = kTasks * (16u * 16 + 200u * 200 + 900u * (900 % 256) + 3000u * (3000 % 256));
    CHECK(sum == expected);

    ResumeThread thread;
    std::size_t again = 0;
    for (int i = 0; i < kTasks; ++i) {
        // Allocated here, completed and destroyed on `thread`, then allocated here again.
        again += sync_wait(parent_of<200>(&thread));
        again += sync_wait(parent_of<16>(nullptr));
    }
    CHECK(again == kTasks * (200u * 200 + 16u * 16));
}
