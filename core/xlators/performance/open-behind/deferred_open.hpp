// DeferredOpen: the open of one fd that performance/open-behind acknowledged without sending
// it: what to send (the opener's credentials, where, the flags) and how far the sending got.
//
// Deferred -> Sending (claimed by exactly one fop, which sends the open) -> Open or Failed.
// Fops that need the fd while another one sends the open park until the outcome is known.
// Ownership: the fd's open-behind context; lives until the fd's release. It copies the Request
// without its xdata and cancel token (the opener's are gone by the time the open is sent).
// Thread-safety: any thread.
#pragma once

#include <atomic>

#include "core/engine/call_stub.hpp"
#include "core/engine/ctx.hpp"
#include "core/engine/loc.hpp"
#include "core/engine/request.hpp"
#include "core/engine/result.hpp"

namespace booster {

class DeferredOpen : public Ctx {
public:
    DeferredOpen(const Request& opener, const Loc& where, int open_flags)
        : req(credentials_of(opener)), loc(where), flags(open_flags) {}

    // Nothing below knows this fd yet.
    bool deferred() const { return state_.load(std::memory_order_acquire) == State::kDeferred; }
    // Open below: fops go straight down.
    bool opened() const { return state_.load(std::memory_order_acquire) == State::kOpen; }
    // True for the fd's first read or write only, which may go below on an anonymous fd: a later
    // one is a file read or written in pieces, which the open then serves without a per-call
    // cost below.
    bool claim_anonymous_fop() { return !anonymous_fop_.exchange(true, std::memory_order_relaxed); }
    // True for the one caller that must now send the open.
    bool claim() {
        State expected = State::kDeferred;
        return state_.compare_exchange_strong(expected, State::kSending, std::memory_order_acq_rel);
    }
    // The claimer reports the open's outcome; every fop parked on it continues.
    void settle(const Status& opened) {
        errnum_ = opened ? 0 : opened.error().errnum;
        state_.store(opened ? State::kOpen : State::kFailed, std::memory_order_release);
        parked_.resume_all();
    }
    // Continues once the open is no longer being sent.
    auto settled() {
        return parked_.park_if([this] { return state_.load(std::memory_order_acquire) == State::kSending; });
    }
    // After settled(): the open's outcome.
    Status outcome() const {
        if (state_.load(std::memory_order_acquire) == State::kOpen) return ok();
        return fail(errnum_);
    }

    const Request req;
    const Loc loc;
    const int flags;

private:
    enum class State { kDeferred, kSending, kOpen, kFailed };

    static Request credentials_of(const Request& r) {
        Request c = r;
        c.xdata = nullptr;
        c.cancel = {};
        return c;
    }

    std::atomic<State> state_{State::kDeferred};
    std::atomic<bool> anonymous_fop_{false};
    int errnum_ = 0;  // written before the release store of kFailed
    StubQueue parked_;
};

}  // namespace booster
