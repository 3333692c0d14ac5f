#include "preload/file_ops.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <span>
#include <string>
#include <vector>

#include "core/engine/log.hpp"
#include "core/fuse/preload_contract.hpp"
#include "preload/real.hpp"
#include "preload/stats.hpp"

namespace booster::preload {

namespace {

template <class T>
ssize_t to_ssize(const Result<T>& r) {
    if (!r) {
        errno = r.error().errnum;
        return -1;
    }
    return static_cast<ssize_t>(*r);
}

int to_int(const Status& s) {
    if (!s) {
        errno = s.error().errnum;
        return -1;
    }
    return 0;
}

struct Adoption {
    Gfid gfid;
    bool published_by_close = false;
};

// Asks the mount for the file's gfid with the adoption ioctl; a mount that predates it answers
// the gfid attribute instead (and then close drops the caches itself).
std::optional<Adoption> adopt_with_mount(int fd) {
    preload_contract::AdoptReply reply{};
    if (ioctl(fd, preload_contract::kAdoptIoctl, &reply) == 0 && reply.version == preload_contract::kVersion) {
        Adoption a;
        std::memcpy(a.gfid.bytes.data(), reply.gfid, sizeof reply.gfid);
        a.published_by_close = reply.published != 0;
        return a;
    }
    char text[64];
    const ssize_t n = fgetxattr(fd, std::string(preload_contract::kGfidXattr).c_str(), text, sizeof text);
    if (n <= 0) return std::nullopt;
    auto gfid = Gfid::parse(std::string_view(text, static_cast<std::size_t>(n)));
    if (!gfid) return std::nullopt;
    return Adoption{*gfid, false};
}

// The engine's side of an adopted fd, and how its gfid was learned.
struct EngineOpen {
    Client::File file;
    Gfid gfid;
    bool published_by_close = false;
    GfidSource source;
};

// A read-only open without asking the mount, by a gfid the mount gave for this inode number
// before, proven by that number (see gfid_cache.hpp): met before in this process (kKnown), or
// answered with the mount's description when this fd introduced the mount (kWithMount).
// Writers always ask the mount, which marks their open file for publication at close.
std::optional<EngineOpen> open_known(Mount& m, Client& c, const struct stat& st, int flags,
                                     std::optional<Gfid> introduced) {
    if ((flags & O_ACCMODE) != O_RDONLY) return std::nullopt;
    if (introduced && introduced->ino() == st.st_ino) m.gfids.remember(st.st_ino, *introduced);
    std::optional<Gfid> candidate = m.gfids.find(st.st_ino);
    if (!candidate) return std::nullopt;
    auto file = c.open_gfid(*candidate, flags, st.st_mode);
    const GfidSource source = introduced == candidate ? GfidSource::kWithMount : GfidSource::kKnown;
    if (file) return EngineOpen{std::move(*file), *candidate, false, source};
    m.gfids.forget(st.st_ino);
    return std::nullopt;
}

// `name` as a path from the root of `m`'s volume ("/a/b"), when it is spelt under the mount
// point: absolute, or relative to the working directory. A name relative to another directory
// fd, or reaching the mount through a symlink, gives nullopt (the mount is asked instead).
std::optional<std::string> volume_path(const Mount& m, OpenedPath name) {
    if (name.path == nullptr) return std::nullopt;
    std::string full;
    if (name.path[0] == '/') {
        full = name.path;
    } else if (name.dirfd == AT_FDCWD) {
        char cwd[PATH_MAX];
        if (getcwd(cwd, sizeof cwd) == nullptr) return std::nullopt;
        full = std::string(cwd) + "/" + name.path;
    } else {
        return std::nullopt;
    }
    const std::string& root = m.mountpoint;
    if (full.size() <= root.size() || full.compare(0, root.size(), root) != 0 || full[root.size()] != '/')
        return std::nullopt;
    return full.substr(root.size());
}

// A read-only open of a file new to this process, on a volume whose lookups cost no round trip
// (Client::resolves_in_process): the engine looks the name up itself instead of asking the
// mount. The inode number proves that the engine found the file the kernel opened, as for
// open_known; a name that has changed meanwhile, a symlink or ".." on the way, or any lookup
// error leaves the question to the mount.
std::optional<EngineOpen> open_by_name(Mount& m, Client& c, const struct stat& st, int flags,
                                       const std::string& path) {
    if ((flags & O_ACCMODE) != O_RDONLY || path.empty() || !c.resolves_in_process()) return std::nullopt;
    Result<Gfid> gfid = c.gfid_at(path);
    if (!gfid || gfid->ino() != st.st_ino) return std::nullopt;
    auto file = c.open_gfid(*gfid, flags, st.st_mode);
    if (!file) return std::nullopt;
    m.gfids.remember(st.st_ino, *gfid);
    return EngineOpen{std::move(*file), *gfid, false, GfidSource::kByName};
}

std::optional<EngineOpen> open_with_mount(int fd, Mount& m, Client& c, const struct stat& st, int flags) {
    std::optional<Adoption> adoption = adopt_with_mount(fd);
    if (!adoption) return std::nullopt;
    // The kernel's stat of this fd tells the engine the file's type: no lookup before the open.
    auto file = c.open_gfid(adoption->gfid, flags, st.st_mode);
    if (!file) {
        BLOG(LogLevel::kInfo, "booster", "fd %d on %s left to the kernel: engine open failed: %s", fd,
             m.mountpoint.c_str(), std::strerror(file.error().errnum));
        return std::nullopt;
    }
    // Only a number that is the gfid's proves a later open of it (gfid_cache.hpp).
    if (adoption->gfid.ino() == st.st_ino) m.gfids.remember(st.st_ino, adoption->gfid);
    return EngineOpen{std::move(*file), adoption->gfid, adoption->published_by_close, GfidSource::kByMount};
}

// The engine of an adopted `f` for this process generation (a forked child rebuilds and
// reopens); null for a file not adopted yet, which has no engine side.
Client* engine(OpenFile& f) {
    Mounts& mounts = runtime().mounts;
    const unsigned gen = mounts.generation();
    const unsigned had = f.generation.load(std::memory_order_acquire);
    if (had == gen) return f.client;
    if (had == 0) return nullptr;
    std::lock_guard lock(f.engine_mu);
    if (f.generation.load(std::memory_order_relaxed) == gen) return f.client;
    Client* c = mounts.engine(*f.mount);
    if (c == nullptr) return nullptr;
    auto file = c->open_gfid(f.gfid, f.flags);
    if (!file) return nullptr;
    // The parent's handle belongs to the parent's engine, which is leaked: overwrite without
    // releasing it.
    new (&f.file) Client::File(std::move(*file));
    f.client = c;
    f.generation.store(gen, std::memory_order_release);
    return c;
}

off_t position(int fd, OpenFile& f) {
    return f.kernel_offset.load(std::memory_order_relaxed) ? BOOSTER_REAL(lseek)(fd, 0, SEEK_CUR) : f.offset;
}

void set_position(int fd, OpenFile& f, off_t pos) {
    if (f.kernel_offset.load(std::memory_order_relaxed)) BOOSTER_REAL(lseek)(fd, pos, SEEK_SET);
    else f.offset = pos;
}

void drop_kernel_caches(int fd, OpenFile& f) {
    if (!f.dirty.exchange(false, std::memory_order_acq_rel)) return;
    char answer[8];
    const std::string key(preload_contract::kInvalidateXattr);
    if (fgetxattr(fd, key.c_str(), answer, sizeof answer) < 0) {
        BLOG(LogLevel::kWarning, "booster", "cannot drop the kernel's cache of fd %d: %s", fd, std::strerror(errno));
        return;
    }
    // Dropping the attributes does not refresh the kernel's file size, which page faults of an
    // mmap check against; a stat through FUSE does.
    struct stat st {};
    (void)BOOSTER_REAL(fstat)(fd, &st);
}

}  // namespace

void forget_stale(int fd) {
    if (fd >= 0 && tracking()) (void)runtime().files.remove(fd);
}

namespace {

// The regular files that may be on a FUSE file system (may_be_fuse) among this process's open fds, from /proc/self/fd
// read with raw getdents64 (no allocation by libc's opendir, no hook re-entered).
std::vector<int> open_fuse_files() {
    std::vector<int> found;
    ReentryGuard inside;
    const int dir = BOOSTER_REAL(open)("/proc/self/fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir < 0) return found;
    char buf[4096];
    long n;
    while ((n = syscall(SYS_getdents64, dir, buf, sizeof buf)) > 0) {
        for (long pos = 0; pos < n;) {
            const auto* d = reinterpret_cast<const struct dirent64*>(buf + pos);
            pos += d->d_reclen;
            char* end = nullptr;
            const long fd = std::strtol(d->d_name, &end, 10);
            if (end == d->d_name || *end != '\0' || fd == dir) continue;
            struct stat st {};
            if (BOOSTER_REAL(fstat)(static_cast<int>(fd), &st) == 0 && S_ISREG(st.st_mode) && may_be_fuse(st.st_dev))
                found.push_back(static_cast<int>(fd));
        }
    }
    BOOSTER_REAL(close)(dir);
    return found;
}

}  // namespace

void adopt_inherited() {
    for (int fd : open_fuse_files()) {
        const int flags = BOOSTER_REAL(fcntl)(fd, F_GETFL);
        const int fd_flags = BOOSTER_REAL(fcntl)(fd, F_GETFD);
        if (flags < 0 || fd_flags < 0) continue;
        adopt(fd, flags | ((fd_flags & FD_CLOEXEC) != 0 ? O_CLOEXEC : 0), Origin::kInherited);
    }
}

void adopt(int fd, int flags, Origin origin, OpenedPath name) {
    if (fd < 0 || !active()) return;
    ReentryGuard inside;
    Runtime& rt = runtime();
    if (tracking()) (void)rt.files.remove(fd);
    if ((flags & (O_PATH | O_DIRECTORY)) != 0) return;
    struct stat st {};
    if (BOOSTER_REAL(fstat)(fd, &st) != 0 || !S_ISREG(st.st_mode)) return;
    const MountOfFd found = rt.mounts.for_fd(fd, st);
    Mount* m = found.mount;
    if (m == nullptr) return;
    // The name is only worth keeping where the engine can follow it without a round trip.
    std::string path;
    if ((flags & O_ACCMODE) == O_RDONLY)
        if (Client* c = rt.mounts.built_engine(*m); c != nullptr && c->resolves_in_process())
            path = volume_path(*m, name).value_or(std::string());
    auto ref = FileRef::make(m, flags, st.st_dev, st.st_ino, found.gfid, std::move(path));
    // An inherited description may be shared with other processes: its position stays in the
    // kernel.
    ref->kernel_offset.store(origin == Origin::kInherited, std::memory_order_relaxed);
    rt.files.install(fd, ref, (flags & O_CLOEXEC) != 0);
    detail::g_tracking.store(true, std::memory_order_relaxed);
}

namespace {

// The engine side of `f`, opened on `c`; nullopt leaves the file to the kernel.
std::optional<EngineOpen> open_in_engine(int fd, OpenFile& f, Client& c, const struct stat& st) {
    Mount& m = *f.mount;
    std::optional<EngineOpen> opened = open_known(m, c, st, f.flags, f.gfid_with_mount);
    if (!opened) opened = open_by_name(m, c, st, f.flags, f.name_in_volume);
    if (!opened) opened = open_with_mount(fd, m, c, st, f.flags);
    return opened;
}

}  // namespace

bool complete_adoption(int fd, OpenFile& f) {
    ReentryGuard inside;
    std::lock_guard lock(f.engine_mu);
    if (f.generation.load(std::memory_order_relaxed) != 0) return true;
    if (f.kernel_only.load(std::memory_order_relaxed)) return false;
    Mounts& mounts = runtime().mounts;
    struct stat st {};
    // The number must still name the file it was opened on (a close behind our back, inside
    // libc, may have given it to another).
    const bool same_file = BOOSTER_REAL(fstat)(fd, &st) == 0 && st.st_dev == f.dev && st.st_ino == f.ino;
    Client* c = same_file ? mounts.engine(*f.mount) : nullptr;
    std::optional<EngineOpen> opened = c != nullptr ? open_in_engine(fd, f, *c, st) : std::nullopt;
    if (!opened) {
        f.kernel_only.store(true, std::memory_order_relaxed);
        return false;
    }
    stats::count(opened->source);
    // A forked child may be adopting what its parent was adopting when it forked: the parent's
    // handle belongs to the parent's engine, so it is overwritten, never released.
    new (&f.file) Client::File(std::move(opened->file));
    f.client = c;
    f.gfid = opened->gfid;
    f.published_by_close = opened->published_by_close;
    std::lock_guard position(f.io_mu);
    // Until now every read, write and seek of this description was the kernel's.
    if (!f.kernel_offset.load(std::memory_order_relaxed)) {
        const off_t pos = BOOSTER_REAL(lseek)(fd, 0, SEEK_CUR);
        if (pos < 0) f.kernel_offset.store(true, std::memory_order_relaxed);
        else f.offset = pos;
    }
    f.generation.store(mounts.generation(), std::memory_order_release);
    return true;
}

ssize_t read_at(OpenFile& f, const iovec* iov, int iovcnt, off_t offset) {
    ReentryGuard inside;
    Client* c = engine(f);
    if (c == nullptr) return errno = EIO, -1;
    return to_ssize(c->preadv(f.file, std::span(iov, static_cast<std::size_t>(iovcnt)), offset));
}

ssize_t write_at(OpenFile& f, const iovec* iov, int iovcnt, off_t offset) {
    ReentryGuard inside;
    Client* c = engine(f);
    if (c == nullptr) return errno = EIO, -1;
    f.dirty.store(true, std::memory_order_relaxed);
    return to_ssize(c->pwritev(f.file, std::span(iov, static_cast<std::size_t>(iovcnt)), offset));
}

ssize_t read_at_position(int fd, OpenFile& f, const iovec* iov, int iovcnt) {
    ReentryGuard inside;  // before io_mu: a signal handler's I/O on this thread goes to the kernel
    std::lock_guard lock(f.io_mu);
    const off_t pos = position(fd, f);
    if (pos < 0) return -1;
    const ssize_t n = read_at(f, iov, iovcnt, pos);
    if (n > 0) set_position(fd, f, pos + n);
    return n;
}

ssize_t write_at_position(int fd, OpenFile& f, const iovec* iov, int iovcnt) {
    ReentryGuard inside;  // before io_mu: a signal handler's I/O on this thread goes to the kernel
    std::lock_guard lock(f.io_mu);
    const off_t pos = position(fd, f);
    if (pos < 0) return -1;
    const ssize_t n = write_at(f, iov, iovcnt, pos);
    if (n <= 0) return n;
    if ((f.flags & O_APPEND) == 0) {
        set_position(fd, f, pos + n);
        return n;
    }
    // The brick appended atomically wherever the end was; the position follows the end.
    struct stat st {};
    if (stat_file(f, &st) == 0) set_position(fd, f, st.st_size);
    return n;
}

off_t seek(int fd, OpenFile& f, off_t offset, int whence) {
    ReentryGuard inside;  // before io_mu: a signal handler's I/O on this thread goes to the kernel
    std::lock_guard lock(f.io_mu);
    off_t base = 0;
    switch (whence) {
        case SEEK_SET: break;
        case SEEK_CUR: base = position(fd, f); break;
        case SEEK_END: {
            struct stat st {};
            if (stat_file(f, &st) != 0) return -1;
            base = st.st_size;
            break;
        }
        case SEEK_DATA:
        case SEEK_HOLE: {
            Client* c = engine(f);
            if (c == nullptr) return errno = EIO, -1;
            auto r = c->seek(f.file, offset, whence);
            if (!r) return errno = r.error().errnum, -1;
            set_position(fd, f, *r);
            return *r;
        }
        default: return errno = EINVAL, -1;
    }
    if (base < 0) return -1;
    const off_t target = base + offset;
    if (target < 0 || (offset > 0 && target < base)) return errno = (target < 0 ? EINVAL : EOVERFLOW), -1;
    set_position(fd, f, target);
    return target;
}

ssize_t copy_range(int fd_in, OpenFile& in, off64_t* off_in, int fd_out, OpenFile& out, off64_t* off_out,
                   std::size_t length) {
    ReentryGuard inside;
    // Lock order by address: two threads copying in opposite directions must not deadlock.
    std::mutex* first = &in.io_mu < &out.io_mu ? &in.io_mu : &out.io_mu;
    std::mutex* second = first == &in.io_mu ? &out.io_mu : &in.io_mu;
    std::unique_lock l1(*first);
    std::unique_lock<std::mutex> l2;
    if (second != first) l2 = std::unique_lock(*second);
    const off_t src = off_in != nullptr ? *off_in : position(fd_in, in);
    const off_t dst = off_out != nullptr ? *off_out : position(fd_out, out);
    if (src < 0 || dst < 0) return errno = EINVAL, -1;
    Client* c = engine(in);
    if (c == nullptr || engine(out) != c) return errno = EXDEV, -1;
    out.dirty.store(true, std::memory_order_relaxed);
    auto n = c->copy_file_range(in.file, src, out.file, dst, length);
    if (!n) return errno = n.error().errnum, -1;
    const auto moved = static_cast<off_t>(*n);
    if (off_in != nullptr) *off_in += moved;
    else set_position(fd_in, in, src + moved);
    if (off_out != nullptr) *off_out += moved;
    else set_position(fd_out, out, dst + moved);
    return static_cast<ssize_t>(*n);
}

int stat_file(OpenFile& f, struct stat* st) {
    ReentryGuard inside;
    Client* c = engine(f);
    if (c == nullptr) return errno = EIO, -1;
    auto attr = c->fstat(f.file);
    if (!attr) return errno = attr.error().errnum, -1;
    *st = attr->to_stat();
    st->st_dev = f.dev;
    st->st_ino = f.ino;
    return 0;
}

int truncate_file(OpenFile& f, off_t length) {
    ReentryGuard inside;
    Client* c = engine(f);
    if (c == nullptr) return errno = EIO, -1;
    f.dirty.store(true, std::memory_order_relaxed);
    auto r = c->ftruncate(f.file, length);
    if (!r) return errno = r.error().errnum, -1;
    return 0;
}

int sync_file(OpenFile& f, bool datasync) {
    ReentryGuard inside;
    Client* c = engine(f);
    if (c == nullptr) return errno = EIO, -1;
    return to_int(c->fsync(f.file, datasync));
}

int allocate(OpenFile& f, int mode, off_t offset, off_t length) {
    ReentryGuard inside;
    Client* c = engine(f);
    if (c == nullptr) return EIO;
    f.dirty.store(true, std::memory_order_relaxed);
    Status s = c->fallocate(f.file, mode, offset, length);
    return s ? 0 : s.error().errnum;
}

int close_file(int fd, OpenFile& f) {
    ReentryGuard inside;
    // Its writes were published before the fork (share_all_with_kernel), and an engine built
    // only to close it would cost every child that closes what it inherited a connection.
    if (f.adopted_before_fork(runtime().mounts.generation())) return 0;
    Client* c = engine(f);
    Status s = c != nullptr ? c->flush(f.file) : Status{};
    // The kernel's FLUSH of this close drops the caches when the mount was told at adoption.
    if (f.published_by_close) f.dirty.store(false, std::memory_order_relaxed);
    else drop_kernel_caches(fd, f);
    return to_int(s);
}

void publish_writes(int fd, OpenFile& f) {
    ReentryGuard inside;
    // An engine fstat returns once the writes the engine still holds back (write-behind) have
    // reached the bricks, which is where the kernel reads; their errors stay for fsync and close.
    if (f.dirty.load(std::memory_order_acquire))
        if (Client* c = engine(f)) (void)c->fstat(f.file);
    drop_kernel_caches(fd, f);
}

void forget_cached_after_lock(OpenFile& f) {
    ReentryGuard inside;
    if (Client* c = engine(f)) c->forget_cached(f.file);
}

void share_with_kernel(int fd, OpenFile& f) {
    ReentryGuard inside;
    std::lock_guard lock(f.io_mu);
    if (!f.kernel_offset.load(std::memory_order_relaxed)) {
        // A file not adopted yet has its position in the kernel already.
        if (f.generation.load(std::memory_order_acquire) != 0) BOOSTER_REAL(lseek)(fd, f.offset, SEEK_SET);
        f.kernel_offset.store(true, std::memory_order_relaxed);
    }
    publish_writes(fd, f);
}

void hand_to_kernel(int fd, OpenFile& f) {
    share_with_kernel(fd, f);
    f.kernel_only.store(true, std::memory_order_relaxed);
}

void refresh_kernel_view(int fd) {
    if (!tracking()) return;
    ReentryGuard inside;
    struct stat st {};
    if (BOOSTER_REAL(fstat)(fd, &st) != 0) return;
    runtime().files.for_each(0, 1 << 30, [&](int, const FileRef& f) {
        if (f->dev == st.st_dev && f->ino == st.st_ino) publish_writes(fd, *f);
    });
}

void share_all_with_kernel() {
    if (!tracking()) return;
    // Held: another thread's close of a number could otherwise let a third reopen it meanwhile,
    // and the position written would land in that file's description.
    runtime().files.for_each_held(0, 1 << 30, [](int fd, const FileRef& f) { share_with_kernel(fd, *f); });
}

}  // namespace booster::preload
