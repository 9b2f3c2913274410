// SocketTransport: poll()-based non-blocking socket I/O; see transport.h.
#include "pgwire/transport.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
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

SocketTransport::SocketTransport(int fd, int shutdown_fd, SpinGate* spin_gate)
    : fd_(fd), shutdown_fd_(shutdown_fd), spin_gate_(spin_gate) {
  if (spin_gate_) spin_gate_->StartWorking();
  int flags = fcntl(fd_, F_GETFL, 0);
  if (flags >= 0) fcntl(fd_, F_SETFL, flags | O_NONBLOCK);
}

SocketTransport::~SocketTransport() {
  if (spin_gate_ && !waiting_) spin_gate_->StartWaiting();
  if (fd_ >= 0) close(fd_);
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

IoStatus SocketTransport::Read(char* buffer, size_t capacity, size_t* read) {
  int64_t waiting_since = -1;
  while (true) {
    ssize_t n = recv(fd_, buffer, capacity, 0);
    if (n > 0) {
      if (waiting_since >= 0) last_wait_us_ = MonotonicMicros() - waiting_since;
      if (waiting_) {
        waiting_ = false;
        spin_gate_->StartWorking();
      }
      *read = static_cast<size_t>(n);
      return IoStatus::kOk;
    }
    if (n == 0) return IoStatus::kEof;
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) return IoStatus::kError;
    if (waiting_since < 0) {
      waiting_since = MonotonicMicros();
      if (spin_gate_ && !waiting_) {
        waiting_ = true;
        spin_gate_->StartWaiting();
      }
      if (spin_gate_ && last_wait_us_ <= kSpinMicros && spin_gate_->TryEnter()) {
        bool readable = SpinUntilReadable();
        spin_gate_->Leave();
        if (readable) continue;
      }
    }
    pollfd fds[2] = {{fd_, POLLIN, 0}, {shutdown_fd_, POLLIN, 0}};
    int rc = poll(fds, shutdown_fd_ >= 0 ? 2 : 1, read_timeout_millis_);
    if (rc < 0 && errno != EINTR) return IoStatus::kError;
    if (rc == 0) return IoStatus::kTimeout;
    if (shutdown_fd_ >= 0 && (fds[1].revents & (POLLIN | POLLHUP))) return IoStatus::kShutdown;
  }
}

IoStatus SocketTransport::Write(const char* data, size_t size) {
  while (size > 0) {
    ssize_t n = send(fd_, data, size, MSG_NOSIGNAL);
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
