// The fop list: one id and one name per fop, and lookup by name.
#include "core/engine/fop_list.hpp"

#include <doctest/doctest.h>

#include <set>
#include <string_view>

using namespace booster;

TEST_CASE("every fop has a unique name that maps back to its id") {
    std::set<std::string_view> names;
    for (std::size_t i = 0; i < kFopCount; ++i) {
        const auto id = static_cast<FopId>(i);
        CHECK(fop_name(id) == kFopNames[i]);
        CHECK(fop_by_name(kFopNames[i]) == id);
        names.insert(kFopNames[i]);
    }
    CHECK(names.size() == kFopCount);
    CHECK(fop_name(FopId::writev) == "writev");
    CHECK(fop_name(FopId::copy_file_range) == "copy_file_range");
}

TEST_CASE("an unknown fop name has no id") {
    CHECK_FALSE(fop_by_name("write").has_value());
    CHECK_FALSE(fop_by_name("").has_value());
    CHECK_FALSE(fop_by_name("WRITEV").has_value());
}
