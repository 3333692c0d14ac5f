// Option tables: typed validation, ranges, enums, defaults, and the errors for each.
#include "core/engine/options.hpp"

#include <doctest/doctest.h>

using booster::OptionSpec;
using booster::Options;
using booster::OptionType;
using booster::RawOption;

namespace {

constexpr OptionSpec kSpecs[] = {
    {.key = "directory", .type = OptionType::kPath, .doc = "brick", .required = true},
    {.key = "window-size", .type = OptionType::kSize, .default_value = "1MB", .min = 512 * 1024, .max = 1ULL << 30},
    {.key = "threads", .type = OptionType::kInt, .default_value = "4", .min = 1, .max = 64},
    {.key = "flush-behind", .type = OptionType::kBool, .default_value = "on"},
    {.key = "mode", .type = OptionType::kEnum, .default_value = "fast", .values = "fast|safe"},
    {.key = "ping-timeout", .type = OptionType::kTime, .default_value = "42", .min = 1, .max = 1800},
    {.key = "failure", .type = OptionType::kPercent},
    {.key = "ratio", .type = OptionType::kDouble, .min = 0, .max = 2},
};

std::string error_of(std::vector<RawOption> raw) {
    auto r = Options::parse(kSpecs, raw);
    REQUIRE_FALSE(r.has_value());
    return r.error().message;
}

}  // namespace

TEST_CASE("valid options are typed and defaults are applied") {
    auto r = Options::parse(kSpecs, {{"directory", "/srv/b", 3}, {"window-size", "4MB", 4}, {"flush-behind", "no", 5},
                                     {"ping-timeout", "1500ms", 6}, {"failure", "12.5%", 7}});
    REQUIRE(r.has_value());
    CHECK(r->str("directory") == "/srv/b");
    CHECK(r->size("window-size") == 4ULL << 20);
    CHECK(r->integer("threads") == 4);
    CHECK_FALSE(r->boolean("flush-behind"));
    CHECK(r->str("mode") == "fast");
    CHECK(r->time("ping-timeout").count() == 1500);
    CHECK(r->number("failure") == doctest::Approx(12.5));
    CHECK_FALSE(r->has("ratio"));
}

TEST_CASE("each kind of bad option is an error naming the key and line") {
    auto r = Options::parse(kSpecs, {{"directory", "/x", 1}, {"bogus", "1", 9}});
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().line == 9);
    CHECK(r.error().message.starts_with("unknown option 'bogus' (known: directory, window-size"));

    CHECK(error_of({}) == "required option 'directory' is missing");
    CHECK(error_of({{"directory", "relative/path", 1}}) == "option 'directory': 'relative/path' is not an absolute path");
    CHECK(error_of({{"directory", "/x", 1}, {"threads", "four", 2}}) == "option 'threads': 'four' is not an integer");
    CHECK(error_of({{"directory", "/x", 1}, {"threads", "65", 2}}) == "option 'threads': value 65 is out of range [1, 64]");
    CHECK(error_of({{"directory", "/x", 1}, {"window-size", "1KB", 2}}) ==
          "option 'window-size': value 1KB is out of range [524288, 1073741824]");
    CHECK(error_of({{"directory", "/x", 1}, {"window-size", "12XB", 2}}).starts_with("option 'window-size': '12XB' is not a size"));
    CHECK(error_of({{"directory", "/x", 1}, {"flush-behind", "maybe", 2}}).starts_with("option 'flush-behind': 'maybe' is not a boolean"));
    CHECK(error_of({{"directory", "/x", 1}, {"mode", "slow", 2}}) == "option 'mode': 'slow' is not one of fast|safe");
    CHECK(error_of({{"directory", "/x", 1}, {"ping-timeout", "3d", 2}}).starts_with("option 'ping-timeout': '3d' is not a duration"));
    CHECK(error_of({{"directory", "/x", 1}, {"ping-timeout", "2h", 2}}) ==
          "option 'ping-timeout': value 2h is out of range [1, 1800]");
    CHECK(error_of({{"directory", "/x", 1}, {"failure", "101", 2}}) == "option 'failure': '101' is not a percentage (0-100)");
    CHECK(error_of({{"directory", "/x", 1}, {"directory", "/y", 2}}) == "option 'directory' given twice");
}

TEST_CASE("value parsers") {
    CHECK(Options::parse_size("128KB") == 128u * 1024);
    CHECK(Options::parse_size("1g") == 1ULL << 30);
    CHECK_FALSE(Options::parse_size("-1").has_value());
    CHECK_FALSE(Options::parse_size("99999999999999999999").has_value());
    CHECK(Options::parse_bool("Enable") == true);
    CHECK(Options::parse_time("1.5s")->count() == 1500);
    CHECK_FALSE(Options::parse_int("12a").has_value());
}
