#include "core/xlators/features/locks/inode_locks.hpp"

#include <cerrno>

namespace booster {

namespace {

template <class Space>
Space& domain_of(std::map<std::string, Space, std::less<>>& domains, std::string_view domain) {
    auto it = domains.find(domain);
    if (it == domains.end()) it = domains.emplace(std::string(domain), Space{}).first;
    return it->second;
}

template <class Map>
void erase_empty(Map& domains) {
    std::erase_if(domains, [](const auto& d) { return d.second.empty(); });
}

}  // namespace

InodeLocks::InodeLocks(Inode& inode, LockRegistry& registry) : inode_(inode), registry_(registry) {
    registry_.add(this);
}

InodeLocks::~InodeLocks() { registry_.remove(this); }

LockOutcome InodeLocks::lock_range(RangeSpace space, std::string_view domain, const RangeLock& want,
                                   RangeWaiter* waiter, Aftermath& after) {
    std::lock_guard lock(mu_);
    RangeLockSpace& s = space == RangeSpace::kFcntl   ? fcntl_
                        : space == RangeSpace::kFlock ? flock_
                                                      : domain_of(inodelk_, domain);
    const LockOutcome outcome = s.lock(want, waiter, after);
    settle(after);
    return outcome;
}

std::optional<RangeLock> InodeLocks::conflict(RangeSpace space, const RangeLock& want) const {
    std::lock_guard lock(mu_);
    const RangeLock* held = (space == RangeSpace::kFlock ? flock_ : fcntl_).conflict(want);
    if (held == nullptr) return std::nullopt;
    return *held;
}

LockOutcome InodeLocks::lock_entry(std::string_view domain, const EntryLock& want, EntryWaiter* waiter,
                                   Aftermath& after) {
    std::lock_guard lock(mu_);
    const LockOutcome outcome = domain_of(entrylk_, domain).lock(want, waiter, after);
    settle(after);
    return outcome;
}

Status InodeLocks::unlock_entry(std::string_view domain, const LockOwner& owner, std::string_view basename,
                                Aftermath& after) {
    std::lock_guard lock(mu_);
    auto it = entrylk_.find(domain);
    if (it == entrylk_.end()) return fail(EINVAL);
    // Unlocking a name the owner does not hold is EINVAL.
    const bool held = it->second.drop_if(
        [&](const EntryLock& h) { return h.owner == owner && h.basename == basename; }, after);
    settle(after);
    return held ? ok() : fail(EINVAL);
}

void InodeLocks::drop_fcntl_of(const LockOwner& owner, Aftermath& after) {
    std::lock_guard lock(mu_);
    fcntl_.drop_if([&](const RangeLock& l) { return l.owner == owner; }, after);
    settle(after);
}

void InodeLocks::drop_via(const void* fd, Aftermath& after) {
    std::lock_guard lock(mu_);
    const auto through_fd = [fd](const RangeLock& l) { return l.via == fd; };
    fcntl_.drop_if(through_fd, after);
    flock_.drop_if(through_fd, after);
    settle(after);
}

void InodeLocks::drop_owners(const std::function<bool(const LockOwner&)>& gone, int error, Aftermath& after) {
    std::lock_guard lock(mu_);
    // Cancelled before the drops, so that no waiter of a gone owner is granted by them.
    const auto range_of_gone = [&](const RangeLock& l) { return gone(l.owner); };
    const auto entry_of_gone = [&](const EntryLock& l) { return gone(l.owner); };
    for (RangeLockSpace* s : {&fcntl_, &flock_}) s->cancel_if(range_of_gone, error, after);
    for (auto& [name, s] : inodelk_) s.cancel_if(range_of_gone, error, after);
    for (auto& [name, s] : entrylk_) s.cancel_if(entry_of_gone, error, after);
    for (RangeLockSpace* s : {&fcntl_, &flock_}) s->drop_if(range_of_gone, after);
    for (auto& [name, s] : inodelk_) s.drop_if(range_of_gone, after);
    for (auto& [name, s] : entrylk_) s.drop_if(entry_of_gone, after);
    settle(after);
}

void InodeLocks::withdraw(const Parked& waiter, int error, Aftermath& after) {
    std::lock_guard lock(mu_);
    bool found = fcntl_.withdraw(waiter, error, after) || flock_.withdraw(waiter, error, after);
    for (auto& [name, s] : inodelk_) found = found || s.withdraw(waiter, error, after);
    for (auto& [name, s] : entrylk_) found = found || s.withdraw(waiter, error, after);
    settle(after);
}

bool InodeLocks::empty() const {
    return fcntl_.empty() && flock_.empty() && inodelk_.empty() && entrylk_.empty();
}

// REQUIRES: mu_.
void InodeLocks::settle(Aftermath& after) {
    erase_empty(inodelk_);
    erase_empty(entrylk_);
    if (empty()) {
        if (pin_) after.unpin(std::move(pin_));
    } else if (!pin_) {
        pin_ = InodeRef(&inode_);
    }
}

void InodeLocks::dump(std::string& out) const {
    std::lock_guard lock(mu_);
    if (empty()) return;
    out += "inode " + inode_.gfid().str() + "\n";
    fcntl_.dump(out, "  fcntl");
    flock_.dump(out, "  flock");
    for (const auto& [name, s] : inodelk_) s.dump(out, "  inodelk[" + name + "]");
    for (const auto& [name, s] : entrylk_) s.dump(out, "  entrylk[" + name + "]");
}

}  // namespace booster
