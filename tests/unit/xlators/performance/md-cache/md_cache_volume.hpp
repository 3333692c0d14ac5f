// Helpers of the md-cache tests: test/file under test/read-probe (which counts the stats and
// fstats that get past the cache) under performance/md-cache, a change made by "another
// client" (straight into the leaf, below the cache), and the root directory's Loc.
#pragma once

#include <doctest/doctest.h>

#include <string>

#include "core/xlators/performance/md-cache/md_cache.hpp"
#include "tests/unit/xlators/performance/write_behind_support.hpp"

namespace booster::test {

class AttrVolume : public Volume {
public:
    explicit AttrVolume(const std::string& timeout = "1h")
        : Volume({{"probe", "test/read-probe", ""}, {"mdc", "performance/md-cache", "timeout " + timeout + "\n"}}) {
        root.inode = graph().itable().root();
        root.gfid = Gfid::root();
        root.path = "/";
    }

    ReadProbe& probe() { return layer<ReadProbe>("probe"); }
    MdCache& cache() { return layer<MdCache>("mdc"); }

    // Grows the file by `n` bytes without md-cache seeing it: another client's write.
    void grow_below(std::size_t n) {
        FdRef fd = Fd::create(inode, O_RDWR, 2, graph().slots());
        const std::string bytes(n, 'x');
        const iovec iov{const_cast<char*>(bytes.data()), bytes.size()};
        REQUIRE(sync_wait(leaf.writev(req, *fd, IoVecs(&iov, 1), 0, RWF_APPEND)) == n);
    }
    std::uint64_t leaf_size() { return leaf.data().size(); }
    // Stats and fstats that reached the child.
    int asked() { return probe().stats() + probe().fstats(); }

    Result<Iatt> stat(const Loc& at) { return sync_wait(top.stat(req, at)); }

    Loc root;
};

}  // namespace booster::test
