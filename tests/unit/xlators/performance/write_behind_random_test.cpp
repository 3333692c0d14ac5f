// performance/write-behind under load: a seeded random sequence of data fops checked against
// a model, and concurrent writers and readers, both with delayed and re-threaded completions
// below (debug/delay-gen, debug/async). Bounded to a fraction of a second each.
#include <doctest/doctest.h>
#include <fcntl.h>

#include <algorithm>
#include <cstdlib>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "tests/unit/support/write_probe.hpp"
#include "tests/unit/xlators/performance/write_behind_support.hpp"

namespace {

using namespace booster;
using booster::test::Layer;
using booster::test::Volume;
using booster::test::write_behind;
using booster::test::WriteProbe;

const Layer kDelay{"delay", "debug/delay-gen", "delay-duration 200\ndelay-percentage 30\nrandom-seed 7\n"};
const Layer kAsync{"async", "debug/async", "threads 2\n"};
const Layer kProbe{"probe", "test/write-probe", ""};

std::uint64_t test_seed() {
    const char* env = std::getenv("BOOSTER_RANDOM_SEED");
    return env != nullptr ? std::strtoull(env, nullptr, 10) : std::random_device{}();
}

// The file as it must be after the same fops, applied in order.
struct Model {
    std::string data;

    void write(std::size_t at, const std::string& bytes) {
        if (bytes.empty()) return;
        if (data.size() < at + bytes.size()) data.resize(at + bytes.size(), '\0');
        std::copy(bytes.begin(), bytes.end(), data.begin() + static_cast<std::ptrdiff_t>(at));
    }
    void zero(std::size_t from, std::size_t to) {
        to = std::min(to, data.size());
        if (from < to) std::fill_n(data.begin() + static_cast<std::ptrdiff_t>(from), to - from, '\0');
    }
    std::string read(std::size_t at, std::size_t n) const { return at >= data.size() ? "" : data.substr(at, n); }
};

// One random fop on `fd` (or the file's other fd) applied to the volume and the model; checks
// every answer that reads something.
void random_fop(Volume& v, Fd& fd, Model& m, std::mt19937_64& rng) {
    constexpr std::size_t kSpan = 256 * 1024;
    auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
    const std::size_t at = pick(kSpan);
    const std::size_t len = 1 + pick(pick(4) == 0 ? 64 * 1024 : 4096);
    switch (pick(10)) {
        case 0:
        case 1:
        case 2: {
            std::string bytes(len, '\0');
            for (char& c : bytes) c = static_cast<char>('a' + pick(26));
            REQUIRE(v.write(fd, static_cast<off_t>(at), bytes) == len);
            m.write(at, bytes);
            break;
        }
        case 3:
        case 4: CHECK(v.read(fd, static_cast<off_t>(at), len) == m.read(at, len)); break;
        case 5: {
            REQUIRE(v.truncate(fd, at).has_value());
            m.data.resize(at, '\0');
            break;
        }
        case 6: CHECK(v.size_of(fd) == m.data.size()); break;
        case 7: {
            REQUIRE(sync_wait(v.top.zerofill(v.req, fd, static_cast<off_t>(at), static_cast<off_t>(len))).has_value());
            if (m.data.size() < at + len) m.data.resize(at + len, '\0');
            m.zero(at, at + len);
            break;
        }
        case 8: {
            REQUIRE(sync_wait(v.top.discard(v.req, fd, static_cast<off_t>(at), static_cast<off_t>(len))).has_value());
            m.zero(at, at + len);
            break;
        }
        default: {
            const std::size_t to = pick(kSpan);
            auto n = sync_wait(
                v.top.copy_file_range(v.req, fd, static_cast<off_t>(at), fd, static_cast<off_t>(to), len, 0));
            REQUIRE(n.has_value());
            const std::string moved = m.read(at, len);
            CHECK(*n == moved.size());
            m.write(to, moved);
            break;
        }
    }
}

}  // namespace

TEST_CASE("a seeded random sequence of data fops through write-behind matches a model") {
    const std::uint64_t seed = test_seed();
    MESSAGE("BOOSTER_RANDOM_SEED=" << seed);
    const std::vector<std::vector<Layer>> graphs = {
        {kDelay, kProbe, write_behind()},
        {kAsync, kProbe, write_behind()},
        {kDelay, kAsync, kProbe, write_behind("trickling-writes off\nwindow-size 512KB\n")},
    };
    for (std::size_t g = 0; g < graphs.size(); ++g) {
        CAPTURE(g);
        Volume v(graphs[g]);
        FdRef fds[] = {v.open(), v.open()};
        Model m;
        std::mt19937_64 rng(seed + g);
        for (int i = 0; i < 400; ++i) {
            CAPTURE(i);
            Fd& fd = *fds[rng() % 2];
            random_fop(v, fd, m, rng);
            if (rng() % 50 == 0) REQUIRE(sync_wait(v.top.fsync(v.req, fd, false)).has_value());
        }
        for (FdRef& fd : fds) REQUIRE(sync_wait(v.top.flush(v.req, *fd)).has_value());
        CHECK(v.leaf.data() == m.data);
        CHECK(v.layer<WriteProbe>("probe").overlapping_in_flight() == 0);
    }
}

TEST_CASE("concurrent writers and readers with completions on foreign threads each see their own writes") {
    constexpr int kThreads = 4;
    constexpr std::size_t kRegion = 64 * 1024;
    Volume v({kDelay, kAsync, kProbe, write_behind("window-size 512KB\n")});
    FdRef shared = v.open();
    std::vector<std::thread> threads;
    std::vector<int> mismatches(kThreads, 0);
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            FdRef own = v.open();
            std::mt19937_64 rng(static_cast<std::uint64_t>(t) + 1);
            const std::size_t base = static_cast<std::size_t>(t) * kRegion;
            std::string model(kRegion, static_cast<char>('A' + t));
            if (!v.write(*own, static_cast<off_t>(base), model)) ++mismatches[t];
            for (int i = 0; i < 300; ++i) {
                Fd& fd = rng() % 2 ? *own : *shared;
                const std::size_t at = rng() % kRegion;
                const std::size_t len = 1 + rng() % std::min<std::size_t>(kRegion - at, 8192);
                if (rng() % 2) {
                    std::string bytes(len, static_cast<char>('a' + rng() % 26));
                    if (v.write(fd, static_cast<off_t>(base + at), bytes) != len) ++mismatches[t];
                    std::copy(bytes.begin(), bytes.end(), model.begin() + static_cast<std::ptrdiff_t>(at));
                } else if (v.read(fd, static_cast<off_t>(base + at), len) != model.substr(at, len)) {
                    ++mismatches[t];
                }
            }
            if (!sync_wait(v.top.flush(v.req, *own))) ++mismatches[t];
        });
    }
    for (auto& th : threads) th.join();
    CHECK(mismatches == std::vector<int>(kThreads, 0));
    CHECK(sync_wait(v.top.fsync(v.req, *shared, false)).has_value());
    CHECK(v.leaf.data().size() == kThreads * kRegion);
    CHECK(v.layer<WriteProbe>("probe").overlapping_in_flight() == 0);
}
