// protocol/client: a leaf translator that runs every fop on a remote brick (protocol/server)
// over a unix socket or TCP (options.hpp; wire format ../wire/booster_wire.fbs).
//
// Each fop is encoded (Locs as gfids and names, never paths; Fds as the remote ids in their
// RemoteFdCtx, an anonymous Fd as its inode's gfid, which the brick serves without an open),
// sent, and its task completes when the reply arrives: on the event thread, which resumes the
// fop's caller there (the engine allows completion on a foreign thread).
// The connection's life (connect in init, pings, CHILD_DOWN/CHILD_UP, reconnect, reopen) is
// Channel's (channel.hpp). A brick that is down fails fops with ENOTCONN at once; an fd that
// held a lock across a disconnect fails with EBADFD until closed (remote_fd.hpp).
// A readv or writev larger than one frame carries (max-message-size minus room for the
// message: 64 KiB for a writev's call, leaving 1 MiB by default; 4 KiB for a readv's reply)
// is split into chunks of at most that size, sent in order, up to 4 in flight together
// (independent requests on the connection). Like the kernel, a split writev answers with the
// bytes written before the first short write or error (the error itself if nothing was
// written), a split readv stops at the first short read.
// What is lost against one local write(): atomicity across chunks. Another client may see or
// change the file between two chunks, and when a chunk in the middle fails, chunks after it
// that were already in flight may still have been written (beyond the size returned).
// An appending writev (RWF_APPEND: O_APPEND above) is split too, not refused (a program
// writing 4 MiB to a log must not fail), but its chunks go one at a time: each is appended
// at the end the brick sees after the previous one landed, so the call's data lands in order
// and contiguous unless another appender writes between two chunks (then the two interleave
// at chunk boundaries, never inside a chunk) - as through a FUSE mount, whose kernel splits
// writes at max_write too. In flight together, chunks could be appended out of order.
// copy_file_range carries no data on the wire (the brick copies), so it is never split.
// Short-circuit I/O (option short-circuit, unix sockets, a brick that lends): readv, writev and
// fsync of an fd whose open came with the brick's descriptor of the file are made here, on that
// descriptor, as storage/posix would make them (positional, RWF_* flags as given), with no
// frame and no size limit; while the link the descriptor came on is down they fail with
// ENOTCONN as any fop does; the reopen after a reconnect brings the new brick's descriptor, and
// they go through that one (RemoteFdState::lend). Every other fop
// (fstat, locks, the namespace...) still goes to the brick, which acts on the same file.
// Thread-safety: fops from any thread; init/fini alone.
#pragma once

#include <memory>

#include "core/engine/xlator.hpp"
#include "core/xlators/protocol/client/call_awaiter.hpp"
#include "core/xlators/protocol/client/channel.hpp"

namespace booster {

class ProtocolClient final : public Xlator {
public:
    Status init() override;
    void fini() override;
    void notify(Event event, Xlator* from) override;
    std::string dump() const override;

#define BOOSTER_CLIENT_FOP(name, R, params, args) Task<Result<R>> name params override;
    BOOSTER_FOPS(BOOSTER_CLIENT_FOP)
#undef BOOSTER_CLIENT_FOP

private:
    template <FopId F, class... A>
    Task<Result<typename wire::FopTraits<F>::Reply>> forward(const Request& req, A&... args);
    template <FopId F, class... A>
    void after(Link& link, Answer<typename wire::FopTraits<F>::Reply>& answer, A&... args);
    // The descriptor the brick lent for `fd`, while the link it came on is up; -1 otherwise.
    int lent_descriptor(Fd& fd) const;
    // fsync or fdatasync of a lent descriptor: the brick's storage/posix would make the same call
    // on its own descriptor of the file, and durability is the inode's, whichever descriptor asks.
    Result<Unit> synced_locally(int lent, bool datasync);
    // readv or writev through a lent descriptor, as storage/posix does them on the brick.
    template <FopId F>
    Result<std::size_t> short_circuit(int lent, IoVecs io, off_t offset, unsigned flags);
    template <FopId F>
    Task<Result<std::size_t>> in_chunks(const Request& req, Fd& fd, IoVecs io, off_t offset, unsigned flags);
    Result<std::uint64_t> reopen(Link& link, RemoteFdState& fd);

    // The most one readv or writev frame carries (a frame minus room for its message).
    template <FopId F>
    std::size_t max_io() const {
        return F == FopId::readv ? max_read_ : max_write_;
    }

    std::shared_ptr<Channel> channel_;
    std::size_t max_read_ = 0;
    std::size_t max_write_ = 0;
    std::atomic<std::uint64_t> lent_fds_{0};
    std::atomic<std::uint64_t> local_syncs_{0};
    std::atomic<std::uint64_t> local_reads_{0};
    std::atomic<std::uint64_t> local_writes_{0};
};

}  // namespace booster
