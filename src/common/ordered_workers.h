// OrderedWorkers: runs jobs on a few threads of its own and hands their results back in
// the order the jobs were submitted, so a producer can split a stream into pieces, have
// them worked on in parallel, and consume the results as if it had worked them itself
// (COPY parses blocks of input this way).
//
// A job that throws has its exception rethrown by the Take that reaches it. Destroying
// the workers drops jobs not yet started and waits for the running ones.
// Thread-safety: Submit/Take/in_flight from one thread (the owner); jobs run on the workers.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace firn {

template <typename R>
class OrderedWorkers {
 public:
  explicit OrderedWorkers(size_t threads) {
    for (size_t i = 0; i < threads; i++) threads_.emplace_back([this] { Work(); });
  }
  ~OrderedWorkers() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stopping_ = true;
    }
    work_cv_.notify_all();
    for (std::thread& t : threads_) t.join();
  }
  OrderedWorkers(const OrderedWorkers&) = delete;
  OrderedWorkers& operator=(const OrderedWorkers&) = delete;

  void Submit(std::function<R()> job) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      slots_.push_back(Slot{std::move(job), std::nullopt, nullptr, false});
    }
    work_cv_.notify_one();
  }

  // Jobs submitted and not yet taken.
  size_t in_flight() const {
    std::lock_guard<std::mutex> lock(mu_);
    return slots_.size();
  }

  // Whether the oldest job is finished, so Take would not wait.
  bool NextReady() const {
    std::lock_guard<std::mutex> lock(mu_);
    return !slots_.empty() && slots_.front().done;
  }

  // Waits for the oldest job and returns its result, or rethrows what it threw.
  // REQUIRES: in_flight() > 0.
  R Take() {
    std::unique_lock<std::mutex> lock(mu_);
    done_cv_.wait(lock, [&] { return slots_.front().done; });
    Slot slot = std::move(slots_.front());
    slots_.pop_front();
    taken_++;
    lock.unlock();
    if (slot.error) std::rethrow_exception(slot.error);
    return std::move(*slot.result);
  }

 private:
  struct Slot {
    std::function<R()> job;  // moved out when started
    std::optional<R> result;
    std::exception_ptr error;
    bool done;
  };

  void Work() {
    std::unique_lock<std::mutex> lock(mu_);
    while (true) {
      work_cv_.wait(lock, [&] { return stopping_ || started_ < taken_ + slots_.size(); });
      if (stopping_) return;
      // Sequence numbers, not deque positions: Take pops the front meanwhile. A started
      // job is not done, so its slot stays until this worker finishes it.
      uint64_t seq = started_++;
      std::function<R()> job = std::move(slots_[seq - taken_].job);
      lock.unlock();
      std::optional<R> result;
      std::exception_ptr error;
      try {
        result.emplace(job());
      } catch (...) {
        error = std::current_exception();
      }
      lock.lock();
      Slot& slot = slots_[seq - taken_];
      slot.result = std::move(result);
      slot.error = error;
      slot.done = true;
      done_cv_.notify_one();
    }
  }

  mutable std::mutex mu_;
  std::condition_variable work_cv_;  // a job was submitted, or stopping
  std::condition_variable done_cv_;  // a job finished
  std::deque<Slot> slots_;           // GUARDED_BY(mu_); from the oldest job not taken
  uint64_t taken_ = 0;               // GUARDED_BY(mu_); jobs taken = sequence of slots_[0]
  uint64_t started_ = 0;             // GUARDED_BY(mu_); sequence of the next job to start
  bool stopping_ = false;            // GUARDED_BY(mu_)
  std::vector<std::thread> threads_;
};

}  // namespace firn
