#include "core/xlators/storage/posix/engine_descriptors.hpp"

#include <array>
#include <atomic>
#include <bit>
#include <cstdint>

namespace booster {

namespace {

constexpr int kWordBits = 64;
std::array<std::atomic<std::uint64_t>, kTrackedEngineDescriptors / kWordBits> g_marked{};

bool tracked(int fd) { return fd >= 0 && fd < kTrackedEngineDescriptors; }
std::uint64_t bit(int fd) { return std::uint64_t{1} << (fd % kWordBits); }

}  // namespace

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
