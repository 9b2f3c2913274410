// The window operator (PlanKind::kWindow) over hand-built plans: ranking, navigation and
// aggregate window functions, ROWS/RANGE/GROUPS frames, NULL keys and partitions, and the
// run-time errors. Expected values come from PostgreSQL 15 (tests/sqllogic/basic/window.test
// runs the same cases through SQL).
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "common/sql_error.h"
#include "exec/evaluator.h"
#include "exec/function/function_registry.h"
#include "exec/plan.h"
#include "types/value_io.h"

namespace firn {
namespace {

const Type kInt4{TypeId::kInt4};
const Type kInt8{TypeId::kInt8};
const Type kText{TypeId::kText};
const Type kFloat8{TypeId::kFloat8};
const Type kNumericT{TypeId::kNumeric};
const Type kTimestamp{TypeId::kTimestamp};
const Type kDate{TypeId::kDate};
const Type kInterval{TypeId::kInterval};

BoundExprPtr Const(const Value& v) {
  auto e = std::make_shared<BoundExpr>();
  e->kind = BoundExprKind::kConstant;
  e->type = v.type();
  e->value = v;
  e->is_constant = true;
  return e;
}

BoundExprPtr Col(int column, Type type) {
  auto e = std::make_shared<BoundExpr>();
  e->kind = BoundExprKind::kColumn;
  e->column = column;
  e->type = type;
  return e;
}

Value I(int64_t v) { return Value::Int4(v); }
Value Null(Type t) { return Value::Null(t); }
Value Parse(const char* text, Type t) { return ParseValueText(text, t, IoContext()); }

// Frame shorthand: mode and bound kinds as in WindowFunction.
enum Mode { kRows = 0, kRange = 1, kGroups = 2 };
enum Kind { kUnbPrec = 0, kPrec = 1, kCur = 2, kFoll = 3, kUnbFoll = 4 };

class WindowTest : public ::testing::Test {
 protected:
  WindowTest() { ctx_.functions = &registry_; }

  // The input: a kValues node with these column types and rows.
  void Input(std::vector<Type> types, const std::vector<std::vector<Value>>& rows) {
    auto values = std::make_shared<PlanNode>(PlanKind::kValues);
    values->types = std::move(types);
    for (const auto& row : rows) {
      std::vector<BoundExprPtr> exprs;
      for (const Value& v : row) exprs.push_back(Const(v));
      values->rows.push_back(std::move(exprs));
    }
    input_ = values;
  }
  BoundExprPtr C(int column) { return Col(column, input_->types[static_cast<size_t>(column)]); }

  static WindowFunction Fn(const std::string& name, std::vector<BoundExprPtr> args, Type type) {
    WindowFunction f;
    f.name = name;
    f.args = std::move(args);
    f.type = type;
    f.frame_mode = kRange;
    f.start_kind = kUnbPrec;
    f.end_kind = kUnbFoll;  // no ORDER BY: the whole partition
    return f;
  }
  static WindowFunction Agg(const std::string& name, std::vector<BoundExprPtr> args,
                            bool star = false) {
    WindowFunction f = Fn(name, args, Type());
    f.aggregate.name = name;
    f.aggregate.star = star;
    for (const auto& a : args) f.aggregate.arg_types.push_back(a->type);
    f.aggregate.result_type = ResolveAggregate(name, f.aggregate.arg_types, star);
    f.aggregate.args = args;
    f.type = f.aggregate.result_type;
    return f;
  }
  // ORDER BY (with the default frame: RANGE UNBOUNDED PRECEDING .. CURRENT ROW).
  static WindowFunction Ordered(WindowFunction f, std::vector<SortKey> keys) {
    f.order_by = std::move(keys);
    f.has_order = true;
    f.end_kind = kCur;
    return f;
  }
  static WindowFunction Frame(WindowFunction f, Mode mode, Kind start, Kind end,
                              BoundExprPtr start_offset = nullptr,
                              BoundExprPtr end_offset = nullptr) {
    f.frame_mode = mode;
    f.start_kind = start;
    f.end_kind = end;
    f.start_offset = std::move(start_offset);
    f.end_offset = std::move(end_offset);
    return f;
  }
  SortKey Key(int column, bool desc = false) { return SortKey{C(column), desc, desc}; }
  SortKey KeyNulls(int column, bool desc, bool nulls_first) {
    return SortKey{C(column), desc, nulls_first};
  }

  // Runs the window functions; returns, per input row in input order, the window results
  // as text separated by '|'.
  std::vector<std::string> Run(const std::vector<WindowFunction>& fns) {
    auto w = std::make_shared<PlanNode>(PlanKind::kWindow);
    w->types = input_->types;
    for (const WindowFunction& f : fns) w->types.push_back(f.type);
    w->window_functions = fns;
    w->children.push_back(input_);
    std::vector<std::string> out;
    size_t width = input_->types.size();
    for (const DataChunk& c : ExecutePlan(*w, ctx_)) {
      EXPECT_EQ(c.column_count(), width + fns.size());
      for (size_t r = 0; r < c.size(); r++) {
        std::string line;
        for (size_t col = width; col < c.column_count(); col++) {
          Value v = c.GetValue(col, r);
          if (col > width) line += "|";
          line += v.is_null() ? "NULL" : ValueToText(v);
        }
        out.push_back(line);
      }
    }
    return out;
  }
  std::vector<std::string> Run(const WindowFunction& f) { return Run(std::vector{f}); }

  std::string ErrorOf(const std::vector<WindowFunction>& fns) {
    try {
      Run(fns);
    } catch (const SqlError& e) {
      return e.sqlstate() + " " + e.what();
    }
    return "no error";
  }

  // The table of tests/sqllogic/basic/window.test: id, g, x, f, n, s.
  void TableT() {
    auto n = [](const char* s) { return Parse(s, kNumericT); };
    Input(
        {kInt4, kText, kInt4, kFloat8, kNumericT, kText},
        {{I(1), Value::Text("a"), I(3), Value::Float8(1.5), n("1.50"), Value::Text("kiwi")},
         {I(2), Value::Text("b"), I(1), Value::Float8(2), n("2"), Value::Text("apple")},
         {I(3), Value::Text("a"), I(1), Null(kFloat8), n("3.125"), Value::Text("fig")},
         {I(4), Null(kText), I(5), Value::Float8(4), Null(kNumericT), Null(kText)},
         {I(5), Value::Text("b"), I(2), Value::Float8(8), n("4"), Value::Text("pear")},
         {I(6), Value::Text("a"), Null(kInt4), Value::Float8(0.25), n("0.5"), Value::Text("plum")},
         {I(7), Null(kText), I(4), Value::Float8(16), n("7"), Value::Text("lime")},
         {I(8), Value::Text("a"), I(3), Value::Float8(32), n("1.0"), Value::Text("date")}});
  }

  FunctionRegistry registry_;
  ExecContext ctx_;
  std::shared_ptr<PlanNode> input_;
};

TEST_F(WindowTest, RankingFunctionsTreatPeersAlikeAndSortNullsLast) {
  TableT();
  std::vector<SortKey> by_x{Key(2)};
  std::vector<SortKey> by_x_id{Key(2), Key(0)};
  auto rows = Run({Ordered(Fn("row_number", {}, kInt8), by_x_id),
                   Ordered(Fn("rank", {}, kInt8), by_x), Ordered(Fn("dense_rank", {}, kInt8), by_x),
                   Ordered(Fn("percent_rank", {}, kFloat8), by_x),
                   Ordered(Fn("cume_dist", {}, kFloat8), by_x),
                   Ordered(Fn("ntile", {Const(I(3))}, kInt4), by_x_id)});
  EXPECT_EQ(rows, (std::vector<std::string>{"4|4|3|0.42857142857142855|0.625|2", "1|1|1|0|0.25|1",
                                            "2|1|1|0|0.25|1", "7|7|5|0.8571428571428571|0.875|3",
                                            "3|3|2|0.2857142857142857|0.375|1", "8|8|6|1|1|3",
                                            "6|6|4|0.7142857142857143|0.75|2",
                                            "5|4|3|0.42857142857142855|0.625|2"}));
}

TEST_F(WindowTest, DescendingAndNullsFirstOrders) {
  TableT();
  auto rows = Run({Ordered(Fn("rank", {}, kInt8), {Key(2, true)}),
                   Ordered(Fn("rank", {}, kInt8), {KeyNulls(2, true, false)}),
                   Ordered(Fn("dense_rank", {}, kInt8), {KeyNulls(2, false, true)})});
  EXPECT_EQ(rows, (std::vector<std::string>{"4|3|4", "7|6|2", "7|6|2", "2|1|6", "6|5|3", "1|8|1",
                                            "3|2|5", "4|3|4"}));
}

TEST_F(WindowTest, PartitionsAreIndependentAndNullKeysFormOnePartition) {
  TableT();
  WindowFunction rn = Ordered(Fn("row_number", {}, kInt8), {Key(2), Key(0)});
  rn.partition_by = {C(1)};
  WindowFunction cnt = Agg("count", {}, true);
  cnt.partition_by = {C(1)};
  WindowFunction sum = Agg("sum", {C(2)});
  sum.partition_by = {C(1)};
  EXPECT_EQ(Run({rn, cnt, sum}), (std::vector<std::string>{"2|4|7", "1|2|3", "1|4|7", "2|2|9",
                                                           "2|2|3", "4|4|7", "1|2|9", "3|4|7"}));
}

TEST_F(WindowTest, NtileSpreadsRemainderOverLeadingBuckets) {
  TableT();
  WindowFunction by_g = Ordered(Fn("ntile", {Const(I(3))}, kInt4), {Key(0)});
  by_g.partition_by = {C(1)};
  auto rows = Run({Ordered(Fn("ntile", {Const(I(4))}, kInt4), {Key(0)}), by_g,
                   Ordered(Fn("ntile", {Const(I(20))}, kInt4), {Key(0)}),
                   Fn("ntile", {Const(Null(kInt4))}, kInt4)});
  EXPECT_EQ(rows,
            (std::vector<std::string>{"1|1|1|NULL", "1|1|2|NULL", "2|1|3|NULL", "2|1|4|NULL",
                                      "3|2|5|NULL", "3|2|6|NULL", "4|2|7|NULL", "4|3|8|NULL"}));
}

TEST_F(WindowTest, LagAndLeadUseOffsetsAndDefaults) {
  TableT();
  std::vector<SortKey> by_id{Key(0)};
  auto rows =
      Run({Ordered(Fn("lag", {C(2)}, kInt4), by_id), Ordered(Fn("lead", {C(2)}, kInt4), by_id),
           Ordered(Fn("lag", {C(2), Const(I(2)), Const(I(-1))}, kInt4), by_id),
           Ordered(Fn("lead", {C(2), Const(I(3)), Const(I(100))}, kInt4), by_id),
           Ordered(Fn("lag", {C(2), Const(I(-1))}, kInt4), by_id),
           Ordered(Fn("lead", {C(2), Const(Null(kInt4))}, kInt4), by_id),
           Ordered(Fn("lag", {C(2), Const(I(0))}, kInt4), by_id)});
  EXPECT_EQ(rows, (std::vector<std::string>{
                      "NULL|1|-1|5|1|NULL|3", "3|1|-1|2|1|NULL|1", "1|5|3|NULL|5|NULL|1",
                      "1|2|1|4|2|NULL|5", "5|NULL|1|3|NULL|NULL|2", "2|4|5|100|4|NULL|NULL",
                      "NULL|3|2|100|3|NULL|4", "4|NULL|NULL|100|NULL|NULL|3"}));
}

TEST_F(WindowTest, DefaultFrameWithOrderByIncludesPeers) {
  TableT();
  auto rows = Run({Ordered(Agg("sum", {C(2)}), {Key(2)}), Ordered(Agg("count", {}, true), {Key(2)}),
                   Ordered(Fn("last_value", {C(0)}, kInt4), {Key(2), Key(0)}),
                   Ordered(Fn("first_value", {C(0)}, kInt4), {Key(2), Key(0)}),
                   Ordered(Agg("max", {C(0)}), {Key(2)})});
  EXPECT_EQ(rows,
            (std::vector<std::string>{"10|5|1|2|8", "2|2|2|2|3", "2|2|3|2|3", "19|7|4|2|8",
                                      "4|3|5|2|5", "19|8|6|2|8", "14|6|7|2|8", "10|5|8|2|8"}));
}

TEST_F(WindowTest, FirstLastNthValueFollowTheRowsFrame) {
  TableT();
  auto frame = [&](WindowFunction f) {
    return Frame(Ordered(f, {Key(0)}), kRows, kPrec, kFoll, Const(Value::Int8(1)),
                 Const(Value::Int8(1)));
  };
  auto rows = Run({frame(Fn("first_value", {C(2)}, kInt4)), frame(Fn("last_value", {C(2)}, kInt4)),
                   frame(Fn("nth_value", {C(2), Const(I(2))}, kInt4)),
                   frame(Fn("nth_value", {C(2), Const(I(4))}, kInt4))});
  EXPECT_EQ(rows, (std::vector<std::string>{"3|1|1|NULL", "3|1|1|NULL", "1|5|1|NULL", "1|2|5|NULL",
                                            "5|NULL|2|NULL", "2|4|NULL|NULL", "NULL|3|4|NULL",
                                            "4|3|3|NULL"}));
}

TEST_F(WindowTest, RowsFramesIncludingEmptyFramesAtTheEdges) {
  TableT();
  auto rows_frame = [&](WindowFunction f, Kind s, Kind e, int64_t so, int64_t eo) {
    return Frame(Ordered(f, {Key(0)}), kRows, s, e, Const(Value::Int8(so)), Const(Value::Int8(eo)));
  };
  auto rows = Run({rows_frame(Agg("sum", {C(2)}), kPrec, kCur, 2, 0),
                   rows_frame(Agg("sum", {C(2)}), kFoll, kFoll, 2, 3),
                   rows_frame(Agg("count", {C(2)}), kPrec, kPrec, 3, 2),
                   rows_frame(Agg("avg", {C(2)}), kCur, kUnbFoll, 0, 0),
                   rows_frame(Agg("sum", {C(2)}), kPrec, kFoll, 1000000000000, INT64_MAX)});
  EXPECT_EQ(rows, (std::vector<std::string>{
                      "3|6|0|2.7142857142857143|19", "4|7|0|2.6666666666666667|19",
                      "5|2|1|3.0000000000000000|19", "7|4|2|3.5000000000000000|19",
                      "8|7|2|3.0000000000000000|19", "7|3|2|3.5000000000000000|19",
                      "6|NULL|2|3.5000000000000000|19", "7|NULL|1|3.0000000000000000|19"}));
}

TEST_F(WindowTest, MinMaxSlideOverIntegersAndText) {
  TableT();
  auto frame = [&](WindowFunction f) {
    return Frame(Ordered(f, {Key(0)}), kRows, kPrec, kFoll, Const(Value::Int8(2)),
                 Const(Value::Int8(1)));
  };
  auto rows = Run({frame(Agg("min", {C(2)})), frame(Agg("max", {C(2)})), frame(Agg("min", {C(5)})),
                   frame(Agg("max", {C(5)})), frame(Agg("count", {}, true))});
  EXPECT_EQ(rows,
            (std::vector<std::string>{"1|3|apple|kiwi|2", "1|3|apple|kiwi|3", "1|5|apple|kiwi|4",
                                      "1|5|apple|pear|4", "1|5|fig|plum|4", "2|5|lime|plum|4",
                                      "2|4|date|plum|4", "3|4|date|plum|3"}));
}

TEST_F(WindowTest, GroupsFramesCountPeerGroups) {
  TableT();
  auto groups = [&](WindowFunction f, std::vector<SortKey> keys, Kind s, Kind e, int64_t so,
                    int64_t eo) {
    return Frame(Ordered(f, std::move(keys)), kGroups, s, e, Const(Value::Int8(so)),
                 Const(Value::Int8(eo)));
  };
  auto rows = Run({groups(Agg("sum", {C(2)}), {Key(2)}, kPrec, kFoll, 1, 1),
                   groups(Agg("count", {}, true), {Key(2)}, kCur, kFoll, 0, 1),
                   groups(Fn("first_value", {C(0)}, kInt4), {Key(2), Key(0)}, kPrec, kCur, 2, 0),
                   groups(Agg("count", {}, true), {Key(2)}, kFoll, kFoll, 1, 2)});
  EXPECT_EQ(rows, (std::vector<std::string>{"12|3|3|2", "4|3|2|3", "4|3|2|3", "9|2|8|1", "10|3|2|3",
                                            "5|1|7|0", "15|2|1|2", "12|3|5|2"}));
}

TEST_F(WindowTest, RangeIntegerOffsetsKeepNullKeysAmongThemselves) {
  TableT();
  auto range = [&](WindowFunction f, SortKey key, Kind s, Kind e, int so, int eo) {
    return Frame(Ordered(f, {key}), kRange, s, e, Const(I(so)), Const(I(eo)));
  };
  auto rows = Run({range(Agg("count", {}, true), Key(2), kPrec, kFoll, 1, 1),
                   range(Agg("sum", {C(2)}), KeyNulls(2, false, true), kPrec, kCur, 1, 0),
                   range(Agg("sum", {C(0)}), Key(2, true), kPrec, kFoll, 1, 0),
                   range(Agg("sum", {C(0)}), Key(2), kUnbPrec, kPrec, 0, 2),
                   range(Agg("sum", {C(0)}), Key(2, true), kFoll, kUnbFoll, 1, 0),
                   range(Agg("sum", {C(0)}), KeyNulls(2, false, true), kUnbPrec, kPrec, 0, 1),
                   range(Agg("sum", {C(0)}), KeyNulls(2, true, false), kPrec, kPrec, 2, 1),
                   range(Agg("sum", {C(0)}), Key(2), kFoll, kFoll, 1, 2)});
  EXPECT_EQ(rows, (std::vector<std::string>{"4|8|16|5|10|16|11|11", "3|2|10|NULL|NULL|6|14|14",
                                            "3|2|10|NULL|NULL|6|14|14", "2|9|4|19|26|32|NULL|NULL",
                                            "5|4|14|NULL|5|11|16|16", "1|NULL|6|36|36|6|6|6",
                                            "4|10|11|10|19|25|4|4", "4|8|16|5|10|16|11|11"}));
}

TEST_F(WindowTest, RangeOffsetsNearIntegerLimitsDoNotOverflow) {
  Input({kInt4}, {{I(2147483647)}, {I(1)}, {I(-2147483647)}});
  auto rows = Run({Frame(Ordered(Agg("sum", {C(0)}), {Key(0)}), kRange, kPrec, kFoll,
                         Const(I(2147483647)), Const(I(2147483647))),
                   Frame(Ordered(Agg("count", {}, true), {Key(0, true)}), kRange, kFoll, kFoll,
                         Const(I(2147483647)), Const(I(2147483647)))});
  EXPECT_EQ(rows, (std::vector<std::string>{"2147483648|0", "2147483648|0", "-2147483647|0"}));
  Input({kInt8}, {{Value::Int8(INT64_MAX)}, {Value::Int8(INT64_MIN)}, {Value::Int8(0)}});
  EXPECT_EQ(Run(Frame(Ordered(Agg("sum", {C(0)}), {Key(0)}), kRange, kPrec, kFoll,
                      Const(Value::Int8(INT64_MAX)), Const(Value::Int8(1)))),
            (std::vector<std::string>{"9223372036854775807", "-9223372036854775808", "0"}));
}

TEST_F(WindowTest, RangeNumericAndFloatOffsets) {
  TableT();
  auto num = [](const char* s) { return Const(Parse(s, kNumericT)); };
  auto rows = Run(
      {Frame(Ordered(Agg("sum", {C(4)}), {Key(4)}), kRange, kPrec, kFoll, num("0.5"), num("1.5")),
       Frame(Ordered(Agg("count", {}, true), {Key(4, true)}), kRange, kPrec, kPrec, num("1"),
             num("1")),
       Frame(Ordered(Agg("sum", {C(3)}), {Key(3)}), kRange, kPrec, kFoll, Const(Value::Float8(2)),
             Const(Value::Float8(4))),
       Frame(Ordered(Agg("count", {}, true), {Key(3, true)}), kRange, kPrec, kFoll,
             Const(Value::Float8(INFINITY)), Const(Value::Float8(1)))});
  EXPECT_EQ(rows, (std::vector<std::string>{"4.50|0|7.75|6", "6.625|0|7.75|6", "7.125|0|NULL|1",
                                            "NULL|1|14|4", "4|0|8|3", "5.00|1|7.75|7", "7|0|16|2",
                                            "5.00|1|32|1"}));
}

TEST_F(WindowTest, RangeFloatOffsetsWithInfinitiesAndNaN) {
  Input({kFloat8}, {{Value::Float8(-INFINITY)},
                    {Value::Float8(1)},
                    {Value::Float8(1.5)},
                    {Value::Float8(INFINITY)},
                    {Value::Float8(NAN)}});
  auto rows = Run({Frame(Ordered(Agg("count", {}, true), {Key(0)}), kRange, kPrec, kFoll,
                         Const(Value::Float8(1)), Const(Value::Float8(1))),
                   Frame(Ordered(Agg("count", {}, true), {Key(0)}), kRange, kPrec, kCur,
                         Const(Value::Float8(INFINITY)))});
  EXPECT_EQ(rows, (std::vector<std::string>{"1|1", "2|2", "2|3", "1|4", "1|1"}));
}

class WindowEventsTest : public WindowTest {
 protected:
  // user_id, event_time, day, amount, price
  void Events() {
    auto row = [](int user, const char* ts, const char* day, int amount, const char* price) {
      return std::vector<Value>{I(user), ts ? Parse(ts, kTimestamp) : Null(kTimestamp),
                                day ? Parse(day, kDate) : Null(kDate), I(amount),
                                Parse(price, kNumericT)};
    };
    Input({kInt4, kTimestamp, kDate, kInt4, kNumericT},
          {row(1, "2024-01-01 10:00", "2024-01-01", 10, "1.10"),
           row(1, "2024-01-03 09:00", "2024-01-03", 20, "2.20"),
           row(1, "2024-01-08 10:00", "2024-01-08", 30, "3.30"),
           row(1, "2024-01-08 11:00", "2024-01-08", 40, "4.40"),
           row(1, "2024-01-20 00:00", "2024-01-20", 50, "5.50"),
           row(2, "2024-01-05 12:00", "2024-01-05", 5, "0.50"),
           row(2, "2024-01-12 12:00", "2024-01-12", 6, "0.60"),
           row(2, "2024-01-12 12:00:01", "2024-01-12", 7, "0.70"),
           row(2, nullptr, nullptr, 8, "0.80")});
  }
  WindowFunction Rolling(WindowFunction f, SortKey key, Kind s, Kind e, const char* so,
                         const char* eo, bool partitioned = true) {
    f = Frame(Ordered(f, {key}), kRange, s, e, so ? Const(Parse(so, kInterval)) : nullptr,
              eo ? Const(Parse(eo, kInterval)) : nullptr);
    if (partitioned) f.partition_by = {C(0)};
    return f;
  }
};

TEST_F(WindowEventsTest, RollingSevenDaySumPerUser) {
  Events();
  auto w = [&](WindowFunction f) { return Rolling(f, Key(1), kPrec, kCur, "7 days", nullptr); };
  auto rows = Run({w(Agg("sum", {C(3)})), w(Agg("count", {}, true)), w(Agg("avg", {C(4)})),
                   w(Agg("max", {C(3)}))});
  EXPECT_EQ(rows, (std::vector<std::string>{
                      "10|1|1.10000000000000000000|10", "30|2|1.6500000000000000|20",
                      "60|3|2.2000000000000000|30", "90|3|3.3000000000000000|40",
                      "50|1|5.5000000000000000|50", "5|1|0.50000000000000000000|5",
                      "11|2|0.55000000000000000000|6", "13|2|0.65000000000000000000|7",
                      "8|1|0.80000000000000000000|8"}));
}

TEST_F(WindowEventsTest, IntervalOffsetsDescendingMonthsAndDates) {
  Events();
  auto rows =
      Run({Rolling(Agg("sum", {C(3)}), Key(1, true), kPrec, kFoll, "1 day", "5 days 12:00:00"),
           Rolling(Agg("sum", {C(3)}), Key(1), kPrec, kPrec, "1 mon", "1 hour"),
           Rolling(Agg("sum", {C(3)}), Key(2), kPrec, kFoll, "2 days", "2 days"),
           Rolling(Agg("count", {}, true), Key(2), kCur, kFoll, nullptr, "7 days", false)});
  EXPECT_EQ(rows, (std::vector<std::string>{"10|NULL|30|5", "30|10|30|4", "90|30|70|4",
                                            "90|60|70|4", "50|100|50|1", "5|NULL|5|5", "13|5|13|2",
                                            "13|5|13|2", "8|8|8|1"}));
}

TEST_F(WindowTest, NumericSlidingSumKeepsTheScaleOfTheFrame) {
  TableT();
  auto frame = [&](WindowFunction f) {
    return Frame(Ordered(f, {Key(0)}), kRows, kPrec, kCur, Const(Value::Int8(1)));
  };
  auto rows =
      Run({frame(Agg("sum", {C(4)})), frame(Agg("avg", {C(4)})), frame(Agg("count", {C(4)})),
           frame(Agg("min", {C(4)})), frame(Agg("max", {C(4)}))});
  EXPECT_EQ(rows,
            (std::vector<std::string>{
                "1.50|1.50000000000000000000|1|1.50|1.50", "3.50|1.7500000000000000|2|1.50|2",
                "5.125|2.5625000000000000|2|2|3.125", "3.125|3.1250000000000000|1|3.125|3.125",
                "4|4.0000000000000000|1|4|4", "4.5|2.2500000000000000|2|0.5|4",
                "7.5|3.7500000000000000|2|0.5|7", "8.0|4.0000000000000000|2|1.0|7"}));
}

TEST_F(WindowTest, NumericSlidingSumWithNaNAndInfinities) {
  auto n = [](const char* s) { return std::vector<Value>{Parse(s, kNumericT)}; };
  Input({kNumericT}, {n("NaN"), n("1"), n("Infinity"), n("2.5"), n("-Infinity"), n("3")});
  auto frame = [&](WindowFunction f) {
    return Frame(Ordered(f, {}), kRows, kPrec, kCur, Const(Value::Int8(1)));
  };
  EXPECT_EQ(
      Run({frame(Agg("sum", {C(0)})), frame(Agg("avg", {C(0)}))}),
      (std::vector<std::string>{"NaN|NaN", "NaN|NaN", "Infinity|Infinity", "Infinity|Infinity",
                                "-Infinity|-Infinity", "-Infinity|-Infinity"}));
}

TEST_F(WindowTest, FloatSumsRestartInsteadOfCancelling) {
  Input({kFloat8}, {{Value::Float8(1e20)},
                    {Value::Float8(1)},
                    {Value::Float8(-1e20)},
                    {Value::Float8(3)},
                    {Value::Float8(0.5)}});
  auto frame = [&](WindowFunction f) {
    return Frame(Ordered(f, {}), kRows, kPrec, kCur, Const(Value::Int8(1)));
  };
  EXPECT_EQ(Run({frame(Agg("sum", {C(0)})), frame(Agg("avg", {C(0)})), frame(Agg("min", {C(0)})),
                 frame(Agg("max", {C(0)}))}),
            (std::vector<std::string>{"1e+20|1e+20|1e+20|1e+20", "1e+20|5e+19|1|1e+20",
                                      "-1e+20|-5e+19|-1e+20|1", "-1e+20|-5e+19|-1e+20|3",
                                      "3.5|1.75|0.5|3"}));
}

TEST_F(WindowTest, FloatRunningSumsMatchSequentialSummation) {
  TableT();
  std::vector<SortKey> by_id{Key(0)};
  auto rows = Run({Ordered(Agg("sum", {C(3)}), by_id), Ordered(Agg("avg", {C(3)}), by_id)});
  EXPECT_EQ(rows, (std::vector<std::string>{"1.5|1.5", "3.5|1.75", "3.5|1.75", "7.5|2.5",
                                            "15.5|3.875", "15.75|3.15", "31.75|5.291666666666667",
                                            "63.75|9.107142857142858"}));
}

TEST_F(WindowTest, IntervalSlidingSumAndAverage) {
  auto iv = [](const char* s) { return std::vector<Value>{Parse(s, kInterval)}; };
  Input({kInterval}, {iv("1 day"), iv("3 hours"), iv("1 mon"), {Null(kInterval)}});
  auto frame = [&](WindowFunction f) {
    return Frame(Ordered(f, {}), kRows, kPrec, kCur, Const(Value::Int8(1)));
  };
  EXPECT_EQ(Run({frame(Agg("sum", {C(0)})), frame(Agg("avg", {C(0)}))}),
            (std::vector<std::string>{"1 day|1 day", "1 day 03:00:00|13:30:00",
                                      "1 mon 03:00:00|15 days 01:30:00", "1 mon|1 mon"}));
}

TEST_F(WindowTest, BoolArrayAndStringAggregatesOverMovingFrames) {
  TableT();
  auto gt = [&](int c, int v, bool less) {
    ResolvedFunction fn = registry_.ResolveOperator(less ? "<" : ">", kInt4, kInt4);
    auto e = std::make_shared<BoundExpr>();
    e->kind = BoundExprKind::kFunction;
    e->type = Type(TypeId::kBool);
    e->function = fn;
    e->children = {C(c), Const(I(v))};
    return BoundExprPtr(e);
  };
  auto frame = [&](WindowFunction f) {
    return Frame(Ordered(f, {Key(0)}), kRows, kPrec, kFoll, Const(Value::Int8(1)),
                 Const(Value::Int8(1)));
  };
  auto rows =
      Run({frame(Agg("bool_and", {gt(2, 1, false)})), frame(Agg("bool_or", {gt(2, 3, false)})),
           frame(Agg("every", {gt(2, 5, true)})), frame(Agg("array_agg", {C(2)})),
           frame(Agg("string_agg", {C(5), Const(Value::Text(","))}))});
  EXPECT_EQ(rows, (std::vector<std::string>{
                      "f|f|t|{3,1}|kiwi,apple", "f|f|t|{3,1,1}|kiwi,apple,fig",
                      "f|t|f|{1,1,5}|apple,fig", "f|t|f|{1,5,2}|fig,pear",
                      "t|t|f|{5,2,NULL}|pear,plum", "t|t|t|{2,NULL,4}|pear,plum,lime",
                      "t|t|t|{NULL,4,3}|plum,lime,date", "t|t|t|{4,3}|lime,date"}));
}

TEST_F(WindowTest, FloatVarianceRestartsWhenTheFrameMoves) {
  TableT();
  auto frame = [&](WindowFunction f) {
    return Frame(Ordered(f, {Key(0)}), kRows, kPrec, kCur, Const(Value::Int8(2)));
  };
  EXPECT_EQ(Run({frame(Agg("stddev_pop", {C(3)})), frame(Agg("var_samp", {C(3)}))}),
            (std::vector<std::string>{"0|NULL", "0.25|0.125", "0.25|0.125", "1|2", "2|8",
                                      "3.164472924341254|15.020833333333334",
                                      "6.430180574620143|62.020833333333336",
                                      "12.962017161263477|252.02083333333334"}));
}

TEST_F(WindowTest, FilterDropsRowsFromTheAggregateOnly) {
  TableT();
  auto frame = [&](WindowFunction f) {
    return Frame(Ordered(f, {Key(0)}), kRows, kPrec, kFoll, Const(Value::Int8(1)),
                 Const(Value::Int8(1)));
  };
  auto cmp = [&](const char* op, int c, Value v) {
    auto e = std::make_shared<BoundExpr>();
    e->kind = BoundExprKind::kFunction;
    e->type = Type(TypeId::kBool);
    e->function = registry_.ResolveOperator(op, input_->types[static_cast<size_t>(c)], v.type());
    e->children = {C(c), Const(v)};
    return BoundExprPtr(e);
  };
  WindowFunction sum = frame(Agg("sum", {C(2)}));
  sum.aggregate.filter = cmp("<>", 2, I(3));
  WindowFunction cnt = frame(Agg("count", {}, true));
  cnt.aggregate.filter = cmp("=", 1, Value::Text("a"));
  WindowFunction mx = frame(Agg("max", {C(5)}));
  mx.aggregate.filter = cmp(">", 0, I(2));
  EXPECT_EQ(Run({sum, cnt, mx}),
            (std::vector<std::string>{"1|1|NULL", "2|2|fig", "7|1|fig", "8|1|pear", "7|1|plum",
                                      "6|1|plum", "4|2|plum", "4|1|lime"}));
}

TEST_F(WindowTest, EmptyInputProducesNoRows) {
  Input({kInt4}, {});
  EXPECT_TRUE(Run(Ordered(Fn("row_number", {}, kInt8), {Key(0)})).empty());
}

TEST_F(WindowTest, FrameOffsetErrorsAreCheckedEvenWithoutRows) {
  Input({kInt4}, {});
  WindowFunction f = Ordered(Agg("sum", {C(0)}), {Key(0)});
  EXPECT_EQ(ErrorOf({Frame(f, kRows, kPrec, kCur, Const(Value::Int8(-1)))}),
            "22013 frame starting offset must not be negative");
  EXPECT_EQ(ErrorOf({Frame(f, kRows, kCur, kFoll, nullptr, Const(Value::Int8(-1)))}),
            "22013 frame ending offset must not be negative");
  EXPECT_EQ(ErrorOf({Frame(f, kGroups, kPrec, kCur, Const(Null(kInt8)))}),
            "22004 frame starting offset must not be null");
  EXPECT_EQ(ErrorOf({Frame(f, kRows, kCur, kFoll, nullptr, Const(Null(kInt8)))}),
            "22004 frame ending offset must not be null");
}

TEST_F(WindowTest, NegativeRangeOffsetIsRejectedOnceAKeyIsCompared) {
  Input({kInt4}, {{Null(kInt4)}});
  WindowFunction f =
      Frame(Ordered(Agg("sum", {C(0)}), {Key(0)}), kRange, kPrec, kCur, Const(I(-1)));
  EXPECT_EQ(Run(f), (std::vector<std::string>{"NULL"}));  // only NULL keys: never compared
  Input({kInt4}, {{I(1)}});
  f.order_by = {Key(0)};
  EXPECT_EQ(ErrorOf({f}), "22013 invalid preceding or following size in window function");
  Input({kTimestamp}, {{Parse("2020-01-01", kTimestamp)}});
  WindowFunction g = Frame(Ordered(Agg("count", {}, true), {Key(0)}), kRange, kPrec, kCur,
                           Const(Parse("-1 day", kInterval)));
  EXPECT_EQ(ErrorOf({g}), "22013 invalid preceding or following size in window function");
}

TEST_F(WindowTest, NtileAndNthValueRejectNonPositiveArguments) {
  Input({kInt4}, {{I(1)}});
  EXPECT_EQ(ErrorOf({Fn("ntile", {Const(I(0))}, kInt4)}),
            "22014 argument of ntile must be greater than zero");
  EXPECT_EQ(ErrorOf({Fn("nth_value", {C(0), Const(I(0))}, kInt4)}),
            "22016 argument of nth_value must be greater than zero");
  EXPECT_EQ(Run(Fn("nth_value", {C(0), Const(Null(kInt4))}, kInt4)),
            (std::vector<std::string>{"NULL"}));
}

// Model check: sliding aggregates over random data and frames equal a naive aggregation of
// each row's frame, found by the definitions of ROWS, GROUPS and RANGE.
TEST_F(WindowTest, SlidingAggregatesMatchNaiveFramesOnRandomData) {
  std::mt19937 rng(7);
  for (int round = 0; round < 400; round++) {
    int n = 1 + static_cast<int>(rng() % 40);
    std::vector<std::vector<Value>> rows;
    std::vector<std::optional<int64_t>> key(static_cast<size_t>(n)), val(static_cast<size_t>(n));
    for (int i = 0; i < n; i++) {
      if (rng() % 6 != 0) key[static_cast<size_t>(i)] = static_cast<int64_t>(rng() % 15);
      if (rng() % 5 != 0) val[static_cast<size_t>(i)] = static_cast<int64_t>(rng() % 100) - 50;
      auto v = [](const std::optional<int64_t>& o) { return o ? I(*o) : Null(kInt4); };
      rows.push_back({v(key[static_cast<size_t>(i)]), v(val[static_cast<size_t>(i)]), I(i)});
    }
    Input({kInt4, kInt4, kInt4}, rows);
    Mode mode = static_cast<Mode>(rng() % 3);
    Kind s = static_cast<Kind>(rng() % 4), e = static_cast<Kind>(1 + rng() % 4);
    if (s == kFoll && e < kFoll) e = kFoll;
    if (s == kCur && e == kPrec) e = kCur;
    int so = static_cast<int>(rng() % 4), eo = static_cast<int>(rng() % 4);
    bool desc = rng() % 2, nulls_first = rng() % 2;
    std::vector<SortKey> keys{KeyNulls(0, desc, nulls_first)};
    if (mode == kRows) keys.push_back(Key(2));  // ROWS: a total order
    auto off = [&](int o) { return mode == kRange ? Const(I(o)) : Const(Value::Int8(o)); };
    std::vector<WindowFunction> fns;
    for (const char* name : {"sum", "min", "max", "count"}) {
      fns.push_back(Frame(Ordered(Agg(name, {C(1)}), keys), mode, s, e, off(so), off(eo)));
    }
    std::vector<std::string> got = Run(fns);

    // The model: sort positions, then test every pair.
    std::vector<int> order(static_cast<size_t>(n));
    for (int i = 0; i < n; i++) order[static_cast<size_t>(i)] = i;
    auto cmp_key = [&](int a, int b) {  // -1/0/1 in window order, NULLs per nulls_first
      const auto &x = key[static_cast<size_t>(a)], &y = key[static_cast<size_t>(b)];
      if (!x || !y) return !x && !y ? 0 : (!x == nulls_first ? -1 : 1);
      int c = *x < *y ? -1 : *x > *y ? 1 : 0;
      return desc ? -c : c;
    };
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return cmp_key(a, b) < 0; });
    std::vector<int> pos_of(static_cast<size_t>(n)), group(static_cast<size_t>(n));
    for (int p = 0; p < n; p++) {
      pos_of[static_cast<size_t>(order[static_cast<size_t>(p)])] = p;
      group[static_cast<size_t>(p)] = p == 0 ? 0
                                             : group[static_cast<size_t>(p - 1)] +
                                                   (cmp_key(order[static_cast<size_t>(p - 1)],
                                                            order[static_cast<size_t>(p)]) != 0);
    }
    auto in_frame = [&](int cur, int other) {  // row indexes
      int pc = pos_of[static_cast<size_t>(cur)], po = pos_of[static_cast<size_t>(other)];
      auto side = [&](Kind k, int o, bool start) {
        if (k == kUnbPrec) return start ? true : false;
        if (k == kUnbFoll) return start ? false : true;
        int sign = k == kPrec ? -1 : k == kFoll ? 1 : 0;
        int d = sign * o;
        if (mode == kRows) return start ? po >= pc + d : po <= pc + d;
        if (mode == kGroups) {
          int gc = group[static_cast<size_t>(pc)], go = group[static_cast<size_t>(po)];
          return start ? go >= gc + d : go <= gc + d;
        }
        const auto &kc = key[static_cast<size_t>(cur)], &ko = key[static_cast<size_t>(other)];
        if (!kc || !ko) {
          if (k == kCur || (!kc && !ko))
            return start ? cmp_key(other, cur) >= 0 : cmp_key(other, cur) <= 0;
          return start ? cmp_key(other, cur) > 0 : cmp_key(other, cur) < 0;
        }
        int64_t bound = *kc + (desc ? -d : d);
        return start ? (desc ? *ko <= bound : *ko >= bound) : (desc ? *ko >= bound : *ko <= bound);
      };
      return side(s, so, true) && side(e, eo, false);
    };
    for (int r = 0; r < n; r++) {
      int64_t sum = 0, count = 0;
      std::optional<int64_t> mn, mx;
      for (int o = 0; o < n; o++) {
        if (!in_frame(r, o) || !val[static_cast<size_t>(o)]) continue;
        int64_t v = *val[static_cast<size_t>(o)];
        sum += v, count++;
        mn = mn ? std::min(*mn, v) : v;
        mx = mx ? std::max(*mx, v) : v;
      }
      std::string want = count ? std::to_string(sum) + "|" + std::to_string(*mn) + "|" +
                                     std::to_string(*mx) + "|" + std::to_string(count)
                               : "NULL|NULL|NULL|0";
      ASSERT_EQ(got[static_cast<size_t>(r)], want)
          << "round " << round << " row " << r << " mode " << mode << " kinds " << s << "/" << e
          << " offsets " << so << "/" << eo << " desc " << desc << " nulls_first " << nulls_first;
    }
  }
}

}  // namespace
}  // namespace firn
