// debug/async: every fop is wound from a worker thread and completes on another one, with the
// same result as without it; it works in a graph, with one thread, and after fini.
#include "core/xlators/debug/async/async.hpp"

#include <doctest/doctest.h>

#include <string>
#include <thread>

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
using booster::test::same_result;
using booster::test::started_on;
using booster::test::xlator;

std::string async_volfile(int threads) {
    return "volume async\n  type debug/async\n  option threads " + std::to_string(threads) + "\nend-volume\n";
}

}  // namespace

TEST_CASE("every fop through debug/async is wound on a worker, completes on another, result unchanged") {
    auto g = graph_of(async_volfile(2));
    auto& async = xlator<Async>(*g, "async");
    EveryFop a(g->itable());
    MemoryLeaf direct_leaf;
    MemoryLeaf leaf;
    const std::thread::id caller = std::this_thread::get_id();
    std::size_t fops = 0;
    a.visit([&]<class R>(FopId fop, auto start) {
        CAPTURE(fop_name(fop));
        const Result<R> direct = sync_wait(start(direct_leaf));
        std::thread::id wound_on;
        std::thread::id unwound_on;
        const Result<R> through = sync_wait(resumed_on(unwound_on, async.around(fop, started_on(wound_on, start(leaf)))));
        CHECK(same_result(direct, through));
        CHECK(wound_on != caller);
        CHECK(unwound_on != caller);
        CHECK(unwound_on != wound_on);
        ++fops;
    });
    CHECK(fops == kFopCount);
    CHECK(leaf.data() == direct_leaf.data());
    CHECK(leaf.data() == std::string("\0\0pay", 5));  // writev at offset 2, then setattr to size 5
}

TEST_CASE("debug/async in a graph completes every fop on a foreign thread") {
    auto g = graph_of(
        "volume stats\n  type debug/io-stats\nend-volume\n"
        "volume async\n  type debug/async\n  subvolumes stats\nend-volume\n");
    EveryFop a(g->itable());
    const std::thread::id caller = std::this_thread::get_id();
    a.visit([&]<class R>(FopId fop, auto start) {
        CAPTURE(fop_name(fop));
        std::thread::id unwound_on;
        const Result<R> r = sync_wait(resumed_on(unwound_on, start(g->top())));
        CHECK(errno_of(r) == ENOSYS);  // io-stats is the leaf of this graph
        CHECK(unwound_on != caller);
    });
    for (std::size_t i = 0; i < kFopCount; ++i) {
        CAPTURE(kFopNames[i]);
        CHECK(g->find("stats")->dump().find(std::string(kFopNames[i]) + " calls=1 errors=1 ") != std::string::npos);
    }
}

TEST_CASE("debug/async with one thread still winds and completes away from the caller") {
    auto g = graph_of(async_volfile(1));
    auto& async = xlator<Async>(*g, "async");
    EveryFop a(g->itable());
    MemoryLeaf leaf;
    std::thread::id wound_on;
    std::thread::id unwound_on;
    CHECK(sync_wait(resumed_on(unwound_on, async.around(FopId::stat, started_on(wound_on, leaf.stat(a.req, a.loc))))));
    CHECK(wound_on != std::this_thread::get_id());
    CHECK(unwound_on == wound_on);  // the only worker
}

TEST_CASE("after fini, fops through debug/async run on the caller's thread") {
    auto g = graph_of(async_volfile(2));
    auto& async = xlator<Async>(*g, "async");
    EveryFop a(g->itable());
    MemoryLeaf leaf;
    async.fini();
    std::thread::id wound_on;
    CHECK(sync_wait(async.around(FopId::stat, started_on(wound_on, leaf.stat(a.req, a.loc)))));
    CHECK(wound_on == std::this_thread::get_id());
}
