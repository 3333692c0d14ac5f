#include "core/xlators/storage/posix/gfid_index.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <climits>
#include <vector>

#include "core/engine/log.hpp"
#include "core/xlators/storage/posix/brick_path.hpp"
#include "core/xlators/storage/posix/gfid_xattr.hpp"
#include "core/xlators/storage/posix/high_descriptor.hpp"

namespace booster {

namespace {

constexpr const char* kIndexDirName = "gfid";
constexpr std::string_view kUp = "../../";
// A path of PATH_MAX bytes has at most this many components; a longer chain is a loop.
constexpr int kMaxDepth = PATH_MAX / 2;

std::string bucket(const Gfid& gfid) {
    const std::string text = gfid.str();
    return text.substr(0, 2) + "/" + text.substr(2, 2);
}

std::string handle_path(const Gfid& gfid) { return bucket(gfid) + "/" + gfid.str(); }

std::string dir_link_target(const Gfid& parent, std::string_view name) {
    std::string target(kUp);
    target.append(handle_path(parent)).push_back('/');
    target.append(name);
    return target;
}

struct DirLink {
    Gfid parent;
    std::string name;
};

// Inverse of dir_link_target; anything else is a corrupt index (EIO).
Result<DirLink> parse_dir_link(std::string_view target) {
    if (!target.starts_with(kUp)) return fail(EIO);
    target.remove_prefix(kUp.size());
    constexpr std::size_t kGfidText = 36;
    constexpr std::size_t kBucketText = 6;  // "aa/bb/"
    if (target.size() < kBucketText + kGfidText + 2 || target[kBucketText + kGfidText] != '/') return fail(EIO);
    auto parent = Gfid::parse(target.substr(kBucketText, kGfidText));
    if (!parent || target.substr(0, kBucketText - 1) != bucket(*parent)) return fail(EIO);
    const std::string_view name = target.substr(kBucketText + kGfidText + 1);
    if (!check_name(name)) return fail(EIO);
    return DirLink{*parent, std::string(name)};
}

Result<std::string> read_link_at(int dir, const std::string& name) {
    std::string buf(PATH_MAX, '\0');
    const ssize_t n = ::readlinkat(dir, name.c_str(), buf.data(), buf.size());
    if (n < 0) return fail_errno();
    if (static_cast<std::size_t>(n) == buf.size()) return fail(ENAMETOOLONG);
    buf.resize(static_cast<std::size_t>(n));
    return buf;
}

Status make_dir_at(int dir, const char* name) {
    if (::mkdirat(dir, name, 0700) != 0 && errno != EEXIST) return fail_errno();
    return ok();
}

// A name for a handle being prepared next to its final place.
std::string temp_name(const Gfid& gfid) { return handle_path(gfid) + ".tmp." + Gfid::random().str(); }

bool same_object(const struct stat& a, const struct stat& b) { return a.st_ino == b.st_ino && a.st_dev == b.st_dev; }

}  // namespace

Result<GfidIndex> GfidIndex::open(int brick_fd) {
    const std::string private_dir(kPrivateDirName);
    if (auto made = make_dir_at(brick_fd, private_dir.c_str()); !made) return std::unexpected(made.error());
    auto top = open_dir_beneath(brick_fd, private_dir);
    if (!top) return std::unexpected(top.error());
    if (auto made = make_dir_at(top->get(), kIndexDirName); !made) return std::unexpected(made.error());
    auto index = open_dir_beneath(top->get(), kIndexDirName);
    if (!index) return std::unexpected(index.error());
    return GfidIndex(moved_high(std::move(*index)));
}

Status GfidIndex::ensure_bucket(const Gfid& gfid) {
    const std::string path = bucket(gfid);
    if (auto made = make_dir_at(fd_.get(), path.substr(0, 2).c_str()); !made) return made;
    return make_dir_at(fd_.get(), path.c_str());
}

Status GfidIndex::add_file(const Gfid& gfid, int dir, const std::string& name) {
    const std::string handle = handle_path(gfid);
    int rc = ::linkat(dir, name.c_str(), fd_.get(), handle.c_str(), 0);
    if (rc != 0 && errno == ENOENT) {
        if (auto made = ensure_bucket(gfid); !made) return made;
        rc = ::linkat(dir, name.c_str(), fd_.get(), handle.c_str(), 0);
    }
    if (rc == 0) return ok();
    if (errno != EEXIST) return fail_errno();
    // Already linked to this very object (a racing lookup recorded it first) is success.
    struct stat existing {};
    struct stat object {};
    if (::fstatat(fd_.get(), handle.c_str(), &existing, AT_SYMLINK_NOFOLLOW) == 0 &&
        ::fstatat(dir, name.c_str(), &object, AT_SYMLINK_NOFOLLOW) == 0 && same_object(existing, object))
        return ok();
    return fail(EEXIST);
}

Status GfidIndex::add_dir(const Gfid& gfid, const Gfid& parent, std::string_view name) {
    const std::string handle = handle_path(gfid);
    const std::string target = dir_link_target(parent, name);
    int rc = ::symlinkat(target.c_str(), fd_.get(), handle.c_str());
    if (rc != 0 && errno == ENOENT) {
        if (auto made = ensure_bucket(gfid); !made) return made;
        rc = ::symlinkat(target.c_str(), fd_.get(), handle.c_str());
    }
    if (rc == 0) return ok();
    if (errno != EEXIST) return fail_errno();
    auto existing = read_link_at(fd_.get(), handle);
    if (existing && *existing == target) return ok();
    return fail(EEXIST);
}

Status GfidIndex::replace_symlink(const Gfid& gfid, const std::string& target) {
    if (auto made = ensure_bucket(gfid); !made) return made;
    const std::string temp = temp_name(gfid);
    if (::symlinkat(target.c_str(), fd_.get(), temp.c_str()) != 0) return fail_errno();
    if (::renameat(fd_.get(), temp.c_str(), fd_.get(), handle_path(gfid).c_str()) != 0) {
        const auto error = fail_errno();
        (void)::unlinkat(fd_.get(), temp.c_str(), 0);
        return error;
    }
    return ok();
}

Status GfidIndex::replace_link(const Gfid& gfid, int dir, const std::string& name) {
    if (auto made = ensure_bucket(gfid); !made) return made;
    const std::string temp = temp_name(gfid);
    if (::linkat(dir, name.c_str(), fd_.get(), temp.c_str(), 0) != 0) return fail_errno();
    if (::renameat(fd_.get(), temp.c_str(), fd_.get(), handle_path(gfid).c_str()) != 0) {
        const auto error = fail_errno();
        (void)::unlinkat(fd_.get(), temp.c_str(), 0);
        return error;
    }
    return ok();
}

Status GfidIndex::move_dir(const Gfid& gfid, const Gfid& parent, std::string_view name) {
    return replace_symlink(gfid, dir_link_target(parent, name));
}

void GfidIndex::remove_dir(const Gfid& gfid) {
    if (::unlinkat(fd_.get(), handle_path(gfid).c_str(), 0) != 0 && errno != ENOENT)
        BLOG(LogLevel::kWarning, "posix", "cannot remove directory handle %s: errno %d", gfid.str().c_str(), errno);
}

void GfidIndex::release_file(const Gfid& gfid) {
    const std::string handle = handle_path(gfid);
    struct stat st {};
    if (::fstatat(fd_.get(), handle.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0 || st.st_nlink > 1) return;
    if (::unlinkat(fd_.get(), handle.c_str(), 0) != 0 && errno != ENOENT)
        BLOG(LogLevel::kWarning, "posix", "cannot remove file handle %s: errno %d", gfid.str().c_str(), errno);
}

void GfidIndex::repair(const Gfid& gfid, const struct stat& st, int dir, const std::string& name,
                       const Gfid& parent) {
    if (gfid == Gfid::root()) return;
    const std::string handle = handle_path(gfid);
    Status repaired = ok();
    if (S_ISDIR(st.st_mode)) {
        if (parent.is_null()) return;
        const std::string target = dir_link_target(parent, name);
        auto current = read_link_at(fd_.get(), handle);
        if (current && *current == target) return;
        repaired = replace_symlink(gfid, target);
    } else {
        struct stat existing {};
        if (::fstatat(fd_.get(), handle.c_str(), &existing, AT_SYMLINK_NOFOLLOW) == 0) {
            if (same_object(existing, st)) return;
            repaired = replace_link(gfid, dir, name);
        } else {
            repaired = add_file(gfid, dir, name);
        }
    }
    if (!repaired)
        BLOG(LogLevel::kWarning, "posix", "cannot repair handle of %s: errno %d", gfid.str().c_str(),
             repaired.error().errnum);
}

Result<std::string> GfidIndex::dir_path(Gfid gfid) const {
    std::vector<std::string> names;
    while (gfid != Gfid::root()) {
        if (names.size() >= static_cast<std::size_t>(kMaxDepth)) return fail(ELOOP);
        auto target = read_link_at(fd_.get(), handle_path(gfid));
        if (!target) return std::unexpected(target.error());
        auto link = parse_dir_link(*target);
        if (!link) return std::unexpected(link.error());
        names.push_back(std::move(link->name));
        gfid = link->parent;
    }
    std::string path;
    for (auto it = names.rbegin(); it != names.rend(); ++it) {
        if (!path.empty()) path.push_back('/');
        path.append(*it);
    }
    return path;
}

Result<IndexHit> GfidIndex::find(const Gfid& gfid) const {
    if (gfid == Gfid::root()) return DirPath{};
    const std::string handle = handle_path(gfid);
    struct stat st {};
    if (::fstatat(fd_.get(), handle.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) return fail_errno();
    // A symlink handle is a directory's, unless it is the hard link of a symlink object, which
    // (unlike a directory handle) carries the gfid itself.
    const bool is_dir_handle =
        S_ISLNK(st.st_mode) &&
        read_gfid(XattrTarget::path(proc_fd_path(fd_.get()) + "/" + handle)) != gfid;
    if (is_dir_handle) {
        auto path = dir_path(gfid);
        if (!path) return std::unexpected(path.error());
        return DirPath{std::move(*path)};
    }
    auto bucket_dir = open_dir_beneath(fd_.get(), bucket(gfid));
    if (!bucket_dir) return std::unexpected(bucket_dir.error());
    Entry entry;
    entry.dir = bucket_dir->get();
    entry.owned_dir = std::move(*bucket_dir);
    entry.name = gfid.str();
    entry.kind = Entry::Kind::kHandle;
    return entry;
}

}  // namespace booster
