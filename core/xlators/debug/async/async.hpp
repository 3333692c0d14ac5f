// debug/async: the test translator that proves the asynchronous contract of the engine.
//
// Every fop is wound from one of its worker threads (never the caller's) and its reply is
// handed to another worker before it travels up, so every translator above sees each fop
// complete on a foreign thread, and every translator below is called from one. Results pass
// through unchanged. Stacked anywhere in a graph, it must change nothing but timing and
// threads, so a test can run the same checks with and without it.
// Owns a WorkerPool of `threads` workers, started in init() and stopped in fini() (queued
// fops finish first; a fop issued after fini runs on its caller's thread).
// Thread-safety: as every translator.
#pragma once

#include <memory>

#include "core/engine/fop_interceptor.hpp"
#include "core/engine/worker_pool.hpp"

namespace booster {

class Async final : public FopInterceptor<Async> {
public:
    Status init() override;
    void fini() override;

    template <class R>
    Task<Result<R>> around(FopId /*fop*/, Task<Result<R>> next) {
        co_await pool_->hop();
        Result<R> result = co_await std::move(next);
        co_await pool_->hop();
        co_return std::move(result);
    }

private:
    std::unique_ptr<WorkerPool> pool_;
};

}  // namespace booster
