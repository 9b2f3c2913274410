#include "storage/iceberg/schema.h"

#include <algorithm>
#include <cstdio>

namespace firn::iceberg {

PrimitiveType IcebergTypeOf(const Type& type) {
  switch (type.id) {
    case TypeId::kBool:
      return {IcebergType::kBoolean};
    case TypeId::kInt2:
    case TypeId::kInt4:
      return {IcebergType::kInt};
    case TypeId::kInt8:
    case TypeId::kOid:
      return {IcebergType::kLong};
    case TypeId::kFloat4:
      return {IcebergType::kFloat};
    case TypeId::kFloat8:
      return {IcebergType::kDouble};
    case TypeId::kNumeric: {
      if (type.typmod < 0) return {IcebergType::kString};
      int32_t p = NumericTypmodPrecision(type.typmod);
      int32_t s = NumericTypmodScale(type.typmod);
      if (p < 1 || p > 38 || s < 0 || s > p) return {IcebergType::kString};
      return {IcebergType::kDecimal, p, s};
    }
    case TypeId::kDate:
      return {IcebergType::kDate};
    case TypeId::kTimestamp:
      return {IcebergType::kTimestamp};
    case TypeId::kTimestampTz:
      return {IcebergType::kTimestampTz};
    case TypeId::kUuid:
      return {IcebergType::kUuid};
    default:  // text, varchar, bpchar, name, "char", interval, unknown
      return {IcebergType::kString};
  }
}

std::string PrimitiveTypeName(const PrimitiveType& t) {
  switch (t.type) {
    case IcebergType::kBoolean:
      return "boolean";
    case IcebergType::kInt:
      return "int";
    case IcebergType::kLong:
      return "long";
    case IcebergType::kFloat:
      return "float";
    case IcebergType::kDouble:
      return "double";
    case IcebergType::kDecimal:
      return "decimal(" + std::to_string(t.precision) + "," + std::to_string(t.scale) + ")";
    case IcebergType::kString:
      return "string";
    case IcebergType::kDate:
      return "date";
    case IcebergType::kTimestamp:
      return "timestamp";
    case IcebergType::kTimestampTz:
      return "timestamptz";
    case IcebergType::kBinary:
      return "binary";
    case IcebergType::kUuid:
      return "uuid";
  }
  return "string";
}

std::optional<PrimitiveType> ParsePrimitiveTypeName(const std::string& name) {
  static const std::pair<const char*, IcebergType> kNames[] = {
      {"boolean", IcebergType::kBoolean},
      {"int", IcebergType::kInt},
      {"long", IcebergType::kLong},
      {"float", IcebergType::kFloat},
      {"double", IcebergType::kDouble},
      {"string", IcebergType::kString},
      {"date", IcebergType::kDate},
      {"timestamp", IcebergType::kTimestamp},
      {"timestamptz", IcebergType::kTimestampTz},
      {"binary", IcebergType::kBinary},
      {"uuid", IcebergType::kUuid},
  };
  for (const auto& [n, t] : kNames) {
    if (name == n) return PrimitiveType{t};
  }
  int p = 0, s = 0;
  char tail = 0;
  // "decimal(9,2)" or "decimal(9, 2)"
  if (std::sscanf(name.c_str(), "decimal(%d ,%d%c", &p, &s, &tail) == 3 && tail == ')' &&
      name.back() == ')' && p >= 1 && p <= 38 && s >= 0 && s <= p) {
    return PrimitiveType{IcebergType::kDecimal, p, s};
  }
  return std::nullopt;
}

Type DefaultFirnType(const PrimitiveType& t) {
  switch (t.type) {
    case IcebergType::kBoolean:
      return Type(TypeId::kBool);
    case IcebergType::kInt:
      return Type(TypeId::kInt4);
    case IcebergType::kLong:
      return Type(TypeId::kInt8);
    case IcebergType::kFloat:
      return Type(TypeId::kFloat4);
    case IcebergType::kDouble:
      return Type(TypeId::kFloat8);
    case IcebergType::kDecimal:
      return Type(TypeId::kNumeric, MakeNumericTypmod(t.precision, t.scale));
    case IcebergType::kDate:
      return Type(TypeId::kDate);
    case IcebergType::kTimestamp:
      return Type(TypeId::kTimestamp);
    case IcebergType::kTimestampTz:
      return Type(TypeId::kTimestampTz);
    case IcebergType::kString:
    case IcebergType::kBinary:
      return Type(TypeId::kText);
    case IcebergType::kUuid:
      return Type(TypeId::kUuid);
  }
  return Type(TypeId::kText);
}

int32_t AssignFieldIds(std::vector<Column>* columns) {
  int32_t next = 1;
  for (Column& c : *columns) c.field_id = next++;
  for (Column& c : *columns) c.element_field_id = c.type.IsArray() ? next++ : 0;
  return next - 1;
}

int32_t MaxFieldId(const std::vector<Column>& columns) {
  int32_t m = 0;
  for (const Column& c : columns) m = std::max({m, c.field_id, c.element_field_id});
  return m;
}

bool SameField(const Column& a, const Column& b) {
  if (a.type.IsArray() != b.type.IsArray() || a.firn_oid != b.firn_oid) return false;
  return a.type.IsArray()
             ? IcebergTypeOf(a.type.ElementType()) == IcebergTypeOf(b.type.ElementType())
             : IcebergTypeOf(a.type) == IcebergTypeOf(b.type);
}

std::optional<std::vector<Column>> EvolveColumns(const std::vector<Column>& current,
                                                 const std::vector<Column>& wanted,
                                                 int32_t* last_column_id) {
  bool changed = current.size() != wanted.size();
  std::vector<Column> out;
  std::vector<size_t> added;
  for (size_t i = 0; i < wanted.size(); i++) {
    if (i < current.size() && SameField(current[i], wanted[i])) {
      Column c = current[i];
      c.type = wanted[i].type;
      c.name = wanted[i].name;
      c.required = current[i].required && wanted[i].required;
      changed = changed || c.name != current[i].name || c.required != current[i].required;
      out.push_back(std::move(c));
      continue;
    }
    changed = true;
    Column c = wanted[i];
    // Data files written before this column existed have no value for it: it cannot be
    // required (Iceberg v2 has no initial defaults).
    c.required = false;
    c.field_id = ++*last_column_id;
    c.element_field_id = 0;
    added.push_back(out.size());
    out.push_back(std::move(c));
  }
  for (size_t i : added) {
    if (out[i].type.IsArray()) out[i].element_field_id = ++*last_column_id;
  }
  if (!changed) return std::nullopt;
  return out;
}

nlohmann::json SchemaToJson(int32_t schema_id, const std::vector<Column>& columns) {
  nlohmann::json fields = nlohmann::json::array();
  for (const Column& c : columns) {
    nlohmann::json type;
    if (c.type.IsArray()) {
      type = {{"type", "list"},
              {"element-id", c.element_field_id},
              {"element-required", false},
              {"element", PrimitiveTypeName(IcebergTypeOf(c.type.ElementType()))}};
    } else {
      type = PrimitiveTypeName(IcebergTypeOf(c.type));
    }
    fields.push_back(
        {{"id", c.field_id}, {"name", c.name}, {"required", c.required}, {"type", type}});
  }
  return {{"type", "struct"}, {"schema-id", schema_id}, {"fields", fields}};
}

Status SchemaFromJson(const nlohmann::json& json, int32_t* schema_id, std::vector<Column>* out) {
  if (!json.is_object() || json.value("type", "") != "struct" || !json.contains("fields") ||
      !json["fields"].is_array()) {
    return Status::InvalidArgument("schema is not a struct with fields");
  }
  auto sid = json.find("schema-id");
  *schema_id = sid != json.end() && sid->is_number_integer() ? sid->get<int32_t>() : 0;
  out->clear();
  for (const nlohmann::json& f : json["fields"]) {
    if (!f.is_object() || !f.contains("id") || !f["id"].is_number_integer() ||
        !f.contains("name") || !f["name"].is_string() || !f.contains("type")) {
      return Status::InvalidArgument("malformed schema field");
    }
    Column c;
    c.name = f["name"].get<std::string>();
    c.field_id = f["id"].get<int32_t>();
    c.required = f.value("required", false);
    const nlohmann::json& t = f["type"];
    if (t.is_string()) {
      auto p = ParsePrimitiveTypeName(t.get<std::string>());
      if (!p) return Status::NotSupported("column " + c.name + " has type " + t.dump());
      c.type = DefaultFirnType(*p);
    } else if (t.is_object() && t.value("type", "") == "list" && t.contains("element") &&
               t["element"].is_string() && t.contains("element-id") &&
               t["element-id"].is_number_integer()) {
      auto p = ParsePrimitiveTypeName(t["element"].get<std::string>());
      if (!p) return Status::NotSupported("column " + c.name + " has type " + t.dump());
      c.type = Type::Array(DefaultFirnType(*p).id, DefaultFirnType(*p).typmod);
      c.element_field_id = t["element-id"].get<int32_t>();
    } else {
      return Status::NotSupported("column " + c.name + " has type " + t.dump());
    }
    out->push_back(std::move(c));
  }
  return Status::OK();
}

}  // namespace firn::iceberg
