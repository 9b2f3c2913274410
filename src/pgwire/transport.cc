// SocketTransport: poll()-based non-blocking socket I/O; see transport.h.
#include "pgwire/transport.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

namespace firn::pgwire {
namespace {
// How long writes keep trying once the server is shutting down (to deliver the final
// FATAL message to a slow reader).
constexpr int kShutdownWriteGraceMillis = 2000;
}  // namespace

SocketTransport::SocketTransport(int fd, int shutdown_fd) : fd_(fd), shutdown_fd_(shutdown_fd) {
  int flags = fcntl(fd_, F_GETFL, 0);
  if (flags >= 0) fcntl(fd_, F_SETFL, flags | O_NONBLOCK);
}

SocketTransport::~SocketTransport() {
  if (fd_ >= 0) close(fd_);
}

bool SocketTransport::ShutdownRequested() const {
  if (shutdown_fd_ < 0) return false;
  pollfd p{shutdown_fd_, POLLIN, 0};
  return poll(&p, 1, 0) > 0 && (p.revents & (POLLIN | POLLHUP)) != 0;
}

IoStatus SocketTransport::Read(char* buffer, size_t capacity, size_t* read) {
  while (true) {
    ssize_t n = recv(fd_, buffer, capacity, 0);
    if (n > 0) {
      *read = static_cast<size_t>(n);
      return IoStatus::kOk;
    }
    if (n == 0) return IoStatus::kEof;
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) return IoStatus::kError;
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
