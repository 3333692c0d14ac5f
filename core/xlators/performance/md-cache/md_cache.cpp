#include "core/xlators/performance/md-cache/md_cache.hpp"

#include <fcntl.h>

#include "core/engine/log.hpp"

namespace booster {

namespace {

constexpr std::string_view kCapabilityXattr = "security.capability";

const Iatt& attr_of(const Iatt& attr) { return attr; }
const Iatt& attr_of(const EntryReply& reply) { return reply.attr; }

}  // namespace

Status MdCache::init() {
    if (children().size() != 1) {
        BLOG(LogLevel::kError, name().c_str(), "needs exactly one subvolume, has %zu", children().size());
        return fail(EINVAL);
    }
    timeout_ = options().time("timeout");
    return ok();
}

std::string MdCache::dump() const {
    auto v = [](const std::atomic<std::uint64_t>& a) { return std::to_string(a.load(std::memory_order_relaxed)); };
    return "hits=" + v(hits_) + " misses=" + v(misses_) + " capability_hits=" + v(capability_hits_) + "\n";
}

std::optional<Iatt> MdCache::hit(Inode* inode) {
    if (inode == nullptr || timeout_ == CachedAttr::Clock::duration::zero()) return std::nullopt;
    const CachedAttr* cached = ctx<CachedAttr>(*inode);
    std::optional<Iatt> attr = cached ? cached->fresh(CachedAttr::Clock::now(), timeout_) : std::nullopt;
    (attr ? hits_ : misses_).fetch_add(1, std::memory_order_relaxed);
    return attr;
}

void MdCache::forget_cached(Inode& inode) {
    // A write on the brick may also have cleared the capability (the kernel's killpriv).
    if (CachedAttr* cached = ctx<CachedAttr>(inode)) {
        cached->drop();
        cached->capability.drop();
    }
    Xlator::forget_cached(inode);
}

void MdCache::drop(const Inodes& inodes, Inode* named) const {
    auto drop_one = [this](Inode* inode) {
        if (inode == nullptr) return;
        if (CachedAttr* cached = ctx<CachedAttr>(*inode)) cached->drop();
    };
    for (Inode* inode : inodes) drop_one(inode);
    drop_one(named);
}

template <class R>
Task<Result<R>> MdCache::changing(Inodes changed, InodeRef named, Task<Result<R>> next) {
    drop(changed, named.get());
    Result<R> r = co_await std::move(next);
    drop(changed, named.get());
    co_return r;
}

template <class R>
Task<Result<R>> MdCache::keeping(Inode* target, Target kind, Inodes changed, InodeRef named,
                                 Task<Result<R>> next) {
    if (target == nullptr || timeout_ == CachedAttr::Clock::duration::zero()) {
        co_return co_await changing(changed, std::move(named), std::move(next));
    }
    CachedAttr& cached = ctx_or_create<CachedAttr>(*target);
    if (kind == Target::kChanged) cached.drop();
    drop(changed, named.get());
    const std::uint64_t generation = cached.generation();
    Result<R> r = co_await std::move(next);
    drop(changed, named.get());
    if (r) {
        cached.store(attr_of(*r), generation, CachedAttr::Clock::now());
    } else {
        cached.drop();
    }
    co_return r;
}

Task<Result<std::string>> MdCache::remembering_capability(CachedAttr& cached, Task<Result<std::string>> next) {
    const std::uint64_t generation = cached.capability.generation();
    Result<std::string> r = co_await std::move(next);
    if (r) {
        cached.capability.store(*r, generation, CachedAttr::Clock::now());
    } else if (r.error().errnum == ENODATA) {
        cached.capability.store(std::nullopt, generation, CachedAttr::Clock::now());
    }
    co_return r;
}

template <class R>
Task<Result<R>> MdCache::forgetting_capability(Inode* inode, Task<Result<R>> next) {
    // Created if missing: a getxattr that starts now must see this change's generation.
    if (inode != nullptr) ctx_or_create<CachedAttr>(*inode).capability.drop();
    Result<R> r = co_await std::move(next);
    if (inode != nullptr) ctx_or_create<CachedAttr>(*inode).capability.drop();
    co_return r;
}

Task<Result<EntryReply>> MdCache::knowing_no_capability(Inode* inode, Task<Result<EntryReply>> next) {
    if (inode == nullptr || timeout_ == CachedAttr::Clock::duration::zero()) co_return co_await std::move(next);
    CachedAttr& cached = ctx_or_create<CachedAttr>(*inode);
    const std::uint64_t generation = cached.capability.generation();
    Result<EntryReply> r = co_await std::move(next);
    if (r) cached.capability.store(std::nullopt, generation, CachedAttr::Clock::now());
    co_return r;
}

Task<Result<std::string>> MdCache::getxattr(const Request& req, const Loc& loc, std::string_view name) {
    Inode* inode = loc.inode.get();
    if (name != kCapabilityXattr || inode == nullptr || timeout_ == CachedAttr::Clock::duration::zero())
        return first_child().getxattr(req, loc, name);
    CachedAttr& cached = ctx_or_create<CachedAttr>(*inode);
    if (auto known = cached.capability.fresh(CachedAttr::Clock::now(), timeout_)) {
        capability_hits_.fetch_add(1, std::memory_order_relaxed);
        if (!*known) return ready<Result<std::string>>(fail(ENODATA));
        return ready<Result<std::string>>(std::move(**known));
    }
    return remembering_capability(cached, first_child().getxattr(req, loc, name));
}

Task<Result<EntryReply>> MdCache::lookup(const Request& req, const Loc& loc) {
    return keeping(loc.inode.get(), Target::kRead, {}, {}, first_child().lookup(req, loc));
}

Task<Result<Iatt>> MdCache::stat(const Request& req, const Loc& loc) {
    if (std::optional<Iatt> attr = hit(loc.inode.get())) return ready<Result<Iatt>>(*attr);
    return keeping(loc.inode.get(), Target::kRead, {}, {}, first_child().stat(req, loc));
}

Task<Result<Iatt>> MdCache::fstat(const Request& req, Fd& fd) {
    if (std::optional<Iatt> attr = hit(&fd.inode())) return ready<Result<Iatt>>(*attr);
    return keeping(&fd.inode(), Target::kRead, {}, {}, first_child().fstat(req, fd));
}

Task<Result<Iatt>> MdCache::setattr(const Request& req, const Loc& loc, const SetAttr& attr) {
    return forgetting_capability(loc.inode.get(),
                                 keeping(loc.inode.get(), Target::kChanged, {}, {}, first_child().setattr(req, loc, attr)));
}

Task<Result<Iatt>> MdCache::fsetattr(const Request& req, Fd& fd, const SetAttr& attr) {
    return forgetting_capability(&fd.inode(),
                                 keeping(&fd.inode(), Target::kChanged, {}, {}, first_child().fsetattr(req, fd, attr)));
}

Task<Result<EntryReply>> MdCache::create(const Request& req, const Loc& loc, int flags, mode_t mode, mode_t umask,
                                         Fd& fd) {
    // A create may open (and truncate) a file the name already has: the table knows it by name.
    // Only O_EXCL proves that the file is new (another client may have made the name).
    Task<Result<EntryReply>> created = keeping(&fd.inode(), Target::kChanged, {loc.parent.get()},
                                               loc.existing_child(), first_child().create(req, loc, flags, mode, umask, fd));
    if ((flags & O_EXCL) == 0) return created;
    return knowing_no_capability(&fd.inode(), std::move(created));
}

Task<Result<EntryReply>> MdCache::mknod(const Request& req, const Loc& loc, mode_t mode, dev_t rdev, mode_t umask) {
    return knowing_no_capability(loc.inode.get(), keeping(loc.inode.get(), Target::kChanged, {loc.parent.get()}, {},
                                                          first_child().mknod(req, loc, mode, rdev, umask)));
}

Task<Result<EntryReply>> MdCache::mkdir(const Request& req, const Loc& loc, mode_t mode, mode_t umask) {
    return keeping(loc.inode.get(), Target::kChanged, {loc.parent.get()}, {}, first_child().mkdir(req, loc, mode, umask));
}

Task<Result<EntryReply>> MdCache::symlink(const Request& req, std::string_view target, const Loc& loc,
                                          mode_t umask) {
    return keeping(loc.inode.get(), Target::kChanged, {loc.parent.get()}, {},
                   first_child().symlink(req, target, loc, umask));
}

Task<Result<EntryReply>> MdCache::link(const Request& req, const Loc& from, const Loc& to) {
    return keeping(from.inode.get(), Target::kChanged, {to.parent.get()}, {}, first_child().link(req, from, to));
}

Task<Result<Unit>> MdCache::unlink(const Request& req, const Loc& loc) {
    return changing({loc.inode.get(), loc.parent.get()}, {}, first_child().unlink(req, loc));
}

Task<Result<Unit>> MdCache::rmdir(const Request& req, const Loc& loc) {
    return changing({loc.inode.get(), loc.parent.get()}, {}, first_child().rmdir(req, loc));
}

Task<Result<Unit>> MdCache::rename(const Request& req, const Loc& from, const Loc& to, unsigned flags) {
    return changing({from.inode.get(), from.parent.get(), to.parent.get()}, to.existing_child(),
                    first_child().rename(req, from, to, flags));
}

Task<Result<Unit>> MdCache::open(const Request& req, const Loc& loc, int flags, Fd& fd) {
    return changing({&fd.inode()}, {}, first_child().open(req, loc, flags, fd));
}

Task<Result<std::size_t>> MdCache::writev(const Request& req, Fd& fd, IoVecs src, off_t offset, unsigned flags) {
    return changing({&fd.inode()}, {}, first_child().writev(req, fd, src, offset, flags));
}

Task<Result<Unit>> MdCache::flush(const Request& req, Fd& fd) {
    return changing({&fd.inode()}, {}, first_child().flush(req, fd));
}

Task<Result<Unit>> MdCache::fsync(const Request& req, Fd& fd, bool datasync) {
    return changing({&fd.inode()}, {}, first_child().fsync(req, fd, datasync));
}

Task<Result<Unit>> MdCache::fallocate(const Request& req, Fd& fd, int mode, off_t offset, off_t length) {
    return changing({&fd.inode()}, {}, first_child().fallocate(req, fd, mode, offset, length));
}

Task<Result<Unit>> MdCache::discard(const Request& req, Fd& fd, off_t offset, off_t length) {
    return changing({&fd.inode()}, {}, first_child().discard(req, fd, offset, length));
}

Task<Result<Unit>> MdCache::zerofill(const Request& req, Fd& fd, off_t offset, off_t length) {
    return changing({&fd.inode()}, {}, first_child().zerofill(req, fd, offset, length));
}

Task<Result<std::size_t>> MdCache::copy_file_range(const Request& req, Fd& in, off_t in_offset, Fd& out,
                                                   off_t out_offset, std::size_t length, unsigned flags) {
    return changing({&out.inode()}, {},
                    first_child().copy_file_range(req, in, in_offset, out, out_offset, length, flags));
}

Task<Result<Unit>> MdCache::setxattr(const Request& req, const Loc& loc, std::string_view name,
                                     std::string_view value, int flags) {
    return forgetting_capability(loc.inode.get(),
                                 changing({loc.inode.get()}, {}, first_child().setxattr(req, loc, name, value, flags)));
}

Task<Result<Unit>> MdCache::removexattr(const Request& req, const Loc& loc, std::string_view name) {
    return forgetting_capability(loc.inode.get(),
                                 changing({loc.inode.get()}, {}, first_child().removexattr(req, loc, name)));
}

Task<Result<Unit>> MdCache::fsetxattr(const Request& req, Fd& fd, std::string_view name, std::string_view value,
                                      int flags) {
    return forgetting_capability(&fd.inode(),
                                 changing({&fd.inode()}, {}, first_child().fsetxattr(req, fd, name, value, flags)));
}

Task<Result<Unit>> MdCache::fremovexattr(const Request& req, Fd& fd, std::string_view name) {
    return forgetting_capability(&fd.inode(), changing({&fd.inode()}, {}, first_child().fremovexattr(req, fd, name)));
}

Task<Result<Dict>> MdCache::xattrop(const Request& req, const Loc& loc, XattrOp op, const Dict& delta) {
    return changing({loc.inode.get()}, {}, first_child().xattrop(req, loc, op, delta));
}

Task<Result<Dict>> MdCache::fxattrop(const Request& req, Fd& fd, XattrOp op, const Dict& delta) {
    return changing({&fd.inode()}, {}, first_child().fxattrop(req, fd, op, delta));
}

}  // namespace booster
