// Client: the in-process client of a volume (the seeds' libglusterfsclient): a translator
// graph built from volfile text, driven by plain synchronous calls.
//
// One Client per mount point (libbooster.so keeps them in a map). Files are opened by path
// (relative to the volume root, "/a/b") or by gfid, which is what the booster uses: the open
// already went through FUSE, and the mount told us the file's gfid. Every call runs its fop
// on the calling thread (sync_wait) and only blocks when a translator completes elsewhere.
// Errors are errno values. Ownership: a File holds a reference on the engine fd; dropping the
// last copy releases it (no flush: call close() for that). Thread-safety: all methods may be
// called concurrently from any thread, also on the same File.
#pragma once

#include <sys/types.h>
#include <sys/uio.h>

#include <expected>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/engine/fd.hpp"
#include "core/engine/gfid.hpp"
#include "core/engine/graph.hpp"
#include "core/engine/iatt.hpp"
#include "core/engine/request.hpp"
#include "core/engine/result.hpp"

namespace booster {

class Client {
public:
    struct File {
        FdRef fd;
        int flags = 0;
    };

    // Builds and activates the graph; the error is the volfile or init error text.
    static std::expected<std::unique_ptr<Client>, std::string> create(std::string_view volfile_text,
                                                                      std::string_view volfile_name);
    ~Client();
    Client(const Client&) = delete;
    Client& operator=(const Client&) = delete;

    // O_CREAT, O_EXCL and O_TRUNC are honoured; O_APPEND is the caller's business (the engine
    // is positional).
    Result<File> open(std::string_view path, int flags, mode_t mode = 0644);
    // Opens an existing object by gfid; creation flags are ignored (the object exists). An
    // object the engine has not met is looked up by gfid first, unless the caller knows its
    // type (`seen_mode`, e.g. from the kernel's stat of the same file): then the open is all.
    Result<File> open_gfid(const Gfid& gfid, int flags, std::optional<mode_t> seen_mode = std::nullopt);
    // The gfid the volume has at `path` now (a lookup of every component, no symlink followed).
    Result<Gfid> gfid_at(std::string_view path);
    // True when no translator of the graph talks to another process (no protocol/client): a
    // lookup then costs a few system calls of this process, never a round trip.
    bool resolves_in_process() const { return resolves_in_process_; }

    Result<std::size_t> preadv(const File& f, std::span<const iovec> iov, off_t offset);
    Result<std::size_t> pwritev(const File& f, std::span<const iovec> iov, off_t offset);
    Result<std::size_t> pread(const File& f, void* buf, std::size_t count, off_t offset);
    Result<std::size_t> pwrite(const File& f, const void* buf, std::size_t count, off_t offset);
    Result<Iatt> fstat(const File& f);
    Result<Iatt> ftruncate(const File& f, off_t length);
    Status fsync(const File& f, bool datasync);
    Status fallocate(const File& f, int mode, off_t offset, off_t length);
    // What close(2) does for the engine: deferred write errors surface here.
    Status flush(const File& f);
    // Another process may have changed `f`'s file on the bricks: the graph's caches drop what
    // they hold of it (Xlator::forget_cached).
    void forget_cached(const File& f);
    // Flushes and drops this reference.
    Status close(File& f);
    // Copies inside the volume (the bricks copy, no data crosses into this process).
    Result<std::size_t> copy_file_range(const File& in, off_t in_offset, const File& out, off_t out_offset,
                                        std::size_t length);
    // SEEK_DATA / SEEK_HOLE (and SEEK_SET/SEEK_END answered by the bricks).
    Result<off_t> seek(const File& f, off_t offset, int whence);

    Result<Iatt> stat(std::string_view path);
    Graph& graph() { return *graph_; }
    // Re-reads uid, gid and pid for the requests (after fork or a credential change); the
    // data path does not pay three syscalls per call for them.
    void refresh_identity();

private:
    explicit Client(std::unique_ptr<Graph> graph);
    Result<InodeRef> resolve(std::string_view path, bool want_parent, std::string* leaf);
    Result<InodeRef> lookup_child(const InodeRef& parent, std::string_view name);

    std::unique_ptr<Graph> graph_;
    Request identity_;
    bool resolves_in_process_ = false;
};

}  // namespace booster
