#include "preload/runtime.hpp"

#include <pthread.h>
#include <stdlib.h>

#include <mutex>

#include "core/engine/log.hpp"
#include "core/xlators/storage/posix/engine_descriptors.hpp"
#include "core/xlators/storage/posix/high_descriptor.hpp"
#include "preload/file_ops.hpp"
#include "preload/process.hpp"
#include "preload/real.hpp"
#include "preload/stats.hpp"

namespace booster::preload {

constinit thread_local bool t_inside = false;

namespace detail {
std::atomic<bool> g_tracking{false};
}

namespace {

enum State : int { kUninitialised, kActive, kDisabled };
std::atomic<int> g_state{kUninitialised};
std::mutex g_init_mu;
Runtime* g_runtime = nullptr;

bool env_on(const char* name) {
    const char* v = getenv(name);
    return v != nullptr && v[0] != '\0' && v[0] != '0';
}

int initialise() {
    real::resolve();
    if (env_on("BOOSTER_DISABLE")) return kDisabled;
    ReentryGuard inside;
    log::set_level(LogLevel::kWarning);
    if (const char* path = getenv("BOOSTER_LOG"); path != nullptr && path[0] != '\0') {
        // Numbered and guarded as the engine's own descriptors are (high_descriptor.hpp).
        if (log::open(path, high_descriptor_floor())) mark_engine_descriptor(log::fd());
        else BLOG(LogLevel::kWarning, "booster", "cannot open BOOSTER_LOG=%s; logging to stderr", path);
        log::set_level(LogLevel::kInfo);
    }
    stats::configure(getenv("BOOSTER_STATS"));
    g_runtime = new Runtime();
    pthread_atfork(&before_fork, &after_fork_in_parent, &after_fork_in_child);
    return kActive;
}

__attribute__((constructor)) void on_load() {
    real::resolve();
    if (!env_on("BOOSTER_DISABLE")) adopt_inherited();
}

// A program that exits without closing its files leaves the kernel to close them, and the
// kernel's close reaches only the FUSE daemon: what the engines still hold back must reach the
// bricks, and the kernel's caches of what they wrote be dropped, now, while the fds exist.
__attribute__((destructor)) void on_unload() {
    if (g_runtime == nullptr) return;
    share_all_with_kernel();
    if (stats::g_enabled) stats::report(g_runtime->mounts.engines_built());
}

}  // namespace

bool active() {
    int s = g_state.load(std::memory_order_acquire);
    if (s == kUninitialised) {
        std::lock_guard lock(g_init_mu);
        s = g_state.load(std::memory_order_relaxed);
        if (s == kUninitialised) {
            s = initialise();
            g_state.store(s, std::memory_order_release);
        }
    }
    return s == kActive;
}

Runtime& runtime() { return *g_runtime; }

}  // namespace booster::preload
