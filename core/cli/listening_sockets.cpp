#include "core/cli/listening_sockets.hpp"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

namespace booster::cli {

namespace {

constexpr const char* kTcpListen = "0A";           // TCP_LISTEN in /proc/net/tcp's st column
constexpr unsigned long kAcceptConnections = 1 << 16;  // __SO_ACCEPTCON in /proc/net/unix's Flags

bool listed_as_listening(const char* table, int port) {
    std::ifstream in(table);
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
        std::istringstream fields(line);
        std::string slot, local, remote, state;
        fields >> slot >> local >> remote >> state;
        const auto colon = local.rfind(':');
        if (state == kTcpListen && colon != std::string::npos && std::stoi(local.substr(colon + 1), nullptr, 16) == port)
            return true;
    }
    return false;
}

}  // namespace

bool tcp_port_listening(int port) {
    return listed_as_listening("/proc/net/tcp", port) || listed_as_listening("/proc/net/tcp6", port);
}

bool tcp_port_bindable(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return false;
    const int on = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_ANY);
    const bool bound = ::bind(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0;
    ::close(fd);
    return bound && !tcp_port_listening(port);
}

// "Num RefCount Protocol Flags Type St Inode Path", hexadecimal flags.
bool unix_socket_listening(const std::string& path) {
    std::ifstream in("/proc/net/unix");
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) {
        std::istringstream fields(line);
        std::string num, refcount, protocol, flags, type, state, inode, bound_path;
        fields >> num >> refcount >> protocol >> flags >> type >> state >> inode >> std::ws;
        std::getline(fields, bound_path);  // the rest: a path may hold blanks
        if (bound_path == path && (std::stoul(flags, nullptr, 16) & kAcceptConnections) != 0) return true;
    }
    return false;
}

}  // namespace booster::cli
