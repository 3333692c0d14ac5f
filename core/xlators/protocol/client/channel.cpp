#include "core/xlators/protocol/client/channel.hpp"

#include <poll.h>
#include <sched.h>

#include <cstring>
#include <deque>

#include "core/engine/log.hpp"
#include "core/xlators/protocol/auth/secret_proof.hpp"
#include "core/xlators/protocol/wire/message.hpp"

namespace booster {

namespace {

constexpr std::chrono::milliseconds kFirstBackoff{100};
constexpr std::chrono::milliseconds kMaxBackoff{1000};
constexpr std::chrono::milliseconds kMinTick{50};

using Clock = std::chrono::steady_clock;

// The frames of the handshake, in the order they came: with an eager Hello, the challenge and
// the welcome may arrive in one read.
class HandshakeFrames final : public transport::FrameHandler {
public:
    const char* bulk_target(const wire::FrameHeader&, std::span<const iovec>&) override {
        return "bulk data during the handshake";
    }
    const char* on_frame(transport::Frame frame) override {
        frames_.push_back(std::move(frame));
        return nullptr;
    }

    // The next message from the brick, read before `deadline`; the error text names what went
    // wrong. Valid until the next call.
    std::expected<const wire::fb::Message*, std::string> next(Link& link, Clock::time_point deadline) {
        using Outcome = transport::FrameReader::Outcome;
        while (frames_.empty()) {
            const Outcome o = link.reader().read_from(link.connection().fd(), *this);
            if (o == Outcome::kProtocolError)
                return std::unexpected(std::string("protocol error: ") + link.reader().error());
            if (o == Outcome::kClosed) return std::unexpected("connection closed during the handshake");
            if (!frames_.empty()) break;
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
            pollfd p{link.connection().fd(), POLLIN, 0};
            if (left <= 0 || ::poll(&p, 1, static_cast<int>(left)) == 0) return std::unexpected("handshake timed out");
        }
        current_ = std::move(frames_.front());
        frames_.pop_front();
        const wire::fb::Message* message = nullptr;
        if (const char* bad = wire::open_message(current_.message(), message))
            return std::unexpected(std::string("protocol error: ") + bad);
        return message;
    }
    bool drained() const { return frames_.empty(); }

private:
    std::deque<transport::Frame> frames_;
    transport::Frame current_;
};

bool send_hello(Link& link, const Channel::Settings& s, std::span<const std::uint8_t> proof) {
    wire::Builder builder(256);
    wire::encode_hello(builder, s.client_name, proof, s.short_circuit);
    return link.connection().send(0, {builder.GetBufferPointer(), builder.GetSize()});
}

}  // namespace

Channel::Channel(Settings settings, Xlator& owner, Reopen reopen)
    : settings_(std::move(settings)), owner_(owner), reopen_(std::move(reopen)) {}

Channel::~Channel() { stop(); }

std::string Channel::describe() const { return owner_.name() + " -> " + settings_.endpoint.describe(); }

Status Channel::start() {
    const auto tick = std::max(kMinTick, settings_.ping_timeout / 8);
    if (auto started = loop_.start("client-events", tick, [this] { on_tick(); }); !started) return started;
    // A local brick accepts or refuses a connect at once: the first attempt runs on the thread
    // that builds the graph, so its first fop finds the link up instead of waiting for a new
    // thread to be scheduled (a wake-up on another CPU). A remote host may take the whole
    // ping-timeout to answer, and several bricks connect in parallel on their own threads.
    // Connected here, the connector thread is started only when the link goes down.
    const bool here = settings_.endpoint.kind == transport::Endpoint::Kind::kUnix;
    std::shared_ptr<Link> up = here ? attempt() : nullptr;
    if (!up) {
        std::lock_guard lock(mu_);
        start_connector(!here, nullptr);
    }
    return ok();
}

void Channel::stop() {
    {
        std::lock_guard lock(mu_);
        if (stopping_ && !connector_.joinable()) return;
        stopping_ = true;
    }
    changed_.notify_all();
    if (connector_.joinable()) connector_.join();
    loop_.stop();
    std::shared_ptr<Link> link;
    {
        std::lock_guard lock(mu_);
        link = std::move(link_);
        state_ = State::kDown;
        up_generation_.store(0, std::memory_order_release);
    }
    if (link) {
        link->connection().shutdown();
        link->fail_all(ENOTCONN);
    }
}

void Channel::parent_up() {
    bool announce = false;
    {
        std::lock_guard lock(mu_);
        parent_up_ = true;
        announce = state_ == State::kUp && !announced_up_;
        announced_up_ = announced_up_ || announce;
    }
    if (announce) raise(Event::kChildUp);
}

void Channel::raise(Event event) {
    BLOG(LogLevel::kInfo, "protocol/client", "%s: %.*s", describe().c_str(), static_cast<int>(event_name(event).size()),
         event_name(event).data());
    owner_.notify_parents(event);
}

std::shared_ptr<Link> Channel::usable_link() {
    std::unique_lock lock(mu_);
    // The event thread must never wait: it is what completes the connection and the reopens.
    if (!loop_.on_loop_thread()) {
        if (!first_attempt_done_)
            changed_.wait_for(lock, settings_.ping_timeout, [&] { return first_attempt_done_ || stopping_; });
        if (state_ == State::kReopening)
            changed_.wait_for(lock, settings_.ping_timeout, [&] { return state_ != State::kReopening || stopping_; });
    }
    return state_ == State::kUp ? link_ : nullptr;
}

void Channel::track(const std::shared_ptr<RemoteFdState>& fd) {
    std::lock_guard lock(fds_mu_);
    fds_[fd.get()] = fd;
}

void Channel::release(RemoteFdState& fd) {
    {
        std::lock_guard lock(fds_mu_);
        fds_.erase(&fd);
    }
    std::shared_ptr<Link> link;
    {
        std::lock_guard lock(mu_);
        link = link_;
    }
    if (!link || fd.lost || fd.generation != link->generation || fd.id == 0) return;
    thread_local wire::Builder builder(64);
    wire::encode_release(builder, fd.id);
    link->post({builder.GetBufferPointer(), builder.GetSize()});
}

void Channel::start_connector(bool attempt_first, std::shared_ptr<Link> up) {
    if (stopping_ || connector_.joinable()) return;
    try {
        connector_ = std::thread([this, attempt_first, up = std::move(up)] { run_connector(attempt_first, up); });
    } catch (const std::system_error& e) {
        BLOG(LogLevel::kError, "protocol/client", "%s: cannot start the connector thread (%s): the brick stays down",
             describe().c_str(), e.what());
    }
}

void Channel::run_connector(bool attempt_first, std::shared_ptr<Link> up) {
    auto backoff = kFirstBackoff;
    std::unique_lock lock(mu_);
    while (!stopping_) {
        if (!attempt_first) {
            if (up) {
                backoff = kFirstBackoff;
                changed_.wait(lock, [&] { return stopping_ || link_ != up; });
            } else {
                changed_.wait_for(lock, backoff, [&] { return stopping_; });
                backoff = std::min(backoff * 2, kMaxBackoff);
            }
            if (stopping_) break;
        }
        attempt_first = false;
        lock.unlock();
        up = attempt();
        lock.lock();
    }
}

std::shared_ptr<Link> Channel::attempt() {
    if (auto link = establish()) {
        bring_up(*link);
        return *link;
    }
    {
        std::lock_guard lock(mu_);
        state_ = State::kDown;
        first_attempt_done_ = true;
    }
    changed_.notify_all();
    return nullptr;
}

Result<std::shared_ptr<Link>> Channel::establish() {
    auto failed = [&](const std::string& why) -> Result<std::shared_ptr<Link>> {
        const LogLevel level = why == last_failure_ ? LogLevel::kDebug : LogLevel::kWarning;
        BLOG(level, "protocol/client", "%s: cannot connect: %s (retrying)", describe().c_str(), why.c_str());
        last_failure_ = why;
        return fail(ENOTCONN);
    };
    auto fd = transport::connect_to(settings_.endpoint, settings_.ping_timeout);
    if (!fd) return failed(std::strerror(fd.error().errnum));
    std::uint64_t generation = 0;
    {
        std::lock_guard lock(mu_);
        generation = ++generation_;
    }
    auto link = std::make_shared<Link>(std::move(*fd), settings_.max_frame, generation, weak_from_this(),
                                       settings_.short_circuit ? transport::FrameReader::Fds::kTaken
                                                               : transport::FrameReader::Fds::kRefused);
    const auto deadline = Clock::now() + settings_.ping_timeout;
    // Without a secret the Hello needs nothing from the challenge: it leaves at once, and the
    // handshake costs one round trip, not two. A proof needs the challenge's nonce.
    const bool eager_hello = !settings_.secret;
    if (eager_hello && !send_hello(*link, settings_, {}))
        return failed("connection lost during the handshake");
    HandshakeFrames frames;
    auto challenge = frames.next(*link, deadline);
    if (!challenge) return failed(challenge.error());
    if ((*challenge)->body_type() == wire::fb::Body_Welcome)
        return failed(std::string("refused by the brick: ") + std::strerror((*challenge)->body_as_Welcome()->errnum()));
    const wire::fb::Challenge* c = (*challenge)->body_as_Challenge();
    if (c == nullptr || c->nonce() == nullptr) return failed("protocol error: expected a challenge");
    if (c->wire_version() != wire::kWireVersion) return failed("the brick speaks another wire version");
    if (c->secret_required() && !settings_.secret) return failed("the brick requires a secret: set option secret-file");
    if (!eager_hello) {
        const auto proof = auth::prove(*settings_.secret, {c->nonce()->data(), c->nonce()->size()});
        if (!send_hello(*link, settings_, proof)) return failed("connection lost during the handshake");
    }
    auto welcome = frames.next(*link, deadline);
    if (!welcome) return failed(welcome.error());
    const wire::fb::Welcome* w = (*welcome)->body_as_Welcome();
    if (w == nullptr) return failed("protocol error: expected a welcome");
    if (w->errnum() != 0) return failed(std::string("refused by the brick: ") + std::strerror(w->errnum()));
    if (!frames.drained()) return failed("protocol error: a message after the welcome");
    if (!last_failure_.empty())
        BLOG(LogLevel::kInfo, "protocol/client", "%s: connected", describe().c_str());
    last_failure_.clear();
    return link;
}

void Channel::bring_up(const std::shared_ptr<Link>& link) {
    {
        std::lock_guard lock(mu_);
        if (stopping_) return;
        link_ = link;
        state_ = State::kReopening;
    }
    if (!loop_.watch(link->connection().fd(), [this, link] { on_readable(link); },
                     transport::EventLoop::Trigger::kOneShot)) {
        link_down(link, "cannot watch the socket");
        return;
    }
    reopen_all(*link);
    bool announce = false;
    {
        std::lock_guard lock(mu_);
        if (link_ != link) return;
        state_ = State::kUp;
        up_generation_.store(link->generation, std::memory_order_release);
        first_attempt_done_ = true;
        announce = parent_up_;
        announced_up_ = announce;
    }
    changed_.notify_all();
    if (announce) raise(Event::kChildUp);
}

void Channel::reopen_all(Link& link) {
    std::vector<std::shared_ptr<RemoteFdState>> open;
    {
        std::lock_guard lock(fds_mu_);
        for (auto& [key, weak] : fds_)
            if (auto fd = weak.lock()) open.push_back(std::move(fd));
    }
    for (const auto& fd : open) {
        if (fd->lost || fd->generation == link.generation) continue;
        auto id = reopen_(link, *fd);
        if (!id) {
            fd->lost = true;
            BLOG(LogLevel::kWarning, "protocol/client", "%s: cannot reopen fd of %s: %s; it fails with EBADFD",
                 describe().c_str(), fd->gfid.str().c_str(), std::strerror(id.error().errnum));
            continue;
        }
        fd->id = *id;
        fd->generation = link.generation;
    }
}

namespace {

transport::FrameReader::Outcome read_replies(Link& link) {
    // What the completed fops send next (write-behind's next writes) leaves in one go.
    transport::HeldSends next_requests(link.connection());
    return link.reader().read_from(link.connection().fd(), link);
}

}  // namespace

void Channel::on_readable(const std::shared_ptr<Link>& link) {
    using Outcome = transport::FrameReader::Outcome;
    // A waiter reading now re-arms the watch when it stops.
    if (!link->begin_reading()) return;
    Outcome o = link->broken;
    if (o == Outcome::kOpen) o = read_replies(*link);
    link->end_reading();
    if (o == Outcome::kOpen) {
        loop_.rearm(link->connection().fd());
        return;
    }
    if (o == Outcome::kProtocolError)
        link_down(link, std::string("protocol error from the brick: ") + link->reader().error());
    else
        link_down(link, "connection closed");
}

void Channel::read_while_waiting(const std::shared_ptr<Link>& link, const std::atomic<unsigned>& done,
                                 std::chrono::steady_clock::time_point until) {
    using Outcome = transport::FrameReader::Outcome;
    if (!link->begin_reading()) return;
    const int fd = link->connection().fd();
    loop_.disarm(fd);
    Outcome o = link->broken;
    while (o == Outcome::kOpen) {
        o = read_replies(*link);
        if (done.load(std::memory_order_acquire) != 0 || Clock::now() >= until) break;
        // Yielding, as the waiter's own spin does: the brick may run on this CPU.
        sched_yield();
    }
    if (o != Outcome::kOpen) {
        // The event thread tears the link down as always, woken by the hang-up.
        link->broken = o;
        link->connection().shutdown();
    }
    link->end_reading();
    loop_.rearm(fd);
}

void Channel::on_tick() {
    std::shared_ptr<Link> link;
    {
        std::lock_guard lock(mu_);
        link = link_;
    }
    if (!link) return;
    const auto now = Clock::now();
    if (now - link->last_heard() > settings_.ping_timeout) {
        link_down(link, "no answer for " + std::to_string(settings_.ping_timeout.count()) + " ms (ping-timeout)");
        return;
    }
    if (now - last_ping_ < settings_.ping_timeout / 2) return;
    last_ping_ = now;
    if (!link->ping()) link_down(link, "cannot send a ping");
}

void Channel::link_down(const std::shared_ptr<Link>& link, const std::string& why) {
    bool was_up = false;
    {
        std::lock_guard lock(mu_);
        if (link_ != link) return;
        link_.reset();
        up_generation_.store(0, std::memory_order_release);
        was_up = announced_up_;
        announced_up_ = false;
        state_ = State::kDown;
        first_attempt_done_ = true;
        start_connector(false, link);
    }
    BLOG(LogLevel::kWarning, "protocol/client", "%s: brick down: %s", describe().c_str(), why.c_str());
    loop_.unwatch(link->connection().fd());
    link->connection().shutdown();
    {
        std::lock_guard lock(fds_mu_);
        for (auto& [key, weak] : fds_)
            if (auto fd = weak.lock(); fd && fd->generation == link->generation && fd->holds_locks()) fd->lost = true;
    }
    link->fail_all(ENOTCONN);
    changed_.notify_all();
    if (was_up) raise(Event::kChildDown);
}

}  // namespace booster
