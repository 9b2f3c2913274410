// Proleptic Gregorian calendar arithmetic on day numbers (days since 1970-01-01).
// Thread-safety: pure constexpr functions.
#pragma once

#include <cstdint>

namespace firn::civil {

struct YearMonthDay {
  int64_t year;
  int month;  // 1..12
  int day;    // 1..31
};

constexpr bool IsLeapYear(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

constexpr int DaysInMonth(int64_t y, int m) {
  constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeapYear(y) ? 29 : kDays[m - 1];
}

// Day number of y-m-d; month and day must be in range.
constexpr int64_t DaysFromCivil(int64_t y, int m, int d) {
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;                                   // [0, 399]
  int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;  // [0, 365]
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;           // [0, 146096]
  return era * 146097 + doe - 719468;
}

constexpr YearMonthDay CivilFromDays(int64_t z) {
  z += 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = yoe + era * 400;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return {y + (m <= 2), m, d};
}

// 0 = Sunday .. 6 = Saturday.
constexpr int WeekdayFromDays(int64_t z) {
  int64_t w = (z + 4) % 7;
  return static_cast<int>(w < 0 ? w + 7 : w);
}

// ISO 8601 day of week: 1 = Monday .. 7 = Sunday.
constexpr int IsoWeekdayFromDays(int64_t z) {
  int w = WeekdayFromDays(z);
  return w == 0 ? 7 : w;
}

// ISO 8601 week-numbering year of the day `z` and the day number of its first Monday.
struct IsoYearStart {
  int64_t year;
  int64_t first_monday;
};
constexpr IsoYearStart IsoYearOf(int64_t z) {
  // The ISO year is the calendar year of the week's Thursday; week 1 holds January 4.
  int64_t year = CivilFromDays(z - IsoWeekdayFromDays(z) + 4).year;
  int64_t jan4 = DaysFromCivil(year, 1, 4);
  return {year, jan4 - (IsoWeekdayFromDays(jan4) - 1)};
}

// ISO 8601 week number (1..53) of the day `z`.
constexpr int64_t IsoWeekFromDays(int64_t z) { return (z - IsoYearOf(z).first_monday) / 7 + 1; }

// Floor division and modulo for negative operands.
constexpr int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}
constexpr int64_t FloorMod(int64_t a, int64_t b) { return a - FloorDiv(a, b) * b; }

}  // namespace firn::civil
