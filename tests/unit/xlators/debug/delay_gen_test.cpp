// debug/delay-gen: only chosen fops are delayed (and by at least the duration), the seeded
// percentage, and no fop waits forever: fini releases waiting fops and later ones pass.
#include "core/xlators/debug/delay-gen/delay_gen.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>

#include "core/engine/spawn.hpp"
#include "tests/unit/support/every_fop.hpp"
#include "tests/unit/support/graph_of.hpp"
#include "tests/unit/support/memory_leaf.hpp"
#include "tests/unit/support/same_result.hpp"
#include "tests/unit/support/task_probes.hpp"

namespace {

using namespace booster;
using booster::test::errno_of;
using booster::test::EveryFop;
using booster::test::graph_of;
using booster::test::MemoryLeaf;
using booster::test::resumed_on;
using booster::test::xlator;
using Clock = std::chrono::steady_clock;

std::string delay_gen_volfile(const std::string& options) {
    return "volume delay\n  type debug/delay-gen\n" + options + "end-volume\n";
}

}  // namespace

TEST_CASE("delay-gen delays the chosen fops by at least the duration, and only those") {
    auto g = graph_of(delay_gen_volfile("  option enable writev\n  option delay-duration 3000\n"));
    auto& delay = xlator<DelayGen>(*g, "delay");
    EveryFop a(g->itable());
    MemoryLeaf leaf;

    std::thread::id unwound_on;
    const auto start = Clock::now();
    CHECK(sync_wait(resumed_on(unwound_on, delay.around(FopId::writev, leaf.writev(a.req, a.fd, a.src, 0, 0)))) == 7u);
    CHECK(Clock::now() - start >= std::chrono::microseconds(3000));
    CHECK(unwound_on != std::this_thread::get_id());  // resumed by the timer thread
    CHECK(delay.dump() == "delayed=1\n");

    Task<Result<Iatt>> next = leaf.stat(a.req, a.loc);
    const auto frame = next.handle();
    Task<Result<Iatt>> passed = delay.around(FopId::stat, std::move(next));
    CHECK(passed.handle() == frame);  // not chosen: the fop is not even wrapped
    CHECK(sync_wait(resumed_on(unwound_on, std::move(passed))).has_value());
    CHECK(unwound_on == std::this_thread::get_id());
    CHECK(delay.dump() == "delayed=1\n");
}

TEST_CASE("delay-percentage with a seed delays a reproducible share of the calls") {
    auto delayed_of = [](const std::string& seed) {
        auto g = graph_of(delay_gen_volfile("  option enable stat\n  option delay-duration 50\n"
                                            "  option delay-percentage 40\n  option random-seed " + seed + "\n"));
        EveryFop a(g->itable());
        MemoryLeaf leaf;
        auto& delay = xlator<DelayGen>(*g, "delay");
        for (int i = 0; i < 200; ++i) CHECK(sync_wait(delay.around(FopId::stat, leaf.stat(a.req, a.loc))).has_value());
        return delay.dump();
    };
    const std::string first = delayed_of("11");
    CHECK(first == delayed_of("11"));
    const int n = std::stoi(first.substr(first.find('=') + 1));
    CHECK(n > 40);
    CHECK(n < 120);
}

TEST_CASE("stopping delay-gen releases the fops it holds, and later fops pass undelayed") {
    auto g = graph_of(delay_gen_volfile("  option enable stat\n  option delay-duration 3600000000\n"));
    auto& delay = xlator<DelayGen>(*g, "delay");
    EveryFop a(g->itable());
    MemoryLeaf leaf;
    std::atomic<bool> done{false};
    std::atomic<bool> answered{false};
    spawn(delay.around(FopId::stat, leaf.stat(a.req, a.loc)), [&](Result<Iatt>&& r) {
        answered.store(r.has_value());
        done.store(true);
    });
    CHECK_FALSE(done.load());  // an hour to go
    delay.fini();
    CHECK(done.load());
    CHECK(answered.load());
    CHECK(sync_wait(delay.around(FopId::stat, leaf.stat(a.req, a.loc))).has_value());
}

TEST_CASE("delay-gen stacked between translators delays and still delivers the child's answer") {
    auto g = graph_of(
        "volume fail\n  type debug/error-gen\n  option every-nth 1\n  option error-no EROFS\nend-volume\n"
        "volume delay\n  type debug/delay-gen\n  option delay-duration 1000\n  subvolumes fail\nend-volume\n"
        "volume stats\n  type debug/io-stats\n  subvolumes delay\nend-volume\n");
    EveryFop a(g->itable());
    const auto start = Clock::now();
    CHECK(errno_of(sync_wait(g->top().mkdir(a.req, a.loc, 0755, 022))) == EROFS);
    CHECK(Clock::now() - start >= std::chrono::microseconds(1000));
    CHECK(g->find("delay")->dump() == "delayed=1\n");
    CHECK(g->find("fail")->dump() == "injected=1\n");
    CHECK(g->top().dump().starts_with("mkdir calls=1 errors=1 "));
}
