// Transport: the byte stream under a connection. SocketTransport is a TCP socket made
// non-blocking and waited on with poll(), together with an optional "shutdown" file
// descriptor: once that descriptor is readable (the server is stopping), reads return
// kShutdown instead of blocking, and writes give up after a short grace period.
// Thread-safety: one thread uses a Transport.
#pragma once

#include <cstddef>

namespace firn::pgwire {

enum class IoStatus { kOk, kEof, kShutdown, kTimeout, kError };

class Transport {
 public:
  virtual ~Transport() = default;
  // Reads between 1 and `capacity` bytes into `buffer`, blocking until some arrive.
  // kOk sets *read > 0; kEof: the peer closed; kShutdown: the server is stopping.
  virtual IoStatus Read(char* buffer, size_t capacity, size_t* read) = 0;
  // Writes all `size` bytes or fails (kError, or kShutdown if the grace period ran out).
  virtual IoStatus Write(const char* data, size_t size) = 0;
  // Later reads that wait longer than `millis` return kTimeout; -1 = wait forever.
  virtual void SetReadTimeout(int /*millis*/) {}
};

class SocketTransport : public Transport {
 public:
  // Takes ownership of `fd` (closed by the destructor). `shutdown_fd` is not owned; -1 = none.
  SocketTransport(int fd, int shutdown_fd);
  ~SocketTransport() override;
  SocketTransport(const SocketTransport&) = delete;
  SocketTransport& operator=(const SocketTransport&) = delete;

  IoStatus Read(char* buffer, size_t capacity, size_t* read) override;
  IoStatus Write(const char* data, size_t size) override;
  void SetReadTimeout(int millis) override { read_timeout_millis_ = millis; }

  int fd() const { return fd_; }

 private:
  bool ShutdownRequested() const;
  int fd_;
  int shutdown_fd_;
  int read_timeout_millis_ = -1;
};

}  // namespace firn::pgwire
