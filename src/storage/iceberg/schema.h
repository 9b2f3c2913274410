// Iceberg schemas of Firn tables: how a Firn column type maps onto an Iceberg type (the same
// mapping the Parquet writer uses), field id assignment, and the schema JSON of the table
// metadata (Iceberg spec, Appendix C "Schemas").
//
//   bool -> boolean; int2, int4 -> int; int8, oid -> long; float4 -> float; float8 -> double
//   numeric(p, s), 1 <= p <= 38, 0 <= s <= p -> decimal(p, s); other numerics -> string (text)
//   text, varchar, bpchar, name, "char", interval -> string (text form)
//   date -> date; timestamp -> timestamp; timestamptz -> timestamptz; uuid -> uuid
//   T[] -> list<T> (element optional, element id assigned after the top-level columns)
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/status.h"
#include "types/type.h"

namespace firn::iceberg {

// Iceberg primitive types Firn uses.
enum class IcebergType : uint8_t {
  kBoolean,
  kInt,
  kLong,
  kFloat,
  kDouble,
  kDecimal,
  kString,
  kDate,
  kTimestamp,
  kTimestampTz,
  kBinary,
  kUuid,
};

struct PrimitiveType {
  IcebergType type = IcebergType::kString;
  int32_t precision = 0;  // decimal only
  int32_t scale = 0;      // decimal only
  bool operator==(const PrimitiveType&) const = default;
};

// The Iceberg type a (non-array) Firn type is stored as. For arrays pass the element type.
PrimitiveType IcebergTypeOf(const Type& type);
// "long", "decimal(10,2)", ...
std::string PrimitiveTypeName(const PrimitiveType& t);
// Parses a primitive type name; nullopt for unknown or nested types.
std::optional<PrimitiveType> ParsePrimitiveTypeName(const std::string& name);
// The Firn type a column read from an Iceberg schema gets when no Firn type was recorded:
// int -> int4, long -> int8, string -> text, decimal(p,s) -> numeric(p,s), ...
Type DefaultFirnType(const PrimitiveType& t);

struct Column {
  std::string name;
  Type type;
  bool required = false;         // NOT NULL
  int32_t field_id = 0;          // 0 = not assigned yet
  int32_t element_field_id = 0;  // list element id when type is an array
  // The Firn column's identity when it was added by ALTER TABLE ADD COLUMN (a catalog OID;
  // 0 for the table's original columns), recorded in the table property firn.column-oids:
  // a column added where an undone one was is another field, though of the same type.
  uint32_t firn_oid = 0;
  bool operator==(const Column&) const = default;
};

// Assigns field ids 1..n to the columns in order, then ids n+1.. to list elements; returns
// the last id assigned (the table's last-column-id).
int32_t AssignFieldIds(std::vector<Column>* columns);

// The largest field id used by `columns` (element ids included).
int32_t MaxFieldId(const std::vector<Column>& columns);

// True when `a` and `b` can be the same field: the same Iceberg type (element type for
// lists), both lists or neither, the same firn_oid. Names (a column may be renamed), field
// ids and required-ness are not compared.
bool SameField(const Column& a, const Column& b);

// Schema evolution of a Firn table, whose columns are only ever appended (ADD COLUMN),
// renamed or made nullable: the columns of a new schema for a table whose current schema is
// `current` and whose columns are now `wanted` (ids unassigned). A column that can be the
// same field as the current one at its position keeps its ids, takes the wanted name, and
// stays required only if both are (a field may become optional, never required); every
// other column is a new field, optional, with ids after *last_column_id (which is
// advanced). nullopt when the schema would not change.
std::optional<std::vector<Column>> EvolveColumns(const std::vector<Column>& current,
                                                 const std::vector<Column>& wanted,
                                                 int32_t* last_column_id);

// {"type":"struct","schema-id":N,"fields":[{"id","name","required","type"}...]}.
nlohmann::json SchemaToJson(int32_t schema_id, const std::vector<Column>& columns);

// Parses a schema object. Columns get DefaultFirnType() types; nested types other than a
// list of primitives are NotSupported. Errors are InvalidArgument (callers add the file).
Status SchemaFromJson(const nlohmann::json& json, int32_t* schema_id, std::vector<Column>* out);

}  // namespace firn::iceberg
