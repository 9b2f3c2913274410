// Type: a SQL type as Firn knows it — a type id, an array element type and PostgreSQL's
// type modifier. Maps one-to-one onto PostgreSQL type OIDs so RowDescription, pg_type and
// parameter type inference speak PostgreSQL's language.
// Thread-safety: plain value type.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace firn {

// Persisted in the catalog by name, never by number: reordering is allowed.
enum class TypeId : uint8_t {
  kUnknown,  // an untyped literal or NULL whose type is not resolved yet (PostgreSQL 'unknown')
  kBool,
  kInt2,
  kInt4,
  kInt8,
  kFloat4,
  kFloat8,
  kNumeric,
  kText,
  kVarchar,
  kBpchar,  // character(n); stored blank-padded
  kName,    // pg_catalog's 63-byte identifier type
  kChar,    // pg_catalog's single-byte "char"
  kOid,
  kDate,
  kTimestamp,
  kTimestampTz,
  kInterval,
  kArray,  // one-dimensional array of `elem`
  kUuid,
  kJson,   // json: the text as written, checked (types/json.h)
  kJsonb,  // jsonb: held as its canonical text (types/json.h)
};

// PostgreSQL type OIDs (pg_type.oid) for the ids above.
namespace oid {
inline constexpr uint32_t kBool = 16, kBytea = 17, kChar = 18, kName = 19, kInt8 = 20, kInt2 = 21,
                          kInt4 = 23, kRegproc = 24, kText = 25, kOid = 26, kFloat4 = 700,
                          kFloat8 = 701, kUnknown = 705, kBpchar = 1042, kVarchar = 1043,
                          kDate = 1082, kTime = 1083, kTimestamp = 1114, kTimestampTz = 1184,
                          kInterval = 1186, kNumeric = 1700, kRegclass = 2205, kRegtype = 2206,
                          kUuid = 2950, kInt2Vector = 22, kOidVector = 30, kJson = 114,
                          kJsonb = 3802;
inline constexpr uint32_t kBoolArray = 1000, kInt2Array = 1005, kInt4Array = 1007,
                          kTextArray = 1009, kBpcharArray = 1014, kVarcharArray = 1015,
                          kInt8Array = 1016, kFloat4Array = 1021, kFloat8Array = 1022,
                          kNameArray = 1003, kCharArray = 1002, kOidArray = 1028,
                          kTimestampArray = 1115, kDateArray = 1182, kTimestampTzArray = 1185,
                          kIntervalArray = 1187, kNumericArray = 1231, kUuidArray = 2951,
                          kJsonArray = 199, kJsonbArray = 3807;
}  // namespace oid

struct Type {
  TypeId id = TypeId::kUnknown;
  TypeId elem = TypeId::kUnknown;  // element type when id == kArray
  // int2vector / oidvector (pg_index.indkey, pg_proc.proargtypes): an array of int2 / oid
  // whose text form is space-separated ("1 2") and whose subscripts start at 0.
  bool catalog_vector = false;
  // PostgreSQL's atttypmod, exactly as sent in RowDescription: -1 = none; varchar(n) and
  // bpchar(n) are n + 4; numeric(p, s) is ((p << 16) | s) + 4; timestamp(p) is p.
  int32_t typmod = -1;

  constexpr Type() = default;
  constexpr explicit Type(TypeId type_id, int32_t type_mod = -1) : id(type_id), typmod(type_mod) {}
  static constexpr Type Array(TypeId element, int32_t type_mod = -1) {
    Type t(TypeId::kArray, type_mod);
    t.elem = element;
    return t;
  }
  static constexpr Type CatalogVector(TypeId element) {
    Type t = Array(element);
    t.catalog_vector = true;
    return t;
  }

  bool operator==(const Type& other) const { return SameBase(other) && typmod == other.typmod; }
  // Same type ignoring the modifier (varchar(3) and varchar(5) are both varchar).
  bool SameBase(const Type& other) const {
    return id == other.id && elem == other.elem && catalog_vector == other.catalog_vector;
  }

  bool IsArray() const { return id == TypeId::kArray; }
  Type ElementType() const { return Type(elem); }
  // An array's first subscript: 1, or 0 for a catalog vector.
  int32_t LowerBound() const { return catalog_vector ? 0 : 1; }

  uint32_t Oid() const;
  // PostgreSQL's format_type(): "integer", "character varying(10)", "numeric(10,2)",
  // "timestamp with time zone", "bigint[]".
  std::string Name() const;
  // pg_type.typlen: fixed size in bytes, or -1 for variable length.
  int16_t TypeLength() const;

  static std::optional<Type> FromOid(uint32_t oid);
};

// Type categories that drive implicit casts and operator resolution.
bool IsIntegerType(TypeId id);      // int2, int4, int8
bool IsNumericCategory(TypeId id);  // integers, float4/8, numeric
bool IsStringType(TypeId id);       // text, varchar, bpchar, name
bool IsDateTimeType(TypeId id);     // date, timestamp, timestamptz

// The PostgreSQL category letter (pg_type.typcategory): 'N', 'S', 'D', 'T', 'B', 'A', ...
char TypeCategory(TypeId id);

// Typmod helpers.
int32_t MakeVarcharTypmod(int32_t max_length);
int32_t MakeNumericTypmod(int32_t precision, int32_t scale);
inline int32_t NumericTypmodPrecision(int32_t typmod) { return ((typmod - 4) >> 16) & 0xffff; }
inline int32_t NumericTypmodScale(int32_t typmod) { return (((typmod - 4) & 0x7ff) ^ 1024) - 1024; }

}  // namespace firn
