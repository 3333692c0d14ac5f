#include "core/xlators/storage/posix/write_pieces.hpp"

#include <algorithm>

namespace booster {

Result<std::size_t> write_in_pieces(IoVecs src, off_t offset, std::size_t piece_size, const PieceWriter& write) {
    const std::size_t total = total_size(src);
    std::size_t done = 0;
    while (done < total) {
        const std::size_t want = std::min(piece_size, total - done);
        Result<std::size_t> n = write(slice_iovecs(src, done, want), offset + static_cast<off_t>(done));
        if (!n) return done > 0 ? Result<std::size_t>(done) : n;
        done += *n;
        if (*n < want) break;
    }
    return done;
}

}  // namespace booster
