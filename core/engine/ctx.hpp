// CtxSlots: per-translator context attached to an inode or an fd (the seeds' inode_ctx/fd_ctx).
//
// One slot per translator of the graph, indexed by Xlator::slot(). A slot is set at most once
// (set_if_empty races are resolved by CAS: the loser's object is destroyed), read lock-free,
// and destroyed with its owner: an inode's contexts on forget, an fd's on release. A
// translator that must act on forget/release does it in its context's destructor.
// Thread-safety: get/set_if_empty/take may be called from any thread.
#pragma once

#include <atomic>
#include <cstddef>
#include <memory>

namespace booster {

struct Ctx {
    virtual ~Ctx() = default;
};

class CtxSlots {
public:
    explicit CtxSlots(std::size_t n) : n_(n), slots_(std::make_unique<std::atomic<Ctx*>[]>(n)) {}
    ~CtxSlots() { clear(); }
    CtxSlots(const CtxSlots&) = delete;
    CtxSlots& operator=(const CtxSlots&) = delete;

    Ctx* get(std::size_t slot) const {
        return slot < n_ ? slots_[slot].load(std::memory_order_acquire) : nullptr;
    }

    // Installs `c` if the slot is empty; returns whatever the slot holds afterwards (null only
    // if `slot` is out of range).
    Ctx* set_if_empty(std::size_t slot, std::unique_ptr<Ctx> c) {
        if (slot >= n_) return nullptr;
        Ctx* expected = nullptr;
        Ctx* raw = c.get();
        if (slots_[slot].compare_exchange_strong(expected, raw, std::memory_order_acq_rel)) {
            (void)c.release();
            return raw;
        }
        return expected;
    }

    std::unique_ptr<Ctx> take(std::size_t slot) {
        if (slot >= n_) return nullptr;
        return std::unique_ptr<Ctx>(slots_[slot].exchange(nullptr, std::memory_order_acq_rel));
    }

    void clear() {
        for (std::size_t i = 0; i < n_; ++i) take(i).reset();
    }

private:
    std::size_t n_;
    std::unique_ptr<std::atomic<Ctx*>[]> slots_;
};

}  // namespace booster
