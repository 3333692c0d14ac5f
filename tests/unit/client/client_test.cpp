// Client: finding an object's gfid by its path, and telling whether that costs a round trip.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <filesystem>
#include <string>

#include "core/client/client.hpp"

using booster::Client;

namespace {

// A fresh directory under /tmp, removed with everything in it at scope exit.
struct TempDir {
    TempDir() {
        char name[] = "/tmp/booster-client-test-XXXXXX";
        path = mkdtemp(name);
    }
    ~TempDir() { std::filesystem::remove_all(path); }
    std::string path;
};

std::string posix_volfile(const std::string& dir) {
    return "volume brick\n  type storage/posix\n  option directory " + dir + "\nend-volume\n";
}

}  // namespace

TEST_CASE("gfid_at finds the gfid of the object at a path, whatever its spelling") {
    TempDir brick;
    REQUIRE(mkdir((brick.path + "/d").c_str(), 0755) == 0);
    auto client = Client::create(posix_volfile(brick.path), "test.vol");
    REQUIRE(client);
    auto file = (*client)->open("/d/f", O_CREAT | O_RDWR, 0644);
    REQUIRE(file);
    const booster::Gfid gfid = file->fd->inode().gfid();
    REQUIRE_FALSE(gfid.is_null());

    CHECK((*client)->gfid_at("/d/f") == gfid);
    CHECK((*client)->gfid_at("d//./f") == gfid);
    CHECK((*client)->gfid_at("/d") != gfid);
    CHECK((*client)->gfid_at("/d/missing").error().errnum == ENOENT);
    // ".." could climb out of the volume: refused, never followed.
    CHECK((*client)->gfid_at("/d/../d/f").error().errnum == EACCES);
    REQUIRE((*client)->close(*file));
}

TEST_CASE("resolves_in_process: only a graph without protocol/client looks up without a round trip") {
    TempDir brick;
    auto local = Client::create(posix_volfile(brick.path), "local.vol");
    REQUIRE(local);
    CHECK((*local)->resolves_in_process());

    auto remote = Client::create("volume brick\n  type protocol/client\n  option transport unix\n"
                                 "  option remote-path " + brick.path + "/no-brick.sock\nend-volume\n",
                                 "remote.vol");
    REQUIRE(remote);
    CHECK_FALSE((*remote)->resolves_in_process());
}
