#include "core/cli/volume_info.hpp"

#include <doctest/doctest.h>

using namespace booster::cli;

namespace {

VolumeInfo two_tcp_bricks() {
    VolumeInfo info;
    info.name = "v";
    info.transport = Transport::kTcp;
    info.performance = false;
    info.secret_file = "/s/v.secret";
    info.allow = "10.0.0.0/8,127.0.0.1";
    info.busy_poll_usec = 50;
    info.bricks = {{"localhost", "/b 1", "", 24100}, {"host2", "/b2", "", 24101}};
    return info;
}

}  // namespace

TEST_CASE("volume.info: what is written reads back the same") {
    const VolumeInfo info = two_tcp_bricks();
    auto back = VolumeInfo::parse(info.to_text(), "volume.info");
    REQUIRE(back);
    CHECK(back->to_text() == info.to_text());
    CHECK(back->bricks.size() == 2);
    CHECK(back->bricks[0].dir == "/b 1");
    CHECK(back->bricks[1].port == 24101);
    CHECK_FALSE(back->performance);
    CHECK(back->busy_poll_usec == 50);
}

TEST_CASE("volume.info: short-circuit reads back, and only on a unix volume") {
    VolumeInfo info;
    info.name = "u";
    info.short_circuit = true;
    info.bricks = {{"localhost", "/b", "/state/u/brick0.sock", 0}};
    auto back = VolumeInfo::parse(info.to_text(), "volume.info");
    REQUIRE(back);
    CHECK(back->short_circuit);
    CHECK(back->to_text() == info.to_text());
    CHECK_FALSE(VolumeInfo::parse("name=v\ntransport=unix\nshort-circuit=yes\nbrick0.dir=/b\nbrick0.socket=/s\n", "f")
                    .has_value());
    auto tcp = VolumeInfo::parse("name=v\ntransport=tcp\nshort-circuit=on\nbrick0.dir=/b\nbrick0.port=1\n", "f.info");
    REQUIRE_FALSE(tcp.has_value());
    CHECK(tcp.error() == "f.info: short-circuit needs transport unix");
}

TEST_CASE("volume.info: a unix brick keeps its socket") {
    VolumeInfo info;
    info.name = "u";
    info.bricks = {{"localhost", "/b", "/state/u/brick0.sock", 0}};
    auto back = VolumeInfo::parse(info.to_text(), "volume.info");
    REQUIRE(back);
    CHECK(back->transport == Transport::kUnix);
    CHECK(back->bricks[0].socket == "/state/u/brick0.sock");
}

TEST_CASE("volume.info: errors name the file, the line or the key") {
    auto error_of = [](std::string_view text) {
        auto info = VolumeInfo::parse(text, "f.info");
        REQUIRE_FALSE(info);
        return info.error();
    };
    CHECK(error_of("name=v\ntransport=udp\nbrick0.dir=/b\n") == "f.info: transport 'udp' is neither unix nor tcp");
    CHECK(error_of("name=v\njunk\n") == "f.info:2: expected key=value");
    CHECK(error_of("name=v\nname=w\n") == "f.info:2: 'name' is given twice");
    CHECK(error_of("name=v\ntransport=unix\n") == "f.info: no brick0.dir: a volume has at least one brick");
    CHECK(error_of("name=v\ntransport=unix\nbrick0.dir=/b\n") == "f.info: brick0.socket is missing");
    CHECK(error_of("name=v\ntransport=tcp\nbrick0.dir=/b\nbrick0.port=99999\n") ==
          "f.info: brick0.port '99999' is not a port number");
    CHECK(error_of("name=v\ntransport=unix\nbrick0.dir=/b\nbrick0.socket=/s\nextra=1\n") == "f.info: unknown key 'extra'");
    CHECK(error_of("name=v\ntransport=unix\nbusy-poll-usec=soon\nbrick0.dir=/b\nbrick0.socket=/s\n") ==
          "f.info: busy-poll-usec 'soon' is not a number of microseconds");
}
