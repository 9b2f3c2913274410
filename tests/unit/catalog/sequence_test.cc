#include "catalog/sequence.h"

#include <gtest/gtest.h>

#include "catalog/catalog.h"
#include "common/sql_error.h"

namespace firn {
namespace {

SequenceOptions Made(const SequenceChanges& changes) {
  SequenceOptions o;
  ApplySequenceChanges(changes, &o, nullptr);
  return o;
}

TEST(SequenceTest, DefaultsFollowTheIncrementAndType) {
  SequenceChanges down;
  down.increment = -1;
  down.type = TypeId::kInt4;
  SequenceOptions o = Made(down);
  EXPECT_EQ(o.max, -1);
  EXPECT_EQ(o.min, INT32_MIN);
  EXPECT_EQ(o.start, -1);
  SequenceOptions up = Made(SequenceChanges{});
  EXPECT_EQ(up.min, 1);
  EXPECT_EQ(up.max, INT64_MAX);
  EXPECT_EQ(up.start, 1);
}

TEST(SequenceTest, NextStopsAtTheBoundOrCycles) {
  SequenceChanges c;
  c.max = std::optional<int64_t>(3);
  SequenceOptions o = Made(c);
  SequenceState state(SequencePosition{o.start, false});
  bool log = false;
  EXPECT_EQ(state.Next(o, "s", &log), 1);
  EXPECT_TRUE(log);                     // the first call makes a position ahead durable
  EXPECT_EQ(state.Durable().value, 3);  // clamped at MAXVALUE without CYCLE
  EXPECT_EQ(state.Next(o, "s", &log), 2);
  EXPECT_EQ(state.Next(o, "s", &log), 3);
  try {
    state.Next(o, "s", &log);
    FAIL();
  } catch (const SqlError& e) {
    EXPECT_EQ(std::string(e.sqlstate()), "2200H");
  }
  o.cycle = true;
  EXPECT_EQ(state.Next(o, "s", &log), 1);
}

TEST(SequenceTest, DurablePositionRunsAheadAndIsLoggedAgainWhenUsedUp) {
  SequenceOptions o = Made(SequenceChanges{});
  SequenceState state(SequencePosition{1, false});
  int logs = 0;
  for (int i = 1; i <= 100; i++) {
    bool log = false;
    EXPECT_EQ(state.Next(o, "s", &log), i);
    logs += log ? 1 : 0;
    // Every value handed out is at or before the durable position.
    EXPECT_LE(i, state.Durable().value);
  }
  EXPECT_EQ(logs, 4);  // at 1, 34, 67, 100
  state.Set(SequencePosition{7, false});
  EXPECT_EQ(state.Durable().value, 7);
  EXPECT_FALSE(state.Durable().called);
}

TEST(SequenceTest, ImageKeepsDefinitionsAndTheDurablePosition) {
  Catalog catalog;
  SequenceInfo info;
  info.schema = "public";
  info.name = "s";
  info.options.increment = 5;
  auto s = catalog.CreateSequence(info, false);
  bool log = false;
  EXPECT_EQ(s->state->Next(s->options, "s", &log), 1);
  Catalog restored;
  restored.ApplyImage(catalog.ExportImage());
  auto back = restored.GetSequence("public", "s");
  ASSERT_NE(back, nullptr);
  EXPECT_EQ(back->oid, s->oid);
  EXPECT_EQ(back->options.increment, 5);
  // Resumes after every value the durable position covers: never at 1 or 6 again.
  EXPECT_GT(back->state->Next(back->options, "s", &log), 1 + 5 * SequenceState::kLogAhead);
}

}  // namespace
}  // namespace firn
