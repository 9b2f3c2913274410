// The SQL-standard views information_schema.tables, columns and schemata, computed from the
// live catalog with PostgreSQL 15's column names and value conventions (data_type spelled
// as format_type without modifiers, "ARRAY" for arrays, precision/scale/length columns).
// Thread-safety: row functions only read the Catalog through its public methods.
#include "catalog/system/system_internal.h"

namespace firn::system_catalog {
namespace {

Value YesNo(bool b) { return VarcharV(b ? "YES" : "NO"); }

std::vector<Row> TablesRows(const Catalog& catalog) {
  std::vector<Row> rows;
  for (const RelationRef& ref : AllRelations(catalog)) {
    if (ref.relkind == 'S' || ref.relkind == 'i') continue;  // as PostgreSQL's definition
    bool table = ref.relkind == 'r';
    rows.push_back(Row{NameV(kDatabaseName), NameV(ref.table->schema), NameV(ref.table->name),
                       TextV(table ? "BASE TABLE" : "VIEW"), NullV(), NullV(), NullV(), NullV(),
                       NullV(), YesNo(table), YesNo(false), NullV()});
  }
  return rows;
}

// data_type as information_schema spells it: the type name without modifiers.
std::string DataType(const Type& type) {
  if (type.IsArray()) return "ARRAY";
  if (type.id == TypeId::kBpchar) return "character";
  return Type(type.id).Name();
}

Row ColumnRow(const TableInfo& t, size_t index) {
  const ColumnInfo& c = t.columns[index];
  const Type& type = c.type;
  const PgTypeInfo* info = FindPgType(type.Oid());
  Value max_length = NullV(), octet_length = NullV(), precision = NullV(), radix = NullV(),
        scale = NullV(), datetime_precision = NullV(), collation = NullV();
  switch (type.id) {
    case TypeId::kVarchar:
    case TypeId::kBpchar:
      if (type.typmod >= 4) {
        max_length = Int4V(type.typmod - 4);
        octet_length = Int4V((type.typmod - 4) * 4);
      } else {
        octet_length = Int4V(1073741824);
      }
      break;
    case TypeId::kText:
      octet_length = Int4V(1073741824);
      break;
    case TypeId::kName:
      collation = NameV("C");
      break;
    case TypeId::kInt2:
    case TypeId::kInt4:
    case TypeId::kInt8:
      precision = Int4V(type.id == TypeId::kInt2 ? 16 : type.id == TypeId::kInt4 ? 32 : 64);
      radix = Int4V(2);
      scale = Int4V(0);
      break;
    case TypeId::kFloat4:
    case TypeId::kFloat8:
      precision = Int4V(type.id == TypeId::kFloat4 ? 24 : 53);
      radix = Int4V(2);
      break;
    case TypeId::kNumeric:
      radix = Int4V(10);
      if (type.typmod >= 4) {
        precision = Int4V(NumericTypmodPrecision(type.typmod));
        scale = Int4V(NumericTypmodScale(type.typmod));
      }
      break;
    case TypeId::kDate:
      datetime_precision = Int4V(0);
      break;
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
    case TypeId::kInterval:
      datetime_precision = Int4V(type.typmod >= 0 ? type.typmod : 6);
      break;
    default:
      break;
  }
  Row row{NameV(kDatabaseName),
          NameV(t.schema),
          NameV(t.name),
          NameV(c.name),
          Int4V(static_cast<int64_t>(index + 1)),
          c.default_expr.empty() || c.identity || c.generated
              ? NullV()
              : TextV(c.default_expr),  // column_default
          YesNo(!c.not_null),
          TextV(DataType(type)),
          max_length,
          octet_length,
          precision,
          radix,
          scale,
          datetime_precision,
          NullV(),  // interval_type
          NullV(),  // interval_precision
          NullV(),
          NullV(),
          NullV(),  // character_set_*
          NullV(),
          NullV(),
          collation,  // collation_*
          NullV(),
          NullV(),
          NullV(),  // domain_*
          NameV(kDatabaseName),
          NameV("pg_catalog"),
          NameV(info ? info->name : ""),  // udt_*
          NullV(),
          NullV(),
          NullV(),  // scope_*
          NullV(),  // maximum_cardinality
          NameV(std::to_string(index + 1)),
          YesNo(false),               // is_self_referencing
          YesNo(c.identity != '\0'),  // is_identity
          c.identity == '\0' ? NullV() : TextV(c.identity == 'a' ? "ALWAYS" : "BY DEFAULT"),
          NullV(),
          NullV(),
          NullV(),
          NullV(),
          YesNo(false),                                               // identity_*
          TextV(c.generated ? "ALWAYS" : "NEVER"),                    // is_generated
          c.generated ? TextV("(" + c.default_expr + ")") : NullV(),  // generation_expression
          YesNo(true)};
  return row;
}

std::vector<Row> ColumnsRows(const Catalog& catalog) {
  std::vector<Row> rows;
  for (const RelationRef& ref : AllRelations(catalog)) {
    for (size_t i = 0; i < ref.table->columns.size(); i++) rows.push_back(ColumnRow(*ref.table, i));
  }
  return rows;
}

std::vector<Row> SchemataRows(const Catalog& catalog) {
  std::vector<Row> rows;
  for (const SchemaInfo& s : catalog.ListSchemas()) {
    rows.push_back(Row{NameV(kDatabaseName), NameV(s.name), NameV(s.owner), NullV(), NullV(),
                       NullV(), NullV()});
  }
  return rows;
}

}  // namespace

void AddInformationSchema(std::vector<SystemRelation>& out) {
  AddRelation(out, "information_schema", "tables", 13425, 'v',
              "table_catalog name, table_schema name, table_name name, table_type text, "
              "self_referencing_column_name name, reference_generation text, "
              "user_defined_type_catalog name, user_defined_type_schema name, "
              "user_defined_type_name name, is_insertable_into varchar, is_typed varchar, "
              "commit_action text",
              TablesRows);
  AddRelation(out, "information_schema", "columns", 13295, 'v',
              "table_catalog name, table_schema name, table_name name, column_name name, "
              "ordinal_position int4, column_default text, is_nullable varchar, data_type text, "
              "character_maximum_length int4, character_octet_length int4, "
              "numeric_precision int4, numeric_precision_radix int4, numeric_scale int4, "
              "datetime_precision int4, interval_type text, interval_precision int4, "
              "character_set_catalog name, character_set_schema name, character_set_name name, "
              "collation_catalog name, collation_schema name, collation_name name, "
              "domain_catalog name, domain_schema name, domain_name name, udt_catalog name, "
              "udt_schema name, udt_name name, scope_catalog name, scope_schema name, "
              "scope_name name, maximum_cardinality int4, dtd_identifier name, "
              "is_self_referencing varchar, is_identity varchar, identity_generation text, "
              "identity_start text, identity_increment text, identity_maximum text, "
              "identity_minimum text, identity_cycle varchar, is_generated text, "
              "generation_expression text, is_updatable varchar",
              ColumnsRows);
  AddRelation(out, "information_schema", "schemata", 13382, 'v',
              "catalog_name name, schema_name name, schema_owner name, "
              "default_character_set_catalog name, default_character_set_schema name, "
              "default_character_set_name name, sql_path text",
              SchemataRows);
}

}  // namespace firn::system_catalog
