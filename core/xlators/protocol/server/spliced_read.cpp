#include "core/xlators/protocol/server/spliced_read.hpp"

#include <optional>

#include "core/xlators/protocol/server/client_session.hpp"
#include "core/xlators/protocol/server/protocol_server.hpp"
#include "core/xlators/protocol/transport/splice_pipe.hpp"
#include "core/xlators/protocol/wire/reply_codec.hpp"

namespace booster::serve {

namespace {

// This thread's pipe; none when the system would not make one (every read is then copied).
transport::SplicePipe* thread_pipe() {
    thread_local std::optional<transport::SplicePipe> pipe = transport::SplicePipe::open();
    return pipe ? &*pipe : nullptr;
}

}  // namespace

bool try_spliced_read(ClientSession& session, std::uint64_t xid, const Request& req, Fd& fd, std::size_t length,
                      off_t offset, unsigned flags) {
    if (length < kSpliceMin || flags != 0 || offset < 0) return false;
    transport::SplicePipe* pipe = thread_pipe();
    if (pipe == nullptr || !pipe->fits(length, offset)) return false;
    ProtocolServer& server = session.server();
    Result<std::size_t> read = server.first_child().read_to_pipe(req, fd, pipe->write_end(), length, offset);
    if (!read) {
        if (read.error().errnum != ENOTSUP) pipe->clear();
        return false;
    }
    thread_local wire::Builder builder;
    builder.Clear();
    wire::finish_message(builder, wire::encode_reply(builder, *read, 0));
    if (!session.connection().send_spliced(xid, {builder.GetBufferPointer(), builder.GetSize()}, pipe->read_end(),
                                           *read))
        pipe->clear();
    server.count_spliced_read();
    return true;
}

}  // namespace booster::serve
