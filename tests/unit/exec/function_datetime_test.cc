// Date/time operators and functions, checked against PostgreSQL 15 output (the session
// zone is UTC unless a test sets America/New_York).
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "common/sql_error.h"
#include "exec/function/function_registry.h"
#include "types/datetime.h"
#include "types/timezone.h"
#include "types/value_io.h"

namespace firn {
namespace {

class FunctionDatetimeTest : public ::testing::Test {
 protected:
  void UseZone(const char* name) {
    zone_ = zones_.Find(name);
    ASSERT_NE(zone_, nullptr) << name;
    ctx_.time_zone = zone_.get();
  }
  IoContext Io() const {
    IoContext io;
    io.time_zone = ctx_.time_zone;
    io.now_micros = ctx_.statement_time_us;
    return io;
  }
  Value Parse(const char* text, TypeId type) { return ParseValueText(text, Type(type), Io()); }
  Value D(const char* text) { return Parse(text, TypeId::kDate); }
  Value Ts(const char* text) { return Parse(text, TypeId::kTimestamp); }
  Value Tstz(const char* text) { return Parse(text, TypeId::kTimestampTz); }
  Value Iv(const char* text) { return Parse(text, TypeId::kInterval); }
  Value Txt(const char* text) { return Value::Text(text); }
  std::string Show(const Value& v) { return v.is_null() ? "NULL" : ValueToText(v, Io()); }

  std::string Op(const char* op, const Value& l, const Value& r) {
    ResolvedFunction f = registry_.ResolveOperator(op, l.type(), r.type());
    EXPECT_EQ(f.arg_types, (std::vector<Type>{l.type(), r.type()})) << op;
    return Show(registry_.InvokeValues(f, {l, r}, ctx_));
  }
  std::string Call(const char* name, const std::vector<Value>& args) {
    std::vector<Type> types;
    for (const Value& a : args) types.push_back(a.type());
    ResolvedFunction f = registry_.ResolveFunction(name, types);
    EXPECT_EQ(f.arg_types, types) << name;
    return Show(registry_.InvokeValues(f, args, ctx_));
  }

  FunctionRegistry registry_;
  TimeZoneRegistry zones_;
  std::shared_ptr<const TimeZone> zone_;
  EvalContext ctx_;
};

TEST_F(FunctionDatetimeTest, DateArithmetic) {
  EXPECT_EQ(Op("+", D("2026-01-31"), Value::Int4(1)), "2026-02-01");
  EXPECT_EQ(Op("+", Value::Int4(1), D("2026-01-31")), "2026-02-01");
  EXPECT_EQ(Op("-", D("2026-01-31"), Value::Int4(31)), "2025-12-31");
  EXPECT_EQ(Op("-", D("2026-03-01"), D("2026-01-01")), "59");
  EXPECT_EQ(Op("+", D("2026-01-31"), Iv("1 month")), "2026-02-28 00:00:00");
  EXPECT_EQ(Op("-", D("2026-01-01"), Iv("1 day")), "2025-12-31 00:00:00");
}

TEST_F(FunctionDatetimeTest, TimestampAndIntervalArithmetic) {
  EXPECT_EQ(Op("+", Ts("2026-01-31 10:00"), Iv("1 month 2 hours")), "2026-02-28 12:00:00");
  EXPECT_EQ(Op("+", Iv("1 day"), Ts("2026-01-31 10:00")), "2026-02-01 10:00:00");
  EXPECT_EQ(Op("-", Tstz("2026-03-07 12:00+00"), Iv("7 days")), "2026-02-28 12:00:00+00");
  EXPECT_EQ(Op("-", Ts("2026-03-01"), Ts("2026-01-01 12:00")), "58 days 12:00:00");
  EXPECT_EQ(Op("*", Iv("1 day"), Value::Float8(1.5)), "1 day 12:00:00");
  EXPECT_EQ(Op("*", Value::Float8(2), Iv("1 hour")), "02:00:00");
  EXPECT_EQ(Op("/", Iv("1 hour"), Value::Float8(2)), "00:30:00");
  EXPECT_EQ(Op("+", Iv("1 day"), Iv("2 hours")), "1 day 02:00:00");
  EXPECT_EQ(Show(registry_.InvokeValues(
                registry_.ResolveOperator("-", std::nullopt, Type(TypeId::kInterval)),
                {Iv("1 day")}, ctx_)),
            "-1 days");
}

TEST_F(FunctionDatetimeTest, NowMinusSevenDaysUsesTheStatementTime) {
  ctx_.statement_time_us = Tstz("2026-03-07 12:00+00").GetInt64();
  ResolvedFunction now = registry_.ResolveFunction("now", {});
  Value t = registry_.InvokeValues(now, {}, ctx_);
  EXPECT_EQ(Op("-", t, Iv("7 days")), "2026-02-28 12:00:00+00");
  EXPECT_EQ(Call("current_timestamp", {}), "2026-03-07 12:00:00+00");
  EXPECT_EQ(Call("transaction_timestamp", {}), "2026-03-07 12:00:00+00");
  EXPECT_EQ(Call("current_date", {}), "2026-03-07");
  EXPECT_EQ(Call("localtimestamp", {}), "2026-03-07 12:00:00");
}

TEST_F(FunctionDatetimeTest, SessionZoneDrivesTimestamptzArithmetic) {
  UseZone("America/New_York");
  ctx_.statement_time_us = Tstz("2026-01-01 03:00+00").GetInt64();
  // Across the spring-forward transition a day is 23 hours of wall clock.
  EXPECT_EQ(Op("+", Tstz("2026-03-07 12:00-05"), Iv("1 day")), "2026-03-08 12:00:00-04");
  EXPECT_EQ(Op("+", Tstz("2026-03-07 12:00-05"), Iv("24 hours")), "2026-03-08 13:00:00-04");
  EXPECT_EQ(Call("current_date", {}), "2025-12-31");
  EXPECT_EQ(Call("date_trunc", {Txt("day"), Tstz("2026-01-01 03:00+00")}),
            "2025-12-31 00:00:00-05");
  EXPECT_EQ(Call("extract", {Txt("hour"), Tstz("2026-01-01 03:00+00")}), "22");
}

TEST_F(FunctionDatetimeTest, CrossTypeComparisonsUseTheSessionZone) {
  UseZone("America/New_York");
  EXPECT_EQ(Op("=", D("2026-01-01"), Tstz("2026-01-01 05:00+00")), "t");
  EXPECT_EQ(Op("<", Ts("2026-01-01 00:00"), Tstz("2026-01-01 04:00+00")), "f");
  EXPECT_EQ(Op(">", Tstz("2026-01-01 06:00+00"), Ts("2026-01-01 00:00")), "t");
  EXPECT_EQ(Op("<", D("2026-01-01"), Ts("2026-01-01 00:00:01")), "t");
  EXPECT_EQ(Op("=", Ts("2026-01-01"), D("2026-01-01")), "t");
  EXPECT_EQ(Op("<", D("infinity"), Ts("infinity")), "f");
  EXPECT_EQ(Op(">", Iv("1 mon"), Iv("29 days")), "t");
  EXPECT_EQ(Op("=", Iv("1 mon"), Iv("30 days")), "t");
}

TEST_F(FunctionDatetimeTest, TruncExtractAndDatePart) {
  EXPECT_EQ(Call("date_trunc", {Txt("month"), Ts("2026-05-17 10:11:12")}), "2026-05-01 00:00:00");
  EXPECT_EQ(Call("date_trunc", {Txt("hour"), Iv("1 day 10:11:12")}), "1 day 10:00:00");
  EXPECT_EQ(Call("extract", {Txt("epoch"), Ts("2026-01-01")}), "1767225600.000000");
  EXPECT_EQ(Call("extract", {Txt("year"), D("2026-01-01")}), "2026");
  EXPECT_EQ(Call("extract", {Txt("isodow"), D("2026-01-04")}), "7");
  EXPECT_EQ(Call("date_part", {Txt("dow"), D("2026-01-01")}), "4");
  EXPECT_EQ(Call("date_part", {Txt("hour"), D("2026-01-01")}), "0");
  EXPECT_EQ(Call("date_part", {Txt("epoch"), Iv("1 day")}), "86400");
  EXPECT_EQ(Call("extract", {Txt("day"), Ts("infinity")}), "NULL");
  EXPECT_EQ(Call("date_part", {Txt("year"), Ts("infinity")}), "Infinity");
  try {
    Call("date_trunc", {Txt("fortnight"), Ts("2026-01-01")});
    ADD_FAILURE() << "expected an error";
  } catch (const SqlError& e) {
    EXPECT_EQ(e.sqlstate(), "22023");
  }
}

TEST_F(FunctionDatetimeTest, DateTruncInNamedZone) {
  ctx_.zones = &zones_;
  EXPECT_EQ(Call("date_trunc", {Txt("day"), Tstz("2020-01-01 10:00+00"), Txt("Asia/Tokyo")}),
            "2019-12-31 15:00:00+00");
  try {
    Call("date_trunc", {Txt("day"), Tstz("2020-01-01 10:00+00"), Txt("Nowhere/Zone")});
    ADD_FAILURE() << "expected an error";
  } catch (const SqlError& e) {
    EXPECT_EQ(e.sqlstate(), "22023");
    EXPECT_STREQ(e.what(), "time zone \"Nowhere/Zone\" not recognized");
  }
}

// timezone(zone, value) is what AT TIME ZONE calls.
TEST_F(FunctionDatetimeTest, TimezoneConvertsBothWays) {
  ctx_.zones = &zones_;
  EXPECT_EQ(Call("timezone", {Txt("America/New_York"), Tstz("2024-07-15 12:00+00")}),
            "2024-07-15 08:00:00");
  EXPECT_EQ(Call("timezone", {Txt("America/New_York"), Ts("2024-03-10 02:30")}),
            "2024-03-10 07:30:00+00");  // in the spring-forward gap: EST
  EXPECT_EQ(Call("timezone", {Txt("CET"), Tstz("2024-07-15 12:00+00")}),
            "2024-07-15 13:00:00");  // the abbreviation, not the CET zone file
  EXPECT_EQ(Call("timezone", {Txt("UTC+3"), Ts("2024-07-15 12:00")}), "2024-07-15 15:00:00+00");
  EXPECT_EQ(Call("timezone", {Iv("-08:00"), Tstz("2024-07-15 12:00+00")}), "2024-07-15 04:00:00");
  EXPECT_EQ(Call("timezone", {Iv("05:30"), Ts("2024-07-15 12:00")}), "2024-07-15 06:30:00+00");
  EXPECT_EQ(Call("timezone", {Txt("Nowhere/Zone"), Tstz("infinity")}), "infinity");
  for (const Value& zone : {Txt("Nowhere/Zone"), Iv("1 day")}) {
    try {
      Call("timezone", {zone, Ts("2024-07-15 12:00")});
      ADD_FAILURE() << "expected an error";
    } catch (const SqlError& e) {
      EXPECT_EQ(e.sqlstate(), "22023");
    }
  }
}

TEST_F(FunctionDatetimeTest, AgeAndJustify) {
  EXPECT_EQ(Call("age", {Ts("2026-03-15"), Ts("2025-01-20")}), "1 year 1 mon 26 days");
  EXPECT_EQ(Call("age", {Tstz("2026-03-15+00"), Tstz("2025-01-20 10:00+00")}),
            "1 year 1 mon 25 days 14:00:00");
  ctx_.statement_time_us = Tstz("2026-03-15 08:00+00").GetInt64();
  EXPECT_EQ(Call("age", {Ts("2025-01-20")}), "1 year 1 mon 26 days");
  EXPECT_EQ(Call("justify_hours", {Iv("50 hours")}), "2 days 02:00:00");
  EXPECT_EQ(Call("justify_days", {Iv("35 days")}), "1 mon 5 days");
  EXPECT_EQ(Call("justify_interval", {Iv("1 mon -1 hour")}), "29 days 23:00:00");
}

TEST_F(FunctionDatetimeTest, ToTimestampAndMakeDate) {
  EXPECT_EQ(Call("to_timestamp", {Value::Float8(1767225600.5)}), "2026-01-01 00:00:00.5+00");
  EXPECT_EQ(Call("make_date", {Value::Int4(2024), Value::Int4(2), Value::Int4(29)}), "2024-02-29");
  EXPECT_EQ(Call("make_date", {Value::Int4(-44), Value::Int4(3), Value::Int4(15)}),
            "0044-03-15 BC");
  for (auto [y, m, d, msg] :
       {std::tuple{2023, 2, 30, "date field value out of range: 2023-02-30"},
        std::tuple{0, 1, 1, "date field value out of range: 0-01-01"},
        std::tuple{2023, 13, 1, "date field value out of range: 2023-13-01"}}) {
    try {
      Call("make_date", {Value::Int4(y), Value::Int4(m), Value::Int4(d)});
      ADD_FAILURE() << msg;
    } catch (const SqlError& e) {
      EXPECT_EQ(e.sqlstate(), "22008");
      EXPECT_STREQ(e.what(), msg);
    }
  }
}

TEST_F(FunctionDatetimeTest, ClockTimestampIsVolatileAndCurrent) {
  ResolvedFunction f = registry_.ResolveFunction("clock_timestamp", {});
  Value v = registry_.InvokeValues(f, {}, ctx_);
  EXPECT_GT(v.GetInt64(), Tstz("2024-01-01 00:00+00").GetInt64());
}

}  // namespace
}  // namespace firn
