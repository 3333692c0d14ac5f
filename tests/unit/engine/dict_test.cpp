#include "core/engine/dict.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

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

TEST_CASE("dict integer accessors convert only where the value fits") {
    booster::Dict d;
    d.set("neg", std::int64_t{-1});
    d.set("big", std::uint64_t{1} << 40);
    d.set("text", std::string("12"));
    CHECK(d.get_int("big") == std::int64_t{1} << 40);
    CHECK_FALSE(d.get_uint("neg").has_value());
    CHECK_FALSE(d.get_int("text").has_value());
    CHECK_FALSE(d.get_uint("missing").has_value());
    CHECK(d.find("missing") == nullptr);
    CHECK(std::holds_alternative<std::string>(*d.find("text")));
}

TEST_CASE("dict equality compares keys, values and order; erase keeps the others in order") {
    booster::Dict a;
    a.set("x", std::int64_t{1});
    a.set("y", std::int64_t{2});
    a.set("z", std::int64_t{3});
    booster::Dict b;
    b.set("x", std::int64_t{1});
    b.set("y", std::int64_t{2});
    b.set("z", std::int64_t{3});
    CHECK(a == b);
    b.set("y", std::uint64_t{2});  // same number, another type
    CHECK_FALSE(a == b);
    CHECK(a.erase("y"));
    std::vector<std::string> keys;
    for (const auto& [k, v] : a) keys.push_back(k);
    CHECK(keys == std::vector<std::string>{"x", "z"});
    CHECK_FALSE(booster::Dict{}.contains("x"));
    CHECK(booster::Dict{}.empty());
}
