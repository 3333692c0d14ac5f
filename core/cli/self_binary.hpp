// Where this `booster` binary is (/proc/self/exe): run again for a subcommand, printed in
// instructions, and the anchor from which libbooster.so is found. Thread-safety: any thread.
#pragma once

#include <string>

namespace booster::cli {

// The absolute path of the running booster binary; empty if /proc/self/exe cannot be read.
std::string booster_binary();

}  // namespace booster::cli
