// Element-wise addition of arrays of big-endian signed integers (AFR changelog counters),
// wrapping like two's-complement machine arithmetic. Pure function; any thread.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/engine/result.hpp"

namespace booster {

// `current` + `delta`, both arrays of `width`-byte (4 or 8) integers. EINVAL if the lengths
// differ or are not a multiple of `width`.
Result<std::string> add_counter_arrays(std::string_view current, std::string_view delta, std::size_t width);

}  // namespace booster
