// serve_call<F>(): runs one decoded request of fop F on the brick and sends its reply.
//
// On the event thread, or a worker for fops that may block: each wire argument is turned into what the fop takes
// (HeldArg): Locs resolved by gfid, remote fd ids looked up in the session's table (open,
// create and opendir get a fresh Fd, added to the table when they succeed; an anonymous fd
// becomes an anonymous Fd of the object), writev's iovec pointing at the frame's bulk data,
// readv's at a buffer that becomes the reply's bulk data (made only when the read is not
// spliced: spliced_read.hpp). Then the child's fop runs with the Request of the wire, the
// resolver learns what entry fops changed, and the reply goes back with the request's xid.
// Ownership: the coroutine owns the frame (and so the bytes the decoded arguments point into)
// and a reference on the session until the reply is sent.
#pragma once

#include <fcntl.h>

#include <memory>
#include <tuple>
#include <utility>

#include "core/engine/graph.hpp"
#include "core/engine/spawn.hpp"
#include "core/engine/xlator.hpp"
#include "core/xlators/protocol/server/brick_resolver.hpp"
#include "core/xlators/protocol/server/client_session.hpp"
#include "core/xlators/protocol/server/protocol_server.hpp"
#include "core/xlators/protocol/server/spliced_read.hpp"
#include "core/xlators/protocol/wire/call_codec.hpp"
#include "core/xlators/protocol/wire/reply_codec.hpp"

namespace booster::serve {

template <FopId F>
struct FopMethod;
#define BOOSTER_SERVE_METHOD(name, R, params, args)                   \
    template <>                                                       \
    struct FopMethod<FopId::name> {                                   \
        static constexpr auto method = &Xlator::name;                 \
    };
BOOSTER_FOPS(BOOSTER_SERVE_METHOD)
#undef BOOSTER_SERVE_METHOD

// What the fop is given for each wire argument, and how it is passed.
template <class W>
struct HeldArg {
    W value;
    const W& pass() { return value; }
};
template <>
struct HeldArg<wire::WireLoc> {
    Loc loc;
    const Loc& pass() { return loc; }
};
template <>
struct HeldArg<wire::RemoteFd> {
    FdRef fd;
    Fd& pass() { return *fd; }
};
template <>
struct HeldArg<wire::WireIo> {
    iovec iov{};
    std::unique_ptr<std::uint8_t[]> buffer;  // readv's destination, made when the read runs
    IoVecs pass() {
        if (iov.iov_base == nullptr && iov.iov_len > 0) {
            buffer = std::make_unique_for_overwrite<std::uint8_t[]>(iov.iov_len);
            iov.iov_base = buffer.get();
        }
        return IoVecs(&iov, 1);
    }
};

struct Context {
    ClientSession& session;
    const Request& req;
    const transport::Frame& frame;
    FopId fop;
};

template <class W>
int hold(Context&, const W& w, HeldArg<W>& out) {
    out.value = w;
    return 0;
}
inline int hold(Context& c, const wire::WireLoc& w, HeldArg<wire::WireLoc>& out) {
    auto loc = c.session.server().resolver().loc(c.req, w);
    if (!loc) return loc.error().errnum;
    out.loc = std::move(*loc);
    return 0;
}
// An anonymous fd: the object found by gfid as every Loc is (within the export), given to the
// fop as an Fd nothing opened, dropped with the fop (no table entry: a disconnect leaves
// nothing). Only readv and writev are served so (storage/posix opens the object for that read
// or write with the request's credentials); any other fop answers EBADF, as a brick without the
// form does.
inline int hold_anonymous(Context& c, const wire::RemoteFd& w, HeldArg<wire::RemoteFd>& out) {
    if (c.fop != FopId::readv && c.fop != FopId::writev) return EBADF;
    auto object = c.session.server().resolver().inode(c.req, w.anonymous_gfid);
    if (!object) return object.error().errnum;
    const int access = c.fop == FopId::readv ? O_RDONLY : O_WRONLY;
    out.fd = Fd::anonymous(std::move(*object), access, c.req.pid, c.session.server().graph()->slots());
    return 0;
}
inline int hold(Context& c, const wire::RemoteFd& w, HeldArg<wire::RemoteFd>& out) {
    // open, create, opendir name no fd (id 0): theirs is made fresh once the Loc is known.
    if (wire::opens_fd(c.fop)) return w.id == 0 && !w.anonymous() ? 0 : EBADF;
    if (w.anonymous()) return hold_anonymous(c, w, out);
    out.fd = c.session.fds().find(w.id);
    return out.fd ? 0 : EBADF;
}
inline int hold(Context& c, const wire::WireIo& w, HeldArg<wire::WireIo>& out) {
    if (c.fop == FopId::writev) {
        out.iov = {c.frame.bulk.get(), w.length};
        return 0;
    }
    // The reply must fit one frame of this brick's size, its message beside the data.
    if (w.length > c.session.server().max_frame() - wire::kReadvReplyRoom) return EINVAL;
    out.iov = {nullptr, w.length};
    return 0;
}

template <class Tuple>
struct HeldTuple;
template <class... W>
struct HeldTuple<std::tuple<W...>> {
    using type = std::tuple<HeldArg<W>...>;
};
template <FopId F>
using HeldArgs = typename HeldTuple<wire::CallArgs<F>>::type;

template <FopId F>
int hold_all(Context& c, const wire::CallArgs<F>& args, HeldArgs<F>& held) {
    int error = 0;
    [&]<std::size_t... I>(std::index_sequence<I...>) {
        ((error = error != 0 ? error : hold(c, std::get<I>(args), std::get<I>(held))), ...);
    }(std::make_index_sequence<std::tuple_size_v<wire::CallArgs<F>>>());
    if constexpr (wire::opens_fd(F)) {
        if (error != 0) return error;
        const Loc& loc = std::get<0>(held).loc;
        int flags = O_RDONLY | O_DIRECTORY;
        if constexpr (F != FopId::opendir) flags = std::get<1>(held).value;
        std::get<std::tuple_size_v<HeldArgs<F>> - 1>(held).fd =
            Fd::create(loc.inode, flags, c.req.pid, c.session.server().graph()->slots());
    }
    return error;
}

// What the brick's tables learn from a successful fop: new names, gone names, new fds.
template <FopId F, class R>
std::uint64_t after_success(ClientSession& s, HeldArgs<F>& held, const R& reply) {
    BrickResolver& resolver = s.server().resolver();
    if constexpr (F == FopId::lookup || F == FopId::mknod || F == FopId::mkdir || F == FopId::create)
        resolver.entry_made(std::get<0>(held).loc, reply.attr);
    if constexpr (F == FopId::symlink || F == FopId::link) resolver.entry_made(std::get<1>(held).loc, reply.attr);
    if constexpr (F == FopId::unlink || F == FopId::rmdir) resolver.entry_removed(std::get<0>(held).loc);
    if constexpr (F == FopId::rename) resolver.entry_moved(std::get<0>(held).loc, std::get<1>(held).loc);
    if constexpr (wire::opens_fd(F)) return s.fds().add(std::get<std::tuple_size_v<HeldArgs<F>> - 1>(held).fd);
    return 0;
}

// The descriptor to pass with a successful open or create reply, when the session lends them
// and every translator below does (Xlator::descriptor_to_lend); -1 otherwise.
template <FopId F>
int descriptor_to_lend(ClientSession& s, HeldArgs<F>& held) {
    if constexpr (F == FopId::open || F == FopId::create) {
        if (!s.lends_fds()) return -1;
        Result<int> lent = s.server().first_child().descriptor_to_lend(*std::get<std::tuple_size_v<HeldArgs<F>> - 1>(held).fd);
        return lent ? *lent : -1;
    } else {
        return -1;
    }
}

template <FopId F>
void send_reply(ClientSession& s, std::uint64_t xid, const Result<typename wire::FopTraits<F>::Reply>& result,
                std::uint64_t fd_id, HeldArgs<F>& held) {
    thread_local wire::Builder builder;
    builder.Clear();
    iovec bulk{};
    std::size_t bulk_parts = 0;
    int lend = -1;
    if (!result) {
        wire::finish_message(builder, wire::encode_error(builder, result.error().errnum));
    } else {
        wire::finish_message(builder, wire::encode_reply(builder, *result, fd_id));
        if constexpr (F == FopId::readv) {
            bulk = {std::get<1>(held).buffer.get(), *result};
            bulk_parts = 1;
        }
        lend = descriptor_to_lend<F>(s, held);
    }
    const std::span<const std::uint8_t> message{builder.GetBufferPointer(), builder.GetSize()};
    if (lend >= 0) (void)s.connection().send_with_fd(xid, message, lend);
    else (void)s.connection().send(xid, message, {&bulk, bulk_parts});
}

// Fops that may block for long (disk flushes, blocking locks, bulk copies) leave the event
// thread for the worker pool; the others run on it, saving a thread wake-up per round trip.
constexpr bool may_block(FopId f) {
    switch (f) {
        case FopId::fsync:
        case FopId::fsyncdir:
        case FopId::lk:
        case FopId::inodelk:
        case FopId::finodelk:
        case FopId::entrylk:
        case FopId::fallocate:
        case FopId::zerofill:
        case FopId::discard:
        case FopId::copy_file_range: return true;
        default: return false;
    }
}

template <FopId F>
Task<Unit> serve_call(std::shared_ptr<ClientSession> session, transport::Frame frame, Request req,
                      wire::CallArgs<F> args) {
    ProtocolServer& server = session->server();
    if constexpr (may_block(F)) co_await server.pool().hop();
    Context c{*session, req, frame, F};
    HeldArgs<F> held;
    Result<typename wire::FopTraits<F>::Reply> result = fail(EIO);
    std::uint64_t fd_id = 0;
    if (const int error = hold_all<F>(c, args, held); error != 0) {
        result = fail(error);
    } else {
        if constexpr (F == FopId::readv) {
            auto& [fd, into, offset, flags] = held;
            const std::uint64_t xid = frame.header.xid;
            if (try_spliced_read(*session, xid, req, *fd.fd, into.iov.iov_len, offset.value, flags.value)) {
                server.fop_finished();
                co_return Unit{};
            }
        }
        Xlator& child = server.first_child();
        result = co_await std::apply(
            [&](auto&... h) { return (child.*FopMethod<F>::method)(req, h.pass()...); }, held);
        if (result) fd_id = after_success<F>(*session, held, *result);
    }
    send_reply<F>(*session, frame.header.xid, result, fd_id, held);
    server.fop_finished();
    co_return Unit{};
}

}  // namespace booster::serve
