// Text output and input of scalar values (PostgreSQL's typoutput/typinput); arrays are in
// array_io.cc, binary in value_binary.cc.
// Thread-safety: pure functions.
#include "types/value_io.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "common/sql_error.h"
#include "types/array_io.h"
#include "types/json.h"

namespace firn {
namespace {

std::string_view TrimSpace(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

const char* IntTypeName(TypeId t) {
  switch (t) {
    case TypeId::kInt2:
      return "smallint";
    case TypeId::kInt4:
      return "integer";
    case TypeId::kOid:
      return "oid";
    default:
      return "bigint";
  }
}

// Shortest round-trip digits in PostgreSQL's layout: exponential when the decimal exponent
// is < -4 or >= `max_fixed_exp` (15 for float8, 6 for float4).
template <typename F>
void AppendShortest(F v, int max_fixed_exp, std::string* out) {
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof(buf), v, std::chars_format::scientific);
  std::string_view sci(buf, static_cast<size_t>(res.ptr - buf));
  size_t e = sci.find('e');
  int exp = std::atoi(std::string(sci.substr(e + 1)).c_str());
  bool neg = sci[0] == '-';
  std::string digits;
  for (char c : sci.substr(0, e)) {
    if (c >= '0' && c <= '9') digits.push_back(c);
  }
  if (neg) out->push_back('-');
  if (exp < -4 || exp >= max_fixed_exp) {
    out->push_back(digits[0]);
    if (digits.size() > 1) {
      out->push_back('.');
      out->append(digits, 1);
    }
    out->push_back('e');
    out->push_back(exp < 0 ? '-' : '+');
    int a = exp < 0 ? -exp : exp;
    if (a < 10) out->push_back('0');
    out->append(std::to_string(a));
  } else if (exp < 0) {
    out->append("0.");
    out->append(static_cast<size_t>(-exp - 1), '0');
    out->append(digits);
  } else {
    int int_digits = exp + 1;
    if (static_cast<int>(digits.size()) <= int_digits) {
      out->append(digits);
      out->append(static_cast<size_t>(int_digits - static_cast<int>(digits.size())), '0');
    } else {
      out->append(digits, 0, static_cast<size_t>(int_digits));
      out->push_back('.');
      out->append(digits, static_cast<size_t>(int_digits));
    }
  }
}

template <typename F>
bool AppendFloatSpecial(F v, std::string* out) {
  if (std::isnan(v)) return out->append("NaN"), true;
  if (std::isinf(v)) return out->append(v > 0 ? "Infinity" : "-Infinity"), true;
  return false;
}

size_t Utf8Length(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// Byte offset of the `chars`-th character.
size_t Utf8Offset(std::string_view s, size_t chars) {
  size_t i = 0;
  for (; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
      if (chars == 0) return i;
      --chars;
    }
  }
  return i;
}

}  // namespace

void AppendInt64Text(int64_t v, std::string* out) {
  char buf[24];
  auto res = std::to_chars(buf, buf + sizeof(buf), v);
  out->append(buf, res.ptr);
}

void AppendBoolText(bool b, std::string* out) { out->push_back(b ? 't' : 'f'); }

void AppendFloat8Text(double v, int extra_float_digits, std::string* out) {
  if (AppendFloatSpecial(v, out)) return;
  if (extra_float_digits > 0) return AppendShortest(v, 15, out);
  char buf[64];
  int n = std::snprintf(buf, sizeof(buf), "%.*g", 15 + extra_float_digits, v);
  out->append(buf, static_cast<size_t>(n));
}

void AppendFloat4Text(float v, int extra_float_digits, std::string* out) {
  if (AppendFloatSpecial(v, out)) return;
  if (extra_float_digits > 0) return AppendShortest(v, 6, out);
  char buf[64];
  int n = std::snprintf(buf, sizeof(buf), "%.*g", 6 + extra_float_digits, static_cast<double>(v));
  out->append(buf, static_cast<size_t>(n));
}

void AppendValueText(const Value& v, const IoContext& ctx, std::string* out) {
  switch (v.type().id) {
    case TypeId::kBool:
      return AppendBoolText(v.GetBool(), out);
    case TypeId::kInt2:
    case TypeId::kInt4:
    case TypeId::kInt8:
    case TypeId::kOid:
      return AppendInt64Text(v.GetInt64(), out);
    case TypeId::kFloat4:
      return AppendFloat4Text(static_cast<float>(v.GetDouble()), ctx.extra_float_digits, out);
    case TypeId::kFloat8:
      return AppendFloat8Text(v.GetDouble(), ctx.extra_float_digits, out);
    case TypeId::kNumeric:
      out->append(v.GetNumeric().ToString());
      return;
    case TypeId::kDate:
      return AppendDate(v.GetInt64(), out);
    case TypeId::kTimestamp:
      return AppendTimestamp(v.GetInt64(), out);
    case TypeId::kTimestampTz:
      return AppendTimestampTz(v.GetInt64(), ctx.zone(), out);
    case TypeId::kInterval:
      return AppendInterval(v.GetInterval(), out);
    case TypeId::kArray:
      return AppendArrayText(v, ctx, out);
    case TypeId::kUuid:
      return AppendUuidText(v.GetUuid(), out);
    case TypeId::kJson:
    case TypeId::kJsonb:
    case TypeId::kText:
    case TypeId::kVarchar:
    case TypeId::kBpchar:
    case TypeId::kName:
    case TypeId::kChar:
    case TypeId::kUnknown:
      out->append(v.GetString());
      return;
  }
}

std::string ValueToText(const Value& v, const IoContext& ctx) {
  std::string s;
  if (!v.is_null()) AppendValueText(v, ctx, &s);
  return s;
}

bool ParseBoolText(std::string_view text) {
  std::string_view s = TrimSpace(text);
  std::string l;
  for (char c : s) l.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  auto prefix_of = [&](std::string_view word, size_t min_len) {
    return l.size() >= min_len && l.size() <= word.size() && word.substr(0, l.size()) == l;
  };
  if (prefix_of("true", 1) || prefix_of("yes", 1) || l == "on" || l == "1") return true;
  if (prefix_of("false", 1) || prefix_of("no", 1) || prefix_of("off", 2) || l == "0") {
    return false;
  }
  throw SqlError(sqlstate::kInvalidTextRepresentation,
                 "invalid input syntax for type boolean: \"" + std::string(text) + "\"");
}

int64_t ParseIntText(std::string_view text, TypeId type) {
  // Plain digits, optionally negative, at most 18 of them: no spaces, no overflow.
  if (!text.empty() && text.size() <= 19 && type != TypeId::kOid) {
    size_t i = text[0] == '-' ? 1 : 0;
    int64_t v = 0;
    if (i < text.size() && text.size() - i <= 18) {
      for (; i < text.size(); i++) {
        unsigned digit = static_cast<unsigned char>(text[i]) - unsigned{'0'};
        if (digit > 9) break;
        v = v * 10 + digit;
      }
      if (i == text.size()) {
        if (text[0] == '-') v = -v;
        bool fits = type == TypeId::kInt2   ? v >= INT16_MIN && v <= INT16_MAX
                    : type == TypeId::kInt4 ? v >= INT32_MIN && v <= INT32_MAX
                                            : true;
        if (fits) return v;
      }
    }
  }
  std::string_view s = TrimSpace(text);
  auto bad = [&] {
    return SqlError(sqlstate::kInvalidTextRepresentation,
                    std::string("invalid input syntax for type ") + IntTypeName(type) + ": \"" +
                        std::string(text) + "\"");
  };
  auto range = [&] {
    return SqlError(
        sqlstate::kNumericValueOutOfRange,
        "value \"" + std::string(text) + "\" is out of range for type " + IntTypeName(type));
  };
  size_t i = 0;
  bool neg = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) neg = s[i++] == '-';
  if (i >= s.size()) throw bad();
  unsigned __int128 mag = 0;
  for (; i < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') throw bad();
    mag = mag * 10 + static_cast<unsigned>(s[i] - '0');
    if (mag > (static_cast<unsigned __int128>(1) << 64))
      mag = static_cast<unsigned __int128>(1) << 64;
  }
  __int128 v = neg ? -static_cast<__int128>(mag) : static_cast<__int128>(mag);
  __int128 lo, hi;
  switch (type) {
    case TypeId::kInt2:
      lo = INT16_MIN, hi = INT16_MAX;
      break;
    case TypeId::kInt4:
      lo = INT32_MIN, hi = INT32_MAX;
      break;
    case TypeId::kOid:
      // oidin accepts -2147483648..4294967295 and wraps negatives.
      lo = INT32_MIN, hi = UINT32_MAX;
      if (v < lo || v > hi) throw range();
      return static_cast<int64_t>(static_cast<uint32_t>(static_cast<int64_t>(v)));
    default:
      lo = INT64_MIN, hi = INT64_MAX;
      break;
  }
  if (v < lo || v > hi) throw range();
  return static_cast<int64_t>(v);
}

double ParseFloatText(std::string_view text, TypeId type) {
  const char* name = type == TypeId::kFloat4 ? "real" : "double precision";
  std::string_view s = TrimSpace(text);
  // Plain decimal numbers (COPY reads millions): from_chars rounds as strtod does; signs,
  // special words, hex, overflow and underflow take the general path below.
  if (type == TypeId::kFloat8 && !s.empty() &&
      (std::isdigit(static_cast<unsigned char>(s[0])) || s[0] == '.')) {
    double v = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec == std::errc() && end == s.data() + s.size() && !(s.size() > 1 && s[1] == 'x')) {
      return v;
    }
  }
  std::string l;
  for (char c : s) l.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  if (l == "nan" || l == "+nan" || l == "-nan") return std::nan("");
  if (l == "infinity" || l == "+infinity" || l == "inf" || l == "+inf") return HUGE_VAL;
  if (l == "-infinity" || l == "-inf") return -HUGE_VAL;
  auto bad = [&] {
    return SqlError(
        sqlstate::kInvalidTextRepresentation,
        std::string("invalid input syntax for type ") + name + ": \"" + std::string(text) + "\"");
  };
  if (l.empty()) throw bad();
  // Hexadecimal too ("0x1p3" = 8), as PostgreSQL's strtod reads it.
  size_t digits = l[0] == '+' || l[0] == '-' ? 1 : 0;
  bool hex = l.compare(digits, 2, "0x") == 0;
  for (size_t i = 0; i < l.size(); i++) {
    char c = l[i];
    bool ok = std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == '+' || c == '-' ||
              (hex ? (i == digits + 1 || c == 'p' || (c >= 'a' && c <= 'f')) : c == 'e');
    if (!ok) throw bad();
  }
  errno = 0;
  char* end = nullptr;
  double v = std::strtod(l.c_str(), &end);
  if (end != l.c_str() + l.size() || end == l.c_str()) throw bad();
  bool has_nonzero = hex ? l.find_first_of("123456789abcdef", digits + 2) < l.find('p')
                         : l.find_first_of("123456789") < l.find_first_of("e");
  auto range = [&] {
    return SqlError(sqlstate::kNumericValueOutOfRange,
                    "\"" + std::string(text) + "\" is out of range for type " + name);
  };
  if (type == TypeId::kFloat4) {
    float f = std::strtof(l.c_str(), nullptr);
    if (std::isinf(f) || (f == 0 && has_nonzero)) throw range();
    return f;
  }
  if (errno == ERANGE && (std::isinf(v) || (v == 0 && has_nonzero))) throw range();
  return v;
}

std::string ApplyStringTypmod(std::string s, Type type, bool explicit_cast) {
  if (type.id == TypeId::kName) {
    if (s.size() > 63) {
      size_t cut = 63;
      while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
      s.resize(cut);
    }
    return s;
  }
  if (type.id == TypeId::kChar) {
    if (s.size() > 1) s.resize(1);
    return s;
  }
  if ((type.id != TypeId::kVarchar && type.id != TypeId::kBpchar) || type.typmod < 4) return s;
  size_t max = static_cast<size_t>(type.typmod - 4);
  size_t len = Utf8Length(s);
  if (len > max) {
    size_t cut = Utf8Offset(s, max);
    if (!explicit_cast && s.find_first_not_of(' ', cut) != std::string::npos) {
      throw SqlError(sqlstate::kStringDataRightTruncation,
                     "value too long for type " + Type(type.id, type.typmod).Name());
    }
    s.resize(cut);
    len = max;
  }
  if (type.id == TypeId::kBpchar && len < max) s.append(max - len, ' ');
  return s;
}

void ParseTextColumn(const std::string_view* texts, const uint8_t* nulls, size_t rows,
                     const Type& type, const IoContext& ctx, Vector* out, size_t* bad_row) {
  size_t r = 0;
  // One loop per type, each writing straight into the column's storage.
  auto each = [&](auto parse) {
    uint8_t* is_null = out->nulls();
    for (; r < rows; r++) {
      if (nulls[r]) continue;
      parse(r);
      is_null[r] = 0;
    }
  };
  auto into_ints = [&](auto parse) {
    int64_t* ints = out->ints().data();
    each([&](size_t i) { ints[i] = parse(texts[i]); });
  };
  try {
    switch (type.id) {
      case TypeId::kInt2:
      case TypeId::kInt4:
      case TypeId::kInt8:
        into_ints([&](std::string_view t) { return ParseIntText(t, type.id); });
        break;
      case TypeId::kFloat4:
      case TypeId::kFloat8: {
        double* doubles = out->doubles().data();
        each([&](size_t i) { doubles[i] = ParseFloatText(texts[i], type.id); });
        break;
      }
      case TypeId::kDate:
        into_ints([&](std::string_view t) { return ParseDate(t, ctx.datetime()); });
        break;
      case TypeId::kTimestamp:
        into_ints([&](std::string_view t) { return ParseTimestamp(t, ctx.datetime()); });
        break;
      case TypeId::kTimestampTz:
        into_ints([&](std::string_view t) { return ParseTimestampTz(t, ctx.datetime()); });
        break;
      case TypeId::kUuid: {
        Uuid* uuids = out->uuids().data();
        each([&](size_t i) { uuids[i] = ParseUuidText(texts[i]); });
        break;
      }
      case TypeId::kText: {
        std::string* strings = out->strings().data();
        each([&](size_t i) { strings[i].assign(texts[i]); });
        break;
      }
      default:
        for (; r < rows; r++) {
          if (!nulls[r]) out->SetValue(r, ParseValueText(texts[r], type, ctx));
        }
    }
  } catch (const SqlError&) {
    *bad_row = r;
    throw;
  }
}

Value ParseValueText(std::string_view text, Type type, const IoContext& ctx) {
  switch (type.id) {
    case TypeId::kBool:
      return Value::Bool(ParseBoolText(text)).WithType(type);
    case TypeId::kInt2:
    case TypeId::kInt4:
    case TypeId::kInt8:
    case TypeId::kOid:
      return Value::FromInt64(type, ParseIntText(text, type.id));
    case TypeId::kFloat4:
    case TypeId::kFloat8:
      return Value::FromDouble(type, ParseFloatText(text, type.id));
    case TypeId::kNumeric:
      return Value::MakeNumeric(Numeric::Parse(text).ApplyTypmod(type.typmod), type.typmod);
    case TypeId::kDate:
      return Value::FromInt64(type, ParseDate(text, ctx.datetime()));
    case TypeId::kTimestamp:
      return Value::FromInt64(type, ParseTimestamp(text, ctx.datetime()));
    case TypeId::kTimestampTz:
      return Value::FromInt64(type, ParseTimestampTz(text, ctx.datetime()));
    case TypeId::kInterval:
      return Value::MakeInterval(ParseInterval(text)).WithType(type);
    case TypeId::kArray:
      return ParseArrayText(text, type, ctx);
    case TypeId::kUuid:
      return Value::MakeUuid(ParseUuidText(text));
    case TypeId::kJson:
      ValidateJson(text);
      return Value::String(type, std::string(text));
    case TypeId::kJsonb:
      return Value::String(type, JsonbText(ParseJsonb(text)));
    case TypeId::kText:
    case TypeId::kUnknown:
      return Value::String(type, std::string(text));
    case TypeId::kVarchar:
    case TypeId::kBpchar:
    case TypeId::kName:
    case TypeId::kChar:
      return Value::String(type, ApplyStringTypmod(std::string(text), type, false));
  }
  return Value::Null(type);
}

}  // namespace firn
