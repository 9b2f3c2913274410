// ParallelFor: fn(i) for every i in [0, n) on up to one thread per core: fn(0) on the
// calling thread, then each thread takes the next index until none is left; returns once
// all are done.
// For a few coarse, independent tasks (a big chunk's columns), not for fine-grained loops:
// each call starts its helper threads anew.
// An exception from a task is rethrown after all have finished (the first one caught).
// When no helper thread can be started, the calling thread does every task.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <future>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

namespace firn {

template <typename Fn>
void ParallelFor(size_t n, const Fn& fn) {
  if (n == 0) return;
  size_t threads = std::clamp<size_t>(std::thread::hardware_concurrency(), 1, n);
  std::atomic<size_t> next{1};  // index 0 is the calling thread's
  std::mutex error_mutex;
  std::exception_ptr first;
  auto run = [&](size_t i) {
    try {
      fn(i);
    } catch (...) {
      std::lock_guard lock(error_mutex);
      if (!first) first = std::current_exception();
    }
  };
  auto work = [&] {
    for (size_t i = next.fetch_add(1); i < n; i = next.fetch_add(1)) run(i);
  };
  std::vector<std::future<void>> helpers;
  helpers.reserve(threads - 1);
  for (size_t t = 1; t < threads; t++) {
    try {
      helpers.push_back(std::async(std::launch::async, work));
    } catch (const std::system_error&) {
      break;  // no thread to be had: the threads there are do the rest
    }
  }
  run(0);
  work();
  for (std::future<void>& h : helpers) h.get();
  if (first) std::rethrow_exception(first);
}

}  // namespace firn
