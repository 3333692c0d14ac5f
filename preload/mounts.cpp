#include "preload/mounts.hpp"

#include <sys/xattr.h>

#include <cerrno>

#include "core/engine/log.hpp"
#include "core/fuse/preload_contract.hpp"
#include "preload/guard.hpp"

namespace booster::preload {

namespace {

// Most volfiles fit: one round trip to the mount instead of asking the size first.
constexpr std::size_t kFirstGuess = 4096;

// The whole value of xattr `key` on `fd`; nullopt if it has none or cannot be read.
std::optional<std::string> read_xattr(int fd, std::string_view key) {
    const std::string k(key);
    std::string value(kFirstGuess, '\0');
    for (int attempt = 0; attempt < 4; ++attempt) {
        const ssize_t got = fgetxattr(fd, k.c_str(), value.data(), value.size());
        if (got >= 0) {
            value.resize(static_cast<std::size_t>(got));
            return value;
        }
        if (errno != ERANGE) return std::nullopt;
        // Longer than the guess, or it grew since it was sized: size it again.
        const ssize_t size = fgetxattr(fd, k.c_str(), nullptr, 0);
        if (size < 0) return std::nullopt;
        value.assign(static_cast<std::size_t>(size), '\0');
    }
    return std::nullopt;
}

}  // namespace

Mount* Mounts::for_fd(int fd, dev_t dev) {
    {
        std::shared_lock lock(mu_);
        auto it = by_dev_.find(dev);
        if (it != by_dev_.end()) {
            Mount* m = it->second;
            return m != nullptr && !m->failed.load(std::memory_order_relaxed) ? m : nullptr;
        }
    }
    return learn(fd, dev);
}

Mount* Mounts::learn(int fd, dev_t dev) {
    // One learner at a time: racing first opens on one mount must build one engine.
    std::unique_lock lock(mu_);
    if (auto it = by_dev_.find(dev); it != by_dev_.end()) {
        Mount* m = it->second;
        return m != nullptr && !m->failed.load(std::memory_order_relaxed) ? m : nullptr;
    }
    std::optional<std::string> volfile;
    std::optional<std::string> mountpoint;
    if (may_be_fuse(dev)) {
        volfile = read_xattr(fd, preload_contract::kVolfileXattr);
        if (volfile) mountpoint = read_xattr(fd, preload_contract::kMountpointXattr);
    }
    if (!volfile || !mountpoint) {
        by_dev_.emplace(dev, nullptr);
        return nullptr;
    }
    auto* m = new Mount();
    m->volfile = std::move(*volfile);
    m->mountpoint = std::move(*mountpoint);
    m->dev = dev;
    by_dev_.emplace(dev, m);
    lock.unlock();
    return engine(*m) != nullptr ? m : nullptr;
}

Client* Mounts::engine(Mount& m) {
    const unsigned gen = generation();
    std::lock_guard lock(m.mu);
    if (m.failed.load(std::memory_order_relaxed)) return nullptr;
    if (m.client && m.generation == gen) return m.client.get();
    ReentryGuard inside;
    auto client = Client::create(m.volfile, m.mountpoint + " (client volfile)");
    if (!client) {
        m.failed.store(true);
        BLOG(LogLevel::kWarning, "booster", "mount %s is served by the kernel: cannot build its engine: %s",
             m.mountpoint.c_str(), client.error().c_str());
        return nullptr;
    }
    // The previous generation's engine came from the parent process: leak it (see header).
    (void)m.client.release();
    m.client = std::move(*client);
    m.generation = gen;
    built_.fetch_add(1, std::memory_order_relaxed);
    BLOG(LogLevel::kDebug, "booster", "engine built for %s", m.mountpoint.c_str());
    return m.client.get();
}

void Mounts::after_fork_in_child() {
    generation_.fetch_add(1, std::memory_order_acq_rel);
    // The parent may have forked while another thread held these locks.
    new (&mu_) std::shared_mutex();
    for (auto& [dev, m] : by_dev_)
        if (m != nullptr) {
            new (&m->mu) std::mutex();
            m->gfids.reset_after_fork();
        }
}

std::vector<Mount*> Mounts::all() {
    std::shared_lock lock(mu_);
    std::vector<Mount*> out;
    for (auto& [dev, m] : by_dev_)
        if (m != nullptr) out.push_back(m);
    return out;
}

}  // namespace booster::preload
