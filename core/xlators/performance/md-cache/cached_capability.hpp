// CachedCapability: md-cache's memory of one inode's security.capability attribute: its value,
// or that it has none (ENODATA), when that was received, and a generation every drop moves on.
//
// Why this one attribute: the kernel asks a FUSE mount for it before every write through the
// mount (whether the write must clear file capabilities), and on a brick volume each ask is a
// round trip to the brick for what is nearly always ENODATA. GlusterFS's md-cache caches it
// for the same reason (cache-capability-xattrs).
// A reply is kept only if no drop happened since before its getxattr was wound (as for
// CachedAttr). Lives inside CachedAttr, the translator's one context on an inode.
// Thread-safety: any thread; a small mutex, never held across anything but a copy.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>

#include "core/engine/result.hpp"

namespace booster {

template <class Clock>
class CachedCapability {
public:
    // The attribute (a value, or ENODATA) if it was received less than `timeout` before `now`.
    std::optional<Result<std::string>> fresh(typename Clock::time_point now, typename Clock::duration timeout) const {
        std::lock_guard lock(mu_);
        if (!known_ || now - received_ >= timeout) return std::nullopt;
        if (!value_) return Result<std::string>(fail(ENODATA));
        return Result<std::string>(*value_);
    }

    std::uint64_t generation() const {
        std::lock_guard lock(mu_);
        return generation_;
    }

    // Keeps `value` (nullopt: the inode has none) unless a drop happened after `generation`.
    void store(std::optional<std::string> value, std::uint64_t generation, typename Clock::time_point received) {
        std::lock_guard lock(mu_);
        if (generation != generation_) return;
        value_ = std::move(value);
        received_ = received;
        known_ = true;
    }

    void drop() {
        std::lock_guard lock(mu_);
        known_ = false;
        ++generation_;
    }

private:
    mutable std::mutex mu_;
    std::optional<std::string> value_;
    typename Clock::time_point received_{};
    std::uint64_t generation_ = 0;
    bool known_ = false;
};

}  // namespace booster
