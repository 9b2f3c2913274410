// A minimal protocol-v3 client for pgwire tests: runs a Connection on a thread over one
// end of a socketpair and talks to it from the test through the other end.
// Thread-safety: one test thread drives a WireTestHarness.
#pragma once

#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "common/logger.h"
#include "engine/database.h"
#include "pgwire/cancel_registry.h"
#include "pgwire/connection.h"
#include "test_transport.h"

namespace firn::pgwire {

struct BackendMessage {
  char type = 0;
  std::string body;
  // For 'E'/'N': the value of field `code` ('C', 'M', 'S', ...), or "".
  std::string Field(char code) const {
    size_t pos = 0;
    while (pos < body.size() && body[pos] != '\0') {
      char c = body[pos++];
      size_t end = body.find('\0', pos);
      if (c == code) return body.substr(pos, end - pos);
      pos = end + 1;
    }
    return "";
  }
};

class WireTestHarness {
 public:
  explicit WireTestHarness(Database* db, CancelRegistry* registry, Logger* logger, bool allow_trust,
                           const std::atomic<bool>* shutting_down = nullptr, int shutdown_fd = -1,
                           SocketRegistry* sockets = nullptr) {
    int fds[2];
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, fds) != 0) std::abort();
    client_fd_ = fds[0];
    // A hung server fails the test instead of hanging it.
    timeval timeout{10, 0};
    setsockopt(client_fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
    ConnectionContext ctx;
    ctx.database = db;
    ctx.cancel_registry = registry;
    ctx.logger = logger;
    ctx.allow_trust = allow_trust;
    ctx.shutting_down = shutting_down;
    ctx.peer = "test";
    ctx.authentication_timeout_millis = 5000;
    int server_fd = fds[1];
    thread_ = std::thread([ctx = std::move(ctx), server_fd, shutdown_fd, sockets]() mutable {
      Connection c(std::move(ctx),
                   std::make_unique<SocketTransport>(server_fd, shutdown_fd, nullptr, sockets));
      c.Run();
    });
  }
  ~WireTestHarness() {
    shutdown(client_fd_, SHUT_RDWR);
    thread_.join();
    close(client_fd_);
  }

  void Send(const std::string& bytes) {
    size_t off = 0;
    while (off < bytes.size()) {
      ssize_t n = write(client_fd_, bytes.data() + off, bytes.size() - off);
      if (n <= 0) return;
      off += static_cast<size_t>(n);
    }
  }
  // Reads exactly n bytes; false on EOF.
  bool ReadExact(size_t n, std::string* out) {
    out->resize(n);
    size_t off = 0;
    while (off < n) {
      ssize_t got = read(client_fd_, out->data() + off, n - off);
      if (got <= 0) return false;
      off += static_cast<size_t>(got);
    }
    return true;
  }
  // Next backend message; type 0 on EOF.
  BackendMessage Read() {
    BackendMessage m;
    std::string header;
    if (!ReadExact(5, &header)) return m;
    auto* u = reinterpret_cast<const uint8_t*>(header.data() + 1);
    uint32_t len = (u[0] << 24) | (u[1] << 16) | (u[2] << 8) | u[3];
    if (!ReadExact(len - 4, &m.body)) return m;
    m.type = header[0];
    return m;
  }
  // Messages up to and including the next ReadyForQuery (or EOF).
  std::vector<BackendMessage> ReadUntilReady() {
    std::vector<BackendMessage> out;
    while (true) {
      BackendMessage m = Read();
      if (m.type == 0) break;
      out.push_back(m);
      if (m.type == 'Z') break;
    }
    return out;
  }
  static std::string Types(const std::vector<BackendMessage>& msgs) {
    std::string s;
    for (const auto& m : msgs) s.push_back(m.type);
    return s;
  }
  std::string StartupPacket(const std::string& user, const std::string& database = "firn",
                            std::vector<std::pair<std::string, std::string>> extra = {}) {
    FrontendBuilder b;
    b.Int32(3 << 16).Str("user").Str(user).Str("database").Str(database);
    for (auto& [k, v] : extra) b.Str(k).Str(v);
    return b.Str("").Startup();
  }
  // Starts up with trust; returns the messages through ReadyForQuery.
  std::vector<BackendMessage> Login(const std::string& user = "firn") {
    Send(StartupPacket(user));
    return ReadUntilReady();
  }

  int client_fd() const { return client_fd_; }

 private:
  int client_fd_ = -1;
  std::thread thread_;
};

}  // namespace firn::pgwire
