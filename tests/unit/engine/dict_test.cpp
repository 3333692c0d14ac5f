#include "core/engine/dict.hpp"

#include <doctest/doctest.h>

TEST_CASE("dict keeps typed values, replaces on set, keeps order") {
    booster::Dict d;
    d.set("a", std::int64_t{-3});
    d.set("b", std::string("bytes\0x", 7));
    d.set("c", std::uint64_t{7});
    d.set("a", std::int64_t{5});
    CHECK(d.size() == 3);
    CHECK(d.get_int("a") == 5);
    CHECK(d.get_bytes("b")->size() == 7);
    CHECK(d.get_uint("c") == 7u);
    CHECK_FALSE(d.get_bytes("a").has_value());
    CHECK(d.begin()->first == "a");
    CHECK(d.erase("b"));
    CHECK_FALSE(d.contains("b"));
    CHECK_FALSE(d.erase("b"));
}
