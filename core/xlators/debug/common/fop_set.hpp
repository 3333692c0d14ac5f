// FopSet: the fops a debug translator acts on, parsed from its `enable` option.
//
// The text is `all` or a comma-separated list of fop names (kFopNames); spaces around names
// are ignored. An unknown name is an error that names it, so a typo in a volfile is caught at
// init rather than silently disabling the translator.
// Value type; a parsed set is read-only and may be read from any thread.
#pragma once

#include <bitset>
#include <expected>
#include <string>
#include <string_view>

#include "core/engine/fop_list.hpp"

namespace booster {

using FopSet = std::bitset<kFopCount>;

std::expected<FopSet, std::string> parse_fop_set(std::string_view text);

inline bool contains(const FopSet& set, FopId fop) { return set.test(static_cast<std::size_t>(fop)); }

}  // namespace booster
