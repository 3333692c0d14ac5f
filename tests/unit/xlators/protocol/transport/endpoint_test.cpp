#include "core/xlators/protocol/transport/endpoint.hpp"

#include <doctest/doctest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <string>

#include "core/xlators/protocol/wire/frame_header.hpp"

using namespace booster;
using namespace std::chrono_literals;

namespace {

int send_buffer(int fd) {
    int bytes = 0;
    socklen_t len = sizeof(bytes);
    REQUIRE(::getsockopt(fd, SOL_SOCKET, SO_SNDBUF, &bytes, &len) == 0);
    return bytes;
}

// What a socket may be given: root passes net.core.wmem_max (SO_SNDBUFFORCE), others are
// capped by it (the kernel doubles the value asked for).
int allowed_send_buffer(int wanted) {
    if (::geteuid() == 0) return wanted;
    int wmem_max = 0;
    std::ifstream("/proc/sys/net/core/wmem_max") >> wmem_max;
    return std::min(wanted, 2 * wmem_max);
}

}  // namespace

TEST_CASE("transport: both ends of a unix connection can queue a whole default-sized frame without stalling") {
    char dir[] = "/tmp/booster-endpoint-XXXXXX";
    REQUIRE(::mkdtemp(dir) != nullptr);
    transport::Endpoint at;
    at.path = std::string(dir) + "/brick.sock";
    auto listener = transport::listen_on(at);
    REQUIRE(listener);
    auto client = transport::connect_to(at, 1000ms);
    REQUIRE(client);
    auto server = transport::accept_from(listener->get());
    REQUIRE(server);
    const int frame = allowed_send_buffer(static_cast<int>(wire::kDefaultMaxMessageSize));
    CHECK(send_buffer(client->get()) >= frame);
    CHECK(send_buffer(server->get()) >= frame);
    ::unlink(at.path.c_str());
    ::rmdir(dir);
}
