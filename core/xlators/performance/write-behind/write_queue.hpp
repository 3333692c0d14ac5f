// WriteQueue: write-behind's context on an inode: the file's pending writes in arrival order,
// and the fops parked until some of them have their reply (GlusterFS's wb_inode).
//
// Rules (each one a test in tests/unit/xlators/performance/write_behind_test.cpp):
//   * Order: a write is sent to the child only when no earlier pending write overlaps it, so
//     overlapping writes are never in flight together and land in arrival order. Writes that
//     overlap nothing may be in flight together and complete in any order.
//   * Window: a cached write is acknowledged at arrival while the bytes acknowledged and not yet
//     replied fit in window-size; otherwise its caller waits, in arrival order, for room or for
//     the write's own reply (the seed: wind at once, hold the unwind). Room is given again once
//     at most half the window is in use: a writer ahead of the child wakes once per half window.
//   * Sending: contiguous cached writes are joined (WriteBatch). A write that continues the last
//     unsent one, while nothing waits (no waiter, no caller) and no pending write overlaps it, is
//     appended to that write's copy at its arrival (append()): no allocation and no frame per
//     write. A batch is sent at once when someone waits for a write (a waiter, a caller not yet
//     acknowledged) or, with trickling, when no write of the file is in flight. A full batch
//     (aggregate-size, or as full as it can be before the next contiguous write) goes at once
//     when none is in flight, else with the next reply, on its thread: the writer's thread does
//     not pay for sending while the pipe to the child is busy. A reply also sends every batch
//     the next unsent write does not continue: only the last unsent write takes appends, so
//     nothing can join such a batch any more, and scattered writes keep the child busy rather
//     than going in waves. Otherwise a batch stays to
//     collect more writes; without trickling, one that nobody asks for may wait until the fd's
//     flush.
//   * Waiters (settle()): a fop continues once the writes that arrived before it and overlap its
//     range have their reply. A waiter does not hold back later writes: a fop that arrives after
//     another returned is ordered by its caller, and fops in flight together are concurrent.
//   * Errors: when an acknowledged write fails, its errno goes to every fd open on the file (its
//     ErrorCursor, reported by that fd's next fsync or flush), and the waiters and
//     unacknowledged writes queued after it that depend on it fail with it at once.
// Progress is made by pump(), run by whichever thread changed the queue: one thread at a time,
// looping until nothing is left to do, so a reply that arrives inline while pumping never
// recurses. Parked fops resume on the pumping thread. Each write and waiter counts the pending
// writes that hold it back (its blockers), counted at arrival and lowered by each reply, among
// the pending writes that overlap it (PendingRanges), never by comparing every pair of them.
// Lifetime: destroyed with its inode (forget). Every pending write holds an FdRef, hence the
// inode; whoever calls in holds the inode too (a fop's Fd or Loc, a batch's writes, or fini()
// through BusyFiles).
// Thread-safety: every public method may be called from any thread.
#pragma once

#include <atomic>
#include <deque>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <vector>

#include "core/engine/ctx.hpp"
#include "core/engine/task.hpp"
#include "core/engine/xlator.hpp"
#include "core/xlators/performance/write-behind/buffer_pool.hpp"
#include "core/xlators/performance/write-behind/busy_files.hpp"
#include "core/xlators/performance/write-behind/byte_range.hpp"
#include "core/xlators/performance/write-behind/error_cursor.hpp"
#include "core/xlators/performance/write-behind/pending_ranges.hpp"
#include "core/xlators/performance/write-behind/queued_write.hpp"
#include "core/xlators/performance/write-behind/totals.hpp"
#include "core/xlators/performance/write-behind/waiter.hpp"
#include "core/xlators/performance/write-behind/write_batch.hpp"

namespace booster {

class WriteQueue final : public Ctx {
public:
    struct Config {
        std::uint64_t window_size = 0;
        std::uint64_t aggregate_size = 0;
        bool trickling = true;
    };

    WriteQueue(Inode& inode, Xlator& child, const Config& config, WriteBehindTotals& totals, BusyFiles& busy,
               std::shared_ptr<BufferPool> buffers)
        : inode_(inode), child_(child), config_(config), totals_(totals), busy_(busy), buffers_(std::move(buffers)) {}

    InodeRef inode() const { return InodeRef(&inode_); }

    // No write pending.
    bool idle() const { return pending_.load(std::memory_order_acquire) == 0; }

    // Queues `w` behind every pending write and sends what may be sent. True if `w` was
    // acknowledged at once (its caller may return); otherwise the caller awaits w->answered.
    bool submit(const std::shared_ptr<QueuedWrite>& w);

    // Appends a cached write (cacheable, `src` not empty, `offset` >= 0) to the last unsent
    // write, which it continues, and acknowledges it; false (nothing done) when it may not be.
    bool append(const Request& req, Fd& fd, IoVecs src, off_t offset, unsigned flags, std::size_t size);

    // Returns once the writes pending now that overlap `range` (made through `only`, when set)
    // have their reply; the errno of one of them that was acknowledged and failed, with kFail.
    Task<Status> settle(ByteRange range, const Fd* only, Waiter::OnWriteError on_error);

    std::uint64_t error_seq() const { return error_seq_.load(std::memory_order_acquire); }
    bool has_error_for(const ErrorCursor& cursor) const {
        return cursor.seen.load(std::memory_order_relaxed) != error_seq();
    }
    // The errno of the last acknowledged write that failed since `cursor` last reported; once.
    Status take_error(ErrorCursor& cursor);

    // From now on every write goes as soon as no earlier write overlaps it, without waiting to
    // be joined by others (fini: the graph is going).
    void send_everything();

    // The `replies` stamp of this file's latest write reply (0 if none): a file whose stamp is
    // above a stamp taken earlier had writes pending since then.
    std::uint64_t last_reply() const { return last_reply_.load(std::memory_order_acquire); }

private:
    using Writes = std::list<std::shared_ptr<QueuedWrite>>;
    struct Actions {
        std::vector<std::shared_ptr<QueuedWrite>> answer;
        std::vector<std::shared_ptr<Waiter>> release;
        std::vector<std::shared_ptr<WriteBatch>> wind;
        bool empty() const { return answer.empty() && release.empty() && wind.empty(); }
    };

    bool park(const std::shared_ptr<Waiter>& waiter);
    // Under mu_: the last unsent write, if `added` may be appended to it.
    QueuedWrite* appendable(const Fd& fd, std::uint64_t lk_owner, unsigned flags, const ByteRange& added) const;
    void make_room(QueuedWrite& w);
    // Who pumps: a fop that arrives (a write, a waiter) or a reply (complete()).
    enum class Pumper { kCaller, kReply };
    void pump(Pumper by);
    void run(Actions& a);
    void send(std::shared_ptr<WriteBatch> batch);
    void complete(const std::shared_ptr<WriteBatch>& batch, const Result<std::size_t>& r);

    // Under mu_:
    void schedule(Actions& a, Pumper by);
    void acknowledge(Actions& a);
    bool release_waiters(Actions& a);
    void choose_batches(Actions& a, bool someone_waits, Pumper by);
    void take_reply(const std::shared_ptr<QueuedWrite>& w, const Result<std::size_t>& r, Actions& a);
    void fail_dependents(const QueuedWrite& failed, int errnum, Actions& a);
    // Drops a write from the pending ones; the later writes and the waiters it held back
    // count one blocker less. The next pending write.
    Writes::iterator forget(Writes::iterator w);
    // Sends `group` (contiguous, unblocked, unsent writes) as one batch if `go`; empties it.
    void offer(std::vector<std::shared_ptr<QueuedWrite>>& group, bool go, Actions& a);
    void count_pending();

    Inode& inode_;
    Xlator& child_;
    const Config config_;
    WriteBehindTotals& totals_;
    BusyFiles& busy_;
    const std::shared_ptr<BufferPool> buffers_;

    mutable std::mutex mu_;
    Writes writes_;                                 // arrival order (ascending seq)
    PendingRanges pending_ranges_;                  // the same writes, by where they start
    Writes unsent_;                                 // those not sent yet, in arrival order
    std::vector<std::shared_ptr<Waiter>> waiters_;
    std::uint64_t next_seq_ = 1;
    std::uint64_t window_used_ = 0;    // acknowledged bytes without reply
    std::size_t unacknowledged_ = 0;   // queued writes whose caller is waiting
    std::deque<std::shared_ptr<QueuedWrite>> awaiting_room_;  // cached writes among those, in order
    std::size_t in_flight_ = 0;        // batches sent without reply
    // The unsent writes may hold a batch of aggregate-size: one joined the write before it, came
    // at that size, or stopped being held back since they were last grouped.
    bool may_fill_batch_ = false;
    bool pumping_ = false;
    bool reply_turn_missed_ = false;  // a reply pumped while another thread was pumping
    bool sending_everything_ = false;
    int last_errno_ = 0;
    std::atomic<std::uint64_t> error_seq_{0};   // written under mu_
    std::atomic<std::size_t> pending_{0};       // writes_.size(), written under mu_
    std::atomic<std::uint64_t> last_reply_{0};  // written under mu_
};

}  // namespace booster
