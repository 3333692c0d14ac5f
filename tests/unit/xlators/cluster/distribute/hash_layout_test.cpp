// The pure parts of cluster/distribute: the name hash against GlusterFS, layouts (split,
// completeness, xattr format) and listing cookies.
#include <doctest/doctest.h>

#include <string>

#include "core/xlators/cluster/distribute/dirent_cookies.hpp"
#include "core/xlators/cluster/distribute/dm_hash.hpp"
#include "core/xlators/cluster/distribute/layout.hpp"

namespace booster {

// Golden values computed by GlusterFS 10.3 itself: gf_dm_hashfn from Debian's libglusterfs0
// (libglusterfs.so.0), called through Python ctypes with each name and its length. They cover
// the empty name, tails of 1-3 bytes, one exact block, several blocks plus a tail, UTF-8 and
// bytes >= 0x80 (sign-extended in the tail by GlusterFS).
TEST_CASE("distribute: dm_hash equals GlusterFS's gf_dm_hashfn") {
    CHECK(dm_hash("") == 0x884774a2u);
    CHECK(dm_hash("a") == 0x3a17e4e6u);
    CHECK(dm_hash("abc") == 0xba8bd29au);
    CHECK(dm_hash("file") == 0xc40ec480u);
    CHECK(dm_hash("file1") == 0xa787fa82u);
    CHECK(dm_hash("0123456789abcdef") == 0x6ecb5adau);
    CHECK(dm_hash("hello-world.txt") == 0x81bda0feu);
    CHECK(dm_hash("a-name-longer-than-thirty-two-bytes-x") == 0x7a6b86d5u);
    CHECK(dm_hash("caf\xc3\xa9") == 0x9e089967u);
    CHECK(dm_hash(std::string("\xff\x80z")) == 0xeb39b538u);
}

TEST_CASE("distribute: an equal split covers the hash space without holes or overlaps") {
    for (std::size_t n : {1u, 2u, 3u, 7u}) {
        const Layout l = Layout::equal_split(n);
        CHECK(l.complete());
        CHECK(l.ranges().front()->start == 0);
        CHECK(l.ranges().back()->stop == 0xffffffffu);
        CHECK(l.subvolume_of(0) == 0u);
        CHECK(l.subvolume_of(0xffffffffu) == n - 1);
    }
    const Layout two = Layout::equal_split(2);
    CHECK(two.subvolume_of(0x7fffffffu) == 0u);
    CHECK(two.subvolume_of(0x80000000u) == 1u);
}

TEST_CASE("distribute: holes, overlaps and missing ranges make a layout incomplete") {
    CHECK_FALSE(Layout({HashRange{0, 0x7fffffff}, std::nullopt}).complete());
    CHECK_FALSE(Layout({HashRange{0, 0x7ffffffe}, HashRange{0x80000000, 0xffffffff}}).complete());
    CHECK_FALSE(Layout({HashRange{0, 0x80000000}, HashRange{0x80000000, 0xffffffff}}).complete());
    CHECK_FALSE(Layout({HashRange{0, 0xfffffffe}}).complete());
    CHECK(Layout({HashRange{0x80000000, 0xffffffff}, HashRange{0, 0x7fffffff}}).complete());
    CHECK_FALSE(Layout(std::vector<std::optional<HashRange>>{}).complete());
}

TEST_CASE("distribute: a range travels as GlusterFS's four big-endian words") {
    const std::string v = encode_range(HashRange{0x80000000, 0xffffffff});
    CHECK(v == std::string("\x00\x00\x00\x01\x00\x00\x00\x00\x80\x00\x00\x00\xff\xff\xff\xff", 16));
    CHECK(decode_range(v) == HashRange{0x80000000, 0xffffffff});
    CHECK_FALSE(decode_range(v.substr(0, 12)).has_value());
    CHECK_FALSE(decode_range(encode_range(HashRange{5, 4})).has_value());
}

TEST_CASE("distribute: listing cookies keep every bit of the subvolume's cookie") {
    DirentCookies cookies(3);
    const ListingPosition small{2, 12345};
    const std::uint64_t packed = cookies.encode(small);
    CHECK(packed != 0);
    CHECK(packed < (std::uint64_t{1} << 63));
    CHECK(cookies.decode(packed) == small);
    // ext4's cookies are 63-bit hashes: they do not fit beside the index and go to the table.
    const ListingPosition huge{1, 0x7fffffffffffffffull};
    const std::uint64_t row = cookies.encode(huge);
    CHECK(row < (std::uint64_t{1} << 63));
    CHECK(cookies.decode(row) == huge);
    CHECK(cookies.decode(0) == ListingPosition{});
    CHECK_FALSE(cookies.decode(3).has_value());                             // subvolume 3 of 3
    CHECK_FALSE(cookies.decode((std::uint64_t{1} << 62) | 99).has_value());  // a row never handed out
    CHECK_FALSE(cookies.decode(std::uint64_t{1} << 63).has_value());
}

}  // namespace booster
