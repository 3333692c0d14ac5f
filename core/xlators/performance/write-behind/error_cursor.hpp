// ErrorCursor: write-behind's context on an fd: how far along its file's sequence of failed
// acknowledged writes this fd has reported (the kernel's errseq_t, per open file).
//
// Every fd open when an acknowledged write fails gets that errno once, from its next fsync or
// flush; an fd opened later does not. Created at open/create with the file's current sequence.
// Thread-safety: `seen` is read and advanced under the file's WriteQueue mutex; an atomic so
// that the fast path may peek at it without that mutex.
#pragma once

#include <atomic>
#include <cstdint>

#include "core/engine/ctx.hpp"

namespace booster {

struct ErrorCursor final : Ctx {
    explicit ErrorCursor(std::uint64_t current) : seen(current) {}
    std::atomic<std::uint64_t> seen;
};

}  // namespace booster
