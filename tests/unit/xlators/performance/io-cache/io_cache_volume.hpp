// Helpers of the io-cache tests: test/file under test/read-probe under performance/io-cache
// with 4 KiB pages, bytes written by "another client" (straight into the leaf, below the
// cache), and the counters of io-cache's dump.
#pragma once

#include <doctest/doctest.h>

#include <optional>
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
    // Opens the file and makes its first read, which validates it and caches nothing (the read
    // goes to the child beside its fstat: IoCache::validating_read). From then on child_reads(),
    // child_read() and counter() count from after that read: tests of fills and hits start here.
    FdRef open_validated(int flags) {
        FdRef fd = open(flags);
        REQUIRE(read(*fd, 0, 1).has_value());
        REQUIRE(counter("validations") == 1);
        REQUIRE(counter("pages") == 0);
        reads_before_ = probe().reads().size();
        counted_before_ = " " + cache().dump();
        return fd;
    }

    std::size_t child_reads() { return probe().reads().size() - reads_before_; }
    ReadProbe::Read child_read(std::size_t i) { return probe().reads().at(reads_before_ + i); }

    // The value of `key` in io-cache's dump ("hits=3 misses=1 ..."), less its value at
    // open_validated (the gauges, pages and bytes, were 0 then).
    std::uint64_t counter(const std::string& key) {
        const std::optional<std::uint64_t> now = value(" " + cache().dump(), key);
        REQUIRE(now.has_value());
        return *now - value(counted_before_, key).value_or(0);
    }

private:
    static std::optional<std::uint64_t> value(const std::string& dump, const std::string& key) {
        const std::size_t at = dump.find(" " + key + "=");
        if (at == std::string::npos) return std::nullopt;
        return std::stoull(dump.substr(at + key.size() + 2));
    }

    std::size_t reads_before_ = 0;
    std::string counted_before_;
};

// `n` bytes, each telling its own offset apart from its neighbours'.
inline std::string pattern(std::size_t n, char seed = 'a') {
    std::string s(n, '\0');
    for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<char>(seed + (i * 7 + i / kPage) % 23);
    return s;
}

}  // namespace booster::test
