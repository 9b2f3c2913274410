// ConnectionPool: see connection_pool.h.
#include "server/connection_pool.h"

#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <string>

namespace firn::server {

struct ConnectionPool::Client {
  std::unique_ptr<pgwire::Connection> connection;
  int fd = -1;  // owned by the connection's transport
  bool started = false;
};

ConnectionPool::ConnectionPool(int workers, Logger* logger)
    : target_(std::max(workers, 1)), logger_(logger) {}

ConnectionPool::~ConnectionPool() {
  Stop();
  for (Client* c : clients_) delete c;
  if (epoll_fd_ >= 0) close(epoll_fd_);
  if (stop_fd_ >= 0) close(stop_fd_);
}

int ConnectionPool::DefaultWorkers() {
  return std::max(2, static_cast<int>(std::thread::hardware_concurrency()));
}

Status ConnectionPool::Start() {
  epoll_fd_ = epoll_create1(EPOLL_CLOEXEC);
  if (epoll_fd_ < 0) return Status::IoError(std::string("epoll_create1: ") + std::strerror(errno));
  stop_fd_ = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (stop_fd_ < 0) return Status::IoError(std::string("eventfd: ") + std::strerror(errno));
  epoll_event event{};
  event.events = EPOLLIN;  // level-triggered: wakes every worker, one after another
  event.data.ptr = nullptr;
  if (epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, stop_fd_, &event) != 0) {
    return Status::IoError(std::string("epoll_ctl: ") + std::strerror(errno));
  }
  std::lock_guard lock(mutex_);
  for (int i = 0; i < target_; ++i) SpawnLocked();
  monitor_ = std::thread([this] { MonitorLoop(); });
  return Status::OK();
}

std::unique_ptr<pgwire::Connection> ConnectionPool::Add(
    std::unique_ptr<pgwire::Connection> connection, int fd) {
  auto client = std::make_unique<Client>();
  client->connection = std::move(connection);
  client->fd = fd;
  Client* c = client.get();
  {
    std::lock_guard lock(mutex_);
    clients_.insert(c);
  }
  live_.fetch_add(1, std::memory_order_acq_rel);
  // A new socket is writable at once: a worker picks the connection up for its startup.
  epoll_event event{};
  event.events = EPOLLOUT | EPOLLONESHOT;
  event.data.ptr = c;
  if (epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &event) == 0) {
    client.release();  // now the workers' to destroy
    return nullptr;
  }
  logger_->Error(std::string("epoll_ctl: ") + std::strerror(errno));
  {
    std::lock_guard lock(mutex_);
    clients_.erase(c);
  }
  live_.fetch_sub(1, std::memory_order_acq_rel);
  return std::move(client->connection);
}

void ConnectionPool::Handle(Client* c) {
  bool open;
  if (c->started) {
    open = c->connection->Serve();
  } else {
    c->started = true;
    open = c->connection->Start() && c->connection->Serve();
  }
  if (open) {
    // One-shot: no other worker sees this socket until it is re-armed, and re-arming
    // reports bytes that arrived since Serve() last looked.
    epoll_event event{};
    event.events = EPOLLIN | EPOLLONESHOT;
    event.data.ptr = c;
    if (epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, c->fd, &event) == 0) return;
    logger_->Error(std::string("epoll_ctl: ") + std::strerror(errno));
  }
  epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, c->fd, nullptr);
  {
    std::lock_guard lock(mutex_);
    clients_.erase(c);
  }
  delete c;  // closes the socket
  live_.fetch_sub(1, std::memory_order_acq_rel);
}

void ConnectionPool::WorkerLoop(Worker* worker) {
  epoll_event event{};
  while (true) {
    int n = epoll_wait(epoll_fd_, &event, 1, -1);
    if (n < 0) {
      if (errno == EINTR) continue;
      logger_->Error(std::string("epoll_wait: ") + std::strerror(errno));
      break;
    }
    if (n == 0) continue;
    if (event.data.ptr == nullptr) break;  // Stop()
    worker->requests.fetch_add(1, std::memory_order_relaxed);
    worker->busy.store(true, std::memory_order_relaxed);
    Handle(static_cast<Client*>(event.data.ptr));
    worker->busy.store(false, std::memory_order_relaxed);
    if (TryRetire()) break;
  }
  worker->exited.store(true, std::memory_order_release);
}

bool ConnectionPool::TryRetire() {
  int n = retire_.load(std::memory_order_relaxed);
  while (n > 0) {
    if (retire_.compare_exchange_weak(n, n - 1, std::memory_order_relaxed)) return true;
  }
  return false;
}

void ConnectionPool::SpawnLocked() {
  auto worker = std::make_unique<Worker>();
  Worker* w = worker.get();
  worker->thread = std::thread([this, w] { WorkerLoop(w); });
  workers_.push_back(std::move(worker));
}

void ConnectionPool::MonitorLoop() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    int running = 0;
    int stuck = 0;
    bool any_busy = false;
    for (auto it = workers_.begin(); it != workers_.end();) {
      Worker& w = **it;
      if (w.exited.load(std::memory_order_acquire)) {
        w.thread.join();
        it = workers_.erase(it);
        continue;
      }
      ++running;
      uint64_t requests = w.requests.load(std::memory_order_relaxed);
      bool busy = w.busy.load(std::memory_order_relaxed);
      any_busy |= busy;
      if (busy && requests == w.seen_requests) ++stuck;  // the same request since last look
      w.seen_requests = requests;
      ++it;
    }
    // Workers already asked to retire will: count them out.
    int free = running - stuck - retire_.load(std::memory_order_relaxed);
    if (free < target_) {
      // Take back retirements not yet taken up before starting new threads.
      int want = target_ - free;
      int n = retire_.load(std::memory_order_relaxed);
      while (n > 0 && want > 0) {
        if (retire_.compare_exchange_weak(n, n - 1, std::memory_order_relaxed)) {
          --want;
          n = retire_.load(std::memory_order_relaxed);
        }
      }
      try {
        for (; want > 0; --want) SpawnLocked();
      } catch (const std::system_error& e) {
        logger_->Error(std::string("could not start a connection worker: ") + e.what());
      }
    } else if (free > target_) {
      retire_.fetch_add(free - target_, std::memory_order_relaxed);
    }
    CheckIdleTimeouts();
    wake_monitor_.wait_for(lock, std::chrono::milliseconds(any_busy ? 1 : 20));
  }
}

void ConnectionPool::CheckIdleTimeouts() {
  const int64_t now = pgwire::Connection::IdleClockMicros();
  if (now - last_idle_check_us_ < kIdleCheckMicros) return;
  last_idle_check_us_ = now;
  for (Client* c : clients_) {
    // The socket's reads end: its worker wakes, reads the end of input and says why.
    if (c->connection->IdleTimeoutDue(now)) shutdown(c->fd, SHUT_RD);
  }
}

void ConnectionPool::Stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || epoll_fd_ < 0) {
      stopping_ = true;
      return;
    }
    stopping_ = true;
  }
  wake_monitor_.notify_all();
  if (monitor_.joinable()) monitor_.join();
  uint64_t one = 1;
  while (write(stop_fd_, &one, sizeof(one)) < 0 && errno == EINTR) {
  }
  for (auto& w : workers_) {
    if (w->thread.joinable()) w->thread.join();
  }
  workers_.clear();
}

}  // namespace firn::server
