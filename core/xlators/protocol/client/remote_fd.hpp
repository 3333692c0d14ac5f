// RemoteFdState: what protocol/client knows of one open fd on the brick: the remote id (valid
// for one connection, `generation`), how to reopen it (gfid, flags), and the locks granted on
// it. RemoteFdCtx is the Fd context that owns it; destroying the context (the engine's
// release) tells the brick to drop the remote fd.
// After a disconnect an fd that held a lock is `lost` (never silently re-locked): its fops fail
// with EBADFD until it is closed; the others are reopened by the next connection.
// lend()/lent(): the brick's own descriptor of the file, passed with the open reply when
// short-circuit I/O is on, and again with each reopen's; readv and writev go through the one
// that came on the link up now (Channel::up_at), the remote fd otherwise. Every descriptor
// lent stays open until the state dies: a reader that took the previous one just before a
// reconnect may still be using it, and its number must not name another file meanwhile.
// Thread-safety: atomics, and `mu_` for the lock list and the lent descriptors; any thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
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
    std::atomic<std::uint64_t> id{0};
    std::atomic<std::uint64_t> generation{0};
    std::atomic<bool> lost{false};
    std::atomic<bool> lost_reported{false};

    struct Lent {
        int fd;
        std::uint64_t generation;  // of the link it came on
    };
    // Takes the descriptor the brick lent on link `generation`: from now on it is the one lent().
    void lend(UniqueFd fd, std::uint64_t generation);
    // The descriptor lent last, if any (one atomic load).
    std::optional<Lent> lent() const;

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
    std::vector<HeldLock> locks_;      // guarded by mu_
    std::vector<UniqueFd> lent_fds_;   // guarded by mu_: every descriptor lent, kept open
    // The last one lent: its generation in the high 32 bits, its number in the low; 0 = none (a
    // link's generation starts at 1).
    std::atomic<std::uint64_t> lent_now_{0};
};

struct RemoteFdCtx : Ctx {
    RemoteFdCtx(std::shared_ptr<RemoteFdState> s, std::weak_ptr<Channel> c) : state(std::move(s)), channel(std::move(c)) {}
    ~RemoteFdCtx() override;

    std::shared_ptr<RemoteFdState> state;
    std::weak_ptr<Channel> channel;
};

}  // namespace booster
