// TimeZone: TZif loading, POSIX rules past the last transition, gaps/overlaps, registry.
#include "types/timezone.h"

#include <gtest/gtest.h>

#include "types/datetime.h"

namespace firn {
namespace {

int64_t Utc(std::string_view s) { return ParseTimestampTz(s, DateTimeContext{}); }

TEST(TimeZoneTest, FixedAndUtcZones) {
  TimeZoneRegistry reg;
  EXPECT_EQ(reg.Find("UTC")->OffsetAtUtc(0), 0);
  EXPECT_EQ(reg.Find("utc")->name(), "UTC");
  EXPECT_EQ(reg.Find("Z")->OffsetAtUtc(0), 0);
  EXPECT_EQ(reg.Find("GMT")->name(), "GMT");
  EXPECT_EQ(reg.Find("+02")->OffsetAtUtc(0), 7200);
  EXPECT_EQ(reg.Find("-5")->OffsetAtUtc(0), -5 * 3600);
  // PostgreSQL reads "hh:mm" zone strings with the POSIX sign: "-05:30" is 5:30 east.
  EXPECT_EQ(reg.Find("-05:30")->OffsetAtUtc(0), 5 * 3600 + 1800);
  EXPECT_EQ(reg.Find("No/Such_Zone"), nullptr);
  EXPECT_EQ(reg.Find("../../etc/passwd"), nullptr);
}

TEST(TimeZoneTest, NamedZonesFollowTransitions) {
  TimeZoneRegistry reg;
  auto ny = reg.Find("America/New_York");
  ASSERT_NE(ny, nullptr);
  EXPECT_EQ(ny->OffsetAtUtc(Utc("2026-01-15 12:00")), -5 * 3600);
  EXPECT_EQ(ny->OffsetAtUtc(Utc("2026-07-15 12:00")), -4 * 3600);
  // Far past the last TZif transition: the POSIX footer rule decides.
  EXPECT_EQ(ny->OffsetAtUtc(Utc("2200-07-15 12:00")), -4 * 3600);
  EXPECT_EQ(ny->OffsetAtUtc(Utc("2200-01-15 12:00")), -5 * 3600);
  EXPECT_EQ(reg.Find("america/new_york")->name(), "America/New_York");
  EXPECT_EQ(reg.Find("America/New_York").get(), ny.get());  // cached
  auto london = reg.Find("Europe/London");
  EXPECT_EQ(FormatTimestampTz(Utc("1800-07-01 12:00"), *london), "1800-07-01 11:58:45-00:01:15");
  EXPECT_EQ(FormatTimestampTz(Utc("2100-07-01 11:00"), *london), "2100-07-01 12:00:00+01");
  auto kolkata = reg.Find("Asia/Kolkata");
  EXPECT_EQ(FormatTimestampTz(Utc("2026-01-15 10:00"), *kolkata), "2026-01-15 15:30:00+05:30");
  auto sydney = reg.Find("Australia/Sydney");
  EXPECT_EQ(sydney->OffsetAtUtc(Utc("2250-01-15 00:00")), 11 * 3600);
  EXPECT_EQ(sydney->OffsetAtUtc(Utc("2250-07-15 00:00")), 10 * 3600);
}

TEST(TimeZoneTest, LocalTimesInGapsAndOverlapsFollowPostgres) {
  TimeZoneRegistry reg;
  auto ny = reg.Find("America/New_York");
  // Fall back: 01:30 happens twice; PostgreSQL takes the later (standard time) reading.
  EXPECT_EQ(ny->OffsetAtLocal(ParseTimestamp("2021-11-07 01:30", DateTimeContext{})), -5 * 3600);
  // Spring forward: 02:30 does not exist; the offset from before the jump applies.
  EXPECT_EQ(ny->OffsetAtLocal(ParseTimestamp("2021-03-14 02:30", DateTimeContext{})), -5 * 3600);
  EXPECT_EQ(ny->OffsetAtLocal(ParseTimestamp("2021-03-14 03:30", DateTimeContext{})), -4 * 3600);
}

TEST(TimeZoneTest, PosixRuleParsing) {
  auto rule = TimeZone::ParsePosixRule("CET-1CEST,M3.5.0,M10.5.0/3");
  ASSERT_TRUE(rule.has_value());
  EXPECT_EQ(rule->std_offset, 3600);
  EXPECT_EQ(rule->dst_offset, 7200);
  EXPECT_EQ(rule->end.time, 3 * 3600);
  auto fixed = TimeZone::ParsePosixRule("<+0530>-5:30");
  ASSERT_TRUE(fixed.has_value());
  EXPECT_EQ(fixed->std_offset, 5 * 3600 + 1800);
  EXPECT_FALSE(fixed->has_dst);
  EXPECT_FALSE(TimeZone::ParsePosixRule("garbage,").has_value());
  EXPECT_EQ(rule->std_abbreviation, "CET");
  EXPECT_EQ(rule->dst_abbreviation, "CEST");
  EXPECT_EQ(fixed->std_abbreviation, "+0530");
  // Like tzcode's getzname, the standard name may be empty; hours go up to 167.
  auto unnamed = TimeZone::ParsePosixRule("+05:30");
  ASSERT_TRUE(unnamed.has_value());
  EXPECT_EQ(unnamed->std_offset, -(5 * 3600 + 1800));
  EXPECT_EQ(unnamed->std_abbreviation, "");
  EXPECT_EQ(TimeZone::ParsePosixRule("UTC+167")->std_offset, -167 * 3600);
  EXPECT_FALSE(TimeZone::ParsePosixRule("UTC+168").has_value());
  EXPECT_FALSE(TimeZone::ParsePosixRule("UTC+3:60").has_value());
  EXPECT_FALSE(TimeZone::ParsePosixRule("x+1y,M13.1.0,M1.1.0").has_value());
}

// AT TIME ZONE's names: zone files first, then POSIX strings, whose numbers count west.
TEST(TimeZoneTest, NameOrPosixCountsWestLikePostgres) {
  TimeZoneRegistry reg;
  EXPECT_EQ(reg.FindNameOrPosix("+05")->OffsetAtUtc(0), -5 * 3600);  // Find: +5 east
  EXPECT_EQ(reg.FindNameOrPosix("5")->OffsetAtUtc(0), -5 * 3600);
  EXPECT_EQ(reg.FindNameOrPosix("-05:30")->OffsetAtUtc(0), 5 * 3600 + 1800);
  EXPECT_EQ(reg.FindNameOrPosix("utc+3")->OffsetAtUtc(0), -3 * 3600);
  EXPECT_EQ(reg.FindNameOrPosix("Etc/GMT+3")->name(), "Etc/GMT+3");
  EXPECT_EQ(reg.FindNameOrPosix("america/new_york")->name(), "America/New_York");
  // EST5EDT is a file (with history), not the POSIX string: no summer time in 1960.
  EXPECT_EQ(reg.FindNameOrPosix("EST5EDT")->OffsetAtUtc(Utc("1960-07-01 12:00")), -5 * 3600);
  // Summer time without rules follows the US rules.
  auto us = reg.FindNameOrPosix("XYZ5ABC");
  ASSERT_NE(us, nullptr);
  EXPECT_EQ(us->OffsetAtUtc(Utc("2024-03-15 12:00")), -4 * 3600);
  EXPECT_EQ(us->OffsetAtUtc(Utc("2024-01-15 12:00")), -5 * 3600);
  EXPECT_EQ(us->OffsetAtLocal(ParseTimestamp("2024-03-10 02:30", DateTimeContext{})), -5 * 3600);
  for (const char* bad : {"", "xyz", "UTC+168", "Europe/Berlin/", "/Europe/Berlin", " UTC"}) {
    EXPECT_EQ(reg.FindNameOrPosix(bad), nullptr) << bad;
  }
}

// Abbreviations are what to_char's TZ prints: from the TZif designations, then the POSIX
// footer's names; fixed zones use their ISO offset or none, as PostgreSQL does.
TEST(TimeZoneTest, Abbreviations) {
  TimeZoneRegistry reg;
  auto ny = reg.Find("America/New_York");
  EXPECT_EQ(ny->AbbreviationAtUtc(Utc("2026-01-15 12:00")), "EST");
  EXPECT_EQ(ny->AbbreviationAtUtc(Utc("2026-07-15 12:00")), "EDT");
  EXPECT_EQ(ny->AbbreviationAtUtc(Utc("2300-07-15 12:00")), "EDT");
  EXPECT_EQ(reg.Find("Europe/London")->AbbreviationAtUtc(Utc("1800-07-01 12:00")), "LMT");
  EXPECT_EQ(reg.Find("Asia/Dubai")->AbbreviationAtUtc(Utc("2026-01-15 12:00")), "+04");
  EXPECT_EQ(reg.Find("UTC")->AbbreviationAtUtc(0), "UTC");
  EXPECT_EQ(reg.Find("+02")->AbbreviationAtUtc(0), "+02");
  EXPECT_EQ(reg.Find("-5")->AbbreviationAtUtc(0), "-05");
  EXPECT_EQ(reg.Find("-05:30")->AbbreviationAtUtc(0), "");
}

TEST(TimeZoneTest, UtcOffsetFormatting) {
  std::string s;
  AppendUtcOffset(0, &s);
  s += ' ';
  AppendUtcOffset(-5 * 3600, &s);
  s += ' ';
  AppendUtcOffset(5 * 3600 + 1800, &s);
  s += ' ';
  AppendUtcOffset(-75, &s);
  EXPECT_EQ(s, "+00 -05 +05:30 -00:01:15");
}

}  // namespace
}  // namespace firn
