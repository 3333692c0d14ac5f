// InodeTable lifetime: references, the kernel lookup count, forget, the LRU and its limit,
// context destruction (exactly once), dentries (link, unlink, rename, path), hard links and a
// directory that moved behind the table's back.
#include "core/engine/inode.hpp"

#include <doctest/doctest.h>

#include <memory>

#include "tests/unit/support/counted_ctx.hpp"

namespace {

using namespace booster;
using booster::test::CountedCtx;

Iatt attr_of(const Gfid& gfid, std::uint32_t type) {
    Iatt a;
    a.gfid = gfid;
    a.mode = type | 0755;
    return a;
}

// What a lookup or create reply does: a fresh inode linked under (parent, name).
InodeRef add(InodeTable& t, const InodeRef& parent, std::string_view name, std::uint32_t type = S_IFREG,
             const Gfid& gfid = Gfid::random()) {
    return t.link(t.create(), parent, name, attr_of(gfid, type));
}

bool found(const InodeRef& inode) { return inode.get() != nullptr; }

void count_ctx(Inode& inode, int& destroyed, std::size_t slot = 0) {
    REQUIRE(inode.ctx().set_if_empty(slot, std::make_unique<CountedCtx>(destroyed)) != nullptr);
}

}  // namespace

TEST_CASE("the root is linked, permanent and has path /") {
    InodeTable t(1);
    InodeRef root = t.root();
    CHECK(root->is_root());
    CHECK(root->is_dir());
    CHECK(t.path(*root) == "/");
    CHECK(t.path(*root, "a") == "/a");
    CHECK(t.size() == 1);
    root = {};
    CHECK(t.find(Gfid::root()).get() != nullptr);
}

TEST_CASE("a linked inode is found by gfid and by name, with its path") {
    InodeTable t(1);
    InodeRef dir = add(t, t.root(), "d", S_IFDIR);
    InodeRef file = add(t, dir, "f");
    CHECK(t.find(file->gfid()) == file);
    CHECK(t.find_child(*dir, "f") == file);
    CHECK(t.find_child(*t.root(), "d") == dir);
    CHECK_FALSE(found(t.find_child(*dir, "missing")));
    CHECK(t.path(*file) == "/d/f");
    CHECK(t.path(*dir, "g") == "/d/g");
    CHECK(t.size() == 3);
}

TEST_CASE("an unlinked inode goes with its last reference, contexts included") {
    InodeTable t(2);
    int destroyed = 0;
    InodeRef fresh = t.create();
    count_ctx(*fresh, destroyed, 0);
    count_ctx(*fresh, destroyed, 1);
    InodeRef copy = fresh;
    fresh = {};
    CHECK(destroyed == 0);
    copy = {};
    CHECK(destroyed == 2);
}

TEST_CASE("a context installed twice keeps the first and destroys the loser at once") {
    InodeTable t(1);
    int first = 0;
    int second = 0;
    InodeRef inode = add(t, t.root(), "a");
    Ctx* kept = inode->ctx().set_if_empty(0, std::make_unique<CountedCtx>(first));
    CHECK(inode->ctx().set_if_empty(0, std::make_unique<CountedCtx>(second)) == kept);
    CHECK(second == 1);
    CHECK(first == 0);
    CHECK(inode->ctx().get(0) == kept);
}

TEST_CASE("an unreferenced inode waits on the LRU and is purged past lru_limit, oldest first") {
    InodeTable t(1, 2);
    int destroyed[3] = {};
    Gfid gfids[3];
    for (int i = 0; i < 3; ++i) {
        InodeRef inode = add(t, t.root(), "f" + std::to_string(i));
        gfids[i] = inode->gfid();
        count_ctx(*inode, destroyed[i]);
    }  // each reference dropped at the end of its iteration
    CHECK(t.lru_size() == 2);
    CHECK(destroyed[0] == 1);
    CHECK(destroyed[1] == 0);
    CHECK(destroyed[2] == 0);
    CHECK_FALSE(found(t.find(gfids[0])));
    CHECK_FALSE(found(t.find_child(*t.root(), "f0")));

    InodeRef revived = t.find(gfids[1]);  // a reference takes it off the LRU
    CHECK(found(revived));
    CHECK(t.lru_size() == 1);
    CHECK(t.path(*revived) == "/f1");
}

TEST_CASE("the kernel lookup count keeps an inode until forget brings it to zero") {
    InodeTable t(1, 0);  // no LRU: an inode nobody needs is purged at once
    int destroyed = 0;
    Inode* raw = nullptr;
    Gfid gfid;
    {
        InodeRef inode = add(t, t.root(), "a");
        raw = inode.get();
        gfid = inode->gfid();
        count_ctx(*inode, destroyed);
        t.lookup_inc(*inode);
        t.lookup_inc(*inode);
    }
    CHECK(destroyed == 0);
    CHECK(t.find(gfid).get() == raw);
    t.forget(*raw, 1);
    CHECK(destroyed == 0);
    CHECK(t.find(gfid).get() == raw);
    t.forget(*raw, 1);
    CHECK(destroyed == 1);
    CHECK_FALSE(found(t.find(gfid)));
    CHECK(t.size() == 1);
}

TEST_CASE("forget does not free an inode someone still references") {
    InodeTable t(1, 0);
    int destroyed = 0;
    InodeRef inode = add(t, t.root(), "a");
    count_ctx(*inode, destroyed);
    t.lookup_inc(*inode);
    t.forget(*inode, 5);  // more than looked up: clamps at zero
    CHECK(destroyed == 0);
    CHECK(t.path(*inode) == "/a");
    inode = {};
    CHECK(destroyed == 1);
}

TEST_CASE("the table's destruction destroys remaining contexts exactly once") {
    int destroyed = 0;
    {
        InodeTable t(1);
        InodeRef inode = add(t, t.root(), "a");
        count_ctx(*inode, destroyed);
        inode = {};  // now on the LRU
        CHECK(destroyed == 0);
    }
    CHECK(destroyed == 1);
}

TEST_CASE("unlink removes the name; a referenced inode lives on, unreachable") {
    InodeTable t(1);
    InodeRef inode = add(t, t.root(), "a");
    t.unlink(*t.root(), "a");
    CHECK_FALSE(found(t.find_child(*t.root(), "a")));
    CHECK(t.find(inode->gfid()) == inode);
    CHECK(t.path(*inode).empty());
    t.unlink(*t.root(), "a");  // unlinking a name that is gone is harmless
}

TEST_CASE("rename moves the name; the paths of a moved directory's children follow") {
    InodeTable t(1);
    InodeRef dir = add(t, t.root(), "d", S_IFDIR);
    InodeRef file = add(t, dir, "f");
    InodeRef other = add(t, t.root(), "o", S_IFDIR);
    t.rename(*t.root(), "d", other, "e");
    CHECK_FALSE(found(t.find_child(*t.root(), "d")));
    CHECK(t.find_child(*other, "e") == dir);
    CHECK(t.path(*dir) == "/o/e");
    CHECK(t.path(*file) == "/o/e/f");
}

TEST_CASE("rename over an existing name replaces that entry") {
    InodeTable t(1);
    InodeRef a = add(t, t.root(), "a");
    InodeRef b = add(t, t.root(), "b");
    t.rename(*t.root(), "a", t.root(), "b");
    CHECK(t.find_child(*t.root(), "b") == a);
    CHECK_FALSE(found(t.find_child(*t.root(), "a")));
    CHECK(t.path(*a) == "/b");
    CHECK(t.path(*b).empty());
}

TEST_CASE("hard links: one inode under two names, reachable while either remains") {
    InodeTable t(1);
    InodeRef dir = add(t, t.root(), "d", S_IFDIR);
    InodeRef x = add(t, t.root(), "x");
    InodeRef y = add(t, dir, "y", S_IFREG, x->gfid());
    CHECK(y == x);
    CHECK(t.size() == 3);
    CHECK(t.find_child(*dir, "y") == x);
    t.unlink(*t.root(), "x");
    CHECK(t.path(*x) == "/d/y");
    t.unlink(*dir, "y");
    CHECK(t.path(*x).empty());
}

TEST_CASE("names_of lists every (parent, name) of an inode, none for the root or a gfid-only inode") {
    InodeTable t(1);
    InodeRef dir = add(t, t.root(), "d", S_IFDIR);
    InodeRef x = add(t, t.root(), "x");
    (void)add(t, dir, "y", S_IFREG, x->gfid());
    auto names = t.names_of(*x);
    REQUIRE(names.size() == 2);
    CHECK(names[0].parent == t.root());
    CHECK(names[0].name == "x");
    CHECK(names[1].parent == dir);
    CHECK(names[1].name == "y");
    t.unlink(*t.root(), "x");
    names = t.names_of(*x);
    REQUIRE(names.size() == 1);
    CHECK(names[0].name == "y");
    CHECK(t.names_of(*t.root()).empty());
    InodeRef by_gfid = t.link(t.create(), {}, {}, attr_of(Gfid::random(), S_IFREG));
    CHECK(t.names_of(*by_gfid).empty());
}

TEST_CASE("a directory seen under a new name has moved: the old name goes") {
    InodeTable t(1);
    InodeRef dir = add(t, t.root(), "a", S_IFDIR);
    InodeRef child = add(t, dir, "f");
    InodeRef again = add(t, t.root(), "b", S_IFDIR, dir->gfid());  // a lookup of "b" found it
    CHECK(again == dir);
    CHECK_FALSE(found(t.find_child(*t.root(), "a")));
    CHECK(t.find_child(*t.root(), "b") == dir);
    CHECK(t.path(*dir) == "/b");
    CHECK(t.path(*child) == "/b/f");
}

TEST_CASE("a directory is kept by its children's names, and released when the last goes") {
    InodeTable t(1);
    InodeRef dir = add(t, t.root(), "d", S_IFDIR);
    const Gfid dir_gfid = dir->gfid();
    InodeRef file = add(t, dir, "f");
    dir = {};
    CHECK(t.lru_size() == 0);  // the child's dentry holds the directory
    file = {};
    CHECK(t.lru_size() == 1);  // the child waits; the directory is still held by its name
    t.unlink(*t.find(dir_gfid), "f");
    CHECK(t.lru_size() == 2);
    CHECK(found(t.find(dir_gfid)));
}
