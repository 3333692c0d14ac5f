// The table of FUSE low-level ops the bridge registers with libfuse.
// Every op that answers a request is wrapped so that no C++ exception unwinds into libfuse's C
// frames: an exception thrown before the op replied (an allocation failure) becomes ENOMEM or
// EIO. readdirplus is left out when the mount turns it off.
#pragma once

#include "core/fuse/fuse_api.hpp"
#include "core/fuse/mount_options.hpp"

namespace booster::fuse {

fuse_lowlevel_ops make_operations(const MountOptions& options);

}  // namespace booster::fuse
