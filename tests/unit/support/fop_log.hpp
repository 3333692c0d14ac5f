// FopLog: a test translator that counts, per fop, the calls that reach it, and can fail chosen
// fops with a chosen errno instead of passing them on; everything else passes untouched.
// It also counts the readvs and writevs on anonymous Fds (fd.hpp), and refuse_anonymous() fails
// those alone (a child without anonymous fds, as an older brick), counting them as readvs and
// writevs.
// Thread-safety: fops from any thread; fail() and refuse_anonymous() while no fop runs, the
// counts from any thread.
#pragma once

#include <array>
#include <atomic>

#include "core/engine/fop_interceptor.hpp"

namespace booster::test {

class FopLog final : public FopInterceptor<FopLog> {
public:
    void fail(FopId fop, int errnum) { failing_[index(fop)] = errnum; }
    int calls(FopId fop) const { return calls_[index(fop)].load(); }
    void refuse_anonymous(int errnum) { refuse_anonymous_ = errnum; }
    int anonymous_reads() const { return anonymous_reads_.load(); }
    int anonymous_writes() const { return anonymous_writes_.load(); }

    Task<Result<std::size_t>> readv(const Request& req, Fd& fd, IoVecs dst, off_t offset, unsigned flags) override {
        if (!fd.anonymous()) return FopInterceptor::readv(req, fd, dst, offset, flags);
        anonymous_reads_.fetch_add(1);
        if (refuse_anonymous_ == 0) return FopInterceptor::readv(req, fd, dst, offset, flags);
        return around(FopId::readv, ready<Result<std::size_t>>(booster::fail(refuse_anonymous_)));
    }

    Task<Result<std::size_t>> writev(const Request& req, Fd& fd, IoVecs src, off_t offset, unsigned flags) override {
        if (!fd.anonymous()) return FopInterceptor::writev(req, fd, src, offset, flags);
        anonymous_writes_.fetch_add(1);
        if (refuse_anonymous_ == 0) return FopInterceptor::writev(req, fd, src, offset, flags);
        return around(FopId::writev, ready<Result<std::size_t>>(booster::fail(refuse_anonymous_)));
    }

    template <class R>
    Task<Result<R>> around(FopId fop, Task<Result<R>> next) {
        calls_[index(fop)].fetch_add(1);
        if (const int errnum = failing_[index(fop)]; errnum != 0) return ready<Result<R>>(booster::fail(errnum));
        return next;
    }

private:
    static std::size_t index(FopId fop) { return static_cast<std::size_t>(fop); }

    std::array<std::atomic<int>, kFopCount> calls_{};
    std::array<int, kFopCount> failing_{};
    int refuse_anonymous_ = 0;
    std::atomic<int> anonymous_reads_{0};
    std::atomic<int> anonymous_writes_{0};
};

}  // namespace booster::test
