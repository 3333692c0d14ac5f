// Helpers of the io-cache tests: test/file under test/read-probe under performance/io-cache
// with 4 KiB pages, bytes written by "another client" (straight into the leaf, below the
// cache), and the counters of io-cache's dump.
#pragma once

#include <doctest/doctest.h>

#include <string>

#include "core/xlators/performance/io-cache/io_cache.hpp"
#include "tests/unit/xlators/performance/write_behind_support.hpp"

namespace booster::test {

inline constexpr std::size_t kPage = 4096;

class CachedVolume : public Volume {
public:
    explicit CachedVolume(const std::string& cache_size = "64KB")
        : Volume({{"probe", "test/read-probe", ""},
                  {"ioc", "performance/io-cache", "page-size 4KB\ncache-size " + cache_size + "\n"}}) {}

    ReadProbe& probe() { return layer<ReadProbe>("probe"); }
    IoCache& cache() { return layer<IoCache>("ioc"); }

    // A write that io-cache does not see: another client's.
    void write_below(off_t offset, std::string bytes) {
        FdRef fd = Fd::create(inode, O_RDWR, 2, graph().slots());
        const iovec iov{bytes.data(), bytes.size()};
        REQUIRE(sync_wait(leaf.writev(req, *fd, IoVecs(&iov, 1), offset, 0)) == bytes.size());
    }
    std::size_t child_reads() { return probe().reads().size(); }

    // The value of `key` in io-cache's dump ("hits=3 misses=1 ...").
    std::uint64_t counter(const std::string& key) {
        const std::string text = " " + cache().dump();
        const std::size_t at = text.find(" " + key + "=");
        REQUIRE(at != std::string::npos);
        return std::stoull(text.substr(at + key.size() + 2));
    }
};

// `n` bytes, each telling its own offset apart from its neighbours'.
inline std::string pattern(std::size_t n, char seed = 'a') {
    std::string s(n, '\0');
    for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<char>(seed + (i * 7 + i / kPage) % 23);
    return s;
}

}  // namespace booster::test
