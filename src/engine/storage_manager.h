// StorageManager: makes the database durable.
//
// Write path: every committed transaction becomes one WAL record (the catalog image when
// DDL changed it, then its row changes per table) and is applied to the in-memory tables in
// log order once the record is written — and fsynced when synchronous_commit is on.
//
// Checkpoint (CHECKPOINT, or in the background by WAL size and age): at one consistent
// point (no commit in flight), each changed table's new rows and deletions are written as
// Parquet files and committed as one Iceberg snapshot whose summary records the point's LSN
// ("firn.wal-lsn"); then the catalog image and the LSN are saved in catalog.db and the log
// is truncated up to that LSN.
//
// Recovery: load the saved image, each table's current snapshot, then replay the log after
// the saved LSN — a table's changes only after the LSN its own snapshot covers (a crash
// between two tables' commits leaves them at different points).
// Thread-safety: Commit and Checkpoint may be called concurrently from any session.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "catalog/catalog.h"
#include "common/logger.h"
#include "common/status.h"
#include "engine/iceberg_store.h"
#include "storage/table_data.h"
#include "storage/unique_keys.h"

namespace firn {

class Wal;

struct TableChangeRef {
  std::shared_ptr<const TableInfo> table;
  const TableWrite* write;
  const KeyChanges* keys = nullptr;  // the write's claimed unique keys (UniqueKeys::Claim)
};

struct StorageOptions {
  std::string data_dir;
  // A background checkpoint runs once the log has grown by this many bytes, or has had
  // anything in it for this long.
  uint64_t checkpoint_bytes = 256ull << 20;
  std::chrono::milliseconds checkpoint_interval{std::chrono::minutes(5)};
  // Decoded columns of checkpointed rows (which live only in data files) kept in memory.
  size_t cache_bytes = size_t{1} << 30;
};

class StorageManager {
 public:
  StorageManager(StorageOptions options, Catalog& catalog, Logger& logger);
  // Checkpoints once more (so a restart has nothing to replay) and stops.
  ~StorageManager();
  StorageManager(const StorageManager&) = delete;
  StorageManager& operator=(const StorageManager&) = delete;

  // Loads the durable state into the catalog, opens the log and starts the background
  // checkpointer.
  Status Recover();

  // Logs one transaction and applies its writes; returns once the record is durable (sync)
  // or written. On error nothing was applied.
  Status Commit(const std::vector<TableChangeRef>& changes, bool sync);

  Status Checkpoint();

  // Runs `change` to a table's columns (ALTER TABLE ADD COLUMN: its data, then its
  // description) between checkpoints, so a checkpoint writes each table's rows with the
  // columns they have.
  void ChangeColumns(const std::function<void()>& change);

  const ColumnCache& cache() const { return *cache_; }

  // ---- Time travel over the tables' Iceberg snapshots ----
  // A point in history: the checkpoint that wrote a given snapshot (every table as of that
  // checkpoint's LSN, so several tables are read at one consistent point), or an instant.
  struct ReadPoint {
    std::optional<uint64_t> lsn;
    std::optional<int64_t> time_us;  // microseconds since 1970-01-01 UTC
  };
  // The read point of a snapshot id or tag name of any table; NotFound when none has it.
  Result<ReadPoint> ResolveSnapshot(const std::string& id_or_tag);
  // The table's rows as of `point`: its newest snapshot at or before it (empty if none).
  Result<std::shared_ptr<const TableVersion>> ReadAt(const TableInfo& table,
                                                     const ReadPoint& point);
  // The table's Iceberg metadata (nullopt before its first checkpoint).
  std::optional<iceberg::TableHandle> Handle(uint32_t oid);
  // Tags `snapshot_id` (default: the current snapshot) of the table as `tag`.
  Status CreateTag(const TableInfo& table, const std::string& tag,
                   std::optional<int64_t> snapshot_id);

 private:
  Status ReplayRecord(uint64_t lsn, std::string_view payload);
  Status LoadTablesFromIceberg();
  void BackgroundCheckpoints();

  const StorageOptions options_;
  Catalog& catalog_;
  Logger& logger_;
  int lock_fd_ = -1;  // flock'ed data-folder LOCK file
  std::unique_ptr<Wal> wal_;
  const std::shared_ptr<ColumnCache> cache_;
  std::unique_ptr<IcebergStore> iceberg_;
  std::mutex image_mutex_;
  std::atomic<uint64_t> logged_catalog_version_{0};

  // Checkpoint: gives renamed tables (ALTER TABLE RENAME TO) their names in the Iceberg
  // catalog. REQUIRES: checkpoint_mutex_ held.
  void RenameTables(const std::vector<std::pair<std::shared_ptr<const TableInfo>,
                                                std::shared_ptr<const TableVersion>>>& tables);

  std::mutex checkpoint_mutex_;  // one checkpoint at a time; guards persisted_
  std::map<uint32_t, PersistedTable> persisted_;
  std::set<uint32_t> unavailable_;  // tables whose files failed to load at recovery
  uint64_t checkpoint_lsn_ = 0;
  // Recovery only: Iceberg tables not yet matched to a catalog table, by OID.
  std::map<uint32_t, PersistedTable> unmatched_;

  std::mutex background_mutex_;
  std::condition_variable background_cv_;
  bool stopping_ = false;  // GUARDED_BY(background_mutex_)
  std::thread background_;
};

}  // namespace firn
