// Options of features/locks: none. Locks live in memory for as long as their holder does;
// GlusterFS's revocation and contention notices are not part of this translator.
#pragma once

#include <span>

#include "core/engine/options.hpp"

namespace booster {

inline constexpr std::span<const OptionSpec> kLocksOptions{};

}  // namespace booster
