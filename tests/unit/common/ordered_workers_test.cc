#include "common/ordered_workers.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>

namespace firn {
namespace {

TEST(OrderedWorkersTest, ResultsComeBackInSubmissionOrder) {
  OrderedWorkers<int> workers(3);
  for (int i = 0; i < 40; i++) {
    // Early jobs sleep longest, so they finish after later ones.
    workers.Submit([i] {
      std::this_thread::sleep_for(std::chrono::microseconds((40 - i) * 50));
      return i * i;
    });
  }
  EXPECT_EQ(workers.in_flight(), 40u);
  for (int i = 0; i < 40; i++) EXPECT_EQ(workers.Take(), i * i);
  EXPECT_EQ(workers.in_flight(), 0u);
}

TEST(OrderedWorkersTest, AJobsExceptionReachesTheTakeOfThatJob) {
  OrderedWorkers<int> workers(2);
  workers.Submit([] { return 1; });
  workers.Submit([]() -> int { throw std::runtime_error("bad block"); });
  workers.Submit([] { return 3; });
  EXPECT_EQ(workers.Take(), 1);
  EXPECT_THROW(
      {
        try {
          workers.Take();
        } catch (const std::runtime_error& e) {
          EXPECT_STREQ(e.what(), "bad block");
          throw;
        }
      },
      std::runtime_error);
  EXPECT_EQ(workers.Take(), 3);
}

TEST(OrderedWorkersTest, NextReadyOnlyOnceTheOldestJobIsDone) {
  OrderedWorkers<int> workers(2);
  std::atomic<bool> release{false};
  workers.Submit([&] {
    while (!release.load()) std::this_thread::yield();
    return 7;
  });
  workers.Submit([] { return 8; });
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_FALSE(workers.NextReady());  // the second is done, the first is not
  release = true;
  EXPECT_EQ(workers.Take(), 7);
  EXPECT_EQ(workers.Take(), 8);
}

TEST(OrderedWorkersTest, DestroyingDropsWaitingJobsAndWaitsForRunningOnes) {
  std::atomic<int> ran{0};
  {
    OrderedWorkers<int> workers(1);
    for (int i = 0; i < 1000; i++) {
      workers.Submit([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
        return ++ran;
      });
    }
    while (ran.load() == 0) std::this_thread::yield();
  }
  int after = ran.load();
  EXPECT_LT(after, 1000);
  std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_EQ(ran.load(), after);  // nothing runs once the workers are gone
}

}  // namespace
}  // namespace firn
