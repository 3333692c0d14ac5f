// FopInterceptor<Derived>: lets a translator wrap every fop of the fop set with one function
// instead of overriding each fop by hand (io-stats, error-gen, delay-gen, debug/async).
//
//   class Counter final : public FopInterceptor<Counter> {
//   public:
//       template <class R>
//       Task<Result<R>> around(FopId fop, Task<Result<R>> next);
//   };
//
// Every fop `f(args)` of BOOSTER_FOPS becomes `derived.around(FopId::f, Xlator::f(args))`:
// `next` is the fop as this translator's default would send it (to the first child, or an
// ENOSYS answer when there is none), created but not started. `around` decides what happens:
//   * return `next` unchanged: the fop passes through and no coroutine frame is added, so a
//     translator that is switched off for a fop costs one virtual call;
//   * return another Task without starting `next` (e.g. `ready<Result<R>>(fail(EIO))`):
//     the fop fails early and `next` is destroyed unstarted, so nothing below runs;
//   * be a coroutine (or return one) that does work before and after `co_await next`.
// Lifetime: `next` is created while the caller's arguments are alive, so value parameters are
// copied into the child's frame at call time and nothing dangles however late `next` starts.
// Reference parameters (Request, Loc, Fd, ...) follow the fop contract: the caller keeps them
// alive until the fop's task completes, which also covers a delayed or re-threaded `next`.
// `around` must be callable by FopInterceptor<Derived> (public, or befriend the base). A
// translator that overrides a fop itself bypasses `around` for it unless it calls
// `FopInterceptor::fop(args)` for the calls it does not answer.
// Thread-safety: `around` is called concurrently from any thread, like every fop.
#pragma once

#include "core/engine/fop_list.hpp"
#include "core/engine/result.hpp"
#include "core/engine/task.hpp"
#include "core/engine/xlator.hpp"

namespace booster {

template <class Derived>
class FopInterceptor : public Xlator {
public:
#define BOOSTER_FOP_INTERCEPT(name, R, params, args)                          \
    Task<Result<R>> name params override {                                    \
        return static_cast<Derived&>(*this).around(FopId::name, Xlator::name args); \
    }
    BOOSTER_FOPS(BOOSTER_FOP_INTERCEPT)
#undef BOOSTER_FOP_INTERCEPT
};

}  // namespace booster
