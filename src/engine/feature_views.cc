#include "engine/feature_views.h"

#include <chrono>

#include "common/sql_error.h"
#include "engine/database.h"
#include "engine/database_services.h"
#include "exec/exec_context.h"
#include "features/feature_view.h"
#include "sql/binder/binder.h"
#include "sql/parser/parser.h"

namespace firn {

namespace {

std::vector<std::string> SplitEntity(const std::string& text) {
  std::vector<std::string> out;
  std::string part;
  auto flush = [&] {
    size_t b = part.find_first_not_of(" \t\n");
    size_t e = part.find_last_not_of(" \t\n");
    if (b == std::string::npos) {
      throw SqlError(sqlstate::kInvalidParameterValue,
                     "entity must name one or more columns, separated by commas");
    }
    out.push_back(part.substr(b, e - b + 1));
    part.clear();
  };
  for (char c : text) {
    if (c == ',') {
      flush();
    } else {
      part += c;
    }
  }
  flush();
  return out;
}

}  // namespace

BuiltFeatureView BuildFeatureView(Database& db, const std::string& user,
                                  const ast::CreateTableStmt& stmt, const std::string& text) {
  std::vector<std::string> entity;
  for (const ast::Option& o : stmt.options) {
    if (o.name != "entity") {
      throw SqlError(sqlstate::kInvalidParameterValue,
                     "unrecognized parameter \"" + o.name + "\" for a materialized view")
          .WithHint("Feature views take one option: entity = 'column[, column ...]'.");
    }
    entity = SplitEntity(o.value);
  }
  if (entity.empty()) {
    throw SqlError(sqlstate::kFeatureNotSupported,
                   "materialized views in Firn are feature views and need an entity")
        .WithHint(
            "CREATE MATERIALIZED VIEW v WITH (entity = 'user_id') AS SELECT user_id, ... "
            "GROUP BY user_id");
  }
  if (stmt.if_not_exists) {
    throw SqlError(sqlstate::kFeatureNotSupported,
                   "CREATE MATERIALIZED VIEW IF NOT EXISTS is not supported");
  }
  BinderContext bctx = MakeBinderContext(db, user);
  Binder binder(bctx);
  std::vector<ViewDependency> uses;
  binder.RecordUses(&uses);
  BoundQuery query = binder.BindQuery(*stmt.as_select, nullptr);
  binder.RecordUses(nullptr);
  for (const ViewDependency& d : uses) {
    // Its rows are indexed as they are written to one event table; a view has no writes.
    if (db.catalog().GetSqlViewByOid(d.oid)) {
      throw SqlError(sqlstate::kFeatureNotSupported,
                     "a feature view cannot read view \"" + d.name + "\"")
          .WithHint("Name the event table the view reads in the feature view's query.");
    }
  }
  FeatureDefinition def = AnalyzeFeatureView(*query.plan, query.names, entity);

  BuiltFeatureView out;
  out.info.schema = stmt.schema.empty() ? "public" : stmt.schema;
  out.info.name = stmt.name;
  out.info.definition = text;
  out.info.source_oid = def.source->oid;
  CheckUniqueColumnNames(query.names);
  for (size_t i = 0; i < query.names.size(); i++) {
    if (query.names[i] == "as_of") {
      throw SqlError(sqlstate::kDuplicateColumn,
                     "column name \"as_of\" is reserved: it is every feature view's "
                     "point-in-time pseudo-column");
    }
    out.info.columns.push_back(ColumnInfo{query.names[i], query.types[i], false});
  }
  out.view = std::make_shared<FeatureView>(std::move(def));
  return out;
}

void RestoreFeatureViews(Database& db) {
  for (const std::shared_ptr<const FeatureViewInfo>& info : db.catalog().ListViews()) {
    if (info->runtime) continue;
    auto start = std::chrono::steady_clock::now();
    try {
      std::vector<ast::StatementPtr> parsed = ParseSql(info->definition);
      if (parsed.size() != 1 || !parsed[0]->create_table) {
        throw SqlError(sqlstate::kInternalError, "the stored definition is not one statement");
      }
      BuiltFeatureView built =
          BuildFeatureView(db, Database::kSuperuser, *parsed[0]->create_table, info->definition);
      ExecContext ctx;
      ctx.functions = &db.services().functions;
      uint64_t rows = built.view->CatchUp(ctx);
      db.catalog().SetViewRuntime(info->oid, built.view);
      auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                    std::chrono::steady_clock::now() - start)
                    .count();
      db.logger().Info("feature view " + info->schema + "." + info->name + ": indexed " +
                       std::to_string(rows) + " rows in " + std::to_string(ms) + " ms");
    } catch (const std::exception& e) {
      db.logger().Error("feature view " + info->schema + "." + info->name +
                        " cannot be restored: " + e.what());
    }
  }
}

}  // namespace firn
