#include "core/xlators/storage/posix/engine_descriptors.hpp"

#include <sched.h>

#include <array>
#include <atomic>
#include <bit>
#include <cstdint>

namespace booster {

namespace {

constexpr int kWordBits = 64;
std::array<std::atomic<std::uint64_t>, kTrackedEngineDescriptors / kWordBits> g_marked{};

// Sequentially consistent increments and loads (a Dekker handshake): of an engine change and a
// program close that start together, at least one sees the other.
std::atomic<int> g_engine_changes{0};
std::atomic<int> g_program_closes{0};
thread_local int t_engine_changes = 0;
thread_local int t_program_closes = 0;

bool tracked(int fd) { return fd >= 0 && fd < kTrackedEngineDescriptors; }
std::uint64_t bit(int fd) { return std::uint64_t{1} << (fd % kWordBits); }

}  // namespace

EngineDescriptorChange::EngineDescriptorChange() {
    ++t_engine_changes;
    g_engine_changes.fetch_add(1, std::memory_order_seq_cst);
    while (g_program_closes.load(std::memory_order_seq_cst) > t_program_closes) sched_yield();
}

EngineDescriptorChange::~EngineDescriptorChange() {
    g_engine_changes.fetch_sub(1, std::memory_order_release);
    --t_engine_changes;
}

// The close steps back while the engine changes descriptors, so that an engine change, once it
// has seen no close under way, never waits.
ProgramDescriptorClose::ProgramDescriptorClose() : fenced_(t_engine_changes == 0) {
    if (!fenced_) return;
    ++t_program_closes;
    for (;;) {
        g_program_closes.fetch_add(1, std::memory_order_seq_cst);
        if (g_engine_changes.load(std::memory_order_seq_cst) == 0) return;
        g_program_closes.fetch_sub(1, std::memory_order_seq_cst);
        while (g_engine_changes.load(std::memory_order_acquire) != 0) sched_yield();
    }
}

ProgramDescriptorClose::~ProgramDescriptorClose() {
    if (!fenced_) return;
    g_program_closes.fetch_sub(1, std::memory_order_release);
    --t_program_closes;
}

void descriptor_changes_after_fork() {
    g_engine_changes.store(t_engine_changes, std::memory_order_relaxed);
    g_program_closes.store(t_program_closes, std::memory_order_relaxed);
}

void mark_engine_descriptor(int fd) {
    if (tracked(fd)) g_marked[fd / kWordBits].fetch_or(bit(fd), std::memory_order_release);
}

void unmark_engine_descriptor(int fd) {
    if (tracked(fd)) g_marked[fd / kWordBits].fetch_and(~bit(fd), std::memory_order_release);
}

bool is_engine_descriptor(int fd) {
    return tracked(fd) && (g_marked[fd / kWordBits].load(std::memory_order_acquire) & bit(fd)) != 0;
}

int first_engine_descriptor(int from, int to) {
    if (from < 0) from = 0;
    if (to >= kTrackedEngineDescriptors) to = kTrackedEngineDescriptors - 1;
    for (int word = from / kWordBits; word <= to / kWordBits; ++word) {
        std::uint64_t bits = g_marked[word].load(std::memory_order_acquire);
        if (word == from / kWordBits) bits &= ~std::uint64_t{0} << (from % kWordBits);
        if (bits == 0) continue;
        const int fd = word * kWordBits + std::countr_zero(bits);
        return fd <= to ? fd : -1;
    }
    return -1;
}

}  // namespace booster
