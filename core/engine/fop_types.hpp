// The argument and reply types of fops that are not engine objects: directory entries, locks,
// xattr operations, and the reply of fops that create or find an entry. Value types.
#pragma once

#include <sys/statvfs.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/engine/dict.hpp"
#include "core/engine/iatt.hpp"

namespace booster {

// Reply of lookup, mknod, mkdir, symlink, link, create.
struct EntryReply {
    Iatt attr;
    std::optional<Iatt> postparent;  // the parent's attributes after the fop, when known
    Dict xattrs;                     // lookup only: what a need-xattr request asked for
};

struct Dirent {
    std::string name;
    std::uint64_t ino = 0;
    std::uint64_t off = 0;    // cookie to continue reading after this entry
    std::uint8_t type = 0;    // DT_* value
    std::optional<Iatt> attr; // readdirp only
};
using Dirents = std::vector<Dirent>;

// Which lock namespace a lock lives in, as on Linux: fcntl locks (process-owned POSIX locks and
// open-file-description locks, told apart only by their owner) conflict with each other;
// flock(2) locks conflict only with flock locks.
enum class LockKind : std::uint8_t { kFcntl, kFlock };

struct Flock {
    short type = 0;    // F_RDLCK, F_WRLCK, F_UNLCK
    short whence = 0;  // SEEK_SET, ...
    std::int64_t start = 0;
    std::int64_t len = 0;  // 0 = to end of file
    pid_t pid = 0;
    std::uint64_t owner = 0;
    LockKind kind = LockKind::kFcntl;
};

// lk commands, independent of the host's fcntl numbering so they can travel on the wire.
enum class LockCmd : std::uint8_t { kGetLk, kSetLk, kSetLkWait };
enum class EntryLockType : std::uint8_t { kRead, kWrite };
enum class EntryLockCmd : std::uint8_t { kLock, kLockNonBlocking, kUnlock };

// xattrop: atomic read-modify-write of counters stored in xattrs (AFR changelogs).
enum class XattrOp : std::uint8_t {
    kAddArray32,  // value is an array of big-endian int32, added element-wise
    kAddArray64,  // value is an array of big-endian int64, added element-wise
};

using Statvfs = struct statvfs;

}  // namespace booster
