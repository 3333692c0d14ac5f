// performance/io-cache: what it does not cost a file read once. Read-once streams (wide
// sequential reads from offset 0 of a file opened with no pages) go to the child uncached and
// without the validation fstat, yet every page filled later carries attributes fetched before
// its bytes; and recycled page buffers never serve a previous page's bytes (io_cache.hpp).
#include <doctest/doctest.h>
#include <fcntl.h>

#include "tests/unit/xlators/performance/io-cache/io_cache_volume.hpp"

namespace {

using namespace booster;
using booster::test::CachedVolume;
using booster::test::kPage;
using booster::test::pattern;

constexpr std::size_t kWide = PageCache::kStreamMinPages * kPage;

}  // namespace

TEST_CASE("a file opened with no pages and read in wide sequential reads from 0 is passed through, no fstat") {
    CachedVolume v;
    const std::string data = pattern(2 * kWide - 100);
    v.write_below(0, data);
    FdRef fd = v.open(O_RDONLY);
    CHECK(v.read(*fd, 0, kWide) == data.substr(0, kWide));
    CHECK(v.read(*fd, kWide, kWide) == data.substr(kWide));
    CHECK(v.read(*fd, 2 * kWide, kWide) == "");
    CHECK(v.child_reads() == 3);
    CHECK(v.probe().fstats() == 0);
    CHECK(v.counter("streamed") == 3);
    CHECK(v.counter("pages") == 0);
}

TEST_CASE("a stream read that finds the end of the file answers the reader's next read there without the child") {
    CachedVolume v;
    SUBCASE("a file that ends where a read ends") {
        const std::string data = pattern(2 * kWide);
        v.write_below(0, data);
        FdRef fd = v.open(O_RDONLY);
        CHECK(v.read(*fd, 0, kWide) == data.substr(0, kWide));
        CHECK(v.read(*fd, kWide, kWide) == data.substr(kWide));
        CHECK(v.read(*fd, 2 * kWide, kWide) == "");
    }
    SUBCASE("a file that ends inside a read") {
        const std::string data = pattern(kWide + 100);
        v.write_below(0, data);
        FdRef fd = v.open(O_RDONLY);
        CHECK(v.read(*fd, 0, kWide) == data.substr(0, kWide));
        CHECK(v.read(*fd, kWide, kWide) == data.substr(kWide));
        CHECK(v.read(*fd, kWide + 100, kWide) == "");
    }
    CHECK(v.child_reads() == 2);
    CHECK(v.probe().fstats() == 0);
}

TEST_CASE("the end a stream read found answers one read only, and no read after an own change or an open") {
    CachedVolume v;
    const std::string data = pattern(kWide);
    v.write_below(0, data);
    FdRef fd = v.open(O_RDWR);
    CHECK(v.read(*fd, 0, kWide) == data);
    SUBCASE("once") {
        CHECK(v.read(*fd, kWide, kWide) == "");
        v.write_below(kWide, "more");  // another client appends: the next read asks again
        CHECK(v.read(*fd, kWide, kWide) == "more");
    }
    SUBCASE("an own write") {
        CHECK(v.write(*fd, kWide, "own") == 3u);
        CHECK(v.read(*fd, kWide, kWide) == "own");
    }
    SUBCASE("an open") {
        v.write_below(kWide, "more");
        FdRef again = v.open(O_RDONLY);
        CHECK(v.read(*fd, kWide, kWide) == "more");
    }
}

TEST_CASE("a narrow read, or one elsewhere, ends the stream; the reads after it are cached") {
    CachedVolume v;
    const std::string data = pattern(3 * kWide);
    v.write_below(0, data);
    FdRef fd = v.open(O_RDONLY);
    SUBCASE("narrow") { CHECK(v.read(*fd, 0, kWide - 1) == data.substr(0, kWide - 1)); }
    SUBCASE("not from 0") { CHECK(v.read(*fd, kPage, kWide) == data.substr(kPage, kWide)); }
    SUBCASE("back to 0 after a streamed read") {
        CHECK(v.read(*fd, 0, kWide) == data.substr(0, kWide));
        CHECK(v.read(*fd, 0, kWide) == data.substr(0, kWide));
    }
    CHECK(v.probe().fstats() == 1);
    CHECK(v.read(*fd, kWide, kWide) == data.substr(kWide, kWide));  // no stream any more
    CHECK(v.counter("pages") >= PageCache::kStreamMinPages);
}

TEST_CASE("a file streamed once is cached at its next open (a re-read), and one with pages is validated") {
    CachedVolume v;
    const std::string data = pattern(kWide);
    v.write_below(0, data);
    { FdRef fd = v.open(O_RDONLY); CHECK(v.read(*fd, 0, kWide) == data); }
    { FdRef fd = v.open(O_RDONLY); CHECK(v.read(*fd, 0, kWide) == data); }
    CHECK(v.probe().fstats() == 1);
    CHECK(v.counter("pages") == PageCache::kStreamMinPages);
    FdRef fd = v.open(O_RDONLY);
    CHECK(v.read(*fd, 0, kWide) == data);
    CHECK(v.probe().fstats() == 2);
    CHECK(v.child_reads() == 2);
}

TEST_CASE("without the fstat at open, pages filled later still carry the attributes they were filled under") {
    CachedVolume v;
    const std::string before = pattern(kWide, 'a');
    const std::string after = pattern(kWide, 'A');
    v.write_below(0, before);
    FdRef fd = v.open(O_RDONLY);
    CHECK(v.read(*fd, 0, kWide) == before);  // streamed: no attributes fetched
    v.write_below(0, after);                 // another client's change, same size
    v.probe().touch();
    CHECK(v.read(*fd, 0, 10) == after.substr(0, 10));  // fstat, then the fill: under the new times
    { FdRef again = v.open(O_RDONLY); CHECK(v.read(*again, 0, 10) == after.substr(0, 10)); }
    CHECK(v.counter("drops") == 0);  // the stamp matched the pages' bytes
    v.write_below(0, before);
    v.probe().touch();
    FdRef again = v.open(O_RDONLY);
    CHECK(v.read(*again, 0, 10) == before.substr(0, 10));
    CHECK(v.counter("drops") == 1);
}

TEST_CASE("a recycled page buffer never serves the bytes of the page it held before") {
    CachedVolume v("16KB");
    const std::string data = pattern(4 * kPage, 'a');
    v.write_below(0, data);
    FdRef fd = v.open_validated(O_RDWR);
    CHECK(v.read(*fd, 0, 3 * kPage) == data.substr(0, 3 * kPage));
    REQUIRE(v.counter("pages") == 3);
    CHECK(v.truncate(*fd, 100).has_value());  // drops the pages: their buffers wait for reuse
    CHECK(v.counter("free") == 3);
    CHECK(v.read(*fd, 0, 2 * kPage) == data.substr(0, 100));
    CHECK(v.read(*fd, 50, kPage) == data.substr(50, 50));
    CHECK(v.counter("free") == 2);
    CHECK(v.write(*fd, 100, "tail") == 4u);
    CHECK(v.read(*fd, 0, kPage) == data.substr(0, 100) + "tail");
}
