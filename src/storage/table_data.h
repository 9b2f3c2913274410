// TableData: the rows of one table, with snapshot reads. Committed rows live in immutable,
// shared chunks; every commit publishes a new TableVersion (copy-on-write of the chunk list
// and of the delete masks it touches), so a reader holding a version sees one consistent
// point in time and is never blocked by writers.
//
// A segment is hot (its rows in memory) until a checkpoint has written it to a Parquet data
// file; then it turns cold (storage/cold_file.h): only its row count, delete mask and zone
// map stay in memory, and readers load the columns they need through a byte-budgeted cache
// (SegmentColumns, storage/segment_columns.h).
// Thread-safety: Snapshot() and Commit() may be called concurrently; commits serialize on
// an internal mutex. TableVersion is immutable.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "storage/pending_rows.h"
#include "storage/zone_map.h"
#include "types/vector.h"

namespace firn {

class ColdFile;
class UniqueKeys;

struct TableSegment {
  std::shared_ptr<const DataChunk> rows;  // hot: the rows; nullptr when cold
  // deleted[i] != 0 when row i is deleted; nullptr = none deleted.
  std::shared_ptr<const std::vector<uint8_t>> deleted;
  uint64_t first_row_id = 0;  // row ids are stable for the life of the table
  // Per-column statistics of every row of `rows`, deleted ones included (so they stay
  // valid when rows are deleted); nullptr = unknown. Scans skip segments by them.
  std::shared_ptr<const ZoneMap> zone_map = nullptr;
  // Cold: the rows are rows [file_pos, file_pos + cold_rows) of `file`.
  std::shared_ptr<const ColdFile> file = nullptr;
  uint64_t file_pos = 0;
  uint32_t cold_rows = 0;

  size_t size() const { return rows ? rows->size() : cold_rows; }
  uint64_t end_row_id() const { return first_row_id + size(); }
};

struct TableVersion {
  std::vector<TableSegment> segments;
  uint64_t next_row_id = 0;
  uint64_t live_rows = 0;
};

// Row ids at or above this mark name a transaction's own not-yet-committed inserts.
inline constexpr uint64_t kPendingRowIdBase = uint64_t{1} << 62;

// A transaction's pending changes to one table.
struct TableWrite {
  explicit TableWrite(const std::vector<Type>& types) : inserts(types) {}
  PendingRows inserts;                  // rows to append, in the table's column types
  std::vector<uint8_t> insert_deleted;  // per pending row: deleted again before commit
  std::vector<uint64_t> deletes;        // row ids of committed rows to delete

  bool empty() const { return inserts.size() == 0 && deletes.empty(); }
  // The inserts a commit keeps, chunk by chunk: a pending chunk itself (shared, not
  // copied) unless some of its rows were deleted again, then a copy without those; no
  // empty chunks.
  std::vector<std::shared_ptr<const DataChunk>> KeptChunks() const;
};

// Segments built from a write's inserts before its commit applies it (see
// TableData::PrepareInserts): the kept chunks of rows, each with its statistics.
struct PreparedInserts {
  struct Segment {
    std::shared_ptr<const DataChunk> rows;
    std::shared_ptr<const ZoneMap> zone_map;
  };
  std::vector<Segment> segments;
};

class TableData {
 public:
  explicit TableData(std::vector<Type> column_types);
  ~TableData();

  std::shared_ptr<const TableVersion> Snapshot() const;
  // Snapshot()->next_row_id without the lock (a reader polling for new rows).
  uint64_t next_row_id() const { return next_row_id_.load(std::memory_order_acquire); }
  // A table whose files could not be loaded stays in the catalog but refuses reads and
  // writes with `reason` (naming the file), so the rest of the database keeps serving.
  void MarkUnavailable(std::string reason);
  std::optional<std::string> Unavailable() const;
  // Applies `write` atomically. Deleting an already-deleted row is a no-op. With
  // `prepared` (PrepareInserts of this same write), the inserts become those segments.
  // Returns the row id of the first insert kept (the others follow it in order).
  uint64_t Commit(const TableWrite& write, const PreparedInserts* prepared = nullptr);
  // The segments `write`'s surviving inserts will form, built without the table's lock
  // from `write` alone, so a big commit builds them while its log record is written.
  // (Commit without them tops up a small last segment first; with them it does not.)
  PreparedInserts PrepareInserts(const TableWrite& write) const;
  // Appends cold segments (recovery), which must start at the next row id.
  void AppendCold(std::vector<TableSegment> segments);
  // Makes the rows below `upto` cold once a checkpoint has written them: the hot segments
  // wholly below it are replaced by `cold(from, upto)`, the cold segments for rows
  // [from, upto), which keep the current delete masks and get statistics as exact as the
  // hot rows give. A hot segment reaching past `upto` stays hot.
  using ColdSegmentsFn = std::function<std::vector<TableSegment>(uint64_t from, uint64_t to)>;
  void MakeCold(uint64_t upto, const ColdSegmentsFn& cold);
  // Gives the table the columns `types` (ALTER TABLE ADD COLUMN, or its undo): every row
  // keeps its values of columns [0, kept) and is NULL in the others. Writes prepared for the
  // old columns may still commit: their rows are fitted the same way (NULL in columns they
  // lack, columns beyond the table's dropped).
  void SetColumns(std::vector<Type> types, size_t kept);
  std::vector<Type> column_types() const;
  // The keys of the table's unique indexes (storage/unique_keys.h).
  UniqueKeys& unique_keys() const { return *unique_keys_; }

 private:
  // Appends `chunk`'s rows to `next`, topping up its last segment when that is small.
  // REQUIRES: the chunk has the table's columns.
  void AppendRows(const DataChunk& chunk, TableVersion& next) const;
  // `segment` with the table's columns (the first `kept` of its own kept).
  TableSegment Fit(TableSegment segment, size_t kept) const;

  std::vector<Type> column_types_;  // GUARDED_BY(mutex_)
  mutable std::mutex mutex_;
  std::shared_ptr<const TableVersion> current_;  // GUARDED_BY(mutex_)
  std::atomic<uint64_t> next_row_id_{0};         // current_->next_row_id, set with it
  std::optional<std::string> unavailable_;       // GUARDED_BY(mutex_)
  std::atomic<bool> unavailable_flag_{false};    // unavailable_ is set
  const std::unique_ptr<UniqueKeys> unique_keys_;
};

}  // namespace firn
