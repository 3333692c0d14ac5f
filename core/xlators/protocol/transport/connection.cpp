#include "core/xlators/protocol/transport/connection.hpp"

#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

#include "core/engine/fop_list.hpp"
#include "core/xlators/protocol/transport/no_sigpipe.hpp"

namespace booster::transport {

namespace {

// Drops `n` sent bytes from the front of `parts`; returns the first part still to send.
std::size_t advance(std::span<iovec> parts, std::size_t first, std::size_t n) {
    while (first < parts.size() && n >= parts[first].iov_len) {
        n -= parts[first].iov_len;
        ++first;
    }
    if (first < parts.size()) {
        parts[first].iov_base = static_cast<char*>(parts[first].iov_base) + n;
        parts[first].iov_len -= n;
    }
    return first;
}

wire::HeaderBytes frame_head(std::uint64_t xid, std::size_t message_size, std::size_t bulk_size,
                             std::uint16_t flags = 0) {
    wire::FrameHeader header;
    header.flags = flags;
    header.message_size = static_cast<std::uint32_t>(message_size);
    header.bulk_size = static_cast<std::uint32_t>(bulk_size);
    header.xid = xid;
    return wire::encode_header(header);
}

}  // namespace

bool Connection::send(std::uint64_t xid, std::span<const std::uint8_t> message, std::span<const iovec> bulk) {
    const std::size_t bulk_size = total_size(bulk);
    const wire::HeaderBytes head = frame_head(xid, message.size(), bulk_size);

    std::lock_guard lock(send_mu_);
    if (broken()) return false;
    if (holder_ == std::this_thread::get_id() && head.size() + message.size() + bulk_size <= kHeldFrameMax) {
        held_.insert(held_.end(), head.begin(), head.end());
        held_.insert(held_.end(), message.begin(), message.end());
        for (const iovec& v : bulk)
            held_.insert(held_.end(), static_cast<const std::uint8_t*>(v.iov_base),
                         static_cast<const std::uint8_t*>(v.iov_base) + v.iov_len);
        return held_.size() < kHeldFlushBytes || send_locked({});
    }

    constexpr std::size_t kInline = 8;
    iovec inline_parts[kInline];
    std::vector<iovec> many;
    const std::size_t count = 2 + bulk.size();
    iovec* parts = inline_parts;
    if (count > kInline) {
        many.resize(count);
        parts = many.data();
    }
    parts[0] = {const_cast<std::uint8_t*>(head.data()), head.size()};
    parts[1] = {const_cast<std::uint8_t*>(message.data()), message.size()};
    for (std::size_t i = 0; i < bulk.size(); ++i) parts[2 + i] = bulk[i];
    return send_locked({parts, count});
}

bool Connection::send_with_fd(std::uint64_t xid, std::span<const std::uint8_t> message, int fd) {
    const wire::HeaderBytes head = frame_head(xid, message.size(), 0, wire::kFramePassesFd);
    iovec parts[2] = {{const_cast<std::uint8_t*>(head.data()), head.size()},
                      {const_cast<std::uint8_t*>(message.data()), message.size()}};
    std::lock_guard lock(send_mu_);
    return !broken() && send_locked(parts, fd);
}

bool Connection::send_spliced(std::uint64_t xid, std::span<const std::uint8_t> message,
                              std::span<const PipedBytes> bulk) {
    std::size_t bulk_size = 0;
    for (const PipedBytes& b : bulk) bulk_size += b.bytes;
    const wire::HeaderBytes head = frame_head(xid, message.size(), bulk_size);
    iovec parts[2] = {{const_cast<std::uint8_t*>(head.data()), head.size()},
                      {const_cast<std::uint8_t*>(message.data()), message.size()}};

    std::lock_guard lock(send_mu_);
    if (broken() || !send_locked(parts)) return false;
    // splice(2) into a socket takes no MSG_NOSIGNAL.
    NoSigpipe quiet;
    if (std::ranges::all_of(bulk, [&](const PipedBytes& b) { return splice_all(b.pipe, b.bytes); })) return true;
    broken_.store(true, std::memory_order_release);
    (void)::shutdown(fd_.get(), SHUT_RDWR);
    return false;
}

bool Connection::splice_all(int pipe, std::size_t n) {
    while (n > 0) {
        const ssize_t moved = ::splice(pipe, nullptr, fd_.get(), nullptr, n, SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
        if (moved > 0) {
            n -= static_cast<std::size_t>(moved);
            continue;
        }
        if (moved == 0) return false;
        if (errno == EINTR) continue;
        // EAGAIN: the socket is full, or the pipe empty (it held less than the frame says).
        int waiting = 0;
        if (errno != EAGAIN || ::ioctl(pipe, FIONREAD, &waiting) != 0 || waiting == 0 || !wait_writable()) return false;
    }
    return true;
}

bool Connection::wait_writable() {
    pollfd p{fd_.get(), POLLOUT, 0};
    while (true) {
        const int ready = ::poll(&p, 1, static_cast<int>(std::chrono::milliseconds(kSendStall).count()));
        if (ready > 0) return true;
        if (ready == 0 || errno != EINTR) return false;
    }
}

bool Connection::send_locked(std::span<iovec> parts, int pass_fd) {
    bool sent = false;
    if (held_.empty()) {
        sent = send_all(parts, pass_fd);
    } else {
        std::vector<iovec> all;
        all.reserve(parts.size() + 1);
        all.push_back({held_.data(), held_.size()});
        all.insert(all.end(), parts.begin(), parts.end());
        sent = send_all(all, pass_fd);
        held_.clear();
    }
    if (sent) return true;
    broken_.store(true, std::memory_order_release);
    (void)::shutdown(fd_.get(), SHUT_RDWR);
    return false;
}

void Connection::hold(std::thread::id holder) {
    std::lock_guard lock(send_mu_);
    if (holder_ == std::thread::id()) holder_ = holder;
}

void Connection::release_held() {
    std::lock_guard lock(send_mu_);
    if (holder_ != std::this_thread::get_id()) return;
    holder_ = std::thread::id();
    if (!held_.empty() && !broken()) (void)send_locked({});
    held_.clear();
}

bool Connection::send_all(std::span<iovec> parts, int pass_fd) {
    std::size_t first = 0;
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))];
    while (first < parts.size()) {
        msghdr msg{};
        msg.msg_iov = parts.data() + first;
        msg.msg_iovlen = std::min<std::size_t>(parts.size() - first, IOV_MAX);
        if (pass_fd >= 0) {
            msg.msg_control = control;
            msg.msg_controllen = sizeof control;
            cmsghdr* c = CMSG_FIRSTHDR(&msg);
            c->cmsg_level = SOL_SOCKET;
            c->cmsg_type = SCM_RIGHTS;
            c->cmsg_len = CMSG_LEN(sizeof(int));
            std::memcpy(CMSG_DATA(c), &pass_fd, sizeof pass_fd);
        }
        const ssize_t n = ::sendmsg(fd_.get(), &msg, MSG_NOSIGNAL);
        if (n >= 0) {
            first = advance(parts, first, static_cast<std::size_t>(n));
            pass_fd = -1;
            continue;
        }
        if (errno == EINTR) continue;
        if (errno != EAGAIN || !wait_writable()) return false;
    }
    return true;
}

void Connection::shutdown() {
    broken_.store(true, std::memory_order_release);
    (void)::shutdown(fd_.get(), SHUT_RDWR);
}

}  // namespace booster::transport
