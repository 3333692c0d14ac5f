// Crash handler: on SIGSEGV, SIGBUS, SIGILL, SIGFPE or SIGABRT, writes the signal and a
// backtrace (libunwind, symbolised) to the log file, then lets the process die with the same
// signal. Installed once per process by the daemons (`booster mount`, `booster brick`); never
// by libbooster.so, which must not change the host program's signal dispositions.
#pragma once

namespace booster {

void install_crash_handler();

}  // namespace booster
