// StripedMutex: a fixed set of mutexes picked by gfid, so read-modify-write of one object's
// xattrs (xattrop) is atomic without a lock per object or one lock for the whole brick.
// Two gfids may share a stripe; that only serialises them. Any thread.
#pragma once

#include <array>
#include <functional>
#include <mutex>

#include "core/engine/gfid.hpp"

namespace booster {

class StripedMutex {
public:
    std::mutex& of(const Gfid& gfid) { return stripes_[std::hash<Gfid>()(gfid) % stripes_.size()]; }

private:
    std::array<std::mutex, 64> stripes_;
};

}  // namespace booster
