// IcebergStore: Firn tables as Iceberg v2 tables in the warehouse folder. It writes a
// table's new rows as a Parquet data file (one per partition tuple when the table has
// partition_by) and its new deletions as a position-delete file (one per partition),
// commits them as one snapshot through the SQL catalog (catalog.db), and reads a snapshot
// back into memory.
//
// Row ids: a table's rows are numbered in commit order of the checkpoints that wrote them
// (deleted rows keep their id and are masked by position deletes), followed by the rows
// not flushed yet. An unpartitioned checkpoint writes one file in row-id order. A
// partitioned one writes one file per partition tuple, each in row-id order, and records in
// each file's Parquet footer ("firn.row-ids", storage/iceberg/partitioner.h) which row ids it
// holds, so loading interleaves them back. So a row id stays the same across a flush and a
// restart, and WAL records after a checkpoint can name rows by id.
// Thread-safety: Flush/Load for one table must not run concurrently (StorageManager holds
// its checkpoint mutex); the SQL catalog is thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "common/logger.h"
#include "common/status.h"
#include "storage/cold_file.h"
#include "storage/iceberg/commit_loader.h"
#include "storage/iceberg/partitioner.h"
#include "storage/iceberg/sql_catalog.h"
#include "storage/iceberg/table_committer.h"
#include "storage/table_data.h"

namespace firn {

// What of one table is in Iceberg files.
struct PersistedTable {
  iceberg::TableHandle handle;
  uint32_t oid = 0;
  uint64_t flushed_rows = 0;  // rows [0, flushed_rows) are in data files
  struct DataFileRef {
    std::string path;
    iceberg::PartitionTuple partition;     // empty when unpartitioned
    std::shared_ptr<const ColdFile> cold;  // opened for reading its rows
  };
  std::vector<DataFileRef> files;  // data files in commit order
  // Where each flushed row is: sorted by first_row_id, covering [0, flushed_rows); one run
  // per file of an unpartitioned table, one per stretch of consecutive row ids in one file of
  // a partitioned one.
  using RowRun = iceberg::RowRun;
  std::vector<RowRun> runs;
  std::vector<uint8_t> deleted;  // per flushed row: covered by a position delete
  uint64_t covered_lsn = 0;      // the current snapshot's "firn.wal-lsn"
};

class IcebergStore {
 public:
  static constexpr const char* kCatalogName = "firn";
  // Rows of the tables' data files are read through `cache`.
  static Result<std::unique_ptr<IcebergStore>> Open(const std::string& warehouse, Logger& logger,
                                                    std::shared_ptr<ColumnCache> cache);

  iceberg::SqlCatalog& catalog() { return *catalog_; }

  // Every table in the catalog that Firn created (property firn.oid), by OID. Tables whose
  // metadata cannot be read are listed in `failed` as (namespace, name, error) instead.
  struct BrokenTable {
    std::string ns, name;
    Status error;
  };
  Result<std::map<uint32_t, PersistedTable>> ListTables(std::vector<BrokenTable>* failed);

  // Appends the rows of `snapshot_id` (the current one when nullopt) to `target` (empty),
  // in row-id order, then applies its deletes; fills `state` when given. `columns` are the
  // table's (IcebergColumnsOf): its data files are read as those.
  Status LoadSnapshot(const iceberg::TableHandle& handle, std::optional<int64_t> snapshot_id,
                      const std::vector<iceberg::Column>& columns, TableData& target,
                      PersistedTable* state);

  // Writes what `version` has beyond `state` and commits it as one snapshot whose summary
  // records `lsn`. Creates the Iceberg table first if `state` has none. No-op (returns
  // false) when nothing changed.
  Result<bool> Flush(const TableInfo& table, const TableVersion& version, uint64_t lsn,
                     PersistedTable* state);

  // Cold segments for the flushed rows [from, to) of `state` (storage/cold_file.h); empty
  // when a file was not opened.
  static std::vector<TableSegment> ColdSegments(const PersistedTable& state, uint64_t from,
                                                uint64_t to);

  // Removes a dropped table from the catalog and its folder from the warehouse.
  Status Drop(const PersistedTable& state);

  // Gives the table of `state` the name `name` in the catalog (ALTER TABLE RENAME TO; its
  // folder keeps the name it was created with). InvalidArgument when a table has it.
  Status Rename(PersistedTable* state, const std::string& name);

  // Tags the table's snapshot `snapshot_id`.
  Status Tag(PersistedTable* state, const std::string& tag, int64_t snapshot_id);

 private:
  IcebergStore(std::string warehouse, Logger& logger, std::unique_ptr<iceberg::SqlCatalog> catalog,
               std::shared_ptr<ColumnCache> cache)
      : warehouse_(std::move(warehouse)),
        logger_(logger),
        catalog_(std::move(catalog)),
        cache_(std::move(cache)) {}
  Status Create(const TableInfo& table, PersistedTable* state);

  const std::string warehouse_;
  Logger& logger_;
  std::unique_ptr<iceberg::SqlCatalog> catalog_;
  const std::shared_ptr<ColumnCache> cache_;
};

// The WAL position a snapshot covers (its summary's "firn.wal-lsn"; 0 when absent).
uint64_t CoveredLsn(const iceberg::Snapshot& snapshot);

// The Iceberg columns (names, types, NOT NULL, column OIDs) of a Firn table, field ids
// unassigned.
std::vector<iceberg::Column> IcebergColumnsOf(const TableInfo& table);

}  // namespace firn
