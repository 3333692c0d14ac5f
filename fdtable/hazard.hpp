// Hazard pointers for the fd table's hit path: a thread that reads an Entry announces it in its
// own hazard slot, so that whoever drops the entry's last reference defers the delete until the
// reader is done; the reader pays no atomic read-modify-write and touches no shared line.
//
// Each thread owns one Record (one hazard slot) for as long as it lives: taken from a global
// list on its first own_free_record(), handed back when the thread exits. A thread whose slot
// is busy (a signal handler interrupting a hook) gets no protection and the caller takes a
// reference instead.
// Ordering: the reader's "store hazard, then re-read the slot" and the reclaimer's "clear the
// slot, then read the hazards" need a store-load fence on both sides. When the kernel offers
// membarrier(PRIVATE_EXPEDITED), the reader's fence is a compiler barrier and the reclaimer
// pays a membarrier instead (only when another thread has a record); otherwise the reader's
// hazard store is a seq_cst exchange, paired with the seq_cst exchange that clears the slot
// and the seq_cst loads of the hazards. The choice is made once, before the first table
// exists, and never changes (a fork child, alone, may re-decide).
// Ownership: retired objects are deleted by retire() itself when no hazard names them, or
// later by the thread whose release() finds retirements pending.
// Thread-safety: any thread; after fork() the child calls reset_after_fork().
#pragma once

#include <atomic>

namespace booster::fdtable::hazard {

struct alignas(64) Record {
    std::atomic<const void*> ptr{nullptr};
    std::atomic<bool> in_use{false};
    Record* next = nullptr;
};

namespace detail {
extern constinit thread_local Record* t_record __attribute__((tls_model("initial-exec")));
extern bool g_asymmetric;
extern std::atomic<int> g_pending;
Record* acquire_record();
void reclaim();
}  // namespace detail

// Decides the fence strategy (registers with membarrier); idempotent, call before any reader.
void init();

// This thread's record, or null when its slot is already in use (nested protection).
inline Record* own_free_record() {
    Record* r = detail::t_record;
    if (r == nullptr) r = detail::acquire_record();
    return r->ptr.load(std::memory_order_relaxed) == nullptr ? r : nullptr;
}

namespace detail {
// Sets the hazard, ordered before the loads that follow it (see the contract above): a plain
// store when the reclaimer pays with membarrier, else a sequentially consistent exchange
// (which the slot's seq_cst exchange on the other side pairs with).
inline void set_hazard(Record& r, const void* p) {
    if (g_asymmetric) {
        r.ptr.store(p, std::memory_order_release);
        std::atomic_signal_fence(std::memory_order_seq_cst);
    } else {
        r.ptr.exchange(p, std::memory_order_seq_cst);
    }
}
}  // namespace detail

// Announces `p`; the caller then re-reads (seq_cst) where it found `p` and keeps it only if
// unchanged.
inline void announce(Record& r, const void* p) { detail::set_hazard(r, p); }

// Ends the protection; deletes the retired objects no hazard names any more (a retire() that
// found this hazard left its object for us).
inline void release(Record& r) {
    detail::set_hazard(r, nullptr);
    if (detail::g_pending.load(std::memory_order_seq_cst) != 0) detail::reclaim();
}

// Deletes `p` with `destroy` as soon as no hazard names it (at once if none does). The caller
// has already made `p` unreachable for new readers.
void retire(void* p, void (*destroy)(void*));

// In a fork child: only the calling thread survives; the others' records are freed.
void reset_after_fork();

}  // namespace booster::fdtable::hazard
