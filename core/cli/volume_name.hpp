// Volume names: 1-64 of [A-Za-z0-9_.-], starting with a letter or digit. A name is a folder of
// the volume store and part of every volfile name, so nothing else is allowed.
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace booster::cli {

// What is wrong with `name`; nullopt if it is a valid volume name.
std::optional<std::string> volume_name_error(std::string_view name);

// A valid name made from the last component of `dir` (other characters become '-'); "booster"
// if nothing usable remains.
std::string volume_name_for_directory(const std::string& dir);

}  // namespace booster::cli
