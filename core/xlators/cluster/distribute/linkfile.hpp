// Linkfiles: the zero-length placeholders DHT leaves on a name's hashed subvolume when the
// file's data lives on another one (after a rename, a hard link, or a lookup that had to search
// every subvolume). Mode exactly S_ISVTX ("---------T"), the data file's gfid, and xattr
// trusted.glusterfs.dht.linkto naming the subvolume that holds the data (GlusterFS's format).
// A regular file merely chmod'ed to 01000 is not one: the xattr decides.
// Pure functions; any thread.
#pragma once

#include <sys/stat.h>

#include <string_view>

#include "core/engine/iatt.hpp"
#include "core/xlators/cluster/distribute/layout.hpp"

namespace booster {

inline constexpr std::string_view kLinktoXattr = "trusted.glusterfs.dht.linkto";
inline constexpr mode_t kLinkfileMode = S_IFREG | S_ISVTX;

// Whether attributes may be a linkfile's (the xattr still has to confirm it).
inline bool looks_like_linkfile(const Iatt& attr) { return attr.mode == kLinkfileMode && attr.size == 0; }

// DHT's own xattrs: never shown to, set or removed by, anyone above it.
inline bool is_distribute_xattr(std::string_view name) { return name == kLayoutXattr || name == kLinktoXattr; }

}  // namespace booster
