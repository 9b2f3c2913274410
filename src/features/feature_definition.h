// FeatureDefinition: what a feature view computes, taken from the bound plan of its SELECT
// (one source table, WHERE, GROUP BY the entity, aggregates, expressions over them), and
// how far back in event time a row can still matter. Anything Firn cannot evaluate exactly
// is refused here with 0A000, naming the construct.
// Thread-safety: immutable once built.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "exec/plan.h"

namespace firn {

struct FeatureDefinition {
  std::shared_ptr<const TableInfo> source;
  int event_time_column = -1;  // timestamptz or timestamp column of the source row
  // True for a timestamp (without time zone) event time: its values are wall-clock times,
  // which the session time zone turns into instants, as in PostgreSQL's comparisons.
  bool event_time_is_local = false;
  std::vector<int> entity_columns;  // source columns, in GROUP BY order
  // WHERE split in two: conjuncts that do not depend on now() filter rows as they are
  // indexed; the rest are evaluated at each instant.
  BoundExprPtr where_static;
  BoundExprPtr where_dynamic;
  std::vector<AggregateSpec> aggregates;  // over the source row
  // The view's columns, over (entity values ++ aggregate results).
  std::vector<BoundExprPtr> outputs;
  std::vector<std::string> names;
  std::vector<Type> types;
  // Rows with event time before T - horizon cannot change the view as of T; nullopt when
  // every row up to T can (an aggregate without a window). See FeatureView::Evaluate.
  std::optional<int64_t> horizon_us;
};

// Builds the definition from `plan`, the bound SELECT of CREATE MATERIALIZED VIEW, whose
// output column names are `names`; `entity` names the entity columns. Throws SqlError.
FeatureDefinition AnalyzeFeatureView(const PlanNode& plan, const std::vector<std::string>& names,
                                     const std::vector<std::string>& entity);

// True when `expr` reads the clock (now(), current_date, ...), so its value depends on the
// instant a feature view is evaluated at.
bool DependsOnNow(const BoundExpr& expr);
// True when `expr`'s value may depend on the session's time zone (conservatively: it
// converts between timestamptz and other date/time types, text or fields, or adds
// intervals to a timestamptz). Such conditions are not evaluated once at indexing.
bool DependsOnZone(const BoundExpr& expr);
// True when `expr`'s value is a function of its input row and the session time zone
// alone: no clock, subquery, parameter, outer column, volatile function, or function
// that reads the catalog or session (so a computed value may be reused).
bool DependsOnRowAlone(const BoundExpr& expr);
// True when `e` is a call of now() or one of its synonyms (current_timestamp, ...).
bool IsNowCall(const BoundExpr& e);
// `e` with every `'<text>'::interval` literal replaced by its value (interval input does
// not depend on session settings), so that a window bound evaluated at each instant does
// not parse the interval again, and its length can be read off the tree.
BoundExprPtr FoldIntervalLiterals(const BoundExprPtr& e);

}  // namespace firn
