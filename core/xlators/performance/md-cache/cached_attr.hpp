// CachedAttr: md-cache's context on an inode: its last known attributes (the context is
// itself their CachedValue, dropped by every change of the inode) and, apart, its
// security.capability attribute (a value, or nullopt for none: ENODATA), dropped only by what
// may change it. Destroyed with the inode (forget).
// Thread-safety: any thread (cached_value.hpp).
#pragma once

#include <optional>
#include <string>

#include "core/engine/ctx.hpp"
#include "core/engine/iatt.hpp"
#include "core/xlators/performance/md-cache/cached_value.hpp"

namespace booster {

class CachedAttr final : public Ctx, public CachedValue<Iatt> {
public:
    // Dropped only by what may change the attribute: xattr changes and setattr (chown).
    CachedValue<std::optional<std::string>> capability;
};

}  // namespace booster
