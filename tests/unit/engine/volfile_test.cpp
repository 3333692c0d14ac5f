// The volfile grammar and every syntax error, each reported as FILE:LINE.
#include "core/engine/volfile.hpp"

#include <doctest/doctest.h>

using booster::parse_volfile;

namespace {

std::string error_of(std::string_view text) {
    auto r = parse_volfile(text, "t.vol");
    REQUIRE_FALSE(r.has_value());
    return r.error();
}

}  // namespace

TEST_CASE("a two-volume graph parses with options, quotes and comments") {
    auto r = parse_volfile(
        "# a brick\n"
        "volume brick\n"
        "  type storage/posix   # trailing comment\n"
        "  option directory \"/srv/with space/\\\"q\\\"\\\\\"\n"
        "end-volume\n"
        "\n"
        "volume top\n"
        "  type debug/io-stats\n"
        "  subvolumes brick\n"
        "end-volume\n",
        "t.vol");
    REQUIRE(r.has_value());
    REQUIRE(r->volumes.size() == 2);
    CHECK(r->volumes[0].name == "brick");
    CHECK(r->volumes[0].type == "storage/posix");
    REQUIRE(r->volumes[0].options.size() == 1);
    CHECK(r->volumes[0].options[0].key == "directory");
    CHECK(r->volumes[0].options[0].value == "/srv/with space/\"q\"\\");
    CHECK(r->volumes[0].options[0].line == 4);
    CHECK(r->volumes[1].subvolumes == std::vector<std::string>{"brick"});
    CHECK(r->volumes.back().name == "top");
}

TEST_CASE("syntax errors name the file and line") {
    CHECK(error_of("volume a\n type x/y\n") == "t.vol:1: volume 'a' has no end-volume");
    CHECK(error_of("type x/y\n") == "t.vol:1: 'type' outside of a volume (expected 'volume NAME')");
    CHECK(error_of("volume a\n type x/y\n bogus 1\nend-volume\n").starts_with("t.vol:3: unknown statement 'bogus'"));
    CHECK(error_of("volume a\nend-volume\n") == "t.vol:2: volume 'a' has no type");
    CHECK(error_of("volume a\n type x/y\n type x/z\nend-volume\n") == "t.vol:3: volume 'a' has two types");
    CHECK(error_of("volume a\n type x/y\n option k\nend-volume\n") == "t.vol:3: 'option' takes a KEY and a VALUE");
    CHECK(error_of("volume a\n type x/y\n option k \"open\nend-volume\n") == "t.vol:3: unterminated quoted value");
    CHECK(error_of("volume a\n type x/y\n option k \"a\\n\"\nend-volume\n") == "t.vol:3: unknown escape \\n in quoted value");
    CHECK(error_of("volume a b\n") == "t.vol:1: 'volume' takes exactly one name");
    CHECK(error_of("volume a/b\n").starts_with("t.vol:1: invalid volume name 'a/b'"));
    CHECK(error_of("volume a\n type x/y\nvolume b\n") == "t.vol:3: 'volume' inside volume 'a' (missing end-volume)");
    CHECK(error_of("volume a\n type x/y\nend-volume extra\n") == "t.vol:3: 'end-volume' takes no arguments");
    CHECK(error_of("") == "t.vol:1: no volume defined");
}

TEST_CASE("graph structure errors: duplicates, undefined subvolumes, self-reference, cycles, orphans") {
    const char* dup = "volume a\n type x/y\nend-volume\nvolume a\n type x/y\nend-volume\n";
    CHECK(error_of(dup) == "t.vol:4: duplicate volume name 'a'");

    const char* undefined_first = "volume top\n type x/y\n subvolumes later\nend-volume\n"
                                  "volume later\n type x/y\nend-volume\n";
    CHECK(error_of(undefined_first) == "t.vol:3: subvolume 'later' is not defined before volume 'top'");

    const char* self = "volume a\n type x/y\n subvolumes a\nend-volume\n";
    CHECK(error_of(self) == "t.vol:3: volume 'a' lists itself as a subvolume");

    // A cycle needs a forward reference, which the define-before-use rule already rejects.
    const char* cycle = "volume a\n type x/y\n subvolumes b\nend-volume\n"
                        "volume b\n type x/y\n subvolumes a\nend-volume\n";
    CHECK(error_of(cycle) == "t.vol:3: subvolume 'b' is not defined before volume 'a'");

    const char* twice = "volume a\n type x/y\nend-volume\nvolume b\n type x/y\n subvolumes a a\nend-volume\n";
    CHECK(error_of(twice) == "t.vol:6: subvolume 'a' listed twice");

    const char* orphan = "volume a\n type x/y\nend-volume\nvolume b\n type x/y\nend-volume\n";
    CHECK(error_of(orphan).starts_with("t.vol:1: volume 'a' is not a subvolume of any later volume"));

    const char* two_parents = "volume a\n type x/y\nend-volume\n"
                              "volume b\n type x/y\n subvolumes a\nend-volume\n"
                              "volume c\n type x/y\n subvolumes a b\nend-volume\n";
    CHECK(error_of(two_parents).starts_with("t.vol:10: subvolume 'a' already has a parent"));
}

TEST_CASE("load_volfile names a missing file") {
    auto r = booster::load_volfile("/nonexistent/dir/x.vol");
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().starts_with("/nonexistent/dir/x.vol: cannot read volfile"));
}
