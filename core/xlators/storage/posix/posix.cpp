// storage/posix: life cycle, the coroutine shell of every fop, and the identity helpers the
// fop bodies share. The bodies are grouped by kind in *_fops.cpp.
#include "core/xlators/storage/posix/posix.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cstring>

#include "core/engine/log.hpp"
#include "core/xlators/storage/posix/brick_path.hpp"
#include "core/xlators/storage/posix/gfid_xattr.hpp"
#include "core/xlators/storage/posix/high_descriptor.hpp"

namespace booster {

namespace {

Result<UniqueFd> open_brick(const std::string& directory, const std::string& xlator) {
    UniqueFd fd = born_high([&] { return ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); });
    if (fd) return fd;
    const int error = errno;
    const char* why = error == ENOTDIR ? "is not a directory"
                      : error == ENOENT ? "does not exist"
                                        : std::strerror(error);
    BLOG(LogLevel::kError, "posix", "%s: option directory '%s' %s", xlator.c_str(), directory.c_str(), why);
    return fail(error);
}

// The brick root carries Gfid::root(); a root with another gfid belongs to something else.
Status claim_root(int brick_fd, const std::string& directory, const std::string& xlator) {
    const XattrTarget root = XattrTarget::path(proc_fd_path(brick_fd) + "/.");
    auto stored = read_gfid(root);
    if (stored && *stored == Gfid::root()) return ok();
    if (stored) {
        BLOG(LogLevel::kError, "posix", "%s: '%s' carries gfid %s, not the root gfid: it is not a brick root",
             xlator.c_str(), directory.c_str(), stored->str().c_str());
        return fail(EINVAL);
    }
    Status written = stored.error().errnum == ENODATA ? store_gfid(root, Gfid::root()) : Status(std::unexpected(stored.error()));
    if (!written)
        BLOG(LogLevel::kError, "posix",
             "%s: cannot store trusted.* xattrs on '%s' (errno %d: %s); posix needs root, xattr support and /proc",
             xlator.c_str(), directory.c_str(), written.error().errnum, std::strerror(written.error().errnum));
    return written;
}

}  // namespace

Status Posix::init() {
    const std::string directory(options().str("directory"));
    auto brick = open_brick(directory, name());
    if (!brick) return std::unexpected(brick.error());
    if (auto claimed = claim_root(brick->get(), directory, name()); !claimed) return claimed;
    auto index = GfidIndex::open(brick->get());
    if (!index) {
        BLOG(LogLevel::kError, "posix", "%s: cannot create the gfid index under '%s/%.*s': errno %d", name().c_str(),
             directory.c_str(), static_cast<int>(kPrivateDirName.size()), kPrivateDirName.data(),
             index.error().errnum);
        return std::unexpected(index.error());
    }
    brick_ = std::move(*brick);
    index_.emplace(std::move(*index));
    resolver_.emplace(brick_.get(), *index_);
    as_root_ = ::geteuid() == 0;
    write_piece_ = options().size("write-piece-size");
    return ok();
}

void Posix::notify(Event event, Xlator* from) {
    if (event == Event::kParentUp) {
        notify_parents(Event::kChildUp);
        return;
    }
    Xlator::notify(event, from);
}

// Waits still in progress end with EINTR, while the translators above can still answer them.
void Posix::fini() { lock_waits_.stop(); }

// The shell of every fop but lk, whose own (lock_fops.cpp) may wait on a lock-wait thread:
// BOOSTER_POSIX_OWN_SHELL_<fop> is defined for lk only, and supplies the extra argument that
// makes BOOSTER_POSIX_SECOND pick BOOSTER_POSIX_NO_SHELL.
#define BOOSTER_POSIX_OWN_SHELL_lk ~, BOOSTER_POSIX_NO_SHELL
#define BOOSTER_POSIX_SECOND(first, second, ...) second
#define BOOSTER_POSIX_PICK(...) BOOSTER_POSIX_SECOND(__VA_ARGS__)
#define BOOSTER_POSIX_NO_SHELL(name, R, params, args)
#define BOOSTER_POSIX_INLINE_SHELL(name, R, params, args) \
    Task<Result<R>> Posix::name params { co_return name##_sync args; }
#define BOOSTER_POSIX_SHELL(name, R, params, args) \
    BOOSTER_POSIX_PICK(BOOSTER_POSIX_OWN_SHELL_##name, BOOSTER_POSIX_INLINE_SHELL, ~)(name, R, params, args)
BOOSTER_FOPS(BOOSTER_POSIX_SHELL)
#undef BOOSTER_POSIX_SHELL
#undef BOOSTER_POSIX_INLINE_SHELL
#undef BOOSTER_POSIX_NO_SHELL
#undef BOOSTER_POSIX_PICK
#undef BOOSTER_POSIX_SECOND
#undef BOOSTER_POSIX_OWN_SHELL_lk

Result<OpenFile*> Posix::open_file(Fd& fd) const {
    OpenFile* file = ctx<OpenFile>(fd);
    if (file == nullptr) return fail(EBADF);
    return file;
}

void Posix::install(Fd& fd, UniqueFd kernel_fd, const Gfid& gfid, bool is_brick_root) const {
    // Kept as long as the file is open, inside a boosted program too (a local volume).
    (void)ctx_or_create<OpenFile>(fd, moved_high(std::move(kernel_fd)), gfid, is_brick_root);
}

Result<Gfid> Posix::identity(const Entry& e, const struct stat& st) {
    auto gfid = read_gfid(XattrTarget::path(e.proc_path()));
    if (gfid || gfid.error().errnum != ENODATA || !e.is_named()) return gfid;
    return adopt(e, st);
}

Result<Gfid> Posix::adopt(const Entry& e, const struct stat& st) {
    const XattrTarget target = XattrTarget::path(e.proc_path());
    const Gfid fresh = Gfid::random();
    if (auto stored = store_new_gfid(target, fresh); !stored) {
        // Someone adopted it first: theirs is the gfid.
        if (stored.error().errnum == EEXIST) return read_gfid(target);
        return std::unexpected(stored.error());
    }
    auto parent = parent_gfid(e);
    const Status indexed = parent ? index_new(e, fresh, *parent, S_ISDIR(st.st_mode)) : Status(std::unexpected(parent.error()));
    if (!indexed)
        BLOG(LogLevel::kWarning, "posix", "%s: '%s' adopted gfid %s but is not indexed: errno %d", name().c_str(),
             e.name.c_str(), fresh.str().c_str(), indexed.error().errnum);
    return fresh;
}

Result<Iatt> Posix::attr_of(const Entry& e) {
    auto st = e.stat();
    if (!st) return std::unexpected(st.error());
    auto gfid = identity(e, *st);
    if (!gfid) return std::unexpected(gfid.error());
    return brick_iatt(*st, *gfid);
}

Result<Gfid> Posix::parent_gfid(const Entry& e) const {
    if (!e.parent_gfid.is_null()) return e.parent_gfid;
    const XattrTarget parent = XattrTarget::path(proc_fd_path(e.dir) + "/.");
    auto gfid = read_gfid(parent);
    if (gfid || gfid.error().errnum != ENODATA) return gfid;
    // A directory made directly on the brick and never looked up: it gets its gfid now and its
    // index handle at its first lookup by name (GfidIndex::repair).
    const Gfid fresh = Gfid::random();
    if (auto stored = store_new_gfid(parent, fresh); !stored) {
        if (stored.error().errnum == EEXIST) return read_gfid(parent);
        return std::unexpected(stored.error());
    }
    return fresh;
}

Result<Iatt> Posix::parent_attr(const Entry& e, const Gfid& parent) const {
    struct stat st {};
    if (::fstat(e.dir, &st) != 0) return fail_errno();
    return brick_iatt(st, parent);
}

Status Posix::index_new(const Entry& e, const Gfid& gfid, const Gfid& parent, bool is_dir) {
    if (is_dir) return index_->add_dir(gfid, parent, e.name);
    return index_->add_file(gfid, e.dir, e.name);
}

}  // namespace booster
