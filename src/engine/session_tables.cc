// Table DDL for SessionState: CREATE TABLE [AS] with its WITH options and column DEFAULTs,
// ALTER TABLE, TRUNCATE, DROP TABLE. Each change takes effect at once and
// registers its undo with the transaction (docs/architecture.md "Transactions").
#include <algorithm>
#include <deque>
#include <set>

#include "catalog/qualified_name.h"
#include "catalog/system/system_tables.h"
#include "common/sql_error.h"
#include "engine/session_state.h"
#include "engine/storage_manager.h"
#include "exec/evaluator.h"
#include "exec/operator.h"
#include "sql/binder/binder.h"
#include "sql/binder/column_default.h"
#include "sql/binder/generated_columns.h"
#include "sql/binder/scope.h"
#include "sql/parser/parser.h"
#include "sql/parser/type_name.h"
#include "storage/iceberg/partition_transform.h"

namespace firn {

namespace {

void ReadUntypedLiterals(const BoundExpr& e, ExecContext& ctx) {
  if (e.kind == BoundExprKind::kCast && e.children.size() == 1 &&
      e.children[0]->kind == BoundExprKind::kConstant &&
      e.children[0]->type.id == TypeId::kUnknown) {
    EvaluateConstant(e, ctx);
  }
  for (const BoundExprPtr& child : e.children) ReadUntypedLiterals(*child, ctx);
}

// An ALTER TABLE command as PostgreSQL's errors name it.
const char* ActionName(ast::AlterTableKind kind) {
  switch (kind) {
    case ast::AlterTableKind::kAddColumn:
      return "ADD COLUMN";
    case ast::AlterTableKind::kSetDefault:
    case ast::AlterTableKind::kDropDefault:
      return "ALTER COLUMN ... SET DEFAULT";
    case ast::AlterTableKind::kSetNotNull:
      return "ALTER COLUMN ... SET NOT NULL";
    case ast::AlterTableKind::kDropNotNull:
      return "ALTER COLUMN ... DROP NOT NULL";
    case ast::AlterTableKind::kRenameColumn:
      return "RENAME COLUMN";
    case ast::AlterTableKind::kRenameTable:
      return "RENAME";
    case ast::AlterTableKind::kAddConstraint:
    case ast::AlterTableKind::kAddCheck:
      return "ADD CONSTRAINT";
    case ast::AlterTableKind::kDropConstraint:
      return "DROP CONSTRAINT";
    case ast::AlterTableKind::kRenameConstraint:
      return "RENAME CONSTRAINT";
  }
  return "ALTER TABLE";
}

}  // namespace

std::string SessionState::CheckedDefault(const ast::Expr& expr, const std::string& text,
                                         const ColumnInfo& column) {
  BinderContext bctx = MakeBinderContext(db_, startup_.user);
  Binder binder(bctx);
  BoundExprPtr bound = BindDefaultExpr(binder, expr, column);
  // A NULL default is no default (PostgreSQL keeps no pg_attrdef row for it either).
  if (bound->kind == BoundExprKind::kConstant && bound->value.is_null()) return "";
  // PostgreSQL reads a default's untyped literals at CREATE (DEFAULT 'x' for an integer
  // column fails here, 22P02), though it runs nothing else (DEFAULT 1 / 0 fails at INSERT).
  ExecContext ctx = MakeContext({});
  ReadUntypedLiterals(*bound, ctx);
  // What is kept is the text; it must mean the same when it is read back.
  ast::ExprPtr again = ParseDefaultText(text);
  BindDefaultExpr(binder, *again, column);
  return text;
}

void SessionState::CheckGeneratedColumns(const TableInfo& table,
                                         const std::vector<int>& text_locations) {
  BinderContext bctx = MakeBinderContext(db_, startup_.user);
  Binder binder(bctx);
  for (size_t c = 0; c < table.columns.size(); c++) {
    if (!table.columns[c].generated) continue;
    BindGeneratedExpr(binder, table, c, table.columns[c].default_expr,
                      c < text_locations.size() ? text_locations[c] : -1);
  }
}

std::string SessionState::ExecuteAlterTable(const ast::AlterTableStmt& s, ResultSink& sink) {
  if (s.alter_index) return ExecuteAlterIndex(s, sink);
  Catalog& catalog = db_.catalog();
  const std::string& name = s.table.name;
  BinderContext bctx = MakeBinderContext(db_, startup_.user);
  Binder binder(bctx);
  if (auto view = binder.ResolveSqlView(s.table.schema, name)) {
    const ast::AlterTableCommand& command = s.commands.front();
    if (s.commands.size() != 1 || (command.kind != ast::AlterTableKind::kRenameTable &&
                                   command.kind != ast::AlterTableKind::kRenameColumn)) {
      throw SqlError(sqlstate::kWrongObjectType,
                     std::string("ALTER action ") + ActionName(command.kind) +
                         " cannot be performed on relation \"" + name + "\"")
          .WithDetail("This operation is not supported for views.");
    }
    ExecuteRenameView(*view, command);
    return s.alter_view ? "ALTER VIEW" : "ALTER TABLE";
  }
  std::shared_ptr<const TableInfo> table;
  if (!binder.ResolveView(s.table.schema, name)) {
    try {
      table = binder.ResolveTable(s.table.schema, name, s.table.location);
    } catch (const SqlError& e) {
      if (e.sqlstate() != std::string(sqlstate::kUndefinedTable)) throw;
    }
  }
  if (!table) {
    if (binder.ResolveView(s.table.schema, name)) {
      throw SqlError(sqlstate::kWrongObjectType,
                     std::string("ALTER action ") + ActionName(s.commands.front().kind) +
                         " cannot be performed on relation \"" + name + "\"")
          .WithDetail("This operation is not supported for materialized views.");
    }
    if (s.if_exists) {
      sink.OnNotice(
          Notice{"NOTICE", "00000", "relation \"" + name + "\" does not exist, skipping", "", ""});
      return "ALTER TABLE";
    }
    throw SqlError(sqlstate::kUndefinedTable, "relation \"" + name + "\" does not exist");
  }
  if (s.alter_view) {  // ALTER VIEW names a table
    throw SqlError(sqlstate::kWrongObjectType, "\"" + name + "\" is not a view");
  }
  if (table->system_rows) {
    throw SqlError(sqlstate::kInsufficientPrivilege,
                   "permission denied: \"" + name + "\" is a system catalog");
  }
  TableInfo changed = *table;  // the same data; column descriptions change, columns may be added
  std::vector<uint32_t> sequences;              // made for added serial and identity columns
  std::vector<ast::KeyConstraintDef> keys;      // added once the table has its new columns
  std::vector<ast::CheckConstraintDef> checks;  // likewise
  for (const ast::AlterTableCommand& command : s.commands) {
    if (command.kind == ast::AlterTableKind::kAddColumn) {
      AddColumn(command, changed, sink, &sequences);
      const std::vector<ast::KeyConstraintDef>& column_keys = command.column_def.keys;
      keys.insert(keys.end(), column_keys.begin(), column_keys.end());
      const std::vector<ast::CheckConstraintDef>& column_checks = command.column_def.checks;
      checks.insert(checks.end(), column_checks.begin(), column_checks.end());
      continue;
    }
    if (command.kind == ast::AlterTableKind::kAddCheck) {
      checks.push_back(command.check);
      continue;
    }
    if (command.kind == ast::AlterTableKind::kRenameConstraint) {
      RenameConstraint(changed, command);
      continue;
    }
    if (command.kind == ast::AlterTableKind::kDropConstraint) {
      auto check = std::find_if(changed.checks.begin(), changed.checks.end(),
                                [&](const CheckConstraint& c) { return c.name == command.column; });
      if (check != changed.checks.end()) {
        changed.checks.erase(check);
      } else {
        DropConstraint(changed, command, sink);
      }
      continue;
    }
    if (command.kind == ast::AlterTableKind::kAddConstraint) {
      // A primary key's columns become NOT NULL, as SET NOT NULL makes them (after the
      // check for a second primary key, which comes first in PostgreSQL).
      if (command.constraint.primary) {
        std::vector<ast::KeyConstraintDef> all = keys;
        all.push_back(command.constraint);
        CheckOnePrimaryKey(*table, all);
        for (const std::string& key_column : command.constraint.columns) {
          ast::AlterTableCommand set_not_null;
          set_not_null.kind = ast::AlterTableKind::kSetNotNull;
          set_not_null.column = key_column;
          if (changed.FindColumn(key_column) >= 0) SetNotNull(*table, changed, set_not_null);
        }
      }
      keys.push_back(command.constraint);
      continue;
    }
    if (command.kind == ast::AlterTableKind::kRenameTable) {
      RefuseIfViewsRead(changed, "table \"" + name + "\"");
      changed.name = command.new_name;  // 42P07 from the catalog when the name is taken
      RefuseIfChecksRead(changed, -1);
      continue;
    }
    int c = changed.FindColumn(command.column);
    if (c < 0) {
      throw SqlError(
          sqlstate::kUndefinedColumn,
          command.kind == ast::AlterTableKind::kRenameColumn
              ? "column \"" + command.column + "\" does not exist"
              : "column \"" + command.column + "\" of relation \"" + name + "\" does not exist");
    }
    ColumnInfo& column = changed.columns[static_cast<size_t>(c)];
    if (column.identity != '\0' && command.kind != ast::AlterTableKind::kRenameColumn &&
        command.kind != ast::AlterTableKind::kSetNotNull) {
      SqlError error(sqlstate::kSyntaxError, "column \"" + column.name + "\" of relation \"" +
                                                 name + "\" is an identity column");
      if (command.kind == ast::AlterTableKind::kDropNotNull) throw error;
      throw std::move(error).WithHint(
          "Use ALTER TABLE ... ALTER COLUMN ... DROP IDENTITY instead.");
    }
    switch (command.kind) {
      case ast::AlterTableKind::kRenameColumn:
        RenameColumn(command, changed, column);
        break;
      case ast::AlterTableKind::kDropNotNull:
        for (const auto& index : catalog.IndexesOn(table->oid)) {
          if (index->constraint != 'p') continue;
          for (const IndexColumn& key : index->columns) {
            if (key.column == c) {
              throw SqlError(sqlstate::kInvalidTableDefinition,
                             "column \"" + column.name + "\" is in a primary key");
            }
          }
        }
        column.not_null = false;
        break;
      case ast::AlterTableKind::kSetNotNull:
        SetNotNull(*table, changed, command);
        break;
      default:
        if (column.generated) {
          throw SqlError(sqlstate::kSyntaxError, "column \"" + column.name + "\" of relation \"" +
                                                     table->name + "\" is a generated column");
        }
        column.default_expr =
            command.kind == ast::AlterTableKind::kSetDefault
                ? CheckedDefault(*command.default_value, command.default_text, column)
                : "";
        if (column.default_expr.empty()) {
          column.default_oid = 0;
        } else if (column.default_oid == 0) {
          column.default_oid = catalog.AllocateOid();
        }
        break;
    }
  }
  const std::vector<CheckConstraint> added = NewChecks(changed, checks);
  changed.checks.insert(changed.checks.end(), added.begin(), added.end());
  auto next = std::make_shared<const TableInfo>(std::move(changed));
  const size_t old_columns = table->columns.size();
  OwnColumnSequences(*next, sequences);  // the table's OID is known: any order works
  if (next->columns.size() == old_columns) {
    if (!catalog.ReplaceTable(next)) {
      throw SqlError(sqlstate::kUndefinedTable, "relation \"" + name + "\" does not exist");
    }
    txn_.AddUndo([&catalog, table] {
      try {
        catalog.ReplaceTable(table);
      } catch (const SqlError&) {
        // Renamed back to a name another session has taken since: it keeps the new one.
      }
    });
    ValidateChecks(*next, added);
    if (!keys.empty()) AddKeyConstraints(*next, std::move(keys));
    return "ALTER TABLE";
  }
  // The rows get the new columns (NULL) before the catalog names them, so a reader that sees
  // the new description always finds its columns.
  StorageManager& storage = db_.storage();
  bool replaced = false;
  storage.ChangeColumns([&] {
    next->data->SetColumns(next->ColumnTypes(), old_columns);
    replaced = catalog.ReplaceTable(next);
    if (!replaced) next->data->SetColumns(table->ColumnTypes(), old_columns);
  });
  if (!replaced) {
    throw SqlError(sqlstate::kUndefinedTable, "relation \"" + name + "\" does not exist");
  }
  txn_.AddUndo([&catalog, &storage, table, old_columns] {
    storage.ChangeColumns([&] {
      catalog.ReplaceTable(table);
      table->data->SetColumns(table->ColumnTypes(), old_columns);
    });
    // Another session may have indexed an added column (DDL is visible before COMMIT).
    for (const auto& index : catalog.IndexesOn(table->oid)) {
      if (!index->Fits(*table)) catalog.DropIndex(index->schema, index->name);
    }
  });
  ValidateChecks(*next, added);
  if (!keys.empty()) AddKeyConstraints(*next, std::move(keys));
  return "ALTER TABLE";
}

void SessionState::SetNotNull(const TableInfo& table, TableInfo& changed,
                              const ast::AlterTableCommand& command) {
  const int c = changed.FindColumn(command.column);
  ColumnInfo& column = changed.columns[static_cast<size_t>(c)];
  if (column.not_null) return;
  // Rows there are must have a value: a column added by this statement has none; an
  // existing one is looked at under its stored name.
  if (static_cast<size_t>(c) >= table.columns.size()
          ? HasRows(table)
          : HasRows(table, table.columns[static_cast<size_t>(c)].name)) {
    throw SqlError(sqlstate::kNotNullViolation, "column \"" + column.name + "\" of relation \"" +
                                                    table.name + "\" contains null values")
        .WithSubject({table.schema, table.name, column.name, ""});
  }
  column.not_null = true;
}

void SessionState::RenameColumn(const ast::AlterTableCommand& command, const TableInfo& table,
                                ColumnInfo& column) {
  if (table.FindColumn(command.new_name) >= 0) {
    throw SqlError(
        sqlstate::kDuplicateColumn,
        "column \"" + command.new_name + "\" of relation \"" + table.name + "\" already exists");
  }
  RefuseIfViewsRead(table, "column \"" + column.name + "\" of table \"" + table.name + "\"");
  RefuseIfChecksRead(table, static_cast<int>(&column - table.columns.data()));
  // A plain view keeps its query as text naming the columns (it finds tables by OID, so
  // renaming a table is fine).
  std::vector<std::shared_ptr<const SqlViewInfo>> views = db_.catalog().SqlViewsUsing(table.oid);
  if (!views.empty()) {
    throw SqlError(sqlstate::kDependentObjectsStillExist,
                   "cannot rename column \"" + column.name + "\" of table \"" + table.name +
                       "\" because view \"" + views.front()->name + "\" depends on it")
        .WithHint("Drop the view, rename, then create the view again.");
  }
  column.name = command.new_name;
}

void SessionState::RefuseIfViewsRead(const TableInfo& table, const std::string& what) {
  // A feature view is kept as its SQL text, which names the table and its columns: it
  // would not bind again at the next start.
  std::vector<std::shared_ptr<const FeatureViewInfo>> views = db_.catalog().ViewsOnTable(table.oid);
  if (!views.empty()) {
    throw SqlError(sqlstate::kDependentObjectsStillExist,
                   "cannot rename " + what + " because feature view \"" + views.front()->name +
                       "\" depends on it")
        .WithHint("Drop the feature view, rename, then create the view again.");
  }
}

bool SessionState::HasRows(const TableInfo& table, const std::string& null_column) {
  std::string sql = "SELECT 1 FROM " + QuoteIdent(table.schema) + "." + QuoteIdent(table.name);
  if (!null_column.empty()) sql += " WHERE " + QuoteIdent(null_column) + " IS NULL";
  return FirstRow(sql + " LIMIT 1").has_value();
}

std::optional<std::vector<Value>> SessionState::FirstRow(const std::string& sql) {
  std::vector<ast::StatementPtr> parsed = ParseSql(sql);
  BinderContext bctx = MakeBinderContext(db_, startup_.user);
  Binder binder(bctx);
  BoundQuery query = binder.BindQuery(*parsed.front()->select, nullptr);
  ExecContext ctx = MakeContext({});
  for (const DataChunk& chunk : ExecutePlan(*query.plan, ctx)) {
    if (chunk.size() > 0) return chunk.GetRow(0);
  }
  return std::nullopt;
}

void SessionState::AddColumn(const ast::AlterTableCommand& command, TableInfo& table,
                             ResultSink& sink, std::vector<uint32_t>* made) {
  const ast::ColumnDef& def = command.column_def;
  const std::string where = "column \"" + def.name + "\" of relation \"" + table.name + "\"";
  if (table.FindColumn(def.name) >= 0) {
    if (command.if_not_exists) {
      sink.OnNotice(Notice{"NOTICE", sqlstate::kDuplicateColumn,
                           where + " already exists, skipping", "", ""});
      return;
    }
    throw SqlError(sqlstate::kDuplicateColumn, where + " already exists");
  }
  if (table.columns.size() >= 1600) {
    throw SqlError(sqlstate::kTooManyColumns, "tables can have at most 1600 columns");
  }
  ColumnInfo column(def.name, IsSerialType(def.type) ? Type() : ResolveTypeName(def.type),
                    def.not_null || def.primary_key);
  if (!def.generated_text.empty() && IsSerialType(def.type)) {
    throw SqlError(sqlstate::kSyntaxError,
                   "both default and generation expression specified for " + where);
  }
  if (!MakeColumnSequence(def, table, column, made) && def.default_value) {
    column.default_expr = CheckedDefault(*def.default_value, def.default_text, column);
  }
  // Rows already stored would get the default (PostgreSQL fills them in), but their data
  // files cannot: Iceberg v2 reads a column a file lacks as NULL.
  const bool has_rows = HasRows(table);
  if (!def.generated_text.empty()) {
    column.generated = true;
    column.default_expr = def.generated_text;
    TableInfo with_column = table;
    with_column.columns.push_back(column);
    std::vector<int> locations(with_column.columns.size(), -1);
    locations.back() = def.generated_text_location;
    CheckGeneratedColumns(with_column, locations);
    if (has_rows) {
      throw SqlError(sqlstate::kFeatureNotSupported,
                     "ALTER TABLE ADD COLUMN ... GENERATED is not supported on a table with rows")
          .WithHint("Create the table again with the column, and copy the rows into it.");
    }
  }
  if (has_rows && !column.default_expr.empty()) {
    throw SqlError(sqlstate::kFeatureNotSupported,
                   "ALTER TABLE ADD COLUMN with a DEFAULT is not supported on a table with rows")
        .WithHint(
            "Add the column without a default (its value is NULL in the rows there are), then "
            "ALTER COLUMN ... SET DEFAULT for new rows.");
  }
  if (has_rows && column.not_null) {
    throw SqlError(sqlstate::kNotNullViolation, where + " contains null values")
        .WithSubject({table.schema, table.name, column.name, ""});
  }
  if (!column.default_expr.empty()) column.default_oid = db_.catalog().AllocateOid();
  column.column_oid = db_.catalog().AllocateOid();
  table.columns.push_back(std::move(column));
}

std::string SessionState::ExecuteCreateTable(const ast::CreateTableStmt& s) {
  if (s.as_select) return ExecuteCreateTableAs(s);
  TableInfo info;
  info.schema = s.schema.empty() ? "public" : s.schema;
  info.name = s.name;
  if (s.if_not_exists && (db_.catalog().GetTable(info.schema, info.name) ||
                          db_.catalog().GetView(info.schema, info.name) ||
                          db_.catalog().GetSequence(info.schema, info.name))) {
    return "CREATE TABLE";  // before any serial column makes a sequence
  }
  // LIKE's columns, checks and keys (session_table_like.cc) beside those written.
  std::deque<ast::ColumnDef> like_columns;
  std::vector<ast::CheckConstraintDef> checks;
  std::vector<ast::KeyConstraintDef> keys;
  const std::vector<const ast::ColumnDef*> defs = ExpandLike(s, &like_columns, &checks, &keys);
  std::vector<uint32_t> sequences;  // made for serial and identity columns
  for (const ast::ColumnDef* def : defs) {
    const ast::ColumnDef& c = *def;
    for (const ColumnInfo& existing : info.columns) {
      if (existing.name == c.name) {
        SqlError err(sqlstate::kDuplicateColumn,
                     "column \"" + c.name + "\" specified more than once");
        if (c.location >= 0) err.set_position(c.location + 1);
        throw err;
      }
    }
    ColumnInfo col;
    col.name = c.name;
    col.not_null = c.not_null || c.primary_key ||
                   std::any_of(s.keys.begin(), s.keys.end(), [&](const ast::KeyConstraintDef& k) {
                     return k.primary && std::find(k.columns.begin(), k.columns.end(), c.name) !=
                                             k.columns.end();
                   });
    if (!c.generated_text.empty() && IsSerialType(c.type)) {
      throw SqlError(sqlstate::kSyntaxError,
                     "both default and generation expression specified for column \"" + c.name +
                         "\" of table \"" + info.name + "\"");
    }
    if (c.resolved_type) {
      col.type = *c.resolved_type;
    } else if (!IsSerialType(c.type)) {
      col.type = ResolveTypeName(c.type);
    }
    if (!MakeColumnSequence(c, info, col, &sequences) && c.default_value) {
      col.default_expr = CheckedDefault(*c.default_value, c.default_text, col);
    }
    if (!c.generated_text.empty()) {
      col.generated = true;
      col.default_expr = c.generated_text;
    }
    info.columns.push_back(std::move(col));
  }
  std::vector<int> locations;
  for (const ast::ColumnDef* c : defs) locations.push_back(c->generated_text_location);
  CheckGeneratedColumns(info, locations);
  if (info.columns.size() > 1600) {
    throw SqlError(sqlstate::kTooManyColumns, "tables can have at most 1600 columns");
  }
  for (const ast::Option& o : s.options) {
    ValidateTableOption(info, o.name, o.value);
    info.options.emplace_back(o.name, o.value);
  }
  for (const ast::ColumnDef* c : defs)
    checks.insert(checks.end(), c->checks.begin(), c->checks.end());
  checks.insert(checks.end(), s.checks.begin(), s.checks.end());
  info.checks = NewChecks(info, checks);
  auto table = db_.catalog().CreateTable(std::move(info), s.if_not_exists);
  if (table) {
    Catalog& catalog = db_.catalog();
    txn_.AddUndo([&catalog, table] { catalog.DropTable(table->schema, table->name, true); });
    OwnColumnSequences(*table, sequences);
    for (const ast::ColumnDef* c : defs) keys.insert(keys.end(), c->keys.begin(), c->keys.end());
    keys.insert(keys.end(), s.keys.begin(), s.keys.end());
    AddKeyConstraints(*table, std::move(keys));
  }
  return "CREATE TABLE";
}

// CREATE TABLE t AS SELECT ...: the query's columns (unknown-typed literals become text),
// filled with its rows in this transaction.
std::string SessionState::ExecuteCreateTableAs(const ast::CreateTableStmt& s) {
  BinderContext bctx = MakeBinderContext(db_, startup_.user);
  Binder binder(bctx);
  BoundQuery query = binder.BindQuery(*s.as_select, nullptr);
  TableInfo info;
  info.schema = s.schema.empty() ? "public" : s.schema;
  info.name = s.name;
  CheckUniqueColumnNames(query.names);
  for (size_t i = 0; i < query.names.size(); i++) {
    Type type = query.types[i].id == TypeId::kUnknown ? Type(TypeId::kText) : query.types[i];
    info.columns.push_back(ColumnInfo{query.names[i], type, false});
  }
  for (const ast::Option& o : s.options) {
    ValidateTableOption(info, o.name, o.value);
    info.options.emplace_back(o.name, o.value);
  }
  auto table = db_.catalog().CreateTable(std::move(info), s.if_not_exists);
  if (!table) return "CREATE TABLE AS";
  Catalog& catalog = db_.catalog();
  txn_.AddUndo([&catalog, table] { catalog.DropTable(table->schema, table->name, true); });
  ExecContext ctx = MakeContext({});
  std::vector<DataChunk> chunks = ExecutePlan(*query.plan, ctx);
  TableWrite& write = txn_.WriteFor(table);
  size_t total = 0;
  for (DataChunk& chunk : chunks) {
    for (size_t c = 0; c < chunk.column_count(); c++) {
      if (!(chunk.column(c).type() == table->columns[c].type)) {
        chunk.column(c) = CastVector(chunk.column(c), table->columns[c].type, false, ctx);
      }
    }
    write.inserts.Append(chunk);
    total += chunk.size();
  }
  write.insert_deleted.resize(write.inserts.size(), 0);
  return "SELECT " + std::to_string(total);
}

namespace {

int FindColumnOrThrow(const TableInfo& table, const std::string& option, const std::string& name) {
  int index = table.FindColumn(name);
  if (index < 0) {
    throw SqlError(sqlstate::kUndefinedColumn,
                   "column \"" + name + "\" named by " + option + " does not exist");
  }
  return index;
}

}  // namespace

// Firn's table options: event_time names the event-time column (timestamp, timestamptz or
// date); partition_by is a list of Iceberg partition transforms, parsed by the storage's one
// parser (storage/iceberg/partition_transform.h) and turned into the table's Iceberg
// partition spec at its first checkpoint (docs/storage.md).
void SessionState::ValidateTableOption(const TableInfo& table, const std::string& name,
                                       const std::string& value) {
  if (name == "event_time") {
    TypeId id = table.columns[FindColumnOrThrow(table, name, value)].type.id;
    if (id != TypeId::kTimestamp && id != TypeId::kTimestampTz && id != TypeId::kDate) {
      throw SqlError(sqlstate::kDatatypeMismatch,
                     "event_time column \"" + value + "\" must be timestamp, timestamptz or date");
    }
    return;
  }
  if (name == "partition_by") {
    static constexpr const char* kHint =
        "partition_by is a comma-separated list of: a column (identity); year(col), "
        "month(col), day(col) on date, timestamp or timestamptz; hour(col) on timestamp or "
        "timestamptz; bucket(N, col) on integer, date, timestamp, text, numeric or uuid columns; "
        "truncate(W, col) on integer, text or numeric columns.";
    Result<std::vector<iceberg::PartitionTerm>> terms = iceberg::ParsePartitionBy(value);
    if (!terms.ok()) {
      throw SqlError(sqlstate::kInvalidParameterValue,
                     "invalid partition_by \"" + value + "\": " + terms.status().message())
          .WithHint(kHint);
    }
    std::set<std::string> field_names;
    for (const iceberg::PartitionTerm& term : terms.value()) {
      const Type& type = table.columns[FindColumnOrThrow(table, name, term.column)].type;
      Status s = iceberg::CheckTransformSource(term.transform, type);
      if (s.ok() &&
          !field_names.insert(iceberg::PartitionFieldName(term.transform, term.column)).second) {
        s = Status::InvalidArgument("two partition fields would be named \"" +
                                    iceberg::PartitionFieldName(term.transform, term.column) +
                                    "\"");
      }
      if (!s.ok()) {
        throw SqlError(sqlstate::kInvalidParameterValue,
                       "invalid partition_by \"" + value + "\": " + s.message())
            .WithHint(kHint);
      }
    }
    return;
  }
  throw SqlError(sqlstate::kInvalidParameterValue, "unrecognized parameter \"" + name + "\"")
      .WithHint("Firn's table options are event_time and partition_by.");
}

std::string SessionState::ExecuteTruncate(const ast::TruncateStmt& s, ResultSink& sink) {
  BinderContext bctx = MakeBinderContext(db_, startup_.user);
  Binder binder(bctx);
  std::vector<std::shared_ptr<const TableInfo>> tables;
  for (const ast::QualifiedName& n : s.tables) {
    if (binder.ResolveView(n.schema, n.name) || binder.ResolveSequence(n.schema, n.name)) {
      throw SqlError(sqlstate::kWrongObjectType, "\"" + n.name + "\" is not a table");
    }
    auto table = binder.ResolveTable(n.schema, n.name, n.location);
    system_catalog::CheckWritable(*table);
    tables.push_back(std::move(table));
  }
  // Every row the transaction sees goes, as a DELETE would take it: undone by ROLLBACK,
  // logged with the commit, the next checkpoint's snapshot deletes the data files' rows.
  for (const auto& table : tables) {
    auto stmt = std::shared_ptr<const ast::Statement>(
        ParseSql("DELETE FROM " + QuoteIdent(table->schema) + "." + QuoteIdent(table->name))
            .front()
            .release());
    BoundStatement bound = binder.Bind(stmt);
    ExecContext ctx = MakeContext({});
    ExecuteDelete(bound, ctx, sink);
  }
  if (s.restart_identity) {
    Catalog& catalog = db_.catalog();
    for (const auto& table : tables) {
      for (const auto& sequence : catalog.SequencesOwnedBy(table->oid)) {
        SequencePosition before = sequence->state->Current();
        sequence->state->Set(SequencePosition{sequence->options.start, false});
        catalog.NoteSequenceLogged();
        txn_.AddUndo([&catalog, sequence, before] {
          sequence->state->Set(before);
          catalog.NoteSequenceLogged();
        });
      }
    }
  }
  return "TRUNCATE TABLE";
}

std::string SessionState::ExecuteDrop(const ast::DropStmt& s, ResultSink& sink) {
  switch (s.object) {
    case ast::ObjectKind::kTable:
      for (const ast::QualifiedName& n : s.names) {
        std::string schema = n.schema.empty() ? "public" : n.schema;
        auto table = db_.catalog().GetTable(schema, n.name);
        if (!table && db_.catalog().GetView(schema, n.name)) {
          throw SqlError(sqlstate::kWrongObjectType, "\"" + n.name + "\" is not a table")
              .WithHint("Use DROP MATERIALIZED VIEW to remove a materialized view.");
        }
        if (!table && db_.catalog().GetSqlView(schema, n.name)) {
          throw SqlError(sqlstate::kWrongObjectType, "\"" + n.name + "\" is not a table")
              .WithHint("Use DROP VIEW to remove a view.");
        }
        if (!table) {
          if (s.if_exists) {
            sink.OnNotice(Notice{"NOTICE", "00000",
                                 "table \"" + n.name + "\" does not exist, skipping", "", ""});
            continue;
          }
          throw SqlError(sqlstate::kUndefinedTable, "table \"" + n.name + "\" does not exist");
        }
        DropDependentViews(table->oid, "table " + table->name, s.cascade, sink);
        DropViewsOnTable(*table, s.cascade, sink);
        DropOwnedSequences(*table);
        DropTableIndexes(*table);
        db_.catalog().DropTable(schema, n.name, true);
        Catalog& catalog = db_.catalog();
        txn_.AddUndo([&catalog, table] { catalog.RestoreTable(table); });
      }
      return "DROP TABLE";
    case ast::ObjectKind::kMaterializedView:
      return ExecuteDropViews(s, sink);
    case ast::ObjectKind::kView:
      return ExecuteDropSqlViews(s, sink);
    case ast::ObjectKind::kSequence:
      return ExecuteDropSequences(s, sink);
    case ast::ObjectKind::kIndex:
      return ExecuteDropIndexes(s, sink);
    case ast::ObjectKind::kSchema:
      for (const ast::QualifiedName& n : s.names) {
        if (s.cascade) DropViewsReadingSchema(n.name, sink);
        db_.catalog().DropSchema(n.name, s.if_exists, s.cascade);
      }
      return "DROP SCHEMA";
    default:
      throw SqlError(sqlstate::kFeatureNotSupported, "DROP of this object type is not supported");
  }
}

}  // namespace firn
