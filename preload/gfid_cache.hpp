// GfidCache: inode numbers of one booster mount -> the gfid the mount answered for them, so
// that opening a file again costs no adoption round trip to the FUSE daemon.
//
// The name may since lead to another file (rename, unlink + create by anyone), yet an entry
// needs no proof beyond its key: every client reports a file's gfid's last 8 bytes as its
// st_ino (Gfid::ino), and only such a pair is remembered, so the fd the kernel opened with that
// number is the entry's file (a wrong match needs two random gfids sharing 64 bits). A
// reopen therefore costs no round trip at all.
// Bounded: when full it starts again empty (a miss costs one round trip, never a wrong file).
// Ownership: held by its Mount, lives as long. Thread-safety: any thread (one mutex); after
// fork the child calls reset_after_fork() before use.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <mutex>
#include <new>
#include <optional>

#include <tsl/robin_map.h>

#include "core/engine/gfid.hpp"

namespace booster::preload {

class GfidCache {
public:
    static constexpr std::size_t kCapacity = 4096;

    std::optional<Gfid> find(ino_t ino) {
        std::lock_guard lock(mu_);
        auto it = by_ino_.find(ino);
        if (it == by_ino_.end()) return std::nullopt;
        return it->second;
    }

    void remember(ino_t ino, const Gfid& gfid) {
        std::lock_guard lock(mu_);
        if (by_ino_.size() >= kCapacity) by_ino_.clear();
        by_ino_.insert_or_assign(ino, gfid);
    }

    void forget(ino_t ino) {
        std::lock_guard lock(mu_);
        by_ino_.erase(ino);
    }

    // The parent may have forked while another thread held the lock.
    void reset_after_fork() { new (&mu_) std::mutex(); }

private:
    std::mutex mu_;
    tsl::robin_map<ino_t, Gfid> by_ino_;
};

}  // namespace booster::preload
