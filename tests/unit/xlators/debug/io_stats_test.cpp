// debug/io-stats: per-fop calls, errors, bytes and latency, the getxattr text and its format,
// reset, the two options, pass-through when off, and concurrent counting.
#include "core/xlators/debug/io-stats/io_stats.hpp"

#include <doctest/doctest.h>

#include <map>
#include <regex>
#include <sstream>
#include <thread>
#include <vector>

#include "tests/unit/support/every_fop.hpp"
#include "tests/unit/support/graph_of.hpp"
#include "tests/unit/support/memory_leaf.hpp"
#include "tests/unit/support/same_result.hpp"

namespace {

using namespace booster;
using booster::test::errno_of;
using booster::test::EveryFop;
using booster::test::graph_of;
using booster::test::MemoryLeaf;
using booster::test::xlator;

// fop -> field -> value, from io-stats' text.
using Stats = std::map<std::string, std::map<std::string, std::uint64_t>>;

Stats parse_stats(const std::string& text) {
    Stats out;
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
        std::istringstream words(line);
        std::string fop;
        words >> fop;
        std::string field;
        while (words >> field) {
            const auto eq = field.find('=');
            out[fop][field.substr(0, eq)] = std::stoull(field.substr(eq + 1));
        }
    }
    return out;
}

std::string stats_text(Xlator& stats, EveryFop& a) {
    Result<std::string> r = sync_wait(stats.getxattr(a.req, a.loc, IoStats::kStatsKey));
    REQUIRE(r.has_value());
    return *r;
}

// A fop that takes at least `ms` before it reaches the leaf.
template <class T>
Task<T> slow(int ms, Task<T> next) {
    std::this_thread::sleep_for(std::chrono::milliseconds(ms));
    co_return co_await std::move(next);
}

constexpr std::string_view kStats = "volume stats\n  type debug/io-stats\nend-volume\n";

}  // namespace

TEST_CASE("io-stats counts calls, errors and bytes per fop and answers them through getxattr") {
    auto g = graph_of(kStats);
    auto& stats = xlator<IoStats>(*g, "stats");
    EveryFop a(g->itable());
    MemoryLeaf leaf;
    for (int i = 0; i < 3; ++i) CHECK(sync_wait(stats.around(FopId::writev, leaf.writev(a.req, a.fd, a.src, 0, 0))) == 7u);
    for (int i = 0; i < 2; ++i) CHECK(sync_wait(stats.around(FopId::readv, leaf.readv(a.req, a.fd, a.dst, 0, 0))) == 7u);
    CHECK(errno_of(sync_wait(stats.around(FopId::getxattr, leaf.getxattr(a.req, a.loc, "user.missing")))) == ENODATA);

    Stats s = parse_stats(stats_text(stats, a));
    CHECK(s.size() == 3);  // fops never called have no line
    CHECK(s["writev"]["calls"] == 3);
    CHECK(s["writev"]["errors"] == 0);
    CHECK(s["writev"]["bytes"] == 21);
    CHECK(s["readv"]["calls"] == 2);
    CHECK(s["readv"]["bytes"] == 14);
    CHECK(s["getxattr"]["calls"] == 1);  // reading the statistics is not counted
    CHECK(s["getxattr"]["errors"] == 1);
    CHECK(s["getxattr"]["bytes"] == 0);
    CHECK(stats.dump() == stats_text(stats, a));
}

TEST_CASE("io-stats text: one line per called fop, in fop order, every field on every line") {
    auto g = graph_of(kStats);
    auto& stats = xlator<IoStats>(*g, "stats");
    EveryFop a(g->itable());
    MemoryLeaf leaf;
    CHECK(sync_wait(stats.around(FopId::writev, leaf.writev(a.req, a.fd, a.src, 0, 0))));
    CHECK(sync_wait(stats.around(FopId::stat, leaf.stat(a.req, a.loc))));
    const std::string text = stats_text(stats, a);
    const std::regex line(R"([a-z_]+ calls=\d+ errors=\d+ lat_us_total=\d+ lat_us_min=\d+ lat_us_max=\d+ bytes=\d+)");
    std::istringstream lines(text);
    std::vector<std::string> fops;
    for (std::string l; std::getline(lines, l);) {
        CHECK_MESSAGE(std::regex_match(l, line), l);
        fops.push_back(l.substr(0, l.find(' ')));
    }
    CHECK(fops == std::vector<std::string>{"stat", "writev"});
    CHECK(text.back() == '\n');
}

TEST_CASE("io-stats measures latency from wind to unwind") {
    auto g = graph_of(kStats);
    auto& stats = xlator<IoStats>(*g, "stats");
    EveryFop a(g->itable());
    MemoryLeaf leaf;
    CHECK(sync_wait(stats.around(FopId::stat, slow(2, leaf.stat(a.req, a.loc)))));
    CHECK(sync_wait(stats.around(FopId::stat, slow(4, leaf.stat(a.req, a.loc)))));
    Stats s = parse_stats(stats_text(stats, a));
    CHECK(s["stat"]["lat_us_min"] >= 2000);
    CHECK(s["stat"]["lat_us_max"] >= 4000);
    CHECK(s["stat"]["lat_us_max"] >= s["stat"]["lat_us_min"]);
    CHECK(s["stat"]["lat_us_total"] >= s["stat"]["lat_us_min"] + s["stat"]["lat_us_max"]);
}

TEST_CASE("io-stats with latency-measurement off counts but reports no latency") {
    auto g = graph_of(
        "volume stats\n  type debug/io-stats\n  option latency-measurement off\nend-volume\n");
    auto& stats = xlator<IoStats>(*g, "stats");
    EveryFop a(g->itable());
    MemoryLeaf leaf;
    CHECK(sync_wait(stats.around(FopId::stat, slow(1, leaf.stat(a.req, a.loc)))));
    Stats s = parse_stats(stats_text(stats, a));
    CHECK(s["stat"]["calls"] == 1);
    CHECK(s["stat"]["lat_us_total"] == 0);
    CHECK(s["stat"]["lat_us_min"] == 0);
    CHECK(s["stat"]["lat_us_max"] == 0);
}

TEST_CASE("io-stats with count-fop-hits off passes fops through without a frame of its own") {
    auto g = graph_of("volume stats\n  type debug/io-stats\n  option count-fop-hits off\nend-volume\n");
    auto& stats = xlator<IoStats>(*g, "stats");
    EveryFop a(g->itable());
    MemoryLeaf leaf;
    Task<Result<std::size_t>> next = leaf.writev(a.req, a.fd, a.src, 0, 0);
    const auto frame = next.handle();
    Task<Result<std::size_t>> passed = stats.around(FopId::writev, std::move(next));
    CHECK(passed.handle() == frame);
    CHECK(sync_wait(std::move(passed)) == 7u);
    CHECK(stats_text(stats, a).empty());
}

TEST_CASE("setxattr of the reset key zeroes the counters; counting goes on afterwards") {
    auto g = graph_of(kStats);
    auto& stats = xlator<IoStats>(*g, "stats");
    EveryFop a(g->itable());
    MemoryLeaf leaf;
    CHECK(sync_wait(stats.around(FopId::stat, leaf.stat(a.req, a.loc))));
    CHECK_FALSE(stats_text(stats, a).empty());
    CHECK(sync_wait(stats.setxattr(a.req, a.loc, "user.booster.io-stats-reset", "1", 0)).has_value());
    CHECK(stats_text(stats, a).empty());
    CHECK(sync_wait(stats.around(FopId::stat, leaf.stat(a.req, a.loc))));
    CHECK(parse_stats(stats_text(stats, a))["stat"]["calls"] == 1);
}

TEST_CASE("io-stats in a graph counts what its child answers, failures included") {
    auto g = graph_of(
        "volume fail\n  type debug/error-gen\n  option enable writev\n  option every-nth 1\n"
        "  option error-no ENOSPC\nend-volume\n"
        "volume stats\n  type debug/io-stats\n  subvolumes fail\nend-volume\n");
    EveryFop a(g->itable());
    CHECK(errno_of(sync_wait(g->top().writev(a.req, a.fd, a.src, 0, 0))) == ENOSPC);
    CHECK(errno_of(sync_wait(g->top().writev(a.req, a.fd, a.src, 0, 0))) == ENOSPC);
    CHECK(errno_of(sync_wait(g->top().stat(a.req, a.loc))) == ENOSYS);  // error-gen is a leaf here
    Stats s = parse_stats(stats_text(g->top(), a));
    CHECK(s["writev"]["calls"] == 2);
    CHECK(s["writev"]["errors"] == 2);
    CHECK(s["stat"]["calls"] == 1);
    CHECK(s["stat"]["errors"] == 1);
}

TEST_CASE("two io-stats with their own stats-key are each read and reset by their own key") {
    auto g = graph_of(
        "volume leaf\n  type debug/error-gen\n  option enable writev\n  option every-nth 1\n"
        "  option error-no ENOSPC\nend-volume\n"
        "volume below\n  type debug/io-stats\n  option stats-key user.below\n  subvolumes leaf\nend-volume\n"
        "volume above\n  type debug/io-stats\n  subvolumes below\nend-volume\n");
    EveryFop a(g->itable());
    CHECK(errno_of(sync_wait(g->top().writev(a.req, a.fd, a.src, 0, 0))) == ENOSPC);
    Result<std::string> below = sync_wait(g->top().getxattr(a.req, a.loc, "user.below"));
    REQUIRE(below.has_value());  // passed by the upper io-stats, answered by the lower one
    CHECK(parse_stats(*below)["writev"]["calls"] == 1);
    CHECK(parse_stats(*below).count("getxattr") == 0);
    CHECK(parse_stats(stats_text(g->top(), a))["getxattr"]["calls"] == 1);  // the read of user.below

    CHECK(sync_wait(g->top().setxattr(a.req, a.loc, "user.below-reset", "1", 0)).has_value());
    below = sync_wait(g->top().getxattr(a.req, a.loc, "user.below"));
    REQUIRE(below.has_value());
    CHECK(below->empty());
    CHECK(parse_stats(stats_text(g->top(), a))["writev"]["calls"] == 1);  // the upper one kept its counts
}

TEST_CASE("io-stats counts exactly under concurrent fops") {
    auto g = graph_of(kStats);
    auto& stats = xlator<IoStats>(*g, "stats");
    EveryFop a(g->itable());
    MemoryLeaf leaf;
    constexpr int kThreads = 4;
    constexpr int kCalls = 2000;
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < kCalls; ++i)
                (void)sync_wait(stats.around(FopId::writev, leaf.writev(a.req, a.fd, a.src, 0, 0)));
        });
    }
    for (auto& t : threads) t.join();
    Stats s = parse_stats(stats_text(stats, a));
    CHECK(s["writev"]["calls"] == kThreads * kCalls);
    CHECK(s["writev"]["bytes"] == 7u * kThreads * kCalls);
    CHECK(s["writev"]["errors"] == 0);
}
