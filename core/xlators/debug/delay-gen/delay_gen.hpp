// debug/delay-gen: adds latency to chosen fops, for testing timing-dependent behaviour.
//
// A call of an `enable`d fop is delayed, with probability `delay-percentage` (seedable with
// `random-seed`), by at least `delay-duration` microseconds before it is wound down; every
// other call passes through without an extra frame.
// Why a timer thread and not a sleep on the caller's thread (GlusterFS's usleep): a sleeping
// caller holds whatever thread wound the fop (a FUSE worker, a protocol/server thread, a
// background flush), so delayed fops of one thread serialise and unrelated fops starve. Here
// the fop suspends and ResumeTimer resumes it when the delay is over, so concurrent delays
// overlap as they would behind a slow disk or network, and the layers above see the
// foreign-thread completion that real remote fops produce. The rest of the fop then runs on
// the timer thread; the delay is a lower bound (resume_timer.hpp). fini() stops the timer,
// which releases every waiting fop at once and lets later ones pass undelayed, so no fop
// waits forever wherever the translator is stacked.
// dump() reports how many calls were delayed: "delayed=N\n".
// Thread-safety: as every translator.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "core/engine/fop_interceptor.hpp"
#include "core/xlators/debug/common/chance.hpp"
#include "core/xlators/debug/common/fop_set.hpp"
#include "core/xlators/debug/delay-gen/resume_timer.hpp"

namespace booster {

class DelayGen final : public FopInterceptor<DelayGen> {
public:
    Status init() override;
    void fini() override;
    std::string dump() const override;

    template <class R>
    Task<Result<R>> around(FopId fop, Task<Result<R>> next) {
        if (!should_delay(fop)) return next;
        return delayed(std::move(next));
    }

private:
    bool should_delay(FopId fop);

    template <class R>
    Task<Result<R>> delayed(Task<Result<R>> next) {
        co_await timer_->sleep_for(delay_);
        co_return co_await std::move(next);
    }

    FopSet enabled_;
    std::chrono::microseconds delay_{0};
    std::optional<Chance> chance_;
    std::unique_ptr<ResumeTimer> timer_;  // only when something is to be delayed
    std::atomic<std::uint64_t> delayed_{0};
};

}  // namespace booster
