// FileWriter: writes one Parquet file from Firn DataChunks.
//
//   file := "PAR1" row-group* FileMetaData(thrift compact) u32le(len(FileMetaData)) "PAR1"
//
// Row groups are written out as soon as their estimated size reaches
// WriterOptions::row_group_bytes, so memory stays bounded by one row group. The column
// mapping is type_mapping.h's; every column carries its Iceberg field id.
// Thread-safety: none; one writer per file.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "storage/parquet/column.h"
#include "storage/parquet/options.h"
#include "types/vector.h"

namespace firn::parquet {

struct FileSummary {
  int64_t row_count = 0;
  int64_t file_size = 0;
  std::vector<ColumnSummary> columns;      // one per descriptor, over the whole file
  std::vector<int64_t> row_group_offsets;  // file offset of each row group's first page
};

class FileWriter {
 public:
  // Creates or truncates `path`. Errors: InvalidArgument for a column type without a
  // Parquet mapping, IoError, or NoSpace (ENOSPC/EDQUOT); messages name the file.
  static Result<std::unique_ptr<FileWriter>> Create(const std::string& path,
                                                    std::vector<ColumnDescriptor> columns,
                                                    WriterOptions options);
  ~FileWriter();
  FileWriter(const FileWriter&) = delete;
  FileWriter& operator=(const FileWriter&) = delete;

  // REQUIRES: `chunk` has one column per descriptor, of the descriptor's physical type.
  // InvalidArgument (naming the column) for a value Parquet cannot hold: NaN or infinite
  // numeric in a DECIMAL column, NULL in a required column. After any error the writer is
  // failed and every later call returns that error.
  Status Append(const DataChunk& chunk);
  // The same for several chunks in order. From kParallelRows rows up, each column's values
  // are encoded on a thread of its own; the row group's size is checked after the whole
  // batch, so a row group may exceed row_group_bytes by about one batch.
  static constexpr size_t kParallelRows = 16384;
  Status AppendBatch(const std::vector<const DataChunk*>& chunks);

  // Writes the last row group and the footer, fsyncs and closes the file.
  Result<FileSummary> Finish();

 private:
  struct Impl;
  explicit FileWriter(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace firn::parquet
