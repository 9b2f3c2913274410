// Transport: the byte stream under a connection. SocketTransport is a TCP socket written
// with non-blocking send() + poll() and read two ways: Read() blocks in recv() (startup,
// COPY data inside a statement), TryRead() never sleeps (between requests, where the
// server's workers wait for many connections at once in epoll; see server/connection_pool.h).
// Server shutdown ends blocked reads through a SocketRegistry (reads then return kShutdown); the
// optional "shutdown" file descriptor makes writes give up after a short grace period once it is
// readable. Given a SpinGate, a read that finds no bytes first polls the socket without sleeping
// for up to kSpinMicros when the previous wait for bytes was that short too (a client in a tight
// request loop) and the gate admits it; see spin_gate.h. Thread-safety: one thread uses a
// Transport.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <cstdint>

#include "pgwire/socket_registry.h"
#include "pgwire/spin_gate.h"

namespace firn::pgwire {

enum class IoStatus { kOk, kEof, kShutdown, kTimeout, kError, kWouldBlock };

class Transport {
 public:
  virtual ~Transport() = default;
  // Reads between 1 and `capacity` bytes into `buffer`, blocking until some arrive.
  // kOk sets *read > 0; kEof: the peer closed; kShutdown: the server is stopping.
  virtual IoStatus Read(char* buffer, size_t capacity, size_t* read) = 0;
  // Like Read, but returns kWouldBlock instead of waiting when no bytes are there (after a
  // short spin, see above). Transports that cannot tell simply Read.
  virtual IoStatus TryRead(char* buffer, size_t capacity, size_t* read) {
    return Read(buffer, capacity, read);
  }
  // Writes all `size` bytes or fails (kError, or kShutdown if the grace period ran out).
  virtual IoStatus Write(const char* data, size_t size) = 0;
  // Later reads that wait longer than `millis` return kTimeout; -1 = wait forever.
  virtual void SetReadTimeout(int /*millis*/) {}
};

class SocketTransport : public Transport {
 public:
  // Takes ownership of `fd` (closed by the destructor). `shutdown_fd` is not owned; -1 = none.
  // `spin_gate` and `registry`, not owned, may be nullptr (never spin; nothing wakes reads).
  SocketTransport(int fd, int shutdown_fd, SpinGate* spin_gate = nullptr,
                  SocketRegistry* registry = nullptr);
  ~SocketTransport() override;
  SocketTransport(const SocketTransport&) = delete;
  SocketTransport& operator=(const SocketTransport&) = delete;

  IoStatus Read(char* buffer, size_t capacity, size_t* read) override;
  IoStatus TryRead(char* buffer, size_t capacity, size_t* read) override;
  IoStatus Write(const char* data, size_t size) override;
  void SetReadTimeout(int millis) override;

  int fd() const { return fd_; }

  static constexpr int64_t kSpinMicros = 60;

 private:
  bool ShutdownRequested() const;
  // Polls the socket without sleeping for up to kSpinMicros, or until another connection
  // starts working; true once bytes (or EOF, or an error) are there to read.
  bool SpinUntilReadable();
  // recv() without waiting (retried on EINTR): bytes, 0 at the end, or -1 with errno.
  ssize_t ReceiveNow(char* buffer, size_t capacity);
  // Bookkeeping for spin_gate_ when the connection starts / stops waiting for bytes.
  void MarkWaiting();
  IoStatus Received(ssize_t n, int64_t now_us, int64_t waited_us, size_t* read);
  int fd_;
  int shutdown_fd_;
  SpinGate* spin_gate_;
  SocketRegistry* registry_;
  int read_timeout_millis_ = -1;
  int64_t last_wait_us_ = INT64_MAX;  // how long the last read waited for bytes
  bool waiting_ = false;              // told spin_gate_ this connection waits
  int64_t try_wait_since_us_ = -1;    // when TryRead first found no bytes; -1: it found some
  int64_t counted_ms_ = -1;           // for spin_gate_->NoteRequest
};

}  // namespace firn::pgwire
