#include "core/cli/brick_endpoints.hpp"

#include <sys/un.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>

#include "core/cli/listening_sockets.hpp"

namespace booster::cli {

namespace {

constexpr int kLastPort = 65535;

std::uint64_t fnv1a(const std::string& text) {
    std::uint64_t h = 14695981039346656037ULL;
    for (unsigned char c : text) h = (h ^ c) * 1099511628211ULL;
    return h;
}

std::expected<void, std::string> check_port(int port, const std::set<int>& taken) {
    if (port < 1 || port > kLastPort) return std::unexpected("port " + std::to_string(port) + " is not a TCP port (1-65535)");
    if (taken.contains(port)) return std::unexpected("port " + std::to_string(port) + " is already given to another volume");
    if (!tcp_port_bindable(port)) return std::unexpected("port " + std::to_string(port) + " is in use on this machine");
    return {};
}

}  // namespace

std::string unix_socket_path(const std::string& volume_dir, std::size_t brick) {
    const std::string path = volume_dir + "/brick" + std::to_string(brick) + ".sock";
    if (path.size() < sizeof(sockaddr_un::sun_path)) return path;
    char digest[17];
    std::snprintf(digest, sizeof digest, "%016llx", static_cast<unsigned long long>(fnv1a(path)));
    return "/tmp/booster-sockets-" + std::to_string(::getuid()) + "/" + digest + ".sock";
}

std::expected<void, std::string> allocate_ports(VolumeInfo& info, std::optional<int> first_port,
                                                const std::set<int>& taken) {
    int next = first_port.value_or(kBasePort);
    for (auto& brick : info.bricks) {
        if (first_port) {
            if (auto ok = check_port(next, taken); !ok) return ok;
        } else {
            while (next <= kLastPort && !check_port(next, taken)) ++next;
            if (next > kLastPort) return std::unexpected("no free TCP port from " + std::to_string(kBasePort) + " on");
        }
        brick.port = next++;
    }
    return {};
}

}  // namespace booster::cli
