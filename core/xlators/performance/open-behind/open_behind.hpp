// performance/open-behind: acknowledges an open at once and sends it below only when a fop
// needs the fd there (GlusterFS's open-behind). An fd opened and closed without I/O (a stat,
// a check that the file opens, a boosted program's engine open whose reads a cache answers)
// then costs nothing below: its flush is answered here and its release sends nothing.
//
// Flush: below a brick's flush only drops the POSIX locks of the closing process
// (features/locks; storage/posix has nothing to do), so it is answered here on any fd of a
// file that has had no POSIX lock request through this graph. A close by a process drops its
// POSIX locks on the file through any fd, so on a file with such requests the flush goes below
// (opening a deferred fd first). Errors of writes acknowledged above (write-behind) are
// reported there, at the flush, not here.
//
// Which fops need the fd below: every fd fop except fstat and flush (readv, writev, fsync,
// fsetattr, the f-xattr fops, lk, finodelk, fxattrop, fallocate, discard, zerofill, seek,
// copy_file_range). The first of them sends the open with the opener's credentials and flags;
// fops that arrive meanwhile wait for it; when it fails, that fop and every later one on the fd
// fail with its errno (as GlusterFS: the open's error shows at the first use).
// On an fd not opened below, fstat is a stat of the file (by gfid: the same answer).
// Anonymous fds (option use-anonymous-fd, on; GlusterFS's lazy-open): the first readv on an fd
// opened O_RDONLY whose open is still deferred goes below on an anonymous Fd of the inode
// (fd.hpp), with the opener's credentials (those the deferred open carries), and the open stays
// deferred: a file opened, read in one call and closed (a boosted read-once: io-cache finds the
// end in that call) costs the brick that read alone. Likewise the first writev on an fd opened
// for writing alone (O_WRONLY; not O_SYNC, O_DSYNC or O_DIRECT, which the brick's open would
// carry): a file created or opened, written in one call and closed (a boosted create:
// write-behind sends its writes as one at the close) costs that write alone.
// A later read sends the open: below, an anonymous read opens and closes the object each time
// (5 system calls; 4.5x the cost of a 4 KiB pread on a local volume), which only a file read once
// may skip. A read that sends the open (that second read, or any read of an O_RDWR fd) goes below
// on an anonymous Fd together with the open: one round trip, not the open's and then its own. The
// open's failure fails it, whatever the anonymous read got; an anonymous read that failed is made
// again on the opened fd. Every other fop, and a write that needs the open, sends the open first
// and waits for it (a write that landed must not be reported failed by an open that did not; on
// an O_RDWR fd an anonymous write's open below would be a second one).
// When an anonymous fop is refused with EBADF or EINVAL (a child without the form: an older
// brick) before any anonymous read has succeeded on this graph, the graph stops trying them;
// either way that fop sends the open and runs on the opened fd. So does a read refused with
// EACCES: the brick checks the opener's permission to read now, which can differ from the open's
// (a mode changed since the open; a FUSE mount sends no supplementary groups, its kernel checked
// them), and the open decides, as without anonymous reads. A file renamed after the open is read
// as the deferred open would have opened it; one unlinked fails the read with ENOENT as that open
// would, and the next read sends the open, whose failure fails the fd for good, as without
// anonymous reads.
// Distribute routes an anonymous Fd by its inode, as the fd it stands for.
// Not deferred: opens with O_TRUNC, O_CREAT or O_EXCL (their effect is the open itself);
// permission checks are not deferred either where the kernel makes them (the FUSE mount uses
// default_permissions; a boosted program's engine opens what the kernel already opened).
// Place it below write-behind (a write is acknowledged there before the open is sent) and above
// the protocol/client leaves.
// dump(): "deferred=N sent=N anonymous-reads=N anonymous-writes=N\n" (opens acknowledged here;
// those later sent below; reads and writes sent on anonymous Fds).
// Thread-safety: as every translator: fops from any thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

#include "core/engine/xlator.hpp"
#include "core/xlators/performance/open-behind/deferred_open.hpp"

namespace booster {

class OpenBehind final : public Xlator {
public:
    Status init() override;
    std::string dump() const override;

    Task<Result<Unit>> open(const Request& req, const Loc& loc, int flags, Fd& fd) override;
    Task<Result<Iatt>> fstat(const Request& req, Fd& fd) override;
    Task<Result<Unit>> flush(const Request& req, Fd& fd) override;
    Task<Result<Flock>> lk(const Request& req, Fd& fd, LockCmd cmd, const Flock& lock) override;

    Task<Result<std::size_t>> readv(const Request& req, Fd& fd, IoVecs dst, off_t offset, unsigned flags) override;
    Task<Result<std::size_t>> writev(const Request& req, Fd& fd, IoVecs src, off_t offset, unsigned flags) override;
    Task<Result<Unit>> fsync(const Request& req, Fd& fd, bool datasync) override;
    Task<Result<Iatt>> fsetattr(const Request& req, Fd& fd, const SetAttr& attr) override;
    Task<Result<Unit>> fsetxattr(const Request& req, Fd& fd, std::string_view name, std::string_view value,
                                 int flags) override;
    Task<Result<std::string>> fgetxattr(const Request& req, Fd& fd, std::string_view name) override;
    Task<Result<Unit>> fremovexattr(const Request& req, Fd& fd, std::string_view name) override;
    Task<Result<Names>> flistxattr(const Request& req, Fd& fd) override;
    Task<Result<Unit>> finodelk(const Request& req, std::string_view domain, Fd& fd, LockCmd cmd,
                                const Flock& lock) override;
    Task<Result<Dict>> fxattrop(const Request& req, Fd& fd, XattrOp op, const Dict& delta) override;
    Task<Result<Unit>> fallocate(const Request& req, Fd& fd, int mode, off_t offset, off_t length) override;
    Task<Result<Unit>> discard(const Request& req, Fd& fd, off_t offset, off_t length) override;
    Task<Result<Unit>> zerofill(const Request& req, Fd& fd, off_t offset, off_t length) override;
    Task<Result<off_t>> seek(const Request& req, Fd& fd, off_t offset, int whence) override;
    Task<Result<std::size_t>> copy_file_range(const Request& req, Fd& in, off_t in_offset, Fd& out, off_t out_offset,
                                              std::size_t length, unsigned flags) override;

private:
    // What this graph's children answered anonymous fds with so far.
    enum class AnonymousFds { kUntried, kServed, kRefused };

    // readv and writev: `fop(request, fd)` on `fd` once it is open below, or on an anonymous Fd
    // when `d` allows it. An fd open below (the steady state) costs one context lookup.
    template <class Fop>
    Task<Result<std::size_t>> data_fop(const Request& req, Fd& fd, Fop fop, bool write);
    // Whether this read or write of the fd whose deferred open is `d` goes below on an anonymous
    // Fd (and claims the fd's one).
    bool goes_anonymously(DeferredOpen& d, bool write) const;
    // `fop(request, fd)` on an anonymous Fd of `fd`'s inode with the opener's credentials (`d`'s);
    // refused, `fop(req, fd)` once `fd` is open below.
    template <class Fop>
    Task<Result<std::size_t>> anonymously(const Request& req, Fd& fd, const DeferredOpen& d, Fop fop);
    // Whether this read, which the open must serve, sends the deferred open `d` itself (claims
    // it) together with an anonymous read.
    bool reads_while_opening(DeferredOpen& d, bool write) const;
    // Sends `d`'s open and `fop` on an anonymous Fd together; the open's failure fails the read,
    // and a read the anonymous Fd could not serve is made again on the opened `fd`.
    template <class Fop>
    Task<Result<std::size_t>> read_while_opening(const Request& req, Fd& fd, DeferredOpen& d, Fop fop);
    // Learns from an anonymous fop's answer whether this graph's children serve anonymous Fds.
    void note_anonymous_answer(const Result<std::size_t>& n);
    // Sends `d`, the open this fop claimed, and settles it; its outcome.
    Task<Status> send_open(Fd& fd, DeferredOpen& d);
    // Sends the fd's deferred open, or waits for the fop that sends it; its outcome.
    Task<Status> open_below(Fd& fd);
    // `fop` (a callable returning the child's task) once the fd is open below.
    template <class R, class Fop>
    Task<Result<R>> when_open(Fd& fd, Fop fop);
    template <class R, class Fop>
    Task<Result<R>> after_open(Fd& fd, Fop fop);

    bool use_anonymous_fd_ = true;
    std::atomic<AnonymousFds> anonymous_fds_{AnonymousFds::kUntried};
    std::atomic<std::uint64_t> deferred_{0};
    std::atomic<std::uint64_t> sent_{0};
    std::atomic<std::uint64_t> anonymous_reads_{0};
    std::atomic<std::uint64_t> anonymous_writes_{0};
};

}  // namespace booster
