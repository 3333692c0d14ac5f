// The one include of libfuse's low-level API, so that every file of the bridge is compiled
// against the same FUSE_USE_VERSION (3.12: fuse_loop_config objects, clone_fd per thread).
#pragma once

#define FUSE_USE_VERSION 312
#include <fuse_lowlevel.h>
