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

// The answer for a device met before (`m` null: not a booster mount): no usable mount if its
// engine failed.
MountOfFd known(Mount* m) {
    return {m != nullptr && !m->failed.load(std::memory_order_relaxed) ? m : nullptr, std::nullopt};
}

}  // namespace

MountOfFd Mounts::for_fd(int fd, const struct stat& st) {
    {
        std::shared_lock lock(mu_);
        auto it = by_dev_.find(st.st_dev);
        if (it != by_dev_.end()) return known(it->second);
    }
    return learn(fd, st);
}

Client* Mounts::built_engine(Mount& m) {
    // m.mu is held for the whole of an engine build: an open must not wait for one.
    std::unique_lock lock(m.mu, std::try_to_lock);
    return lock && m.client && m.generation == generation() ? m.client.get() : nullptr;
}

namespace {

// What the mount of `fd` says of itself; nullopt if it is not a booster mount.
struct Description {
    std::string volfile;
    std::string mountpoint;
    std::optional<Gfid> gfid;  // of fd's file
};

std::optional<Description> describe_mount(int fd) {
    if (std::optional<std::string> value = read_xattr(fd, preload_contract::kMountXattr)) {
        auto parts = preload_contract::parse_mount_identity(*value);
        if (!parts) {
            BLOG(LogLevel::kWarning, "booster", "fd %d: malformed %.*s (%zu bytes): its mount is left to the kernel", fd,
                 static_cast<int>(preload_contract::kMountXattr.size()), preload_contract::kMountXattr.data(),
                 value->size());
            return std::nullopt;
        }
        return Description{std::string(parts->volfile), std::string(parts->mountpoint), Gfid::parse(parts->gfid)};
    }
    // A mount that predates the one key.
    std::optional<std::string> volfile = read_xattr(fd, preload_contract::kVolfileXattr);
    if (!volfile) return std::nullopt;
    std::optional<std::string> mountpoint = read_xattr(fd, preload_contract::kMountpointXattr);
    if (!mountpoint) return std::nullopt;
    return Description{std::move(*volfile), std::move(*mountpoint), std::nullopt};
}

}  // namespace

MountOfFd Mounts::learn(int fd, const struct stat& st) {
    // One learner at a time: racing first opens on one mount must build one engine.
    std::unique_lock lock(mu_);
    if (auto it = by_dev_.find(st.st_dev); it != by_dev_.end()) return known(it->second);
    std::optional<Description> described = may_be_fuse(st.st_dev) ? describe_mount(fd) : std::nullopt;
    if (!described) {
        by_dev_.emplace(st.st_dev, nullptr);
        return {};
    }
    auto* m = new Mount();
    m->volfile = std::move(described->volfile);
    m->mountpoint = std::move(described->mountpoint);
    m->dev = st.st_dev;
    by_dev_.emplace(st.st_dev, m);
    return {m, described->gfid};
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
