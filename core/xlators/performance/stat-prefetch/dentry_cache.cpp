#include "core/xlators/performance/stat-prefetch/dentry_cache.hpp"

namespace booster {

bool DentryCache::start_read(std::uint64_t offset) {
    ++reads_in_flight_;
    if (offset == next_offset_) return false;
    entries_.clear();
    next_offset_ = offset;
    return true;
}

void DentryCache::finish_read(const Dirents* listed, bool keep) {
    --reads_in_flight_;
    if (listed == nullptr || listed->empty()) return;
    next_offset_ = listed->back().off;
    if (!keep) return;
    for (const Dirent& d : *listed) {
        if (!d.attr || d.name == "." || d.name == "..") continue;
        entries_.insert_or_assign(d.name, *d.attr);
    }
}

const Iatt* DentryCache::find(std::string_view name) const {
    auto it = entries_.find(name);
    return it == entries_.end() ? nullptr : &it->second;
}

void DentryCache::forget(std::string_view name) {
    auto it = entries_.find(name);
    if (it != entries_.end()) entries_.erase(it);
}

}  // namespace booster
