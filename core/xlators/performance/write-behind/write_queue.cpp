#include "core/xlators/performance/write-behind/write_queue.hpp"

#include <algorithm>
#include <cstring>
#include <iterator>
#include <utility>

#include "core/engine/spawn.hpp"

namespace booster {

bool WriteQueue::submit(const std::shared_ptr<QueuedWrite>& w) {
    bool acknowledged = false;
    // Read before `w` is queued: from then on another writer may append to it, replacing its copy.
    const bool cached = w->cached();
    {
        std::lock_guard lock(mu_);
        w->seq = next_seq_++;
        w->blockers = 0;
        pending_ranges_.for_each_overlapping(w->range, [&](const QueuedWrite&) { ++w->blockers; });
        may_fill_batch_ = may_fill_batch_ || w->size >= config_.aggregate_size ||
                          (!unsent_.empty() && (unsent_.back()->blockers > 0 || WriteBatch::joins(*unsent_.back(), *w)));
        w->pos = writes_.insert(writes_.end(), w);
        pending_ranges_.add(*w);
        w->unsent_pos = unsent_.insert(unsent_.end(), w);
        // Room goes in arrival order: a write never overtakes one already waiting for room.
        if (cached && awaiting_room_.empty() && window_used_ + w->size <= config_.window_size) {
            w->write_behind = acknowledged = true;
            window_used_ += w->size;
        } else {
            ++unacknowledged_;
            if (cached) awaiting_room_.push_back(w);
        }
        count_pending();
    }
    if (!cached) totals_.written_through.fetch_add(1, std::memory_order_relaxed);
    else if (acknowledged) totals_.cached.fetch_add(1, std::memory_order_relaxed);
    else totals_.window_waits.fetch_add(1, std::memory_order_relaxed);
    pump(Pumper::kCaller);
    return acknowledged;
}

bool WriteQueue::append(const Request& req, Fd& fd, IoVecs src, off_t offset, unsigned flags, std::size_t size) {
    const ByteRange added = ByteRange::of(static_cast<std::uint64_t>(offset), size);
    bool send_now = false;
    {
        std::lock_guard lock(mu_);
        QueuedWrite* last = appendable(fd, req.lk_owner, flags, added);
        if (last == nullptr) return false;
        make_room(*last);
        gather(src, last->copy.get() + last->size);
        last->size += size;
        last->range.end = added.end;
        pending_ranges_.grew(*last);
        window_used_ += size;
        may_fill_batch_ = true;
        // What schedule() would send now; nothing else changed (appendable() saw nobody waiting).
        send_now = in_flight_ == 0 && (config_.trickling || last->size >= config_.aggregate_size);
    }
    totals_.cached.fetch_add(1, std::memory_order_relaxed);
    if (send_now) pump(Pumper::kCaller);
    return true;
}

// The appended write takes the last one's place in the arrival order, so it must not overlap
// any pending write (ordering) and nobody may be waiting (window order, waiters' counts).
QueuedWrite* WriteQueue::appendable(const Fd& fd, std::uint64_t lk_owner, unsigned flags,
                                    const ByteRange& added) const {
    if (unsent_.empty() || !waiters_.empty() || unacknowledged_ > 0 || sending_everything_ ||
        window_used_ + (added.end - added.start) > config_.window_size)
        return nullptr;
    QueuedWrite& last = *unsent_.back();
    if (!last.continued_by(fd, lk_owner, flags, static_cast<off_t>(added.start)) ||
        last.size + (added.end - added.start) > config_.aggregate_size)
        return nullptr;
    bool overlaps = false;
    pending_ranges_.for_each_overlapping(added, [&](const QueuedWrite&) { overlaps = true; });
    return overlaps ? nullptr : &last;
}

// A write first appended to gets a pooled buffer of aggregate-size in place of its exact copy.
void WriteQueue::make_room(QueuedWrite& w) {
    if (buffers_->appendable(w.copy)) return;
    BufferPool::Buffer bigger = BufferPool::take(buffers_);
    std::memcpy(bigger.get(), w.copy.get(), w.size);
    w.copy = std::move(bigger);
}

Task<Status> WriteQueue::settle(ByteRange range, const Fd* only, Waiter::OnWriteError on_error) {
    auto waiter = std::make_shared<Waiter>(range, only, on_error);
    if (!park(waiter)) co_return ok();
    pump(Pumper::kCaller);  // writes held back for aggregation are needed now
    co_await waiter->released.passed();
    if (waiter->failed != 0) co_return fail(waiter->failed);
    co_return ok();
}

bool WriteQueue::park(const std::shared_ptr<Waiter>& waiter) {
    std::lock_guard lock(mu_);
    waiter->before_seq = next_seq_;
    waiter->blockers = 0;
    pending_ranges_.for_each_overlapping(waiter->range, [&](const QueuedWrite& w) {
        if (waiter->depends_on(*w.fd, w.range)) ++waiter->blockers;
    });
    if (waiter->blockers == 0) return false;
    waiters_.push_back(waiter);
    return true;
}

Status WriteQueue::take_error(ErrorCursor& cursor) {
    std::lock_guard lock(mu_);
    const std::uint64_t seq = error_seq_.load(std::memory_order_relaxed);
    if (cursor.seen.load(std::memory_order_relaxed) == seq) return ok();
    cursor.seen.store(seq, std::memory_order_relaxed);
    return fail(last_errno_);
}

void WriteQueue::send_everything() {
    {
        std::lock_guard lock(mu_);
        sending_everything_ = true;
    }
    pump(Pumper::kCaller);
}

void WriteQueue::pump(Pumper by) {
    {
        std::lock_guard lock(mu_);
        // The pumping thread (maybe this one, further up the stack) schedules again after its
        // current actions, and so sees whatever the caller changed; a reply's turn included.
        if (pumping_) {
            reply_turn_missed_ = reply_turn_missed_ || by == Pumper::kReply;
            return;
        }
        pumping_ = true;
    }
    while (true) {
        Actions a;
        {
            std::lock_guard lock(mu_);
            schedule(a, std::exchange(reply_turn_missed_, false) ? Pumper::kReply : by);
            if (a.empty()) {
                pumping_ = false;
                return;
            }
        }
        run(a);
    }
}

void WriteQueue::run(Actions& a) {
    for (const auto& w : a.answer) w->answered.open();
    for (const auto& waiter : a.release) waiter->released.open();
    for (auto& batch : a.wind) send(std::move(batch));
}

void WriteQueue::send(std::shared_ptr<WriteBatch> batch) {
    totals_.batches.fetch_add(1, std::memory_order_relaxed);
    busy_.batch_sent();
    Task<Result<std::size_t>> wind = batch->wind(child_);
    // Only the callback holds the batch, whose writes hold the fd and so this queue's inode. It
    // lets them go before it reports the batch done: by then nothing of the batch is left.
    spawn(std::move(wind), [this, batch = std::move(batch), &busy = busy_](Result<std::size_t>&& r) mutable {
        complete(batch, r);
        batch.reset();
        busy.batch_released();
    });
}

void WriteQueue::complete(const std::shared_ptr<WriteBatch>& batch, const Result<std::size_t>& r) {
    Actions a;
    {
        std::lock_guard lock(mu_);
        --in_flight_;
        for (const auto& w : batch->writes()) take_reply(w, r, a);
        last_reply_.store(totals_.replies.fetch_add(1, std::memory_order_relaxed) + 1, std::memory_order_release);
        count_pending();
    }
    run(a);
    pump(Pumper::kReply);
}

void WriteQueue::take_reply(const std::shared_ptr<QueuedWrite>& w, const Result<std::size_t>& r, Actions& a) {
    w->got_reply = true;
    forget(w->pos);
    if (w->write_behind) {
        window_used_ -= w->size;
        if (!r) {
            last_errno_ = r.error().errnum;
            error_seq_.fetch_add(1, std::memory_order_release);
            totals_.deferred_errors.fetch_add(1, std::memory_order_relaxed);
            fail_dependents(*w, r.error().errnum, a);
        }
        return;
    }
    --unacknowledged_;
    if (w->cached()) std::erase(awaiting_room_, w);
    if (!r) w->result = std::unexpected(r.error());
    else w->result = w->cached() ? w->size : *r;  // a cached write's batch wrote all of it
    a.answer.push_back(w);
}

void WriteQueue::fail_dependents(const QueuedWrite& failed, int errnum, Actions& a) {
    for (const auto& waiter : waiters_)
        if (waiter->on_error == Waiter::OnWriteError::kFail && waiter->before_seq > failed.seq &&
            waiter->depends_on(*failed.fd, failed.range))
            waiter->failed = errnum;
    for (auto it = writes_.begin(); it != writes_.end();) {
        const auto& later = *it;
        const bool depends = later->seq > failed.seq && later->range.overlaps(failed.range);
        if (!depends || later->stack_wound || later->write_behind) {
            ++it;
            continue;
        }
        --unacknowledged_;
        if (later->cached()) std::erase(awaiting_room_, later);
        later->result = fail(errnum);
        a.answer.push_back(later);
        unsent_.erase(later->unsent_pos);
        it = forget(it);
    }
}

WriteQueue::Writes::iterator WriteQueue::forget(Writes::iterator w) {
    const QueuedWrite& gone = **w;
    pending_ranges_.remove(gone);
    pending_ranges_.for_each_overlapping(gone.range, [&](QueuedWrite& other) {
        if (other.seq > gone.seq && --other.blockers == 0) may_fill_batch_ = true;
    });
    for (const auto& waiter : waiters_)
        if (waiter->before_seq > gone.seq && waiter->depends_on(*gone.fd, gone.range)) --waiter->blockers;
    return writes_.erase(w);
}

void WriteQueue::schedule(Actions& a, Pumper by) {
    acknowledge(a);
    const bool someone_waits = release_waiters(a) || unacknowledged_ > 0;
    choose_batches(a, someone_waits, by);
}

void WriteQueue::acknowledge(Actions& a) {
    // Writers that found the window full resume once half of it has drained, not at each
    // reply: waking a thread costs more than a cached write, so a writer ahead of its child
    // wakes once per half window instead of once per write.
    if (!awaiting_room_.empty() && window_used_ > config_.window_size / 2) return;
    while (!awaiting_room_.empty()) {
        const std::shared_ptr<QueuedWrite>& w = awaiting_room_.front();
        if (window_used_ + w->size > config_.window_size) return;
        w->write_behind = true;
        w->result = w->size;
        window_used_ += w->size;
        --unacknowledged_;
        a.answer.push_back(w);
        awaiting_room_.pop_front();
    }
}

bool WriteQueue::release_waiters(Actions& a) {
    bool still_blocked = false;
    std::erase_if(waiters_, [&](const std::shared_ptr<Waiter>& waiter) {
        if (waiter->failed == 0 && waiter->blockers > 0) {
            still_blocked = true;
            return false;
        }
        a.release.push_back(waiter);
        return true;
    });
    return still_blocked;
}

// Groups the unsent writes that nothing holds back into batches, each of contiguous writes in
// arrival order, without building a batch that is not sent. When nothing makes every batch go,
// only a full one may (a write whose caller waits makes `someone_waits`), and only from a
// reply's thread while a batch is in flight (that reply is sure to come), which also sends the
// groups that a later write ends: the writes are grouped only if one may have formed.
void WriteQueue::choose_batches(Actions& a, bool someone_waits, Pumper by) {
    const bool go_anyway = someone_waits || sending_everything_ || (config_.trickling && in_flight_ == 0);
    const bool full_ones_go = go_anyway || by == Pumper::kReply || in_flight_ == 0;
    const bool reply_sends_ended_groups = by == Pumper::kReply && unsent_.size() > 1;
    if (!go_anyway && !reply_sends_ended_groups && !(may_fill_batch_ && full_ones_go)) return;
    may_fill_batch_ = false;
    std::vector<std::shared_ptr<QueuedWrite>> group;
    std::uint64_t bytes = 0;
    for (auto it = unsent_.begin(); it != unsent_.end();) {
        const std::shared_ptr<QueuedWrite>& w = *it++;  // `offer` may unlink the writes before it
        if (w->blockers > 0) continue;
        if (!group.empty()) {
            const bool joins = WriteBatch::joins(*group.back(), *w);
            if (!joins || bytes + w->size > config_.aggregate_size) {
                // Full: at aggregate-size, or as full as it can be before the next contiguous write.
                // On a reply's turn a group that the next write ends goes too: nothing can join
                // it any more, and writes all over the file keep the child busy, not in waves.
                const bool full = joins || bytes >= config_.aggregate_size;
                offer(group, go_anyway || (full_ones_go && (full || by == Pumper::kReply)), a);
                bytes = 0;
            }
        }
        group.push_back(w);
        bytes += w->size;
    }
    if (!group.empty()) offer(group, go_anyway || (full_ones_go && bytes >= config_.aggregate_size), a);
}

void WriteQueue::offer(std::vector<std::shared_ptr<QueuedWrite>>& group, bool go, Actions& a) {
    if (go) {
        for (const auto& w : group) {
            w->stack_wound = true;
            unsent_.erase(w->unsent_pos);
        }
        ++in_flight_;
        a.wind.push_back(std::make_shared<WriteBatch>(std::move(group)));
    }
    group.clear();
}

void WriteQueue::count_pending() {
    const std::size_t before = pending_.load(std::memory_order_relaxed);
    pending_.store(writes_.size(), std::memory_order_release);
    if (before == 0 && !writes_.empty()) busy_.became_busy(this);
    if (before != 0 && writes_.empty()) busy_.became_idle(this);
}

}  // namespace booster
