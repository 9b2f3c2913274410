// The system relation list (built once, immutable) and the helpers every definition uses:
// parsing column lists, turning computed rows into DataChunks, enumerating relations.
// Thread-safety: see system_tables.h.
#include <algorithm>
#include <sstream>
#include <stdexcept>

#include "catalog/system/system_internal.h"
#include "common/sql_error.h"

namespace firn::system_catalog {
namespace {

Type ParseColumnType(const std::string& spec) {
  std::string base = spec;
  bool array = false;
  if (base.size() > 2 && base.compare(base.size() - 2, 2, "[]") == 0) {
    array = true;
    base.resize(base.size() - 2);
  }
  struct Entry {
    const char* name;
    TypeId id;
  };
  static constexpr Entry kTypes[] = {
      {"oid", TypeId::kOid},           {"name", TypeId::kName},
      {"char", TypeId::kChar},         {"bool", TypeId::kBool},
      {"int2", TypeId::kInt2},         {"int4", TypeId::kInt4},
      {"int8", TypeId::kInt8},         {"float4", TypeId::kFloat4},
      {"text", TypeId::kText},         {"varchar", TypeId::kVarchar},
      {"interval", TypeId::kInterval}, {"timestamptz", TypeId::kTimestampTz},
  };
  if (spec == "int2vector") return Type::CatalogVector(TypeId::kInt2);
  if (spec == "oidvector") return Type::CatalogVector(TypeId::kOid);
  for (const Entry& e : kTypes) {
    if (base == e.name) return array ? Type::Array(e.id) : Type(e.id);
  }
  throw std::logic_error("system catalog: unknown column type " + spec);
}

std::vector<ColumnInfo> ParseColumns(const char* columns) {
  std::vector<ColumnInfo> out;
  std::stringstream all(columns);
  std::string item;
  while (std::getline(all, item, ',')) {
    std::stringstream one(item);
    std::string name, type;
    one >> name >> type;
    out.push_back(ColumnInfo{name, ParseColumnType(type), false});
  }
  return out;
}

std::vector<DataChunk> ToChunks(const std::vector<ColumnInfo>& columns,
                                const std::vector<Row>& rows) {
  std::vector<Type> types;
  for (const ColumnInfo& c : columns) types.push_back(c.type);
  std::vector<DataChunk> chunks;
  for (size_t start = 0; start < rows.size(); start += kChunkSize) {
    size_t end = std::min(rows.size(), start + kChunkSize);
    DataChunk chunk(types);
    for (size_t r = start; r < end; r++) {
      const Row& row = rows[r];
      for (size_t c = 0; c < types.size(); c++) {
        const Value& v = c < row.size() ? row[c] : Value();
        chunk.column(c).Append(v.is_null() ? Value::Null(types[c]) : v.WithType(types[c]));
      }
    }
    chunks.push_back(std::move(chunk));
  }
  return chunks;
}

std::vector<SystemRelation> BuildRelations() {
  std::vector<SystemRelation> out;
  AddClassRelations(out);
  AddTypeRelations(out);
  AddRoleRelations(out);
  AddEmptyRelations(out);
  AddInformationSchema(out);
  AddSequenceRelations(out);
  AddIndexRelations(out);
  AddViewRelations(out);
  return out;
}

}  // namespace

void AddRelation(std::vector<SystemRelation>& out, const char* schema, const char* name,
                 uint32_t oid, char relkind, const char* columns, RowsFn rows) {
  auto info = std::make_shared<TableInfo>();
  info->oid = oid;
  info->schema = schema;
  info->name = name;
  info->columns = ParseColumns(columns);
  // An empty store keeps code that expects `data` safe; scans read system_rows instead.
  info->data = std::make_shared<TableData>(info->ColumnTypes());
  std::vector<ColumnInfo> cols = info->columns;
  info->system_rows = [cols, rows](const Catalog& catalog) {
    return ToChunks(cols, rows ? rows(catalog) : std::vector<Row>());
  };
  out.push_back(SystemRelation{std::move(info), relkind});
}

std::shared_ptr<const TableInfo> SequenceRelation(const SequenceInfo& sequence) {
  auto info = std::make_shared<TableInfo>();
  info->oid = sequence.oid;
  info->schema = sequence.schema;
  info->name = sequence.name;
  info->columns = ParseColumns("last_value int8, log_cnt int8, is_called bool");
  info->data = std::make_shared<TableData>(info->ColumnTypes());
  std::vector<ColumnInfo> cols = info->columns;
  std::shared_ptr<SequenceState> state = sequence.state;
  info->system_rows = [cols, state](const Catalog&) {
    SequencePosition at = state->Current();
    return ToChunks(cols, {Row{Int8V(at.value), Int8V(state->LogCount()), BoolV(at.called)}});
  };
  return info;
}

Value TextArrayV(const std::vector<std::string>& items) {
  std::vector<Value> values;
  for (const std::string& s : items) values.push_back(Value::Text(s));
  return Value::MakeArray(TypeId::kText, std::move(values));
}

const std::vector<SystemRelation>& SystemRelations() {
  static const std::vector<SystemRelation> relations = BuildRelations();
  return relations;
}

std::shared_ptr<const TableInfo> FindSystemTable(std::string_view schema, std::string_view name) {
  for (const SystemRelation& r : SystemRelations()) {
    if (r.table->schema == schema && r.table->name == name) return r.table;
  }
  return nullptr;
}

const SystemRelation* FindSystemRelationByOid(uint32_t oid) {
  for (const SystemRelation& r : SystemRelations()) {
    if (r.table->oid == oid) return &r;
  }
  return nullptr;
}

void CheckWritable(const TableInfo& table) {
  if (!table.system_rows) return;
  throw SqlError(sqlstate::kInsufficientPrivilege,
                 "permission denied: \"" + table.name + "\" is a system catalog");
}

char RelationKind(const TableInfo& table) {
  if (const SystemRelation* r = FindSystemRelationByOid(table.oid)) return r->relkind;
  return 'r';
}

std::vector<RelationRef> AllRelations(const Catalog& catalog) {
  std::vector<RelationRef> out;
  for (auto& t : catalog.ListTables()) out.push_back(RelationRef{t, 'r'});
  // Feature views are materialized views (relkind 'm'), so psql's \dm and \d list them.
  for (auto& v : catalog.ListViews()) {
    auto view = std::make_shared<TableInfo>();
    view->oid = v->oid;
    view->schema = v->schema;
    view->name = v->name;
    view->columns = v->columns;
    out.push_back(RelationRef{std::move(view), 'm'});
  }
  for (auto& v : catalog.ListSqlViews()) {
    auto view = std::make_shared<TableInfo>();
    view->oid = v->oid;
    view->schema = v->schema;
    view->name = v->name;
    view->columns = v->columns;
    out.push_back(RelationRef{std::move(view), 'v'});
  }
  for (auto& s : catalog.ListSequences()) out.push_back(RelationRef{SequenceRelation(*s), 'S'});
  for (auto& i : catalog.ListIndexes()) {
    if (auto relation = IndexRelation(catalog, *i)) out.push_back(RelationRef{relation, 'i'});
  }
  for (const SystemRelation& r : SystemRelations()) out.push_back(RelationRef{r.table, r.relkind});
  return out;
}

uint32_t NamespaceOid(const Catalog& catalog, const std::string& schema) {
  auto s = catalog.GetSchema(schema);
  return s ? s->oid : 0;
}

}  // namespace firn::system_catalog
