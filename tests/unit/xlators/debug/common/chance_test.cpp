// Chance: seeded, reproducible yes/no draws at a set percentage.
#include "core/xlators/debug/common/chance.hpp"

#include <doctest/doctest.h>

#include <vector>

using booster::Chance;

namespace {

std::vector<bool> draws(double percent, std::uint64_t seed, int n) {
    Chance c(percent, seed);
    std::vector<bool> out;
    for (int i = 0; i < n; ++i) out.push_back(c.draw());
    return out;
}

int yes_count(const std::vector<bool>& v) {
    int n = 0;
    for (bool b : v) n += b ? 1 : 0;
    return n;
}

}  // namespace

TEST_CASE("the same seed gives the same draws, another seed other draws") {
    CHECK(draws(50, 1, 1000) == draws(50, 1, 1000));
    CHECK(draws(50, 1, 1000) != draws(50, 2, 1000));
}

TEST_CASE("0 percent never says yes, 100 always, 25 about a quarter of the time") {
    CHECK(yes_count(draws(0, 3, 1000)) == 0);
    CHECK(yes_count(draws(100, 3, 1000)) == 1000);
    const int quarter = yes_count(draws(25, 3, 4000));
    CHECK(quarter > 800);
    CHECK(quarter < 1200);
}
