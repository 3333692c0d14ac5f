// transport endpoints: the sockets connect_to makes.
#include "core/xlators/protocol/transport/endpoint.hpp"

#include <doctest/doctest.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <string>

namespace {

using namespace booster;

int wmem_max() {
    std::ifstream in("/proc/sys/net/core/wmem_max");
    int v = 0;
    in >> v;
    return v;
}

}  // namespace

TEST_CASE("transport: a unix connection's send buffer holds a write-behind window (up to wmem_max)") {
    char dir[] = "/tmp/endpoint-test.XXXXXX";
    REQUIRE(::mkdtemp(dir) != nullptr);
    transport::Endpoint at{.kind = transport::Endpoint::Kind::kUnix, .path = std::string(dir) + "/s"};
    {
        auto listener = transport::listen_on(at);
        REQUIRE(listener.has_value());
        auto fd = transport::connect_to(at, std::chrono::seconds(5));
        REQUIRE(fd.has_value());
        int size = 0;
        socklen_t len = sizeof(size);
        REQUIRE(::getsockopt(fd->get(), SOL_SOCKET, SO_SNDBUF, &size, &len) == 0);
        // The kernel doubles what it is given (bookkeeping) and caps it at wmem_max.
        CHECK(size >= 2 * std::min(1024 * 1024, wmem_max()));
    }
    ::unlink(at.path.c_str());
    ::rmdir(dir);
}
