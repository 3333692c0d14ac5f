#include "core/xlators/protocol/client/remote_fd.hpp"

#include <fcntl.h>

#include <algorithm>
#include <limits>

#include "core/xlators/protocol/client/channel.hpp"

namespace booster {

namespace {

std::int64_t end_of(std::int64_t start, std::int64_t len) {
    return len == 0 ? std::numeric_limits<std::int64_t>::max() : start + len;
}

}  // namespace

void RemoteFdState::lock_changed(std::string_view domain, const Flock& lock) {
    std::lock_guard guard(mu_);
    if (lock.type != F_UNLCK) {
        locks_.push_back({std::string(domain), lock.owner, lock.kind, lock.start, lock.len});
        return;
    }
    // An unlock drops every lock of that owner it covers; a partial unlock keeps the lock
    // counted (the fd still holds some of it).
    const std::int64_t end = end_of(lock.start, lock.len);
    std::erase_if(locks_, [&](const HeldLock& h) {
        return h.domain == domain && h.owner == lock.owner && h.kind == lock.kind && h.start >= lock.start &&
               end_of(h.start, h.len) <= end;
    });
}

void RemoteFdState::lend(UniqueFd fd, std::uint64_t generation) {
    const int number = fd.get();
    {
        std::lock_guard guard(mu_);
        lent_fds_.push_back(std::move(fd));
    }
    lent_now_.store(generation << 32 | static_cast<std::uint32_t>(number), std::memory_order_release);
}

std::optional<RemoteFdState::Lent> RemoteFdState::lent() const {
    const std::uint64_t now = lent_now_.load(std::memory_order_acquire);
    if (now == 0) return std::nullopt;
    return Lent{static_cast<int>(now & 0xffffffffu), now >> 32};
}

bool RemoteFdState::holds_locks() {
    std::lock_guard guard(mu_);
    return !locks_.empty();
}

RemoteFdCtx::~RemoteFdCtx() {
    if (auto c = channel.lock()) c->release(*state);
}

}  // namespace booster
