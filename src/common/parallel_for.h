// ParallelFor: fn(i) for every i in [0, n), fn(0) on the calling thread and each other on
// a thread of its own; returns once all are done. For a few coarse, independent tasks (a
// big chunk's columns), not for fine-grained loops: every task costs a thread start.
// An exception from a task is rethrown after all have finished (the lowest index's).
#pragma once

#include <cstddef>
#include <exception>
#include <future>
#include <vector>

namespace firn {

template <typename Fn>
void ParallelFor(size_t n, const Fn& fn) {
  if (n == 0) return;
  std::vector<std::future<void>> others;
  others.reserve(n - 1);
  for (size_t i = 1; i < n; i++) others.push_back(std::async(std::launch::async, fn, i));
  std::exception_ptr first;
  try {
    fn(size_t{0});
  } catch (...) {
    first = std::current_exception();
  }
  for (std::future<void>& f : others) {
    try {
      f.get();
    } catch (...) {
      if (!first) first = std::current_exception();
    }
  }
  if (first) std::rethrow_exception(first);
}

}  // namespace firn
