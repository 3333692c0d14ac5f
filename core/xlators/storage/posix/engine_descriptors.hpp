// The numbers of the descriptors the engine keeps for itself (those moved_high() returned: its
// sockets, event fds, lent descriptors, storage/posix's open files), so that libbooster.so's
// close and close_range hooks can keep a program from closing them: a program that closes
// "every descriptor" (close_range(3, ~0), a loop over /proc/self/fd) would otherwise cut its
// engine from its brick and lose the writes the engine had acknowledged.
// A number is marked by moved_high() and unmarked by UniqueFd just before it closes it. Numbers
// from kTracked up are not tracked. Lock-free; any thread.
#pragma once

namespace booster {

inline constexpr int kTrackedEngineDescriptors = 1 << 16;

void mark_engine_descriptor(int fd);
void unmark_engine_descriptor(int fd);
bool is_engine_descriptor(int fd);
// The lowest engine descriptor in [from, to], or -1.
int first_engine_descriptor(int from, int to);

}  // namespace booster
