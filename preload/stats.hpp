// Per-call counters behind BOOSTER_STATS: for every interposed call, how often the booster
// served it and how often it went to the kernel, written at exit one line per call that
// happened ("booster-stats: read boosted=10 kernel=3"), plus the number of engines built and
// how the adopted fds' gfids were learned ("booster-stats: adopted known=4 with-mount=1
// by-name=2 by-mount=1").
// BOOSTER_STATS=1 writes to the stderr the program started with (a private duplicate, since
// programs such as cat close fd 2 before exit); BOOSTER_STATS=/abs/path appends to that file.
// Counting is one relaxed atomic add, and only when enabled. Any thread.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>

namespace booster::preload {

enum class Call : std::uint8_t {
#define BOOSTER_INTERCEPT(ret, name, params) name,
#include "preload/intercept.def"
#undef BOOSTER_INTERCEPT
    kCount
};

// How the booster learned the gfid of an fd it adopted (file_ops.cpp): its inode was met before
// (GfidCache), the mount's description brought it (the first file of the mount), the engine
// looked its name up, or the mount answered the adoption ioctl.
enum class GfidSource : std::uint8_t { kKnown, kWithMount, kByName, kByMount, kCount };

namespace stats {

extern bool g_enabled;
extern std::atomic<std::uint64_t> g_gfid_sources[static_cast<std::size_t>(GfidSource::kCount)];
extern std::atomic<std::uint64_t> g_boosted[static_cast<std::size_t>(Call::kCount)];
extern std::atomic<std::uint64_t> g_kernel[static_cast<std::size_t>(Call::kCount)];

inline void count(Call c, bool boosted) {
    if (!g_enabled) return;
    auto& slot = boosted ? g_boosted[static_cast<std::size_t>(c)] : g_kernel[static_cast<std::size_t>(c)];
    slot.fetch_add(1, std::memory_order_relaxed);
}

inline void count(GfidSource s) {
    if (g_enabled) g_gfid_sources[static_cast<std::size_t>(s)].fetch_add(1, std::memory_order_relaxed);
}

// Reads BOOSTER_STATS and prepares the output; called once at initialisation.
void configure(const char* setting);
// Writes the report (no allocation: it may run late in exit).
void report(std::size_t engines_built);

}  // namespace stats
}  // namespace booster::preload
