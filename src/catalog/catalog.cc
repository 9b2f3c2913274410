#include "catalog/catalog.h"

#include <algorithm>

#include <unordered_set>

#include "catalog/system/system_tables.h"
#include "common/sql_error.h"

namespace firn {

void CheckNotNull(const TableInfo& table, size_t column, const DataChunk& rows) {
  if (!table.columns[column].not_null) return;
  const Vector& v = rows.column(column);
  for (size_t r = 0; r < rows.size(); r++) {
    if (v.IsNull(r)) {
      throw SqlError(sqlstate::kNotNullViolation,
                     "null value in column \"" + table.columns[column].name + "\" of relation \"" +
                         table.name + "\" violates not-null constraint")
          .WithSubject({table.schema, table.name, table.columns[column].name, ""});
    }
  }
}

void CheckNotNull(const TableInfo& table, const DataChunk& rows) {
  for (size_t c = 0; c < table.columns.size(); c++) CheckNotNull(table, c, rows);
}

void CheckUniqueColumnNames(const std::vector<std::string>& names) {
  std::unordered_set<std::string> seen;
  for (const std::string& name : names) {
    if (!seen.insert(name).second) {
      throw SqlError(sqlstate::kDuplicateColumn,
                     "column \"" + name + "\" specified more than once");
    }
  }
}

int TableInfo::FindColumn(const std::string& column) const {
  for (size_t i = 0; i < columns.size(); i++) {
    if (columns[i].name == column) return static_cast<int>(i);
  }
  return -1;
}

std::vector<Type> TableInfo::ColumnTypes() const {
  std::vector<Type> types;
  for (const ColumnInfo& c : columns) types.push_back(c.type);
  return types;
}

Catalog::Catalog() {
  // PostgreSQL's fixed OIDs for the built-in schemas.
  schemas_["pg_catalog"] = SchemaInfo{11, "pg_catalog", "firn"};
  schemas_["public"] = SchemaInfo{2200, "public", "firn"};
  schemas_["information_schema"] = SchemaInfo{13000, "information_schema", "firn"};
}

uint32_t Catalog::AllocateOid() {
  std::unique_lock lock(mutex_);
  return next_oid_++;
}

std::optional<SchemaInfo> Catalog::GetSchema(const std::string& name) const {
  std::shared_lock lock(mutex_);
  auto it = schemas_.find(name);
  if (it == schemas_.end()) return std::nullopt;
  return it->second;
}

std::vector<SchemaInfo> Catalog::ListSchemas() const {
  std::shared_lock lock(mutex_);
  std::vector<SchemaInfo> out;
  for (const auto& [name, info] : schemas_) out.push_back(info);
  return out;
}

bool Catalog::CreateSchema(const std::string& name, const std::string& owner, bool if_not_exists) {
  std::unique_lock lock(mutex_);
  if (schemas_.count(name)) {
    if (if_not_exists) return false;
    throw SqlError(sqlstate::kDuplicateSchema, "schema \"" + name + "\" already exists");
  }
  schemas_[name] = SchemaInfo{next_oid_++, name, owner};
  version_.fetch_add(1, std::memory_order_acq_rel);
  return true;
}

bool Catalog::DropSchema(const std::string& name, bool if_exists, bool cascade) {
  std::unique_lock lock(mutex_);
  auto it = schemas_.find(name);
  if (it == schemas_.end()) {
    if (if_exists) return false;
    throw SqlError(sqlstate::kInvalidSchemaName, "schema \"" + name + "\" does not exist");
  }
  if (name == "pg_catalog" || name == "information_schema") {
    throw SqlError(sqlstate::kDependentObjectsStillExist,
                   "cannot drop schema " + name + " because it is required by the database system");
  }
  std::vector<std::pair<std::string, std::string>> contained;
  for (const auto& [key, table] : tables_) {
    if (key.first == name) contained.push_back(key);
  }
  if (!contained.empty() && !cascade) {
    throw SqlError(sqlstate::kDependentObjectsStillExist,
                   "cannot drop schema " + name + " because other objects depend on it")
        .WithDetail("table " + name + "." + contained[0].second + " depends on schema " + name)
        .WithHint("Use DROP ... CASCADE to drop the dependent objects too.");
  }
  for (const auto& [key, view] : views_) {
    if (key.first == name) contained.push_back(key);
  }
  if (!contained.empty() && !cascade) {
    throw SqlError(sqlstate::kDependentObjectsStillExist,
                   "cannot drop schema " + name + " because other objects depend on it")
        .WithDetail("materialized view " + name + "." + contained[0].second +
                    " depends on schema " + name)
        .WithHint("Use DROP ... CASCADE to drop the dependent objects too.");
  }
  for (const auto& [key, sequence] : sequences_) {
    if (key.first == name) contained.push_back(key);
  }
  if (!contained.empty() && !cascade) {
    throw SqlError(sqlstate::kDependentObjectsStillExist,
                   "cannot drop schema " + name + " because other objects depend on it")
        .WithDetail("sequence " + name + "." + contained[0].second + " depends on schema " + name)
        .WithHint("Use DROP ... CASCADE to drop the dependent objects too.");
  }
  for (const auto& [key, view] : sql_views_) {
    if (key.first == name) contained.push_back(key);
  }
  if (!contained.empty() && !cascade) {
    throw SqlError(sqlstate::kDependentObjectsStillExist,
                   "cannot drop schema " + name + " because other objects depend on it")
        .WithDetail("view " + name + "." + contained[0].second + " depends on schema " + name)
        .WithHint("Use DROP ... CASCADE to drop the dependent objects too.");
  }
  for (const auto& [key, index] : indexes_) {
    if (key.first == name) contained.push_back(key);  // on the tables just counted
  }
  for (const auto& key : contained) {
    tables_.erase(key);
    views_.erase(key);
    sequences_.erase(key);
    indexes_.erase(key);
    sql_views_.erase(key);
  }
  schemas_.erase(it);
  version_.fetch_add(1, std::memory_order_acq_rel);
  return true;
}

std::shared_ptr<const TableInfo> Catalog::GetTable(const std::string& schema,
                                                   const std::string& name) const {
  // pg_catalog and information_schema hold the system relations (catalog/system/).
  if (schema == "pg_catalog" || schema == "information_schema") {
    return system_catalog::FindSystemTable(schema, name);
  }
  std::shared_lock lock(mutex_);
  auto it = tables_.find({schema, name});
  return it == tables_.end() ? nullptr : it->second;
}

std::shared_ptr<const TableInfo> Catalog::GetTableByOid(uint32_t oid) const {
  if (const auto* system = system_catalog::FindSystemRelationByOid(oid)) return system->table;
  std::shared_lock lock(mutex_);
  for (const auto& [key, table] : tables_) {
    if (table->oid == oid) return table;
  }
  return nullptr;
}

std::vector<std::shared_ptr<const TableInfo>> Catalog::ListTables() const {
  std::shared_lock lock(mutex_);
  std::vector<std::shared_ptr<const TableInfo>> out;
  for (const auto& [key, table] : tables_) out.push_back(table);
  return out;
}

std::shared_ptr<const TableInfo> Catalog::CreateTable(TableInfo info, bool if_not_exists) {
  std::unique_lock lock(mutex_);
  auto key = std::make_pair(info.schema, info.name);
  if (!CheckNewRelation(key, if_not_exists)) return nullptr;
  info.oid = next_oid_++;
  for (ColumnInfo& column : info.columns) {
    if (!column.default_expr.empty()) column.default_oid = next_oid_++;
  }
  info.data = std::make_shared<TableData>(info.ColumnTypes());
  auto table = std::make_shared<const TableInfo>(std::move(info));
  tables_[key] = table;
  version_.fetch_add(1, std::memory_order_acq_rel);
  return table;
}

bool Catalog::DropTable(const std::string& schema, const std::string& name, bool if_exists) {
  std::unique_lock lock(mutex_);
  if (tables_.erase({schema, name}) == 0) {
    if (if_exists) return false;
    throw SqlError(sqlstate::kUndefinedTable, "table \"" + name + "\" does not exist");
  }
  version_.fetch_add(1, std::memory_order_acq_rel);
  return true;
}

void Catalog::RestoreTable(std::shared_ptr<const TableInfo> table) {
  std::unique_lock lock(mutex_);
  auto key = std::make_pair(table->schema, table->name);
  if (!schemas_.count(table->schema) || RelationExists(key)) return;
  tables_.emplace(std::move(key), std::move(table));
  version_.fetch_add(1, std::memory_order_acq_rel);
}

bool Catalog::ReplaceTable(std::shared_ptr<const TableInfo> table) {
  std::unique_lock lock(mutex_);
  auto it = std::find_if(tables_.begin(), tables_.end(),
                         [&](const auto& entry) { return entry.second->oid == table->oid; });
  if (it == tables_.end()) return false;
  auto key = std::make_pair(table->schema, table->name);
  if (it->first == key) {
    it->second = std::move(table);
  } else {
    if (RelationExists(key)) {
      throw SqlError(sqlstate::kDuplicateTable, "relation \"" + table->name + "\" already exists");
    }
    tables_.erase(it);
    tables_.emplace(std::move(key), std::move(table));
  }
  version_.fetch_add(1, std::memory_order_acq_rel);
  return true;
}

std::optional<RoleInfo> Catalog::GetRole(const std::string& name) const {
  std::shared_lock lock(mutex_);
  auto it = roles_.find(name);
  if (it == roles_.end()) return std::nullopt;
  return it->second;
}

std::vector<RoleInfo> Catalog::ListRoles() const {
  std::shared_lock lock(mutex_);
  std::vector<RoleInfo> out;
  for (const auto& [name, role] : roles_) out.push_back(role);
  return out;
}

void Catalog::CreateRole(RoleInfo role) {
  std::unique_lock lock(mutex_);
  if (roles_.count(role.name)) {
    throw SqlError(sqlstate::kDuplicateObject, "role \"" + role.name + "\" already exists");
  }
  role.oid = role.oid ? role.oid : next_oid_++;
  roles_[role.name] = std::move(role);
  version_.fetch_add(1, std::memory_order_acq_rel);
}

void Catalog::UpdateRole(const RoleInfo& role) {
  std::unique_lock lock(mutex_);
  auto it = roles_.find(role.name);
  if (it == roles_.end()) {
    throw SqlError(sqlstate::kUndefinedObject, "role \"" + role.name + "\" does not exist");
  }
  it->second = role;
  version_.fetch_add(1, std::memory_order_acq_rel);
}

}  // namespace firn
