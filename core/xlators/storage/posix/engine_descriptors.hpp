// The numbers of the descriptors the engine keeps for itself (those moved_high() returned: its
// sockets, event fds, lent descriptors, storage/posix's open files), so that libbooster.so's
// close and close_range hooks can keep a program from closing them: a program that closes
// "every descriptor" (close_range(3, ~0), a loop over /proc/self/fd) would otherwise cut its
// engine from its brick and lose the writes the engine had acknowledged.
// A number is marked by moved_high() and unmarked by UniqueFd just before it closes it. Numbers
// from kTracked up are not tracked. Lock-free; any thread.
//
// Marks alone leave two windows. A descriptor the kernel just gave the engine (a brick's
// descriptor passed with SCM_RIGHTS, a socket, an epoll fd) has the lowest free number until
// moved_high() moves and marks it; a marked one is unmarked just before its close. A program
// closing numbers it never had (close_range(3, ~0) on one thread while the event thread takes
// a reply) could close it in either window, and its next open would get a number the engine
// still uses (the engine would then close the program's file, or write into it). So these
// never overlap: the engine makes, moves and closes descriptors inside an
// EngineDescriptorChange, and libbooster.so closes (or dup2s over) a number that may not be the
// program's inside a ProgramDescriptorClose, marks checked inside it. Many of either kind run at
// once; a program's close waits (yielding) while the engine changes descriptors, and an engine
// change waits for the closes under way. A thread never waits for itself: an engine change on a
// thread inside a program's close (a signal handler's I/O) waits for the other threads' closes
// only, and a close on a thread inside an engine change (the engine's own close of the number it
// just moved) is not fenced. Neither side waits for anything else while inside, so they cannot
// wait for each other in a cycle.
#pragma once

namespace booster {

class EngineDescriptorChange {
public:
    EngineDescriptorChange();
    ~EngineDescriptorChange();
    EngineDescriptorChange(const EngineDescriptorChange&) = delete;
    EngineDescriptorChange& operator=(const EngineDescriptorChange&) = delete;
};

class ProgramDescriptorClose {
public:
    ProgramDescriptorClose();
    ~ProgramDescriptorClose();
    ProgramDescriptorClose(const ProgramDescriptorClose&) = delete;
    ProgramDescriptorClose& operator=(const ProgramDescriptorClose&) = delete;

private:
    bool fenced_;
};

// In a forked child, whose one thread is the one that called fork: the changes and closes the
// parent's other threads had under way never end there, and must not hold up the child's.
void descriptor_changes_after_fork();

inline constexpr int kTrackedEngineDescriptors = 1 << 16;

void mark_engine_descriptor(int fd);
void unmark_engine_descriptor(int fd);
bool is_engine_descriptor(int fd);
// The lowest engine descriptor in [from, to], or -1.
int first_engine_descriptor(int from, int to);

}  // namespace booster
