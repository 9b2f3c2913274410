// PendingRows: a transaction's rows to append to one table, in order, as a list of chunks
// of at most kChunkSize rows. A commit publishes the chunks themselves as the table's new
// segments, so a big COPY's rows are parsed straight into their final memory: COPY hands
// over the chunks it parsed (AppendChunk, no copy); INSERT copies rows into the last one.
// Pending row i is row i - chunk_start(k) of the chunk k covering it.
// Thread-safety: none (one transaction's); chunks() may be shared once it no longer
// changes (a commit).
#pragma once

#include <cstddef>
#include <memory>
#include <vector>

#include "types/vector.h"

namespace firn {

class PendingRows {
 public:
  explicit PendingRows(std::vector<Type> types) : types_(std::move(types)) {}

  size_t size() const { return rows_; }
  const std::vector<Type>& types() const { return types_; }
  const std::vector<std::shared_ptr<DataChunk>>& chunks() const { return chunks_; }
  size_t chunk_start(size_t k) const { return starts_[k]; }

  // Copies `rows` (in this table's column types) in after the last pending row. Rows of
  // a statement bound before the table gained columns lack the last ones: NULL there.
  void Append(const DataChunk& rows);
  // Takes `rows` as a chunk of its own when it has at most kChunkSize rows and this
  // table's columns, else copies it in as Append does.
  void AppendChunk(DataChunk rows);
  // Keeps the first `rows` pending rows (ROLLBACK TO SAVEPOINT). REQUIRES: rows <= size().
  void Truncate(size_t rows);
  // The table gained columns (ALTER TABLE ADD COLUMN in another session): the pending rows
  // get them, NULL. REQUIRES: `types` starts with types().
  void AddColumns(const std::vector<Type>& types);

 private:
  void AddChunk(std::shared_ptr<DataChunk> chunk);

  std::vector<Type> types_;
  std::vector<std::shared_ptr<DataChunk>> chunks_;
  std::vector<size_t> starts_;  // per chunk: the pending row index of its first row
  size_t rows_ = 0;
};

}  // namespace firn
