#include "core/xlators/storage/posix/gfid_xattr.hpp"

#include <sys/xattr.h>

#include <cerrno>

namespace booster {

namespace {

std::string_view raw(const Gfid& gfid) {
    return {reinterpret_cast<const char*>(gfid.bytes.data()), gfid.bytes.size()};
}

}  // namespace

// One call into the gfid's own bytes: this runs on every open and lookup.
Result<Gfid> read_gfid(const XattrTarget& target) {
    Gfid gfid;
    auto size = target.get_into(kGfidXattr, {reinterpret_cast<char*>(gfid.bytes.data()), gfid.bytes.size()});
    if (!size) return std::unexpected(size.error().errnum == ERANGE ? Error{EIO} : size.error());
    if (*size != gfid.bytes.size()) return fail(EIO);
    return gfid;
}

Status store_new_gfid(const XattrTarget& target, const Gfid& gfid) {
    return target.set(kGfidXattr, raw(gfid), XATTR_CREATE);
}

Status store_gfid(const XattrTarget& target, const Gfid& gfid) { return target.set(kGfidXattr, raw(gfid), 0); }

}  // namespace booster
