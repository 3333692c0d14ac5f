#include "core/engine/task.hpp"

#include <cstdlib>
#include <new>

namespace booster::detail {

namespace {

// Frames are grouped in 64-byte classes up to 1 KiB; larger ones go to malloc. Each thread
// keeps a short free list per class, so a frame freed on another thread (a fop completed by
// the network thread) simply joins that thread's list.
constexpr std::size_t kClassBytes = 64;
constexpr std::size_t kClasses = 16;
constexpr std::size_t kMaxCached = 64;

struct FreeNode {
    FreeNode* next;
};

struct FrameCache {
    FreeNode* heads[kClasses] = {};
    std::size_t counts[kClasses] = {};
    ~FrameCache() {
        for (auto*& head : heads) {
            while (head != nullptr) {
                FreeNode* next = head->next;
                std::free(head);
                head = next;
            }
        }
    }
};

// Initial-exec: libbooster.so is preloaded (static TLS is there), and the general-dynamic model
// would cost a __tls_get_addr call per frame on the booster's read/write path.
thread_local FrameCache cache __attribute__((tls_model("initial-exec")));

std::size_t class_of(std::size_t size) { return (size + kClassBytes - 1) / kClassBytes - 1; }

}  // namespace

void* frame_alloc(std::size_t size) {
    const std::size_t c = class_of(size);
    if (c < kClasses) {
        if (FreeNode* n = cache.heads[c]) {
            cache.heads[c] = n->next;
            --cache.counts[c];
            return n;
        }
        size = (c + 1) * kClassBytes;
    }
    void* p = std::malloc(size);
    if (p == nullptr) throw std::bad_alloc();
    return p;
}

void frame_free(void* ptr, std::size_t size) noexcept {
    const std::size_t c = class_of(size);
    if (c < kClasses && cache.counts[c] < kMaxCached) {
        auto* n = static_cast<FreeNode*>(ptr);
        n->next = cache.heads[c];
        cache.heads[c] = n;
        ++cache.counts[c];
        return;
    }
    std::free(ptr);
}

}  // namespace booster::detail
