// FdTable<T>: the application's file descriptor numbers -> the booster's open-file state.
//
// The preload keeps the kernel fd open as a placeholder and records, at the same number, a
// reference-counted Entry<T> (T = the engine-side open file: handle, offset, flags). dup()'d
// numbers share one Entry, as the kernel shares one open file description; the close-on-exec
// flag belongs to the number, not the Entry.
//
// Layout: a fixed top-level array of chunk pointers covering up to `max_fds` numbers (the
// hard RLIMIT_NOFILE by default); chunks of 1024 slots are allocated on first use and kept
// until the table dies, so a lookup never races with a free of its slot.
// Concurrency: a lookup of an fd that is not in the table is two atomic loads. pin(), the
// hit path of every boosted call, announces the entry in the thread's hazard slot and re-reads
// the slot (hazard.hpp): no lock, no reference count, no write to a shared line. lookup(),
// which returns a counted Handle, takes the slot's own spin bit for the few instructions needed
// to take a reference; there is no global lock anywhere. Install/remove/dup also lock only the
// slots they touch; for_each_held holds each slot it visits while its callback runs. The Entry
// is retired by whoever drops its last Handle, on any thread, and deleted once no pin holds it.
// Thread-safety: every method may be called from any thread; after fork() the child calls
// reset_after_fork() before using the table (a parent thread may have died holding a slot bit).
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <utility>

#include "fdtable/fd_limits.hpp"
#include "fdtable/hazard.hpp"

namespace booster::fdtable {

template <class T>
class FdTable;

template <class T>
class Entry {
public:
    template <class... A>
    explicit Entry(A&&... args) : value(std::forward<A>(args)...) {}
    T value;

private:
    template <class U>
    friend class Handle;
    template <class U>
    friend class FdTable;
    std::atomic<std::uint64_t> refs_{0};
};

// Owns one reference to an Entry.
template <class T>
class Handle {
public:
    Handle() = default;
    template <class... A>
    static Handle make(A&&... args) {
        return Handle(new Entry<T>(std::forward<A>(args)...));
    }
    Handle(const Handle& o) : Handle(o.e_) {}
    Handle(Handle&& o) noexcept : e_(std::exchange(o.e_, nullptr)) {}
    Handle& operator=(Handle o) noexcept {
        std::swap(e_, o.e_);
        return *this;
    }
    ~Handle() {
        if (e_ != nullptr && e_->refs_.fetch_sub(1, std::memory_order_acq_rel) == 1)
            hazard::retire(e_, [](void* e) { delete static_cast<Entry<T>*>(e); });
    }

    T* get() const { return e_ != nullptr ? &e_->value : nullptr; }
    T* operator->() const { return &e_->value; }
    T& operator*() const { return e_->value; }
    explicit operator bool() const { return e_ != nullptr; }
    // How many handles (table slots included) share the entry; for close() to know it is last.
    std::uint64_t use_count() const { return e_ != nullptr ? e_->refs_.load(std::memory_order_acquire) : 0; }
    friend bool operator==(const Handle& a, const Handle& b) { return a.e_ == b.e_; }

private:
    template <class U>
    friend class FdTable;
    explicit Handle(Entry<T>* e) : e_(e) {
        if (e_ != nullptr) e_->refs_.fetch_add(1, std::memory_order_relaxed);
    }
    Entry<T>* e_ = nullptr;
};

// The entry at an fd, borrowed for the length of one call (FdTable::pin): it stays alive while
// the Pin does, even if the fd is closed meanwhile. Holds the thread's hazard slot, or (when
// that is busy: a nested pin on the same thread) a counted Handle. Not to be kept or passed
// to another thread.
template <class T>
class Pin {
public:
    Pin() = default;
    Pin(Pin&& o) noexcept
        : e_(std::exchange(o.e_, nullptr)), record_(std::exchange(o.record_, nullptr)), held_(std::move(o.held_)) {}
    Pin& operator=(Pin&&) = delete;
    ~Pin() {
        if (record_ != nullptr) hazard::release(*record_);
    }

    T* get() const { return e_ != nullptr ? &e_->value : held_.get(); }
    T* operator->() const { return get(); }
    T& operator*() const { return *get(); }
    explicit operator bool() const { return get() != nullptr; }

private:
    template <class U>
    friend class FdTable;
    Pin(Entry<T>* e, hazard::Record* r) : e_(e), record_(r) {}
    explicit Pin(Handle<T> held) : held_(std::move(held)) {}
    Entry<T>* e_ = nullptr;
    hazard::Record* record_ = nullptr;
    Handle<T> held_;
};

template <class T>
class FdTable {
public:
    static constexpr std::size_t kChunkBits = 10;
    static constexpr std::size_t kChunkSize = std::size_t{1} << kChunkBits;

    explicit FdTable(std::size_t max_fds = fd_limit())
        : max_fds_(max_fds), chunks_(std::make_unique<std::atomic<Chunk*>[]>((max_fds + kChunkSize - 1) >> kChunkBits)) {
        hazard::init();
    }
    ~FdTable() {
        const std::size_t n = (max_fds_ + kChunkSize - 1) >> kChunkBits;
        for (std::size_t i = 0; i < n; ++i) {
            Chunk* c = chunks_[i].load(std::memory_order_relaxed);
            if (c == nullptr) continue;
            for (Slot& s : c->slots) {
                Handle<T> slot_ref;  // drops the reference the slot still holds
                slot_ref.e_ = s.entry.load(std::memory_order_relaxed);
            }
            delete c;
        }
    }
    FdTable(const FdTable&) = delete;
    FdTable& operator=(const FdTable&) = delete;

    std::size_t max_fds() const { return max_fds_; }

    // The entry at `fd`, or an empty handle.
    Handle<T> lookup(int fd) const {
        Slot* s = slot(fd);
        if (s == nullptr || s->entry.load(std::memory_order_acquire) == nullptr) return {};
        SlotLock lock(*s);
        return Handle<T>(s->entry.load(std::memory_order_relaxed));
    }

    // The entry at `fd` for the length of one call, or an empty Pin.
    Pin<T> pin(int fd) const {
        Slot* s = slot(fd);
        if (s == nullptr) return {};
        Entry<T>* e = s->entry.load(std::memory_order_acquire);
        if (e == nullptr) return {};
        hazard::Record* r = hazard::own_free_record();
        if (r == nullptr) return Pin<T>(lookup(fd));
        for (;;) {
            hazard::announce(*r, e);
            Entry<T>* again = s->entry.load(std::memory_order_seq_cst);
            if (again == e) return Pin<T>(e, r);
            if (again == nullptr) {
                hazard::release(*r);
                return {};
            }
            e = again;
        }
    }

    bool contains(int fd) const {
        Slot* s = slot(fd);
        return s != nullptr && s->entry.load(std::memory_order_acquire) != nullptr;
    }

    // Puts `h` at `fd`, replacing (and returning) whatever was there. False if fd is out of range.
    bool install(int fd, const Handle<T>& h, bool cloexec, Handle<T>* replaced = nullptr) {
        Slot* s = slot_or_create(fd);
        if (s == nullptr) return false;
        Handle<T> old;
        {
            SlotLock lock(*s);
            old.e_ = s->entry.exchange(h.e_, std::memory_order_seq_cst);
            if (h.e_ != nullptr) h.e_->refs_.fetch_add(1, std::memory_order_relaxed);
            s->cloexec.store(cloexec, std::memory_order_relaxed);
        }
        if (replaced != nullptr) *replaced = std::move(old);
        return true;
    }

    // Removes and returns the entry at `fd` (empty if none).
    Handle<T> remove(int fd) {
        Slot* s = slot(fd);
        if (s == nullptr || s->entry.load(std::memory_order_acquire) == nullptr) return {};
        Handle<T> old;
        SlotLock lock(*s);
        old.e_ = s->entry.exchange(nullptr, std::memory_order_seq_cst);
        s->cloexec.store(false, std::memory_order_relaxed);
        return old;
    }

    // Removes the entry at `fd` only if it is still `expected` (a number closed behind our back
    // may have been reused by another thread since).
    bool remove_if(int fd, const Handle<T>& expected) {
        Slot* s = slot(fd);
        if (s == nullptr || !expected) return false;
        Handle<T> old;
        SlotLock lock(*s);
        Entry<T>* want = expected.e_;
        if (!s->entry.compare_exchange_strong(want, nullptr, std::memory_order_seq_cst)) return false;
        old.e_ = want;
        s->cloexec.store(false, std::memory_order_relaxed);
        return true;
    }

    // dup2 semantics on the table: `newfd` shares the entry of `oldfd` (or is cleared if oldfd
    // has none). Returns what newfd held before.
    Handle<T> dup(int oldfd, int newfd, bool cloexec) {
        Handle<T> source = lookup(oldfd);
        Handle<T> replaced;
        if (source) install(newfd, source, cloexec, &replaced);
        else replaced = remove(newfd);
        return replaced;
    }

    bool cloexec(int fd) const {
        Slot* s = slot(fd);
        return s != nullptr && s->cloexec.load(std::memory_order_relaxed);
    }
    void set_cloexec(int fd, bool on) {
        if (Slot* s = slot(fd)) s->cloexec.store(on, std::memory_order_relaxed);
    }

    // Calls f(fd, handle) for every occupied fd in [lo, hi] (close_range, exec).
    template <class F>
    void for_each(int lo, int hi, F&& f) const {
        visit_slots(lo, hi, [&](int fd, Slot&) {
            if (Handle<T> h = lookup(fd)) f(fd, h);
        });
    }

    // for_each, with each slot held while `f` runs on its entry: the entry is neither removed
    // from nor replaced at that number meanwhile (remove, install and dup wait), so when the
    // table's users remove an entry before the kernel closes its number, the number still names
    // the entry's open file throughout `f`. `f` must not change the table at that number.
    template <class F>
    void for_each_held(int lo, int hi, F&& f) {
        visit_slots(lo, hi, [&](int fd, Slot& s) {
            if (s.entry.load(std::memory_order_acquire) == nullptr) return;
            SlotLock lock(s);
            if (Handle<T> h(s.entry.load(std::memory_order_acquire)); h) f(fd, h);
        });
    }

    // In a fork child: only the forking thread survives, so any held slot bit is stale.
    void reset_after_fork() {
        hazard::reset_after_fork();
        const std::size_t n = (max_fds_ + kChunkSize - 1) >> kChunkBits;
        for (std::size_t i = 0; i < n; ++i)
            if (Chunk* c = chunks_[i].load(std::memory_order_relaxed))
                for (Slot& s : c->slots) s.busy.clear(std::memory_order_relaxed);
    }

private:
    struct Slot {
        std::atomic<Entry<T>*> entry{nullptr};
        std::atomic<bool> cloexec{false};
        std::atomic_flag busy;
    };
    struct Chunk {
        Slot slots[kChunkSize];
    };
    class SlotLock {
    public:
        explicit SlotLock(Slot& s) : s_(s) {
            while (s_.busy.test_and_set(std::memory_order_acquire)) s_.busy.wait(true, std::memory_order_relaxed);
        }
        ~SlotLock() {
            s_.busy.clear(std::memory_order_release);
            s_.busy.notify_one();
        }

    private:
        Slot& s_;
    };

    Slot* slot(int fd) const {
        if (fd < 0 || static_cast<std::size_t>(fd) >= max_fds_) return nullptr;
        Chunk* c = chunks_[static_cast<std::size_t>(fd) >> kChunkBits].load(std::memory_order_acquire);
        return c == nullptr ? nullptr : &c->slots[static_cast<std::size_t>(fd) & (kChunkSize - 1)];
    }

    // g(fd, slot) for every slot in [lo, hi] of the chunks that exist.
    template <class G>
    void visit_slots(int lo, int hi, G&& g) const {
        if (lo < 0) lo = 0;
        const std::size_t end = std::min<std::size_t>(static_cast<std::size_t>(hi) + 1, max_fds_);
        for (std::size_t fd = static_cast<std::size_t>(lo); fd < end; ++fd) {
            if (chunks_[fd >> kChunkBits].load(std::memory_order_acquire) == nullptr) {
                fd |= kChunkSize - 1;  // skip the whole missing chunk
                continue;
            }
            g(static_cast<int>(fd), *slot(static_cast<int>(fd)));
        }
    }

    Slot* slot_or_create(int fd) {
        if (fd < 0 || static_cast<std::size_t>(fd) >= max_fds_) return nullptr;
        auto& top = chunks_[static_cast<std::size_t>(fd) >> kChunkBits];
        Chunk* c = top.load(std::memory_order_acquire);
        if (c == nullptr) {
            auto fresh = std::make_unique<Chunk>();
            if (top.compare_exchange_strong(c, fresh.get(), std::memory_order_acq_rel)) c = fresh.release();
        }
        return &c->slots[static_cast<std::size_t>(fd) & (kChunkSize - 1)];
    }

    const std::size_t max_fds_;
    std::unique_ptr<std::atomic<Chunk*>[]> chunks_;
};

}  // namespace booster::fdtable
