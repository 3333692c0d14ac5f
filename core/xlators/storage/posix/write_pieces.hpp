// write_in_pieces: a plain write of a file handed to the kernel in pieces of at most a given
// size, each piece one write call at its own offset.
//
// Why: ext4 on current kernels caches a file in folios as large as the write that created
// them, and every later small write into a folio walks all of the folio's blocks. On this
// project's VM a file laid out by 1 MiB writes took random 4 KiB writes at 601 MB/s, one laid
// out by 64 KiB writes at 1579 MB/s (fio, natively); writing 64 KiB at a time cost sequential
// writes and re-reads nothing measurable (4628 vs 4067 MB/s written, 6164 vs 6259 MB/s re-read).
// storage/posix writes its plain writes this way (option write-piece-size); never an append,
// which must stay one atomic write. The price: two overlapping writes larger than a piece, from
// two clients at once, may interleave piece by piece (FUSE splits writes beyond max_write alike).
// Thread-safety: a pure function of its arguments; `write` is called on the calling thread.
#pragma once

#include <sys/types.h>
#include <sys/uio.h>

#include <cstddef>
#include <functional>

#include "core/engine/fop_list.hpp"
#include "core/engine/result.hpp"

namespace booster {

// Writes one piece (at most the piece size) at an offset: the count written, or the error.
using PieceWriter = std::function<Result<std::size_t>(IoVecs piece, off_t offset)>;

// Writes `src` at `offset` in pieces of at most `piece_size` bytes (> 0), in order. Answers as
// one write(2) would: the whole count; a short count when a piece was written short, or failed
// after others were written (what was written stays); the error when the first piece failed.
Result<std::size_t> write_in_pieces(IoVecs src, off_t offset, std::size_t piece_size, const PieceWriter& write);

}  // namespace booster
