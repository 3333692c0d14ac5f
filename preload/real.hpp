// real::NAME: the next definition of every interposed symbol (normally glibc's), found with
// dlsym(RTLD_NEXT). Resolved all at once by resolve() — from the library constructor, or from
// the first hook that runs before it (another library's constructor may call open()).
// A symbol the C library does not have stays null; its hook then fails with ENOSYS.
// Thread-safety: resolve() is idempotent and may race with itself harmlessly (same values).
#pragma once

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

namespace booster::preload::real {

#define BOOSTER_INTERCEPT(ret, name, params) extern ret(*name) params;
#include "preload/intercept.def"
#undef BOOSTER_INTERCEPT

void resolve();
bool resolved();

}  // namespace booster::preload::real

// The real function, resolving first if a hook runs before the library constructor.
#define BOOSTER_REAL(name) \
    (::booster::preload::real::resolved() ? ::booster::preload::real::name : (::booster::preload::real::resolve(), ::booster::preload::real::name))
