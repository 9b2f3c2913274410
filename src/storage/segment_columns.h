// SegmentColumns: the columns of one table segment that a reader needs, whether the segment
// is hot (they share its chunk) or cold (they are read from its data file through the
// column cache; the columns not needed are never decoded).
// Thread-safety: a plain value; the vectors it shares are immutable.
#pragma once

#include <memory>
#include <vector>

#include "common/status.h"
#include "storage/table_data.h"
#include "types/vector.h"

namespace firn {

class SegmentColumns {
 public:
  SegmentColumns() = default;
  // Errors are the data file's (NotFound, IoError, Corruption), naming it.
  static Result<SegmentColumns> Read(const TableSegment& segment, const std::vector<bool>& needed);

  size_t size() const { return rows_; }
  // REQUIRES: column `c` was needed.
  const Vector& column(size_t c) const { return *columns_[c]; }
  // The same column, for a Vector::Sharing that outlives this object.
  const std::shared_ptr<const Vector>& shared_column(size_t c) const { return columns_[c]; }
  // Every column, for evaluating expressions over the rows: the hot chunk itself, or the
  // needed columns with NULLs in the others.
  std::shared_ptr<const DataChunk> Chunk(const std::vector<Type>& types) const;
  // Rows [from, size()) (copied).
  SegmentColumns Tail(size_t from) const;

 private:
  std::shared_ptr<const DataChunk> chunk_;              // hot: the segment's rows
  std::vector<std::shared_ptr<const Vector>> columns_;  // per table column; null = not read
  size_t rows_ = 0;
};

}  // namespace firn
