#include "core/xlators/debug/delay-gen/delay_gen.hpp"

#include <random>

#include "core/engine/log.hpp"

namespace booster {

Status DelayGen::init() {
    auto enabled = parse_fop_set(options().str("enable"));
    if (!enabled) {
        BLOG(LogLevel::kError, name().c_str(), "option enable: %s", enabled.error().c_str());
        return fail(EINVAL);
    }
    enabled_ = *enabled;
    delay_ = std::chrono::microseconds(options().integer("delay-duration"));
    const double percent = options().number("delay-percentage");
    if (enabled_.none() || delay_.count() == 0 || percent <= 0) {
        enabled_.reset();
        return ok();
    }
    if (percent < 100) {
        const auto seed = options().has("random-seed") ? static_cast<std::uint64_t>(options().integer("random-seed"))
                                                        : std::random_device{}();
        chance_.emplace(percent, seed);
    }
    timer_ = std::make_unique<ResumeTimer>();
    return ok();
}

void DelayGen::fini() {
    if (timer_) timer_->stop();
}

bool DelayGen::should_delay(FopId fop) {
    if (!contains(enabled_, fop)) return false;
    if (chance_ && !chance_->draw()) return false;
    delayed_.fetch_add(1, std::memory_order_relaxed);
    return true;
}

std::string DelayGen::dump() const {
    return "delayed=" + std::to_string(delayed_.load(std::memory_order_relaxed)) + "\n";
}

}  // namespace booster
