// performance/io-cache: each coherence rule of io_cache.hpp: validation at open keeps or drops
// the pages, every own change drops them, a read racing a write never caches what it fetched
// before the write, and readers and writers on many threads end with the child's bytes.
#include <doctest/doctest.h>
#include <fcntl.h>

#include <functional>
#include <thread>
#include <vector>

#include "tests/unit/xlators/performance/io-cache/io_cache_volume.hpp"

namespace {

using namespace booster;
using booster::test::CachedVolume;
using booster::test::kPage;
using booster::test::pattern;
using booster::test::start;

}  // namespace

TEST_CASE("an open validates with one fstat: unchanged attributes keep the pages") {
    CachedVolume v;
    const std::string data = pattern(2 * kPage);
    v.write_below(0, data);
    { FdRef fd = v.open_validated(O_RDONLY); CHECK(v.read(*fd, 0, data.size()) == data); }
    CHECK(v.probe().fstats() == 1);
    FdRef fd = v.open(O_RDONLY);
    CHECK(v.read(*fd, 0, data.size()) == data);
    CHECK(v.read(*fd, 10, 10) == data.substr(10, 10));
    CHECK(v.probe().fstats() == 2);
    CHECK(v.child_reads() == 1);
    CHECK(v.counter("validations") == 1);
    CHECK(v.counter("drops") == 0);
}

TEST_CASE("another client's change is seen at the next open (size, or times with the same size)") {
    CachedVolume v;
    const std::string before = pattern(2 * kPage, 'a');
    v.write_below(0, before);
    FdRef reader = v.open_validated(O_RDONLY);
    CHECK(v.read(*reader, 0, before.size()) == before);

    SUBCASE("same size, new times") {
        const std::string after = pattern(2 * kPage, 'A');
        v.write_below(0, after);
        v.probe().touch();
        CHECK(v.read(*reader, 0, before.size()) == before);  // still open: old bytes allowed
        FdRef again = v.open(O_RDONLY);
        CHECK(v.read(*again, 0, after.size()) == after);
        CHECK(v.read(*reader, 0, after.size()) == after);  // the pages are the file's, not the fd's
    }
    SUBCASE("new size, same times") {
        v.write_below(static_cast<off_t>(before.size()), "tail");
        FdRef again = v.open(O_RDONLY);
        CHECK(v.read(*again, 0, before.size() + 10) == before + "tail");
    }
    CHECK(v.counter("drops") == 2);
}

TEST_CASE("a create also marks the file unvalidated") {
    CachedVolume v;
    v.write_below(0, pattern(kPage, 'a'));
    { FdRef fd = v.open(O_RDONLY); CHECK(v.read(*fd, 0, 10) == pattern(kPage, 'a').substr(0, 10)); }
    v.write_below(0, pattern(kPage, 'A'));
    v.probe().touch();
    FdRef fd = Fd::create(v.inode, O_RDWR, 1, v.graph().slots());
    REQUIRE(sync_wait(v.top.create(v.req, v.loc, O_RDWR | O_CREAT, 0644, 022, *fd)).has_value());
    CHECK(v.read(*fd, 0, 10) == pattern(kPage, 'A').substr(0, 10));
}

TEST_CASE("every own change drops the file's pages and attributes") {
    CachedVolume v;
    const std::string data = pattern(3 * kPage);
    v.write_below(0, data);
    FdRef fd = v.open(O_RDWR);
    CHECK(v.read(*fd, 0, data.size()) == data);
    std::string expected = data;

    SUBCASE("writev") {
        CHECK(v.write(*fd, 5000, "XYZ") == 3u);
        expected.replace(5000, 3, "XYZ");
    }
    SUBCASE("fsetattr size (truncate)") {
        CHECK(v.truncate(*fd, 100).has_value());
        expected.resize(100);
    }
    SUBCASE("setattr size by path") {
        SetAttr set{.valid = SetAttr::kSize, .size = 6000};
        CHECK(sync_wait(v.top.setattr(v.req, v.loc, set)).has_value());
        expected.resize(6000);
    }
    SUBCASE("fallocate beyond the end") {
        CHECK(sync_wait(v.top.fallocate(v.req, *fd, 0, 0, 4 * kPage)).has_value());
        expected.resize(4 * kPage, '\0');
    }
    SUBCASE("discard") {
        CHECK(sync_wait(v.top.discard(v.req, *fd, 100, 200)).has_value());
        expected.replace(100, 200, std::string(200, '\0'));
    }
    SUBCASE("zerofill") {
        CHECK(sync_wait(v.top.zerofill(v.req, *fd, kPage, 10)).has_value());
        expected.replace(kPage, 10, std::string(10, '\0'));
    }
    SUBCASE("copy_file_range into the file") {
        CHECK(sync_wait(v.top.copy_file_range(v.req, *fd, 0, *fd, 2 * kPage, 50, 0)) == 50u);
        expected.replace(2 * kPage, 50, data.substr(0, 50));
    }
    SUBCASE("open with O_TRUNC") {
        FdRef truncating = v.open(O_RDWR | O_TRUNC);
        expected.clear();
    }
    CHECK(v.counter("pages") == 0);
    CHECK(v.read(*fd, 0, 5 * kPage) == expected);
}

TEST_CASE("a setattr of times or mode drops the pages too (ctime moves)") {
    CachedVolume v;
    v.write_below(0, pattern(kPage));
    FdRef fd = v.open(O_RDWR);
    CHECK(v.read(*fd, 0, 10).has_value());
    SetAttr set{.valid = SetAttr::kMode, .mode = 0600};
    CHECK(sync_wait(v.top.fsetattr(v.req, *fd, set)).has_value());
    CHECK(v.counter("pages") == 0);
    CHECK(v.read(*fd, 0, 10).has_value());
    CHECK(v.child_reads() == 2);
}

TEST_CASE("a read that fetched its bytes before a write landed does not cache them") {
    CachedVolume v;
    const std::string data = pattern(2 * kPage, 'a');
    v.write_below(0, data);
    FdRef fd = v.open(O_RDWR);
    CHECK(v.read(*fd, kPage, 10).has_value());  // validated: the next miss goes straight to readv
    v.probe().hold_replies();
    std::string buf(kPage, '\0');
    const iovec iov{buf.data(), buf.size()};
    auto racing = start(v.top.readv(v.req, *fd, IoVecs(&iov, 1), 0, 0));
    REQUIRE(v.probe().held() == 1);  // the child answered with the old bytes; the reply is on its way
    CHECK(v.write(*fd, 0, "NEW") == 3u);
    v.probe().release_replies();
    REQUIRE(racing->done.load());
    CHECK(buf == data.substr(0, kPage));  // it raced the write: the old bytes are a fair answer
    CHECK(v.counter("pages") == 0);
    CHECK(v.read(*fd, 0, 5) == "NEW" + data.substr(3, 2));
}

TEST_CASE("a first read whose fstat raced a write neither adopts its attributes nor caches") {
    CachedVolume v;
    v.write_below(0, pattern(kPage, 'a'));
    FdRef fd = v.open(O_RDWR);
    v.probe().hold_replies();
    std::string buf(3, '\0');
    const iovec iov{buf.data(), buf.size()};
    auto first = start(v.top.readv(v.req, *fd, IoVecs(&iov, 1), 0, 0));
    REQUIRE(v.probe().held() == 2);  // its fstat and its readv went out together, before the write
    CHECK(v.write(*fd, 0, "NEW") == 3u);
    v.probe().release_replies();
    REQUIRE(first->done.load());
    CHECK(buf == pattern(kPage, 'a').substr(0, 3));  // it raced the write: the old bytes are a fair answer
    CHECK(v.read(*fd, 0, 3) == "NEW");  // still unvalidated: a first read again
    CHECK(v.probe().fstats() == 2);
    CHECK(v.counter("pages") == 0);
    CHECK(v.read(*fd, 0, 3) == "NEW");
    CHECK(v.probe().fstats() == 2);
    CHECK(v.counter("pages") == 1);
}

TEST_CASE("the first read of a file with no pages goes out beside its fstat and caches nothing") {
    CachedVolume v;
    const std::string data = pattern(3 * kPage);
    v.write_below(0, data);
    FdRef fd = v.open(O_RDONLY);
    v.probe().hold_replies();
    std::string buf(50, '\0');
    const iovec iov{buf.data(), buf.size()};
    auto first = start(v.top.readv(v.req, *fd, IoVecs(&iov, 1), 100, 0));
    CHECK(v.probe().held() == 2);  // one round trip: both are out before either answers
    v.probe().release_replies();
    REQUIRE(first->done.load());
    CHECK(buf == data.substr(100, 50));
    REQUIRE(v.child_reads() == 1);
    CHECK(v.probe().reads()[0].offset == 100);  // the caller's bytes, not a page
    CHECK(v.probe().reads()[0].size == 50);
    CHECK(v.counter("pages") == 0);
    CHECK(v.counter("validations") == 1);
    CHECK(v.read(*fd, 5000, 10) == data.substr(5000, 10));  // validated: a fill, with no fstat
    CHECK(v.probe().fstats() == 1);
    CHECK(v.counter("pages") == 1);
    CHECK(v.read(*fd, 3 * kPage, 10) == "");  // the end of the file, from the fstat's size
    CHECK(v.child_reads() == 2);
}

TEST_CASE("readers and writers on many threads: afterwards the cache serves the child's bytes") {
    CachedVolume v("32KB");
    constexpr std::size_t kPages = 16;
    v.write_below(0, pattern(kPages * kPage));
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&v, t] {
            FdRef fd = v.open(O_RDWR);
            for (std::size_t i = 0; i < 300; ++i) {
                const auto at = static_cast<off_t>(((i * 5 + static_cast<std::size_t>(t) * 3) % kPages) * kPage + i % 100);
                if (t == 0 && i % 3 == 0) {
                    CHECK(v.write(*fd, at, std::string(100, static_cast<char>('A' + i % 26))) == 100u);
                } else {
                    CHECK(v.read(*fd, at, 3000).has_value());
                }
            }
        });
    }
    for (std::thread& t : threads) t.join();
    FdRef fd = v.open(O_RDONLY);
    CHECK(v.read(*fd, 0, kPages * kPage) == v.leaf.data());
    CHECK(v.read(*fd, 0, kPages * kPage) == v.leaf.data());
}

TEST_CASE("forget_cached (a change behind the graph's back) drops the pages while the file stays open") {
    CachedVolume v;
    const std::string before = pattern(2 * kPage, 'a');
    v.write_below(0, before);
    FdRef reader = v.open_validated(O_RDONLY);
    CHECK(v.read(*reader, 0, before.size()) == before);
    const std::string after = pattern(2 * kPage, 'A');
    v.write_below(0, after);
    CHECK(v.read(*reader, 0, before.size()) == before);  // cached
    v.top.forget_cached(reader->inode());
    CHECK(v.read(*reader, 0, after.size()) == after);
}
