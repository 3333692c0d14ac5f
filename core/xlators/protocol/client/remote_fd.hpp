// RemoteFdState: what protocol/client knows of one open fd on the brick: the remote id (valid
// for one connection, `generation`), how to reopen it (gfid, flags), and the locks granted on
// it. RemoteFdCtx is the Fd context that owns it; destroying the context (the engine's
// release) tells the brick to drop the remote fd.
// After a disconnect an fd that held a lock is `lost` (never silently re-locked): its fops fail
// with EBADFD until it is closed; the others are reopened by the next connection.
// `lent`: the brick's own descriptor of the file, passed with the open reply when short-circuit
// I/O is on; readv and writev go through it while the link it came on is up (Channel::up_at),
// the remote fd otherwise (a reopened fd gets no new one). Closed with the state.
// Thread-safety: atomics, and `mu` for the lock list; any thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/engine/ctx.hpp"
#include "core/engine/fop_types.hpp"
#include "core/engine/gfid.hpp"
#include "core/xlators/storage/posix/unique_fd.hpp"

namespace booster {

class Channel;

class RemoteFdState {
public:
    RemoteFdState(const Gfid& g, int f, bool dir) : gfid(g), flags(f), is_dir(dir) {}

    const Gfid gfid;
    const int flags;  // as opened, for the reopen
    const bool is_dir;
    UniqueFd lent;                      // set before the state is shared, then immutable
    std::uint64_t lent_generation = 0;  // the link `lent` came on
    std::atomic<std::uint64_t> id{0};
    std::atomic<std::uint64_t> generation{0};
    std::atomic<bool> lost{false};
    std::atomic<bool> lost_reported{false};

    // A lock request on this fd succeeded. `domain` is empty for lk, the inodelk domain else.
    void lock_changed(std::string_view domain, const Flock& lock);
    bool holds_locks();

private:
    struct HeldLock {
        std::string domain;
        std::uint64_t owner;
        LockKind kind;
        std::int64_t start;
        std::int64_t len;  // 0 = to end of file
    };
    std::mutex mu_;
    std::vector<HeldLock> locks_;  // guarded by mu_
};

struct RemoteFdCtx : Ctx {
    RemoteFdCtx(std::shared_ptr<RemoteFdState> s, std::weak_ptr<Channel> c) : state(std::move(s)), channel(std::move(c)) {}
    ~RemoteFdCtx() override;

    std::shared_ptr<RemoteFdState> state;
    std::weak_ptr<Channel> channel;
};

}  // namespace booster
