// Graph: a translator graph built from a volfile, and the inode table its fops use.
//
// build() validates everything before constructing anything that acts: every type must be
// known to the registry, every option valid for its type (Options::parse). Only then are the
// translators created and wired; activate() runs init() bottom-up (children first) and sends
// PARENT_UP from the top. Destruction runs fini() top-down (so a translator can finish its
// background fops), then drops the inode table and its contexts, then destroys translators.
// Errors name file:line and the offending key or name. `extra_types` are translator types known
// to this one graph besides the registry's, looked up first (tests plug their own leaves and
// probes into a graph this way).
// Thread-safety: build/activate/destroy run alone; top(), find(), itable() from any thread
// once active.
#pragma once

#include <expected>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/engine/inode.hpp"
#include "core/engine/registry.hpp"
#include "core/engine/volfile.hpp"
#include "core/engine/xlator.hpp"

namespace booster {

class Graph {
public:
    static std::expected<std::unique_ptr<Graph>, std::string> build(const VolfileSpec& spec,
                                                                    std::span<const XlatorType> extra_types = {});
    // parse_volfile + build.
    static std::expected<std::unique_ptr<Graph>, std::string> from_text(std::string_view text,
                                                                        std::string_view filename,
                                                                        std::span<const XlatorType> extra_types = {});
    ~Graph();
    Graph(const Graph&) = delete;
    Graph& operator=(const Graph&) = delete;

    // init() every translator (children first), then PARENT_UP from the top. On failure the
    // translators already initialised are finalised again and the error names the translator.
    std::expected<void, std::string> activate();

    Xlator& top() const { return *xlators_.back(); }
    Xlator* find(std::string_view name) const;
    const std::vector<std::unique_ptr<Xlator>>& xlators() const { return xlators_; }
    // Number of context slots an inode or fd of this graph needs.
    std::size_t slots() const { return xlators_.size(); }
    InodeTable& itable() { return *itable_; }

private:
    Graph() = default;
    std::vector<std::unique_ptr<Xlator>> xlators_;  // definition order: children before parents
    std::unique_ptr<InodeTable> itable_;
    std::size_t initialised_ = 0;
};

}  // namespace booster
