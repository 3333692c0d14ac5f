// LoggedErrors: repeats on stderr the error lines the log received since a mark.
//
// Why: a translator whose init() fails says what is wrong in the log ("option directory
// '/srv/b' does not exist") but returns only an errno, and a user starting a mount looks at
// the terminal, not at the log file. Nothing to do when the log is stderr already.
// Thread-safety: main thread. Reads the log file through its own descriptor (the log's own
// is append-only).
#pragma once

#include <sys/types.h>

namespace booster::cli {

class LoggedErrors {
public:
    // Marks the current end of the log file.
    LoggedErrors();
    ~LoggedErrors();
    LoggedErrors(const LoggedErrors&) = delete;
    LoggedErrors& operator=(const LoggedErrors&) = delete;
    // Writes the error and critical lines logged after the mark to stderr.
    void print_since_mark() const;

private:
    int reader_ = -1;  // the log file opened for reading; -1 when the log is not a file
    off_t mark_ = 0;
};

}  // namespace booster::cli
