#include "core/xlators/performance/write-behind/write_behind.hpp"

#include <fcntl.h>

#include <algorithm>

#include "core/engine/graph.hpp"
#include "core/engine/log.hpp"

namespace booster {

namespace {

std::uint64_t position(off_t offset) { return static_cast<std::uint64_t>(std::max<off_t>(offset, 0)); }

}  // namespace

Status WriteBehind::init() {
    if (children().size() != 1) {
        BLOG(LogLevel::kError, name().c_str(), "needs exactly one subvolume, has %zu", children().size());
        return fail(EINVAL);
    }
    config_.window_size = options().size("window-size");
    config_.aggregate_size = options().size("aggregate-size");
    config_.trickling = options().boolean("trickling-writes");
    flush_behind_ = options().boolean("flush-behind");
    if (config_.aggregate_size > config_.window_size) {
        BLOG(LogLevel::kError, name().c_str(), "aggregate-size (%llu) is larger than window-size (%llu)",
             static_cast<unsigned long long>(config_.aggregate_size),
             static_cast<unsigned long long>(config_.window_size));
        return fail(EINVAL);
    }
    buffers_ = std::make_shared<BufferPool>(config_.aggregate_size, config_.window_size / config_.aggregate_size + 1);
    return ok();
}

void WriteBehind::fini() {
    for (auto& [inode, q] : busy_.snapshot([](const WriteQueue& q) { return q.inode(); })) q->send_everything();
    busy_.wait_for_batches();
}

WriteQueue& WriteBehind::queue_or_create(Inode& inode) {
    return ctx_or_create<WriteQueue>(inode, inode, first_child(), config_, totals_, busy_, buffers_);
}

// An fd this translator did not see opened reports the errors that come after its first use.
ErrorCursor& WriteBehind::cursor(Fd& fd) const {
    const WriteQueue* q = queue(fd.inode());
    return ctx_or_create<ErrorCursor>(fd, q != nullptr ? q->error_seq() : 0);
}

bool WriteBehind::cacheable(const Fd& fd, unsigned flags, std::size_t size) const {
    return (fd.flags() & (O_SYNC | O_DSYNC | O_DIRECT | O_APPEND)) == 0 && flags == 0 && size <= config_.window_size;
}

template <class R>
Task<Result<R>> WriteBehind::after_writes(Inode* inode, ByteRange range, Task<Result<R>> next) {
    WriteQueue* q = inode != nullptr ? queue(*inode) : nullptr;
    if (q == nullptr || q->idle()) return next;
    return settled_then(*q, range, std::move(next));
}

template <class R>
Task<Result<R>> WriteBehind::settled_then(WriteQueue& q, ByteRange range, Task<Result<R>> next) {
    if (Status s = co_await q.settle(range, nullptr, Waiter::OnWriteError::kFail); !s)
        co_return std::unexpected(s.error());
    co_return co_await std::move(next);
}

Task<Result<std::size_t>> WriteBehind::writev(const Request& req, Fd& fd, IoVecs src, off_t offset, unsigned flags) {
    const std::size_t size = total_size(src);
    if (size == 0 || offset < 0) co_return co_await first_child().writev(req, fd, src, offset, flags);
    WriteQueue& q = queue_or_create(fd.inode());
    const bool cached = cacheable(fd, flags, size);
    if (cached && q.append(req, fd, src, offset, flags, size)) co_return size;
    const auto mode = cached ? QueuedWrite::Mode::kCached : QueuedWrite::Mode::kWrittenThrough;
    co_return co_await queued(q, QueuedWrite::make(req, fd, src, offset, flags, mode, buffers_));
}

Task<Result<std::size_t>> WriteBehind::queued(WriteQueue& q, std::shared_ptr<QueuedWrite> w) {
    const std::size_t size = w->size;  // once acknowledged, later writes may be appended to it
    if (q.submit(w)) co_return size;
    co_await w->answered.passed();
    co_return w->result;
}

Task<Result<std::size_t>> WriteBehind::readv(const Request& req, Fd& fd, IoVecs dst, off_t offset, unsigned flags) {
    return after_writes(&fd.inode(), ByteRange::from(position(offset)),
                        first_child().readv(req, fd, dst, offset, flags));
}

Task<Result<Unit>> WriteBehind::flush(const Request& req, Fd& fd) {
    WriteQueue* q = queue(fd.inode());
    if (q == nullptr || (q->idle() && !q->has_error_for(cursor(fd)))) return first_child().flush(req, fd);
    return reporting(*q, fd, flush_behind_ ? &fd : nullptr, first_child().flush(req, fd));
}

Task<Result<Unit>> WriteBehind::fsync(const Request& req, Fd& fd, bool datasync) {
    WriteQueue* q = queue(fd.inode());
    if (q == nullptr || (q->idle() && !q->has_error_for(cursor(fd)))) return first_child().fsync(req, fd, datasync);
    return reporting(*q, fd, nullptr, first_child().fsync(req, fd, datasync));
}

Task<Result<Unit>> WriteBehind::reporting(WriteQueue& q, Fd& fd, const Fd* only, Task<Result<Unit>> next) {
    (void)co_await q.settle(ByteRange::whole_file(), only, Waiter::OnWriteError::kReportLater);
    const Status deferred = q.take_error(cursor(fd));
    Result<Unit> r = co_await std::move(next);
    if (!deferred) co_return std::unexpected(deferred.error());
    co_return r;
}

Task<Result<EntryReply>> WriteBehind::create(const Request& req, const Loc& loc, int flags, mode_t mode,
                                             mode_t umask, Fd& fd) {
    (void)cursor(fd);
    return first_child().create(req, loc, flags, mode, umask, fd);
}

Task<Result<Unit>> WriteBehind::open(const Request& req, const Loc& loc, int flags, Fd& fd) {
    (void)cursor(fd);
    if ((flags & O_TRUNC) == 0) return first_child().open(req, loc, flags, fd);
    return after_writes(&fd.inode(), ByteRange::whole_file(), first_child().open(req, loc, flags, fd));
}

Task<Result<Iatt>> WriteBehind::stat(const Request& req, const Loc& loc) {
    return after_writes(loc.inode.get(), ByteRange::whole_file(), first_child().stat(req, loc));
}

Task<Result<Iatt>> WriteBehind::fstat(const Request& req, Fd& fd) {
    return after_writes(&fd.inode(), ByteRange::whole_file(), first_child().fstat(req, fd));
}

Task<Result<Iatt>> WriteBehind::setattr(const Request& req, const Loc& loc, const SetAttr& attr) {
    return after_writes(loc.inode.get(), ByteRange::whole_file(), first_child().setattr(req, loc, attr));
}

Task<Result<Iatt>> WriteBehind::fsetattr(const Request& req, Fd& fd, const SetAttr& attr) {
    return after_writes(&fd.inode(), ByteRange::whole_file(), first_child().fsetattr(req, fd, attr));
}

Task<Result<Unit>> WriteBehind::fallocate(const Request& req, Fd& fd, int mode, off_t offset, off_t length) {
    return after_writes(&fd.inode(), ByteRange::whole_file(), first_child().fallocate(req, fd, mode, offset, length));
}

Task<Result<Unit>> WriteBehind::discard(const Request& req, Fd& fd, off_t offset, off_t length) {
    return after_writes(&fd.inode(), ByteRange::whole_file(), first_child().discard(req, fd, offset, length));
}

Task<Result<Unit>> WriteBehind::zerofill(const Request& req, Fd& fd, off_t offset, off_t length) {
    return after_writes(&fd.inode(), ByteRange::whole_file(), first_child().zerofill(req, fd, offset, length));
}

Task<Result<off_t>> WriteBehind::seek(const Request& req, Fd& fd, off_t offset, int whence) {
    return after_writes(&fd.inode(), ByteRange::whole_file(), first_child().seek(req, fd, offset, whence));
}

// Waiters never hold back other fops, so waiting on one file and then on the other cannot
// deadlock against a copy in the opposite direction.
Task<Result<std::size_t>> WriteBehind::copy_file_range(const Request& req, Fd& in, off_t in_offset, Fd& out,
                                                       off_t out_offset, std::size_t length, unsigned flags) {
    return after_writes(
        &in.inode(), ByteRange::from(position(in_offset)),
        after_writes(&out.inode(), ByteRange::whole_file(),
                     first_child().copy_file_range(req, in, in_offset, out, out_offset, length, flags)));
}

InodeRef WriteBehind::known_inode(const Loc& loc) const {
    if (loc.inode && queue(*loc.inode) != nullptr) return loc.inode;
    InodeTable& table = graph()->itable();
    if (loc.parent) return table.find_child(*loc.parent, loc.name);
    if (!loc.gfid.is_null()) return table.find(loc.gfid);
    return {};
}

Task<Result<EntryReply>> WriteBehind::lookup(const Request& req, const Loc& loc) {
    if (!busy_.any()) return first_child().lookup(req, loc);
    InodeRef inode = known_inode(loc);
    WriteQueue* q = inode ? queue(*inode) : nullptr;
    if (q == nullptr || q->idle()) return first_child().lookup(req, loc);
    return lookup_after_writes(std::move(inode), first_child().lookup(req, loc));
}

// Holds the inode found by name while waiting: the lookup's own Loc may not reference it.
Task<Result<EntryReply>> WriteBehind::lookup_after_writes(InodeRef inode, Task<Result<EntryReply>> next) {
    co_return co_await settled_then(*queue(*inode), ByteRange::whole_file(), std::move(next));
}

Task<Result<Dirents>> WriteBehind::readdirp(const Request& req, Fd& fd, std::size_t size, std::uint64_t offset) {
    if (!busy_.any()) return first_child().readdirp(req, fd, size, offset);
    return without_pending_sizes(totals_.replies.load(std::memory_order_acquire),
                                 first_child().readdirp(req, fd, size, offset));
}

// A file with writes pending now, or whose writes got their reply after `since`, may have had
// its attributes read before those writes landed.
Task<Result<Dirents>> WriteBehind::without_pending_sizes(std::uint64_t since, Task<Result<Dirents>> next) {
    Result<Dirents> r = co_await std::move(next);
    if (!r) co_return r;
    InodeTable& table = graph()->itable();
    for (Dirent& d : *r) {
        if (!d.attr || !d.attr->is_reg()) continue;
        InodeRef inode = table.find(d.attr->gfid);
        const WriteQueue* q = inode ? queue(*inode) : nullptr;
        if (q != nullptr && (!q->idle() || q->last_reply() > since)) d.attr.reset();
    }
    co_return r;
}

}  // namespace booster
