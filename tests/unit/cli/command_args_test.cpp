#include "core/cli/command_args.hpp"

#include <doctest/doctest.h>

#include <vector>

using namespace booster::cli;

namespace {

constexpr std::string_view kValues[] = {"--transport", "--port"};
constexpr std::string_view kSwitches[] = {"--secret"};

std::expected<CommandArgs, std::string> parse(std::vector<const char*> argv) {
    return CommandArgs::parse("volume create", {const_cast<char* const*>(argv.data()), argv.size()}, {kValues, kSwitches});
}

}  // namespace

TEST_CASE("command args: flags anywhere, both value spellings, -- ends flags") {
    auto args = parse({"v", "--transport", "tcp", "/b", "--port=24200", "--secret", "--", "--not-a-flag"});
    REQUIRE(args);
    CHECK(args->value("--transport") == "tcp");
    CHECK(args->value("--port") == "24200");
    CHECK(args->has("--secret"));
    CHECK_FALSE(args->value("--missing"));
    CHECK(args->positional() == std::vector<std::string>{"v", "/b", "--not-a-flag"});
}

TEST_CASE("command args: errors name the command and the flag") {
    CHECK(parse({"--nope"}).error() == "volume create: unknown flag --nope");
    CHECK(parse({"v", "--port"}).error() == "volume create: --port needs a value");
    CHECK(parse({"--secret", "--secret"}).error() == "volume create: --secret is given twice");
    CHECK(parse({"--secret=yes"}).error() == "volume create: unknown flag --secret=yes");
}
