// StorageManager: makes the database durable. Every committed transaction becomes one WAL
// record (its catalog image when it changed DDL, then its row changes per table) and is
// applied to the in-memory tables in log order once the record is written — and fsynced
// when the session's synchronous_commit is on. On start, Recover() rebuilds the catalog and
// the tables from the last checkpoint plus the log after it.
// Thread-safety: Commit and Checkpoint may be called concurrently from any session.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "catalog/catalog.h"
#include "common/logger.h"
#include "common/status.h"
#include "storage/table_data.h"

namespace firn {

class Wal;

struct TableChangeRef {
  std::shared_ptr<const TableInfo> table;
  const TableWrite* write;
};

class StorageManager {
 public:
  StorageManager(std::string data_dir, Catalog& catalog, Logger& logger);
  ~StorageManager();
  StorageManager(const StorageManager&) = delete;
  StorageManager& operator=(const StorageManager&) = delete;

  // Loads the durable state into the (empty) catalog and opens the log for writing.
  Status Recover();

  // Logs one transaction and applies its writes; returns once the record is durable (sync)
  // or written. When the catalog changed since the last logged image (DDL by any session),
  // the record carries the current image. On error nothing was applied.
  Status Commit(const std::vector<TableChangeRef>& changes, bool sync);

 private:
  Status ReplayRecord(uint64_t lsn, std::string_view payload);

  const std::string data_dir_;
  Catalog& catalog_;
  Logger& logger_;
  std::unique_ptr<Wal> wal_;
  std::mutex image_mutex_;
  std::atomic<uint64_t> logged_catalog_version_{0};
};

}  // namespace firn
