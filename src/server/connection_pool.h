// ConnectionPool: serves many client connections on a few worker threads.
//
// A thread per connection pays a thread switch on every request: the thread sleeps in
// recv() until its client's next message and is woken for it, and on these virtual
// machines the switch costs more than a feature lookup itself (about a third of the
// server's CPU at 32 busy connections). Here a connection that waits for its next
// request holds no thread: its socket sits in an epoll set (one-shot), and a worker that
// finds it readable runs Connection::Serve() (the messages that arrived) and re-arms it.
// While requests keep coming, a worker goes from one connection to the next without
// sleeping.
//
// A statement may run for seconds (or wait for its client's COPY data) on the worker
// that picked it up. So that it never holds up the other connections, a monitor checks
// every millisecond (every 20 while all workers are idle) for workers busy with the same
// request since its last look, and starts another worker for each of them; workers
// beyond the target count retire as they come free. The monitor also ends sessions idle
// past their idle_session_timeout or idle_in_transaction_session_timeout.
//
// Thread-safety: Add() and live() may be called from any thread; Start() and Stop() from
// the owner's.
#pragma once

#include <sys/epoll.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_set>
#include <vector>

#include "common/logger.h"
#include "common/status.h"
#include "pgwire/connection.h"

namespace firn::server {

class ConnectionPool {
 public:
  // `workers`: how many workers to keep free for requests (at least 1); `logger` is not
  // owned and must outlive the pool.
  ConnectionPool(int workers, Logger* logger);
  ~ConnectionPool();
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

  // As many workers as the machine has cores (at least 2).
  static int DefaultWorkers();

  // Creates the epoll set and starts the workers and the monitor.
  Status Start();
  // Serves `connection`, whose socket is `fd`: a worker runs its startup at once, then
  // serves it until it ends, then destroys it. Returns nullptr then; if the socket cannot
  // join the epoll set, returns the connection, not started, for the caller to refuse.
  std::unique_ptr<pgwire::Connection> Add(std::unique_ptr<pgwire::Connection> connection, int fd);
  // Connections added and not yet ended.
  size_t live() const { return live_.load(std::memory_order_acquire); }
  // Stops every thread. REQUIRES: live() == 0 (connections still open are not served
  // again, and are destroyed by the destructor).
  void Stop();

 private:
  struct Client;
  struct Worker {
    std::thread thread;
    std::atomic<uint64_t> requests{0};  // events taken so far
    std::atomic<bool> busy{false};      // serving one now
    std::atomic<bool> exited{false};
    uint64_t seen_requests = 0;  // the monitor's last look
  };

  void WorkerLoop(Worker* worker);
  void Handle(Client* client);
  void MonitorLoop();
  void SpawnLocked();
  // Whether a worker that came free should retire (the monitor asked for it).
  bool TryRetire();
  // The monitor, every kIdleCheckMicros: ends the sessions idle past their timeouts
  // (pgwire::Connection::IdleTimeoutDue). REQUIRES: mutex_ held.
  void CheckIdleTimeouts();
  static constexpr int64_t kIdleCheckMicros = 10000;

  const int target_;
  Logger* logger_;
  int epoll_fd_ = -1;
  int stop_fd_ = -1;  // an eventfd: readable (level-triggered) once Stop() begins
  std::atomic<size_t> live_{0};
  std::atomic<int> retire_{0};  // workers asked to retire
  std::mutex mutex_;            // guards workers_, stopping_, clients_
  std::condition_variable wake_monitor_;
  std::vector<std::unique_ptr<Worker>> workers_;
  std::unordered_set<Client*> clients_;  // live ones, for the destructor
  bool stopping_ = false;
  int64_t last_idle_check_us_ = 0;  // the monitor's
  std::thread monitor_;
};

}  // namespace firn::server
