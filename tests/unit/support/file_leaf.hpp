// FileLeaf: a leaf translator for tests that keeps one regular file in memory and serves every
// fop that reads or changes its data or size, whatever inode or fd a call names: readv, writev
// (RWF_APPEND appends), lookup/stat/fstat, open/create, flush, fsync, setattr/fsetattr (size),
// fallocate, discard, zerofill, copy_file_range (within the file), seek and readdirp (one
// entry, "file", with attributes). Every fop completes inline when its task is started.
// It records each writev it serves (offset and size, in order) and counts the releases of the
// fds it opened (its fd context's destructor), so tests can see what reached the bottom.
// Thread-safety: fops from any thread (one mutex); the accessors too.
#pragma once

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/uio.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <mutex>
#include <string>
#include <vector>

#include "core/engine/xlator.hpp"
#include "tests/unit/support/iovec_bytes.hpp"

namespace booster::test {

class FileLeaf : public Xlator {
public:
    struct Write {
        off_t offset;
        std::size_t size;
        std::size_t buffers;  // iovecs
    };

    Task<Result<EntryReply>> lookup(const Request&, const Loc& loc) override {
        if (loc.name != "file") co_return fail(ENOENT);
        co_return EntryReply{.attr = attr()};
    }
    Task<Result<Iatt>> stat(const Request&, const Loc&) override { co_return attr(); }
    Task<Result<Iatt>> fstat(const Request&, Fd&) override { co_return attr(); }
    Task<Result<Unit>> open(const Request&, const Loc&, int flags, Fd& fd) override {
        (void)ctx_or_create<Opened>(fd, released_);
        if (flags & O_TRUNC) resize(0);
        co_return Unit{};
    }
    Task<Result<EntryReply>> create(const Request&, const Loc&, int, mode_t, mode_t, Fd& fd) override {
        (void)ctx_or_create<Opened>(fd, released_);
        co_return EntryReply{.attr = attr()};
    }
    Task<Result<Unit>> flush(const Request&, Fd&) override { co_return Unit{}; }
    Task<Result<Unit>> fsync(const Request&, Fd&, bool) override { co_return Unit{}; }

    Task<Result<std::size_t>> readv(const Request&, Fd&, IoVecs dst, off_t offset, unsigned) override {
        if (offset < 0) co_return fail(EINVAL);
        std::lock_guard lock(mu_);
        co_return read_bytes(data_, static_cast<std::size_t>(offset), dst);
    }

    Task<Result<std::size_t>> writev(const Request&, Fd&, IoVecs src, off_t offset, unsigned flags) override {
        if (offset < 0) co_return fail(EINVAL);
        std::lock_guard lock(mu_);
        if (flags & RWF_APPEND) offset = static_cast<off_t>(data_.size());
        const std::size_t done = write_bytes(data_, static_cast<std::size_t>(offset), src);
        writes_.push_back({offset, done, src.size()});
        co_return done;
    }

    Task<Result<Iatt>> setattr(const Request&, const Loc&, const SetAttr& set) override {
        if (set.valid & SetAttr::kSize) resize(set.size);
        co_return attr();
    }
    Task<Result<Iatt>> fsetattr(const Request&, Fd&, const SetAttr& set) override {
        if (set.valid & SetAttr::kSize) resize(set.size);
        co_return attr();
    }

    Task<Result<Unit>> fallocate(const Request&, Fd&, int mode, off_t offset, off_t length) override {
        std::lock_guard lock(mu_);
        const std::size_t end = static_cast<std::size_t>(offset + length);
        if (mode & FALLOC_FL_PUNCH_HOLE) {
            zero(static_cast<std::size_t>(offset), end);
        } else if (!(mode & FALLOC_FL_KEEP_SIZE) && end > data_.size()) {
            data_.resize(end, '\0');
        }
        co_return Unit{};
    }
    Task<Result<Unit>> discard(const Request&, Fd&, off_t offset, off_t length) override {
        std::lock_guard lock(mu_);
        zero(static_cast<std::size_t>(offset), static_cast<std::size_t>(offset + length));
        co_return Unit{};
    }
    Task<Result<Unit>> zerofill(const Request&, Fd&, off_t offset, off_t length) override {
        std::lock_guard lock(mu_);
        const std::size_t end = static_cast<std::size_t>(offset + length);
        if (end > data_.size()) data_.resize(end, '\0');
        zero(static_cast<std::size_t>(offset), end);
        co_return Unit{};
    }

    Task<Result<std::size_t>> copy_file_range(const Request&, Fd&, off_t in_offset, Fd&, off_t out_offset,
                                              std::size_t length, unsigned) override {
        std::lock_guard lock(mu_);
        const std::size_t from = static_cast<std::size_t>(in_offset);
        if (from >= data_.size()) co_return 0;
        const std::string bytes = data_.substr(from, length);
        put_bytes(data_, static_cast<std::size_t>(out_offset), bytes.data(), bytes.size());
        co_return bytes.size();
    }

    Task<Result<off_t>> seek(const Request&, Fd&, off_t offset, int whence) override {
        std::lock_guard lock(mu_);
        if (offset < 0 || static_cast<std::size_t>(offset) >= data_.size()) co_return fail(ENXIO);
        co_return whence == SEEK_HOLE ? static_cast<off_t>(data_.size()) : offset;
    }

    Task<Result<Dirents>> readdirp(const Request&, Fd&, std::size_t, std::uint64_t offset) override {
        if (offset > 0) co_return Dirents{};
        co_return Dirents{{.name = "file", .ino = kIno, .off = 1, .type = DT_REG, .attr = attr()}};
    }

    std::string data() const {
        std::lock_guard lock(mu_);
        return data_;
    }
    std::vector<Write> writes() const {
        std::lock_guard lock(mu_);
        return writes_;
    }
    int released() const { return released_.load(); }
    const Gfid& gfid() const { return gfid_; }

    static constexpr std::uint64_t kIno = 42;

private:
    struct Opened : Ctx {
        explicit Opened(std::atomic<int>& released) : released_(released) {}
        ~Opened() override { released_.fetch_add(1); }
        std::atomic<int>& released_;
    };

    // Under mu_.
    void zero(std::size_t from, std::size_t to) {
        to = std::min(to, data_.size());
        if (from < to) std::fill_n(data_.begin() + static_cast<std::ptrdiff_t>(from), to - from, '\0');
    }

    void resize(std::uint64_t size) {
        std::lock_guard lock(mu_);
        data_.resize(size, '\0');
    }

    Iatt attr() const {
        std::lock_guard lock(mu_);
        Iatt a;
        a.gfid = gfid_;
        a.ino = kIno;
        a.mode = S_IFREG | 0644;
        a.nlink = 1;
        a.size = data_.size();
        return a;
    }

    const Gfid gfid_ = Gfid::random();
    mutable std::mutex mu_;
    std::string data_;
    std::vector<Write> writes_;
    std::atomic<int> released_{0};
};

}  // namespace booster::test
