// What listens on this machine: read from the kernel's socket tables (/proc/net/tcp, tcp6,
// unix), so that asking never connects to a brick (which would log a client that left at once).
// Thread-safety: any thread; each call reads the tables afresh.
#pragma once

#include <string>

namespace booster::cli {

// True if a socket listens on TCP `port` on any address.
bool tcp_port_listening(int port);
// True if nothing could stop a server from binding TCP `port` on every address now.
bool tcp_port_bindable(int port);
// True if a unix socket bound to `path` is listening.
bool unix_socket_listening(const std::string& path);

}  // namespace booster::cli
