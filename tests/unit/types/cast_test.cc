// Cast catalogue and conversions checked against PostgreSQL 15 (pg_cast and SELECT casts).
#include "types/cast.h"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>

#include "common/sql_error.h"
#include "sql_error_text.h"

namespace firn {
namespace {

std::string C(const Value& v, Type to, CastMode mode = CastMode::kExplicit) {
  CastContext ctx;
  ctx.mode = mode;
  return ValueToText(CastValue(v, to, ctx), ctx.io);
}

TEST(CastTest, CatalogueMatchesPgCast) {
  EXPECT_EQ(GetCastKind(TypeId::kInt2, TypeId::kInt4), CastKind::kImplicit);
  EXPECT_EQ(GetCastKind(TypeId::kInt4, TypeId::kInt8), CastKind::kImplicit);
  EXPECT_EQ(GetCastKind(TypeId::kInt8, TypeId::kNumeric), CastKind::kImplicit);
  EXPECT_EQ(GetCastKind(TypeId::kNumeric, TypeId::kFloat8), CastKind::kImplicit);
  EXPECT_EQ(GetCastKind(TypeId::kFloat4, TypeId::kFloat8), CastKind::kImplicit);
  EXPECT_EQ(GetCastKind(TypeId::kFloat8, TypeId::kNumeric), CastKind::kAssignment);
  EXPECT_EQ(GetCastKind(TypeId::kInt8, TypeId::kInt4), CastKind::kAssignment);
  EXPECT_EQ(GetCastKind(TypeId::kDate, TypeId::kTimestamp), CastKind::kImplicit);
  EXPECT_EQ(GetCastKind(TypeId::kTimestamp, TypeId::kTimestampTz), CastKind::kImplicit);
  EXPECT_EQ(GetCastKind(TypeId::kTimestampTz, TypeId::kTimestamp), CastKind::kAssignment);
  EXPECT_EQ(GetCastKind(TypeId::kVarchar, TypeId::kText), CastKind::kImplicit);
  EXPECT_EQ(GetCastKind(TypeId::kText, TypeId::kVarchar), CastKind::kImplicit);
  EXPECT_EQ(GetCastKind(TypeId::kInt4, TypeId::kText), CastKind::kAssignment);
  EXPECT_EQ(GetCastKind(TypeId::kText, TypeId::kInt4), CastKind::kExplicit);
  EXPECT_EQ(GetCastKind(TypeId::kInt4, TypeId::kBool), CastKind::kExplicit);
  EXPECT_EQ(GetCastKind(TypeId::kInterval, TypeId::kInt4), CastKind::kNone);
  EXPECT_EQ(GetCastKind(TypeId::kUnknown, TypeId::kDate), CastKind::kImplicit);
  EXPECT_EQ(GetCastKind(Type::Array(TypeId::kInt4), Type::Array(TypeId::kInt8)),
            CastKind::kImplicit);
  EXPECT_TRUE(IsPreferredType(TypeId::kFloat8));
  EXPECT_TRUE(IsPreferredType(TypeId::kTimestampTz));
  EXPECT_FALSE(IsPreferredType(TypeId::kInt4));
  EXPECT_FALSE(CastAllowed(CastKind::kAssignment, CastMode::kImplicit));
  EXPECT_TRUE(CastAllowed(CastKind::kAssignment, CastMode::kAssignment));
}

TEST(CastTest, IntegerNarrowingChecksRange) {
  EXPECT_EQ(C(Value::Int8(70000), Type(TypeId::kInt4)), "70000");
  EXPECT_EQ(ErrorText([] { C(Value::Int4(70000), Type(TypeId::kInt2)); }),
            "22003:smallint out of range");
  EXPECT_EQ(ErrorText([] { C(Value::Int8(1LL << 40), Type(TypeId::kInt4)); }),
            "22003:integer out of range");
}

TEST(CastTest, FloatToIntRoundsHalfToEven) {
  EXPECT_EQ(C(Value::Float8(2.5), Type(TypeId::kInt4)), "2");
  EXPECT_EQ(C(Value::Float8(3.5), Type(TypeId::kInt4)), "4");
  EXPECT_EQ(C(Value::Float8(-2.5), Type(TypeId::kInt8)), "-2");
  EXPECT_EQ(ErrorText([] { C(Value::Float8(1e10), Type(TypeId::kInt4)); }),
            "22003:integer out of range");
  EXPECT_EQ(ErrorText([] { C(Value::Float8(NAN), Type(TypeId::kInt4)); }),
            "22003:integer out of range");
}

TEST(CastTest, NumericToIntRoundsHalfAwayFromZero) {
  EXPECT_EQ(C(Value::MakeNumeric(Numeric::Parse("2.5")), Type(TypeId::kInt4)), "3");
  EXPECT_EQ(C(Value::MakeNumeric(Numeric::Parse("-2.5")), Type(TypeId::kInt2)), "-3");
  EXPECT_EQ(ErrorText([] { C(Value::MakeNumeric(Numeric::Parse("NaN")), Type(TypeId::kInt4)); }),
            "0A000:cannot convert NaN to integer");
  EXPECT_EQ(C(Value::Float8(0.1), Type(TypeId::kNumeric)), "0.1");
  EXPECT_EQ(C(Value::Float4(0.1), Type(TypeId::kNumeric)), "0.1");
  EXPECT_EQ(C(Value::Int4(5), Type(TypeId::kNumeric, MakeNumericTypmod(5, 2))), "5.00");
  EXPECT_EQ(C(Value::MakeNumeric(Numeric::Parse("0.1")), Type(TypeId::kFloat4)), "0.1");
}

TEST(CastTest, StringCasts) {
  EXPECT_EQ(C(Value::Bool(true), Type(TypeId::kText)), "true");
  EXPECT_EQ(C(Value::Int4(42), Type(TypeId::kText)), "42");
  EXPECT_EQ(C(Value::Text("abcdef"), Type(TypeId::kVarchar, MakeVarcharTypmod(3))), "abc");
  EXPECT_EQ(ErrorText([] {
              C(Value::Text("abcdef"), Type(TypeId::kVarchar, MakeVarcharTypmod(3)),
                CastMode::kAssignment);
            }),
            "22001:value too long for type character varying(3)");
  EXPECT_EQ(
      C(Value::String(Type(TypeId::kBpchar, MakeVarcharTypmod(3)), "a  "), Type(TypeId::kText)),
      "a");
  EXPECT_EQ(C(Value::Text(" 12 "), Type(TypeId::kInt4)), "12");
  EXPECT_EQ(ErrorText([] { C(Value::Text("x"), Type(TypeId::kInt4)); }),
            "22P02:invalid input syntax for type integer: \"x\"");
  EXPECT_EQ(C(Value::Text("1 day"), Type(TypeId::kInterval)), "1 day");
  EXPECT_EQ(C(Value::MakeInterval(Interval{14, 0, 0}), Type(TypeId::kText)), "1 year 2 mons");
}

TEST(CastTest, DateTimeCastsUseSessionZone) {
  TimeZoneRegistry zones;
  auto ny = zones.Find("America/New_York");
  CastContext ctx;
  ctx.io.time_zone = ny.get();
  Value ts = ParseValueText("2026-01-15 10:00", Type(TypeId::kTimestamp), ctx.io);
  Value tz = CastValue(ts, Type(TypeId::kTimestampTz), ctx);
  EXPECT_EQ(ValueToText(tz, ctx.io), "2026-01-15 10:00:00-05");
  EXPECT_EQ(ValueToText(tz, IoContext()), "2026-01-15 15:00:00+00");
  EXPECT_EQ(ValueToText(CastValue(tz, Type(TypeId::kDate), ctx), ctx.io), "2026-01-15");
  Value late = ParseValueText("2026-01-15 23:30-05", Type(TypeId::kTimestampTz), ctx.io);
  EXPECT_EQ(ValueToText(CastValue(late, Type(TypeId::kDate), ctx), ctx.io), "2026-01-15");
  EXPECT_EQ(ValueToText(CastValue(late, Type(TypeId::kDate), CastContext()), IoContext()),
            "2026-01-16");
  Value d = Value::Date(20468);
  EXPECT_EQ(ValueToText(CastValue(d, Type(TypeId::kTimestampTz), ctx), ctx.io),
            "2026-01-15 00:00:00-05");
  // Rounds half away from zero relative to PostgreSQL's epoch (2000-01-01).
  EXPECT_EQ(C(Value::Timestamp(1500000), Type(TypeId::kTimestamp, 0)), "1970-01-01 00:00:01");
  EXPECT_EQ(C(Value::Timestamp(kPgEpochMicros + 1500000), Type(TypeId::kTimestamp, 0)),
            "2000-01-01 00:00:02");
}

TEST(CastTest, ArraysCastElementWise) {
  Value arr = Value::MakeArray(TypeId::kInt4, {Value::Int4(1), Value::Null(Type(TypeId::kInt4))});
  EXPECT_EQ(C(arr, Type::Array(TypeId::kText)), "{1,NULL}");
  EXPECT_EQ(C(arr, Type(TypeId::kText)), "{1,NULL}");
  EXPECT_EQ(C(Value::Text("{1.5,2.5}"), Type::Array(TypeId::kFloat8)), "{1.5,2.5}");
  EXPECT_EQ(ErrorText([] { C(Value::MakeInterval(Interval{}), Type(TypeId::kInt4)); }),
            "42846:cannot cast type interval to integer");
}

}  // namespace
}  // namespace firn
