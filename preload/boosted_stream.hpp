// Boosted stdio streams. glibc's stdio reads and writes a FILE with its own internal calls,
// which no preload can intercept; so a stream opened on a booster file is replaced by a
// fopencookie() stream whose read, write, seek and close are the booster's hooks.
//
// fileno() must keep working (sort, md5sum and others fstat the fd of their streams), so the
// cookie stream's _fileno is set to the boosted fd. glibc gives cookie streams _fileno -2 and
// otherwise treats them as file buffers; with a real fd, fclose runs the same close path and
// calls our close. This is the one place that relies on a glibc layout detail: struct
// _IO_FILE's public _fileno member.
// Ownership: the stream owns `fd`; fclose closes it through the booster.
// Thread-safety: as any stdio stream.
#pragma once

#include <stdio.h>

namespace booster::preload {

// open(2) flags equivalent to an fopen mode ("r", "w+", "ab", "rx", "re", ...); -1 if invalid.
int open_flags_of_mode(const char* mode);

// A stream over boosted `fd` opened with `mode`; null (errno set) if it cannot be made.
FILE* boosted_stream(int fd, const char* mode);

}  // namespace booster::preload
