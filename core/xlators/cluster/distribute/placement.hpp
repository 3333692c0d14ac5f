// Placement: what cluster/distribute remembers about an inode, in its context slot: for a file
// the subvolume holding its data (its "cached" subvolume: data never moves in this version,
// there is no rebalance, so once known it stays true for the gfid's life), for a directory the
// layout last read complete. Thread-safety: any thread (atomics and one mutex).
#pragma once

#include <atomic>
#include <mutex>
#include <optional>

#include "core/engine/ctx.hpp"
#include "core/xlators/cluster/distribute/layout.hpp"

namespace booster {

class Placement : public Ctx {
public:
    static constexpr int kUnknown = -1;
    static constexpr int kDirectory = -2;  // on every subvolume

    int where() const { return where_.load(std::memory_order_acquire); }
    void set_where(int w) { where_.store(w, std::memory_order_release); }

    std::optional<Layout> layout() const {
        std::lock_guard lock(mu_);
        return layout_;
    }
    void set_layout(Layout l) {
        std::lock_guard lock(mu_);
        layout_ = std::move(l);
    }

private:
    std::atomic<int> where_{kUnknown};
    mutable std::mutex mu_;
    std::optional<Layout> layout_;
};

}  // namespace booster
