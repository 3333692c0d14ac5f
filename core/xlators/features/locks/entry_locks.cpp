#include "core/xlators/features/locks/entry_locks.hpp"

#include <algorithm>
#include <cinttypes>
#include <cstdio>

namespace booster {

const EntryLock* EntryLocks::conflict(const EntryLock& want) const {
    auto it = std::find_if(held_.begin(), held_.end(), [&](const EntryLock& held) {
        const bool same_target = held.basename.empty() || want.basename.empty() || held.basename == want.basename;
        const bool exclusive = held.type == EntryLockType::kWrite || want.type == EntryLockType::kWrite;
        return !(held.owner == want.owner) && same_target && exclusive;
    });
    return it != held_.end() ? &*it : nullptr;
}

void EntryLocks::apply(const EntryLock& want) {
    auto it = std::find_if(held_.begin(), held_.end(),
                           [&](const EntryLock& h) { return h.owner == want.owner && h.basename == want.basename; });
    if (it != held_.end()) {
        it->type = want.type;
    } else {
        held_.push_back(want);
    }
}

bool EntryLocks::drop_if(const std::function<bool(const EntryLock&)>& drop) { return std::erase_if(held_, drop) > 0; }

void dump_lock(std::string& out, std::string_view label, std::string_view state, const EntryLock& l) {
    char line[160];
    std::snprintf(line, sizeof line, " %s %s client=%016" PRIx64 " owner=%016" PRIx64 "\n", std::string(state).c_str(),
                  l.type == EntryLockType::kWrite ? "write" : "read", l.owner.client, l.owner.owner);
    out.append(label);
    out += " name='" + (l.basename.empty() ? std::string("*") : l.basename) + "'";
    out += line;
}

}  // namespace booster
