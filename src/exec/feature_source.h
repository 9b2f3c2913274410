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
  uint64_t bytes = 0;         // approximate memory of the online state
};

class FeatureSource {
 public:
  virtual ~FeatureSource() = default;
  virtual FeatureSourceStats stats() const = 0;
  // Appends to `out` the view's row (its output columns, in order) for each key of `keys`
  // that has a group as of `as_of_us`, or for every entity when `keys` is nullptr. A key
  // holds the entity columns' values in GROUP BY order; NULL keys match nothing, as `=`.
  // Reads the source table through ctx.tables, so time travel applies.
  // For each entity column (GROUP BY order), the output column that shows it, or -1.
  virtual const std::vector<int>& entity_outputs() const = 0;
  virtual void Evaluate(const std::vector<RowKey>* keys, int64_t as_of_us, ExecContext& ctx,
                        std::vector<std::vector<Value>>& out) = 0;
};

}  // namespace firn
