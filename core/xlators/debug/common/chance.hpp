// Chance: a stream of yes/no draws, each yes with a fixed percent probability, for translators
// that act on a fraction of calls (error-gen `failure`, delay-gen `delay-percentage`).
//
// The n-th draw depends only on (seed, n): a volfile that sets `random-seed` replays the same
// pattern of yes and no on every run, which is what makes such tests reproducible. Without a
// seed the caller passes a random one. 0 percent never says yes, 100 always does.
// Thread-safety: draw() is lock-free and may be called from any thread; concurrent callers
// share one stream (which caller gets which draw then depends on scheduling).
#pragma once

#include <atomic>
#include <cstdint>

namespace booster {

class Chance {
public:
    Chance(double percent, std::uint64_t seed) : probability_(percent / 100.0), seed_(seed) {}

    bool draw() {
        const std::uint64_t n = next_.fetch_add(1, std::memory_order_relaxed);
        // 53 random bits give a uniform double in [0, 1), so probability 1 always says yes.
        const double u = static_cast<double>(mix(seed_ + n) >> 11) * 0x1.0p-53;
        return u < probability_;
    }

private:
    // splitmix64: a bijective scrambler, so consecutive indices give independent-looking bits.
    static std::uint64_t mix(std::uint64_t z) {
        z += 0x9E3779B97F4A7C15ULL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }

    const double probability_;
    const std::uint64_t seed_;
    std::atomic<std::uint64_t> next_{0};
};

}  // namespace booster
