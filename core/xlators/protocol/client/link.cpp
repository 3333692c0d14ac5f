#include "core/xlators/protocol/client/link.hpp"

#include "core/xlators/protocol/client/channel.hpp"

#include "core/xlators/protocol/wire/message.hpp"
#include "core/xlators/protocol/wire/reply_codec.hpp"

namespace booster {

namespace {

constexpr std::uint64_t kNoReplyXid = 0;

}  // namespace

Link::Link(UniqueFd fd, std::size_t max_frame, std::uint64_t gen, std::weak_ptr<Channel> channel,
           transport::FrameReader::Fds fds)
    : generation(gen),
      channel_(std::move(channel)),
      connection_(std::move(fd)),
      reader_(max_frame, fds),
      last_heard_(std::chrono::steady_clock::now().time_since_epoch().count()) {}

std::chrono::steady_clock::time_point Link::last_heard() const {
    return std::chrono::steady_clock::time_point(
        std::chrono::steady_clock::duration(last_heard_.load(std::memory_order_relaxed)));
}

bool Link::start(PendingCall& call, std::span<const std::uint8_t> message, std::span<const iovec> bulk) {
    const std::shared_ptr<Link> alive = shared_from_this();
    std::uint64_t xid = 0;
    {
        std::lock_guard lock(mu_);
        if (dead_) {
            call.fail(ENOTCONN);
            return false;
        }
        xid = next_xid_++;
        pending_.emplace(xid, &call);
    }
    if (connection_.send(xid, message, bulk)) return true;
    if (take(xid) == nullptr) return true;  // already failed and resumed by fail_all
    call.fail(ENOTCONN);
    return false;
}

void Link::pump_until(const std::atomic<unsigned>& done, std::chrono::steady_clock::time_point until) {
    if (auto channel = channel_.lock()) channel->read_while_waiting(shared_from_this(), done, until);
}

void Link::post(std::span<const std::uint8_t> message) { (void)connection_.send(kNoReplyXid, message); }

bool Link::ping() {
    thread_local wire::Builder builder(64);
    wire::encode_ping(builder);
    return connection_.send(kNoReplyXid, {builder.GetBufferPointer(), builder.GetSize()});
}

PendingCall* Link::take(std::uint64_t xid) {
    std::lock_guard lock(mu_);
    auto it = pending_.find(xid);
    if (it == pending_.end()) return nullptr;
    PendingCall* call = it->second;
    pending_.erase(it);
    return call;
}

void Link::fail_all(int errnum) {
    std::unordered_map<std::uint64_t, PendingCall*> failed;
    {
        std::lock_guard lock(mu_);
        dead_ = true;
        failed.swap(pending_);
    }
    for (auto& [xid, call] : failed) {
        call->fail(errnum);
        call->waiter.resume();
    }
}

const char* Link::bulk_target(const wire::FrameHeader& header, std::span<const iovec>& target) {
    std::lock_guard lock(mu_);
    auto it = pending_.find(header.xid);
    if (it == pending_.end()) return "data for an unknown request";
    if (it->second->fop != FopId::readv) return "data on a reply that takes none";
    target = it->second->dst;
    return nullptr;
}

const char* Link::on_frame(transport::Frame frame) {
    last_heard_.store(std::chrono::steady_clock::now().time_since_epoch().count(), std::memory_order_relaxed);
    const wire::fb::Message* message = nullptr;
    if (const char* bad = wire::open_message(frame.message(), message)) return bad;
    if (message->body_type() == wire::fb::Body_Pong) return nullptr;
    if (message->body_type() != wire::fb::Body_Reply) return "unexpected message kind from the brick";
    PendingCall* call = take(frame.header.xid);
    if (call == nullptr) return "reply to an unknown request";
    const wire::fb::Reply& reply = *message->body_as_Reply();
    const int errnum = wire::reply_errnum(reply);
    const char* bad = nullptr;
    if (errnum < 0)
        bad = "reply with an implausible errno";
    else if (errnum > 0)
        call->fail(errnum);
    else
        bad = call->deliver(reply, frame.header.bulk_size, std::move(frame.passed_fd));
    if (bad != nullptr) call->fail(ENOTCONN);
    call->waiter.resume();
    return bad;
}

}  // namespace booster
