#include "core/xlators/storage/posix/high_descriptor.hpp"

#include <fcntl.h>
#include <sys/resource.h>

#include <algorithm>

#include "core/xlators/storage/posix/engine_descriptors.hpp"

namespace booster {

namespace {

// Below the soft limit, which F_DUPFD may not reach, and low enough that the kernel's table
// of descriptors stays small.
constexpr int kMaxFloor = 800;

}  // namespace

int high_descriptor_floor() {
    static const int floor = [] {
        rlimit limit{};
        if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) return kMaxFloor;
        return static_cast<int>(std::max<rlim_t>(3, std::min<rlim_t>(kMaxFloor, limit.rlim_cur / 2)));
    }();
    return floor;
}

UniqueFd moved_high(UniqueFd fd) {
    if (!fd) return fd;
    const EngineDescriptorChange change;
    if (fd.get() < high_descriptor_floor()) {
        const int high = ::fcntl(fd.get(), F_DUPFD_CLOEXEC, high_descriptor_floor());
        if (high >= 0) fd = UniqueFd(high);
    }
    mark_engine_descriptor(fd.get());
    return fd;
}

}  // namespace booster
