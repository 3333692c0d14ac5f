// RemoteFdTable: the fds one client opened on this brick, by the id the client names them with.
// Ids start at 1 and are never reused within a connection. Dropping an entry (release, or the
// client's disconnect) drops the table's reference; the engine releases the fd when fops still
// running on it finish.
// Thread-safety: every method from any thread (one mutex).
#pragma once

#include <cstdint>
#include <mutex>
#include <unordered_map>
#include <utility>

#include "core/engine/fd.hpp"

namespace booster {

class RemoteFdTable {
public:
    std::uint64_t add(FdRef fd) {
        std::lock_guard lock(mu_);
        const std::uint64_t id = next_id_++;
        fds_.emplace(id, std::move(fd));
        return id;
    }
    FdRef find(std::uint64_t id) {
        std::lock_guard lock(mu_);
        auto it = fds_.find(id);
        return it == fds_.end() ? FdRef() : it->second;
    }
    bool remove(std::uint64_t id) {
        FdRef dropped;
        std::lock_guard lock(mu_);
        auto it = fds_.find(id);
        if (it == fds_.end()) return false;
        dropped = std::move(it->second);
        fds_.erase(it);
        return true;
    }
    // Empties the table; the references drop outside the mutex.
    void clear() {
        std::unordered_map<std::uint64_t, FdRef> dropped;
        std::lock_guard lock(mu_);
        dropped.swap(fds_);
    }
    std::size_t size() {
        std::lock_guard lock(mu_);
        return fds_.size();
    }

private:
    std::mutex mu_;
    std::unordered_map<std::uint64_t, FdRef> fds_;
    std::uint64_t next_id_ = 1;
};

}  // namespace booster
