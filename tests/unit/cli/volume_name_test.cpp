#include "core/cli/volume_name.hpp"

#include <doctest/doctest.h>

using namespace booster::cli;

TEST_CASE("volume names: what is accepted and why the rest is not") {
    CHECK_FALSE(volume_name_error("vol_1.a-b"));
    CHECK(volume_name_error("") == "the volume name is empty");
    CHECK(volume_name_error(".x") == "volume name '.x' must start with a letter or a digit");
    CHECK(volume_name_error("a b") == "volume name 'a b' holds ' ': only letters, digits, '_', '.' and '-' are allowed");
    CHECK(volume_name_error(std::string(65, 'n'))->ends_with("is longer than 64 characters"));
    CHECK_FALSE(volume_name_error(std::string(64, 'n')));
}

TEST_CASE("volume names made from a directory are valid") {
    CHECK(volume_name_for_directory("/home/me/booster-demo") == "booster-demo");
    CHECK(volume_name_for_directory("/home/me/my demo/") == "my-demo");
    CHECK(volume_name_for_directory("/tmp/.hidden") == "hidden");
    CHECK(volume_name_for_directory("/") == "booster");
    CHECK_FALSE(volume_name_error(volume_name_for_directory("/x/" + std::string(100, 'z'))));
}
