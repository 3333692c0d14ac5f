// CountedCtx: a per-translator context for tests that counts its own destructions, to check
// that an inode's or fd's contexts are destroyed exactly once, at the right moment.
#pragma once

#include "core/engine/ctx.hpp"

namespace booster::test {

struct CountedCtx : Ctx {
    explicit CountedCtx(int& destroyed) : destroyed_(destroyed) {}
    ~CountedCtx() override { ++destroyed_; }

private:
    int& destroyed_;
};

}  // namespace booster::test
