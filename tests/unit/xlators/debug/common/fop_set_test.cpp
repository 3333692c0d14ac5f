// FopSet parsing for the debug translators' `enable` option.
#include "core/xlators/debug/common/fop_set.hpp"

#include <doctest/doctest.h>

using namespace booster;

TEST_CASE("a fop list parses to exactly the named fops, spaces and empty items ignored") {
    auto set = parse_fop_set(" writev, readv ,,stat");
    REQUIRE(set.has_value());
    CHECK(set->count() == 3);
    CHECK(contains(*set, FopId::writev));
    CHECK(contains(*set, FopId::readv));
    CHECK(contains(*set, FopId::stat));
    CHECK_FALSE(contains(*set, FopId::lookup));
}

TEST_CASE("`all` names every fop, an empty text none") {
    CHECK(parse_fop_set("all")->all());
    CHECK(parse_fop_set("")->none());
}

TEST_CASE("an unknown fop name is an error that names it") {
    auto set = parse_fop_set("writev,wirtev");
    REQUIRE_FALSE(set.has_value());
    CHECK(set.error() == "unknown fop 'wirtev'");
}
