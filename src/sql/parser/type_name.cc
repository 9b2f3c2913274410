// ResolveTypeName: PostgreSQL type spellings and type-modifier rules -> Firn's Type.
// Thread-safety: pure functions over immutable tables.
#include "sql/parser/type_name.h"

#include <algorithm>
#include <array>
#include <string>
#include <string_view>

#include "common/sql_error.h"

namespace firn {
namespace {

constexpr int64_t kMaxStringLength = 10485760;  // PostgreSQL's MaxAttrSize in characters
constexpr int64_t kMaxNumericPrecision = 1000;
constexpr int64_t kMaxNumericScale = 1000;
constexpr int64_t kMinNumericScale = -1000;
constexpr int64_t kMaxTimestampPrecision = 6;

struct NamedType {
  std::string_view name;
  TypeId id;
};

// Every spelling that names a Firn type. "char" is PostgreSQL's one-byte type: the SQL
// keywords CHAR/CHARACTER reach here as bpchar.
constexpr std::array<NamedType, 32> kNames{{
    {"bool", TypeId::kBool},
    {"boolean", TypeId::kBool},
    {"int2", TypeId::kInt2},
    {"smallint", TypeId::kInt2},
    {"int4", TypeId::kInt4},
    {"int", TypeId::kInt4},
    {"integer", TypeId::kInt4},
    {"int8", TypeId::kInt8},
    {"bigint", TypeId::kInt8},
    {"float4", TypeId::kFloat4},
    {"real", TypeId::kFloat4},
    {"float8", TypeId::kFloat8},
    {"double precision", TypeId::kFloat8},
    {"numeric", TypeId::kNumeric},
    {"decimal", TypeId::kNumeric},
    {"text", TypeId::kText},
    {"varchar", TypeId::kVarchar},
    {"character varying", TypeId::kVarchar},
    {"bpchar", TypeId::kBpchar},
    {"character", TypeId::kBpchar},
    {"name", TypeId::kName},
    {"char", TypeId::kChar},
    {"oid", TypeId::kOid},
    {"date", TypeId::kDate},
    {"timestamp", TypeId::kTimestamp},
    {"timestamp without time zone", TypeId::kTimestamp},
    {"timestamptz", TypeId::kTimestampTz},
    {"timestamp with time zone", TypeId::kTimestampTz},
    {"interval", TypeId::kInterval},
    {"uuid", TypeId::kUuid},
    {"json", TypeId::kJson},
    {"jsonb", TypeId::kJsonb},
}};

// PostgreSQL types Firn does not have: refused as unsupported rather than unknown.
constexpr std::array<std::string_view, 27> kUnsupported{
    "bytea",   "time",    "timetz", "bit",       "varbit",    "money",    "inet",
    "cidr",    "macaddr", "xml",    "point",     "line",      "lseg",     "box",
    "path",    "polygon", "circle", "tsvector",  "tsquery",   "regclass", "regtype",
    "regproc", "record",  "void",   "int4range", "int8range", "daterange"};

[[noreturn]] void Fail(const char* sqlstate, const std::string& message, int location) {
  throw SqlError(sqlstate, message).WithPosition(location >= 0 ? location + 1 : 0);
}

int32_t StringTypmod(const ast::TypeName& tn, const char* display) {
  if (tn.modifiers.empty()) return -1;
  if (tn.modifiers.size() > 1)
    Fail(sqlstate::kInvalidParameterValue, "invalid type modifier", tn.location);
  int64_t n = tn.modifiers[0];
  if (n < 1) {
    Fail(sqlstate::kInvalidParameterValue,
         std::string("length for type ") + display + " must be at least 1", tn.location);
  }
  if (n > kMaxStringLength) {
    Fail(sqlstate::kInvalidParameterValue,
         std::string("length for type ") + display + " cannot exceed " +
             std::to_string(kMaxStringLength),
         tn.location);
  }
  return MakeVarcharTypmod(static_cast<int32_t>(n));
}

int32_t NumericTypmod(const ast::TypeName& tn) {
  if (tn.modifiers.empty()) return -1;
  if (tn.modifiers.size() > 2) {
    Fail(sqlstate::kInvalidParameterValue, "invalid NUMERIC type modifier", tn.location);
  }
  int64_t precision = tn.modifiers[0];
  int64_t scale = tn.modifiers.size() == 2 ? tn.modifiers[1] : 0;
  if (precision < 1 || precision > kMaxNumericPrecision) {
    Fail(sqlstate::kInvalidParameterValue,
         "NUMERIC precision " + std::to_string(precision) + " must be between 1 and " +
             std::to_string(kMaxNumericPrecision),
         tn.location);
  }
  if (scale < kMinNumericScale || scale > kMaxNumericScale) {
    Fail(sqlstate::kInvalidParameterValue,
         "NUMERIC scale " + std::to_string(scale) + " must be between " +
             std::to_string(kMinNumericScale) + " and " + std::to_string(kMaxNumericScale),
         tn.location);
  }
  return MakeNumericTypmod(static_cast<int32_t>(precision), static_cast<int32_t>(scale));
}

int32_t TimestampTypmod(const ast::TypeName& tn, bool with_tz) {
  if (tn.modifiers.empty()) return -1;
  if (tn.modifiers.size() > 1)
    Fail(sqlstate::kInvalidParameterValue, "invalid type modifier", tn.location);
  int64_t p = tn.modifiers[0];
  if (p < 0) {
    Fail(sqlstate::kInvalidParameterValue,
         "TIMESTAMP(" + std::to_string(p) + ")" + (with_tz ? " WITH TIME ZONE" : "") +
             " precision must not be negative",
         tn.location);
  }
  // PostgreSQL warns and reduces larger precisions to the maximum.
  return static_cast<int32_t>(std::min(p, kMaxTimestampPrecision));
}

std::string JoinedName(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ".") + n;
  return out;
}

}  // namespace

Type ResolveTypeName(const ast::TypeName& tn) {
  std::string name = tn.names.empty() ? "" : tn.names.back();
  bool qualified_ok = tn.names.size() == 1 || (tn.names.size() == 2 && tn.names[0] == "pg_catalog");
  if (!qualified_ok || name.empty()) {
    Fail(sqlstate::kUndefinedObject, "type \"" + JoinedName(tn.names) + "\" does not exist",
         tn.location);
  }
  bool array = tn.array_bounds > 0;
  if (name.size() > 1 && name[0] == '_') {  // PostgreSQL's array type names: _int4
    array = true;
    name = name.substr(1);
  }
  if (name == "serial" || name == "serial4" || name == "bigserial" || name == "serial8" ||
      name == "smallserial" || name == "serial2") {
    Fail(sqlstate::kFeatureNotSupported, "type \"" + name + "\" is not supported", tn.location);
  }
  Type type;
  if (name == "float") {  // float(p): 1..24 is real, 25..53 double precision
    type = Type(TypeId::kFloat8);
    if (tn.modifiers.size() > 1)
      Fail(sqlstate::kInvalidParameterValue, "invalid type modifier", tn.location);
    if (!tn.modifiers.empty()) {
      int64_t p = tn.modifiers[0];
      if (p < 1) {
        Fail(sqlstate::kInvalidParameterValue, "precision for type float must be at least 1 bit",
             tn.location);
      }
      if (p > 53) {
        Fail(sqlstate::kInvalidParameterValue, "precision for type float must be less than 54 bits",
             tn.location);
      }
      if (p <= 24) type = Type(TypeId::kFloat4);
    }
  } else {
    auto it = std::find_if(kNames.begin(), kNames.end(),
                           [&](const NamedType& n) { return n.name == name; });
    if (it == kNames.end()) {
      if (std::find(kUnsupported.begin(), kUnsupported.end(), name) != kUnsupported.end()) {
        Fail(sqlstate::kFeatureNotSupported, "type \"" + name + "\" is not supported", tn.location);
      }
      Fail(sqlstate::kUndefinedObject, "type \"" + JoinedName(tn.names) + "\" does not exist",
           tn.location);
    }
    type = Type(it->id);
    switch (it->id) {
      case TypeId::kNumeric:
        type.typmod = NumericTypmod(tn);
        break;
      case TypeId::kVarchar:
        type.typmod = StringTypmod(tn, "varchar");
        break;
      case TypeId::kBpchar:
        type.typmod = StringTypmod(tn, "char");
        break;
      case TypeId::kTimestamp:
      case TypeId::kTimestampTz:
        type.typmod = TimestampTypmod(tn, it->id == TypeId::kTimestampTz);
        break;
      case TypeId::kInterval:  // INTERVAL DAY, INTERVAL(3), ... arrive as modifiers
        if (!tn.modifiers.empty()) {
          Fail(sqlstate::kFeatureNotSupported, "interval fields and precision are not supported",
               tn.location);
        }
        break;
      default:
        if (!tn.modifiers.empty()) {
          Fail(sqlstate::kSyntaxError,
               "type modifier is not allowed for type \"" + type.Name() + "\"", tn.location);
        }
    }
  }
  if (array) return Type::Array(type.id, type.typmod);
  return type;
}

}  // namespace firn
