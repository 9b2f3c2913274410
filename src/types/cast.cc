// Cast catalogue and conversions.
// Thread-safety: pure functions over constant tables.
#include "types/cast.h"

#include <cmath>
#include <cstdlib>

#include "common/sql_error.h"
#include "types/datetime.h"
#include "types/json.h"

namespace firn {
namespace {

struct CastEntry {
  TypeId from, to;
  CastKind kind;
};

constexpr CastKind I = CastKind::kImplicit, A = CastKind::kAssignment, E = CastKind::kExplicit;
using T = TypeId;

// pg_cast rows among Firn's types (PostgreSQL 15), excluding I/O-conversion casts.
constexpr CastEntry kCasts[] = {
    {T::kChar, T::kBpchar, A},      {T::kChar, T::kVarchar, A},
    {T::kChar, T::kInt4, E},        {T::kChar, T::kText, I},
    {T::kInt8, T::kFloat8, I},      {T::kInt8, T::kInt4, A},
    {T::kInt8, T::kNumeric, I},     {T::kInt8, T::kOid, I},
    {T::kInt8, T::kFloat4, I},      {T::kInt8, T::kInt2, A},
    {T::kBool, T::kBpchar, A},      {T::kBool, T::kVarchar, A},
    {T::kBool, T::kInt4, E},        {T::kBool, T::kText, A},
    {T::kBpchar, T::kChar, A},      {T::kBpchar, T::kVarchar, I},
    {T::kBpchar, T::kName, I},      {T::kBpchar, T::kText, I},
    {T::kVarchar, T::kChar, A},     {T::kVarchar, T::kBpchar, I},
    {T::kVarchar, T::kName, I},     {T::kVarchar, T::kText, I},
    {T::kDate, T::kTimestampTz, I}, {T::kDate, T::kTimestamp, I},
    {T::kFloat8, T::kInt8, A},      {T::kFloat8, T::kInt4, A},
    {T::kFloat8, T::kNumeric, A},   {T::kFloat8, T::kFloat4, A},
    {T::kFloat8, T::kInt2, A},      {T::kInt4, T::kChar, E},
    {T::kInt4, T::kInt8, I},        {T::kInt4, T::kBool, E},
    {T::kInt4, T::kFloat8, I},      {T::kInt4, T::kNumeric, I},
    {T::kInt4, T::kOid, I},         {T::kInt4, T::kFloat4, I},
    {T::kInt4, T::kInt2, A},        {T::kName, T::kBpchar, A},
    {T::kName, T::kVarchar, A},     {T::kName, T::kText, I},
    {T::kNumeric, T::kInt8, A},     {T::kNumeric, T::kFloat8, I},
    {T::kNumeric, T::kInt4, A},     {T::kNumeric, T::kFloat4, I},
    {T::kNumeric, T::kInt2, A},     {T::kOid, T::kInt8, A},
    {T::kOid, T::kInt4, A},         {T::kFloat4, T::kInt8, A},
    {T::kFloat4, T::kFloat8, I},    {T::kFloat4, T::kInt4, A},
    {T::kFloat4, T::kNumeric, A},   {T::kFloat4, T::kInt2, A},
    {T::kInt2, T::kInt8, I},        {T::kInt2, T::kFloat8, I},
    {T::kInt2, T::kInt4, I},        {T::kInt2, T::kNumeric, I},
    {T::kInt2, T::kOid, I},         {T::kInt2, T::kFloat4, I},
    {T::kText, T::kChar, A},        {T::kText, T::kBpchar, I},
    {T::kText, T::kVarchar, I},     {T::kText, T::kName, I},
    {T::kTimestampTz, T::kDate, A}, {T::kTimestampTz, T::kTimestamp, A},
    {T::kTimestamp, T::kDate, A},   {T::kTimestamp, T::kTimestampTz, I},
    {T::kJson, T::kJsonb, A},       {T::kJsonb, T::kJson, A},
    {T::kJsonb, T::kBool, E},       {T::kJsonb, T::kNumeric, E},
    {T::kJsonb, T::kInt2, E},       {T::kJsonb, T::kInt4, E},
    {T::kJsonb, T::kInt8, E},       {T::kJsonb, T::kFloat4, E},
    {T::kJsonb, T::kFloat8, E},
};

bool IsStringTarget(TypeId id) {
  return id == TypeId::kText || id == TypeId::kVarchar || id == TypeId::kBpchar;
}

[[noreturn]] void OutOfRange(TypeId to) {
  const char* name = to == TypeId::kInt2 ? "smallint" : to == TypeId::kInt4 ? "integer" : "bigint";
  throw SqlError(sqlstate::kNumericValueOutOfRange, std::string(name) + " out of range");
}

int64_t CheckIntRange(__int128 v, TypeId to) {
  switch (to) {
    case TypeId::kInt2:
      if (v < INT16_MIN || v > INT16_MAX) OutOfRange(to);
      break;
    case TypeId::kInt4:
      if (v < INT32_MIN || v > INT32_MAX) OutOfRange(to);
      break;
    case TypeId::kOid:
      if (v < 0 || v > UINT32_MAX) {
        throw SqlError(sqlstate::kNumericValueOutOfRange, "OID out of range");
      }
      break;
    default:
      if (v < INT64_MIN || v > INT64_MAX) OutOfRange(to);
      break;
  }
  return static_cast<int64_t>(v);
}

int64_t DoubleToInt(double d, TypeId to) {
  double r = std::nearbyint(d);  // rint: half to even
  if (std::isnan(r) || r < -9.2233720368547758e18 || r >= 9.2233720368547758e18) OutOfRange(to);
  return CheckIntRange(static_cast<int64_t>(r), to);
}

double ToFloat4(double d) {
  if (std::isnan(d) || std::isinf(d)) return d;
  float f = static_cast<float>(d);
  if (std::isinf(f)) {
    throw SqlError(sqlstate::kNumericValueOutOfRange, "value out of range: overflow");
  }
  if (f == 0 && d != 0) {
    throw SqlError(sqlstate::kNumericValueOutOfRange, "value out of range: underflow");
  }
  return f;
}

int64_t NumericToInt(const Numeric& n, TypeId to) {
  const char* name = to == TypeId::kInt2 ? "smallint" : to == TypeId::kInt4 ? "integer" : "bigint";
  if (n.IsNaN()) {
    throw SqlError(sqlstate::kFeatureNotSupported, std::string("cannot convert NaN to ") + name);
  }
  if (n.IsInf()) {
    throw SqlError(sqlstate::kFeatureNotSupported,
                   std::string("cannot convert infinity to ") + name);
  }
  int64_t v;
  try {
    v = n.ToInt64();
  } catch (const SqlError&) {
    OutOfRange(to);
  }
  return CheckIntRange(v, to);
}

Value CastScalar(const Value& v, const Type& target, const CastContext& ctx);

Value CastArray(const Value& v, const Type& target, const CastContext& ctx) {
  Type elem(target.elem, target.typmod);
  std::vector<Value> items;
  items.reserve(v.GetArray().items.size());
  for (const Value& e : v.GetArray().items) {
    items.push_back(e.is_null() ? Value::Null(elem) : CastValue(e, elem, ctx));
  }
  return Value::MakeArray(target.elem, std::move(items)).WithType(target);
}

std::string ToText(const Value& v, const CastContext& ctx) {
  if (v.type().id == TypeId::kBool) return v.GetBool() ? "true" : "false";
  if (v.type().id == TypeId::kBpchar) {
    std::string s = v.GetString();
    s.erase(s.find_last_not_of(' ') + 1);
    return s;
  }
  return ValueToText(v, ctx.io);
}

// jsonb -> bool / a number type: the scalar it holds, as a bool or numeric Value, else 22023
// "cannot cast jsonb string to type integer".
Value JsonbScalar(const Value& v, const Type& target) {
  JsonValue j = ParseJsonb(v.GetString());
  bool want_bool = target.id == TypeId::kBool;
  if (want_bool && j.kind == JsonValue::Kind::kBool) return Value::Bool(j.boolean);
  if (!want_bool && j.kind == JsonValue::Kind::kNumber) return Value::MakeNumeric(j.number, -1);
  const char* kinds[] = {"null", "string", "numeric", "boolean", "array", "object"};
  throw SqlError(sqlstate::kInvalidParameterValue, std::string("cannot cast jsonb ") +
                                                       kinds[static_cast<int>(j.kind)] +
                                                       " to type " + target.Name());
}

Value CastScalar(const Value& v, const Type& target, const CastContext& ctx) {
  TypeId from = v.type().id, to = target.id;
  if (from == TypeId::kJsonb && to != TypeId::kJson && !IsStringTarget(to) && to != TypeId::kName &&
      to != TypeId::kChar) {
    Value scalar = JsonbScalar(v, target);
    return scalar.type().id == to ? scalar : CastScalar(scalar, target, ctx);
  }
  bool explicit_cast = ctx.mode == CastMode::kExplicit;
  if (IsStringTarget(to) || to == TypeId::kName || (to == TypeId::kChar && IsStringType(from))) {
    std::string s =
        IsStringType(from) || from == TypeId::kChar || from == TypeId::kUnknown
            ? (from == TypeId::kBpchar && to != TypeId::kBpchar ? ToText(v, ctx) : v.GetString())
            : ToText(v, ctx);
    return Value::String(target, ApplyStringTypmod(std::move(s), target, explicit_cast));
  }
  if (IsStringType(from) || from == TypeId::kUnknown) {
    return ParseValueText(v.GetString(), target, ctx.io);
  }
  const TimeZone& tz = ctx.io.zone();
  switch (to) {
    case TypeId::kBool:
      if (from == TypeId::kInt4 || IsIntegerType(from)) return Value::Bool(v.GetInt64() != 0);
      break;
    case TypeId::kInt2:
    case TypeId::kInt4:
    case TypeId::kInt8:
    case TypeId::kOid:
      if (IsIntegerType(from) || from == TypeId::kOid) {
        if (from == TypeId::kOid && to == TypeId::kInt4) {
          return Value::FromInt64(target,
                                  static_cast<int32_t>(static_cast<uint32_t>(v.GetInt64())));
        }
        return Value::FromInt64(target, CheckIntRange(v.GetInt64(), to));
      }
      if (from == TypeId::kBool) return Value::FromInt64(target, v.GetBool() ? 1 : 0);
      if (from == TypeId::kFloat4 || from == TypeId::kFloat8) {
        return Value::FromInt64(target, DoubleToInt(v.GetDouble(), to));
      }
      if (from == TypeId::kNumeric)
        return Value::FromInt64(target, NumericToInt(v.GetNumeric(), to));
      if (from == TypeId::kChar) {
        const std::string& s = v.GetString();
        return Value::FromInt64(target, s.empty() ? 0 : static_cast<signed char>(s[0]));
      }
      break;
    case TypeId::kFloat4:
    case TypeId::kFloat8: {
      double d;
      if (IsIntegerType(from) || from == TypeId::kOid) {
        d = static_cast<double>(v.GetInt64());
      } else if (from == TypeId::kFloat4 || from == TypeId::kFloat8) {
        d = v.GetDouble();
      } else if (from == TypeId::kNumeric) {
        const Numeric& n = v.GetNumeric();
        d = to == TypeId::kFloat4 && !n.IsNaN() && !n.IsInf()
                ? static_cast<double>(std::strtof(n.ToString().c_str(), nullptr))
                : n.ToDouble();
        if (to == TypeId::kFloat4 && std::isinf(d) && !n.IsInf()) ToFloat4(1e300);
        return Value::FromDouble(target, d);
      } else {
        break;
      }
      return Value::FromDouble(target, to == TypeId::kFloat4 ? ToFloat4(d) : d);
    }
    case TypeId::kNumeric: {
      Numeric n;
      if (IsIntegerType(from) || from == TypeId::kOid) {
        n = Numeric::FromInt64(v.GetInt64());
      } else if (from == TypeId::kFloat8) {
        n = Numeric::FromDouble(v.GetDouble());
      } else if (from == TypeId::kFloat4) {
        double d = v.GetDouble();
        if (std::isnan(d) || std::isinf(d)) {
          n = Numeric::FromDouble(d);
        } else {
          char buf[32];
          std::snprintf(buf, sizeof(buf), "%.6g", d);
          n = Numeric::Parse(buf);
        }
      } else if (from == TypeId::kNumeric) {
        n = v.GetNumeric();
      } else {
        break;
      }
      return Value::MakeNumeric(n.ApplyTypmod(target.typmod), target.typmod);
    }
    case TypeId::kChar:
      if (IsIntegerType(from)) {
        int64_t i = v.GetInt64();
        if (i < -128 || i > 127) {
          throw SqlError(sqlstate::kNumericValueOutOfRange, "\"char\" out of range");
        }
        return Value::String(target, i == 0 ? std::string() : std::string(1, static_cast<char>(i)));
      }
      break;
    case TypeId::kDate:
      if (from == TypeId::kDate) return v.WithType(target);
      if (from == TypeId::kTimestamp)
        return Value::FromInt64(target, TimestampToDate(v.GetInt64()));
      if (from == TypeId::kTimestampTz) {
        return Value::FromInt64(target, TimestampTzToDate(v.GetInt64(), tz));
      }
      break;
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz: {
      int64_t ts;
      if (from == TypeId::kDate) {
        ts = to == TypeId::kTimestamp ? DateToTimestamp(v.GetInt64())
                                      : DateToTimestampTz(v.GetInt64(), tz);
      } else if (from == to) {
        ts = v.GetInt64();
      } else if (from == TypeId::kTimestamp) {
        ts = TimestampToTimestampTz(v.GetInt64(), tz);
      } else if (from == TypeId::kTimestampTz) {
        ts = TimestampTzToTimestamp(v.GetInt64(), tz);
      } else {
        break;
      }
      return Value::FromInt64(target, AdjustTimestampPrecision(ts, target.typmod));
    }
    case TypeId::kInterval:
      if (from == TypeId::kInterval) return v.WithType(target);
      break;
    case TypeId::kUuid:
      if (from == TypeId::kUuid) return v.WithType(target);
      break;
    case TypeId::kJson:  // jsonb's canonical text is json
      if (from == TypeId::kJson || from == TypeId::kJsonb) return v.WithType(target);
      break;
    case TypeId::kJsonb:
      if (from == TypeId::kJson) return ParseValueText(v.GetString(), target, ctx.io);
      if (from == TypeId::kJsonb) return v.WithType(target);
      break;
    default:
      break;
  }
  throw SqlError(sqlstate::kCannotCoerce,
                 "cannot cast type " + Type(from).Name() + " to " + target.Name());
}

}  // namespace

CastKind GetCastKind(TypeId from, TypeId to) {
  if (from == to || from == TypeId::kUnknown) return CastKind::kImplicit;
  for (const CastEntry& c : kCasts) {
    if (c.from == from && c.to == to) return c.kind;
  }
  if (to == TypeId::kArray || from == TypeId::kArray) {
    if (IsStringTarget(to)) return CastKind::kAssignment;
    if (IsStringType(from)) return CastKind::kExplicit;
    return CastKind::kNone;
  }
  // Automatic I/O conversion casts.
  if (IsStringTarget(to) || to == TypeId::kName) return CastKind::kAssignment;
  if (IsStringType(from)) return CastKind::kExplicit;
  return CastKind::kNone;
}

CastKind GetCastKind(const Type& from, const Type& to) {
  if (from.IsArray() && to.IsArray()) return GetCastKind(from.elem, to.elem);
  return GetCastKind(from.id, to.id);
}

bool IsPreferredType(TypeId id) {
  return id == TypeId::kFloat8 || id == TypeId::kText || id == TypeId::kTimestampTz ||
         id == TypeId::kInterval || id == TypeId::kBool || id == TypeId::kOid;
}

int64_t AdjustTimestampPrecision(int64_t ts, int32_t precision) {
  if (precision < 0 || precision >= 6 || !IsTimestampFinite(ts)) return ts;
  static constexpr int64_t kScale[] = {1000000, 100000, 10000, 1000, 100, 10};
  int64_t scale = kScale[precision];
  int64_t half = scale / 2;
  // PostgreSQL rounds half away from zero relative to its own epoch, 2000-01-01.
  int64_t pg = ts - kPgEpochMicros;
  pg = pg >= 0 ? (pg + half) / scale * scale : -((-pg + half) / scale * scale);
  return pg + kPgEpochMicros;
}

Value CastValue(const Value& v, const Type& target, const CastContext& ctx) {
  if (v.is_null()) return Value::Null(target);
  if (target.id == TypeId::kUnknown) return v;
  if (target.IsArray()) {
    if (v.type().IsArray()) return CastArray(v, target, ctx);
    if (IsStringType(v.type().id) || v.type().id == TypeId::kUnknown) {
      return ParseValueText(v.GetString(), target, ctx.io);
    }
    throw SqlError(sqlstate::kCannotCoerce,
                   "cannot cast type " + v.type().Name() + " to " + target.Name());
  }
  if (v.type().IsArray()) {
    if (IsStringTarget(target.id) || target.id == TypeId::kName) {
      std::string s = ValueToText(v, ctx.io);
      return Value::String(
          target, ApplyStringTypmod(std::move(s), target, ctx.mode == CastMode::kExplicit));
    }
    throw SqlError(sqlstate::kCannotCoerce,
                   "cannot cast type " + v.type().Name() + " to " + target.Name());
  }
  return CastScalar(v, target, ctx);
}

}  // namespace firn
