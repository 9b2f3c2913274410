// The number and datetime template functions behind to_char(number), to_number, to_timestamp
// and to_date, called directly; every expectation is PostgreSQL 15's output (the SQL-level
// cases, checked against PostgreSQL itself, are in tests/sqllogic/basic/formatting_functions.test).
#include <gtest/gtest.h>

#include <string>

#include "common/sql_error.h"
#include "exec/function/datetime_template.h"
#include "exec/function/number_template.h"
#include "types/civil.h"
#include "types/datetime.h"

namespace firn::function_internal {
namespace {

std::string Num(const char* value, const char* format) {
  return ToCharNumeric(Numeric::Parse(value), format);
}

std::string ErrorState(auto&& f) {
  try {
    f();
  } catch (const SqlError& e) {
    return e.sqlstate();
  }
  return "none";
}

TEST(NumberTemplate, PadsRoundsAndSigns) {
  EXPECT_EQ(Num("2.5", "9"), " 3");
  EXPECT_EQ(Num("-0.5", "S9.9"), " -.5");
  EXPECT_EQ(Num("1234.5", "FM9,999.00PR"), "1,234.50");
  EXPECT_EQ(Num("-485", "999PR"), "<485>");
  EXPECT_EQ(Num("-485", "999MI"), "485-");
  EXPECT_EQ(Num("148.5", "FM999.990"), "148.500");
  EXPECT_EQ(Num("0", "99.99"), "   .00");
  EXPECT_EQ(Num("12", "0000"), " 0012");
  EXPECT_EQ(Num("1234", "999"), " ###");
  EXPECT_EQ(Num("12", "99."), " 12");  // PostgreSQL stops at the missing digit
  EXPECT_EQ(Num("482", "999th"), " 482nd");
  EXPECT_EQ(Num("12.45", "99V9"), " 125");
  EXPECT_EQ(ToCharNumeric(Numeric::FromInt64(1), ""), "");  // an empty template
}

TEST(NumberTemplate, ScientificRomanAndOtherTypes) {
  EXPECT_EQ(Num("0.0004859", "9.99EEEE"), " 4.86e-04");
  EXPECT_EQ(Num("9.995", "9.99EEEE"), " 10.00e+00");
  EXPECT_EQ(Num("485", "RN"), "        CDLXXXV");
  EXPECT_EQ(Num("1984", "FMrn"), "mcmlxxxiv");
  EXPECT_EQ(Num("4000", "RN"), std::string(15, '#'));
  EXPECT_EQ(ToCharInteger(-12345, false, "9.9EEEE"), "-1.2e+04");
  EXPECT_EQ(ToCharInteger(12345678901234, true, "FM999,999,999,999,999"), "12,345,678,901,234");
  EXPECT_EQ(ToCharFloat(12345.678, true, "99999.999"), " 12345.7");  // 6 digits
  EXPECT_EQ(ToCharFloat(0.125, false, "9.99"), "  .12");  // C's rounding of the binary 0.125
}

TEST(NumberTemplate, RejectsInconsistentTemplates) {
  EXPECT_EQ(ErrorState([] { Num("1", "9.9.9"); }), "42601");
  EXPECT_EQ(ErrorState([] { Num("1", "EEEE9"); }), "42601");
  EXPECT_EQ(ErrorState([] { Num("1", "S9MI"); }), "42601");
  EXPECT_EQ(ErrorState([] { Num("1e10", "RN"); }), "22003");
}

TEST(NumberTemplate, ToNumber) {
  EXPECT_EQ(ToNumber("12,454.8-", "99G999D9S")->ToString(), "-12454.8");
  EXPECT_EQ(ToNumber("<123>", "999PR")->ToString(), "-123");
  EXPECT_EQ(ToNumber("12345", "99")->ToString(), "12");
  EXPECT_FALSE(ToNumber("12", "").has_value());
  EXPECT_EQ(ErrorState([] { ToNumber("abc", "999"); }), "22P02");
  EXPECT_EQ(ErrorState([] { ToNumber("XII", "RN"); }), "0A000");
}

int64_t Micros(int64_t y, int m, int d, int64_t h, int64_t mi, int64_t s) {
  return civil::DaysFromCivil(y, m, d) * kMicrosPerDay + h * kMicrosPerHour +
         mi * kMicrosPerMinute + s * kMicrosPerSecond;
}

TEST(DatetimeFromChar, ReadsFieldsAndOffsets) {
  ParsedDateTime p =
      ToTimestampFromChar("2011-12-18 11:38 PM -05:20", "YYYY-MM-DD HH12:MI AM TZH:TZM");
  EXPECT_EQ(p.local_micros, Micros(2011, 12, 18, 23, 38, 0));
  EXPECT_EQ(p.utc_offset, -(5 * 3600 + 20 * 60));
  EXPECT_EQ(ToTimestampFromChar("2000January09Sunday", "YYYYFMMonthDDFMDay").local_micros,
            Micros(2000, 1, 9, 0, 0, 0));
  EXPECT_FALSE(ToTimestampFromChar("2024", "YYYY").utc_offset.has_value());
  // Missing fields are 0001-01-01 BC (year 0), midnight.
  EXPECT_EQ(ToTimestampFromChar("", "").local_micros, Micros(0, 1, 1, 0, 0, 0));
  EXPECT_EQ(ToDateFromChar("2005527", "IYYYIWID"), civil::DaysFromCivil(2006, 1, 1));
  EXPECT_EQ(ToDateFromChar("2024 60", "YYYY DDD"), civil::DaysFromCivil(2024, 2, 29));
  EXPECT_EQ(ToDateFromChar("95-1116", "YY-MMDD"), civil::DaysFromCivil(1995, 11, 16));
}

TEST(DatetimeFromChar, Errors) {
  EXPECT_EQ(ErrorState([] { ToDateFromChar("2019-02-29", "YYYY-MM-DD"); }), "22008");
  EXPECT_EQ(ErrorState([] { ToDateFromChar("20111", "YYYYMMDD"); }), "22007");
  EXPECT_EQ(ErrorState([] { ToDateFromChar("2024-10-3", "YYYY-IW-ID"); }), "22007");
  EXPECT_EQ(ErrorState([] { ToTimestampFromChar("13", "HH12"); }), "22007");
  EXPECT_EQ(ErrorState([] { ToTimestampFromChar("2011 +16", "YYYY TZH"); }), "22009");
  EXPECT_EQ(ErrorState([] { ToTimestampFromChar("EST", "TZ"); }), "0A000");
}

}  // namespace
}  // namespace firn::function_internal
