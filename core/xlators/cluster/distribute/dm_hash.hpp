// dm_hash(): the 32-bit hash DHT places a name by: GlusterFS's Davies-Meyer construction over
// TEA rounds (gf_dm_hashfn), bit for bit, so that a name lands on the same brick index as it
// would in GlusterFS. It hashes the basename only (never a path). Words are read in the
// host's byte order and tail bytes as signed char, as GlusterFS does on x86.
// Pure function; any thread.
#pragma once

#include <cstdint>
#include <string_view>

namespace booster {

std::uint32_t dm_hash(std::string_view name);

}  // namespace booster
