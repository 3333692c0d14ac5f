// performance/write-behind: acknowledges writes before they reach the child, and sends them
// in the background, joined into larger writes (seed 003, with GlusterFS's later lessons).
//
// A writev is copied, queued on its file (WriteQueue, the inode's context) or appended to the
// copy of the queued write it continues, and answered at once while the file's window has
// room; the queue sends it later (trickling, aggregation: write_queue.hpp). Not cached, but
// still queued in order and answered with the child's reply: writes on an fd opened O_SYNC,
// O_DSYNC, O_DIRECT (as GlusterFS with strict-O_DIRECT) or O_APPEND, writes with any RWF_* flag
// (RWF_APPEND: its offset is chosen below), and writes larger than the window.
// What the other fops see:
//   * readv waits for the pending writes at or after its offset (one beyond it may extend the
//     file into the range read); stat, fstat, lookup, seek, setattr/fsetattr (truncate,
//     times), fallocate, discard, zerofill and open with O_TRUNC wait for every pending write
//     of the file; copy_file_range for those of both files. So reads and sizes include cached
//     writes, and a truncate lands after the writes made before it.
//   * readdirp drops the attributes of an entry whose file has writes pending (or had since
//     the readdirp started): the reader asks again by lookup, which waits (GlusterFS does this).
//   * fsync waits for every pending write of the file; flush for those made through its fd
//     (flush-behind on) or for every one (off). Both then return the error of an acknowledged
//     write that failed since this fd last reported one (ErrorCursor), or else the child's
//     fsync/flush result, which they always wait for. So close-to-open holds and no deferred
//     error is lost (GlusterFS #2103, #812, #979). What flush-behind still buys: a close does
//     not wait for other fds' writes. Answering flush before the writes had their reply is
//     never done here. Limit of "its fd": the kernel's writeback of a shared mmap through
//     FUSE writes through any open fd of the file; flush-behind off waits for those too.
//   * A waiting fop whose write failed after being acknowledged fails with that errno.
// Every other fop passes through without a frame. Nothing is lost at release: each pending
// write holds a reference on its fd, so the release happens after the last reply. Nor when
// the graph goes: fini() sends what is held and waits for every reply.
// dump(): "cached=N written-through=N window-waits=N batches=N deferred-errors=N replies=N
// busy-files=N pooled-bytes=N\n" (batches: writevs sent to the child; pooled-bytes: free copy
// buffers kept for the next writes, buffer_pool.hpp).
// Thread-safety: as every translator; see write_queue.hpp.
#pragma once

#include <string>

#include "core/engine/xlator.hpp"
#include "core/xlators/performance/write-behind/buffer_pool.hpp"
#include "core/xlators/performance/write-behind/busy_files.hpp"
#include "core/xlators/performance/write-behind/error_cursor.hpp"
#include "core/xlators/performance/write-behind/totals.hpp"
#include "core/xlators/performance/write-behind/write_queue.hpp"

namespace booster {

class WriteBehind final : public Xlator {
public:
    Status init() override;
    // Sends every write still held and waits for the last reply (busy_files.hpp).
    void fini() override;
    std::string dump() const override { return totals_.render(busy_.count(), buffers_ ? buffers_->free_bytes() : 0); }

    Task<Result<EntryReply>> lookup(const Request& req, const Loc& loc) override;
    Task<Result<Iatt>> stat(const Request& req, const Loc& loc) override;
    Task<Result<Iatt>> fstat(const Request& req, Fd& fd) override;
    Task<Result<EntryReply>> create(const Request& req, const Loc& loc, int flags, mode_t mode, mode_t umask,
                                    Fd& fd) override;
    Task<Result<Unit>> open(const Request& req, const Loc& loc, int flags, Fd& fd) override;
    Task<Result<std::size_t>> readv(const Request& req, Fd& fd, IoVecs dst, off_t offset, unsigned flags) override;
    Task<Result<std::size_t>> writev(const Request& req, Fd& fd, IoVecs src, off_t offset, unsigned flags) override;
    Task<Result<Unit>> flush(const Request& req, Fd& fd) override;
    Task<Result<Unit>> fsync(const Request& req, Fd& fd, bool datasync) override;
    Task<Result<Dirents>> readdirp(const Request& req, Fd& fd, std::size_t size, std::uint64_t offset) override;
    Task<Result<Iatt>> setattr(const Request& req, const Loc& loc, const SetAttr& attr) override;
    Task<Result<Iatt>> fsetattr(const Request& req, Fd& fd, const SetAttr& attr) override;
    Task<Result<Unit>> fallocate(const Request& req, Fd& fd, int mode, off_t offset, off_t length) override;
    Task<Result<Unit>> discard(const Request& req, Fd& fd, off_t offset, off_t length) override;
    Task<Result<Unit>> zerofill(const Request& req, Fd& fd, off_t offset, off_t length) override;
    Task<Result<off_t>> seek(const Request& req, Fd& fd, off_t offset, int whence) override;
    Task<Result<std::size_t>> copy_file_range(const Request& req, Fd& in, off_t in_offset, Fd& out, off_t out_offset,
                                              std::size_t length, unsigned flags) override;

private:
    WriteQueue* queue(Inode& inode) const { return ctx<WriteQueue>(inode); }
    WriteQueue& queue_or_create(Inode& inode);
    ErrorCursor& cursor(Fd& fd) const;
    bool cacheable(const Fd& fd, unsigned flags, std::size_t size) const;

    // `next` once the writes pending on `inode` that overlap `range` have their reply; `next`
    // itself, without a frame, when there are none.
    template <class R>
    Task<Result<R>> after_writes(Inode* inode, ByteRange range, Task<Result<R>> next);
    template <class R>
    Task<Result<R>> settled_then(WriteQueue& q, ByteRange range, Task<Result<R>> next);
    // flush and fsync: wait, then `next`, then the deferred error first.
    Task<Result<Unit>> reporting(WriteQueue& q, Fd& fd, const Fd* only, Task<Result<Unit>> next);
    Task<Result<std::size_t>> queued(WriteQueue& q, std::shared_ptr<QueuedWrite> w);
    InodeRef known_inode(const Loc& loc) const;
    Task<Result<EntryReply>> lookup_after_writes(InodeRef inode, Task<Result<EntryReply>> next);
    Task<Result<Dirents>> without_pending_sizes(std::uint64_t since, Task<Result<Dirents>> next);

    WriteQueue::Config config_;
    bool flush_behind_ = true;
    WriteBehindTotals totals_;
    BusyFiles busy_;
    std::shared_ptr<BufferPool> buffers_;  // shared by every file's queue
};

}  // namespace booster
