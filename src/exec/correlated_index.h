// CorrelatedIndex: a table scan's rows grouped by the value of one column, for a filter
// `column = <outer expression>` inside a correlated subquery or LATERAL side. Such a filter
// runs once per outer row; the index is built on its second run (one scan of the table) and
// each later run reads only the rows with its value instead of scanning the whole table.
// The filter is still applied to those rows, so the result is the same either way.
//
// The grouping is by KeyIndex, which for one column of the types FindEqualityKey accepts
// puts together exactly the values `=` finds equal.
// Thread-safety: immutable once built; held by one execution (ExecContext).
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "exec/exec_context.h"
#include "exec/key_index.h"
#include "exec/operator.h"

namespace firn {

// A conjunct of `filter` (over the rows of `scan`, a kTableScan) of the form
// `column = key` where key reads only outer rows, constants and parameters (under casts) and
// at least one outer row, and both sides have the same type, one of integers, text,
// varchar, boolean, oid, date, timestamp, timestamptz and uuid.
struct CorrelatedKey {
  int column = -1;  // output column of the scan
  BoundExprPtr key;
};
std::optional<CorrelatedKey> FindEqualityKey(const BoundExprPtr& filter, const PlanNode& scan);

class CorrelatedIndex {
 public:
  // Reads all of `rows` (the scan) and groups them by output column `column`.
  CorrelatedIndex(Operator& rows, const std::vector<Type>& types, int column);

  // The rows whose column equals `key` (none for NULL), in chunks of at most kChunkSize.
  std::vector<DataChunk> Find(const Value& key) const;

  // The table contents it was built from; a run that sees another version rebuilds it.
  std::shared_ptr<const TableVersion> version;

 private:
  std::vector<Type> types_;
  DataChunk rows_;              // every row, grouped by key id (scan order within a key)
  KeyIndex keys_;               // the key column's values
  std::vector<size_t> starts_;  // per key id: its first row in rows_; one more at the end
};

}  // namespace firn
