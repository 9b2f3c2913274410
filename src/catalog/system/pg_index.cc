// Indexes and key constraints in the system catalogs: pg_index, pg_constraint,
// information_schema.table_constraints and key_column_usage, the pg_indexes view and the
// definition text pg_get_indexdef and pg_indexes show (their pg_class and pg_attribute rows come
// with the other relations: AllRelations lists indexes with relkind 'i'). Thread-safety: row
// functions only read the Catalog through its public methods.
#include "catalog/qualified_name.h"
#include "catalog/system/system_internal.h"

namespace firn::system_catalog {
namespace {

Value Int2ArrayV(const std::vector<int64_t>& items) {
  std::vector<Value> values;
  for (int64_t v : items) values.push_back(Value::Int2(v));
  return Value::MakeArray(TypeId::kInt2, std::move(values));
}

Value OidArrayV(const std::vector<int64_t>& items) {
  std::vector<Value> values;
  for (int64_t v : items) values.push_back(Value::Oid(v));
  return Value::MakeArray(TypeId::kOid, std::move(values));
}

std::vector<Row> PgIndexRows(const Catalog& catalog) {
  std::vector<Row> rows;
  for (const auto& index : catalog.ListIndexes()) {
    auto table = catalog.GetTableByOid(index->table_oid);
    if (!table || !index->Fits(*table)) continue;
    std::vector<int64_t> keys, collations, classes, options;
    for (const IndexColumn& c : index->columns) {
      keys.push_back(c.column + 1);
      bool text = IsStringType(table->columns[static_cast<size_t>(c.column)].type.id);
      collations.push_back(text ? kDefaultCollationOid : 0);
      classes.push_back(0);
      // PostgreSQL's INDOPTION_DESC (1) and INDOPTION_NULLS_FIRST (2).
      options.push_back((c.descending ? 1 : 0) | (c.nulls_first ? 2 : 0));
    }
    for (int c : index->include) keys.push_back(c + 1);
    const auto key_count = static_cast<int64_t>(index->columns.size());
    rows.push_back(Row{OidV(index->oid),
                       OidV(index->table_oid),
                       Int2V(static_cast<int64_t>(keys.size())),
                       Int2V(key_count),
                       BoolV(index->unique),
                       BoolV(false),
                       BoolV(index->constraint == 'p'),
                       BoolV(false),
                       BoolV(true),
                       BoolV(false),
                       BoolV(true),
                       BoolV(false),
                       BoolV(true),
                       BoolV(true),
                       BoolV(false),
                       Int2ArrayV(keys),
                       OidArrayV(collations),
                       OidArrayV(classes),
                       Int2ArrayV(options),
                       NullV(),
                       NullV()});
  }
  return rows;
}

// A pg_constraint row; what differs between Firn's constraints is given.
struct ConstraintRow {
  uint32_t oid = 0;
  std::string name;
  uint32_t namespace_oid = 0;
  char type = 'p';  // 'p' PRIMARY KEY, 'u' UNIQUE, 'c' CHECK
  bool validated = true;
  uint32_t table_oid = 0;
  uint32_t index_oid = 0;
  std::vector<int64_t> keys;  // column numbers, from 1
  Value conbin = NullV();

  Row ToRow() const {
    return Row{OidV(oid),
               NameV(name),
               OidV(namespace_oid),
               CharV(type),
               BoolV(false),  // condeferrable
               BoolV(false),  // condeferred
               BoolV(validated),
               OidV(table_oid),
               OidV(0),  // contypid
               OidV(index_oid),
               OidV(0),  // conparentid
               OidV(0),  // confrelid
               CharV(' '),
               CharV(' '),
               CharV(' '),
               BoolV(true),         // conislocal
               Int4V(0),            // coninhcount
               BoolV(type != 'c'),  // connoinherit
               Int2ArrayV(keys),
               NullV(),
               NullV(),
               NullV(),
               NullV(),
               NullV(),
               NullV(),
               conbin};
  }
};

// One row per PRIMARY KEY, UNIQUE and CHECK constraint (NOT NULL is kept in pg_attribute,
// as PostgreSQL 15 keeps it).
std::vector<Row> PgConstraintRows(const Catalog& catalog) {
  std::vector<Row> rows;
  for (const auto& index : catalog.ListIndexes()) {
    if (index->constraint == '\0') continue;
    auto table = catalog.GetTableByOid(index->table_oid);
    if (!table || !index->Fits(*table)) continue;
    ConstraintRow row;
    row.oid = index->constraint_oid;
    row.name = index->name;
    row.namespace_oid = NamespaceOid(catalog, index->schema);
    row.type = index->constraint;
    row.table_oid = table->oid;
    row.index_oid = index->oid;
    for (const IndexColumn& c : index->columns) row.keys.push_back(c.column + 1);
    rows.push_back(row.ToRow());
  }
  for (const auto& table : catalog.ListTables()) {
    for (const CheckConstraint& check : table->checks) {
      ConstraintRow row;
      row.oid = check.oid;
      row.name = check.name;
      row.namespace_oid = NamespaceOid(catalog, table->schema);
      row.type = 'c';
      row.validated = check.validated;
      row.table_oid = table->oid;
      for (int c : check.columns) row.keys.push_back(c + 1);
      row.conbin = TextV(check.expression);  // the text, not a node tree
      rows.push_back(row.ToRow());
    }
  }
  return rows;
}

// The name PostgreSQL 15 shows for a NOT NULL column's constraint in information_schema:
// schema OID, table OID, column number, "not_null".
std::string NotNullConstraintName(const Catalog& catalog, const TableInfo& table, size_t column) {
  return std::to_string(NamespaceOid(catalog, table.schema)) + "_" + std::to_string(table.oid) +
         "_" + std::to_string(column + 1) + "_not_null";
}

// information_schema.table_constraints: the PRIMARY KEY, UNIQUE and CHECK constraints, and a
// CHECK row per NOT NULL column named as PostgreSQL 15 names it (schema OID, table OID, column
// number, "not_null").
std::vector<Row> TableConstraintsRows(const Catalog& catalog) {
  std::vector<Row> rows;
  auto row = [&](const std::string& name, const TableInfo& table, const char* type,
                 Value nulls_distinct) {
    rows.push_back(Row{NameV(kDatabaseName), NameV(table.schema), NameV(name), NameV(kDatabaseName),
                       NameV(table.schema), NameV(table.name), TextV(type), VarcharV("NO"),
                       VarcharV("NO"), VarcharV("YES"), std::move(nulls_distinct)});
  };
  for (const auto& index : catalog.ListIndexes()) {
    if (index->constraint == '\0') continue;
    auto table = catalog.GetTableByOid(index->table_oid);
    if (!table || !index->Fits(*table)) continue;
    const bool primary = index->constraint == 'p';
    row(index->name, *table, primary ? "PRIMARY KEY" : "UNIQUE",
        primary ? NullV() : VarcharV("YES"));
  }
  for (const auto& table : catalog.ListTables()) {
    if (table->system_rows) continue;
    for (const CheckConstraint& check : table->checks) row(check.name, *table, "CHECK", NullV());
    for (size_t c = 0; c < table->columns.size(); c++) {
      if (!table->columns[c].not_null) continue;
      row(NotNullConstraintName(catalog, *table, c), *table, "CHECK", NullV());
    }
  }
  return rows;
}

// information_schema.check_constraints: each CHECK's expression as pg_get_constraintdef
// shows it, and PostgreSQL 15's "col IS NOT NULL" per NOT NULL column.
std::vector<Row> CheckConstraintsRows(const Catalog& catalog) {
  std::vector<Row> rows;
  for (const auto& table : catalog.ListTables()) {
    if (table->system_rows) continue;
    auto row = [&](const std::string& name, const std::string& clause) {
      rows.push_back(Row{NameV(kDatabaseName), NameV(table->schema), NameV(name), TextV(clause)});
    };
    for (const CheckConstraint& check : table->checks)
      row(check.name, "((" + check.expression + "))");
    for (size_t c = 0; c < table->columns.size(); c++) {
      if (!table->columns[c].not_null) continue;
      row(NotNullConstraintName(catalog, *table, c), table->columns[c].name + " IS NOT NULL");
    }
  }
  return rows;
}

// information_schema.key_column_usage: the columns of each PRIMARY KEY and UNIQUE constraint.
std::vector<Row> KeyColumnUsageRows(const Catalog& catalog) {
  std::vector<Row> rows;
  for (const auto& index : catalog.ListIndexes()) {
    if (index->constraint == '\0') continue;
    auto table = catalog.GetTableByOid(index->table_oid);
    if (!table || !index->Fits(*table)) continue;
    for (size_t i = 0; i < index->columns.size(); i++) {
      const ColumnInfo& column = table->columns[static_cast<size_t>(index->columns[i].column)];
      rows.push_back(Row{NameV(kDatabaseName), NameV(table->schema), NameV(index->name),
                         NameV(kDatabaseName), NameV(table->schema), NameV(table->name),
                         NameV(column.name), Int4V(static_cast<int64_t>(i + 1)), NullV()});
    }
  }
  return rows;
}

std::vector<Row> PgIndexesRows(const Catalog& catalog) {
  std::vector<Row> rows;
  for (const auto& index : catalog.ListIndexes()) {
    auto table = catalog.GetTableByOid(index->table_oid);
    if (!table || !index->Fits(*table)) continue;
    rows.push_back(Row{NameV(index->schema), NameV(table->name), NameV(index->name), NullV(),
                       TextV(IndexDefinition(catalog, *index))});
  }
  return rows;
}

}  // namespace

uint32_t IndexAmOid(const std::string& method) {
  return method == "hash" ? 405 : method == "brin" ? 3580 : 403;
}

std::string IndexDefinition(const Catalog& catalog, const IndexInfo& index) {
  auto table = catalog.GetTableByOid(index.table_oid);
  if (!table || !index.Fits(*table)) return "";
  auto name = [&](int c) { return QuoteIdent(table->columns[static_cast<size_t>(c)].name); };
  std::string out = std::string(index.unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ") +
                    QuoteIdent(index.name) + " ON " + QuoteIdent(table->schema) + "." +
                    QuoteIdent(table->name) + " USING " + index.method + " (";
  for (size_t i = 0; i < index.columns.size(); i++) {
    const IndexColumn& c = index.columns[i];
    out += (i ? ", " : "") + name(c.column);
    if (c.descending) out += " DESC";
    if (c.nulls_first != c.descending) out += c.nulls_first ? " NULLS FIRST" : " NULLS LAST";
  }
  out += ")";
  if (!index.include.empty()) {
    out += " INCLUDE (";
    for (size_t i = 0; i < index.include.size(); i++) {
      out += (i ? ", " : "") + name(index.include[i]);
    }
    out += ")";
  }
  return out;
}

std::optional<std::string> ConstraintDefinition(const Catalog& catalog, uint32_t constraint_oid,
                                                bool pretty) {
  for (const auto& index : catalog.ListIndexes()) {
    if (index->constraint == '\0' || index->constraint_oid != constraint_oid) continue;
    auto table = catalog.GetTableByOid(index->table_oid);
    if (!table || !index->Fits(*table)) return std::nullopt;
    std::string out = index->constraint == 'p' ? "PRIMARY KEY (" : "UNIQUE (";
    for (size_t i = 0; i < index->columns.size(); i++) {
      out += (i ? ", " : "") + QuoteIdent(table->columns[index->columns[i].column].name);
    }
    return out + ")";
  }
  for (const auto& table : catalog.ListTables()) {
    for (const CheckConstraint& check : table->checks) {
      if (check.oid != constraint_oid) continue;
      // PostgreSQL prints its parse tree, parenthesized unless pretty; Firn the text as
      // written.
      const std::string expression = pretty ? check.expression : "(" + check.expression + ")";
      return "CHECK (" + expression + ")" + (check.validated ? "" : " NOT VALID");
    }
  }
  return std::nullopt;
}

std::shared_ptr<const TableInfo> IndexRelation(const Catalog& catalog, const IndexInfo& index) {
  auto table = catalog.GetTableByOid(index.table_oid);
  if (!table || !index.Fits(*table)) return nullptr;
  auto info = std::make_shared<TableInfo>();
  info->oid = index.oid;
  info->schema = index.schema;
  info->name = index.name;
  for (const IndexColumn& c : index.columns) {
    info->columns.push_back(table->columns[static_cast<size_t>(c.column)]);
  }
  for (int c : index.include) info->columns.push_back(table->columns[static_cast<size_t>(c)]);
  for (ColumnInfo& c : info->columns) {
    c.default_expr.clear();
    c.identity = '\0';
  }
  return info;
}

void AddIndexRelations(std::vector<SystemRelation>& out) {
  AddRelation(out, "pg_catalog", "pg_index", 2610, 'r',
              "indexrelid oid, indrelid oid, indnatts int2, indnkeyatts int2, indisunique bool, "
              "indnullsnotdistinct bool, indisprimary bool, indisexclusion bool, "
              "indimmediate bool, indisclustered bool, indisvalid bool, indcheckxmin bool, "
              "indisready bool, indislive bool, indisreplident bool, indkey int2vector, "
              "indcollation oidvector, indclass oidvector, indoption int2vector, indexprs text, "
              "indpred text",
              PgIndexRows);
  AddRelation(out, "pg_catalog", "pg_constraint", 2606, 'r',
              "oid oid, conname name, connamespace oid, contype char, condeferrable bool, "
              "condeferred bool, convalidated bool, conrelid oid, contypid oid, conindid oid, "
              "conparentid oid, confrelid oid, confupdtype char, confdeltype char, "
              "confmatchtype char, conislocal bool, coninhcount int4, connoinherit bool, "
              "conkey int2[], confkey int2[], conpfeqop oid[], conppeqop oid[], "
              "conffeqop oid[], confdelsetcols int2[], conexclop oid[], conbin text",
              PgConstraintRows);
  AddRelation(out, "information_schema", "table_constraints", 13411, 'v',
              "constraint_catalog name, constraint_schema name, constraint_name name, "
              "table_catalog name, table_schema name, table_name name, constraint_type text, "
              "is_deferrable varchar, initially_deferred varchar, enforced varchar, "
              "nulls_distinct varchar",
              TableConstraintsRows);
  AddRelation(out, "information_schema", "check_constraints", 13260, 'v',
              "constraint_catalog name, constraint_schema name, constraint_name name, "
              "check_clause text",
              CheckConstraintsRows);
  AddRelation(out, "information_schema", "key_column_usage", 13329, 'v',
              "constraint_catalog name, constraint_schema name, constraint_name name, "
              "table_catalog name, table_schema name, table_name name, column_name name, "
              "ordinal_position int4, position_in_unique_constraint int4",
              KeyColumnUsageRows);
  AddRelation(out, "pg_catalog", "pg_indexes", 12043, 'v',
              "schemaname name, tablename name, indexname name, tablespace name, indexdef text",
              PgIndexesRows);
}

}  // namespace firn::system_catalog
