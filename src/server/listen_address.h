// Resolution of the --listen address into the socket addresses to bind, and the loopback
// test behind the secure default (trust only on loopback).
// Thread-safety: pure functions (getaddrinfo is thread-safe).
#pragma once

#include <sys/socket.h>

#include <string>
#include <vector>

#include "common/status.h"

namespace firn::server {

struct SocketAddress {
  sockaddr_storage storage{};
  socklen_t length = 0;
  int family = AF_UNSPEC;
};

// "*" means every interface (0.0.0.0 and ::); "localhost" resolves to 127.0.0.1 and ::1;
// numeric IPv4/IPv6 addresses and host names are accepted. Duplicates are dropped.
Result<std::vector<SocketAddress>> ResolveListenAddress(const std::string& listen, int port);

bool IsLoopback(const SocketAddress& address);
// True when every address is loopback (127.0.0.0/8, ::1, or ::ffff:127.x).
bool AllLoopback(const std::vector<SocketAddress>& addresses);

// "127.0.0.1:5433" or "[::1]:5433".
std::string FormatAddress(const sockaddr* address, socklen_t length);

}  // namespace firn::server
