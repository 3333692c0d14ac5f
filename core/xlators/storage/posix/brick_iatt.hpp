// The attributes posix replies with: the object's stat and gfid, with the inode number and link
// count as clients see them. The inode number is the gfid's (Gfid::ino), not the brick file
// system's: unique across the bricks of a volume. A non-directory's hard link in the gfid
// index is not a name anyone can reach, so it is not counted (an indexed object has
// st_nlink >= 2: its names + the handle).
// Pure function; any thread.
#pragma once

#include <sys/stat.h>

#include "core/engine/iatt.hpp"

namespace booster {

inline Iatt brick_iatt(const struct stat& st, const Gfid& gfid) {
    Iatt attr = Iatt::from_stat(st, gfid);
    if (gfid.is_null()) return attr;
    attr.ino = gfid.ino();
    if (!S_ISDIR(st.st_mode) && attr.nlink > 1) --attr.nlink;
    return attr;
}

}  // namespace booster
