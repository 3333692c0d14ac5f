// ReadProbe: a test translator for read caches above it. It records every readv that passes
// (offset and size) and counts stats and fstats; while its replies are held, a readv or fstat is answered
// by the child first and then parked before its reply goes up (a read that fetched its bytes and
// is still on its way); touch() moves the mtime and ctime that fstat reports (another client's
// change that keeps the size). Other fops pass untouched.
// Thread-safety: fops from any thread; the accessors and controls too.
#pragma once

#include <sys/uio.h>

#include <atomic>
#include <mutex>
#include <vector>

#include "core/engine/call_stub.hpp"
#include "core/engine/xlator.hpp"

namespace booster::test {

class ReadProbe final : public Xlator {
public:
    struct Read {
        off_t offset;
        std::size_t size;
    };

    Task<Result<std::size_t>> readv(const Request& req, Fd& fd, IoVecs dst, off_t offset, unsigned flags) override {
        record(offset, dst);
        Result<std::size_t> r = co_await first_child().readv(req, fd, dst, offset, flags);
        co_await parked_.park_if([this] { return holding_.load(); });
        co_return r;
    }

    Task<Result<Iatt>> stat(const Request& req, const Loc& loc) override {
        stats_.fetch_add(1);
        return first_child().stat(req, loc);
    }

    Task<Result<Iatt>> fstat(const Request& req, Fd& fd) override {
        fstats_.fetch_add(1);
        Result<Iatt> r = co_await first_child().fstat(req, fd);
        if (r) r->mtime.tv_sec = r->ctime.tv_sec = times_.load();
        co_await parked_.park_if([this] { return holding_.load(); });
        co_return r;
    }

    void hold_replies() { holding_.store(true); }
    void release_replies() {
        holding_.store(false);
        parked_.resume_all();
    }
    std::size_t held() const { return parked_.size(); }
    void touch() { times_.fetch_add(1); }

    std::vector<Read> reads() const {
        std::lock_guard lock(mu_);
        return reads_;
    }
    int fstats() const { return fstats_.load(); }
    int stats() const { return stats_.load(); }

private:
    void record(off_t offset, IoVecs dst) {
        std::lock_guard lock(mu_);
        reads_.push_back({offset, total_size(dst)});
    }

    mutable std::mutex mu_;
    std::vector<Read> reads_;
    std::atomic<int> fstats_{0};
    std::atomic<int> stats_{0};
    std::atomic<long> times_{0};
    std::atomic<bool> holding_{false};
    StubQueue parked_;
};

}  // namespace booster::test
