// Options of performance/open-behind: none. Which opens are deferred is decided by their flags
// (open_behind.hpp), not by configuration.
#pragma once

#include <span>

#include "core/engine/options.hpp"

namespace booster {

inline constexpr std::span<const OptionSpec> kOpenBehindOptions{};

}  // namespace booster
