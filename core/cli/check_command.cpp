#include <cstdio>
#include <string>

#include "core/cli/commands.hpp"
#include "core/cli/usage.hpp"
#include "core/engine/graph.hpp"
#include "core/engine/volfile.hpp"

namespace booster::cli {

namespace {

std::string subvolume_list(const Xlator& xl) {
    std::string out;
    for (const Xlator* child : xl.children()) out += (out.empty() ? "" : " ") + child->name();
    return out;
}

void print_graph(const std::string& path, const Graph& graph) {
    std::printf("%s: ok, %zu translators, top %s\n", path.c_str(), graph.xlators().size(), graph.top().name().c_str());
    for (const auto& xl : graph.xlators()) {
        const std::string subvolumes = subvolume_list(*xl);
        std::printf("  %-24s %-28s%s%s\n", xl->name().c_str(), xl->type().c_str(), subvolumes.empty() ? "" : "<- ",
                    subvolumes.c_str());
    }
}

}  // namespace

// Builds the graph (every option validated) without initialising any translator: checking a
// volfile touches no brick and starts nothing.
int check_command(std::span<char* const> args) {
    if (args.size() != 1) return usage_error("check: expected VOLFILE");
    const std::string path = args[0];
    auto spec = load_volfile(path);
    if (!spec) {
        std::fprintf(stderr, "booster check: %s\n", spec.error().c_str());
        return kExitFailure;
    }
    auto graph = Graph::build(*spec);
    if (!graph) {
        std::fprintf(stderr, "booster check: %s\n", graph.error().c_str());
        return kExitFailure;
    }
    print_graph(path, **graph);
    return kExitOk;
}

}  // namespace booster::cli
