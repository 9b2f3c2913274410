// Type: PostgreSQL OIDs, format_type() names, typlen, categories and typmod helpers.
// Thread-safety: pure functions over constant tables.
#include "types/type.h"

namespace firn {
namespace {

struct TypeInfo {
  TypeId id;
  uint32_t oid;
  uint32_t array_oid;
  int16_t length;
  char category;
  const char* name;  // format_type() name without modifier
};

constexpr TypeInfo kTypes[] = {
    {TypeId::kUnknown, oid::kUnknown, 0, -2, 'X', "unknown"},
    {TypeId::kBool, oid::kBool, oid::kBoolArray, 1, 'B', "boolean"},
    {TypeId::kInt2, oid::kInt2, oid::kInt2Array, 2, 'N', "smallint"},
    {TypeId::kInt4, oid::kInt4, oid::kInt4Array, 4, 'N', "integer"},
    {TypeId::kInt8, oid::kInt8, oid::kInt8Array, 8, 'N', "bigint"},
    {TypeId::kFloat4, oid::kFloat4, oid::kFloat4Array, 4, 'N', "real"},
    {TypeId::kFloat8, oid::kFloat8, oid::kFloat8Array, 8, 'N', "double precision"},
    {TypeId::kNumeric, oid::kNumeric, oid::kNumericArray, -1, 'N', "numeric"},
    {TypeId::kText, oid::kText, oid::kTextArray, -1, 'S', "text"},
    {TypeId::kVarchar, oid::kVarchar, oid::kVarcharArray, -1, 'S', "character varying"},
    {TypeId::kBpchar, oid::kBpchar, oid::kBpcharArray, -1, 'S', "bpchar"},
    {TypeId::kName, oid::kName, oid::kNameArray, 64, 'S', "name"},
    {TypeId::kChar, oid::kChar, oid::kCharArray, 1, 'Z', "\"char\""},
    {TypeId::kOid, oid::kOid, oid::kOidArray, 4, 'N', "oid"},
    {TypeId::kDate, oid::kDate, oid::kDateArray, 4, 'D', "date"},
    {TypeId::kTimestamp, oid::kTimestamp, oid::kTimestampArray, 8, 'D',
     "timestamp without time zone"},
    {TypeId::kTimestampTz, oid::kTimestampTz, oid::kTimestampTzArray, 8, 'D',
     "timestamp with time zone"},
    {TypeId::kInterval, oid::kInterval, oid::kIntervalArray, 16, 'T', "interval"},
    {TypeId::kUuid, oid::kUuid, oid::kUuidArray, 16, 'U', "uuid"},
    {TypeId::kJson, oid::kJson, oid::kJsonArray, -1, 'U', "json"},
    {TypeId::kJsonb, oid::kJsonb, oid::kJsonbArray, -1, 'U', "jsonb"},
};

const TypeInfo* Find(TypeId id) {
  for (const TypeInfo& t : kTypes) {
    if (t.id == id) return &t;
  }
  return nullptr;
}

std::string ScalarName(TypeId id, int32_t typmod) {
  const TypeInfo* info = Find(id);
  if (info == nullptr) return "???";
  switch (id) {
    case TypeId::kVarchar:
      if (typmod >= 4) return "character varying(" + std::to_string(typmod - 4) + ")";
      break;
    case TypeId::kBpchar:
      if (typmod >= 4) return "character(" + std::to_string(typmod - 4) + ")";
      break;
    case TypeId::kNumeric:
      if (typmod >= 4) {
        return "numeric(" + std::to_string(NumericTypmodPrecision(typmod)) + "," +
               std::to_string(NumericTypmodScale(typmod)) + ")";
      }
      break;
    case TypeId::kTimestamp:
      if (typmod >= 0) return "timestamp(" + std::to_string(typmod) + ") without time zone";
      break;
    case TypeId::kTimestampTz:
      if (typmod >= 0) return "timestamp(" + std::to_string(typmod) + ") with time zone";
      break;
    default:
      break;
  }
  return info->name;
}

}  // namespace

uint32_t Type::Oid() const {
  if (catalog_vector) return elem == TypeId::kInt2 ? oid::kInt2Vector : oid::kOidVector;
  if (id == TypeId::kArray) {
    const TypeInfo* info = Find(elem);
    return info != nullptr ? info->array_oid : 0;
  }
  const TypeInfo* info = Find(id);
  return info != nullptr ? info->oid : 0;
}

std::string Type::Name() const {
  if (catalog_vector) return elem == TypeId::kInt2 ? "int2vector" : "oidvector";
  if (id == TypeId::kArray) return ScalarName(elem, typmod) + "[]";
  return ScalarName(id, typmod);
}

int16_t Type::TypeLength() const {
  if (id == TypeId::kArray) return -1;
  const TypeInfo* info = Find(id);
  return info != nullptr ? info->length : -1;
}

std::optional<Type> Type::FromOid(uint32_t type_oid) {
  if (type_oid == oid::kInt2Vector) return Type::CatalogVector(TypeId::kInt2);
  if (type_oid == oid::kOidVector) return Type::CatalogVector(TypeId::kOid);
  for (const TypeInfo& t : kTypes) {
    if (t.oid == type_oid) return Type(t.id);
    if (t.array_oid != 0 && t.array_oid == type_oid) return Type::Array(t.id);
  }
  return std::nullopt;
}

bool IsIntegerType(TypeId id) {
  return id == TypeId::kInt2 || id == TypeId::kInt4 || id == TypeId::kInt8;
}

bool IsNumericCategory(TypeId id) {
  return IsIntegerType(id) || id == TypeId::kFloat4 || id == TypeId::kFloat8 ||
         id == TypeId::kNumeric;
}

bool IsStringType(TypeId id) {
  return id == TypeId::kText || id == TypeId::kVarchar || id == TypeId::kBpchar ||
         id == TypeId::kName;
}

bool IsDateTimeType(TypeId id) {
  return id == TypeId::kDate || id == TypeId::kTimestamp || id == TypeId::kTimestampTz;
}

char TypeCategory(TypeId id) {
  if (id == TypeId::kArray) return 'A';
  const TypeInfo* info = Find(id);
  return info != nullptr ? info->category : 'U';
}

int32_t MakeVarcharTypmod(int32_t max_length) { return max_length + 4; }

int32_t MakeNumericTypmod(int32_t precision, int32_t scale) {
  return ((precision << 16) | (scale & 0x7ff)) + 4;
}

}  // namespace firn
