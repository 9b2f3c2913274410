// FileReader: reads Parquet files (Firn's and other writers' flat columns and 3-level
// LISTs) into Firn DataChunks.
//
// Open() reads and validates the footer: schema shape, column chunk offsets inside the
// file, value counts. Any malformation, here or later while decoding pages, is
// Status::Corruption whose message names the file and what is wrong; the reader never
// reads outside the file's bytes. Column chunks are read on demand with pread, one row
// group at a time.
// Thread-safety: none (one reader per thread).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "storage/parquet/column.h"
#include "types/vector.h"

namespace firn::parquet {

struct RowGroupInfo {
  int64_t row_count = 0;
  // One per file column, from the footer's statistics: min/max of columns() types (absent
  // when the file has none); nan_count is always 0 (Parquet does not record it).
  std::vector<ColumnSummary> columns;
};

class FileReader {
 public:
  // Errors: NotFound, IoError, Corruption (naming `path`).
  static Result<std::unique_ptr<FileReader>> Open(const std::string& path);
  ~FileReader();
  FileReader(const FileReader&) = delete;
  FileReader& operator=(const FileReader&) = delete;

  int64_t row_count() const;
  // Top-level columns with types inferred from the schema (TypeId::kUnknown where Firn has
  // no equivalent, e.g. nested groups; such columns cannot be read).
  const std::vector<ColumnDescriptor>& columns() const;
  const std::vector<RowGroupInfo>& row_groups() const;
  const std::vector<std::pair<std::string, std::string>>& key_value_metadata() const;
  const std::string& created_by() const;

  // Decodes the file columns `columns` (indexes into columns()) of row group `rg` and
  // appends chunks of at most kChunkSize rows to `*out`, one Vector per entry of
  // `columns`, typed by `types` (the caller's exact types; numeric typmods are applied).
  // InvalidArgument for bad indexes or a type the column cannot be read as.
  Status ReadRowGroup(size_t rg, const std::vector<int>& columns, const std::vector<Type>& types,
                      std::vector<DataChunk>* out);

 private:
  struct Impl;
  explicit FileReader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace firn::parquet
