#include "core/cli/command_args.hpp"

#include <algorithm>

namespace booster::cli {

namespace {

bool listed(std::span<const std::string_view> names, std::string_view name) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

}  // namespace

std::expected<CommandArgs, std::string> CommandArgs::parse(std::string_view command, std::span<char* const> args,
                                                           const FlagTable& flags) {
    CommandArgs out;
    const std::string prefix = std::string(command) + ": ";
    bool flags_ended = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string_view arg = args[i];
        if (flags_ended || !arg.starts_with("--")) {
            out.positional_.emplace_back(arg);
            continue;
        }
        if (arg == "--") {
            flags_ended = true;
            continue;
        }
        const auto eq = arg.find('=');
        const std::string_view name = arg.substr(0, eq);
        if (out.has(name)) return std::unexpected(prefix + std::string(name) + " is given twice");
        if (listed(flags.switches, name) && eq == std::string_view::npos) {
            out.flags_.emplace(name, "");
        } else if (!listed(flags.with_value, name)) {
            return std::unexpected(prefix + "unknown flag " + std::string(arg));
        } else if (eq != std::string_view::npos) {
            out.flags_.emplace(name, arg.substr(eq + 1));
        } else if (i + 1 < args.size()) {
            out.flags_.emplace(name, args[++i]);
        } else {
            return std::unexpected(prefix + std::string(name) + " needs a value");
        }
    }
    return out;
}

std::optional<std::string> CommandArgs::value(std::string_view flag) const {
    auto it = flags_.find(flag);
    if (it == flags_.end()) return std::nullopt;
    return it->second;
}

}  // namespace booster::cli
