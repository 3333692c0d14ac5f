#include "core/xlators/protocol/server/spliced_read.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <span>

#include "core/xlators/protocol/server/client_session.hpp"
#include "core/xlators/protocol/server/protocol_server.hpp"
#include "core/xlators/protocol/transport/splice_pipe.hpp"
#include "core/xlators/protocol/wire/reply_codec.hpp"

namespace booster::serve {

namespace {

constexpr std::size_t kPipes = 2;

// This thread's pipes; none when the system would not make them all (every read is then copied).
std::optional<std::array<transport::SplicePipe, kPipes>>& thread_pipes() {
    thread_local std::optional<std::array<transport::SplicePipe, kPipes>> pipes = [] {
        auto first = transport::SplicePipe::open();
        auto second = transport::SplicePipe::open();
        std::optional<std::array<transport::SplicePipe, kPipes>> made;
        if (first && second) made.emplace(std::array{std::move(*first), std::move(*second)});
        return made;
    }();
    return pipes;
}

// A read of `length` bytes from `offset` cut into one piece per pipe, in order (`count` of them);
// none when the pipes cannot take it all.
struct Plan {
    struct Piece {
        transport::SplicePipe* pipe;
        std::size_t length;
        off_t offset;
    };
    std::array<Piece, kPipes> pieces{};
    std::size_t count = 0;

    std::span<const Piece> used() const { return {pieces.data(), count}; }
    void clear_pipes() const {
        for (const Piece& p : used()) p.pipe->clear();
    }
};

Plan plan(std::array<transport::SplicePipe, kPipes>& pipes, std::size_t length, off_t offset) {
    Plan p;
    for (transport::SplicePipe& pipe : pipes) {
        const std::size_t take = std::min(length, pipe.room(offset));
        if (take == 0) break;
        p.pieces[p.count++] = {&pipe, take, offset};
        length -= take;
        offset += static_cast<off_t>(take);
    }
    if (length != 0) p.count = 0;
    return p;
}

}  // namespace

bool try_spliced_read(ClientSession& session, std::uint64_t xid, const Request& req, Fd& fd, std::size_t length,
                      off_t offset, unsigned flags) {
    if (length < kSpliceMin || flags != 0 || offset < 0 || !thread_pipes()) return false;
    const Plan cut = plan(*thread_pipes(), length, offset);
    if (cut.count == 0) return false;
    ProtocolServer& server = session.server();
    std::array<transport::Connection::PipedBytes, kPipes> filled{};
    std::size_t pieces_filled = 0;
    std::size_t total = 0;
    for (const Plan::Piece& piece : cut.used()) {
        Result<std::size_t> read =
            server.first_child().read_to_pipe(req, fd, piece.pipe->write_end(), piece.length, piece.offset);
        if (!read) {
            if (read.error().errnum != ENOTSUP || pieces_filled > 0) cut.clear_pipes();
            return false;
        }
        filled[pieces_filled++] = {piece.pipe->read_end(), *read};
        total += *read;
        if (*read < piece.length) break;  // the end of the file
    }
    thread_local wire::Builder builder;
    builder.Clear();
    wire::finish_message(builder, wire::encode_reply(builder, total, 0));
    if (!session.connection().send_spliced(xid, {builder.GetBufferPointer(), builder.GetSize()},
                                           {filled.data(), pieces_filled}))
        cut.clear_pipes();
    server.count_spliced_read();
    return true;
}

}  // namespace booster::serve
