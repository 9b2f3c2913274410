// to_char(number, format) and to_number(text, format), as PostgreSQL 15's "Data Type
// Formatting Functions" describe them: digit positions 9 and 0, the decimal point (. or D),
// group separators (, or G), signs (S, MI, PL, SG, PR), L, V, EEEE, RN/rn, TH/th, the FM
// prefix, and literal text (double-quoted, or any other character). The C locale is assumed
// (D is '.', G is ',', L a space), which is what Firn's sessions use.
// Internal to src/exec/function/. Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "types/numeric.h"

namespace firn::function_internal {

// to_char(numeric, format): the value rounded (half away from zero) to the template's digits
// after the point; '#' in every digit position when it has too many digits before it. An
// empty format gives "". Errors: 42601 for an inconsistent template, and for RN the ones of
// numeric -> integer (22003, 0A000 for NaN and infinity).
std::string ToCharNumeric(const Numeric& value, std::string_view format);

// to_char(int4 | int8, format). `is_int8` decides EEEE (float8 vs. exact) and RN out of the
// int4 range (22003 for int8, '#' for int4), as in PostgreSQL.
std::string ToCharInteger(int64_t value, bool is_int8, std::string_view format);

// to_char(float4 | float8, format): printed with at most 6 (float4) or 15 (float8)
// significant digits, like PostgreSQL's "%.*f".
std::string ToCharFloat(double value, bool is_float4, std::string_view format);

// to_number(text, format): the digits, point and sign the template finds in `text`, scaled
// by V. nullopt (NULL) for an empty format; 22P02 when no number is found; 0A000 for EEEE
// and RN, which PostgreSQL 15 cannot read.
std::optional<Numeric> ToNumber(std::string_view text, std::string_view format);

}  // namespace firn::function_internal
