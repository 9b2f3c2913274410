// SocketRegistry: see socket_registry.h.
#include "pgwire/socket_registry.h"

#include <sys/socket.h>

namespace firn::pgwire {

void SocketRegistry::Register(int fd) {
  std::lock_guard lock(mutex_);
  fds_.insert(fd);
  if (stopping_.load(std::memory_order_relaxed)) shutdown(fd, SHUT_RD);
}

void SocketRegistry::Unregister(int fd) {
  std::lock_guard lock(mutex_);
  fds_.erase(fd);
}

void SocketRegistry::ShutdownReads() {
  std::lock_guard lock(mutex_);
  stopping_.store(true, std::memory_order_release);
  for (int fd : fds_) shutdown(fd, SHUT_RD);
}

}  // namespace firn::pgwire
