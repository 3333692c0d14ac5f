// performance/md-cache: stat and fstat are answered from the attributes of a recent reply while
// they are younger than `timeout`, asked again after it, and never cached with timeout 0.
#include <doctest/doctest.h>
#include <fcntl.h>

#include <chrono>
#include <thread>

#include "tests/unit/xlators/performance/md-cache/md_cache_volume.hpp"

namespace {

using namespace booster;
using booster::test::AttrVolume;

}  // namespace

TEST_CASE("within the timeout, fstat and stat are answered from the cache without asking the child") {
    AttrVolume v;
    FdRef fd = v.open(O_RDWR);
    REQUIRE(v.size_of(*fd) == 0);
    v.grow_below(10);
    CHECK(v.size_of(*fd) == 0);
    CHECK(v.stat(v.loc)->size == 0);
    CHECK(v.asked() == 1);
    CHECK(v.cache().dump() == "hits=2 misses=1 capability_hits=0\n");
}

TEST_CASE("a lookup's reply fills the cache") {
    AttrVolume v;
    REQUIRE(sync_wait(v.top.lookup(v.req, v.loc)).has_value());
    CHECK(v.stat(v.loc)->size == 0);
    CHECK(v.asked() == 0);
}

TEST_CASE("after the timeout, the child is asked again and another client's change is seen") {
    AttrVolume v("100ms");
    FdRef fd = v.open(O_RDWR);
    REQUIRE(v.size_of(*fd) == 0);
    v.grow_below(10);
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
    CHECK(v.size_of(*fd) == 10);
    CHECK(v.asked() == 2);
}

TEST_CASE("timeout 0 disables the cache") {
    AttrVolume v("0");
    FdRef fd = v.open(O_RDWR);
    REQUIRE(v.size_of(*fd) == 0);
    v.grow_below(10);
    CHECK(v.size_of(*fd) == 10);
    CHECK(v.stat(v.loc)->size == 10);
    CHECK(v.asked() == 3);
}

TEST_CASE("a bad timeout is refused with the option named") {
    const std::string volfile = booster::test::stack_of({{"mdc", "performance/md-cache", "timeout soon\n"}});
    auto built = Graph::from_text(volfile, "test.vol", booster::test::kTestXlatorTypes);
    REQUIRE_FALSE(built.has_value());
    CHECK(built.error().find("timeout") != std::string::npos);
}
