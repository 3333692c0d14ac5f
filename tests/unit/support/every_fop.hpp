// EveryFop: calls any fop of the fop set on a translator with fixed, valid arguments, so that
// a test can check a property for every fop (driven by BOOSTER_FOPS, so a new fop is covered
// without touching the tests).
//
//   EveryFop args(itable);
//   args.visit([&]<class R>(FopId fop, auto start) { Task<Result<R>> t = start(xl); ... });
//
// `start(xl)` creates the fop's task on translator `xl` (not started); it may be called
// several times, on several translators.
// The members are named after the fop parameters, which is how BOOSTER_FOPS' argument lists
// find them. Owns every argument, so tasks must complete before the EveryFop is destroyed.
// Not thread-safe: one test thread drives it (the fops themselves may run anywhere).
#pragma once

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include <array>
#include <string>
#include <string_view>

#include "core/engine/fd.hpp"
#include "core/engine/inode.hpp"
#include "core/engine/xlator.hpp"

namespace booster::test {

class EveryFop {
public:
    explicit EveryFop(InodeTable& table)
        : root_fd_(Fd::create(table.root(), O_RDWR, 1, 4)),
          fd(*root_fd_),
          in(*root_fd_),
          out(*root_fd_) {
        loc.inode = table.root();
        loc.gfid = Gfid::root();
        loc.path = "/";
        loc.name = "file";
        from = loc;
        to = loc;
        to.name = "other";
    }
    EveryFop(const EveryFop&) = delete;
    EveryFop& operator=(const EveryFop&) = delete;

    template <class Visitor>
    void visit(Visitor&& v) {
#define BOOSTER_EVERY_FOP_VISIT(fop, R, params, args) \
    v.template operator()<R>(FopId::fop, [this](Xlator& xl) { return xl.fop args; });
        BOOSTER_FOPS(BOOSTER_EVERY_FOP_VISIT)
#undef BOOSTER_EVERY_FOP_VISIT
    }

private:
    // lk/inodelk take a LockCmd where entrylk takes an EntryLockCmd, both named `cmd`.
    struct AnyCmd {
        operator LockCmd() const { return LockCmd::kSetLk; }
        operator EntryLockCmd() const { return EntryLockCmd::kLockNonBlocking; }
    };

    FdRef root_fd_;
    std::array<char, 16> read_buffer_{};
    std::string written_ = "payload";
    iovec read_iov_{read_buffer_.data(), read_buffer_.size()};
    iovec write_iov_{written_.data(), written_.size()};

public:
    Request req{.uid = 1000, .gid = 1000, .pid = 1};
    Loc loc;
    Loc from;
    Loc to;
    Fd& fd;
    Fd& in;
    Fd& out;
    int mask = R_OK;
    std::size_t size = 4096;
    mode_t mode = S_IFREG | 0644;
    dev_t rdev = 0;
    mode_t umask = 022;
    std::string_view target = "target";
    int flags = 0;
    IoVecs dst{&read_iov_, 1};
    IoVecs src{&write_iov_, 1};
    off_t offset = 2;
    bool datasync = false;
    SetAttr attr{.valid = SetAttr::kSize, .size = 5};
    std::string_view name = "user.test";
    std::string_view value = "value";
    AnyCmd cmd;
    Flock lock{.type = F_WRLCK};
    std::string_view domain = "test-domain";
    std::string_view basename = "file";
    EntryLockType type = EntryLockType::kWrite;
    XattrOp op = XattrOp::kAddArray32;
    Dict delta;
    int whence = SEEK_SET;
    off_t in_offset = 0;
    off_t out_offset = 0;
    off_t length = 4;
};

}  // namespace booster::test
