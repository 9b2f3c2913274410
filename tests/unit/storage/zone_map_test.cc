#include "storage/zone_map.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "storage/table_data.h"

namespace firn {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

Vector Column(Type type, const std::vector<Value>& values) {
  Vector v(type);
  for (const Value& x : values) v.Append(x);
  return v;
}

ColumnStats StatsOf(Type type, const std::vector<Value>& values) {
  return ComputeColumnStats(Column(type, values), 0, values.size());
}

// The truth the zone map must never contradict: does any row satisfy `row op c`, with
// PostgreSQL's float order (NaN above all, NaN = NaN, -0 = 0)?
bool AnyFloatRowMatches(const std::vector<double>& rows, CompareOp op, double c) {
  auto cmp = [](double a, double b) {
    if (std::isnan(a)) return std::isnan(b) ? 0 : 1;
    if (std::isnan(b)) return -1;
    return (a > b) - (a < b);
  };
  for (double r : rows) {
    int x = cmp(r, c);
    bool m = op == CompareOp::kEq   ? x == 0
             : op == CompareOp::kLt ? x < 0
             : op == CompareOp::kLe ? x <= 0
             : op == CompareOp::kGt ? x > 0
                                    : x >= 0;
    if (m) return true;
  }
  return false;
}

const CompareOp kComparisons[] = {CompareOp::kEq, CompareOp::kLt, CompareOp::kLe, CompareOp::kGt,
                                  CompareOp::kGe};

TEST(ZoneMapTest, IntegerRangeDecidesEveryComparison) {
  ColumnStats s = StatsOf(Type(TypeId::kInt4), {Value::Int4(10), Value::Int4(20)});
  ASSERT_TRUE(s.valid);
  EXPECT_EQ(s.min.GetInt64(), 10);
  EXPECT_EQ(s.max.GetInt64(), 20);
  EXPECT_FALSE(RangeMayMatch(s, CompareOp::kEq, Value::Int8(9)));
  EXPECT_TRUE(RangeMayMatch(s, CompareOp::kEq, Value::Int8(10)));
  EXPECT_TRUE(RangeMayMatch(s, CompareOp::kEq, Value::Int8(15)));  // inside: may match
  EXPECT_FALSE(RangeMayMatch(s, CompareOp::kEq, Value::Int8(21)));
  EXPECT_FALSE(RangeMayMatch(s, CompareOp::kLt, Value::Int2(10)));
  EXPECT_TRUE(RangeMayMatch(s, CompareOp::kLt, Value::Int2(11)));
  EXPECT_TRUE(RangeMayMatch(s, CompareOp::kLe, Value::Int2(10)));
  EXPECT_FALSE(RangeMayMatch(s, CompareOp::kLe, Value::Int2(9)));
  EXPECT_FALSE(RangeMayMatch(s, CompareOp::kGt, Value::Int4(20)));
  EXPECT_TRUE(RangeMayMatch(s, CompareOp::kGt, Value::Int4(19)));
  EXPECT_TRUE(RangeMayMatch(s, CompareOp::kGe, Value::Int4(20)));
  EXPECT_FALSE(RangeMayMatch(s, CompareOp::kGe, Value::Int4(21)));
}

TEST(ZoneMapTest, ComparisonWithNullNeverMatches) {
  ColumnStats s = StatsOf(Type(TypeId::kInt8), {Value::Int8(1), Value::Null(Type(TypeId::kInt8))});
  for (CompareOp op : kComparisons) {
    EXPECT_FALSE(RangeMayMatch(s, op, Value::Null(Type(TypeId::kInt8))));
  }
}

TEST(ZoneMapTest, NullFlagsDecideIsNullAndIsNotNull) {
  Type t(TypeId::kInt8);
  ColumnStats none = StatsOf(t, {Value::Int8(1), Value::Int8(2)});
  EXPECT_FALSE(none.has_null);
  EXPECT_FALSE(RangeMayMatch(none, CompareOp::kIsNull, Value()));
  EXPECT_TRUE(RangeMayMatch(none, CompareOp::kIsNotNull, Value()));

  ColumnStats all = StatsOf(t, {Value::Null(t), Value::Null(t)});
  EXPECT_TRUE(all.all_null());
  EXPECT_TRUE(RangeMayMatch(all, CompareOp::kIsNull, Value()));
  EXPECT_FALSE(RangeMayMatch(all, CompareOp::kIsNotNull, Value()));
  for (CompareOp op : kComparisons) EXPECT_FALSE(RangeMayMatch(all, op, Value::Int8(0)));

  ColumnStats some = StatsOf(t, {Value::Null(t), Value::Int8(5)});
  EXPECT_FALSE(some.all_null());
  EXPECT_TRUE(RangeMayMatch(some, CompareOp::kIsNull, Value()));
  EXPECT_TRUE(RangeMayMatch(some, CompareOp::kIsNotNull, Value()));
  EXPECT_TRUE(RangeMayMatch(some, CompareOp::kEq, Value::Int8(5)));
}

TEST(ZoneMapTest, InvalidStatsMatchEverything) {
  ColumnStats unknown;
  EXPECT_TRUE(RangeMayMatch(unknown, CompareOp::kIsNull, Value()));
  EXPECT_TRUE(RangeMayMatch(unknown, CompareOp::kIsNotNull, Value()));
  for (CompareOp op : kComparisons) EXPECT_TRUE(RangeMayMatch(unknown, op, Value::Int8(0)));
}

TEST(ZoneMapTest, FloatNaNIsAboveEverythingAndEqualToItself) {
  Type t(TypeId::kFloat8);
  ColumnStats s = StatsOf(t, {Value::Float8(1), Value::Float8(kNaN), Value::Float8(3)});
  EXPECT_TRUE(s.has_nan);
  EXPECT_EQ(s.min.GetDouble(), 1);
  EXPECT_EQ(s.max.GetDouble(), 3);  // NaN stays out of min/max
  EXPECT_TRUE(RangeMayMatch(s, CompareOp::kEq, Value::Float8(kNaN)));
  EXPECT_TRUE(RangeMayMatch(s, CompareOp::kGt, Value::Float8(100)));  // NaN > 100
  EXPECT_FALSE(RangeMayMatch(s, CompareOp::kGt, Value::Float8(kNaN)));
  EXPECT_FALSE(RangeMayMatch(s, CompareOp::kEq, Value::Float8(100)));

  ColumnStats no_nan = StatsOf(t, {Value::Float8(1), Value::Float8(3)});
  EXPECT_FALSE(RangeMayMatch(no_nan, CompareOp::kEq, Value::Float8(kNaN)));
  EXPECT_FALSE(RangeMayMatch(no_nan, CompareOp::kGe, Value::Float8(kNaN)));
  EXPECT_TRUE(RangeMayMatch(no_nan, CompareOp::kLt, Value::Float8(kNaN)));  // 1 < NaN
  EXPECT_FALSE(RangeMayMatch(no_nan, CompareOp::kGt, Value::Float8(3)));

  ColumnStats only_nan = StatsOf(t, {Value::Float8(kNaN), Value::Null(t)});
  EXPECT_FALSE(only_nan.has_value);
  EXPECT_FALSE(only_nan.all_null());
  EXPECT_TRUE(RangeMayMatch(only_nan, CompareOp::kIsNotNull, Value()));
  EXPECT_TRUE(RangeMayMatch(only_nan, CompareOp::kGe, Value::Float8(kInf)));
  EXPECT_FALSE(RangeMayMatch(only_nan, CompareOp::kLt, Value::Float8(kNaN)));
  EXPECT_TRUE(RangeMayMatch(only_nan, CompareOp::kLe, Value::Float8(kNaN)));
  EXPECT_FALSE(RangeMayMatch(only_nan, CompareOp::kLt, Value::Float8(kInf)));
}

TEST(ZoneMapTest, NegativeZeroEqualsZero) {
  Type t(TypeId::kFloat4);
  ColumnStats s = StatsOf(t, {Value::Float4(-0.0), Value::Float4(2)});
  EXPECT_TRUE(RangeMayMatch(s, CompareOp::kEq, Value::Float8(0.0)));
  EXPECT_TRUE(RangeMayMatch(s, CompareOp::kLe, Value::Float8(0.0)));
  EXPECT_FALSE(RangeMayMatch(s, CompareOp::kLt, Value::Float8(-0.0)));
  ColumnStats z = StatsOf(t, {Value::Float4(0.0)});
  EXPECT_TRUE(RangeMayMatch(z, CompareOp::kEq, Value::Float8(-0.0)));
  EXPECT_TRUE(RangeMayMatch(z, CompareOp::kGe, Value::Float8(-0.0)));
  EXPECT_FALSE(RangeMayMatch(z, CompareOp::kGt, Value::Float8(-0.0)));
}

// Every comparison against every probe, for several row sets: the zone map may say "may
// match" when nothing does, but never "cannot match" when something does.
TEST(ZoneMapTest, FloatPruningNeverContradictsTheRows) {
  const std::vector<std::vector<double>> sets = {{1, 2, 3},  {kNaN}, {-0.0, 0.0}, {-kInf, kInf},
                                                 {kNaN, -1}, {5},    {kInf, kNaN}};
  const double probes[] = {-kInf, -1, -0.0, 0.0, 1, 2, 2.5, 3, 5, kInf, kNaN};
  for (const auto& rows : sets) {
    std::vector<Value> values;
    for (double d : rows) values.push_back(Value::Float8(d));
    ColumnStats s = StatsOf(Type(TypeId::kFloat8), values);
    for (CompareOp op : kComparisons) {
      for (double c : probes) {
        if (AnyFloatRowMatches(rows, op, c)) {
          EXPECT_TRUE(RangeMayMatch(s, op, Value::Float8(c)))
              << "op " << static_cast<int>(op) << " c " << c << " rows " << rows.size();
        }
      }
    }
  }
}

TEST(ZoneMapTest, NumericNaNLikeFloat) {
  Type t(TypeId::kNumeric);
  ColumnStats s =
      StatsOf(t, {Value::MakeNumeric(Numeric::Parse("1.5")), Value::MakeNumeric(Numeric::NaN())});
  EXPECT_TRUE(s.has_nan);
  EXPECT_EQ(s.max.GetNumeric().Compare(Numeric::Parse("1.5")), 0);
  EXPECT_TRUE(RangeMayMatch(s, CompareOp::kEq, Value::MakeNumeric(Numeric::NaN())));
  EXPECT_TRUE(RangeMayMatch(s, CompareOp::kGt, Value::MakeNumeric(Numeric::Parse("9"))));
  EXPECT_FALSE(RangeMayMatch(s, CompareOp::kEq, Value::MakeNumeric(Numeric::Parse("9"))));
  EXPECT_FALSE(RangeMayMatch(s, CompareOp::kLt, Value::MakeNumeric(Numeric::Parse("1.5"))));
  EXPECT_TRUE(RangeMayMatch(s, CompareOp::kLe, Value::MakeNumeric(Numeric::Parse("1.50"))));
}

TEST(ZoneMapTest, TextComparesBytewise) {
  Type t(TypeId::kVarchar, 20);
  ColumnStats s =
      StatsOf(t, {Value::String(t, "b"), Value::String(t, "a\xc3\xa9"), Value::String(t, "B")});
  EXPECT_EQ(s.min.GetString(), "B");  // 'B' (0x42) < 'a' (0x61): bytewise, not linguistic
  EXPECT_EQ(s.max.GetString(), "b");
  EXPECT_FALSE(RangeMayMatch(s, CompareOp::kLt, Value::Text("B")));
  EXPECT_TRUE(RangeMayMatch(s, CompareOp::kEq, Value::Text("a\xc3\xa9")));
  EXPECT_FALSE(RangeMayMatch(s, CompareOp::kGt, Value::Text("b")));
  EXPECT_TRUE(RangeMayMatch(s, CompareOp::kGt, Value::Text("a\xff")));
  EXPECT_FALSE(RangeMayMatch(s, CompareOp::kEq, Value::Text("")));  // '' below everything
}

TEST(ZoneMapTest, LongStringsKeepShortBounds) {
  Type t(TypeId::kText);
  std::string low(100, 'a');
  std::string high = std::string(70, 'z') + "tail";
  ColumnStats s = StatsOf(t, {Value::Text(low), Value::Text(high)});
  ASSERT_TRUE(s.valid);
  EXPECT_LE(s.min.GetString().size(), kMaxStatsStringBytes);
  EXPECT_LE(s.max.GetString().size(), kMaxStatsStringBytes);
  EXPECT_TRUE(RangeMayMatch(s, CompareOp::kEq, Value::Text(low)));
  EXPECT_TRUE(RangeMayMatch(s, CompareOp::kEq, Value::Text(high)));
  EXPECT_TRUE(RangeMayMatch(s, CompareOp::kGe, Value::Text(high)));
  // The upper bound is 63 'z' then '{' (the 64th 'z' incremented): looser than the value,
  // but still below anything starting with 63 'z' and a '|'.
  EXPECT_EQ(s.max.GetString(), std::string(63, 'z') + "{");
  EXPECT_TRUE(RangeMayMatch(s, CompareOp::kGt, Value::Text(std::string(80, 'z'))));
  EXPECT_FALSE(RangeMayMatch(s, CompareOp::kGt, Value::Text(std::string(63, 'z') + "|")));
  EXPECT_FALSE(RangeMayMatch(s, CompareOp::kLt, Value::Text(std::string(64, 'a'))));
  // No short upper bound exists above a long run of 0xFF bytes: no statistics at all.
  ColumnStats ff = StatsOf(t, {Value::Text(std::string(80, '\xff'))});
  EXPECT_FALSE(ff.valid);
  EXPECT_TRUE(RangeMayMatch(ff, CompareOp::kGt, Value::Text(std::string(90, '\xff'))));
}

TEST(ZoneMapTest, DatesAndTimestampsIncludingInfinity) {
  Type d(TypeId::kDate);
  ColumnStats s = StatsOf(d, {Value::Date(100), Value::Date(std::numeric_limits<int32_t>::max())});
  EXPECT_TRUE(RangeMayMatch(s, CompareOp::kGt, Value::Date(1000000)));  // +infinity row
  EXPECT_FALSE(RangeMayMatch(s, CompareOp::kLt, Value::Date(100)));
  Type ts(TypeId::kTimestampTz);
  ColumnStats t = StatsOf(ts, {Value::TimestampTz(5), Value::TimestampTz(7)});
  EXPECT_FALSE(RangeMayMatch(t, CompareOp::kGe, Value::TimestampTz(8)));
  EXPECT_TRUE(RangeMayMatch(t, CompareOp::kGe, Value::TimestampTz(7)));
}

TEST(ZoneMapTest, BoolsHaveStats) {
  Type b(TypeId::kBool);
  ColumnStats f = StatsOf(b, {Value::Bool(false), Value::Bool(false)});
  EXPECT_FALSE(RangeMayMatch(f, CompareOp::kEq, Value::Bool(true)));
  EXPECT_TRUE(RangeMayMatch(f, CompareOp::kEq, Value::Bool(false)));
}

TEST(ZoneMapTest, TypesWithoutAnOrderHaveNoStats) {
  EXPECT_FALSE(
      StatsOf(Type(TypeId::kBpchar, 5), {Value::String(Type(TypeId::kBpchar, 5), "a")}).valid);
  EXPECT_FALSE(StatsOf(Type(TypeId::kInterval), {Value::MakeInterval({0, 1, 0})}).valid);
  EXPECT_FALSE(StatsOf(Type::Array(TypeId::kInt4), {Value::MakeArray(TypeId::kInt4, {})}).valid);
}

TEST(ZoneMapTest, MergeCoversBothSides) {
  Type t(TypeId::kFloat8);
  ColumnStats a = StatsOf(t, {Value::Float8(5)});
  ColumnStats b = StatsOf(t, {Value::Float8(-1), Value::Null(t), Value::Float8(kNaN)});
  ColumnStats m = MergeColumnStats(a, b);
  EXPECT_EQ(m.min.GetDouble(), -1);
  EXPECT_EQ(m.max.GetDouble(), 5);
  EXPECT_TRUE(m.has_null);
  EXPECT_TRUE(m.has_nan);
  EXPECT_FALSE(MergeColumnStats(a, ColumnStats{}).valid);
  ColumnStats empty = StatsOf(t, {});
  ColumnStats m2 = MergeColumnStats(empty, a);
  EXPECT_TRUE(m2.has_value);
  EXPECT_EQ(m2.min.GetDouble(), 5);
}

TEST(ZoneMapTest, CommitComputesStatsAndTopUpsMergeThem) {
  TableData table({Type(TypeId::kInt8)});
  for (int64_t i = 0; i < 3; i++) {
    DataChunk row({Type(TypeId::kInt8)});
    row.AppendRow({Value::Int8(i * 10)});
    TableWrite w({Type(TypeId::kInt8)});
    w.inserts.Append(row);
    table.Commit(w);
  }
  auto v = table.Snapshot();
  ASSERT_EQ(v->segments.size(), 1u);  // single-row commits top up one segment
  ASSERT_NE(v->segments[0].zone_map, nullptr);
  const ColumnStats& s = v->segments[0].zone_map->columns.at(0);
  EXPECT_EQ(s.min.GetInt64(), 0);
  EXPECT_EQ(s.max.GetInt64(), 20);
  EXPECT_FALSE(s.has_null);
  // A full segment starts a new one with its own statistics.
  DataChunk full({Type(TypeId::kInt8)});
  for (size_t i = 0; i < kChunkSize; i++) full.AppendRow({Value::Int8(1000)});
  TableWrite big({Type(TypeId::kInt8)});
  big.inserts.Append(full);
  table.Commit(big);
  v = table.Snapshot();
  ASSERT_EQ(v->segments.size(), 2u);
  EXPECT_EQ(v->segments[0].zone_map->columns[0].max.GetInt64(), 1000);
  EXPECT_EQ(v->segments[1].zone_map->columns[0].min.GetInt64(), 1000);
  EXPECT_FALSE(
      RangeMayMatch(v->segments[1].zone_map->columns[0], CompareOp::kLt, Value::Int8(1000)));
}

}  // namespace
}  // namespace firn
