// CommandArgs: the flags and positional arguments of one subcommand, split by a table of the
// flags it knows. `--flag VALUE` and `--flag=VALUE` both work; `--` ends the flags. An unknown
// flag or a value flag without its value is an error naming the flag.
// Thread-safety: value type; parse on any thread.
#pragma once

#include <expected>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace booster::cli {

struct FlagTable {
    std::span<const std::string_view> with_value;  // e.g. "--transport"
    std::span<const std::string_view> switches;    // e.g. "--secret"
};

class CommandArgs {
public:
    // `command` names the subcommand in error messages ("volume create").
    static std::expected<CommandArgs, std::string> parse(std::string_view command, std::span<char* const> args,
                                                         const FlagTable& flags);

    std::optional<std::string> value(std::string_view flag) const;
    bool has(std::string_view flag) const { return flags_.contains(std::string(flag)); }
    const std::vector<std::string>& positional() const { return positional_; }

private:
    std::map<std::string, std::string, std::less<>> flags_;  // a switch maps to ""
    std::vector<std::string> positional_;
};

}  // namespace booster::cli
