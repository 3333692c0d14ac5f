// Result<T>: the value of a fop or of any engine call that can fail.
//
// Errors are values: a positive errno, never an exception. Result<void> is a plain status.
// Every Result is [[nodiscard]] through std::expected; dropping one on purpose is spelled
// `(void)` at the call site so it can be found with grep.
// Thread-safety: value type, no shared state.
#pragma once

#include <cerrno>
#include <expected>

namespace booster {

struct Error {
    int errnum = EIO;  // positive errno
};

template <class T>
using Result = std::expected<T, Error>;

using Status = Result<void>;

// `return fail(ENOENT);` reads better than std::unexpected(Error{ENOENT}).
inline std::unexpected<Error> fail(int errnum) { return std::unexpected<Error>(Error{errnum}); }

// The errno of a failed syscall, never 0 (a syscall that failed without setting errno is EIO).
inline std::unexpected<Error> fail_errno() { return fail(errno != 0 ? errno : EIO); }

inline Status ok() { return {}; }

}  // namespace booster
