// Loading the data files of one Iceberg commit (the files sharing a sequence number) into a
// TableData in Firn's row-id order, as cold segments (storage/cold_file.h: only footers are
// read), and the runs that say where each row id lives.
//
// Files Firn wrote for an unpartitioned table hold consecutive row ids and follow one
// another in manifest order. Files of a partitioned checkpoint each hold an ascending subset
// of the commit's row ids, recorded in their footer as "firn.row-ids" (partitioner.h); the
// commit's files together must cover its ids exactly once, or the load fails with
// Corruption naming a file.
// Thread-safety: pure functions; the caller owns `target`.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"
#include "storage/cold_file.h"
#include "storage/iceberg/manifest.h"
#include "storage/iceberg/schema.h"
#include "storage/table_data.h"

namespace firn::iceberg {

// Rows [first_row_id, first_row_id + rows) are rows [first_pos, first_pos + rows) of data
// file number `file` (an index into the caller's list of a table's data files).
struct RowRun {
  uint64_t first_row_id = 0;
  uint64_t first_pos = 0;
  uint32_t file = 0;
  uint32_t rows = 0;
};

// Appends a run of `rows` rows, split so each piece's count fits RowRun::rows.
void AddRun(std::vector<RowRun>* runs, uint64_t first_row_id, uint64_t first_pos, uint32_t file,
            uint64_t rows);

// One data file of a commit, opened (its footer read), with the row ids its footer records
// (if any).
struct CommitFile {
  std::shared_ptr<const ColdFile> file;
  std::optional<std::vector<std::pair<uint64_t, uint64_t>>> row_ids;
};

// The table's columns `wanted` (types, firn_oids; ids unassigned), read from data files of
// schema `columns` (field ids, names) position by position. A column beyond the schema, or
// that is not the same field as the schema's at its position (SameField: added after the
// schema was written), is in no file.
std::vector<ColdColumn> ColdColumnsOf(const std::vector<Column>& columns,
                                      const std::vector<Column>& wanted);

// Opens `file`, whose columns `columns` (matched by field id) are read as the table's
// columns `wanted` through `cache`. Corruption when the row ids are malformed; reader errors
// name the file.
Result<CommitFile> OpenCommitFile(const DataFile& file, const std::vector<Column>& columns,
                                  const std::vector<Column>& wanted,
                                  std::shared_ptr<ColumnCache> cache);

// Appends the rows of one commit's files (the table's files number first_file, ...) to
// `target` as cold segments in row-id order from *next_row on, advances *next_row, and
// appends their runs (ascending) to `runs`.
Status LoadCommit(std::vector<CommitFile> group, uint32_t first_file, uint64_t* next_row,
                  TableData& target, std::vector<RowRun>* runs);

}  // namespace firn::iceberg
