// CachedAttr: md-cache's context on an inode: its last known attributes, when they were
// received, and a generation that every drop moves on; and, apart (its own drops), the inode's
// security.capability attribute (cached_capability.hpp).
//
// A reply may be stored only if no drop happened since before its fop was wound (store()
// takes the generation read then): attributes fetched before a change landed are never kept
// after that change dropped them. Destroyed with the inode (forget).
// Thread-safety: any thread; a small per-inode mutex, never held across anything but a copy.
#pragma once

#include <time.h>

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>

#include "core/engine/ctx.hpp"
#include "core/engine/iatt.hpp"
#include "core/xlators/performance/md-cache/cached_capability.hpp"

namespace booster {

// CLOCK_MONOTONIC_COARSE: the tick of the last timer interrupt (1-4 ms), read without the
// TSC: a cached fstat reads the clock once, and steady_clock's read was a tenth of the hit's
// cost; a timeout measured in seconds (FUSE's attr_timeout) does not need finer.
struct CoarseClock {
    using duration = std::chrono::nanoseconds;
    using rep = duration::rep;
    using period = duration::period;
    using time_point = std::chrono::time_point<CoarseClock>;
    static constexpr bool is_steady = true;
    static time_point now() noexcept {
        timespec ts{};
        ::clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
        return time_point(std::chrono::seconds(ts.tv_sec) + std::chrono::nanoseconds(ts.tv_nsec));
    }
};

class CachedAttr final : public Ctx {
public:
    using Clock = CoarseClock;

    // Dropped only by what may change the attribute: xattr changes and setattr (chown).
    CachedCapability<Clock> capability;

    // The attributes if they were received less than `timeout` before `now`.
    std::optional<Iatt> fresh(Clock::time_point now, Clock::duration timeout) const {
        std::lock_guard lock(mu_);
        if (!valid_ || now - received_ >= timeout) return std::nullopt;
        return attr_;
    }

    std::uint64_t generation() const {
        std::lock_guard lock(mu_);
        return generation_;
    }

    // Keeps `attr` unless a drop happened after `generation` was read; true if kept.
    bool store(const Iatt& attr, std::uint64_t generation, Clock::time_point received) {
        std::lock_guard lock(mu_);
        if (generation != generation_) return false;
        attr_ = attr;
        received_ = received;
        valid_ = true;
        return true;
    }

    void drop() {
        std::lock_guard lock(mu_);
        valid_ = false;
        ++generation_;
    }

private:
    mutable std::mutex mu_;
    Iatt attr_;
    Clock::time_point received_;
    std::uint64_t generation_ = 0;
    bool valid_ = false;
};

}  // namespace booster
