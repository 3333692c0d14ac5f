#include "core/xlators/protocol/transport/event_loop.hpp"

#include <pthread.h>
#include <sched.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>

#include <cerrno>
#include <cstdint>

#include "core/xlators/storage/posix/high_descriptor.hpp"

namespace booster::transport {

Status EventLoop::start(std::string thread_name, std::chrono::milliseconds period, Callback tick,
                        std::chrono::microseconds busy_poll) {
    epoll_ = born_high([] { return ::epoll_create1(EPOLL_CLOEXEC); });
    if (!epoll_) return fail_errno();
    wake_ = born_high([] { return ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC); });
    if (!wake_) return fail_errno();
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = wake_.get();
    if (::epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, wake_.get(), &ev) != 0) return fail_errno();
    tick_ = std::move(tick);
    thread_ = std::thread([this, name = std::move(thread_name), period, busy_poll] { run(name, period, busy_poll); });
    return ok();
}

void EventLoop::stop() {
    if (!thread_.joinable()) return;
    const std::uint64_t one = 1;
    (void)!::write(wake_.get(), &one, sizeof(one));
    thread_.join();
    std::lock_guard lock(mu_);
    watched_.clear();
}

namespace {

constexpr std::uint32_t kReadable = EPOLLIN | EPOLLRDHUP;

void modify(int epoll, int fd, std::uint32_t events) {
    epoll_event ev{};
    ev.events = events;
    ev.data.fd = fd;
    (void)::epoll_ctl(epoll, EPOLL_CTL_MOD, fd, &ev);
}

}  // namespace

Status EventLoop::watch(int fd, Callback on_readable, Trigger trigger) {
    {
        std::lock_guard lock(mu_);
        watched_[fd] = std::make_shared<Callback>(std::move(on_readable));
    }
    epoll_event ev{};
    ev.events = kReadable | (trigger == Trigger::kOneShot ? EPOLLONESHOT : 0u);
    ev.data.fd = fd;
    if (::epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, fd, &ev) == 0) return ok();
    const int error = errno;
    std::lock_guard lock(mu_);
    watched_.erase(fd);
    return fail(error);
}

void EventLoop::unwatch(int fd) {
    (void)::epoll_ctl(epoll_.get(), EPOLL_CTL_DEL, fd, nullptr);
    std::lock_guard lock(mu_);
    watched_.erase(fd);
}

void EventLoop::rearm(int fd) { modify(epoll_.get(), fd, kReadable | EPOLLONESHOT); }

// Hang-ups are reported whatever the mask: the owner's callback must expect them while it reads
// the socket elsewhere.
void EventLoop::disarm(int fd) { modify(epoll_.get(), fd, EPOLLONESHOT); }

std::shared_ptr<EventLoop::Callback> EventLoop::find(int fd) {
    std::lock_guard lock(mu_);
    auto it = watched_.find(fd);
    return it == watched_.end() ? nullptr : it->second;
}

void EventLoop::run(std::string thread_name, std::chrono::milliseconds period, std::chrono::microseconds busy_poll) {
    (void)::pthread_setname_np(::pthread_self(), thread_name.substr(0, 15).c_str());
    constexpr int kBatch = 64;
    epoll_event events[kBatch];
    auto next_tick = std::chrono::steady_clock::now() + period;
    std::chrono::steady_clock::time_point polling_until{};
    for (;;) {
        const auto now = std::chrono::steady_clock::now();
        if (now >= next_tick) {
            if (tick_) tick_();
            next_tick = now + period;
        }
        const bool polling = now < polling_until;
        // Polling must not keep a thread with work (the program, another daemon) off this CPU.
        if (polling) (void)::sched_yield();
        const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(next_tick - now).count() + 1;
        const int n = ::epoll_wait(epoll_.get(), events, kBatch, polling ? 0 : static_cast<int>(wait));
        for (int i = 0; i < n; ++i) {
            if (events[i].data.fd == wake_.get()) return;
            if (auto cb = find(events[i].data.fd)) (*cb)();
        }
        if (n > 0 && busy_poll.count() > 0) polling_until = std::chrono::steady_clock::now() + busy_poll;
    }
}

}  // namespace booster::transport
