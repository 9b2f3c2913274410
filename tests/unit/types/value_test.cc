// CompareValues/HashValue follow PostgreSQL's btree order.
#include "types/value.h"

#include <gtest/gtest.h>

#include <cmath>

namespace firn {
namespace {

TEST(ValueTest, FloatOrderPutsNaNLastAndZerosEqual) {
  EXPECT_GT(CompareValues(Value::Float8(NAN), Value::Float8(INFINITY)), 0);
  EXPECT_EQ(CompareValues(Value::Float8(NAN), Value::Float8(NAN)), 0);
  EXPECT_EQ(CompareValues(Value::Float8(-0.0), Value::Float8(0.0)), 0);
  EXPECT_EQ(HashValue(Value::Float8(-0.0)), HashValue(Value::Float8(0.0)));
  EXPECT_EQ(HashValue(Value::Float8(NAN)), HashValue(Value::Float8(-NAN)));
}

TEST(ValueTest, TextIsBytewiseAndBpcharIgnoresTrailingBlanks) {
  EXPECT_LT(CompareValues(Value::Text("B"), Value::Text("a")), 0);
  EXPECT_LT(CompareValues(Value::Text("a"), Value::Text("ab")), 0);
  Type bp(TypeId::kBpchar, 8);
  EXPECT_EQ(CompareValues(Value::String(bp, "a   "), Value::String(bp, "a")), 0);
  EXPECT_EQ(HashValue(Value::String(bp, "a   ")), HashValue(Value::String(bp, "a")));
}

TEST(ValueTest, NumericScaleDoesNotAffectEqualityOrHash) {
  Value a = Value::MakeNumeric(Numeric::Parse("1.0"));
  Value b = Value::MakeNumeric(Numeric::Parse("1.00"));
  EXPECT_EQ(CompareValues(a, b), 0);
  EXPECT_EQ(HashValue(a), HashValue(b));
}

TEST(ValueTest, IntervalsCompareBySpan) {
  Value month = Value::MakeInterval(Interval{1, 0, 0});
  Value days30 = Value::MakeInterval(Interval{0, 30, 0});
  EXPECT_EQ(CompareValues(month, days30), 0);
  EXPECT_EQ(HashValue(month), HashValue(days30));
  EXPECT_LT(CompareValues(Value::MakeInterval(Interval{0, 0, 86399999999}),
                          Value::MakeInterval(Interval{0, 1, 0})),
            0);
}

TEST(ValueTest, ArraysCompareElementWiseWithNullsLast) {
  auto arr = [](std::vector<Value> v) { return Value::MakeArray(TypeId::kInt4, std::move(v)); };
  Value null = Value::Null(Type(TypeId::kInt4));
  EXPECT_LT(CompareValues(arr({Value::Int4(1)}), arr({Value::Int4(1), Value::Int4(0)})), 0);
  EXPECT_LT(CompareValues(arr({Value::Int4(5)}), arr({null})), 0);
  EXPECT_EQ(CompareValues(arr({null}), arr({null})), 0);
  EXPECT_GT(CompareValues(arr({Value::Int4(2)}), arr({Value::Int4(1), Value::Int4(9)})), 0);
}

TEST(ValueTest, IntegersOfDifferentWidthsCompareAndHashAlike) {
  EXPECT_EQ(CompareValues(Value::Int2(7), Value::Int8(7)), 0);
  EXPECT_EQ(HashValue(Value::Int2(7)), HashValue(Value::Int8(7)));
  EXPECT_LT(CompareValues(Value::Int4(1), Value::MakeNumeric(Numeric::Parse("1.5"))), 0);
}

}  // namespace
}  // namespace firn
