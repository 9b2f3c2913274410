// Avro schemas: an immutable tree of nodes built in code (for writers) or parsed from the
// JSON text stored in an object container file's header (for readers), and printed back to
// JSON. Attributes Avro itself does not interpret (Iceberg's "field-id", "element-id",
// "logicalType", "adjust-to-utc", ...) are kept verbatim in `props` and printed back.
// Named types (record, enum, fixed) are printed in full the first time and by name after.
// Recursive (self-referencing) schemas are refused by the parser.
// Thread-safety: nodes are immutable once built and may be shared across threads.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/status.h"

namespace firn::avro {

enum class Kind : uint8_t {
  kNull,
  kBoolean,
  kInt,
  kLong,
  kFloat,
  kDouble,
  kBytes,
  kString,
  kRecord,
  kEnum,
  kArray,
  kMap,
  kUnion,
  kFixed,
};

const char* KindName(Kind kind);

struct Node;
using SchemaPtr = std::shared_ptr<const Node>;

struct Field {
  std::string name;
  SchemaPtr schema;
  bool has_default = false;
  nlohmann::json default_value;                     // meaningful when has_default
  nlohmann::json props = nlohmann::json::object();  // e.g. {"field-id": 100}
};

struct Node {
  Kind kind = Kind::kNull;
  std::string name;                                 // full name for record/enum/fixed
  std::vector<Field> fields;                        // record
  std::vector<std::string> symbols;                 // enum
  SchemaPtr items;                                  // array
  SchemaPtr values;                                 // map
  std::vector<SchemaPtr> branches;                  // union
  int64_t size = 0;                                 // fixed
  nlohmann::json props = nlohmann::json::object();  // extra attributes of the type object

  // Index of the record field named `field_name`, or -1.
  int FieldIndex(std::string_view field_name) const;
  // The integer property `key` of the type (e.g. "element-id"), or `fallback`.
  int64_t IntProp(const char* key, int64_t fallback) const;
};

// Builders. `props` are extra attributes printed on the type object.
SchemaPtr Primitive(Kind kind, nlohmann::json props = nlohmann::json::object());
SchemaPtr Record(std::string name, std::vector<Field> fields);
SchemaPtr Enum(std::string name, std::vector<std::string> symbols);
SchemaPtr Fixed(std::string name, int64_t size, nlohmann::json props = nlohmann::json::object());
SchemaPtr Array(SchemaPtr items, nlohmann::json props = nlohmann::json::object());
SchemaPtr Map(SchemaPtr values, nlohmann::json props = nlohmann::json::object());
SchemaPtr Union(std::vector<SchemaPtr> branches);
// ["null", schema]: an optional value whose default is null.
SchemaPtr Optional(SchemaPtr schema);
// A field; when `schema` is a union whose first branch is null the default is null.
Field MakeField(std::string name, SchemaPtr schema,
                nlohmann::json props = nlohmann::json::object());

// Avro's canonical-enough JSON form (names, types, defaults and extra props).
nlohmann::json SchemaToJson(const SchemaPtr& schema);
std::string SchemaToString(const SchemaPtr& schema);

// Parses a schema's JSON text. Errors are InvalidArgument; callers reading files turn them
// into Corruption naming the file.
Result<SchemaPtr> ParseSchema(std::string_view json_text);
Result<SchemaPtr> ParseSchemaJson(const nlohmann::json& json);

}  // namespace firn::avro
