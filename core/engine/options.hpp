// Translator options: each translator declares a table of OptionSpec beside its code
// (core/xlators/<cat>/<name>/options.hpp); Options::parse validates the volfile's raw
// key/value pairs against it before any translator starts, and fills in defaults.
//
// Types: string, int, size (with k/M/G/T suffixes, 1024-based), percent, bool
// (on/off/yes/no/true/false/enable/disable/1/0), path (absolute), time (ms/s/m/h suffix,
// default seconds), double, enum (one of `values`, "a|b|c"), xlator (name of a subvolume).
// Errors name the key and say what is wrong; the graph builder prefixes file:line.
// Thread-safety: Options is immutable after parse; read from any thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <expected>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace booster {

enum class OptionType { kString, kInt, kSize, kPercent, kBool, kPath, kTime, kDouble, kEnum, kXlator };

struct OptionSpec {
    std::string_view key;
    OptionType type = OptionType::kString;
    std::string_view default_value;  // empty: no default (the option is absent unless given)
    double min = 0;                  // numeric range, checked when min < max
    double max = 0;
    std::string_view values;  // kEnum: allowed values separated by '|'
    std::string_view doc;
    bool required = false;
};

struct RawOption {
    std::string key;
    std::string value;
    int line = 0;  // volfile line, for error messages
};

struct OptionError {
    int line = 0;  // of the offending option; 0 for a missing required one
    std::string message;  // names the key and what is wrong with it
};

class Options {
public:
    // Validates every raw option against `specs` (unknown key, ill-typed or out-of-range value,
    // repeated key, missing required option) and applies defaults.
    static std::expected<Options, OptionError> parse(std::span<const OptionSpec> specs,
                                                     const std::vector<RawOption>& raw);

    bool has(std::string_view key) const;
    // Accessors for validated options; an absent option yields the type's zero value.
    std::string_view str(std::string_view key) const;
    std::int64_t integer(std::string_view key) const;
    std::uint64_t size(std::string_view key) const;
    double number(std::string_view key) const;  // kDouble and kPercent
    bool boolean(std::string_view key) const;
    std::chrono::milliseconds time(std::string_view key) const;

    // Value parsers shared with the CLI's -o mount options; nullopt if malformed.
    static std::optional<bool> parse_bool(std::string_view v);
    static std::optional<std::uint64_t> parse_size(std::string_view v);
    static std::optional<std::int64_t> parse_int(std::string_view v);
    static std::optional<double> parse_double(std::string_view v);
    static std::optional<std::chrono::milliseconds> parse_time(std::string_view v);

private:
    std::map<std::string, std::string, std::less<>> values_;  // canonical text after validation
};

}  // namespace booster
