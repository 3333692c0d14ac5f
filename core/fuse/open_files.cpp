#include "core/fuse/open_files.hpp"

namespace booster::fuse {

void OpenFiles::add(Fd& fd) {
    std::lock_guard lock(mu_);
    by_inode_.emplace(&fd.inode(), &fd);
}

void OpenFiles::remove(Fd& fd) {
    std::lock_guard lock(mu_);
    published_.erase(&fd);
    auto [first, last] = by_inode_.equal_range(&fd.inode());
    for (auto it = first; it != last; ++it) {
        if (it->second == &fd) {
            by_inode_.erase(it);
            return;
        }
    }
}

FdRef OpenFiles::any_on(const Inode& inode) {
    std::lock_guard lock(mu_);
    auto it = by_inode_.find(&inode);
    return it == by_inode_.end() ? FdRef() : FdRef(it->second);
}

}  // namespace booster::fuse

namespace booster::fuse {

void OpenFiles::mark_published(const Fd& fd) {
    std::lock_guard lock(mu_);
    published_.insert(&fd);
}

bool OpenFiles::published(const Fd& fd) {
    std::lock_guard lock(mu_);
    return published_.contains(&fd);
}

}  // namespace booster::fuse
