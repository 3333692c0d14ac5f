// The translator registry: every translator type the engine can build, by "category/name".
// The list itself is core/xlators/registry.cpp (one line per translator).
// Thread-safety: immutable; call from any thread.
#pragma once

#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "core/engine/options.hpp"
#include "core/engine/xlator.hpp"

namespace booster {

struct XlatorType {
    std::string_view name;  // "storage/posix"
    std::unique_ptr<Xlator> (*create)();
    std::span<const OptionSpec> options;
    std::string_view doc;  // one line: what it does
};

// nullptr if the type is unknown.
const XlatorType* find_xlator_type(std::string_view name);
std::span<const XlatorType> xlator_types();

}  // namespace booster
