// Server: owns the Logger, the Database, the listening sockets, the cancel-key registry
// and the pool of workers that serve the client connections (connection_pool.h). Run()
// accepts connections until Shutdown(); then it stops accepting, tells every connection
// to close (idle ones get FATAL 57P01, running statements are cancelled and end the same
// way), waits for them to end, stops the workers and returns.
// Thread-safety: Shutdown() may be called from any thread (the signal-handling thread);
// everything else is called from the thread that runs the server.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "common/logger.h"
#include "common/status.h"
#include "pgwire/cancel_registry.h"
#include "pgwire/socket_registry.h"
#include "pgwire/spin_gate.h"
#include "server/cli.h"
#include "server/connection_pool.h"

namespace firn {
class Database;
}

namespace firn::server {

class Server {
 public:
  explicit Server(ServeOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Opens the database and binds the listening sockets; logs "listening on host:port".
  // Fails (without side effects worth undoing) on bad addresses, busy ports or a database
  // that cannot be opened.
  Status Start();
  // Accepts and serves connections until Shutdown(). REQUIRES: Start() succeeded.
  void Run();
  // Asks Run() to stop; idempotent.
  void Shutdown();

  // Whether roles without a password may log in without one: only on loopback with no
  // superuser password configured.
  bool allow_trust() const { return allow_trust_; }
  // The port actually bound (useful with --port 0).
  int bound_port() const { return bound_port_; }
  Logger& logger() { return logger_; }

 private:
  void Accept(int listen_fd);

  ServeOptions options_;
  Logger logger_;
  std::unique_ptr<Database> database_;
  pgwire::CancelRegistry cancel_registry_;
  pgwire::SpinGate spin_gate_{pgwire::SpinGate::DefaultCapacity()};
  pgwire::SocketRegistry sockets_;  // connections' sockets: shutdown wakes their reads
  std::vector<int> listen_fds_;
  // The shutdown pipe: written once by Shutdown(), never drained, so its read end stays
  // readable and wakes every poll() on it (the accept loop, and connections' writes).
  int shutdown_pipe_[2] = {-1, -1};
  std::atomic<bool> shutting_down_{false};
  bool allow_trust_ = false;
  int bound_port_ = 0;
  // Last member: destroyed first, before anything its connections use.
  ConnectionPool pool_{ConnectionPool::DefaultWorkers(), &logger_};
};

}  // namespace firn::server
