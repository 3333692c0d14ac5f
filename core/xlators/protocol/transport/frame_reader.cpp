#include "core/xlators/protocol/transport/frame_reader.hpp"

#include <limits.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>

#include "core/xlators/storage/posix/high_descriptor.hpp"

namespace booster::transport {

namespace {

constexpr std::size_t kStagingSize = 64 * 1024;

// Drops `n` filled bytes from the front of `target`.
void advance(std::vector<iovec>& target, std::size_t n) {
    std::size_t done = 0;
    while (done < target.size() && n >= target[done].iov_len) n -= target[done++].iov_len;
    target.erase(target.begin(), target.begin() + static_cast<std::ptrdiff_t>(done));
    if (!target.empty() && n > 0) {
        target.front().iov_base = static_cast<char*>(target.front().iov_base) + n;
        target.front().iov_len -= n;
    }
}

}  // namespace

// Not zeroed: only the pages recv fills are ever touched (a connection's first replies touch
// one page, not sixteen).
FrameReader::FrameReader(std::size_t max_total, Fds fds)
    : max_total_(max_total), fds_(fds), staging_(std::make_unique_for_overwrite<std::uint8_t[]>(kStagingSize)) {}

ssize_t FrameReader::receive(int fd, const iovec* iov, std::size_t count) {
    msghdr msg{};
    msg.msg_iov = const_cast<iovec*>(iov);
    msg.msg_iovlen = std::min<std::size_t>(count, IOV_MAX);
    // The kernel never hands out the descriptors of two sends in one recvmsg.
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int) * 4)];
    if (fds_ == Fds::kTaken) {
        msg.msg_control = control;
        msg.msg_controllen = sizeof control;
    }
    // The descriptors passed land at the lowest free numbers, until moved_high moves them.
    std::optional<EngineDescriptorChange> change;
    if (fds_ == Fds::kTaken) change.emplace();
    const ssize_t n = ::recvmsg(fd, &msg, MSG_CMSG_CLOEXEC);
    if (n <= 0 || fds_ == Fds::kRefused) return n;
    bool took_all = (msg.msg_flags & MSG_CTRUNC) == 0;
    for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c != nullptr; c = CMSG_NXTHDR(&msg, c)) {
        if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) continue;
        const std::size_t fds = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
        for (std::size_t i = 0; i < fds; ++i) {
            int passed = -1;
            std::memcpy(&passed, CMSG_DATA(c) + i * sizeof(int), sizeof passed);
            queued_fds_.push_back(moved_high(UniqueFd(passed)));
        }
    }
    if (queued_fds_.size() > kMaxQueuedFds) took_all = false;
    if (took_all) return n;
    error_ = "descriptors passed beyond what the reader takes";
    errno = EPROTO;
    return -1;
}

FrameReader::Outcome FrameReader::read_from(int fd, FrameHandler& handler) {
    for (;;) {
        if (!consume(handler)) return Outcome::kProtocolError;
        if (state_ == State::kBulk && bulk_left_ > 0) {
            const Outcome o = read_bulk_direct(fd, handler);
            if (o != Outcome::kOpen || bulk_left_ > 0) return o;
            continue;
        }
        if (staged_begin_ == staged_end_) staged_begin_ = staged_end_ = 0;
        if (staged_end_ == kStagingSize) {
            std::memmove(staging_.get(), staging_.get() + staged_begin_, staged_end_ - staged_begin_);
            staged_end_ -= staged_begin_;
            staged_begin_ = 0;
        }
        const iovec free_space{staging_.get() + staged_end_, kStagingSize - staged_end_};
        const ssize_t n = receive(fd, &free_space, 1);
        if (n > 0) {
            staged_end_ += static_cast<std::size_t>(n);
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && errno == EAGAIN) return Outcome::kOpen;
        return n < 0 && errno == EPROTO && error_ != nullptr ? Outcome::kProtocolError : Outcome::kClosed;
    }
}

std::size_t FrameReader::take_staged(void* to, std::size_t want) {
    const std::size_t n = std::min(want, staged_end_ - staged_begin_);
    std::memcpy(to, staging_.get() + staged_begin_, n);
    staged_begin_ += n;
    return n;
}

bool FrameReader::consume(FrameHandler& handler) {
    for (;;) {
        switch (state_) {
            case State::kHeader: {
                if (staged_end_ - staged_begin_ < wire::kFrameHeaderSize) return true;
                wire::HeaderBytes head;
                (void)take_staged(head.data(), head.size());
                frame_ = Frame{};
                if ((error_ = wire::decode_header(head, max_total_, frame_.header)) != nullptr) return false;
                if ((frame_.header.flags & wire::kFramePassesFd) != 0 && !take_passed_fd()) return false;
                frame_.message_words = std::make_unique_for_overwrite<std::uint64_t[]>((frame_.header.message_size + 7) / 8);
                message_done_ = 0;
                state_ = State::kMessage;
                break;
            }
            case State::kMessage: {
                auto* at = reinterpret_cast<std::uint8_t*>(frame_.message_words.get()) + message_done_;
                message_done_ += take_staged(at, frame_.header.message_size - message_done_);
                if (message_done_ < frame_.header.message_size) return true;
                if (!start_frame(handler)) return false;
                break;
            }
            case State::kBulk: {
                while (bulk_left_ > 0 && staged_begin_ < staged_end_) {
                    const std::size_t n = take_staged(bulk_target_.front().iov_base, bulk_target_.front().iov_len);
                    advance(bulk_target_, n);
                    bulk_left_ -= n;
                }
                if (bulk_left_ > 0) return true;
                if (!finish_frame(handler)) return false;
                break;
            }
        }
    }
}

bool FrameReader::take_passed_fd() {
    if (fds_ == Fds::kRefused) {
        error_ = "a descriptor passed to a peer that takes none";
        return false;
    }
    if (queued_fds_.empty()) {
        error_ = "frame announces a descriptor that did not come";
        return false;
    }
    frame_.passed_fd = std::move(queued_fds_.front());
    queued_fds_.pop_front();
    return true;
}

bool FrameReader::start_frame(FrameHandler& handler) {
    const std::size_t bulk = frame_.header.bulk_size;
    if (bulk == 0) return finish_frame(handler);
    std::span<const iovec> target;
    if ((error_ = handler.bulk_target(frame_.header, target)) != nullptr) return false;
    bulk_target_.clear();
    if (target.empty()) {
        frame_.bulk = std::make_unique_for_overwrite<std::uint8_t[]>(bulk);
        bulk_target_.push_back({frame_.bulk.get(), bulk});
    } else {
        std::size_t room = bulk;
        for (const iovec& v : target) {
            if (room == 0) break;
            bulk_target_.push_back({v.iov_base, std::min(room, v.iov_len)});
            room -= bulk_target_.back().iov_len;
        }
        if (room > 0) {
            error_ = "bulk data larger than its destination";
            return false;
        }
    }
    bulk_left_ = bulk;
    state_ = State::kBulk;
    return true;
}

bool FrameReader::finish_frame(FrameHandler& handler) {
    state_ = State::kHeader;
    error_ = handler.on_frame(std::move(frame_));
    return error_ == nullptr;
}

FrameReader::Outcome FrameReader::read_bulk_direct(int fd, FrameHandler& handler) {
    for (;;) {
        const ssize_t n = receive(fd, bulk_target_.data(), bulk_target_.size());
        if (n > 0) {
            advance(bulk_target_, static_cast<std::size_t>(n));
            bulk_left_ -= static_cast<std::size_t>(n);
            if (bulk_left_ > 0) continue;
            return finish_frame(handler) ? Outcome::kOpen : Outcome::kProtocolError;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && errno == EAGAIN) return Outcome::kOpen;
        return n < 0 && errno == EPROTO && error_ != nullptr ? Outcome::kProtocolError : Outcome::kClosed;
    }
}


}  // namespace booster::transport
