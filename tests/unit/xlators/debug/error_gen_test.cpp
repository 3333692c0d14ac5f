// debug/error-gen: every-nth and seeded-probability failures with the chosen errno, failed
// fops never wound down, other fops untouched, and the option errors.
#include "core/xlators/debug/error-gen/error_gen.hpp"

#include <doctest/doctest.h>

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/engine/log.hpp"
#include "tests/unit/support/every_fop.hpp"
#include "tests/unit/support/graph_of.hpp"
#include "tests/unit/support/memory_leaf.hpp"
#include "tests/unit/support/same_result.hpp"
#include "tests/unit/support/task_probes.hpp"

namespace {

using namespace booster;
using booster::test::count_starts;
using booster::test::errno_of;
using booster::test::EveryFop;
using booster::test::graph_of;
using booster::test::MemoryLeaf;
using booster::test::xlator;

std::string error_gen_volfile(const std::string& options) {
    return "volume fail\n  type debug/error-gen\n" + options + "end-volume\n";
}

// Which of `calls` writev calls fail, for a graph with these options.
std::vector<bool> failure_pattern(const std::string& options, int calls) {
    auto g = graph_of(error_gen_volfile(options));
    auto& eg = xlator<ErrorGen>(*g, "fail");
    EveryFop a(g->itable());
    MemoryLeaf leaf;
    std::vector<bool> failed;
    for (int i = 0; i < calls; ++i)
        failed.push_back(!sync_wait(eg.around(FopId::writev, leaf.writev(a.req, a.fd, a.src, 0, 0))).has_value());
    return failed;
}

std::size_t count_true(const std::vector<bool>& v) { return static_cast<std::size_t>(std::count(v.begin(), v.end(), true)); }

// Activates a graph expected to fail init, capturing what the translator logged meanwhile.
std::string init_failure_log(const std::string& volfile) {
    char path[] = "/tmp/booster-error-gen-log-XXXXXX";
    const int fd = mkstemp(path);
    REQUIRE(fd >= 0);
    close(fd);
    REQUIRE(log::open(path).has_value());
    auto built = Graph::from_text(volfile, "test.vol");
    REQUIRE(built.has_value());
    auto active = (*built)->activate();
    CHECK_FALSE(active.has_value());
    REQUIRE(log::open("-").has_value());
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    unlink(path);
    return text.str();
}

}  // namespace

TEST_CASE("every-nth fails every Nth call with the chosen errno, and never winds it down") {
    auto g = graph_of(error_gen_volfile("  option enable writev\n  option every-nth 3\n  option error-no ENOSPC\n"));
    auto& eg = xlator<ErrorGen>(*g, "fail");
    EveryFop a(g->itable());
    MemoryLeaf leaf;
    std::atomic<int> wound{0};
    std::vector<int> errnos;
    for (int i = 0; i < 9; ++i)
        errnos.push_back(errno_of(sync_wait(eg.around(FopId::writev, count_starts(wound, leaf.writev(a.req, a.fd, a.src, 0, 0))))));
    CHECK(errnos == std::vector<int>{0, 0, ENOSPC, 0, 0, ENOSPC, 0, 0, ENOSPC});
    CHECK(wound.load() == 6);
    CHECK(eg.dump() == "injected=3\n");
}

TEST_CASE("fops that are not enabled pass through untouched, without a frame of error-gen's") {
    auto g = graph_of(error_gen_volfile("  option enable writev,readv\n  option every-nth 1\n"));
    auto& eg = xlator<ErrorGen>(*g, "fail");
    EveryFop a(g->itable());
    MemoryLeaf leaf;
    for (int i = 0; i < 3; ++i) {
        Task<Result<Iatt>> next = leaf.stat(a.req, a.loc);
        const auto frame = next.handle();
        Task<Result<Iatt>> passed = eg.around(FopId::stat, std::move(next));
        CHECK(passed.handle() == frame);
        CHECK(sync_wait(std::move(passed)).has_value());
    }
    CHECK(errno_of(sync_wait(eg.around(FopId::readv, leaf.readv(a.req, a.fd, a.dst, 0, 0)))) == EIO);
    CHECK(eg.dump() == "injected=1\n");
}

TEST_CASE("in a graph, a fop error-gen fails never reaches the translator below") {
    auto g = graph_of(
        "volume below\n  type debug/io-stats\nend-volume\n"
        "volume fail\n  type debug/error-gen\n  option every-nth 2\n  subvolumes below\nend-volume\n");
    EveryFop a(g->itable());
    std::vector<int> errnos;
    for (int i = 0; i < 4; ++i) errnos.push_back(errno_of(sync_wait(g->top().stat(a.req, a.loc))));
    // io-stats is the leaf here, so a call that got through answers ENOSYS.
    CHECK(errnos == std::vector<int>{ENOSYS, EIO, ENOSYS, EIO});
    CHECK(g->find("below")->dump().starts_with("stat calls=2 errors=2 "));
}

TEST_CASE("failure: a seeded probability replays the same pattern at about the set rate") {
    const std::string seeded = "  option enable writev\n  option failure 30\n  option random-seed 7\n";
    const std::vector<bool> first = failure_pattern(seeded, 300);
    CHECK(first == failure_pattern(seeded, 300));
    CHECK(count_true(first) >= 45);
    CHECK(count_true(first) <= 135);
    CHECK(first != failure_pattern("  option enable writev\n  option failure 30\n  option random-seed 8\n", 300));
    CHECK(count_true(failure_pattern("  option failure 0%\n  option random-seed 7\n", 100)) == 0);
    CHECK(count_true(failure_pattern("  option failure 100%\n", 100)) == 100);
}

TEST_CASE("without every-nth or failure nothing fails") {
    CHECK(count_true(failure_pattern("  option enable all\n", 50)) == 0);
}

TEST_CASE("an unknown fop name in enable fails init, and the log names it") {
    const std::string log = init_failure_log(error_gen_volfile("  option enable writev,wrtiev\n  option every-nth 2\n"));
    CHECK(log.find("unknown fop 'wrtiev'") != std::string::npos);
}

TEST_CASE("every-nth and failure together fail init") {
    const std::string log = init_failure_log(error_gen_volfile("  option every-nth 2\n  option failure 10\n"));
    CHECK(log.find("every-nth and failure") != std::string::npos);
}

TEST_CASE("an unknown errno name is rejected before any init, with file and line") {
    auto built = Graph::from_text(error_gen_volfile("  option every-nth 2\n  option error-no ENOPE\n"), "test.vol");
    REQUIRE_FALSE(built.has_value());
    CHECK(built.error().starts_with("test.vol:4: "));
    CHECK(built.error().find("error-no") != std::string::npos);
}
