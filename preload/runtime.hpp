// The booster's process-wide state and its lazy start.
//
// Nothing happens when the library is loaded except resolving the real libc functions. The
// first open() initialises: reads BOOSTER_DISABLE, BOOSTER_LOG and BOOSTER_STATS, registers
// the fork handlers, and allocates the fd table and the mount registry (never freed: hooks
// may run during exit, and a forked child inherits them). Hooks first ask tracking(), one
// relaxed load that stays false in a program that never opened a file on a booster mount.
// Thread-safety: any thread; initialisation runs once.
#pragma once

#include <atomic>

#include "fdtable/fd_table.hpp"
#include "preload/guard.hpp"
#include "preload/mounts.hpp"
#include "preload/open_file.hpp"

namespace booster::preload {

using FileTable = fdtable::FdTable<OpenFile>;
using FileRef = fdtable::Handle<OpenFile>;
using FilePin = fdtable::Pin<OpenFile>;

struct Runtime {
    FileTable files;
    Mounts mounts;
};

// Initialises if needed; false when the booster is disabled or could not start.
bool active();
// Only valid after active() returned true.
Runtime& runtime();

namespace detail {
extern std::atomic<bool> g_tracking;
}

// True once some fd has been boosted in this process.
inline bool tracking() { return detail::g_tracking.load(std::memory_order_relaxed); }

}  // namespace booster::preload
