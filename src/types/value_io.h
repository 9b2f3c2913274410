// Value text and binary I/O exactly as PostgreSQL's typinput/typoutput/typreceive/typsend:
// text output for DataRow and COPY TO, text input for literals, parameters and COPY FROM,
// binary send/receive for the extended protocol's binary format.
// Thread-safety: pure functions; IoContext is read-only here.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "types/datetime.h"
#include "types/timezone.h"
#include "types/value.h"
#include "types/vector.h"

namespace firn {

// Everything text I/O depends on besides the value (the session's settings).
struct IoContext {
  const TimeZone* time_zone = nullptr;      // session TimeZone; nullptr = UTC
  int64_t now_micros = 0;                   // transaction start, for 'now'/'today'
  const TimeZoneRegistry* zones = nullptr;  // zone names inside timestamptz input; optional
  int extra_float_digits = 1;               // PostgreSQL's extra_float_digits (> 0: shortest)

  const TimeZone& zone() const { return time_zone != nullptr ? *time_zone : TimeZone::Utc(); }
  DateTimeContext datetime() const { return DateTimeContext{time_zone, now_micros, zones}; }
};
using FormatOptions = IoContext;

// --- Text output ---
// Appends the text form of a non-NULL value. REQUIRES: !v.is_null().
void AppendValueText(const Value& v, const IoContext& ctx, std::string* out);
// Text form; NULL becomes "" (callers send NULL separately).
std::string ValueToText(const Value& v, const IoContext& ctx = IoContext());
// Hot-path helpers.
void AppendInt64Text(int64_t v, std::string* out);
void AppendFloat8Text(double v, int extra_float_digits, std::string* out);
void AppendFloat4Text(float v, int extra_float_digits, std::string* out);
void AppendBoolText(bool b, std::string* out);  // "t" / "f"

// --- Text input ---
// Parses `text` as `type`, applying the type modifier as an assignment would (varchar(n):
// 22001 when too long unless the excess is spaces; bpchar(n): blank-padded; numeric(p,s)).
// Errors: 22P02 invalid syntax, 22003 out of range, 22007/22008 date/time, 22001 length.
Value ParseValueText(std::string_view text, Type type, const IoContext& ctx = IoContext());
// A column of text fields into `out` (of `type`, `rows` rows, every one NULL): row r
// becomes what ParseValueText returns for texts[r], unless nulls[r] (then it stays NULL).
// The common types are parsed without building a Value (COPY reads every field this way).
// On a bad field, sets *bad_row to its row and throws ParseValueText's SqlError.
void ParseTextColumn(const std::string_view* texts, const uint8_t* nulls, size_t rows,
                     const Type& type, const IoContext& ctx, Vector* out, size_t* bad_row);
bool ParseBoolText(std::string_view text);                  // boolin
int64_t ParseIntText(std::string_view text, TypeId type);   // int2/int4/int8/oid
double ParseFloatText(std::string_view text, TypeId type);  // float4/float8

// Applies a string type's modifier: `explicit_cast` truncates silently (PostgreSQL's
// explicit cast); otherwise 22001 "value too long for type character varying(n)".
std::string ApplyStringTypmod(std::string s, Type type, bool explicit_cast);

// --- Binary (typsend / typreceive) ---
// REQUIRES: !v.is_null().
void AppendValueBinary(const Value& v, std::string* out);
// Decodes one non-NULL field; 22P03 on malformed data. Typmods are applied as in text input.
Value ParseValueBinary(std::string_view bytes, Type type);

}  // namespace firn
