#include "core/cli/brick_endpoints.hpp"

#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

using namespace booster::cli;

TEST_CASE("unix socket path: in the volume folder when it fits, a short stable one when not") {
    CHECK(unix_socket_path("/var/lib/booster/volumes/v", 2) == "/var/lib/booster/volumes/v/brick2.sock");
    const std::string deep = "/tmp/" + std::string(120, 'd') + "/v";
    const std::string shortened = unix_socket_path(deep, 0);
    CHECK(shortened.size() < sizeof(sockaddr_un::sun_path));
    CHECK(shortened == unix_socket_path(deep, 0));
    CHECK(shortened != unix_socket_path(deep, 1));
}

TEST_CASE("ports: a listening port is refused, then skipped") {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    REQUIRE(::listen(fd, 1) == 0);
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    const int busy = ntohs(addr.sin_port);

    VolumeInfo info;
    info.bricks.resize(1);
    auto refused = allocate_ports(info, busy, {});
    REQUIRE_FALSE(refused);
    CHECK(refused.error() == "port " + std::to_string(busy) + " is in use on this machine");
    CHECK(allocate_ports(info, 24100, {24100}).error() == "port 24100 is already given to another volume");

    info.bricks.resize(2);
    REQUIRE(allocate_ports(info, std::nullopt, {kBasePort}));
    CHECK(info.bricks[0].port > kBasePort);
    CHECK(info.bricks[1].port > info.bricks[0].port);
    ::close(fd);
}
