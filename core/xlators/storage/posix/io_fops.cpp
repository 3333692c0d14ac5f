// storage/posix: fops on file contents through the kernel descriptor of an open Fd (open,
// readv, writev, flush, fsync, fallocate, discard, zerofill, seek, copy_file_range), and
// read_to_pipe, a brick's readv spliced from the file into a pipe (xlator.hpp). readv,
// read_to_pipe and writev also serve an anonymous Fd (fd.hpp) by opening its object for that
// one call. Reads and writes are positional, straight between the caller's buffers and the kernel
// (large plain writes in pieces: write_pieces.hpp).
#include <fcntl.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <array>

#include "core/xlators/storage/posix/gfid_xattr.hpp"
#include "core/xlators/storage/posix/permission_rules.hpp"
#include "core/xlators/storage/posix/posix.hpp"
#include "core/xlators/storage/posix/stat_descriptor.hpp"
#include "core/xlators/storage/posix/write_pieces.hpp"

namespace booster {

namespace {

// Zeroes a range by writing, for file systems without FALLOC_FL_ZERO_RANGE.
Status write_zeros(int fd, off_t offset, off_t length) {
    static const std::array<char, 64 * 1024> zeros{};
    while (length > 0) {
        const std::size_t chunk = static_cast<std::size_t>(std::min<off_t>(length, zeros.size()));
        const ssize_t n = ::pwrite(fd, zeros.data(), chunk, offset);
        if (n < 0) return fail_errno();
        offset += n;
        length -= n;
    }
    return ok();
}

Result<Unit> unit_or_errno(int rc) {
    if (rc != 0) return fail_errno();
    return Unit{};
}

}  // namespace

Result<Unit> Posix::open_sync(const Request& req, const Loc& loc, int flags, Fd& fd) {
    auto e = locate(loc, Resolver::Intent::kExisting);
    if (!e) return std::unexpected(e.error());
    auto opened = open_entry(req, *e, flags);
    if (!opened) return std::unexpected(opened.error());
    auto gfid = read_gfid(XattrTarget::descriptor(opened->get()));
    install(fd, std::move(*opened), gfid ? *gfid : gfid_of(loc), e->is_root());
    return Unit{};
}

// An anonymous fd's object, opened for one read or write (`access`: O_RDONLY or O_WRONLY);
// EACCES when its mode bits do not let the request's credentials read or write it (the
// kernel's check of such an open: the brick itself runs as root, and nothing opened this fd
// with the requester's rights). Non-blocking, so that a FIFO on the brick cannot hold the
// caller's thread; only regular files are served (the rest EBADF: the caller opens them first).
Result<UniqueFd> Posix::open_anonymous(const Request& req, const Fd& fd, int access) const {
    Loc loc;
    loc.inode = fd.inode_ref();
    loc.gfid = fd.inode().gfid();
    auto e = locate(loc, Resolver::Intent::kExisting);
    if (!e) return std::unexpected(e.error());
    UniqueFd opened(::openat(e->dir, e->name.c_str(), brick_open_flags(access | O_NONBLOCK)));
    if (!opened) return fail_errno();
    auto st = stat_descriptor(opened.get());
    if (!st) return std::unexpected(st.error());
    if (!S_ISREG(st->st_mode)) return fail(S_ISDIR(st->st_mode) ? EISDIR : EBADF);
    if (auto allowed = may_open(*st, req, access); !allowed) return std::unexpected(allowed.error());
    return opened;
}

Result<int> Posix::io_descriptor(const Request& req, Fd& fd, int access, UniqueFd& once) const {
    if (fd.anonymous()) {
        auto object = open_anonymous(req, fd, access);
        if (!object) return std::unexpected(object.error());
        once = std::move(*object);
        return once.get();
    }
    auto file = open_file(fd);
    if (!file) return std::unexpected(file.error());
    return (*file)->fd.get();
}

// `flags` of readv/writev are RWF_* flags: RWF_APPEND is how an O_APPEND writer above (the
// booster, the bridge) gets an atomic append from a positional engine.
Result<std::size_t> Posix::readv_sync(const Request& req, Fd& fd, IoVecs dst, off_t offset, unsigned flags) {
    UniqueFd once;
    auto kfd = io_descriptor(req, fd, O_RDONLY, once);
    if (!kfd) return std::unexpected(kfd.error());
    return read_at(*kfd, dst, offset, flags);
}

Result<std::size_t> Posix::read_at(int kfd, IoVecs dst, off_t offset, unsigned flags) {
    // One buffer and no flags is the common case, and pread skips the kernel's iovec import.
    const ssize_t n = dst.size() == 1 && flags == 0
                          ? ::pread(kfd, dst[0].iov_base, dst[0].iov_len, offset)
                          : ::preadv2(kfd, dst.data(), static_cast<int>(dst.size()), offset, static_cast<int>(flags));
    if (n < 0) return fail_errno();
    return static_cast<std::size_t>(n);
}

Result<std::size_t> Posix::read_to_pipe(const Request& req, Fd& fd, int pipe, std::size_t length, off_t offset) {
    // O_DIRECT promises the reader bytes that bypass the page cache: read them with readv.
    if ((fd.flags() & O_DIRECT) != 0) return fail(ENOTSUP);
    UniqueFd once;
    auto kfd = io_descriptor(req, fd, O_RDONLY, once);
    if (!kfd) return std::unexpected(kfd.error());
    return splice_at(*kfd, pipe, length, offset);
}

Result<int> Posix::descriptor_to_lend(Fd& fd) {
    if (fd.anonymous()) return fail(ENOTSUP);
    auto file = open_file(fd);
    if (!file) return std::unexpected(file.error());
    auto st = stat_descriptor((*file)->fd.get());
    if (!st) return std::unexpected(st.error());
    if (!S_ISREG(st->st_mode)) return fail(ENOTSUP);
    return (*file)->fd.get();
}

// Non-blocking on the pipe: a pipe without room answers EAGAIN rather than holding the thread.
Result<std::size_t> Posix::splice_at(int kfd, int pipe, std::size_t length, off_t offset) {
    loff_t at = offset;
    std::size_t moved = 0;
    while (moved < length) {
        const ssize_t n = ::splice(kfd, &at, pipe, nullptr, length - moved, SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
        if (n == 0) break;
        if (n < 0) {
            if (errno == EINTR) continue;
            return fail_errno();
        }
        moved += static_cast<std::size_t>(n);
    }
    return moved;
}

Result<std::size_t> Posix::writev_sync(const Request& req, Fd& fd, IoVecs src, off_t offset, unsigned flags) {
    UniqueFd once;
    auto kfd = io_descriptor(req, fd, O_WRONLY, once);
    if (!kfd) return std::unexpected(kfd.error());
    return write_plain_or_in_pieces(fd, *kfd, src, offset, flags);
}

Result<std::size_t> Posix::write_plain_or_in_pieces(const Fd& fd, int kfd, IoVecs src, off_t offset,
                                                    unsigned flags) const {
    // An append must stay one write (atomic at the end of the file); O_DIRECT bypasses the
    // page cache whose folios the pieces are for.
    const bool whole = write_piece_ == 0 || flags != 0 || (fd.flags() & (O_APPEND | O_DIRECT)) != 0 ||
                       total_size(src) <= write_piece_;
    if (whole) return write_at(kfd, src, offset, flags);
    return write_in_pieces(src, offset, write_piece_,
                           [kfd](IoVecs piece, off_t at) { return write_at(kfd, piece, at, 0); });
}

Result<std::size_t> Posix::write_at(int kfd, IoVecs src, off_t offset, unsigned flags) {
    const ssize_t n = src.size() == 1 && flags == 0
                          ? ::pwrite(kfd, src[0].iov_base, src[0].iov_len, offset)
                          : ::pwritev2(kfd, src.data(), static_cast<int>(src.size()), offset, static_cast<int>(flags));
    if (n < 0) return fail_errno();
    return static_cast<std::size_t>(n);
}

// Nothing is buffered here; close-time errors belong to translators that buffer.
Result<Unit> Posix::flush_sync(const Request&, Fd& fd) {
    auto file = open_file(fd);
    if (!file) return std::unexpected(file.error());
    return Unit{};
}

Result<Unit> Posix::fsync_sync(const Request&, Fd& fd, bool datasync) {
    auto file = open_file(fd);
    if (!file) return std::unexpected(file.error());
    const int kernel_fd = (*file)->fd.get();
    return unit_or_errno(datasync ? ::fdatasync(kernel_fd) : ::fsync(kernel_fd));
}

Result<Unit> Posix::fallocate_sync(const Request&, Fd& fd, int mode, off_t offset, off_t length) {
    auto file = open_file(fd);
    if (!file) return std::unexpected(file.error());
    return unit_or_errno(::fallocate((*file)->fd.get(), mode, offset, length));
}

Result<Unit> Posix::discard_sync(const Request&, Fd& fd, off_t offset, off_t length) {
    auto file = open_file(fd);
    if (!file) return std::unexpected(file.error());
    return unit_or_errno(::fallocate((*file)->fd.get(), FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, offset, length));
}

Result<Unit> Posix::zerofill_sync(const Request&, Fd& fd, off_t offset, off_t length) {
    auto file = open_file(fd);
    if (!file) return std::unexpected(file.error());
    const int kernel_fd = (*file)->fd.get();
    if (::fallocate(kernel_fd, FALLOC_FL_ZERO_RANGE, offset, length) == 0) return Unit{};
    if (errno != EOPNOTSUPP) return fail_errno();
    if (auto written = write_zeros(kernel_fd, offset, length); !written) return std::unexpected(written.error());
    return Unit{};
}

Result<off_t> Posix::seek_sync(const Request&, Fd& fd, off_t offset, int whence) {
    auto file = open_file(fd);
    if (!file) return std::unexpected(file.error());
    const off_t at = ::lseek((*file)->fd.get(), offset, whence);
    if (at < 0) return fail_errno();
    return at;
}

Result<std::size_t> Posix::copy_file_range_sync(const Request&, Fd& in, off_t in_offset, Fd& out, off_t out_offset,
                                                std::size_t length, unsigned flags) {
    auto source = open_file(in);
    if (!source) return std::unexpected(source.error());
    auto destination = open_file(out);
    if (!destination) return std::unexpected(destination.error());
    loff_t from = in_offset;
    loff_t to = out_offset;
    const ssize_t n = ::copy_file_range((*source)->fd.get(), &from, (*destination)->fd.get(), &to, length, flags);
    if (n < 0) return fail_errno();
    return static_cast<std::size_t>(n);
}

}  // namespace booster
