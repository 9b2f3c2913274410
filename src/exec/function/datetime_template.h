// to_char's template formatting of timestamps and intervals, as PostgreSQL's "Data Type
// Formatting Functions" describe it: patterns (HH24, YYYY, Month, IW, TZ, ...) with the FM
// and TM prefixes and the TH/th suffix, double-quoted literal text, everything else copied.
// Internal to src/exec/function/. Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "types/value.h"

namespace firn::function_internal {

// to_char(timestamp | timestamptz, format) of the wall-clock time `local_micros` (microseconds
// since 1970-01-01). `utc_offset` (seconds east) and `zone_abbreviation` are what TZH, TZM,
// OF and TZ print: 0 and "" for a timestamp. nullopt (SQL NULL) for an infinite value or an
// empty format, as in PostgreSQL 15.
std::optional<std::string> ToCharTimestamp(int64_t local_micros, std::string_view format,
                                           int32_t utc_offset, std::string_view zone_abbreviation);

// to_char(interval, format): fields are the interval's own (years, months, days, hours that may
// exceed 23, signs kept). Calendar-only patterns (Month, Day, D, ID, AD/BC, TZ, TZH, TZM, OF)
// are 22007 "invalid format specification for an interval value". nullopt for an empty format.
std::optional<std::string> ToCharInterval(const Interval& iv, std::string_view format);

}  // namespace firn::function_internal
