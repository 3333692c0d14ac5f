// Where libbooster.so is: beside the booster binary (the build tree) or in ../lib (an install
// prefix); BOOSTER_LIB overrides. Thread-safety: any thread.
#pragma once

#include <string>

namespace booster::cli {

// The absolute path of libbooster.so; empty if there is none.
std::string find_preload_library();

}  // namespace booster::cli
