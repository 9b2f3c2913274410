// Index DDL for SessionState: CREATE INDEX and DROP INDEX. An index is a catalog entry only
// (catalog.h IndexInfo): created, shown and dropped as in PostgreSQL, undone by ROLLBACK.
#include <string>

#include "catalog/system/system_tables.h"
#include "common/sql_error.h"
#include "engine/session_state.h"
#include "sql/binder/binder.h"

namespace firn {

std::string SessionState::ExecuteCreateIndex(const ast::IndexStmt& s, ResultSink& sink) {
  BinderContext bctx = MakeBinderContext(db_, startup_.user);
  Binder binder(bctx);
  const std::string& name = s.table.name;
  if (binder.ResolveView(s.table.schema, name)) {
    throw SqlError(sqlstate::kFeatureNotSupported,
                   "cannot create index on feature view \"" + name + "\"");
  }
  if (binder.ResolveSequence(s.table.schema, name)) {
    throw SqlError(sqlstate::kWrongObjectType, "cannot create index on relation \"" + name + "\"")
        .WithDetail("This operation is not supported for sequences.");
  }
  auto table = binder.ResolveTable(s.table.schema, name, s.table.location);
  system_catalog::CheckWritable(*table);
  IndexInfo info;
  info.schema = table->schema;
  info.table_oid = table->oid;
  info.method = s.method.empty() ? "btree" : s.method;
  if (info.method != "btree" && info.method != "hash" && info.method != "brin") {
    if (info.method == "gin" || info.method == "gist" || info.method == "spgist") {
      throw SqlError(sqlstate::kFeatureNotSupported,
                     "access method \"" + info.method + "\" is not supported");
    }
    throw SqlError(sqlstate::kUndefinedObject,
                   "access method \"" + info.method + "\" does not exist");
  }
  if (info.method == "hash" && s.columns.size() > 1) {
    throw SqlError(sqlstate::kFeatureNotSupported,
                   "access method \"hash\" does not support multicolumn indexes");
  }
  std::string column_names;
  auto find = [&](const std::string& column, int location) {
    int c = table->FindColumn(column);
    if (c < 0) {
      SqlError err(sqlstate::kUndefinedColumn, "column \"" + column + "\" does not exist");
      if (location >= 0) err.set_position(location + 1);
      throw err;
    }
    return c;
  };
  for (const ast::IndexElem& e : s.columns) {
    if (info.method != "btree" && (e.descending || e.nulls != 0)) {
      throw SqlError(sqlstate::kFeatureNotSupported,
                     "access method \"" + info.method + "\" does not support ASC/DESC options");
    }
    IndexColumn column;
    column.column = find(e.column, e.location);
    column.descending = e.descending;
    column.nulls_first = e.nulls == 0 ? e.descending : e.nulls == 1;
    info.columns.push_back(column);
    column_names += (column_names.empty() ? "" : "_") + e.column;
  }
  for (const std::string& c : s.include) info.include.push_back(find(c, -1));
  Catalog& catalog = db_.catalog();
  info.name = s.name.empty()
                  ? catalog.ChooseRelationName(info.schema, table->name, column_names, "idx")
                  : s.name;
  if (s.unique) {
    if (info.method != "btree") {
      throw SqlError(sqlstate::kFeatureNotSupported,
                     "access method \"" + info.method + "\" does not support unique indexes");
    }
    std::vector<Type> types;
    for (const IndexColumn& c : info.columns) {
      types.push_back(table->columns[static_cast<size_t>(c.column)].type);
    }
    Status typed = UniqueKeys::CheckKeyTypes(types);
    if (!typed.ok()) throw SqlError(sqlstate::kFeatureNotSupported, typed.message());
    info.unique = true;
    if (s.if_not_exists && catalog.GetIndex(info.schema, info.name)) {
      sink.OnNotice(Notice{"NOTICE", sqlstate::kDuplicateTable,
                           "relation \"" + s.name + "\" already exists, skipping", "", ""});
      return "CREATE INDEX";
    }
    CreateUniqueIndex(*table, std::move(info), false);
    return "CREATE INDEX";
  }
  auto index = catalog.CreateIndex(std::move(info), s.if_not_exists);
  if (!index) {
    sink.OnNotice(Notice{"NOTICE", sqlstate::kDuplicateTable,
                         "relation \"" + s.name + "\" already exists, skipping", "", ""});
    return "CREATE INDEX";
  }
  txn_.AddUndo([&catalog, index] { catalog.DropIndex(index->schema, index->name); });
  return "CREATE INDEX";
}

std::string SessionState::ExecuteDropIndexes(const ast::DropStmt& s, ResultSink& sink) {
  Catalog& catalog = db_.catalog();
  for (const ast::QualifiedName& n : s.names) {
    std::string schema = n.schema.empty() ? "public" : n.schema;
    auto index = catalog.GetIndex(schema, n.name);
    if (!index) {
      if (catalog.GetTable(schema, n.name)) {
        throw SqlError(sqlstate::kWrongObjectType, "\"" + n.name + "\" is not an index")
            .WithHint("Use DROP TABLE to remove a table.");
      }
      if (s.if_exists) {
        sink.OnNotice(
            Notice{"NOTICE", "00000", "index \"" + n.name + "\" does not exist, skipping", "", ""});
        continue;
      }
      throw SqlError(sqlstate::kUndefinedObject, "index \"" + n.name + "\" does not exist");
    }
    if (index->constraint != '\0') {
      auto table = catalog.GetTableByOid(index->table_oid);
      const std::string table_name = table ? table->name : "";
      throw SqlError(sqlstate::kDependentObjectsStillExist,
                     "cannot drop index " + index->name + " because constraint " + index->name +
                         " on table " + table_name + " requires it")
          .WithHint("You can drop constraint " + index->name + " on table " + table_name +
                    " instead.");
    }
    catalog.DropIndex(schema, n.name);
    if (auto table = catalog.GetTableByOid(index->table_oid)) {
      table->data->unique_keys().Forget(index->oid);
    }
    txn_.AddUndo([&catalog, index] { catalog.RestoreIndex(index); });
  }
  return "DROP INDEX";
}

std::string SessionState::ExecuteAlterIndex(const ast::AlterTableStmt& s, ResultSink& sink) {
  const std::string schema = s.table.schema.empty() ? "public" : s.table.schema;
  const std::string& name = s.table.name;
  if (!db_.catalog().GetIndex(schema, name)) {
    if (db_.catalog().GetTable(schema, name)) {
      throw SqlError(sqlstate::kWrongObjectType, "\"" + name + "\" is not an index");
    }
    if (s.if_exists) {
      sink.OnNotice(
          Notice{"NOTICE", "00000", "relation \"" + name + "\" does not exist, skipping", "", ""});
      return "ALTER INDEX";
    }
    throw SqlError(sqlstate::kUndefinedTable, "relation \"" + name + "\" does not exist");
  }
  RenameIndex(schema, name, s.commands.front().new_name);
  return "ALTER INDEX";
}

void SessionState::RenameIndex(const std::string& schema, const std::string& name,
                               const std::string& new_name) {
  Catalog& catalog = db_.catalog();
  if (!catalog.RenameIndex(schema, name, new_name)) {
    throw SqlError(sqlstate::kUndefinedTable, "relation \"" + name + "\" does not exist");
  }
  txn_.AddUndo([&catalog, schema, name, new_name] {
    try {
      catalog.RenameIndex(schema, new_name, name);
    } catch (const SqlError&) {
      // The old name was taken by another session since: the index keeps the new one.
    }
  });
}

void SessionState::DropTableIndexes(const TableInfo& table) {
  Catalog& catalog = db_.catalog();
  for (const auto& index : catalog.IndexesOn(table.oid)) {
    catalog.DropIndex(index->schema, index->name);
    txn_.AddUndo([&catalog, index] { catalog.RestoreIndex(index); });
  }
}

}  // namespace firn
