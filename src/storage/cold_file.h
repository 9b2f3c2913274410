// ColdFile: one Parquet data file whose rows a table reads on demand instead of keeping
// them in memory. A cold table segment (TableSegment::file) names rows [pos, pos + n) of
// it; reading them decodes only the needed columns, one row-group column at a time, through
// the shared ColumnCache, so a table's memory is bounded by the cache, not its history.
//
// Open() reads only the footer: the row groups, their statistics (the zone maps of the
// segments over them) and the key-value metadata. Errors name the file: NotFound when it
// is gone, Corruption when its bytes are not a valid Parquet file of the table's columns.
// A column whose field id the file does not have (added to the table after the file was
// written) reads as NULL in every row, as the Iceberg spec says.
// Thread-safety: immutable after Open(); Read() may be called concurrently.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "storage/column_cache.h"
#include "storage/table_data.h"
#include "storage/zone_map.h"
#include "types/vector.h"

namespace firn {

// A table column as data files name it: by Iceberg field id.
struct ColdColumn {
  int32_t field_id = 0;  // 0: in no data file
  std::string name;      // for error messages
  Type type;
};

class ColdFile {
 public:
  static Result<std::shared_ptr<const ColdFile>> Open(std::string path,
                                                      const std::vector<ColdColumn>& columns,
                                                      std::shared_ptr<ColumnCache> cache);

  const std::string& path() const { return path_; }
  uint64_t rows() const { return row_group_start_.back(); }
  size_t column_count() const { return columns_.size(); }
  // The same file read as a table of columns `types`: columns [0, kept) as before (sharing
  // their cached decoded chunks), the others NULL.
  std::shared_ptr<const ColdFile> WithColumns(const std::vector<Type>& types, size_t kept) const;
  // The value of footer key-value metadata `key`, if present.
  std::optional<std::string> Metadata(const std::string& key) const;

  // Sets (*columns)[c], for every c with needed[c], to the rows [pos, pos + n) of table
  // column c. REQUIRES: pos + n <= rows(), n <= kChunkSize.
  Status Read(uint64_t pos, size_t n, const std::vector<bool>& needed,
              std::vector<std::shared_ptr<const Vector>>* columns) const;

  ColdFile(std::string path, std::vector<ColdColumn> columns, std::vector<int> file_columns,
           std::shared_ptr<ColumnCache> cache, uint64_t id);

 private:
  friend void AppendColdSegments(const std::shared_ptr<const ColdFile>& file, uint64_t first_row_id,
                                 uint64_t pos, uint64_t rows, std::vector<TableSegment>* out);
  // The decoded column `c` of row group `rg`, from the cache or the file.
  Result<std::shared_ptr<const ColumnCache::Chunks>> Load(size_t rg, size_t c) const;

  const std::string path_;
  const std::vector<ColdColumn> columns_;
  const std::vector<int> file_columns_;  // per table column: the file's column index, or -1
  const std::shared_ptr<ColumnCache> cache_;
  const uint64_t id_;                                 // the cache's key for this file
  std::vector<uint64_t> row_group_start_;             // + the row count at the end
  std::vector<std::shared_ptr<const ZoneMap>> zone_;  // per row group, from its statistics
  std::vector<std::pair<std::string, std::string>> metadata_;
};

// Appends cold segments for rows [pos, pos + rows) of `file`, which are the table's rows
// [first_row_id, first_row_id + rows): at most kChunkSize rows each, never crossing a row
// group or a chunk of one (so a read shares the cached chunk instead of copying), each with
// its row group's statistics as zone map.
void AppendColdSegments(const std::shared_ptr<const ColdFile>& file, uint64_t first_row_id,
                        uint64_t pos, uint64_t rows, std::vector<TableSegment>* out);

}  // namespace firn
