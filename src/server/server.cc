// Server: listener, accept loop, connection threads and shutdown; see server.h.
#include "server/server.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

#include "common/sql_error.h"
#include "engine/database.h"
#include "pgwire/connection.h"
#include "server/listen_address.h"

namespace firn::server {
namespace {

std::string ErrnoText(const char* what) { return std::string(what) + ": " + std::strerror(errno); }

}  // namespace

Server::Server(ServeOptions options) : options_(std::move(options)), logger_(options_.log_level) {}

Server::~Server() {
  Shutdown();
  pool_.Stop();
  for (int fd : listen_fds_) close(fd);
  for (int fd : shutdown_pipe_) {
    if (fd >= 0) close(fd);
  }
}

Status Server::Start() {
  if (pipe2(shutdown_pipe_, O_CLOEXEC) != 0) return Status::IoError(ErrnoText("pipe"));
  auto addresses = ResolveListenAddress(options_.listen, options_.port);
  if (!addresses.ok()) return addresses.status();
  allow_trust_ = AllLoopback(addresses.value()) && options_.password.empty();

  // Recover before listening: a client that can connect finds every acknowledged write.
  try {
    DatabaseOptions db_options;
    db_options.data_dir = options_.data_dir;
    db_options.superuser_password = options_.password;
    db_options.logger = &logger_;
    db_options.checkpoint_bytes = static_cast<uint64_t>(options_.checkpoint_mb) << 20;
    db_options.checkpoint_interval = std::chrono::seconds(options_.checkpoint_seconds);
    db_options.cache_bytes = static_cast<size_t>(options_.cache_mb) << 20;
    database_ = std::make_unique<Database>(std::move(db_options));
  } catch (const std::exception& e) {
    return Status::IoError(std::string("could not open database in \"") + options_.data_dir +
                           "\": " + e.what());
  }

  std::string failures;
  std::vector<std::string> listening;
  for (const SocketAddress& a : addresses.value()) {
    int fd = socket(a.family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
      failures += ErrnoText("socket") + "; ";
      continue;
    }
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    if (a.family == AF_INET6) setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
    SocketAddress bind_address = a;
    if (bound_port_ != 0) {  // --port 0: every socket shares the first one's port
      if (a.family == AF_INET) {
        reinterpret_cast<sockaddr_in*>(&bind_address.storage)->sin_port = htons(bound_port_);
      } else {
        reinterpret_cast<sockaddr_in6*>(&bind_address.storage)->sin6_port = htons(bound_port_);
      }
    }
    auto* sa = reinterpret_cast<const sockaddr*>(&bind_address.storage);
    if (bind(fd, sa, bind_address.length) != 0 || listen(fd, 512) != 0) {
      failures += "could not listen on " + FormatAddress(sa, bind_address.length) + ": " +
                  std::strerror(errno) + "; ";
      close(fd);
      continue;
    }
    sockaddr_storage bound{};
    socklen_t len = sizeof(bound);
    getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &len);
    bound_port_ =
        ntohs(bound.ss_family == AF_INET ? reinterpret_cast<sockaddr_in*>(&bound)->sin_port
                                         : reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port);
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL, 0) | O_NONBLOCK);
    listen_fds_.push_back(fd);
    listening.push_back(FormatAddress(reinterpret_cast<sockaddr*>(&bound), len));
  }
  if (listen_fds_.empty()) return Status::IoError(failures.substr(0, failures.size() - 2));
  if (Status st = pool_.Start(); !st.ok()) return st;
  if (!failures.empty()) logger_.Warning(failures.substr(0, failures.size() - 2));

  for (const auto& address : listening) logger_.Info("listening on " + address);
  if (!allow_trust_ && options_.password.empty()) {
    logger_.Warning("no password configured: password-less roles cannot log in");
  }
  return Status::OK();
}

void Server::Shutdown() {
  if (shutting_down_.exchange(true)) return;
  if (shutdown_pipe_[1] >= 0) {
    char byte = 1;
    while (write(shutdown_pipe_[1], &byte, 1) < 0 && errno == EINTR) {
    }
  }
}

void Server::Run() {
  std::vector<pollfd> fds;
  for (int fd : listen_fds_) fds.push_back({fd, POLLIN, 0});
  fds.push_back({shutdown_pipe_[0], POLLIN, 0});
  while (!shutting_down_.load()) {
    for (auto& p : fds) p.revents = 0;
    int rc = poll(fds.data(), fds.size(), 1000);
    if (rc < 0 && errno != EINTR) {
      logger_.Error(ErrnoText("poll"));
      break;
    }
    if (fds.back().revents != 0) break;
    for (size_t i = 0; i + 1 < fds.size(); ++i) {
      if (fds[i].revents & POLLIN) Accept(fds[i].fd);
    }
  }
  Shutdown();
  sockets_.ShutdownReads();  // wakes connections waiting for their next message
  logger_.Info("shutting down: closing " + std::to_string(pool_.live()) + " connection(s)");
  for (int fd : listen_fds_) close(fd);
  listen_fds_.clear();
  // Cancel running statements until every connection has ended: a statement that started
  // just after one round of cancellation is caught by the next.
  while (true) {
    cancel_registry_.CancelAll();
    if (pool_.live() == 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  pool_.Stop();
  database_.reset();
  logger_.Info("shutdown complete");
}

void Server::Accept(int listen_fd) {
  // Drain the backlog: several clients may be waiting.
  while (true) {
    sockaddr_storage peer{};
    socklen_t len = sizeof(peer);
    int fd = accept4(listen_fd, reinterpret_cast<sockaddr*>(&peer), &len, SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK) logger_.Warning(ErrnoText("accept"));
      return;
    }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof(one));
    std::string peer_text = FormatAddress(reinterpret_cast<sockaddr*>(&peer), len);
    logger_.Debug("connection received: host=" + peer_text);
    pgwire::ConnectionContext ctx;
    ctx.database = database_.get();
    ctx.cancel_registry = &cancel_registry_;
    ctx.logger = &logger_;
    ctx.allow_trust = allow_trust_;
    ctx.shutting_down = &shutting_down_;
    ctx.peer = peer_text;
    // Refused after its startup packet (so that cancel requests still get through).
    if (pool_.live() >= static_cast<size_t>(options_.max_connections)) {
      logger_.Warning("too many connections; refusing " + peer_text);
      ctx.too_many_clients = true;
    }
    auto transport =
        std::make_unique<pgwire::SocketTransport>(fd, shutdown_pipe_[0], &spin_gate_, &sockets_);
    auto connection = std::make_unique<pgwire::Connection>(std::move(ctx), std::move(transport));
    if (auto refused = pool_.Add(std::move(connection), fd)) {
      refused->Refuse(sqlstate::kInsufficientResources,
                      "could not serve the connection: out of resources");
    }
  }
}

}  // namespace firn::server
