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
    auto unmounted = contract_xattr(bridge, *root, preload_contract::kInvalidateXattr);
    REQUIRE_FALSE(unmounted);
    CHECK(unmounted.error().errnum == ENOTCONN);
    auto unknown = contract_xattr(bridge, *root, "user.booster.v1.nope");
    REQUIRE_FALSE(unknown);
    CHECK(unknown.error().errnum == ENODATA);
}
