// SocketTransport: blocking reads, non-blocking writes; see transport.h.
#include "pgwire/transport.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>

namespace firn::pgwire {
namespace {
int64_t MonotonicMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// How long writes keep trying once the server is shutting down (to deliver the final
// FATAL message to a slow reader).
constexpr int kShutdownWriteGraceMillis = 2000;
}  // namespace

SocketTransport::SocketTransport(int fd, int shutdown_fd, SpinGate* spin_gate,
                                 SocketRegistry* registry)
    : fd_(fd), shutdown_fd_(shutdown_fd), spin_gate_(spin_gate), registry_(registry) {
  if (spin_gate_) spin_gate_->StartWorking();
  // Reads block (writes pass MSG_DONTWAIT).
  int flags = fcntl(fd_, F_GETFL, 0);
  if (flags >= 0) fcntl(fd_, F_SETFL, flags & ~O_NONBLOCK);
  if (registry_) registry_->Register(fd_);
}

SocketTransport::~SocketTransport() {
  if (spin_gate_ && !waiting_) spin_gate_->StartWaiting();
  if (registry_) registry_->Unregister(fd_);
  if (fd_ >= 0) close(fd_);
}

void SocketTransport::SetReadTimeout(int millis) {
  read_timeout_millis_ = millis;
  timeval tv{};
  if (millis >= 0) {
    tv.tv_sec = millis / 1000;
    tv.tv_usec = (millis % 1000) * 1000;
    if (millis == 0) tv.tv_usec = 1;  // 0 would mean "no timeout"
  }
  setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
}

bool SocketTransport::ShutdownRequested() const {
  if (shutdown_fd_ < 0) return false;
  pollfd p{shutdown_fd_, POLLIN, 0};
  return poll(&p, 1, 0) > 0 && (p.revents & (POLLIN | POLLHUP)) != 0;
}

bool SocketTransport::SpinUntilReadable() {
  int64_t deadline = MonotonicMicros() + kSpinMicros;
  do {
    char byte;
    ssize_t n = recv(fd_, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    if (n >= 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) return true;
  } while (MonotonicMicros() < deadline && !spin_gate_->AnyWorking());
  return false;
}

void SocketTransport::MarkWaiting() {
  if (spin_gate_ && !waiting_) {
    waiting_ = true;
    spin_gate_->StartWaiting();
  }
}

IoStatus SocketTransport::Received(ssize_t n, int64_t now_us, int64_t waited_us, size_t* read) {
  if (n == 0) {
    // Shutting down the reading side is how the server wakes blocked reads.
    return registry_ && registry_->stopping() ? IoStatus::kShutdown : IoStatus::kEof;
  }
  last_wait_us_ = waited_us;
  if (spin_gate_) {  // waiting_ is only ever set with a gate
    spin_gate_->NoteRequest(now_us, &counted_ms_);
    if (waiting_) {
      waiting_ = false;
      spin_gate_->StartWorking();
    }
  }
  *read = static_cast<size_t>(n);
  return IoStatus::kOk;
}

ssize_t SocketTransport::ReceiveNow(char* buffer, size_t capacity) {
  ssize_t n;
  do {
    n = recv(fd_, buffer, capacity, MSG_DONTWAIT);
  } while (n < 0 && errno == EINTR);
  return n;
}

IoStatus SocketTransport::Read(char* buffer, size_t capacity, size_t* read) {
  if (registry_ && registry_->stopping()) return IoStatus::kShutdown;
  // A client in a tight request loop: look for its next request before sleeping.
  bool may_spin = spin_gate_ && last_wait_us_ <= kSpinMicros;
  if (may_spin) {
    ssize_t n = ReceiveNow(buffer, capacity);
    if (n >= 0) return Received(n, MonotonicMicros(), 0, read);
    if (errno != EAGAIN && errno != EWOULDBLOCK) return IoStatus::kError;
  }
  const int64_t waiting_since = MonotonicMicros();
  MarkWaiting();
  if (may_spin && spin_gate_->TryEnter()) {
    SpinUntilReadable();
    spin_gate_->Leave();
  }
  while (true) {
    ssize_t n = recv(fd_, buffer, capacity, 0);  // blocks; SO_RCVTIMEO bounds it
    if (n >= 0) {
      int64_t now = MonotonicMicros();
      return Received(n, now, now - waiting_since, read);
    }
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) return IoStatus::kError;
    if (read_timeout_millis_ >= 0) return IoStatus::kTimeout;
    // Someone made the socket non-blocking after all: wait for bytes, then read again.
    pollfd p{fd_, POLLIN, 0};
    if (poll(&p, 1, -1) < 0 && errno != EINTR) return IoStatus::kError;
  }
}

IoStatus SocketTransport::TryRead(char* buffer, size_t capacity, size_t* read) {
  if (registry_ && registry_->stopping()) return IoStatus::kShutdown;
  auto received = [&](ssize_t n) {
    int64_t now = MonotonicMicros();
    int64_t waited = try_wait_since_us_ < 0 ? 0 : now - try_wait_since_us_;
    try_wait_since_us_ = -1;
    return Received(n, now, waited, read);
  };
  ssize_t n = ReceiveNow(buffer, capacity);
  if (n >= 0) return received(n);
  if (errno != EAGAIN && errno != EWOULDBLOCK) return IoStatus::kError;
  const bool may_spin = spin_gate_ && last_wait_us_ <= kSpinMicros;
  if (try_wait_since_us_ < 0) try_wait_since_us_ = MonotonicMicros();
  MarkWaiting();
  if (may_spin && spin_gate_->TryEnter()) {
    bool readable = SpinUntilReadable();
    spin_gate_->Leave();
    if (readable) {
      n = ReceiveNow(buffer, capacity);
      if (n >= 0) return received(n);
      if (errno != EAGAIN && errno != EWOULDBLOCK) return IoStatus::kError;
    }
  }
  return IoStatus::kWouldBlock;
}

IoStatus SocketTransport::Write(const char* data, size_t size) {
  while (size > 0) {
    ssize_t n = send(fd_, data, size, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n > 0) {
      data += n;
      size -= static_cast<size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) return IoStatus::kError;
    bool stopping = ShutdownRequested();
    pollfd fds[2] = {{fd_, POLLOUT, 0}, {shutdown_fd_, POLLIN, 0}};
    int nfds = (shutdown_fd_ >= 0 && !stopping) ? 2 : 1;
    int rc = poll(fds, nfds, stopping ? kShutdownWriteGraceMillis : -1);
    if (rc < 0 && errno != EINTR) return IoStatus::kError;
    if (rc == 0 && stopping) return IoStatus::kShutdown;
    if (fds[0].revents & (POLLERR | POLLHUP | POLLNVAL)) return IoStatus::kError;
  }
  return IoStatus::kOk;
}

}  // namespace firn::pgwire
