// performance/io-cache: hits and misses, page boundaries, the end of the file, LRU eviction at
// cache-size, what is not cached, forget and fini (io_cache.hpp).
#include <doctest/doctest.h>
#include <fcntl.h>

#include "tests/unit/xlators/performance/io-cache/io_cache_volume.hpp"

namespace {

using namespace booster;
using booster::test::CachedVolume;
using booster::test::kPage;
using booster::test::pattern;

}  // namespace

TEST_CASE("a miss reads the whole aligned page from the child; a re-read of it is a hit") {
    CachedVolume v;
    const std::string data = pattern(10000);
    v.write_below(0, data);
    FdRef fd = v.open_validated(O_RDONLY);
    CHECK(v.read(*fd, 100, 50) == data.substr(100, 50));
    REQUIRE(v.child_reads() == 1);
    CHECK(v.child_read(0).offset == 0);
    CHECK(v.child_read(0).size == kPage);
    CHECK(v.read(*fd, 0, kPage) == data.substr(0, kPage));
    CHECK(v.read(*fd, 4000, 96) == data.substr(4000, 96));
    CHECK(v.child_reads() == 1);
    CHECK(v.counter("hits") == 2);
    CHECK(v.counter("misses") == 1);
    CHECK(v.counter("pages") == 1);
}

TEST_CASE("a read across pages is one readv of the covering pages; the end of the file gives short reads") {
    CachedVolume v;
    const std::string data = pattern(10000);  // pages 0, 1 and a short page 2
    v.write_below(0, data);
    FdRef fd = v.open_validated(O_RDONLY);
    CHECK(v.read(*fd, 4000, 8000) == data.substr(4000));
    REQUIRE(v.child_reads() == 1);
    CHECK(v.child_read(0).offset == 0);
    CHECK(v.child_read(0).size == 3 * kPage);
    CHECK(v.read(*fd, 9000, 5000) == data.substr(9000));
    CHECK(v.read(*fd, 10000, 10) == "");
    CHECK(v.read(*fd, 50000, 10) == "");
    CHECK(v.child_reads() == 1);
    CHECK(v.counter("pages") == 3);
}

TEST_CASE("reads into several iovecs are served across them") {
    CachedVolume v;
    const std::string data = pattern(3 * kPage);
    v.write_below(0, data);
    FdRef fd = v.open_validated(O_RDONLY);
    CHECK(v.read(*fd, 0, 3 * kPage) == data);
    std::string a(5000, '\0');
    std::string b(3000, '\0');
    const iovec iov[2] = {{a.data(), a.size()}, {b.data(), b.size()}};
    CHECK(sync_wait(v.top.readv(v.req, *fd, IoVecs(iov, 2), 1000, 0)) == 8000u);
    CHECK(a + b == data.substr(1000, 8000));
    CHECK(v.child_reads() == 1);
}

TEST_CASE("at cache-size the least recently used page is evicted") {
    CachedVolume v("16KB");  // four pages
    const std::string data = pattern(8 * kPage);
    v.write_below(0, data);
    FdRef fd = v.open_validated(O_RDONLY);
    for (std::size_t p = 0; p < 4; ++p) CHECK(v.read(*fd, static_cast<off_t>(p * kPage), 10) == data.substr(p * kPage, 10));
    CHECK(v.read(*fd, 0, 10) == data.substr(0, 10));  // page 0 is now the most recent
    CHECK(v.child_reads() == 4);
    CHECK(v.read(*fd, 4 * kPage, 10) == data.substr(4 * kPage, 10));  // evicts page 1
    CHECK(v.counter("pages") == 4);
    CHECK(v.counter("evictions") == 1);
    CHECK(v.read(*fd, 0, 10) == data.substr(0, 10));
    CHECK(v.child_reads() == 5);
    CHECK(v.read(*fd, kPage, 10) == data.substr(kPage, 10));
    CHECK(v.child_reads() == 6);
}

TEST_CASE("a read wider than the whole cache passes through without filling it") {
    CachedVolume v("64KB");
    const std::string data = pattern(20 * kPage);
    v.write_below(0, data);
    FdRef fd = v.open(O_RDONLY);
    CHECK(v.read(*fd, 0, data.size()) == data);
    CHECK(v.read(*fd, 0, data.size()) == data);
    CHECK(v.child_reads() == 2);
    CHECK(v.counter("pages") == 0);
}

TEST_CASE("reads on an O_DIRECT or O_WRONLY fd, or with RWF flags, pass through and fill nothing") {
    CachedVolume v;
    const std::string data = pattern(kPage);
    v.write_below(0, data);
    for (int flags : {O_RDONLY | O_DIRECT, O_WRONLY}) {
        FdRef fd = v.open(flags);
        CHECK(v.read(*fd, 0, 100) == data.substr(0, 100));
        CHECK(v.read(*fd, 0, 100) == data.substr(0, 100));
    }
    FdRef fd = v.open(O_RDONLY);
    std::string buf(100, '\0');
    const iovec iov{buf.data(), buf.size()};
    CHECK(sync_wait(v.top.readv(v.req, *fd, IoVecs(&iov, 1), 0, RWF_HIPRI)) == 100u);
    CHECK(v.child_reads() == 5);
    CHECK(v.counter("pages") == 0);
}

TEST_CASE("forget frees the file's pages, fini every page") {
    CachedVolume v;
    v.write_below(0, pattern(2 * kPage));
    {
        FdRef fd = v.open_validated(O_RDONLY);
        CHECK(v.read(*fd, 0, 2 * kPage).has_value());
    }
    CHECK(v.counter("pages") == 2);
    v.inode->ctx().take(v.cache().slot()).reset();  // what the inode table's purge does
    CHECK(v.counter("pages") == 0);

    FdRef fd = v.open_validated(O_RDONLY);
    CHECK(v.read(*fd, 0, 2 * kPage).has_value());
    CHECK(v.counter("pages") == 2);
    v.cache().fini();
    CHECK(v.counter("pages") == 0);
}
