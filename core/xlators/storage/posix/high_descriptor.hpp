// moved_high(): a descriptor the engine keeps for itself (a socket to a brick, an event loop's
// epoll and event fds, a descriptor a brick lent, storage/posix's brick directory, gfid index,
// descriptor of an open file and the duplicate a blocking lock waits on; the preload's log and
// stats files take the same floor) moved far above the numbers programs name themselves. The
// engine runs inside programs (libbooster.so): a shell's `exec 3>file`, a dup2(fd, 9), or a
// program's own choice of low numbers would otherwise replace the engine's descriptor with one
// of the program's, and the engine would then read from or write into the program's file
// (preload-survey.md, rule 11).
// The new number is the lowest free one at or above min(800, half the soft RLIMIT_NOFILE when
// the process first asks); the original number is closed. When no such number can be had
// (EMFILE, EINVAL) the descriptor keeps its number. Either way the number is marked an engine
// descriptor (engine_descriptors.hpp) until its UniqueFd closes it. The move runs inside an
// EngineDescriptorChange; born_high() makes the descriptor inside the same one, so that no
// program's close of numbers it never had can take it while its number is still low (a
// descriptor made earlier, outside, stays exposed until then). Callable from any thread.
#pragma once

#include "core/xlators/storage/posix/unique_fd.hpp"

namespace booster {

// The number moved_high() starts looking from.
int high_descriptor_floor();

UniqueFd moved_high(UniqueFd fd);

// moved_high(UniqueFd(make())), made and moved inside one EngineDescriptorChange; `make`
// returns a new descriptor or -1 (errno then survives).
template <class Make>
UniqueFd born_high(Make&& make) {
    const EngineDescriptorChange change;
    return moved_high(UniqueFd(make()));
}

}  // namespace booster
