// Plain view DDL for SessionState: CREATE [OR REPLACE] VIEW, DROP VIEW, ALTER VIEW ... RENAME
// TO, and what DROP of a relation does to the views that read it. A view is a catalog entry
// (catalog.h SqlViewInfo): it takes effect at once and registers its undo with the
// transaction, as all DDL does (docs/architecture.md "Transactions").
#include <algorithm>
#include <set>
#include <string>

#include "common/sql_error.h"
#include "engine/session_state.h"
#include "sql/binder/binder.h"

namespace firn {

namespace {

// A column that changed under CREATE OR REPLACE VIEW: PostgreSQL's checkViewTupleDesc.
void CheckReplacedColumns(const SqlViewInfo& was, const SqlViewInfo& now) {
  if (now.columns.size() < was.columns.size()) {
    throw SqlError(sqlstate::kInvalidTableDefinition, "cannot drop columns from view");
  }
  for (size_t i = 0; i < was.columns.size(); i++) {
    const ColumnInfo& a = was.columns[i];
    const ColumnInfo& b = now.columns[i];
    if (a.name != b.name) {
      throw SqlError(sqlstate::kInvalidTableDefinition,
                     "cannot change name of view column \"" + a.name + "\" to \"" + b.name + "\"")
          .WithHint("Use ALTER VIEW ... RENAME COLUMN ... to change name of view column instead.");
    }
    if (a.type != b.type) {
      throw SqlError(sqlstate::kInvalidTableDefinition,
                     "cannot change data type of view column \"" + a.name + "\" from " +
                         a.type.Name() + " to " + b.type.Name());
    }
  }
}

}  // namespace

std::string SessionState::ExecuteCreateView(const ast::CreateViewStmt& s) {
  BinderContext bctx = MakeBinderContext(db_, startup_.user);
  Binder binder(bctx);
  SqlViewInfo info;
  info.schema = s.name.schema.empty() ? "public" : s.name.schema;
  info.name = s.name.name;
  info.query = s.query_text;
  binder.RecordUses(&info.uses);
  BoundQuery query = binder.BindQuery(*s.query, nullptr);
  binder.RecordUses(nullptr);
  if (!bctx.param_types.empty()) {
    throw SqlError(sqlstate::kUndefinedParameter, "there is no parameter $1");
  }
  if (s.column_names.size() > query.names.size()) {
    throw SqlError(sqlstate::kSyntaxError, "CREATE VIEW specifies more column names than columns");
  }
  std::vector<std::string> names = query.names;
  std::copy(s.column_names.begin(), s.column_names.end(), names.begin());
  CheckUniqueColumnNames(names);
  for (size_t i = 0; i < names.size(); i++) {
    // PostgreSQL makes an untyped literal's column text, as CREATE TABLE AS does.
    Type type = query.types[i].id == TypeId::kUnknown ? Type(TypeId::kText) : query.types[i];
    info.columns.push_back(ColumnInfo{names[i], type, false});
  }
  Catalog& catalog = db_.catalog();
  std::shared_ptr<const SqlViewInfo> existing = catalog.GetSqlView(info.schema, info.name);
  if (!s.replace || !existing) {
    std::shared_ptr<const SqlViewInfo> view = catalog.CreateSqlView(std::move(info));  // 42P07
    txn_.AddUndo([&catalog, view] { catalog.DropSqlView(view->schema, view->name); });
    return "CREATE VIEW";
  }
  CheckReplacedColumns(*existing, info);
  // A query reading this view itself is accepted, as PostgreSQL does; using the view then
  // fails with 42P17 (Binder::BindViewQuery).
  info.oid = existing->oid;
  auto view = std::make_shared<const SqlViewInfo>(std::move(info));
  if (!catalog.ReplaceSqlView(view)) {
    throw SqlError(sqlstate::kUndefinedTable, "relation \"" + view->name + "\" does not exist");
  }
  txn_.AddUndo([&catalog, existing] { catalog.ReplaceSqlView(existing); });
  return "CREATE VIEW";
}

std::string SessionState::ExecuteDropSqlViews(const ast::DropStmt& s, ResultSink& sink) {
  Catalog& catalog = db_.catalog();
  for (const ast::QualifiedName& n : s.names) {
    std::string schema = n.schema.empty() ? "public" : n.schema;
    std::shared_ptr<const SqlViewInfo> view = catalog.GetSqlView(schema, n.name);
    if (!view) {
      if (catalog.GetTable(schema, n.name)) {
        throw SqlError(sqlstate::kWrongObjectType, "\"" + n.name + "\" is not a view")
            .WithHint("Use DROP TABLE to remove a table.");
      }
      if (catalog.GetView(schema, n.name)) {
        throw SqlError(sqlstate::kWrongObjectType, "\"" + n.name + "\" is not a view")
            .WithHint("Use DROP MATERIALIZED VIEW to remove a materialized view.");
      }
      if (catalog.GetSequence(schema, n.name)) {
        throw SqlError(sqlstate::kWrongObjectType, "\"" + n.name + "\" is not a view")
            .WithHint("Use DROP SEQUENCE to remove a sequence.");
      }
      if (s.if_exists) {
        sink.OnNotice(
            Notice{"NOTICE", "00000", "view \"" + n.name + "\" does not exist, skipping", "", ""});
        continue;
      }
      throw SqlError(sqlstate::kUndefinedTable, "view \"" + n.name + "\" does not exist");
    }
    DropDependentViews(view->oid, "view " + view->name, s.cascade, sink);
    if (catalog.DropSqlView(view->schema, view->name)) {
      txn_.AddUndo([&catalog, view] { catalog.RestoreSqlView(view); });
    }
  }
  return "DROP VIEW";
}

void SessionState::DropDependentViews(uint32_t oid, const std::string& what, bool cascade,
                                      ResultSink& sink) {
  Catalog& catalog = db_.catalog();
  // Depth first, each relation's readers in the order they were made, as PostgreSQL lists
  // them; `lines` says what each depends on.
  std::vector<std::shared_ptr<const SqlViewInfo>> found;
  std::vector<std::string> lines;
  std::set<uint32_t> seen = {oid};  // a view reading itself is no dependent of its own
  auto visit = [&](auto& self, uint32_t relation, const std::string& name) -> void {
    std::vector<std::shared_ptr<const SqlViewInfo>> readers = catalog.SqlViewsUsing(relation);
    std::sort(readers.begin(), readers.end(),
              [](const auto& a, const auto& b) { return a->oid < b->oid; });
    for (const auto& view : readers) {
      if (!seen.insert(view->oid).second) continue;
      found.push_back(view);
      lines.push_back("view " + view->name + " depends on " + name);
      self(self, view->oid, "view " + view->name);
    }
  };
  visit(visit, oid, what);
  if (found.empty()) return;
  auto join = [](const std::vector<std::string>& items) {
    std::string out;
    for (const std::string& item : items) out += (out.empty() ? "" : "\n") + item;
    return out;
  };
  if (!cascade) {
    throw SqlError(sqlstate::kDependentObjectsStillExist,
                   "cannot drop " + what + " because other objects depend on it")
        .WithDetail(join(lines))
        .WithHint("Use DROP ... CASCADE to drop the dependent objects too.");
  }
  std::vector<std::string> dropped;
  for (const auto& view : found) dropped.push_back("drop cascades to view " + view->name);
  if (found.size() == 1) {
    sink.OnNotice(Notice{"NOTICE", "00000", dropped.front(), "", ""});
  } else {
    sink.OnNotice(Notice{"NOTICE", "00000",
                         "drop cascades to " + std::to_string(found.size()) + " other objects",
                         join(dropped), ""});
  }
  for (const auto& view : found) {
    if (catalog.DropSqlView(view->schema, view->name)) {
      txn_.AddUndo([&catalog, view] { catalog.RestoreSqlView(view); });
    }
  }
}

void SessionState::DropViewsReadingSchema(const std::string& schema, ResultSink& sink) {
  Catalog& catalog = db_.catalog();
  std::vector<std::pair<uint32_t, std::string>> relations;  // (OID, "table t")
  for (const auto& t : catalog.ListTables()) {
    if (t->schema == schema) relations.emplace_back(t->oid, "table " + t->name);
  }
  for (const auto& v : catalog.ListViews()) {
    if (v->schema == schema) relations.emplace_back(v->oid, "materialized view " + v->name);
  }
  for (const auto& s : catalog.ListSequences()) {
    if (s->schema == schema) relations.emplace_back(s->oid, "sequence " + s->name);
  }
  for (const auto& v : catalog.ListSqlViews()) {
    if (v->schema == schema) relations.emplace_back(v->oid, "view " + v->name);
  }
  for (const auto& [oid, what] : relations) DropDependentViews(oid, what, true, sink);
}

void SessionState::ExecuteRenameView(const SqlViewInfo& view,
                                     const ast::AlterTableCommand& command) {
  Catalog& catalog = db_.catalog();
  auto was = catalog.GetSqlViewByOid(view.oid);
  if (!was) {
    throw SqlError(sqlstate::kUndefinedTable, "relation \"" + view.name + "\" does not exist");
  }
  SqlViewInfo renamed = *was;
  if (command.kind == ast::AlterTableKind::kRenameTable) {
    // Views over this one find it by OID, so they keep working under the new name.
    renamed.name = command.new_name;
  } else {
    auto named = [&](const std::string& name) {
      return std::find_if(renamed.columns.begin(), renamed.columns.end(),
                          [&](const ColumnInfo& c) { return c.name == name; });
    };
    auto column = named(command.column);
    if (column == renamed.columns.end()) {
      throw SqlError(sqlstate::kUndefinedColumn,
                     "column \"" + command.column + "\" does not exist");
    }
    if (named(command.new_name) != renamed.columns.end()) {
      throw SqlError(
          sqlstate::kDuplicateColumn,
          "column \"" + command.new_name + "\" of relation \"" + view.name + "\" already exists");
    }
    // A view over this one names its columns in its text (as for a table's columns).
    std::vector<std::shared_ptr<const SqlViewInfo>> readers = catalog.SqlViewsUsing(view.oid);
    if (!readers.empty()) {
      throw SqlError(sqlstate::kDependentObjectsStillExist,
                     "cannot rename column \"" + command.column + "\" of view \"" + view.name +
                         "\" because view \"" + readers.front()->name + "\" depends on it")
          .WithHint("Drop the view, rename, then create the view again.");
    }
    column->name = command.new_name;  // the query's own column keeps its name
  }
  catalog.ReplaceSqlView(std::make_shared<const SqlViewInfo>(std::move(renamed)));  // 42P07
  txn_.AddUndo([&catalog, was] {
    try {
      catalog.ReplaceSqlView(was);
    } catch (const SqlError&) {
      // Renamed back to a name another session has taken since: it keeps the new one.
    }
  });
}

}  // namespace firn
