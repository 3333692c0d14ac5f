// Fd lifetime: every translator's fd context is destroyed at the last unref (the release),
// exactly once, and an open fd keeps its inode alive.
#include "core/engine/fd.hpp"

#include <doctest/doctest.h>

#include <fcntl.h>

#include <memory>

#include "tests/unit/support/counted_ctx.hpp"

namespace {

using namespace booster;
using booster::test::CountedCtx;

}  // namespace

TEST_CASE("fd contexts are destroyed at the last unref, not before, each exactly once") {
    InodeTable t(2);
    int destroyed = 0;
    FdRef fd = Fd::create(t.root(), O_RDONLY, 1, 2);
    fd->ctx().set_if_empty(0, std::make_unique<CountedCtx>(destroyed));
    fd->ctx().set_if_empty(1, std::make_unique<CountedCtx>(destroyed));
    FdRef dup = fd;
    fd = {};
    CHECK(destroyed == 0);
    CHECK(dup->flags() == O_RDONLY);
    CHECK(dup->pid() == 1);
    dup = {};
    CHECK(destroyed == 2);
}

TEST_CASE("an open fd keeps its inode; the release lets the inode go") {
    InodeTable t(1, 0);  // no LRU: an inode nobody needs is purged at once
    int inode_ctx_destroyed = 0;
    Iatt attr;
    attr.gfid = Gfid::random();
    attr.mode = S_IFREG | 0644;
    InodeRef inode = t.link(t.create(), t.root(), "f", attr);
    inode->ctx().set_if_empty(0, std::make_unique<CountedCtx>(inode_ctx_destroyed));
    FdRef fd = Fd::create(inode, O_RDWR, 1, 1);
    inode = {};
    CHECK(inode_ctx_destroyed == 0);
    CHECK(t.find(attr.gfid).get() == &fd->inode());
    fd = {};
    CHECK(inode_ctx_destroyed == 1);
    CHECK(t.find(attr.gfid).get() == nullptr);
}
