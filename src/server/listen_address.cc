// Listen-address resolution; see listen_address.h.
#include "server/listen_address.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>

#include <cstring>

namespace firn::server {

Result<std::vector<SocketAddress>> ResolveListenAddress(const std::string& listen, int port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE;
  const char* host = listen == "*" ? nullptr : listen.c_str();
  std::string service = std::to_string(port);
  addrinfo* result = nullptr;
  int rc = getaddrinfo(host, service.c_str(), &hints, &result);
  if (rc != 0) {
    return Status::InvalidArgument("could not resolve listen address \"" + listen +
                                   "\": " + gai_strerror(rc));
  }
  std::vector<SocketAddress> out;
  for (addrinfo* ai = result; ai != nullptr; ai = ai->ai_next) {
    if (ai->ai_family != AF_INET && ai->ai_family != AF_INET6) continue;
    SocketAddress a;
    std::memcpy(&a.storage, ai->ai_addr, ai->ai_addrlen);
    a.length = ai->ai_addrlen;
    a.family = ai->ai_family;
    bool duplicate = false;
    for (const auto& b : out) {
      duplicate |= b.length == a.length && std::memcmp(&b.storage, &a.storage, a.length) == 0;
    }
    if (!duplicate) out.push_back(a);
  }
  freeaddrinfo(result);
  if (out.empty()) {
    return Status::InvalidArgument("listen address \"" + listen + "\" has no IPv4/IPv6 address");
  }
  return out;
}

bool IsLoopback(const SocketAddress& address) {
  if (address.family == AF_INET) {
    auto* in = reinterpret_cast<const sockaddr_in*>(&address.storage);
    return (ntohl(in->sin_addr.s_addr) >> 24) == 127;
  }
  if (address.family == AF_INET6) {
    auto* in6 = reinterpret_cast<const sockaddr_in6*>(&address.storage);
    if (IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr)) return true;
    if (IN6_IS_ADDR_V4MAPPED(&in6->sin6_addr)) return in6->sin6_addr.s6_addr[12] == 127;
  }
  return false;
}

bool AllLoopback(const std::vector<SocketAddress>& addresses) {
  if (addresses.empty()) return false;
  for (const auto& a : addresses) {
    if (!IsLoopback(a)) return false;
  }
  return true;
}

std::string FormatAddress(const sockaddr* address, socklen_t /*length*/) {
  char host[INET6_ADDRSTRLEN] = "?";
  if (address->sa_family == AF_INET) {
    auto* in = reinterpret_cast<const sockaddr_in*>(address);
    inet_ntop(AF_INET, &in->sin_addr, host, sizeof(host));
    return std::string(host) + ":" + std::to_string(ntohs(in->sin_port));
  }
  if (address->sa_family == AF_INET6) {
    auto* in6 = reinterpret_cast<const sockaddr_in6*>(address);
    inet_ntop(AF_INET6, &in6->sin6_addr, host, sizeof(host));
    return "[" + std::string(host) + "]:" + std::to_string(ntohs(in6->sin6_port));
  }
  return "unknown";
}

}  // namespace firn::server
