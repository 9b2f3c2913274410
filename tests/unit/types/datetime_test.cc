// Date/time parsing, formatting and arithmetic checked against PostgreSQL 15 outputs.
#include "types/datetime.h"

#include <gtest/gtest.h>

#include <functional>

#include "common/sql_error.h"
#include "sql_error_text.h"

namespace firn {
namespace {

DateTimeContext Utc() { return DateTimeContext{}; }

std::string Ts(std::string_view s) { return FormatTimestamp(ParseTimestamp(s, Utc())); }
std::string Tz(std::string_view s, const DateTimeContext& ctx = Utc()) {
  return FormatTimestampTz(ParseTimestampTz(s, ctx), ctx.zone());
}
std::string Iv(std::string_view s) { return FormatInterval(ParseInterval(s)); }
std::string D(std::string_view s) { return FormatDate(ParseDate(s, Utc())); }

TEST(DateTimeTest, ParsesIsoTimestamps) {
  EXPECT_EQ(Ts("2026-01-15 10:00:00"), "2026-01-15 10:00:00");
  EXPECT_EQ(Ts("2026-01-15T10:00:00.123"), "2026-01-15 10:00:00.123");
  EXPECT_EQ(Ts("2026-01-15 10:00"), "2026-01-15 10:00:00");
  EXPECT_EQ(Ts("2026-01-15"), "2026-01-15 00:00:00");
  EXPECT_EQ(Ts("2026-01-15 10:00:00+02"), "2026-01-15 10:00:00");  // zone ignored
  EXPECT_EQ(Ts("10000-01-01 10:00"), "10000-01-01 10:00:00");
  EXPECT_EQ(Ts("epoch"), "1970-01-01 00:00:00");
  EXPECT_EQ(Ts("infinity"), "infinity");
  EXPECT_EQ(Ts("-infinity"), "-infinity");
  EXPECT_EQ(Ts("Jan 15 2026 3:04pm"), "2026-01-15 15:04:00");
  EXPECT_EQ(Ts("1999-12-31 23:59:59.9999995"), "2000-01-01 00:00:00");
}

// The canonical form has a parser of its own (COPY's common case); the general parser
// must agree with it. A trailing space sends the same text down the general path.
TEST(DateTimeTest, CanonicalTimestampsParseAsTheGeneralParserDoes) {
  uint64_t state = 12345;
  auto next = [&](uint64_t bound) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return (state >> 33) % bound;
  };
  for (int i = 0; i < 3000; i++) {
    char text[40];
    int year = static_cast<int>(1 + next(9999)), month = static_cast<int>(1 + next(12));
    int day = static_cast<int>(1 + next(31)), hour = static_cast<int>(next(25));
    int minute = static_cast<int>(next(60)), second = static_cast<int>(next(60));
    snprintf(text, sizeof text, "%04d-%02d-%02d%c%02d:%02d:%02d", year, month, day,
             next(2) ? ' ' : 'T', hour, minute, second);
    std::string canonical = text;
    size_t digits = next(7);
    if (digits > 0) {
      canonical += '.';
      for (size_t k = 0; k < digits; k++) canonical += static_cast<char>('0' + next(10));
    }
    std::string general = canonical + " ";
    std::string want, got;
    try {
      want = FormatTimestamp(ParseTimestamp(general, Utc()));
    } catch (const SqlError& e) {
      want = "error " + e.sqlstate();  // the message quotes the input
    }
    try {
      got = FormatTimestamp(ParseTimestamp(canonical, Utc()));
    } catch (const SqlError& e) {
      got = "error " + e.sqlstate();
    }
    EXPECT_EQ(got, want) << canonical;
    if (want.rfind("error", 0) != 0) {
      EXPECT_EQ(ParseTimestampTz(canonical, Utc()), ParseTimestampTz(general, Utc())) << canonical;
    }
  }
  EXPECT_EQ(Ts("2024-02-29 24:00:00"), "2024-03-01 00:00:00");
  EXPECT_EQ(Ts("2024-02-29 23:59:59.000001"), "2024-02-29 23:59:59.000001");
  EXPECT_EQ(ErrorText([] { ParseTimestamp("2025-02-29 00:00:00", Utc()); }),
            "22008:date/time field value out of range: \"2025-02-29 00:00:00\"");
}

TEST(DateTimeTest, ParsesTimestampTzOffsetsAndZones) {
  EXPECT_EQ(Tz("2026-01-15 10:00:00.123"), "2026-01-15 10:00:00.123+00");
  EXPECT_EQ(Tz("2026-01-15T10:00:00Z"), "2026-01-15 10:00:00+00");
  EXPECT_EQ(Tz("2026-01-15 10:00:00 UTC"), "2026-01-15 10:00:00+00");
  EXPECT_EQ(Tz("2026-01-15 10:00:00+05:30"), "2026-01-15 04:30:00+00");
  EXPECT_EQ(Tz("2026-01-15 10:00:00-0800"), "2026-01-15 18:00:00+00");
  EXPECT_EQ(Tz("epoch"), "1970-01-01 00:00:00+00");
  TimeZoneRegistry zones;
  DateTimeContext ctx;
  ctx.zones = &zones;
  EXPECT_EQ(Tz("2026-01-15 10:00:00.5 America/New_York", ctx), "2026-01-15 15:00:00.5+00");
}

// The common ISO form has its own fast reader; these sit on and beyond its edges (PostgreSQL
// 15's answers).
TEST(DateTimeTest, IsoFastPathAgreesWithTheParserAtItsEdges) {
  EXPECT_EQ(Tz("2026-01-15 24:00:00"), "2026-01-16 00:00:00+00");
  EXPECT_EQ(Tz("2026-12-31 23:59:60"), "2027-01-01 00:00:00+00");
  EXPECT_EQ(Tz("2024-02-29 12:00:00.000001-03"), "2024-02-29 15:00:00.000001+00");
  EXPECT_EQ(Ts("2024-02-29 12:00:00.000001-03"), "2024-02-29 12:00:00.000001");
  EXPECT_EQ(Tz("2026-01-15 10:00:00+15:59"), "2026-01-14 18:01:00+00");
  EXPECT_EQ(Tz("2026-01-15 10:00:00.1234567+01"), "2026-01-15 09:00:00.123457+00");
  EXPECT_EQ(Tz("2026-01-15T23:59:59.999999-00:30"), "2026-01-16 00:29:59.999999+00");
  EXPECT_EQ(Tz("1000-01-01 00:00:00+14"), "0999-12-31 10:00:00+00");
  EXPECT_EQ(Ts("2026-01-15 10:00:00.5"), "2026-01-15 10:00:00.5");
  EXPECT_EQ(D("2026-01-15"), "2026-01-15");
  EXPECT_EQ(ErrorText([] { ParseTimestampTz("2026-02-29 10:00:00", Utc()); }),
            "22008:date/time field value out of range: \"2026-02-29 10:00:00\"");
  EXPECT_EQ(ErrorText([] { ParseTimestampTz("2026-01-15 10:00:00+16", Utc()); }),
            "22009:time zone displacement out of range: \"2026-01-15 10:00:00+16\"");
}

TEST(DateTimeTest, ParsesDates) {
  EXPECT_EQ(D("2026-01-15"), "2026-01-15");
  EXPECT_EQ(D("20260115"), "2026-01-15");
  EXPECT_EQ(D("2026-1-5"), "2026-01-05");
  EXPECT_EQ(D("Jan 15 2026"), "2026-01-15");
  EXPECT_EQ(D("1/15/2026"), "2026-01-15");
  EXPECT_EQ(D("2026-01-15 10:00"), "2026-01-15");
  EXPECT_EQ(D("epoch"), "1970-01-01");
  EXPECT_EQ(D("infinity"), "infinity");
}

TEST(DateTimeTest, RelativeWordsUseNowAndZone) {
  TimeZoneRegistry zones;
  auto ny = zones.Find("America/New_York");
  DateTimeContext ctx{ny.get(), ParseTimestampTz("2026-01-15 03:00:00+00", Utc()), &zones};
  EXPECT_EQ(FormatDate(ParseDate("today", ctx)), "2026-01-14");
  EXPECT_EQ(FormatDate(ParseDate("tomorrow", ctx)), "2026-01-15");
  EXPECT_EQ(FormatTimestamp(ParseTimestamp("now", ctx)), "2026-01-14 22:00:00");
  EXPECT_EQ(FormatTimestampTz(ParseTimestampTz("yesterday", ctx), *ny), "2026-01-13 00:00:00-05");
  EXPECT_EQ(FormatTimestampTz(ParseTimestampTz("now", ctx), TimeZone::Utc()),
            "2026-01-15 03:00:00+00");
}

TEST(DateTimeTest, InputErrorsCarryPostgresCodes) {
  EXPECT_EQ(ErrorText([] { ParseTimestampTz("x", Utc()); }),
            "22007:invalid input syntax for type timestamp with time zone: \"x\"");
  EXPECT_EQ(ErrorText([] { ParseTimestamp("x", Utc()); }),
            "22007:invalid input syntax for type timestamp: \"x\"");
  EXPECT_EQ(ErrorText([] { ParseDate("2021-02-30", Utc()); }),
            "22008:date/time field value out of range: \"2021-02-30\"");
  EXPECT_EQ(ErrorText([] { ParseTimestamp("2021-01-01 25:00", Utc()); }),
            "22008:date/time field value out of range: \"2021-01-01 25:00\"");
  EXPECT_EQ(ErrorText([] { ParseInterval("1 foo"); }),
            "22007:invalid input syntax for type interval: \"1 foo\"");
}

TEST(DateTimeTest, IntervalInputAndOutput) {
  EXPECT_EQ(Iv("25:00"), "25:00:00");
  EXPECT_EQ(Iv("1 day 02:03:04.5"), "1 day 02:03:04.5");
  EXPECT_EQ(Iv("-1 mon"), "-1 mons");
  EXPECT_EQ(Iv("1 year 2 months"), "1 year 2 mons");
  EXPECT_EQ(Iv("24 hours"), "24:00:00");
  EXPECT_EQ(Iv("90 days"), "90 days");
  EXPECT_EQ(Iv("P1DT2H"), "1 day 02:00:00");
  EXPECT_EQ(Iv("@ 1 day ago"), "-1 days");
  EXPECT_EQ(Iv("-00:00:01"), "-00:00:01");
  EXPECT_EQ(Iv("1.5 days"), "1 day 12:00:00");
  EXPECT_EQ(Iv("1 week"), "7 days");
  EXPECT_EQ(Iv("2 weeks 3 days"), "17 days");
  EXPECT_EQ(Iv("1.5 years"), "1 year 6 mons");
  EXPECT_EQ(Iv("3 mins 4 secs"), "00:03:04");
  EXPECT_EQ(Iv("-1 day +02:00"), "-1 days +02:00:00");
  EXPECT_EQ(Iv("1 day -02:00"), "1 day -02:00:00");
  EXPECT_EQ(Iv("100 ms"), "00:00:00.1");
  EXPECT_EQ(Iv("1 microsecond"), "00:00:00.000001");
  EXPECT_EQ(Iv("P1Y2M3DT4H5M6S"), "1 year 2 mons 3 days 04:05:06");
  EXPECT_EQ(Iv("PT0.5S"), "00:00:00.5");
  EXPECT_EQ(Iv("P1.5D"), "1 day 12:00:00");
  EXPECT_EQ(Iv("-1 mon -1 day"), "-1 mons -1 days");
  EXPECT_EQ(Iv("@ 1 hour 30 minutes ago"), "-01:30:00");
  EXPECT_EQ(Iv("1:2"), "01:02:00");
  EXPECT_EQ(Iv("10"), "00:00:10");
  EXPECT_EQ(Iv("1 2:03"), "1 day 02:03:00");
  EXPECT_EQ(Iv("0"), "00:00:00");
  EXPECT_EQ(Iv("1 century"), "100 years");
  EXPECT_EQ(Iv("1.1 years"), "1 year 1 mon");
  EXPECT_EQ(Iv("1.01 months"), "1 mon 07:12:00");
  EXPECT_EQ(Iv("0.001 days"), "00:01:26.4");
  EXPECT_EQ(Iv("0.5 weeks"), "3 days 12:00:00");
  EXPECT_EQ(Iv("1-2"), "1 year 2 mons");
  EXPECT_EQ(Iv("-1-2"), "-1 years -2 mons");
  EXPECT_EQ(Iv("1 yr 2 hrs 3 mins"), "1 year 02:03:00");
  EXPECT_EQ(Iv("5 m"), "00:05:00");
  EXPECT_EQ(Iv("-1 year -2 mons 3 days"), "-1 years -2 mons +3 days");
  EXPECT_EQ(Iv("1 year -2 mons -3 days 01:00"), "10 mons -3 days +01:00:00");
  EXPECT_EQ(Iv("1.5 microseconds"), "00:00:00.000001");
  EXPECT_EQ(Iv("1.7 months"), "1 mon 21 days");
}

TEST(DateTimeTest, TimestampIntervalArithmetic) {
  int64_t jan31 = ParseTimestamp("2026-01-31 10:00", Utc());
  EXPECT_EQ(FormatTimestamp(TimestampAddInterval(jan31, ParseInterval("1 mon"))),
            "2026-02-28 10:00:00");
  EXPECT_EQ(FormatTimestamp(TimestampSubInterval(jan31, ParseInterval("7 days 1 hour"))),
            "2026-01-24 09:00:00");
  int64_t a = ParseTimestamp("2026-01-15 10:00", Utc());
  int64_t b = ParseTimestamp("2026-01-13 08:30", Utc());
  EXPECT_EQ(FormatInterval(TimestampDiff(a, b)), "2 days 01:30:00");
  EXPECT_EQ(FormatInterval(TimestampDiff(b, a)), "-2 days -01:30:00");
  EXPECT_EQ(FormatTimestamp(
                DateAddInterval(ParseDate("2026-01-15", Utc()), ParseInterval("1 day 2 hours"))),
            "2026-01-16 02:00:00");
  EXPECT_EQ(DateDiff(ParseDate("2026-03-01", Utc()), ParseDate("2026-02-01", Utc())), 28);
}

TEST(DateTimeTest, TimestampTzDayStepsFollowTheZone) {
  TimeZoneRegistry zones;
  auto ny = zones.Find("America/New_York");
  DateTimeContext ctx{ny.get(), 0, &zones};
  int64_t t = ParseTimestampTz("2021-11-06 01:30", ctx);
  EXPECT_EQ(FormatTimestampTz(TimestampTzAddInterval(t, ParseInterval("1 day"), *ny), *ny),
            "2021-11-07 01:30:00-05");
  int64_t u = ParseTimestampTz("2021-11-07 00:30", ctx);
  EXPECT_EQ(FormatTimestampTz(TimestampTzAddInterval(u, ParseInterval("1 hour"), *ny), *ny),
            "2021-11-07 01:30:00-04");
  EXPECT_EQ(Tz("2021-03-14 02:30", ctx), "2021-03-14 03:30:00-04");
  EXPECT_EQ(Tz("2021-11-07 01:30", ctx), "2021-11-07 01:30:00-05");
}

TEST(DateTimeTest, IntervalMathAndJustify) {
  EXPECT_EQ(FormatInterval(IntervalMul(ParseInterval("1 day"), 1.5)), "1 day 12:00:00");
  EXPECT_EQ(FormatInterval(IntervalDiv(ParseInterval("1 mon"), 3)), "10 days");
  EXPECT_EQ(FormatInterval(JustifyHours(ParseInterval("50 hours"))), "2 days 02:00:00");
  EXPECT_EQ(FormatInterval(JustifyDays(ParseInterval("35 days"))), "1 mon 5 days");
  EXPECT_EQ(FormatInterval(JustifyInterval(ParseInterval("1 mon -1 hour"))), "29 days 23:00:00");
  EXPECT_EQ(CompareIntervals(ParseInterval("1 mon"), ParseInterval("30 days")), 0);
  EXPECT_LT(CompareIntervals(ParseInterval("23 hours"), ParseInterval("1 day")), 0);
}

TEST(DateTimeTest, TruncAndExtract) {
  int64_t t = ParseTimestamp("2026-01-15 10:20:04.5", Utc());
  EXPECT_EQ(FormatTimestamp(TimestampTrunc("week", t)), "2026-01-12 00:00:00");
  EXPECT_EQ(FormatTimestamp(TimestampTrunc("hour", t)), "2026-01-15 10:00:00");
  EXPECT_EQ(FormatTimestamp(TimestampTrunc("quarter", t)), "2026-01-01 00:00:00");
  EXPECT_EQ(FormatTimestamp(TimestampTrunc("century", t)), "2001-01-01 00:00:00");
  EXPECT_EQ(ExtractTimestamp("second", t)->ToString(), "4.500000");
  EXPECT_EQ(ExtractTimestamp("milliseconds", t)->ToString(), "4500.000");
  EXPECT_EQ(ExtractTimestamp("microseconds", t)->ToString(), "4500000");
  EXPECT_EQ(ExtractTimestamp("epoch", ParseTimestamp("2026-01-15 10:00:00.5", Utc()))->ToString(),
            "1768471200.500000");
  EXPECT_EQ(ExtractTimestamp("century", ParseTimestamp("2000-12-31", Utc()))->ToString(), "20");
  EXPECT_EQ(ExtractTimestamp("week", ParseTimestamp("2026-01-01", Utc()))->ToString(), "1");
  EXPECT_EQ(ExtractTimestamp("isodow", ParseTimestamp("2026-01-18", Utc()))->ToString(), "7");
  EXPECT_EQ(ExtractTimestamp("doy", ParseTimestamp("2026-02-01", Utc()))->ToString(), "32");
  EXPECT_EQ(ExtractDate("epoch", ParseDate("2026-01-15", Utc()))->ToString(), "1768435200");
  EXPECT_EQ(ExtractInterval("epoch", ParseInterval("1 year 1 mon 1 day 1.5 sec")).ToString(),
            "34236001.500000");
  EXPECT_EQ(ExtractInterval("hour", ParseInterval("-25 hours")).ToString(), "-25");
  EXPECT_EQ(ExtractInterval("minute", ParseInterval("-90 min")).ToString(), "-30");
  EXPECT_EQ(ExtractTimestamp("year", kTimestampInfinity)->ToString(), "Infinity");
  EXPECT_FALSE(ExtractTimestamp("hour", kTimestampInfinity).has_value());
  EXPECT_EQ(ErrorText([] { TimestampTzTrunc("foo", 0, TimeZone::Utc()); }),
            "22023:unit \"foo\" not recognized for type timestamp with time zone");
  EXPECT_EQ(ErrorText([] { ExtractDate("hour", 0); }),
            "0A000:unit \"hour\" not supported for type date");
  EXPECT_EQ(ErrorText([] { ExtractInterval("dow", Interval{}); }),
            "0A000:unit \"dow\" not supported for type interval");
}

TEST(DateTimeTest, Age) {
  EXPECT_EQ(FormatInterval(AgeTimestamp(ParseTimestamp("2026-03-15 10:00", Utc()),
                                        ParseTimestamp("2025-01-31 12:00", Utc()))),
            "1 year 1 mon 14 days 22:00:00");
  EXPECT_EQ(FormatInterval(AgeTimestamp(ParseTimestamp("2025-01-31 12:00", Utc()),
                                        ParseTimestamp("2026-03-15 10:00", Utc()))),
            "-1 years -1 mons -14 days -22:00:00");
  EXPECT_EQ(FormatInterval(AgeTimestamp(ParseTimestamp("2026-03-01", Utc()),
                                        ParseTimestamp("2026-01-31", Utc()))),
            "1 mon 1 day");
  EXPECT_EQ(FormatInterval(AgeTimestamp(ParseTimestamp("2026-01-31", Utc()),
                                        ParseTimestamp("2026-03-01", Utc()))),
            "-1 mons -1 days");
}

TEST(DateTimeTest, ToTimestamp) {
  EXPECT_EQ(FormatTimestampTz(ToTimestamp(1768471200.5), TimeZone::Utc()),
            "2026-01-15 10:00:00.5+00");
}

}  // namespace
}  // namespace firn
