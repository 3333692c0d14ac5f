#include "core/xlators/storage/posix/gfid_xattr.hpp"

#include <sys/xattr.h>

#include <algorithm>

namespace booster {

namespace {

std::string_view raw(const Gfid& gfid) {
    return {reinterpret_cast<const char*>(gfid.bytes.data()), gfid.bytes.size()};
}

}  // namespace

Result<Gfid> read_gfid(const XattrTarget& target) {
    auto value = target.get(kGfidXattr);
    if (!value) return std::unexpected(value.error());
    Gfid gfid;
    if (value->size() != gfid.bytes.size()) return fail(EIO);
    std::copy(value->begin(), value->end(), gfid.bytes.begin());
    return gfid;
}

Status store_new_gfid(const XattrTarget& target, const Gfid& gfid) {
    return target.set(kGfidXattr, raw(gfid), XATTR_CREATE);
}

Status store_gfid(const XattrTarget& target, const Gfid& gfid) { return target.set(kGfidXattr, raw(gfid), 0); }

}  // namespace booster
