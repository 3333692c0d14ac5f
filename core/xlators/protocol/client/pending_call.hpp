// PendingCall: a request sent on a Link and not yet answered: the suspended fop, and where a
// readv reply's data goes. The typed part (call_awaiter.hpp) decodes the reply into the fop's
// result. Exactly one party completes a PendingCall: the event thread with the reply, whoever
// declares the link dead, or the sender when the frame could not be sent (whoever removes it
// from the link's pending map).
#pragma once

#include <sys/uio.h>

#include <coroutine>
#include <span>

#include "core/engine/fop_list.hpp"
#include "core/xlators/protocol/wire/booster_wire_generated.h"
#include "core/xlators/storage/posix/unique_fd.hpp"

namespace booster {

class PendingCall {
public:
    virtual ~PendingCall() = default;
    // Decodes a successful reply, with the descriptor the brick lent with it (an open's, when
    // short-circuit I/O is on; else none); null, or why it is malformed (the link is then
    // dropped and the call failed by fail()).
    virtual const char* deliver(const wire::fb::Reply& reply, std::size_t bulk_size, UniqueFd lent) = 0;
    virtual void fail(int errnum) = 0;

    FopId fop = FopId::kCount;
    std::span<const iovec> dst;  // readv: where the reply's data goes
    std::coroutine_handle<> waiter;
};

}  // namespace booster
