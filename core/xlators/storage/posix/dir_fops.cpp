// storage/posix: directory fops (opendir, readdir, readdirp, fsyncdir).
//
// A listing is getdents64 from a cookie: the kernel's d_off of the last entry returned, so a
// reader resumes exactly where it stopped whatever the file system's cookie scheme, and two
// listings of one Fd never share hidden state beyond the descriptor position (held under the
// OpenFile's mutex). The brick root hides the private directory. `size` is a byte budget
// measured like FUSE's dirent records; at least one entry is returned when any is left.
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstddef>
#include <vector>

#include "core/xlators/storage/posix/brick_path.hpp"
#include "core/xlators/storage/posix/posix.hpp"

namespace booster {

namespace {

constexpr std::size_t kGetdentsBuffer = 32 * 1024;
constexpr std::size_t kDirentHeader = 24;        // struct fuse_dirent without its name
constexpr std::size_t kEntryAttributes = 128;    // struct fuse_entry_out, readdirplus only

std::size_t record_size(std::size_t name_length, bool with_attrs) {
    const std::size_t bytes = kDirentHeader + name_length + (with_attrs ? kEntryAttributes : 0);
    return (bytes + 7) & ~std::size_t{7};
}

}  // namespace

Result<Unit> Posix::opendir_sync(const Request& req, const Loc& loc, Fd& fd) {
    auto e = locate(loc, Resolver::Intent::kExisting);
    if (!e) return std::unexpected(e.error());
    auto opened = open_entry(req, *e, O_RDONLY | O_DIRECTORY);
    if (!opened) return std::unexpected(opened.error());
    auto st = e->stat();
    if (!st) return std::unexpected(st.error());
    auto gfid = identity(*e, *st);
    if (!gfid) return std::unexpected(gfid.error());
    install(fd, std::move(*opened), *gfid, e->is_root());
    return Unit{};
}

Result<Dirents> Posix::readdir_sync(const Request&, Fd& fd, std::size_t size, std::uint64_t offset) {
    return list(fd, size, offset, false);
}

Result<Dirents> Posix::readdirp_sync(const Request&, Fd& fd, std::size_t size, std::uint64_t offset) {
    return list(fd, size, offset, true);
}

Result<Unit> Posix::fsyncdir_sync(const Request& req, Fd& fd, bool datasync) { return fsync_sync(req, fd, datasync); }

// readdirp attributes: "." is the directory itself; ".." is left without, because the
// brick root's parent lies outside the brick (and the kernel ignores both anyway). An entry
// that vanished between getdents and stat is listed without attributes.
std::optional<Iatt> Posix::listed_attr(const OpenFile& dir, std::string_view name) {
    if (name == "..") return std::nullopt;
    if (name == ".") {
        struct stat st {};
        if (::fstat(dir.fd.get(), &st) != 0) return std::nullopt;
        return brick_iatt(st, dir.gfid);
    }
    Entry e;
    e.dir = dir.fd.get();
    e.name = name;
    e.parent_gfid = dir.gfid;
    auto attr = attr_of(e);
    if (!attr) return std::nullopt;
    return *attr;
}

Result<Dirents> Posix::list(Fd& fd, std::size_t size, std::uint64_t offset, bool with_attrs) {
    auto file = open_file(fd);
    if (!file) return std::unexpected(file.error());
    OpenFile& dir = **file;
    std::lock_guard lock(dir.listing);
    if (::lseek(dir.fd.get(), static_cast<off_t>(offset), SEEK_SET) < 0) return fail_errno();
    std::vector<char> buffer(kGetdentsBuffer);
    Dirents out;
    std::size_t used = 0;
    for (;;) {
        const ssize_t n = ::getdents64(dir.fd.get(), buffer.data(), buffer.size());
        if (n < 0) return fail_errno();
        if (n == 0) return out;
        for (std::size_t at = 0; at < static_cast<std::size_t>(n);) {
            const auto* raw = reinterpret_cast<const dirent64*>(buffer.data() + at);
            at += raw->d_reclen;
            const std::string_view name(raw->d_name);
            if (dir.is_brick_root && name == kPrivateDirName) continue;
            const std::size_t cost = record_size(name.size(), with_attrs);
            if (!out.empty() && used + cost > size) return out;
            used += cost;
            Dirent d{std::string(name), raw->d_ino, static_cast<std::uint64_t>(raw->d_off), raw->d_type, std::nullopt};
            if (with_attrs) d.attr = listed_attr(dir, name);
            if (d.attr && !d.attr->gfid.is_null()) d.ino = d.attr->ino;
            out.push_back(std::move(d));
        }
    }
}

}  // namespace booster
