// Sliding-window accumulators against brute force: random rows and windows, instants
// moving forward (the sweep) and sometimes back (a restart), every aggregate kind.
#include "features/sliding_window.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <set>
#include <unordered_map>

namespace firn {
namespace {

TEST(KeyCounterTest, MatchesAMapUnderRandomAddsAndRemoves) {
  std::mt19937_64 rng(7);
  KeyCounter counter;
  std::map<int64_t, int> reference;
  std::vector<int64_t> held;
  for (int step = 0; step < 200000; step++) {
    bool add = held.empty() || rng() % 100 < 55;
    if (add) {
      // Few distinct keys, many collisions in the home slots, negative keys too.
      int64_t key = static_cast<int64_t>(rng() % 300) - 100;
      if (rng() % 10 == 0) key *= 1 << 20;
      counter.Add(key);
      reference[key]++;
      held.push_back(key);
    } else {
      size_t at = rng() % held.size();
      int64_t key = held[at];
      held[at] = held.back();
      held.pop_back();
      counter.Remove(key);
      if (--reference[key] == 0) reference.erase(key);
    }
    ASSERT_EQ(counter.distinct(), reference.size()) << "step " << step;
  }
  counter.Clear();
  EXPECT_EQ(counter.distinct(), 0u);
  counter.Add(5);
  counter.Add(5);
  counter.Remove(5);
  EXPECT_EQ(counter.distinct(), 1u);
}

// One entity's rows: an int lane, a double lane, a text lane and one mask.
struct Fixture {
  EntityRows rows;
  WindowProgram program;
  TableVersion version;

  explicit Fixture(std::mt19937_64& rng, size_t n) {
    rows.lanes.resize(3);
    rows.masks.resize(1);
    std::vector<int64_t> times;
    for (size_t i = 0; i < n; i++) times.push_back(static_cast<int64_t>(rng() % 200));
    std::sort(times.begin(), times.end());  // ties on event time are common
    for (size_t i = 0; i < n; i++) {
      rows.time.push_back(times[i]);
      rows.row_id.push_back(i);
      for (auto& lane : rows.lanes) lane.valid.push_back(rng() % 8 != 0);
      rows.lanes[0].ints.push_back(static_cast<int64_t>(rng() % 20) - 10);
      double d = std::ldexp(static_cast<double>(rng() % 100000), static_cast<int>(rng() % 80) - 40);
      if (rng() % 2) d = -d;
      if (rng() % 50 == 0) d = -0.0;
      rows.lanes[1].doubles.push_back(d);
      rows.lanes[2].texts.push_back(std::string(1, static_cast<char>('a' + rng() % 6)));
      rows.masks[0].push_back(rng() % 3 != 0);
    }
    // Rows 0..n-1 committed, a few deleted.
    auto chunk = std::make_shared<DataChunk>(std::vector<Type>{Type(TypeId::kInt4)});
    for (size_t i = 0; i < n; i++) chunk->AppendRow({Value::Int4(0)});
    auto deleted = std::make_shared<std::vector<uint8_t>>(n, 0);
    for (size_t i = 0; i < n; i++) (*deleted)[i] = rng() % 10 == 0;
    version.segments.push_back(TableSegment{chunk, deleted, 0});
    version.next_row_id = n;
    version.live_rows = n - static_cast<uint64_t>(std::count(deleted->begin(), deleted->end(), 1));
    program.lanes = {{0, LaneStorage::kInt}, {1, LaneStorage::kDouble}, {2, LaneStorage::kText}};
    // Bound expression 0 is the lower bound, 1 the upper bound of the windows.
    program.bound_exprs.resize(2);
    struct Kind {
      SlidingKind kind;
      int lane;
      LaneStorage storage;
      Type type;
    };
    std::vector<Kind> kinds = {
        {SlidingKind::kCount, -1, LaneStorage::kNone, Type(TypeId::kInt8)},
        {SlidingKind::kCount, 1, LaneStorage::kNone, Type(TypeId::kInt8)},
        {SlidingKind::kCountDistinct, 0, LaneStorage::kInt, Type(TypeId::kInt8)},
        {SlidingKind::kCountDistinct, 1, LaneStorage::kDouble, Type(TypeId::kInt8)},
        {SlidingKind::kCountDistinct, 2, LaneStorage::kText, Type(TypeId::kInt8)},
        {SlidingKind::kSumInt, 0, LaneStorage::kInt, Type(TypeId::kInt8)},
        {SlidingKind::kSumFloat, 1, LaneStorage::kDouble, Type(TypeId::kFloat8)},
        {SlidingKind::kAvgFloat, 1, LaneStorage::kDouble, Type(TypeId::kFloat8)},
        {SlidingKind::kMin, 0, LaneStorage::kInt, Type(TypeId::kInt4)},
        {SlidingKind::kMax, 1, LaneStorage::kDouble, Type(TypeId::kFloat8)},
        {SlidingKind::kMin, 2, LaneStorage::kText, Type(TypeId::kText)},
        {SlidingKind::kMax, 2, LaneStorage::kText, Type(TypeId::kText)},
    };
    for (const Kind& k : kinds) {
      for (int variant = 0; variant < 3; variant++) {
        SlidingAggregate s;
        s.aggregate = program.sliding.size();
        s.kind = k.kind;
        s.lane = k.lane;
        s.storage = k.storage;
        s.result_type = k.type;
        s.mask = variant == 1 ? 0 : -1;
        if (variant >= 1) s.bounds.push_back(WindowBound{0, true, variant == 2});
        if (variant == 2) s.bounds.push_back(WindowBound{1, false, false});
        program.sliding.push_back(s);
      }
    }
  }

  // The aggregate's value over the rows it counts at instant t, computed directly.
  Value BruteForce(const SlidingAggregate& s, int64_t t, int64_t lo, int64_t hi) const {
    RowVisibility visible(version);
    std::vector<size_t> in;
    for (size_t i = 0; i < rows.size(); i++) {
      int64_t et = rows.time[i];
      if (et > t || !visible.Live(rows.row_id[i])) continue;
      bool inside = true;
      for (const WindowBound& b : s.bounds) {
        int64_t v = b.expr == 0 ? lo : hi;
        if (b.lower)
          inside &= b.inclusive ? et >= v : et > v;
        else
          inside &= b.inclusive ? et <= v : et < v;
      }
      if (!inside || (s.mask >= 0 && !rows.masks[0][i])) continue;
      if (s.lane >= 0 && !rows.lanes[static_cast<size_t>(s.lane)].valid[i]) continue;
      in.push_back(i);
    }
    const auto& lane = rows.lanes[static_cast<size_t>(std::max(s.lane, 0))];
    switch (s.kind) {
      case SlidingKind::kCount:
        return Value::Int8(static_cast<int64_t>(in.size()));
      case SlidingKind::kCountDistinct: {
        std::set<int64_t> ints;
        std::set<double> doubles;  // -0 and 0 are one value, as in PostgreSQL
        std::set<std::string> texts;
        for (size_t i : in) {
          if (s.storage == LaneStorage::kInt) ints.insert(lane.ints[i]);
          if (s.storage == LaneStorage::kDouble) doubles.insert(lane.doubles[i]);
          if (s.storage == LaneStorage::kText) texts.insert(lane.texts[i]);
        }
        return Value::Int8(static_cast<int64_t>(ints.size() + doubles.size() + texts.size()));
      }
      case SlidingKind::kSumInt: {
        if (in.empty()) return Value::Null(s.result_type);
        int64_t sum = 0;
        for (size_t i : in) sum += lane.ints[i];
        return Value::Int8(sum);
      }
      case SlidingKind::kSumFloat:
      case SlidingKind::kAvgFloat: {
        if (in.empty()) return Value::Null(s.result_type);
        // The lane's doubles are k * 2^e with |e| <= 40 and k < 2^17: exact in 128 bits
        // as multiples of 2^-40, and exactly representable once summed (< 2^53 ulps).
        __int128 exact = 0;
        bool all_neg_zero = true;
        for (size_t i : in) {
          exact += static_cast<__int128>(std::ldexp(lane.doubles[i], 40));
          all_neg_zero &= lane.doubles[i] == 0 && std::signbit(lane.doubles[i]);
        }
        double sum = std::ldexp(static_cast<double>(exact), -40);
        if (all_neg_zero) sum = -0.0;
        if (s.kind == SlidingKind::kAvgFloat) sum /= static_cast<double>(in.size());
        return Value::Float8(sum);
      }
      case SlidingKind::kMin:
      case SlidingKind::kMax: {
        if (in.empty()) return Value::Null(s.result_type);
        size_t best = in[0];
        for (size_t i : in) {
          bool better = false;
          if (s.storage == LaneStorage::kInt) {
            better = s.kind == SlidingKind::kMin ? lane.ints[i] < lane.ints[best]
                                                 : lane.ints[i] > lane.ints[best];
          } else if (s.storage == LaneStorage::kDouble) {
            better = s.kind == SlidingKind::kMin ? lane.doubles[i] < lane.doubles[best]
                                                 : lane.doubles[i] > lane.doubles[best];
          } else {
            better = s.kind == SlidingKind::kMin ? lane.texts[i] < lane.texts[best]
                                                 : lane.texts[i] > lane.texts[best];
          }
          if (better) best = i;
        }
        if (s.storage == LaneStorage::kInt) return Value::FromInt64(s.result_type, lane.ints[best]);
        if (s.storage == LaneStorage::kDouble) {
          return Value::FromDouble(s.result_type, lane.doubles[best]);
        }
        return Value::String(s.result_type, lane.texts[best]);
      }
      default:
        return Value::Null(s.result_type);
    }
  }
};

std::string Show(const Value& v) {
  if (v.is_null()) return "NULL";
  if (v.type().id == TypeId::kFloat8) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.17g%s", v.GetDouble(),
                  std::signbit(v.GetDouble()) ? "(-)" : "");
    return buf;
  }
  if (v.type().id == TypeId::kText) return v.GetString();
  return std::to_string(v.GetInt64());
}

TEST(SlidingWindowTest, EveryAggregateMatchesBruteForceAsInstantsMove) {
  std::mt19937_64 rng(2026);
  for (int round = 0; round < 30; round++) {
    Fixture f(rng, 1 + rng() % 300);
    RowVisibility visible(f.version);
    EntitySweep sweep(f.program, f.rows, visible);
    int64_t t = -20;
    for (int step = 0; step < 60; step++) {
      // Mostly forward (the training sweep), sometimes back (the sweep starts over).
      t += rng() % 10 == 0 ? -static_cast<int64_t>(rng() % 100) : static_cast<int64_t>(rng() % 15);
      int64_t lo = t - static_cast<int64_t>(rng() % 60);
      int64_t hi = t - static_cast<int64_t>(rng() % 20);
      std::vector<std::optional<int64_t>> bounds = {lo, hi};
      bool exists = sweep.MoveTo(t, bounds);
      bool any = false;
      for (size_t i = 0; i < f.rows.size(); i++) {
        any |= f.rows.time[i] <= t && visible.Live(f.rows.row_id[i]);
      }
      ASSERT_EQ(exists, any) << "round " << round << " t " << t;
      for (size_t s = 0; s < f.program.sliding.size(); s++) {
        Value want = f.BruteForce(f.program.sliding[s], t, lo, hi);
        Value got = sweep.Result(s);
        ASSERT_EQ(Show(got), Show(want))
            << "round " << round << " step " << step << " aggregate " << s << " t " << t;
      }
    }
  }
}

// After EvictBefore(c), every aggregate whose window starts at or after c has the value
// it has over all the rows (FeatureView evaluates such instants from the evicted index).
TEST(SlidingWindowTest, EvictedRowsChangeNoWindowThatStartsAfterThem) {
  std::mt19937_64 rng(11);
  for (int round = 0; round < 30; round++) {
    Fixture f(rng, 1 + rng() % 300);
    int64_t cutoff = static_cast<int64_t>(rng() % 220) - 10;
    EntityRows kept = f.rows;
    size_t old = static_cast<size_t>(
        std::lower_bound(f.rows.time.begin(), f.rows.time.end(), cutoff) - f.rows.time.begin());
    ASSERT_EQ(kept.EvictBefore(cutoff), old);
    ASSERT_EQ(kept.size(), f.rows.size() - old);
    EXPECT_EQ(kept.evicted, old);
    EXPECT_EQ(kept.evicted_before, cutoff);
    if (old > 0) {
      EXPECT_EQ(kept.witness, f.rows.row_id[old - 1]);
    }
    for (size_t i = 0; i < kept.size(); i++) {
      ASSERT_EQ(kept.time[i], f.rows.time[old + i]);
      ASSERT_EQ(kept.row_id[i], f.rows.row_id[old + i]);
      ASSERT_EQ(kept.lanes[2].texts[i], f.rows.lanes[2].texts[i + old]);
      ASSERT_EQ(kept.masks[0][i], f.rows.masks[0][i + old]);
    }
    EXPECT_EQ(kept.EvictBefore(cutoff - 1), 0u);  // an earlier cutoff changes nothing
    EXPECT_EQ(kept.evicted_before, cutoff);

    RowVisibility visible(f.version);
    EntitySweep sweep(f.program, kept, visible);
    int64_t t = cutoff;
    for (int step = 0; step < 40; step++) {
      t += static_cast<int64_t>(rng() % 15);
      int64_t lo = std::max(cutoff, t - static_cast<int64_t>(rng() % 60));
      int64_t hi = t - static_cast<int64_t>(rng() % 20);
      sweep.MoveTo(t, {lo, hi});
      for (size_t s = 0; s < f.program.sliding.size(); s++) {
        const SlidingAggregate& agg = f.program.sliding[s];
        if (agg.bounds.empty()) continue;  // unbounded: the evicted rows count
        ASSERT_EQ(Show(sweep.Result(s)), Show(f.BruteForce(agg, t, lo, hi)))
            << "round " << round << " step " << step << " aggregate " << s << " t " << t;
      }
    }
  }
}

TEST(SlidingWindowTest, ANullBoundEmptiesTheWindow) {
  std::mt19937_64 rng(3);
  Fixture f(rng, 50);
  RowVisibility visible(f.version);
  EntitySweep sweep(f.program, f.rows, visible);
  sweep.MoveTo(150, {int64_t{0}, int64_t{150}});
  sweep.MoveTo(160, {std::nullopt, int64_t{150}});
  // count(*) with a lower bound (variant 1) and with both bounds (variant 2) see nothing.
  EXPECT_EQ(sweep.Result(1).GetInt64(), 0);
  EXPECT_EQ(sweep.Result(2).GetInt64(), 0);
  EXPECT_GT(sweep.Result(0).GetInt64(), 0);  // no bounds: every visible row up to 160
}

}  // namespace
}  // namespace firn

namespace firn {
namespace {

// WindowExtent answers "would Locate give these positions again?" from the values alone; it
// must agree with locating afresh for any instant, bounds (NULL ones too) and duplicate times.
TEST(WindowExtentTest, ContainsExactlyWhereLocatingAgainGivesTheSamePositions) {
  std::mt19937_64 rng(11);
  for (int trial = 0; trial < 3000; trial++) {
    std::vector<int64_t> time(rng() % 12);
    for (int64_t& x : time) x = static_cast<int64_t>(rng() % 20);
    std::sort(time.begin(), time.end());
    auto random_bounds = [&] {
      std::vector<std::optional<int64_t>> b(1 + rng() % 3);
      for (auto& v : b) {
        if (rng() % 6) v = static_cast<int64_t>(rng() % 24) - 2;
      }
      return b;
    };
    std::vector<std::optional<int64_t>> bounds = random_bounds();
    int64_t t = static_cast<int64_t>(rng() % 24) - 2;
    WindowPositions memo;
    memo.Locate(time, t, bounds);
    WindowExtent extent = WindowExtent::Of(memo, time);
    for (int probe = 0; probe < 20; probe++) {
      int64_t t2 = rng() % 2 ? t + static_cast<int64_t>(rng() % 5) - 2
                             : static_cast<int64_t>(rng() % 24) - 2;
      std::vector<std::optional<int64_t>> b2 = bounds;
      for (auto& v : b2) {
        if (v && rng() % 2) *v += static_cast<int64_t>(rng() % 5) - 2;
        if (rng() % 10 == 0) v = v ? std::nullopt : std::optional<int64_t>(rng() % 20);
      }
      if (rng() % 20 == 0) b2 = random_bounds();
      WindowPositions fresh;
      fresh.Locate(time, t2, b2);
      EXPECT_EQ(extent.Contains(t2, b2), fresh == memo) << "trial " << trial << " probe " << probe;
    }
  }
}

}  // namespace
}  // namespace firn
