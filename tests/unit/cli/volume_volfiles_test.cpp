#include "core/cli/volume_volfiles.hpp"

#include <doctest/doctest.h>

#include "core/engine/volfile.hpp"

using namespace booster;
using namespace booster::cli;

namespace {

VolumeInfo unix_volume(bool performance) {
    VolumeInfo info;
    info.name = "v";
    info.performance = performance;
    info.secret_file = "/state/v/v.secret";
    info.bricks = {{"localhost", "/srv/a brick", "/state/v/brick0.sock", 0}};
    return info;
}

const VolumeSpec& top(const VolfileSpec& spec) { return spec.volumes.back(); }

std::string option(const VolumeSpec& volume, std::string_view key) {
    for (const auto& o : volume.options)
        if (o.key == key) return o.value;
    return "<absent>";
}

}  // namespace

TEST_CASE("brick volfile: server over locks over posix, quoted directory, secret") {
    auto spec = parse_volfile(brick_volfile_text(unix_volume(true), 0), "b.vol");
    REQUIRE(spec);
    REQUIRE(spec->volumes.size() == 3);
    CHECK(spec->volumes[0].type == "storage/posix");
    CHECK(option(spec->volumes[0], "directory") == "/srv/a brick");
    CHECK(spec->volumes[1].type == "features/locks");
    CHECK(top(*spec).type == "protocol/server");
    CHECK(option(top(*spec), "listen-path") == "/state/v/brick0.sock");
    CHECK(option(top(*spec), "auth-secret-file") == "/state/v/v.secret");
    CHECK(option(top(*spec), "busy-poll-usec") == "<absent>");
}

TEST_CASE("brick volfile: busy polling when the volume asks for it") {
    VolumeInfo info = unix_volume(false);
    info.busy_poll_usec = 50;
    auto spec = parse_volfile(brick_volfile_text(info, 0), "b.vol");
    REQUIRE(spec);
    CHECK(option(top(*spec), "busy-poll-usec") == "50");
}

TEST_CASE("volfiles: short-circuit lends on the brick, asks on the client, and opens before reading") {
    VolumeInfo info = unix_volume(true);
    CHECK(option(top(*parse_volfile(brick_volfile_text(info, 0), "b.vol")), "short-circuit") == "<absent>");
    CHECK(option(parse_volfile(client_volfile_text(info), "c.vol")->volumes[1], "use-anonymous-fd") == "<absent>");
    info.short_circuit = true;
    auto brick = parse_volfile(brick_volfile_text(info, 0), "b.vol");
    REQUIRE(brick);
    CHECK(option(top(*brick), "short-circuit") == "on");
    auto client = parse_volfile(client_volfile_text(info), "c.vol");
    REQUIRE(client);
    CHECK(option(client->volumes[0], "short-circuit") == "on");
    CHECK(client->volumes[1].type == "performance/open-behind");
    CHECK(option(client->volumes[1], "use-anonymous-fd") == "off");
}

TEST_CASE("client volfile: client, open-behind, write-behind, io-cache, md-cache, stat-prefetch, io-stats on top") {
    auto spec = parse_volfile(client_volfile_text(unix_volume(true)), "c.vol");
    REQUIRE(spec);
    REQUIRE(spec->volumes.size() == 7);
    CHECK(spec->volumes[0].type == "protocol/client");
    CHECK(option(spec->volumes[0], "remote-path") == "/state/v/brick0.sock");
    CHECK(option(spec->volumes[0], "secret-file") == "/state/v/v.secret");
    CHECK(spec->volumes[1].type == "performance/open-behind");
    CHECK(spec->volumes[2].type == "performance/write-behind");
    CHECK(spec->volumes[3].type == "performance/io-cache");
    CHECK(spec->volumes[4].type == "performance/md-cache");
    CHECK(spec->volumes[5].type == "performance/stat-prefetch");
    CHECK(top(*spec).type == "debug/io-stats");
    CHECK(top(*spec).name == "v");
}

TEST_CASE("client volfile without performance: io-stats straight on the client") {
    auto spec = parse_volfile(client_volfile_text(unix_volume(false)), "c.vol");
    REQUIRE(spec);
    REQUIRE(spec->volumes.size() == 2);
    CHECK(top(*spec).subvolumes == std::vector<std::string>{"v-client-0"});
}

TEST_CASE("tcp volfiles: port, allow list, loopback for localhost") {
    VolumeInfo info;
    info.name = "t";
    info.transport = Transport::kTcp;
    info.allow = "127.0.0.0/8";
    info.bricks = {{"localhost", "/b", "", 24107}};
    auto brick = parse_volfile(brick_volfile_text(info, 0), "b.vol");
    auto client = parse_volfile(client_volfile_text(info), "c.vol");
    REQUIRE(brick);
    REQUIRE(client);
    CHECK(option(top(*brick), "listen-port") == "24107");
    CHECK(option(top(*brick), "auth-allow") == "127.0.0.0/8");
    CHECK(option(top(*brick), "listen-path") == "<absent>");
    CHECK(option(client->volumes[0], "remote-host") == "127.0.0.1");
    CHECK(option(client->volumes[0], "remote-port") == "24107");
}
