// debug/error-gen: makes chosen fops fail with a chosen errno, for testing error paths.
//
// A call of an `enable`d fop fails either every `every-nth` call (one counter over all enabled
// fops, as GlusterFS error-gen counts) or with probability `failure` percent (seedable with
// `random-seed`; chance.hpp). A failed fop answers `error-no` at once and is not wound down:
// nothing below sees it. Every other call passes through without an extra frame.
// init() rejects an unknown fop name in `enable`, and setting both every-nth and failure.
// dump() reports how many calls were failed: "injected=N\n".
// Thread-safety: as every translator; the counters are atomics.
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>

#include "core/engine/fop_interceptor.hpp"
#include "core/xlators/debug/common/chance.hpp"
#include "core/xlators/debug/common/fop_set.hpp"

namespace booster {

class ErrorGen final : public FopInterceptor<ErrorGen> {
public:
    Status init() override;
    std::string dump() const override;

    template <class R>
    Task<Result<R>> around(FopId fop, Task<Result<R>> next) {
        if (!should_fail(fop)) return next;
        return ready<Result<R>>(fail(errnum_));
    }

private:
    bool should_fail(FopId fop);

    FopSet enabled_;
    int errnum_ = EIO;
    std::uint64_t every_nth_ = 0;
    std::optional<Chance> chance_;
    std::atomic<std::uint64_t> matching_calls_{0};
    std::atomic<std::uint64_t> injected_{0};
};

}  // namespace booster
