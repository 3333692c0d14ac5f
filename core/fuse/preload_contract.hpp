// The contract between the FUSE mount and libbooster.so: the extended attributes the bridge
// answers on every inode of a booster mount, so that a program holding an fd on the mount can
// learn, with fgetxattr, which volume it is on and build the same graph in-process; and one
// ioctl with which the library adopts an open file.
//
// Versioned: a change in meaning gets a new prefix (user.booster.v2.*) and both are answered
// for a while; the preload library asks for the version it was built with. The keys are
// hidden from listxattr and cannot be set or removed (EPERM).
// Header-only, no dependency on libfuse: the preload library includes it.
#pragma once

#include <sys/ioctl.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace booster::preload_contract {

inline constexpr int kVersion = 1;
inline constexpr std::string_view kPrefix = "user.booster.v1.";

// The text of the client volfile the mount was started with.
inline constexpr std::string_view kVolfileXattr = "user.booster.v1.volfile";
// The absolute path of the mount point.
inline constexpr std::string_view kMountpointXattr = "user.booster.v1.mountpoint";
// The gfid of the inode the call was made on, in canonical 8-4-4-4-12 form.
inline constexpr std::string_view kGfidXattr = "user.booster.v1.gfid";
// The three above in one round trip, for a process's first file on the mount:
// "<gfid>\0<mount point>\0<volfile>" (mount_identity). A NUL cannot occur in the first two.
inline constexpr std::string_view kMountXattr = "user.booster.v1.mount";

// Reading this key drops the mount graph's caches of the inode and then the kernel's page and
// attribute caches of it before the answer ("1"): the booster wrote behind FUSE's back, and
// every reader through the mount must now see the new data and size. Costs one round trip;
// asked only after engine writes.
inline constexpr std::string_view kInvalidateXattr = "user.booster.v1.invalidate";

// ioctl(fd, kAdoptIoctl, &AdoptReply) on an open file of the mount: answers the file's gfid
// and, when the file is open for writing, marks this open file: from then on the bridge drops
// the graph's and the kernel's caches of the inode on every FLUSH of it (each close(2) of a
// descriptor), before answering. A boosted writer's close thus publishes its writes to every other client without
// a round trip of its own. Costs one round trip, as reading kGfidXattr would.
struct AdoptReply {
    std::uint32_t version;     // kVersion
    std::uint32_t published;   // 1: this open file's closes drop the kernel's caches
    std::uint8_t gfid[16];
};
inline constexpr unsigned long kAdoptIoctl = _IOR('B', 1, AdoptReply);

inline constexpr bool is_contract_xattr(std::string_view name) { return name.starts_with(kPrefix); }

// The parts of a kMountXattr value; views into the value they were parsed from.
struct MountIdentity {
    std::string_view gfid;
    std::string_view mountpoint;
    std::string_view volfile;
};

inline std::string mount_identity(std::string_view gfid, std::string_view mountpoint, std::string_view volfile) {
    std::string value;
    value.reserve(gfid.size() + mountpoint.size() + volfile.size() + 2);
    value.append(gfid).append(1, '\0').append(mountpoint).append(1, '\0').append(volfile);
    return value;
}

// nullopt when `value` lacks a part (fewer than two NULs, or an empty gfid or mount point).
inline std::optional<MountIdentity> parse_mount_identity(std::string_view value) {
    const std::size_t first = value.find('\0');
    if (first == std::string_view::npos) return std::nullopt;
    const std::size_t second = value.find('\0', first + 1);
    if (second == std::string_view::npos || first == 0 || second == first + 1) return std::nullopt;
    return MountIdentity{value.substr(0, first), value.substr(first + 1, second - first - 1), value.substr(second + 1)};
}

}  // namespace booster::preload_contract
