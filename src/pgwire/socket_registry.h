// SocketRegistry: the sockets of a server's live connections, so that shutdown can wake
// every thread blocked reading one. Connections wait for their next request inside a
// blocking recv() (one system call per request, where poll() needs a recv() that finds
// nothing, the poll() and another recv()); ShutdownReads() shuts down the reading side of
// every registered socket, and of any registered later, which ends those reads at once.
// Thread-safety: every method may be called from any thread.
#pragma once

#include <atomic>
#include <mutex>
#include <unordered_set>

namespace firn::pgwire {

class SocketRegistry {
 public:
  // Register before the first read; Unregister before closing the socket (so that
  // ShutdownReads never touches a descriptor number that was reused).
  void Register(int fd);
  void Unregister(int fd);
  // Ends every blocked or future read on registered sockets (they see end of stream).
  void ShutdownReads();
  bool stopping() const { return stopping_.load(std::memory_order_acquire); }

 private:
  std::mutex mutex_;
  std::unordered_set<int> fds_;
  std::atomic<bool> stopping_{false};
};

}  // namespace firn::pgwire
