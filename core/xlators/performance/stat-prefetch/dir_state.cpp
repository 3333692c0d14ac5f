#include "core/xlators/performance/stat-prefetch/dir_state.hpp"

namespace booster {

DirState::DirState(std::atomic<std::size_t>& live) : live_(live) { live_.fetch_add(1, std::memory_order_relaxed); }

DirState::~DirState() { live_.fetch_sub(1, std::memory_order_relaxed); }

DirState::CacheHandle DirState::open_cache(pid_t pid) {
    std::lock_guard lock(mu_);
    return caches_.emplace(caches_.end(), pid);
}

void DirState::close_cache(CacheHandle cache) {
    std::lock_guard lock(mu_);
    caches_.erase(cache);
}

DirState::ReadTicket DirState::start_read(CacheHandle cache, std::uint64_t offset) {
    std::lock_guard lock(mu_);
    const bool flushed = cache->start_read(offset);
    return {generation_, flushed};
}

bool DirState::finish_read(CacheHandle cache, const ReadTicket& ticket, const Dirents* listed) {
    std::lock_guard lock(mu_);
    const bool keep = listed != nullptr && generation_ == ticket.generation;
    cache->finish_read(listed, keep);
    return keep;
}

const DentryCache* DirState::find_locked(pid_t pid, std::string_view name) const {
    for (const DentryCache& c : caches_)
        if (c.pid() == pid && c.find(name) != nullptr) return &c;
    return nullptr;
}

std::optional<Iatt> DirState::find(pid_t pid, std::string_view name) const {
    std::lock_guard lock(mu_);
    const DentryCache* c = find_locked(pid, name);
    if (c == nullptr) return std::nullopt;
    return *c->find(name);
}

bool DirState::worth_waiting(pid_t pid, std::string_view name) const {
    std::lock_guard lock(mu_);
    if (find_locked(pid, name) != nullptr) return false;
    for (const DentryCache& c : caches_)
        if (c.pid() == pid && c.reading()) return true;
    return false;
}

void DirState::forget(std::string_view name) {
    std::lock_guard lock(mu_);
    ++generation_;
    for (DentryCache& c : caches_) c.forget(name);
}

void DirState::forget_listing() {
    std::lock_guard lock(mu_);
    ++generation_;
    for (DentryCache& c : caches_) c.clear();
    own_.reset();
}

std::optional<Iatt> DirState::own_stat() const {
    std::lock_guard lock(mu_);
    return own_;
}

void DirState::set_own_stat_if(const Iatt& attr, const std::atomic<std::uint64_t>& epoch, std::uint64_t seen) {
    std::lock_guard lock(mu_);
    if (epoch.load() == seen) own_ = attr;
}

void DirState::forget_own_stat() {
    std::lock_guard lock(mu_);
    own_.reset();
}

}  // namespace booster
