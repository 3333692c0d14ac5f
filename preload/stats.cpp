#include "preload/stats.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>

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

// Above the numbers programs hard-code (0-2, 255) and out of reach of close(3..N) loops that
// stop at the first few hundred.
constexpr int kPrivateFdFloor = 800;

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
    const int fd = setting[0] == '/' ? ::open(setting, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644)
                                     : ::fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, kPrivateFdFloor);
    g_out = fd < 0 ? -1 : ::fcntl(fd, F_DUPFD_CLOEXEC, kPrivateFdFloor);
    if (fd >= 0 && fd != g_out) ::close(fd);
}

void report(std::size_t engines_built) {
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
