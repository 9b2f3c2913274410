// TableData: the rows of one table, with snapshot reads. Committed rows live in immutable,
// shared chunks; every commit publishes a new TableVersion (copy-on-write of the chunk list
// and of the delete masks it touches), so a reader holding a version sees one consistent
// point in time and is never blocked by writers.
//
// This is the in-memory implementation behind the storage interface; the Iceberg storage
// issue replaces the committed part with Parquet files + a memtable tail.
// Thread-safety: Snapshot() and Commit() may be called concurrently; commits serialize on
// an internal mutex. TableVersion is immutable.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "storage/zone_map.h"
#include "types/vector.h"

namespace firn {

struct TableSegment {
  std::shared_ptr<const DataChunk> rows;
  // deleted[i] != 0 when row i is deleted; nullptr = none deleted.
  std::shared_ptr<const std::vector<uint8_t>> deleted;
  uint64_t first_row_id = 0;  // row ids are stable for the life of the table
  // Per-column statistics of every row of `rows`, deleted ones included (so they stay
  // valid when rows are deleted); nullptr = unknown. Scans skip segments by them.
  std::shared_ptr<const ZoneMap> zone_map = nullptr;
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
  DataChunk inserts;                    // rows to append, in the table's column types
  std::vector<uint8_t> insert_deleted;  // per pending row: deleted again before commit
  std::vector<uint64_t> deletes;        // row ids of committed rows to delete

  bool empty() const { return inserts.size() == 0 && deletes.empty(); }
};

class TableData {
 public:
  explicit TableData(std::vector<Type> column_types);

  std::shared_ptr<const TableVersion> Snapshot() const;
  // A table whose files could not be loaded stays in the catalog but refuses reads and
  // writes with `reason` (naming the file), so the rest of the database keeps serving.
  void MarkUnavailable(std::string reason);
  std::optional<std::string> Unavailable() const;
  // Applies `write` atomically. Deleting an already-deleted row is a no-op.
  void Commit(const TableWrite& write);
  const std::vector<Type>& column_types() const { return column_types_; }

 private:
  const std::vector<Type> column_types_;
  mutable std::mutex mutex_;
  std::shared_ptr<const TableVersion> current_;  // GUARDED_BY(mutex_)
  std::optional<std::string> unavailable_;       // GUARDED_BY(mutex_)
};

}  // namespace firn
