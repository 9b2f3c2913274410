// The reading half of to_timestamp / to_date: the fields a datetime template finds in a
// string (datetime_from_char.cc), which to_timestamp.cc combines into a date and time.
// Internal to src/exec/function/. Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

namespace firn::function_internal {

enum class DateMode { kNone, kGregorian, kIsoWeek };

// The fields read from the input, as PostgreSQL's TmFromChar holds them (0 = not given).
struct DateFields {
  DateMode mode = DateMode::kNone;
  int hh = 0, pm = 0, mi = 0, ss = 0, ssss = 0, d = 0, dd = 0, ddd = 0, mm = 0, ms = 0;
  int year = 0, bc = 0, ww = 0, w = 0, cc = 0, j = 0, us = 0, yysz = 0, ff = 0;
  bool twelve_hour = false;
  int tzsign = 0, tzh = 0, tzm = 0;
};

// Reads `input` through the template `format` (nothing for an empty one). 22007 for input
// that does not fit, 22008 for a number out of the int range, 0A000 for TZ and OF.
DateFields ReadDateFields(std::string_view input, std::string_view format);

// Throws 22007 (invalid_datetime_format) with the optional detail and hint.
[[noreturn]] void FailDatetimeFormat(const std::string& message, std::string detail = "",
                                     std::string hint = "");

}  // namespace firn::function_internal
