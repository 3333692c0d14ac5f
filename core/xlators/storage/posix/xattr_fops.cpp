// storage/posix: extended attributes (set/get/remove/list and their f-variants) and
// xattrop, the atomic counter add of cluster/replicate's changelogs.
// Path variants act on the entry through /proc/self/fd/<dir>/<name> with the l* calls (no
// symlink followed); f-variants on the open descriptor.
#include <sys/xattr.h>

#include <mutex>
#include <variant>
#include <vector>

#include "core/xlators/storage/posix/counter_array.hpp"
#include "core/xlators/storage/posix/gfid_xattr.hpp"
#include "core/xlators/storage/posix/permission_rules.hpp"
#include "core/xlators/storage/posix/posix.hpp"

namespace booster {

namespace {

Result<Unit> set_on(const XattrTarget& target, std::string_view name, std::string_view value, int flags) {
    if (is_internal_xattr(name)) return fail(EPERM);
    if (auto set = target.set(std::string(name), value, flags); !set) return std::unexpected(set.error());
    return Unit{};
}

Result<Unit> remove_on(const XattrTarget& target, std::string_view name) {
    if (is_internal_xattr(name)) return fail(EPERM);
    if (auto removed = target.remove(std::string(name)); !removed) return std::unexpected(removed.error());
    return Unit{};
}

Result<Names> list_on(const XattrTarget& target) {
    auto names = target.list();
    if (!names) return std::unexpected(names.error());
    std::erase_if(*names, [](const std::string& n) { return is_internal_xattr(n); });
    return std::move(*names);
}

}  // namespace

Result<Unit> Posix::setxattr_sync(const Request& req, const Loc& loc, std::string_view name, std::string_view value,
                                  int flags) {
    auto e = locate(loc, Resolver::Intent::kExisting);
    if (!e) return std::unexpected(e.error());
    if (auto allowed = permit_xattr(req, *e, name, may_change_xattr); !allowed) return std::unexpected(allowed.error());
    return set_on(XattrTarget::path(e->proc_path()), name, value, flags);
}

Result<std::string> Posix::getxattr_sync(const Request& req, const Loc& loc, std::string_view name) {
    auto e = locate(loc, Resolver::Intent::kExisting);
    if (!e) return std::unexpected(e.error());
    if (auto allowed = permit_xattr(req, *e, name, may_read_xattr); !allowed) return std::unexpected(allowed.error());
    return XattrTarget::path(e->proc_path()).get(std::string(name));
}

Result<Unit> Posix::removexattr_sync(const Request& req, const Loc& loc, std::string_view name) {
    auto e = locate(loc, Resolver::Intent::kExisting);
    if (!e) return std::unexpected(e.error());
    if (auto allowed = permit_xattr(req, *e, name, may_change_xattr); !allowed) return std::unexpected(allowed.error());
    return remove_on(XattrTarget::path(e->proc_path()), name);
}

Result<Names> Posix::listxattr_sync(const Request&, const Loc& loc) {
    auto e = locate(loc, Resolver::Intent::kExisting);
    if (!e) return std::unexpected(e.error());
    return list_on(XattrTarget::path(e->proc_path()));
}

Result<Unit> Posix::fsetxattr_sync(const Request& req, Fd& fd, std::string_view name, std::string_view value,
                                   int flags) {
    auto file = open_file(fd);
    if (!file) return std::unexpected(file.error());
    if (auto allowed = permit_xattr(req, (*file)->fd.get(), name, may_change_xattr); !allowed)
        return std::unexpected(allowed.error());
    return set_on(XattrTarget::descriptor((*file)->fd.get()), name, value, flags);
}

Result<std::string> Posix::fgetxattr_sync(const Request& req, Fd& fd, std::string_view name) {
    auto file = open_file(fd);
    if (!file) return std::unexpected(file.error());
    if (auto allowed = permit_xattr(req, (*file)->fd.get(), name, may_read_xattr); !allowed)
        return std::unexpected(allowed.error());
    return XattrTarget::descriptor((*file)->fd.get()).get(std::string(name));
}

Result<Unit> Posix::fremovexattr_sync(const Request& req, Fd& fd, std::string_view name) {
    auto file = open_file(fd);
    if (!file) return std::unexpected(file.error());
    if (auto allowed = permit_xattr(req, (*file)->fd.get(), name, may_change_xattr); !allowed)
        return std::unexpected(allowed.error());
    return remove_on(XattrTarget::descriptor((*file)->fd.get()), name);
}

Result<Names> Posix::flistxattr_sync(const Request&, Fd& fd) {
    auto file = open_file(fd);
    if (!file) return std::unexpected(file.error());
    return list_on(XattrTarget::descriptor((*file)->fd.get()));
}

Result<Dict> Posix::xattrop_sync(const Request&, const Loc& loc, XattrOp op, const Dict& delta) {
    auto e = locate(loc, Resolver::Intent::kExisting);
    if (!e) return std::unexpected(e.error());
    const XattrTarget target = XattrTarget::path(e->proc_path());
    auto gfid = read_gfid(target);
    if (!gfid) return std::unexpected(gfid.error());
    return apply_xattrop(target, *gfid, op, delta);
}

Result<Dict> Posix::fxattrop_sync(const Request&, Fd& fd, XattrOp op, const Dict& delta) {
    auto file = open_file(fd);
    if (!file) return std::unexpected(file.error());
    return apply_xattrop(XattrTarget::descriptor((*file)->fd.get()), (*file)->gfid, op, delta);
}

// Every sum is computed before any is written, so a bad operand changes nothing.
Result<Dict> Posix::apply_xattrop(const XattrTarget& target, const Gfid& key, XattrOp op, const Dict& delta) {
    const std::size_t width = op == XattrOp::kAddArray32 ? 4 : 8;
    std::lock_guard lock(xattrop_locks_.of(key));
    Dict sums;
    for (const auto& [name, value] : delta) {
        if (is_internal_xattr(name)) return fail(EPERM);
        const auto* operand = std::get_if<std::string>(&value);
        if (operand == nullptr) return fail(EINVAL);
        auto current = target.get(name);
        if (!current && current.error().errnum != ENODATA) return std::unexpected(current.error());
        auto sum = add_counter_arrays(current ? *current : std::string(operand->size(), '\0'), *operand, width);
        if (!sum) return std::unexpected(sum.error());
        sums.set(name, std::move(*sum));
    }
    for (const auto& [name, value] : sums)
        if (auto written = target.set(name, std::get<std::string>(value), 0); !written)
            return std::unexpected(written.error());
    return sums;
}

}  // namespace booster
