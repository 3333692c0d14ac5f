#include "preload/stats.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>

#include "core/xlators/storage/posix/engine_descriptors.hpp"
#include "core/xlators/storage/posix/high_descriptor.hpp"
#include "preload/guard.hpp"

namespace booster::preload::stats {

bool g_enabled = false;
std::atomic<std::uint64_t> g_boosted[static_cast<std::size_t>(Call::kCount)];
std::atomic<std::uint64_t> g_kernel[static_cast<std::size_t>(Call::kCount)];
std::atomic<std::uint64_t> g_gfid_sources[static_cast<std::size_t>(GfidSource::kCount)];

namespace {

constexpr const char* kNames[] = {
#define BOOSTER_INTERCEPT(ret, name, params) #name,
#include "preload/intercept.def"
#undef BOOSTER_INTERCEPT
};

int g_out = -1;

void put(const char* line, int n) {
    if (n > 0 && g_out >= 0) (void)!::write(g_out, line, static_cast<std::size_t>(n));
}

unsigned long long adopted(GfidSource s) {
    return g_gfid_sources[static_cast<std::size_t>(s)].load(std::memory_order_relaxed);
}

}  // namespace

void configure(const char* setting) {
    if (setting == nullptr || setting[0] == '\0' || (setting[0] == '0' && setting[1] == '\0')) return;
    g_enabled = true;
    // Numbered as the engine's own descriptors are: above the numbers programs name, and left
    // alone by their close(2) and close_range(2) of every descriptor (high_descriptor.hpp).
    const int fd = setting[0] == '/' ? ::open(setting, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644)
                                     : ::fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, high_descriptor_floor());
    g_out = fd < 0 ? -1 : ::fcntl(fd, F_DUPFD_CLOEXEC, high_descriptor_floor());
    if (fd >= 0 && fd != g_out) ::close(fd);
    mark_engine_descriptor(g_out);
}

void report(std::size_t engines_built) {
    // The report's own writes are not the program's calls: they must not count themselves.
    ReentryGuard inside;
    char line[160];
    put(line, std::snprintf(line, sizeof line, "booster-stats: pid=%d engines=%zu\n", static_cast<int>(getpid()),
                            engines_built));
    put(line, std::snprintf(line, sizeof line,
                            "booster-stats: adopted known=%llu with-mount=%llu by-name=%llu by-mount=%llu\n",
                            adopted(GfidSource::kKnown), adopted(GfidSource::kWithMount), adopted(GfidSource::kByName),
                            adopted(GfidSource::kByMount)));
    for (std::size_t i = 0; i < static_cast<std::size_t>(Call::kCount); ++i) {
        const auto b = g_boosted[i].load(std::memory_order_relaxed);
        const auto k = g_kernel[i].load(std::memory_order_relaxed);
        if (b == 0 && k == 0) continue;
        put(line, std::snprintf(line, sizeof line, "booster-stats: %s boosted=%llu kernel=%llu\n", kNames[i],
                                static_cast<unsigned long long>(b), static_cast<unsigned long long>(k)));
    }
}

}  // namespace booster::preload::stats
