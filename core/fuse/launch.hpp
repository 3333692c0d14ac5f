// launch(): run one fop for one FUSE request and reply when it completes.
//
// The fop borrows its arguments by reference (Request, Loc, Fd, buffers), so they live in a
// per-request State on the heap. `start(state)` returns the fop's Task; `reply(state, result)`
// answers the kernel. The State is moved into the detached frame that runs the task and is
// destroyed after `reply` returns: whether the fop completes inline on the FUSE worker (the
// usual case, no thread hop) or later on another thread, nothing it borrowed is gone.
// `reply` runs on the completing thread and must not throw.
#pragma once

#include <memory>
#include <utility>

#include "core/engine/spawn.hpp"

namespace booster::fuse {

template <class State, class Start, class Reply>
void launch(std::unique_ptr<State> state, Start&& start, Reply&& reply) {
    State& s = *state;
    auto task = start(s);
    spawn(std::move(task), [state = std::move(state), reply = std::forward<Reply>(reply)](auto&& result) mutable {
        reply(*state, std::move(result));
    });
}

}  // namespace booster::fuse
