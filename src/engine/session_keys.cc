// Unique keys for SessionState and Transaction: the indexes PRIMARY KEY and UNIQUE
// constraints make (CREATE TABLE, ALTER TABLE ADD / DROP CONSTRAINT), CREATE UNIQUE INDEX's
// look at the rows there are, the check of a statement's new rows and PostgreSQL's errors
// for a key two rows share. The table's key maps (storage/unique_keys.h) do the checking.
#include <algorithm>
#include <string>

#include "catalog/qualified_name.h"
#include "common/sql_error.h"
#include "engine/session_state.h"
#include "exec/evaluator.h"
#include "exec/segment_read.h"
#include "sql/binder/binder.h"
#include "sql/parser/parser.h"

namespace firn {

std::vector<UniqueIndexSpec> UniqueIndexesOf(const Catalog& catalog, const TableInfo& table) {
  std::vector<UniqueIndexSpec> specs;
  for (const auto& index : catalog.IndexesOn(table.oid)) {
    if (!index->unique || !index->Fits(table)) continue;
    UniqueIndexSpec spec;
    spec.oid = index->oid;
    for (const IndexColumn& c : index->columns) spec.columns.push_back(c.column);
    specs.push_back(std::move(spec));
  }
  return specs;
}

namespace {

// "(a, b)=(1, x)", as PostgreSQL's BuildIndexValueDescription.
std::string KeyText(const TableInfo& table, const IndexInfo& index,
                    const std::vector<Value>& values) {
  std::string names, texts;
  for (size_t i = 0; i < index.columns.size(); i++) {
    names += (i ? ", " : "") + QuoteIdent(table.columns[index.columns[i].column].name);
    texts += (i ? ", " : "") + (values[i].is_null() ? "null" : ValueToText(values[i]));
  }
  return "(" + names + ")=(" + texts + ")";
}

std::shared_ptr<const IndexInfo> IndexByOid(const Catalog& catalog, const TableInfo& table,
                                            uint32_t oid) {
  for (const auto& index : catalog.IndexesOn(table.oid)) {
    if (index->oid == oid) return index;
  }
  return nullptr;
}

}  // namespace

SqlError DuplicateKeyError(const Catalog& catalog, const TableInfo& table, const TableWrite& write,
                           const KeyConflict& conflict) {
  if (conflict.concurrent_update) {
    return SqlError(sqlstate::kSerializationFailure,
                    "could not serialize access due to concurrent update");
  }
  auto index = IndexByOid(catalog, table, conflict.index_oid);
  if (!index) {  // dropped meanwhile
    return SqlError(sqlstate::kUniqueViolation, "duplicate key value violates unique constraint");
  }
  const PendingRows& rows = write.inserts;
  std::vector<Value> values;
  for (size_t k = 0; k < rows.chunks().size(); k++) {
    const DataChunk& chunk = *rows.chunks()[k];
    const size_t start = rows.chunk_start(k);
    if (conflict.pending_row < start || conflict.pending_row >= start + chunk.size()) continue;
    for (const IndexColumn& c : index->columns) {
      values.push_back(chunk.GetValue(static_cast<size_t>(c.column), conflict.pending_row - start));
    }
  }
  SqlError error =
      SqlError(sqlstate::kUniqueViolation,
               "duplicate key value violates unique constraint \"" + index->name + "\"")
          .WithSubject({table.schema, table.name, "", index->name});
  if (values.size() != index->columns.size()) return error;
  return std::move(error).WithDetail("Key " + KeyText(table, *index, values) + " already exists.");
}

void SessionState::CheckUniqueKeys(const std::shared_ptr<const TableInfo>& table) {
  txn_.CheckKeys(table);
}

std::vector<UniqueIndexSpec> SessionState::ArbiterIndexes(const TableInfo& table,
                                                          const BoundOnConflict& on) {
  std::vector<UniqueIndexSpec> all = UniqueIndexesOf(db_.catalog(), table);
  if (!on.constraint.empty()) {
    for (const auto& index : db_.catalog().IndexesOn(table.oid)) {
      if (index->constraint == '\0' || index->name != on.constraint) continue;
      for (const UniqueIndexSpec& spec : all) {
        if (spec.oid == index->oid) return {spec};
      }
    }
    throw SqlError(sqlstate::kUndefinedObject, "constraint \"" + on.constraint + "\" for table \"" +
                                                   table.name + "\" does not exist");
  }
  if (on.columns.empty()) return all;
  std::vector<int> target;
  for (const std::string& name : on.columns) {
    const int c = table.FindColumn(name);
    if (c < 0) {
      SqlError error(sqlstate::kUndefinedColumn, "column \"" + name + "\" does not exist");
      if (on.location >= 0) error.set_position(on.location + 1);
      throw error;
    }
    target.push_back(c);
  }
  std::sort(target.begin(), target.end());
  target.erase(std::unique(target.begin(), target.end()), target.end());
  std::vector<UniqueIndexSpec> arbiters;
  for (const UniqueIndexSpec& spec : all) {
    std::vector<int> columns = spec.columns;
    std::sort(columns.begin(), columns.end());
    if (columns == target) arbiters.push_back(spec);
  }
  if (arbiters.empty()) {
    throw SqlError(sqlstate::kInvalidColumnReference,
                   "there is no unique or exclusion constraint matching the ON CONFLICT "
                   "specification");
  }
  return arbiters;
}

void SessionState::CheckOnePrimaryKey(const TableInfo& table,
                                      const std::vector<ast::KeyConstraintDef>& keys) {
  bool has_primary = false;
  for (const auto& index : db_.catalog().IndexesOn(table.oid)) {
    has_primary |= index->constraint == 'p';
  }
  for (const ast::KeyConstraintDef& key : keys) {
    if (key.primary && has_primary) {
      SqlError error(sqlstate::kInvalidTableDefinition,
                     "multiple primary keys for table \"" + table.name + "\" are not allowed");
      if (key.location >= 0) error.set_position(key.location + 1);
      throw error;
    }
    has_primary |= key.primary;
  }
}

std::vector<DataChunk> SessionState::ResolveConflicts(const BoundStatement& b,
                                                      const std::vector<UniqueIndexSpec>& arbiters,
                                                      const DataChunk& rows, size_t statement_start,
                                                      ExecContext& ctx) {
  using Kind = KeyHolder::Kind;
  const BoundOnConflict& on = *b.on_conflict;
  std::vector<KeyHolder> holders = txn_.KeyHolders(b.table, arbiters, rows, on.do_update);
  std::vector<uint32_t> inserted, updated;
  std::vector<KeyHolder> targets;  // per updated row: the row it changes
  for (size_t r = 0; r < rows.size(); r++) {
    const KeyHolder& holder = holders[r];
    // A key another transaction is committing: inserted, so that its check fails with 23505
    // (PostgreSQL would wait for that transaction, then insert, skip or update).
    if (holder.kind == Kind::kNone || holder.kind == Kind::kInFlight) {
      inserted.push_back(static_cast<uint32_t>(r));
      continue;
    }
    if (!on.do_update) continue;
    if (holder.kind == Kind::kEarlierRow ||
        (holder.kind == Kind::kPending && holder.id >= statement_start)) {
      throw SqlError(sqlstate::kCardinalityViolation,
                     "ON CONFLICT DO UPDATE command cannot affect row a second time")
          .WithHint(
              "Ensure that no rows proposed for insertion within the same command have "
              "duplicate constrained values.");
    }
    updated.push_back(static_cast<uint32_t>(r));
    targets.push_back(holder);
  }
  std::vector<DataChunk> out;
  out.push_back(inserted.size() == rows.size() ? rows : rows.Select(inserted));
  if (updated.empty()) return out;

  // The existing rows beside the proposed ones (EXCLUDED): the input of SET and WHERE.
  const TableInfo& table = *b.table;
  const std::vector<Type> types = table.ColumnTypes();
  std::vector<uint64_t> committed;
  for (const KeyHolder& t : targets) {
    if (t.kind == Kind::kCommitted) committed.push_back(t.id);
  }
  DataChunk from_table = ReadRowsById(*txn_.Snapshot(table), committed, types, table.name);
  const PendingRows& pending = txn_.WriteFor(b.table).inserts;
  DataChunk existing(types);
  size_t next_committed = 0;
  for (const KeyHolder& t : targets) {
    if (t.kind == Kind::kCommitted) {
      existing.AppendRow(from_table.GetRow(next_committed++));
      continue;
    }
    for (size_t k = 0; k < pending.chunks().size(); k++) {
      const size_t start = pending.chunk_start(k);
      const DataChunk& chunk = *pending.chunks()[k];
      if (t.id < start || t.id >= start + chunk.size()) continue;
      std::vector<Value> row = chunk.GetRow(t.id - start);
      row.resize(types.size(), Value());  // a row from before the table gained columns
      existing.AppendRow(row);
    }
  }
  DataChunk proposed = rows.Select(updated);
  DataChunk input = existing;
  for (size_t c = 0; c < proposed.column_count(); c++) input.AddColumn(proposed.column(c));
  std::vector<uint32_t> changed;
  if (on.update_where) {
    Vector keep = Evaluate(*on.update_where, input, ctx);
    for (size_t r = 0; r < input.size(); r++) {
      if (!keep.IsNull(r) && keep.ints()[r] != 0) changed.push_back(static_cast<uint32_t>(r));
    }
    input = input.Select(changed);
  } else {
    for (size_t r = 0; r < input.size(); r++) changed.push_back(static_cast<uint32_t>(r));
  }
  DataChunk versions;
  for (const BoundExprPtr& e : on.update_row) versions.AddColumn(Evaluate(*e, input, ctx));
  versions.set_row_count(input.size());
  if (!b.generated.empty()) FillGenerated(b.generated, versions, ctx);
  CheckNotNull(table, versions);
  EnforceChecks(table, b.checks, versions, ctx);
  TableWrite& write = txn_.WriteFor(b.table);
  for (uint32_t r : changed) {
    const KeyHolder& t = targets[r];
    if (t.kind == Kind::kCommitted) {
      write.deletes.push_back(t.id);
    } else {
      write.insert_deleted.resize(write.inserts.size(), 0);
      write.insert_deleted[t.id] = 1;
    }
  }
  out.push_back(std::move(versions));
  return out;
}

void SessionState::AddKeyConstraints(const TableInfo& table,
                                     std::vector<ast::KeyConstraintDef> keys) {
  CheckOnePrimaryKey(table, keys);
  // PostgreSQL makes the primary key's index first and skips a UNIQUE one whose columns an
  // index made before has (a name given to the skipped one goes to the kept one, if unnamed).
  std::stable_partition(keys.begin(), keys.end(),
                        [](const ast::KeyConstraintDef& k) { return k.primary; });
  std::vector<ast::KeyConstraintDef> kept;
  for (ast::KeyConstraintDef& key : keys) {
    auto same = std::find_if(kept.begin(), kept.end(), [&](const ast::KeyConstraintDef& k) {
      return k.columns == key.columns;
    });
    if (same == kept.end()) {
      kept.push_back(std::move(key));
    } else if (same->name.empty()) {
      same->name = key.name;
    }
  }
  for (const ast::KeyConstraintDef& key : kept) AddKeyConstraint(table, key);
}

void SessionState::AddKeyConstraint(const TableInfo& table, const ast::KeyConstraintDef& key) {
  const char* kind = key.primary ? "primary key" : "unique";
  IndexInfo info;
  info.schema = table.schema;
  info.table_oid = table.oid;
  info.unique = true;
  info.constraint = key.primary ? 'p' : 'u';
  std::string column_names;
  std::vector<Type> types;
  for (const std::string& name : key.columns) {
    const int c = table.FindColumn(name);
    if (c < 0) {
      SqlError error(sqlstate::kUndefinedColumn,
                     "column \"" + name + "\" named in key does not exist");
      if (key.location >= 0) error.set_position(key.location + 1);
      throw error;
    }
    for (const IndexColumn& prior : info.columns) {
      if (prior.column == c) {
        throw SqlError(sqlstate::kDuplicateColumn,
                       "column \"" + name + "\" appears twice in " + kind + " constraint");
      }
    }
    info.columns.push_back(IndexColumn{c, false, false});
    types.push_back(table.columns[static_cast<size_t>(c)].type);
    column_names += (column_names.empty() ? "" : "_") + name;
  }
  Status typed = UniqueKeys::CheckKeyTypes(types);
  if (!typed.ok()) throw SqlError(sqlstate::kFeatureNotSupported, typed.message());
  Catalog& catalog = db_.catalog();
  info.name = !key.name.empty() ? key.name
              : key.primary
                  ? catalog.ChooseRelationName(table.schema, table.name, "", "pkey")
                  : catalog.ChooseRelationName(table.schema, table.name, column_names, "key");
  info.constraint_oid = catalog.AllocateOid();
  CreateUniqueIndex(table, std::move(info), false);
}

std::shared_ptr<const IndexInfo> SessionState::CreateUniqueIndex(const TableInfo& table,
                                                                 IndexInfo info,
                                                                 bool if_not_exists) {
  // Rows this transaction sees that share a key: PostgreSQL's error names one of them.
  std::string columns;
  for (const IndexColumn& c : info.columns) {
    columns += (columns.empty() ? "" : ", ") +
               QuoteIdent(table.columns[static_cast<size_t>(c.column)].name);
  }
  std::string sql = "SELECT " + columns + " FROM " + QuoteIdent(table.schema) + "." +
                    QuoteIdent(table.name) + " WHERE ";
  for (size_t i = 0; i < info.columns.size(); i++) {
    sql += (i ? " AND " : "") +
           QuoteIdent(table.columns[static_cast<size_t>(info.columns[i].column)].name) +
           " IS NOT NULL";
  }
  sql += " GROUP BY " + columns + " HAVING count(*) > 1 LIMIT 1";
  if (std::optional<std::vector<Value>> duplicate = FirstRow(sql)) {
    throw SqlError(sqlstate::kUniqueViolation,
                   "could not create unique index \"" + info.name + "\"")
        .WithSubject({table.schema, table.name, "", info.name})
        .WithDetail("Key " + KeyText(table, info, *duplicate) + " is duplicated.");
  }
  Catalog& catalog = db_.catalog();
  auto index = catalog.CreateIndex(std::move(info), if_not_exists);
  if (!index) return nullptr;
  txn_.AddUndo([&catalog, index, data = table.data] {
    catalog.DropIndex(index->schema, index->name);
    data->unique_keys().Forget(index->oid);
  });
  return index;
}

void SessionState::DropConstraint(const TableInfo& table, const ast::AlterTableCommand& command,
                                  ResultSink& sink) {
  Catalog& catalog = db_.catalog();
  for (const auto& index : catalog.IndexesOn(table.oid)) {
    if (index->constraint == '\0' || index->name != command.column) continue;
    catalog.DropIndex(index->schema, index->name);
    table.data->unique_keys().Forget(index->oid);
    txn_.AddUndo([&catalog, index] { catalog.RestoreIndex(index); });
    return;
  }
  const std::string what =
      "constraint \"" + command.column + "\" of relation \"" + table.name + "\" does not exist";
  if (!command.if_exists) throw SqlError(sqlstate::kUndefinedObject, what);
  sink.OnNotice(Notice{"NOTICE", "00000", what + ", skipping", "", ""});
}

}  // namespace firn
