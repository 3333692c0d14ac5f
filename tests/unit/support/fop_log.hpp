// FopLog: a test translator that counts, per fop, the calls that reach it, and can fail chosen
// fops with a chosen errno instead of passing them on; everything else passes untouched.
// Thread-safety: fops from any thread; fail() before the first fop, calls() from any thread.
#pragma once

#include <array>
#include <atomic>

#include "core/engine/fop_interceptor.hpp"

namespace booster::test {

class FopLog final : public FopInterceptor<FopLog> {
public:
    void fail(FopId fop, int errnum) { failing_[index(fop)] = errnum; }
    int calls(FopId fop) const { return calls_[index(fop)].load(); }

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
};

}  // namespace booster::test
