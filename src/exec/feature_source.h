// FeatureSource: what the executor needs from a feature view (features/feature_view.h) —
// the view's rows for some entities as of an instant. The binder puts a FeatureSource in
// kFeatureScan and kFeatureJoin plan nodes; the view itself knows its definition and index.
// Thread-safety: Evaluate may be called concurrently from many sessions.
#pragma once

#include <cstdint>
#include <vector>

#include "exec/operator.h"

namespace firn {

struct FeatureSourceStats {
  uint64_t entities = 0;
  uint64_t indexed_rows = 0;  // source rows in the index
  uint64_t evicted_rows = 0;  // source rows evicted from it as too old to matter online
  uint64_t bytes = 0;         // approximate memory of the online state
  // Of the history index (every row, for instants before evicted rows); 0 when not built.
  uint64_t history_bytes = 0;
  // Aggregates kept as sliding windows over the entity's own rows, and aggregates the
  // executor recomputes over rows gathered from the table (docs/features.md).
  uint64_t sliding_aggregates = 0;
  uint64_t recomputed_aggregates = 0;
};

class FeatureSource {
 public:
  virtual ~FeatureSource() = default;
  virtual FeatureSourceStats stats() const = 0;
  // For each entity column (GROUP BY order), the output column that shows it, or -1.
  virtual const std::vector<int>& entity_outputs() const = 0;
  // Appends to `out` the view's row (its output columns, in order) for each key of `keys`
  // that has a group as of `as_of_us`, or for every entity when `keys` is nullptr. A key
  // holds the entity columns' values in GROUP BY order; NULL keys match nothing, as `=`.
  // Reads the source table through ctx.tables, so time travel applies.
  virtual void Evaluate(const std::vector<RowKey>* keys, int64_t as_of_us, ExecContext& ctx,
                        std::vector<std::vector<Value>>& out) = 0;
  // Point-in-time requests: rows[i] becomes the view's row for keys[i] as of instants[i],
  // or stays empty when that entity has no group then. Requests for one entity are
  // evaluated together, in time order (a sort-and-sweep), whatever order they come in.
  virtual void EvaluateAt(const std::vector<RowKey>& keys, const std::vector<int64_t>& instants,
                          ExecContext& ctx, std::vector<std::vector<Value>>& rows) = 0;
};

}  // namespace firn
