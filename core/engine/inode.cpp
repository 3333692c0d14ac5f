#include "core/engine/inode.hpp"

#include <algorithm>

namespace booster {

void Inode::ref() {
    std::lock_guard lock(table_->mu_);
    if (refs_++ == 0 && in_lru_) {
        table_->lru_.erase(lru_pos_);
        in_lru_ = false;
    }
}

void Inode::unref() {
    std::vector<Inode*> dead;
    {
        std::lock_guard lock(table_->mu_);
        table_->unref_locked(this, dead);
    }
    InodeTable::destroy(dead);
}

InodeTable::InodeTable(std::size_t ctx_slots, std::size_t lru_limit) : slots_(ctx_slots), lru_limit_(lru_limit) {
    root_ = new Inode(this, slots_);
    root_->gfid_ = Gfid::root();
    root_->type_ = S_IFDIR;
    root_->linked_ = true;
    root_->refs_ = 1;  // the table's own, never dropped
    by_gfid_.emplace(root_->gfid_, root_);
}

InodeTable::~InodeTable() {
    // Whatever is still referenced now belongs to a graph being torn down with us.
    std::vector<Inode*> all;
    {
        std::lock_guard lock(mu_);
        for (auto& [g, i] : by_gfid_) all.push_back(i);
        by_gfid_.clear();
        by_name_.clear();
        lru_.clear();
    }
    destroy(all);
}

InodeRef InodeTable::root() { return InodeRef(root_); }

InodeRef InodeTable::create() { return InodeRef(new Inode(this, slots_)); }

InodeRef InodeTable::find(const Gfid& gfid) {
    std::lock_guard lock(mu_);
    auto it = by_gfid_.find(gfid);
    if (it == by_gfid_.end()) return {};
    return ref_locked(it->second);
}

InodeRef InodeTable::find_child(const Inode& parent, std::string_view name) {
    std::lock_guard lock(mu_);
    auto it = by_name_.find(DentryKey{&parent, std::string(name)});
    if (it == by_name_.end()) return {};
    return ref_locked(it->second);
}

std::vector<InodeTable::Name> InodeTable::names_of(const Inode& inode) {
    std::lock_guard lock(mu_);
    std::vector<Name> names;
    names.reserve(inode.dentries_.size());
    for (const Inode::Dentry& d : inode.dentries_) names.push_back({ref_locked(d.parent), d.name});
    return names;
}

InodeRef InodeTable::link(const InodeRef& inode, const InodeRef& parent, std::string_view name, const Iatt& attr) {
    std::vector<Inode*> dead;
    Inode* target = inode.get();
    {
        std::lock_guard lock(mu_);
        auto it = by_gfid_.find(attr.gfid);
        if (it != by_gfid_.end()) {
            target = it->second;
        } else if (!target->linked_) {
            target->gfid_ = attr.gfid;
            target->type_ = attr.mode & S_IFMT;
            target->linked_ = true;
            by_gfid_.emplace(attr.gfid, target);
        }
        if (target->refs_++ == 0 && target->in_lru_) {
            lru_.erase(target->lru_pos_);
            target->in_lru_ = false;
        }
        if (parent && !name.empty()) {
            DentryKey key{parent.get(), std::string(name)};
            auto d = by_name_.find(key);
            if (d != by_name_.end() && d->second != target)
                drop_dentry_locked(d->second, parent.get(), name, dead);
            if (by_name_.find(key) == by_name_.end()) {
                // A directory has one name: a new one means it moved behind our back.
                if (target->type_ == S_IFDIR) {
                    while (!target->dentries_.empty()) {
                        auto old = target->dentries_.back();
                        drop_dentry_locked(target, old.parent, old.name, dead);
                    }
                }
                ++parent->refs_;
                target->dentries_.push_back({parent.get(), std::string(name)});
                by_name_.emplace(std::move(key), target);
            }
        }
    }
    destroy(dead);
    return InodeRef::adopt(target);
}

void InodeTable::unlink(const Inode& parent, std::string_view name) {
    std::vector<Inode*> dead;
    {
        std::lock_guard lock(mu_);
        auto it = by_name_.find(DentryKey{&parent, std::string(name)});
        if (it != by_name_.end()) drop_dentry_locked(it->second, &parent, name, dead);
    }
    destroy(dead);
}

void InodeTable::rename(const Inode& old_parent, std::string_view old_name, const InodeRef& new_parent,
                        std::string_view new_name) {
    std::vector<Inode*> dead;
    {
        std::lock_guard lock(mu_);
        auto it = by_name_.find(DentryKey{&old_parent, std::string(old_name)});
        Inode* moved = it != by_name_.end() ? it->second : nullptr;
        if (moved != nullptr) ++moved->refs_;  // keep it alive across the dentry swap
        auto over = by_name_.find(DentryKey{new_parent.get(), std::string(new_name)});
        if (over != by_name_.end() && over->second != moved)
            drop_dentry_locked(over->second, new_parent.get(), new_name, dead);
        if (moved != nullptr) {
            drop_dentry_locked(moved, &old_parent, old_name, dead);
            ++new_parent->refs_;
            moved->dentries_.push_back({new_parent.get(), std::string(new_name)});
            by_name_.emplace(DentryKey{new_parent.get(), std::string(new_name)}, moved);
            unref_locked(moved, dead);
        }
    }
    destroy(dead);
}

std::string InodeTable::path(const Inode& inode, std::string_view name) {
    std::string out;
    {
        std::lock_guard lock(mu_);
        if (!build_path_locked(&inode, out)) return {};
    }
    if (!name.empty()) {
        if (out.back() != '/') out.push_back('/');
        out.append(name);
    }
    return out;
}

bool InodeTable::build_path_locked(const Inode* inode, std::string& out) const {
    if (inode == root_) {
        out = "/";
        return true;
    }
    std::vector<const std::string*> parts;
    const Inode* cur = inode;
    while (cur != root_) {
        if (cur->dentries_.empty() || parts.size() > 4096) return false;
        parts.push_back(&cur->dentries_.front().name);
        cur = cur->dentries_.front().parent;
    }
    out.clear();
    for (auto it = parts.rbegin(); it != parts.rend(); ++it) {
        out.push_back('/');
        out.append(**it);
    }
    return true;
}

void InodeTable::lookup_inc(Inode& inode) {
    std::lock_guard lock(mu_);
    ++inode.nlookup_;
}

void InodeTable::forget(Inode& inode, std::uint64_t n) {
    std::vector<Inode*> dead;
    {
        std::lock_guard lock(mu_);
        inode.nlookup_ -= std::min(n, inode.nlookup_);
        settle_locked(&inode, dead);
    }
    destroy(dead);
}

std::size_t InodeTable::size() {
    std::lock_guard lock(mu_);
    return by_gfid_.size();
}

std::size_t InodeTable::lru_size() {
    std::lock_guard lock(mu_);
    return lru_.size();
}

InodeRef InodeTable::ref_locked(Inode* inode) {
    if (inode->refs_++ == 0 && inode->in_lru_) {
        lru_.erase(inode->lru_pos_);
        inode->in_lru_ = false;
    }
    return InodeRef::adopt(inode);
}

void InodeTable::unref_locked(Inode* inode, std::vector<Inode*>& dead) {
    if (--inode->refs_ == 0) settle_locked(inode, dead);
}

void InodeTable::settle_locked(Inode* inode, std::vector<Inode*>& dead) {
    if (inode->refs_ > 0 || inode->nlookup_ > 0 || inode == root_) return;
    if (!inode->linked_) {
        dead.push_back(inode);
        return;
    }
    if (inode->in_lru_) return;
    lru_.push_front(inode);
    inode->lru_pos_ = lru_.begin();
    inode->in_lru_ = true;
    while (lru_.size() > lru_limit_) purge_locked(lru_.back(), dead);
}

void InodeTable::drop_dentry_locked(Inode* inode, const Inode* parent, std::string_view name,
                                    std::vector<Inode*>& dead) {
    auto& ds = inode->dentries_;
    auto it = std::find_if(ds.begin(), ds.end(), [&](const Inode::Dentry& d) { return d.parent == parent && d.name == name; });
    if (it == ds.end()) return;
    Inode* p = it->parent;
    by_name_.erase(DentryKey{parent, std::string(name)});
    ds.erase(it);
    unref_locked(p, dead);
}

void InodeTable::purge_locked(Inode* inode, std::vector<Inode*>& dead) {
    if (inode->in_lru_) {
        lru_.erase(inode->lru_pos_);
        inode->in_lru_ = false;
    }
    auto g = by_gfid_.find(inode->gfid_);
    if (g != by_gfid_.end() && g->second == inode) by_gfid_.erase(g);
    inode->linked_ = false;
    while (!inode->dentries_.empty()) {
        auto d = inode->dentries_.back();
        drop_dentry_locked(inode, d.parent, d.name, dead);
    }
    dead.push_back(inode);
}

void InodeTable::destroy(std::vector<Inode*>& dead) {
    for (Inode* i : dead) delete i;
    dead.clear();
}

}  // namespace booster
