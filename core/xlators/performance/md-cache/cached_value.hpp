// CachedValue<T>: one thing md-cache remembers about an inode (its attributes; its
// security.capability attribute): the last value heard, when it was received, and a generation
// that every drop moves on.
//
// A reply may be stored only if no drop happened since before its fop was wound (store() takes
// the generation read then): a value fetched before a change landed is never kept after that
// change dropped it.
// Thread-safety: any thread; a small mutex, never held across anything but a copy.
#pragma once

#include <time.h>

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <utility>

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

template <class T>
class CachedValue {
public:
    using Clock = CoarseClock;

    // The value if it was received less than `timeout` before `now`.
    std::optional<T> fresh(Clock::time_point now, Clock::duration timeout) const {
        std::lock_guard lock(mu_);
        if (!valid_ || now - received_ >= timeout) return std::nullopt;
        return value_;
    }

    std::uint64_t generation() const {
        std::lock_guard lock(mu_);
        return generation_;
    }

    // Keeps `value` unless a drop happened after `generation` was read; true if kept.
    bool store(T value, std::uint64_t generation, Clock::time_point received) {
        std::lock_guard lock(mu_);
        if (generation != generation_) return false;
        value_ = std::move(value);
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
    T value_{};
    Clock::time_point received_{};
    std::uint64_t generation_ = 0;
    bool valid_ = false;
};

}  // namespace booster
