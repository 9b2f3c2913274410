#include "common/parallel_for.h"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <thread>
#include <vector>

namespace firn {
namespace {

TEST(ParallelForTest, EveryIndexRunsOnceAndTheFirstOnTheCallingThread) {
  for (size_t n : {0u, 1u, 2u, 7u, 100u}) {
    std::vector<std::atomic<int>> runs(n);
    std::thread::id first;
    ParallelFor(n, [&](size_t i) {
      runs[i]++;
      if (i == 0) first = std::this_thread::get_id();
    });
    for (size_t i = 0; i < n; i++) EXPECT_EQ(runs[i].load(), 1) << n << " tasks, index " << i;
    if (n > 0) {
      EXPECT_EQ(first, std::this_thread::get_id());
    }
  }
}

TEST(ParallelForTest, AnExceptionComesBackAfterEveryTaskHasRun) {
  std::atomic<int> done{0};
  EXPECT_THROW(ParallelFor(20,
                           [&](size_t i) {
                             done++;
                             if (i % 7 == 3) throw std::runtime_error("task " + std::to_string(i));
                           }),
               std::runtime_error);
  EXPECT_EQ(done.load(), 20);
}

}  // namespace
}  // namespace firn
