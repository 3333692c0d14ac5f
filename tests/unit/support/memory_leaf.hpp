// MemoryLeaf: a leaf translator for tests that answers fops from memory: one regular file
// named "file" under the root, holding bytes and xattrs. Each fop it serves is a coroutine,
// so its work happens when the task is started (by whoever winds it), not when it is created.
// Fops it does not serve answer ENOSYS, as any leaf does. Every served fop completes inline.
// Thread-safety: fops may be called from any thread (one mutex).
#pragma once

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <map>
#include <mutex>
#include <string>

#include "core/engine/xlator.hpp"
#include "tests/unit/support/iovec_bytes.hpp"

namespace booster::test {

class MemoryLeaf : public Xlator {
public:
    static constexpr std::uint64_t kIno = 42;

    Task<Result<EntryReply>> lookup(const Request&, const Loc& loc) override {
        if (loc.name != "file") co_return fail(ENOENT);
        co_return EntryReply{.attr = attr()};
    }
    Task<Result<Iatt>> stat(const Request&, const Loc&) override { co_return attr(); }
    Task<Result<Iatt>> fstat(const Request&, Fd&) override { co_return attr(); }
    Task<Result<Unit>> open(const Request&, const Loc&, int, Fd&) override { co_return Unit{}; }
    Task<Result<Unit>> flush(const Request&, Fd&) override { co_return Unit{}; }
    Task<Result<Unit>> fsync(const Request&, Fd&, bool) override { co_return Unit{}; }

    Task<Result<std::size_t>> readv(const Request&, Fd&, IoVecs dst, off_t offset, unsigned) override {
        std::lock_guard lock(mu_);
        co_return read_bytes(data_, static_cast<std::size_t>(offset), dst);
    }

    Task<Result<std::size_t>> writev(const Request&, Fd&, IoVecs src, off_t offset, unsigned) override {
        std::lock_guard lock(mu_);
        co_return write_bytes(data_, static_cast<std::size_t>(offset), src);
    }

    Task<Result<Iatt>> setattr(const Request&, const Loc&, const SetAttr& set) override {
        {
            std::lock_guard lock(mu_);
            if (set.valid & SetAttr::kSize) data_.resize(set.size);
        }
        co_return attr();
    }

    Task<Result<off_t>> seek(const Request&, Fd&, off_t offset, int) override {
        std::lock_guard lock(mu_);
        if (offset < 0 || static_cast<std::size_t>(offset) >= data_.size()) co_return fail(ENXIO);
        co_return offset;
    }

    Task<Result<Statvfs>> statfs(const Request&, const Loc&) override {
        Statvfs s{};
        s.f_bsize = 4096;
        s.f_blocks = 1000;
        co_return s;
    }

    Task<Result<Dirents>> readdir(const Request&, Fd&, std::size_t, std::uint64_t offset) override {
        Dirents all{{.name = ".", .off = 1}, {.name = "..", .off = 2}, {.name = "file", .ino = kIno, .off = 3}};
        all.erase(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(std::min<std::uint64_t>(offset, all.size())));
        co_return all;
    }

    Task<Result<Unit>> setxattr(const Request&, const Loc&, std::string_view name, std::string_view value,
                                int) override {
        std::lock_guard lock(mu_);
        xattrs_[std::string(name)] = std::string(value);
        co_return Unit{};
    }
    Task<Result<std::string>> getxattr(const Request&, const Loc&, std::string_view name) override {
        std::lock_guard lock(mu_);
        auto it = xattrs_.find(std::string(name));
        if (it == xattrs_.end()) co_return fail(ENODATA);
        co_return it->second;
    }
    Task<Result<Unit>> removexattr(const Request&, const Loc&, std::string_view name) override {
        std::lock_guard lock(mu_);
        if (xattrs_.erase(std::string(name)) == 0) co_return fail(ENODATA);
        co_return Unit{};
    }
    Task<Result<Names>> listxattr(const Request&, const Loc&) override {
        std::lock_guard lock(mu_);
        Names names;
        for (const auto& [k, v] : xattrs_) names.push_back(k);
        co_return names;
    }

    std::string data() const {
        std::lock_guard lock(mu_);
        return data_;
    }

private:
    Iatt attr() const {
        std::lock_guard lock(mu_);
        Iatt a;
        a.ino = kIno;
        a.mode = S_IFREG | 0644;
        a.nlink = 1;
        a.size = data_.size();
        return a;
    }

    mutable std::mutex mu_;
    std::string data_;
    std::map<std::string, std::string> xattrs_;
};

}  // namespace booster::test
