// send_call<F>() and roundtrip<F>(): send one fop request on a Link and await its reply,
// typed by the fop's reply type. The awaiting coroutine is resumed by whoever completes the
// call (pending_call.hpp): the thread that reads the reply (the event thread, or the sender
// itself while it waits: the send offers the link as its CompletionPump), right after it decoded
// it (a readv's data already in the caller's iovecs); inline, without suspending, when the link
// is dead or the send failed.
#pragma once

#include <coroutine>
#include <span>

#include "core/engine/result.hpp"
#include "core/engine/task.hpp"
#include "core/xlators/protocol/client/link.hpp"
#include "core/xlators/protocol/wire/call_codec.hpp"
#include "core/xlators/protocol/wire/reply_codec.hpp"

namespace booster {

template <class R>
struct Answer {
    R value{};
    std::uint64_t fd = 0;  // the remote fd an open, create or opendir made
    UniqueFd lent;         // the brick's own descriptor of that file, when it lent it
};

template <class R>
class CallAwaiter final : public PendingCall {
public:
    CallAwaiter(Link& link, FopId f, std::span<const std::uint8_t> message, std::span<const iovec> bulk,
                std::span<const iovec> destination)
        : link_(link), message_(message), bulk_(bulk) {
        fop = f;
        dst = destination;
    }

    bool await_ready() const noexcept { return false; }
    bool await_suspend(std::coroutine_handle<> h) {
        waiter = h;
        // Taken before the send: once sent, this awaiter may be resumed and gone.
        std::weak_ptr<CompletionPump> pump = link_.weak_from_this();
        if (!link_.start(*this, message_, bulk_)) return false;
        // This thread's wait for the reply (sync_wait) may read it off the link itself.
        offer_completion_pump(std::move(pump));
        return true;
    }
    Result<Answer<R>> await_resume() { return std::move(result_); }

    const char* deliver(const wire::fb::Reply& reply, std::size_t bulk_size, UniqueFd lent) override {
        Answer<R> a;
        if (const char* bad = wire::decode_reply(reply, a.value)) return bad;
        if constexpr (std::is_same_v<R, std::size_t>)
            if (fop == FopId::readv && a.value != bulk_size) return "readv reply size differs from its data";
        a.fd = reply.fd();
        if (wire::opens_fd(fop) && a.fd == 0) return "open reply without an fd";
        if (lent && (fop == FopId::opendir || !wire::opens_fd(fop))) return "a descriptor on a reply that lends none";
        a.lent = std::move(lent);
        result_ = std::move(a);
        return nullptr;
    }
    void fail(int errnum) override { result_ = booster::fail(errnum); }

private:
    Link& link_;
    std::span<const std::uint8_t> message_;
    std::span<const iovec> bulk_;
    Result<Answer<R>> result_ = booster::fail(EIO);
};

template <FopId F>
using ReplyOf = typename wire::FopTraits<F>::Reply;

// Encodes the call into this thread's builder; the awaiter sends it from await_suspend, so
// `co_await send_call<F>(...)` sends before this thread can build another message. A fop's
// coroutine awaits it directly: no coroutine frame of its own per request.
template <FopId F>
CallAwaiter<ReplyOf<F>> send_call(Link& link, const Request& req, const wire::CallArgs<F>& args,
                                  std::span<const iovec> bulk = {}, std::span<const iovec> dst = {}) {
    thread_local wire::Builder builder;
    wire::encode_call<F>(builder, req, args);
    return CallAwaiter<ReplyOf<F>>(link, F, {builder.GetBufferPointer(), builder.GetSize()}, bulk, dst);
}

// send_call as a Task, for callers that wait with sync_wait.
template <FopId F>
Task<Result<Answer<ReplyOf<F>>>> roundtrip(Link& link, const Request& req, const wire::CallArgs<F>& args) {
    co_return co_await send_call<F>(link, req, args);
}

}  // namespace booster
