#include "core/xlators/storage/posix/write_pieces.hpp"

#include <algorithm>
#include <vector>

namespace booster {

Result<std::size_t> write_in_pieces(IoVecs src, off_t offset, std::size_t piece_size, const PieceWriter& write) {
    std::size_t done = 0;
    std::size_t index = 0;  // the iovec of `src` the next piece starts in,
    std::size_t skip = 0;   // and how far into it
    std::vector<iovec> piece;
    while (index < src.size()) {
        piece.clear();
        std::size_t want = 0;
        for (; index < src.size() && want < piece_size; skip = 0, ++index) {
            const iovec& v = src[index];
            const std::size_t take = std::min(v.iov_len - skip, piece_size - want);
            if (take > 0) piece.push_back({static_cast<char*>(v.iov_base) + skip, take});
            want += take;
            if (skip + take < v.iov_len) {
                skip += take;
                break;
            }
        }
        if (want == 0) break;
        Result<std::size_t> n = write(piece, offset + static_cast<off_t>(done));
        if (!n) return done > 0 ? Result<std::size_t>(done) : n;
        done += *n;
        if (*n < want) break;
    }
    return done;
}

}  // namespace booster
