#include "core/fuse/contract_xattrs.hpp"

#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "core/fuse/preload_contract.hpp"

using namespace booster;
using namespace booster::fuse;

namespace {

struct TempDir {
    std::string path;
    TempDir() {
        char tmpl[] = "/tmp/booster-contract-XXXXXX";
        path = ::mkdtemp(tmpl);
    }
    ~TempDir() { std::filesystem::remove_all(path); }
};

}  // namespace

TEST_CASE("preload contract: the versioned names") {
    CHECK(preload_contract::is_contract_xattr(preload_contract::kVolfileXattr));
    CHECK(preload_contract::is_contract_xattr(preload_contract::kMountpointXattr));
    CHECK(preload_contract::is_contract_xattr(preload_contract::kGfidXattr));
    CHECK(preload_contract::is_contract_xattr(preload_contract::kMountXattr));
    CHECK(preload_contract::is_contract_xattr("user.booster.v1.future"));
    CHECK_FALSE(preload_contract::is_contract_xattr("user.booster.io-stats"));
    CHECK_FALSE(preload_contract::is_contract_xattr("user.booster.v2.volfile"));
    CHECK_FALSE(preload_contract::is_contract_xattr("trusted.gfid"));
}

TEST_CASE("preload contract: values answered by the bridge") {
    TempDir brick;
    const std::string text = "volume b\n  type storage/posix\n  option directory " + brick.path + "\nend-volume\n";
    auto graph = Graph::from_text(text, "test.vol");
    REQUIRE(graph);
    Bridge bridge(**graph, MountOptions{}, text, "/mnt/vol");
    InodeRef root = (*graph)->itable().root();

    CHECK(*contract_xattr(bridge, *root, preload_contract::kVolfileXattr) == text);
    CHECK(*contract_xattr(bridge, *root, preload_contract::kMountpointXattr) == "/mnt/vol");
    CHECK(*contract_xattr(bridge, *root, preload_contract::kGfidXattr) == "00000000-0000-0000-0000-000000000001");
    const std::string identity = *contract_xattr(bridge, *root, preload_contract::kMountXattr);
    auto parts = preload_contract::parse_mount_identity(identity);
    REQUIRE(parts);
    CHECK(parts->gfid == "00000000-0000-0000-0000-000000000001");
    CHECK(parts->mountpoint == "/mnt/vol");
    CHECK(parts->volfile == text);
    auto unmounted = contract_xattr(bridge, *root, preload_contract::kInvalidateXattr);
    REQUIRE_FALSE(unmounted);
    CHECK(unmounted.error().errnum == ENOTCONN);
    auto unknown = contract_xattr(bridge, *root, "user.booster.v1.nope");
    REQUIRE_FALSE(unknown);
    CHECK(unknown.error().errnum == ENODATA);
}

TEST_CASE("preload contract: a mount identity without all three parts is refused") {
    using preload_contract::parse_mount_identity;
    const std::string whole("g\0/m\0volume v", 13);
    REQUIRE(parse_mount_identity(whole));
    CHECK(parse_mount_identity(whole)->volfile == "volume v");
    CHECK(parse_mount_identity(std::string("g\0/m\0", 5))->volfile.empty());
    CHECK_FALSE(parse_mount_identity(""));
    CHECK_FALSE(parse_mount_identity("volume v"));
    CHECK_FALSE(parse_mount_identity(std::string("g\0/m", 4)));
    CHECK_FALSE(parse_mount_identity(std::string("\0/m\0volume v", 12)));
    CHECK_FALSE(parse_mount_identity(std::string("g\0\0volume v", 11)));
}
