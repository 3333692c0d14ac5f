#include "core/xlators/features/locks/entry_lock_space.hpp"

#include <algorithm>
#include <cinttypes>
#include <cstdio>

namespace booster {

namespace {

bool same_entry(const EntryLock& a, const EntryLock& b) {
    return a.owner == b.owner && a.basename == b.basename;
}

void dump_lock(std::string& out, std::string_view label, std::string_view state, const EntryLock& l) {
    char line[160];
    std::snprintf(line, sizeof line, " %s %s client=%016" PRIx64 " owner=%016" PRIx64 "\n", std::string(state).c_str(),
                  l.type == EntryLockType::kWrite ? "write" : "read", l.owner.client, l.owner.owner);
    out.append(label);
    out += " name='" + (l.basename.empty() ? std::string("*") : l.basename) + "'";
    out += line;
}

}  // namespace

bool EntryLockSpace::conflicts(const EntryLock& want) const {
    return std::any_of(held_.begin(), held_.end(), [&](const EntryLock& held) {
        const bool same_target = held.basename.empty() || want.basename.empty() || held.basename == want.basename;
        const bool exclusive = held.type == EntryLockType::kWrite || want.type == EntryLockType::kWrite;
        return !(held.owner == want.owner) && same_target && exclusive;
    });
}

void EntryLockSpace::take(const EntryLock& want) {
    auto it = std::find_if(held_.begin(), held_.end(), [&](const EntryLock& h) { return same_entry(h, want); });
    if (it != held_.end()) {
        it->type = want.type;
    } else {
        held_.push_back(want);
    }
}

LockOutcome EntryLockSpace::lock(const EntryLock& want, EntryWaiter* waiter, Aftermath& after) {
    if (conflicts(want)) {
        if (waiter == nullptr) return LockOutcome::kConflict;
        waiting_.push(*waiter);
        return LockOutcome::kParked;
    }
    take(want);
    // A write lock turned read lets readers in.
    grant_waiters(after);
    return LockOutcome::kGranted;
}

Status EntryLockSpace::unlock(const LockOwner& owner, std::string_view basename, Aftermath& after) {
    const auto gone = std::erase_if(held_, [&](const EntryLock& h) { return h.owner == owner && h.basename == basename; });
    if (gone == 0) return fail(EINVAL);
    grant_waiters(after);
    return ok();
}

void EntryLockSpace::drop_if(const std::function<bool(const EntryLock&)>& drop, Aftermath& after) {
    if (std::erase_if(held_, drop) > 0) grant_waiters(after);
}

void EntryLockSpace::grant_waiters(Aftermath& after) {
    waiting_.grant(
        [this](const EntryLock& want) {
            if (conflicts(want)) return false;
            take(want);
            return true;
        },
        after);
}

void EntryLockSpace::dump(std::string& out, std::string_view label) const {
    for (const EntryLock& l : held_) dump_lock(out, label, "held", l);
    for (const EntryWaiter* w : waiting_.waiting()) dump_lock(out, label, "waiting", w->want);
}

}  // namespace booster
