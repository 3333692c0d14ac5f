#include "core/xlators/debug/error-gen/error_gen.hpp"

#include <random>

#include "core/engine/log.hpp"
#include "core/xlators/debug/error-gen/errno_names.hpp"
#include "core/xlators/debug/error-gen/options.hpp"

namespace booster {

namespace {

consteval std::string_view allowed_errno_names() {
    for (const OptionSpec& spec : kErrorGenOptions)
        if (spec.key == "error-no") return spec.values;
    return {};
}

consteval bool every_name_is_known(std::string_view names) {
    while (!names.empty()) {
        const auto bar = names.find('|');
        if (!errno_by_name(names.substr(0, bar))) return false;
        names = bar == std::string_view::npos ? std::string_view{} : names.substr(bar + 1);
    }
    return true;
}

// The option's allowed values are validated before init; this keeps the lookup below total.
static_assert(every_name_is_known(allowed_errno_names()));

}  // namespace

Status ErrorGen::init() {
    auto enabled = parse_fop_set(options().str("enable"));
    if (!enabled) {
        BLOG(LogLevel::kError, name().c_str(), "option enable: %s", enabled.error().c_str());
        return fail(EINVAL);
    }
    enabled_ = *enabled;
    errnum_ = errno_by_name(options().str("error-no")).value_or(EIO);
    every_nth_ = static_cast<std::uint64_t>(options().integer("every-nth"));
    const double percent = options().number("failure");
    if (every_nth_ > 0 && percent > 0) {
        BLOG(LogLevel::kError, name().c_str(), "options every-nth and failure exclude each other");
        return fail(EINVAL);
    }
    if (percent > 0) {
        const auto seed = options().has("random-seed") ? static_cast<std::uint64_t>(options().integer("random-seed"))
                                                        : std::random_device{}();
        chance_.emplace(percent, seed);
    }
    return ok();
}

bool ErrorGen::should_fail(FopId fop) {
    if (!contains(enabled_, fop)) return false;
    bool failing = false;
    if (every_nth_ > 0) {
        failing = (matching_calls_.fetch_add(1, std::memory_order_relaxed) + 1) % every_nth_ == 0;
    } else if (chance_) {
        failing = chance_->draw();
    }
    if (failing) {
        injected_.fetch_add(1, std::memory_order_relaxed);
        BLOG(LogLevel::kDebug, name().c_str(), "failing %s with errno %d", fop_name(fop).data(), errnum_);
    }
    return failing;
}

std::string ErrorGen::dump() const {
    return "injected=" + std::to_string(injected_.load(std::memory_order_relaxed)) + "\n";
}

}  // namespace booster
