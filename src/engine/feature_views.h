// Feature views in the engine: building the running view (features/feature_view.h) from a
// CREATE MATERIALIZED VIEW statement — when it is executed and again at every start-up,
// from the statement kept in the catalog.
// Thread-safety: the functions take the catalog's own locks.
#pragma once

#include <memory>
#include <string>

#include "catalog/catalog.h"
#include "sql/parser/ast.h"

namespace firn {

class Database;
class FeatureView;

struct BuiltFeatureView {
  FeatureViewInfo info;  // everything but the oid
  std::shared_ptr<FeatureView> view;
};

// Binds and analyzes `stmt` (CREATE MATERIALIZED VIEW ... WITH (entity = ...) AS SELECT).
// Throws SqlError (0A000 for what a feature view cannot be, 42P01, 42703, ...).
BuiltFeatureView BuildFeatureView(Database& db, const std::string& user,
                                  const ast::CreateTableStmt& stmt, const std::string& text);

// After recovery: builds every view the catalog lists without a running one and indexes its
// table, logging the time it took. A view that cannot be built is logged and left without
// a runtime (reading it fails with 55000).
void RestoreFeatureViews(Database& db);

}  // namespace firn
