#include "core/xlators/protocol/server/spliced_read.hpp"

#include <algorithm>
#include <span>
#include <vector>

#include "core/xlators/protocol/server/client_session.hpp"
#include "core/xlators/protocol/server/protocol_server.hpp"
#include "core/xlators/protocol/transport/splice_pipe.hpp"
#include "core/xlators/protocol/wire/reply_codec.hpp"

namespace booster::serve {

namespace {

// This thread's pipes; none when the system would not make two (every read is then copied).
std::span<transport::SplicePipe> thread_pipes() {
    thread_local std::vector<transport::SplicePipe> pipes = [] {
        std::vector<transport::SplicePipe> made;
        for (int i = 0; i < 2; ++i)
            if (auto pipe = transport::SplicePipe::open()) made.push_back(std::move(*pipe));
        if (made.size() < 2) made.clear();
        return made;
    }();
    return pipes;
}

// The pieces of a read of `length` bytes from `offset`, one per pipe in order; empty when the
// pipes cannot take it all.
struct Piece {
    transport::SplicePipe* pipe;
    std::size_t length;
    off_t offset;
};

std::vector<Piece> plan(std::span<transport::SplicePipe> pipes, std::size_t length, off_t offset) {
    std::vector<Piece> pieces;
    for (transport::SplicePipe& pipe : pipes) {
        if (length == 0) break;
        const std::size_t take = std::min(length, pipe.room(offset));
        if (take == 0) break;
        pieces.push_back({&pipe, take, offset});
        length -= take;
        offset += static_cast<off_t>(take);
    }
    if (length != 0) pieces.clear();
    return pieces;
}

void clear(std::span<const Piece> pieces) {
    for (const Piece& p : pieces) p.pipe->clear();
}

}  // namespace

bool try_spliced_read(ClientSession& session, std::uint64_t xid, const Request& req, Fd& fd, std::size_t length,
                      off_t offset, unsigned flags) {
    if (length < kSpliceMin || flags != 0 || offset < 0) return false;
    const std::vector<Piece> pieces = plan(thread_pipes(), length, offset);
    if (pieces.empty()) return false;
    ProtocolServer& server = session.server();
    std::vector<transport::Connection::PipedBytes> filled;
    std::size_t total = 0;
    for (const Piece& piece : pieces) {
        Result<std::size_t> read =
            server.first_child().read_to_pipe(req, fd, piece.pipe->write_end(), piece.length, piece.offset);
        if (!read) {
            if (read.error().errnum != ENOTSUP || !filled.empty()) clear(pieces);
            return false;
        }
        filled.push_back({piece.pipe->read_end(), *read});
        total += *read;
        if (*read < piece.length) break;  // the end of the file
    }
    thread_local wire::Builder builder;
    builder.Clear();
    wire::finish_message(builder, wire::encode_reply(builder, total, 0));
    if (!session.connection().send_spliced(xid, {builder.GetBufferPointer(), builder.GetSize()}, filled))
        clear(pieces);
    server.count_spliced_read();
    return true;
}

}  // namespace booster::serve
