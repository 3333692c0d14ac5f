// stat-prefetch: from "this changed" to the cached attributes that are now stale.
#include "core/xlators/performance/stat-prefetch/stat_prefetch.hpp"

namespace booster {

void StatPrefetch::forget_cached(Inode& inode) {
    stale_attributes(inode);
    Xlator::forget_cached(inode);
}

DirState& StatPrefetch::dir_state(Inode& dir) { return ctx_or_create<DirState>(dir, directories_); }

InodeRef StatPrefetch::object_of(const Loc& loc) {
    if (loc.inode) return loc.inode;
    if (!loc.name.empty()) return loc.existing_child();
    return {};
}

// With no fd cache open there is no entry to drop, and no listing read in flight whose reply
// could bring a stale one (a read needs an open cache, counted before the read starts).
void StatPrefetch::stale_name(Inode& parent, std::string_view name) {
    if (open_caches_.load() == 0) return;
    if (DirState* dir = ctx<DirState>(parent)) dir->forget(name);
}

void StatPrefetch::stale_entries(Inode& object, Inode* parent, std::string_view name) {
    if (open_caches_.load() == 0) return;
    if (parent != nullptr && !name.empty()) stale_name(*parent, name);
    for (const InodeTable::Name& n : object.table().names_of(object)) stale_name(*n.parent, n.name);
}

void StatPrefetch::stale_attributes(Inode& object, Inode* parent, std::string_view name) {
    // An inode of unknown type may be a directory.
    if (object.is_dir() || object.type() == 0) {
        dir_epoch_.fetch_add(1);
        if (DirState* dir = ctx<DirState>(object)) dir->forget_own_stat();
    }
    stale_entries(object, parent, name);
}

void StatPrefetch::stale_attributes(const Loc& loc) {
    if (InodeRef object = object_of(loc)) {
        stale_attributes(*object, loc.parent.get(), loc.name);
        return;
    }
    dir_epoch_.fetch_add(1);
    if (loc.parent && !loc.name.empty()) stale_name(*loc.parent, loc.name);
}

void StatPrefetch::stale_listing(Inode& dir) {
    dir_epoch_.fetch_add(1);
    if (DirState* state = ctx<DirState>(dir)) state->forget_listing();
}

}  // namespace booster
