#include "fdtable/hazard.hpp"

#include <linux/membarrier.h>
#include <pthread.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <mutex>
#include <new>
#include <vector>

namespace booster::fdtable::hazard {

namespace detail {
constinit thread_local Record* t_record = nullptr;
bool g_asymmetric = false;
std::atomic<int> g_pending{0};
}  // namespace detail

namespace {

struct Retired {
    void* ptr;
    void (*destroy)(void*);
};

// Constant-initialised: the preload's constructor may use the table before this file's
// dynamic initialisers run.
constinit std::atomic<Record*> g_records{nullptr};
constinit std::mutex g_retired_mu;
pthread_key_t g_exit_key;

// Never freed: a hook may retire an entry late in exit(). Guarded by g_retired_mu.
std::vector<Retired>& retired() {
    static auto* list = new std::vector<Retired>();
    return *list;
}

bool register_asymmetric() {
    return syscall(SYS_membarrier, MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED, 0, 0) == 0;
}

// The other half of announce()'s fence: after it, every hazard announced before the caller
// cleared the slot is visible, and every later announcement fails its re-read.
void reclaimer_fence() {
    Record* mine = detail::t_record;
    bool others = false;
    for (Record* r = g_records.load(std::memory_order_seq_cst); r != nullptr && !others; r = r->next)
        others = r != mine && r->in_use.load(std::memory_order_seq_cst);
    if (!others) return;  // a thread taking a record later announces after a seq_cst exchange
    // A registered process's PRIVATE_EXPEDITED cannot fail (reset_after_fork re-registers).
    // Without membarrier the seq_cst operations on both sides order themselves.
    if (detail::g_asymmetric) syscall(SYS_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0, 0);
}

bool named(const std::vector<const void*>& hazards, const void* p) {
    for (const void* h : hazards)
        if (h == p) return true;
    return false;
}

void release_at_thread_exit(void* record) {
    auto* r = static_cast<Record*>(record);
    release(*r);
    if (detail::t_record == r) detail::t_record = nullptr;
    r->in_use.store(false, std::memory_order_release);
}

}  // namespace

void init() {
    static const bool once = [] {
        detail::g_asymmetric = register_asymmetric();
        return pthread_key_create(&g_exit_key, &release_at_thread_exit) == 0;
    }();
    (void)once;
}

namespace detail {

Record* acquire_record() {
    init();
    Record* r = g_records.load(std::memory_order_acquire);
    for (; r != nullptr; r = r->next) {
        bool expected = false;
        if (!r->in_use.load(std::memory_order_relaxed) &&
            r->in_use.compare_exchange_strong(expected, true, std::memory_order_seq_cst))
            break;
    }
    if (r == nullptr) {
        r = new Record();
        r->in_use.store(true, std::memory_order_relaxed);
        r->next = g_records.load(std::memory_order_relaxed);
        while (!g_records.compare_exchange_weak(r->next, r, std::memory_order_seq_cst)) {
        }
    }
    t_record = r;
    pthread_setspecific(g_exit_key, r);
    return r;
}

void reclaim() {
    std::vector<Retired> ready;
    {
        std::lock_guard lock(g_retired_mu);
        std::vector<const void*> hazards;
        for (Record* r = g_records.load(std::memory_order_acquire); r != nullptr; r = r->next)
            if (const void* p = r->ptr.load(std::memory_order_seq_cst)) hazards.push_back(p);
        std::erase_if(retired(), [&](const Retired& x) {
            if (named(hazards, x.ptr)) return false;
            ready.push_back(x);
            return true;
        });
        g_pending.fetch_sub(static_cast<int>(ready.size()), std::memory_order_relaxed);
    }
    // Outside the lock: a destructor may retire more.
    for (const Retired& x : ready) x.destroy(x.ptr);
}

}  // namespace detail

void retire(void* p, void (*destroy)(void*)) {
    {
        std::lock_guard lock(g_retired_mu);
        retired().push_back({p, destroy});
        detail::g_pending.fetch_add(1, std::memory_order_seq_cst);
    }
    reclaimer_fence();
    detail::reclaim();
}

void reset_after_fork() {
    new (&g_retired_mu) std::mutex();
    // The child has a new address space; its registration is its own. Alone, it may switch.
    detail::g_asymmetric = detail::g_asymmetric && register_asymmetric();
    for (Record* r = g_records.load(std::memory_order_relaxed); r != nullptr; r = r->next) {
        if (r == detail::t_record) continue;
        r->ptr.store(nullptr, std::memory_order_relaxed);
        r->in_use.store(false, std::memory_order_relaxed);
    }
}

}  // namespace booster::fdtable::hazard
