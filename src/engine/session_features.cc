// SessionState: CREATE and DROP MATERIALIZED VIEW (feature views, docs/features.md).
#include <chrono>

#include "catalog/catalog.h"
#include "common/sql_error.h"
#include "engine/database.h"
#include "engine/feature_views.h"
#include "engine/session_state.h"
#include "features/feature_view.h"

namespace firn {

std::string SessionState::ExecuteCreateFeatureView(const ast::CreateTableStmt& s,
                                                   const std::string& text, ResultSink& sink) {
  BuiltFeatureView built = BuildFeatureView(db_, startup_.user, s, text);
  // Backfill: index the table's history before the view becomes visible. Only the view's
  // own lock is held, so other sessions keep reading and writing; rows they commit
  // meanwhile are indexed by the next lookup.
  auto start = std::chrono::steady_clock::now();
  ExecContext ctx = MakeContext({});
  uint64_t rows = built.view->CatchUp(ctx, [&](uint64_t done, uint64_t total) {
    sink.OnNotice(Notice{"NOTICE", "00000",
                         "feature view \"" + s.name + "\": backfill indexed " +
                             std::to_string(done) + " of " + std::to_string(total) + " rows",
                         "", ""});
  });
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                  start)
                .count();
  built.info.runtime = built.view;
  Catalog& catalog = db_.catalog();
  std::shared_ptr<const FeatureViewInfo> view = catalog.CreateView(std::move(built.info));
  txn_.AddUndo([&catalog, view] { catalog.DropView(view->schema, view->name, true); });
  FeatureSourceStats stats = built.view->stats();
  sink.OnNotice(Notice{"NOTICE", "00000",
                       "feature view \"" + view->name + "\": indexed " + std::to_string(rows) +
                           " rows of history for " + std::to_string(stats.entities) +
                           " entities in " + std::to_string(ms) + " ms",
                       "", ""});
  db_.logger().Info("feature view " + view->schema + "." + view->name + " created: indexed " +
                    std::to_string(rows) + " rows in " + std::to_string(ms) + " ms");
  return "SELECT " + std::to_string(stats.entities);
}

std::string SessionState::ExecuteDropViews(const ast::DropStmt& s, ResultSink& sink) {
  Catalog& catalog = db_.catalog();
  for (const ast::QualifiedName& n : s.names) {
    std::string schema = n.schema.empty() ? "public" : n.schema;
    std::shared_ptr<const FeatureViewInfo> view = catalog.GetView(schema, n.name);
    if (!view && catalog.GetTable(schema, n.name)) {
      throw SqlError(sqlstate::kWrongObjectType, "\"" + n.name + "\" is not a materialized view")
          .WithHint("Use DROP TABLE to remove a table.");
    }
    if (!view) {
      if (s.if_exists) {
        sink.OnNotice(Notice{"NOTICE", "00000",
                             "materialized view \"" + n.name + "\" does not exist, skipping", "",
                             ""});
        continue;
      }
      throw SqlError(sqlstate::kUndefinedTable,
                     "materialized view \"" + n.name + "\" does not exist");
    }
    DropDependentViews(view->oid, "materialized view " + view->name, s.cascade, sink);
    catalog.DropView(schema, n.name, true);
    txn_.AddUndo([&catalog, view] { catalog.RestoreView(view); });
  }
  return "DROP MATERIALIZED VIEW";
}

void SessionState::DropViewsOnTable(const TableInfo& table, bool cascade, ResultSink& sink) {
  Catalog& catalog = db_.catalog();
  std::vector<std::shared_ptr<const FeatureViewInfo>> views = catalog.ViewsOnTable(table.oid);
  if (views.empty()) return;
  if (!cascade) {
    throw SqlError(sqlstate::kDependentObjectsStillExist,
                   "cannot drop table " + table.name + " because other objects depend on it")
        .WithDetail("materialized view " + views[0]->name + " depends on table " + table.name)
        .WithHint("Use DROP ... CASCADE to drop the dependent objects too.");
  }
  for (const auto& view : views) {
    DropDependentViews(view->oid, "materialized view " + view->name, true, sink);
    catalog.DropView(view->schema, view->name, true);
    txn_.AddUndo([&catalog, view] { catalog.RestoreView(view); });
  }
}

}  // namespace firn
