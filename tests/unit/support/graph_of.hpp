// Test helpers for translators configured by a real volfile: build and activate a graph (the
// test fails with the builder's message if it cannot), with test translator types besides the
// registry's when given (test_xlator_types.hpp), and reach a translator by name as its own type.
#pragma once

#include <doctest/doctest.h>

#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "core/engine/graph.hpp"

namespace booster::test {

inline std::unique_ptr<Graph> graph_of(std::string_view volfile, std::span<const XlatorType> extra_types = {}) {
    auto built = Graph::from_text(volfile, "test.vol", extra_types);
    REQUIRE_MESSAGE(built.has_value(), (built.has_value() ? std::string() : built.error()));
    auto active = (*built)->activate();
    REQUIRE_MESSAGE(active.has_value(), (active.has_value() ? std::string() : active.error()));
    return std::move(*built);
}

template <class T>
T& xlator(const Graph& g, std::string_view name) {
    T* x = dynamic_cast<T*>(g.find(name));
    REQUIRE(x != nullptr);
    return *x;
}

}  // namespace booster::test
