#include "core/engine/options.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <set>

namespace booster {

namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

bool enum_contains(std::string_view values, std::string_view v) {
    while (!values.empty()) {
        const auto bar = values.find('|');
        if (values.substr(0, bar) == v) return true;
        if (bar == std::string_view::npos) break;
        values.remove_prefix(bar + 1);
    }
    return false;
}

std::string fmt_number(double v) {
    if (v == std::floor(v) && std::fabs(v) < 1e18) return std::to_string(static_cast<long long>(v));
    return std::to_string(v);
}

// Checks one value against its spec; returns the error text (empty when valid).
std::string check_value(const OptionSpec& spec, std::string_view value) {
    auto in_range = [&](double v) -> std::string {
        if (spec.min < spec.max && (v < spec.min || v > spec.max))
            return "value " + std::string(value) + " is out of range [" + fmt_number(spec.min) + ", " +
                   fmt_number(spec.max) + "]";
        return {};
    };
    switch (spec.type) {
        case OptionType::kString:
        case OptionType::kXlator:
            if (value.empty()) return "empty value";
            return {};
        case OptionType::kPath:
            if (value.empty() || value.front() != '/') return "'" + std::string(value) + "' is not an absolute path";
            return {};
        case OptionType::kBool:
            if (!Options::parse_bool(value)) return "'" + std::string(value) + "' is not a boolean (on/off, yes/no, true/false)";
            return {};
        case OptionType::kInt: {
            auto v = Options::parse_int(value);
            if (!v) return "'" + std::string(value) + "' is not an integer";
            return in_range(static_cast<double>(*v));
        }
        case OptionType::kSize: {
            auto v = Options::parse_size(value);
            if (!v) return "'" + std::string(value) + "' is not a size (e.g. 4096, 128KB, 1MB, 2GB)";
            return in_range(static_cast<double>(*v));
        }
        case OptionType::kPercent: {
            std::string_view t = value;
            if (!t.empty() && t.back() == '%') t.remove_suffix(1);
            auto v = Options::parse_double(t);
            if (!v || *v < 0 || *v > 100) return "'" + std::string(value) + "' is not a percentage (0-100)";
            return in_range(*v);
        }
        case OptionType::kDouble: {
            auto v = Options::parse_double(value);
            if (!v) return "'" + std::string(value) + "' is not a number";
            return in_range(*v);
        }
        case OptionType::kTime: {
            auto v = Options::parse_time(value);
            if (!v) return "'" + std::string(value) + "' is not a duration (e.g. 42, 42s, 500ms, 2m, 1h)";
            return in_range(static_cast<double>(v->count()) / 1000.0);
        }
        case OptionType::kEnum:
            if (!enum_contains(spec.values, value))
                return "'" + std::string(value) + "' is not one of " + std::string(spec.values);
            return {};
    }
    return "unknown option type";
}

std::string canonical(const OptionSpec& spec, std::string_view value) {
    if (spec.type == OptionType::kBool) return *Options::parse_bool(value) ? "on" : "off";
    if (spec.type == OptionType::kPercent && !value.empty() && value.back() == '%')
        return std::string(value.substr(0, value.size() - 1));
    return std::string(value);
}

}  // namespace

std::expected<Options, OptionError> Options::parse(std::span<const OptionSpec> specs, const std::vector<RawOption>& raw) {
    Options out;
    std::set<std::string, std::less<>> seen;
    for (const RawOption& opt : raw) {
        const OptionSpec* spec = nullptr;
        for (const OptionSpec& s : specs)
            if (s.key == opt.key) spec = &s;
        if (spec == nullptr) {
            std::string known;
            for (const OptionSpec& s : specs) known += (known.empty() ? "" : ", ") + std::string(s.key);
            return std::unexpected(OptionError{opt.line, "unknown option '" + opt.key + "'" +
                                   (known.empty() ? " (this translator takes no options)" : " (known: " + known + ")")});
        }
        if (!seen.insert(opt.key).second) return std::unexpected(OptionError{opt.line, "option '" + opt.key + "' given twice"});
        if (std::string err = check_value(*spec, opt.value); !err.empty())
            return std::unexpected(OptionError{opt.line, "option '" + opt.key + "': " + err});
        out.values_[opt.key] = canonical(*spec, opt.value);
    }
    for (const OptionSpec& s : specs) {
        if (out.values_.contains(s.key)) continue;
        if (s.required) return std::unexpected(OptionError{0, "required option '" + std::string(s.key) + "' is missing"});
        if (!s.default_value.empty()) out.values_[std::string(s.key)] = canonical(s, s.default_value);
    }
    return out;
}

bool Options::has(std::string_view key) const { return values_.find(key) != values_.end(); }

std::string_view Options::str(std::string_view key) const {
    auto it = values_.find(key);
    return it == values_.end() ? std::string_view{} : std::string_view(it->second);
}

std::int64_t Options::integer(std::string_view key) const { return parse_int(str(key)).value_or(0); }
std::uint64_t Options::size(std::string_view key) const { return parse_size(str(key)).value_or(0); }
double Options::number(std::string_view key) const { return parse_double(str(key)).value_or(0); }
bool Options::boolean(std::string_view key) const { return parse_bool(str(key)).value_or(false); }
std::chrono::milliseconds Options::time(std::string_view key) const {
    return parse_time(str(key)).value_or(std::chrono::milliseconds(0));
}

std::optional<bool> Options::parse_bool(std::string_view v) {
    const std::string l = lower(v);
    if (l == "on" || l == "yes" || l == "true" || l == "enable" || l == "1") return true;
    if (l == "off" || l == "no" || l == "false" || l == "disable" || l == "0") return false;
    return std::nullopt;
}

std::optional<std::int64_t> Options::parse_int(std::string_view v) {
    std::int64_t out = 0;
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
    if (ec != std::errc() || p != v.data() + v.size() || v.empty()) return std::nullopt;
    return out;
}

std::optional<double> Options::parse_double(std::string_view v) {
    double out = 0;
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
    if (ec != std::errc() || p != v.data() + v.size() || v.empty() || !std::isfinite(out)) return std::nullopt;
    return out;
}

std::optional<std::uint64_t> Options::parse_size(std::string_view v) {
    std::uint64_t n = 0;
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
    if (ec != std::errc() || p == v.data()) return std::nullopt;
    const std::string unit = lower(std::string_view(p, static_cast<std::size_t>(v.data() + v.size() - p)));
    std::uint64_t mult = 1;
    if (unit.empty() || unit == "b") mult = 1;
    else if (unit == "k" || unit == "kb" || unit == "kib") mult = 1ULL << 10;
    else if (unit == "m" || unit == "mb" || unit == "mib") mult = 1ULL << 20;
    else if (unit == "g" || unit == "gb" || unit == "gib") mult = 1ULL << 30;
    else if (unit == "t" || unit == "tb" || unit == "tib") mult = 1ULL << 40;
    else return std::nullopt;
    if (n > UINT64_MAX / mult) return std::nullopt;
    return n * mult;
}

std::optional<std::chrono::milliseconds> Options::parse_time(std::string_view v) {
    double n = 0;
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
    if (ec != std::errc() || p == v.data() || n < 0 || !std::isfinite(n)) return std::nullopt;
    const std::string unit = lower(std::string_view(p, static_cast<std::size_t>(v.data() + v.size() - p)));
    double ms = 0;
    if (unit.empty() || unit == "s" || unit == "sec") ms = n * 1000;
    else if (unit == "ms") ms = n;
    else if (unit == "m" || unit == "min") ms = n * 60'000;
    else if (unit == "h") ms = n * 3'600'000;
    else return std::nullopt;
    if (ms > 1e15) return std::nullopt;
    return std::chrono::milliseconds(static_cast<std::int64_t>(ms));
}

}  // namespace booster
