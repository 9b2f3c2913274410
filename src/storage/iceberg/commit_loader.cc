#include "storage/iceberg/commit_loader.h"

#include <algorithm>

#include "storage/iceberg/file_io.h"
#include "storage/iceberg/partitioner.h"
#include "storage/parquet/file_reader.h"

namespace firn::iceberg {

void AddRun(std::vector<RowRun>* runs, uint64_t first_row_id, uint64_t first_pos, uint32_t file,
            uint64_t rows) {
  while (rows > 0) {
    uint32_t n = static_cast<uint32_t>(std::min<uint64_t>(rows, UINT32_MAX));
    runs->push_back({first_row_id, first_pos, file, n});
    first_row_id += n;
    first_pos += n;
    rows -= n;
  }
}

Result<CommitFile> ReadCommitFile(const DataFile& file, const std::vector<Column>& columns,
                                  const std::vector<Type>& types) {
  CommitFile out;
  out.path = LocalPath(file.file_path);
  Result<std::unique_ptr<parquet::FileReader>> reader = parquet::FileReader::Open(out.path);
  if (!reader.ok()) return reader.status();
  std::vector<int> projection;
  const auto& file_columns = reader.value()->columns();
  for (const Column& col : columns) {
    int found = -1;
    for (size_t i = 0; i < file_columns.size(); i++) {
      if (file_columns[i].field_id == col.field_id) found = static_cast<int>(i);
    }
    if (found < 0) {
      return Status::Corruption("data file " + out.path + " has no column with field id " +
                                std::to_string(col.field_id) + " (" + col.name + ")");
    }
    projection.push_back(found);
  }
  for (size_t rg = 0; rg < reader.value()->row_groups().size(); rg++) {
    Status s = reader.value()->ReadRowGroup(rg, projection, types, &out.chunks);
    if (!s.ok()) return s;
  }
  out.rows = static_cast<uint64_t>(reader.value()->row_count());
  for (const auto& [key, value] : reader.value()->key_value_metadata()) {
    if (key != kRowIdsKey) continue;
    auto runs = DecodeRowIds(value);
    if (!runs.ok())
      return Status::Corruption("data file " + out.path + ": " + runs.status().message());
    out.row_ids = runs.take();
  }
  return out;
}

Status LoadCommit(std::vector<CommitFile> group, uint32_t first_file, uint64_t* next_row,
                  TableData& target, std::vector<RowRun>* runs) {
  const std::vector<Type>& types = target.column_types();
  size_t with_ids = 0;
  for (const CommitFile& f : group) with_ids += f.row_ids ? 1 : 0;
  if (with_ids == 0) {
    for (uint32_t i = 0; i < group.size(); i++) {
      for (DataChunk& chunk : group[i].chunks) {
        TableWrite write(types);
        write.inserts = std::move(chunk);
        target.Commit(write);
      }
      AddRun(runs, *next_row, 0, first_file + i, group[i].rows);
      *next_row += group[i].rows;
    }
    return Status::OK();
  }
  std::vector<RowRun> group_runs;
  for (uint32_t i = 0; i < group.size(); i++) {
    uint64_t pos = 0;
    if (group[i].row_ids) {
      for (const auto& [first, length] : *group[i].row_ids) {
        AddRun(&group_runs, first, pos, i, length);
        pos += length;
      }
    }
    if (!group[i].row_ids || pos != group[i].rows) {
      return Status::Corruption("data file " + group[i].path + ": its " + kRowIdsKey +
                                " do not match its rows or the other files of its commit");
    }
  }
  std::sort(group_runs.begin(), group_runs.end(),
            [](const auto& a, const auto& b) { return a.first_row_id < b.first_row_id; });
  uint64_t expect = *next_row;
  for (const RowRun& r : group_runs) {
    if (r.first_row_id != expect) {
      return Status::Corruption("data file " + group[r.file].path + ": its " + kRowIdsKey +
                                " leave a gap or overlap at row id " + std::to_string(expect));
    }
    expect += r.rows;
  }
  struct Cursor {
    size_t chunk = 0, row = 0;
  };
  std::vector<Cursor> cursors(group.size());
  TableWrite write(types);
  for (const RowRun& r : group_runs) {
    CommitFile& f = group[r.file];
    Cursor& c = cursors[r.file];
    for (uint32_t k = 0; k < r.rows; k++) {
      while (f.chunks[c.chunk].size() == c.row) c = {c.chunk + 1, 0};
      for (size_t col = 0; col < types.size(); col++) {
        write.inserts.column(col).AppendFrom(f.chunks[c.chunk].column(col), c.row);
      }
      c.row++;
      if (write.inserts.column(0).size() == kChunkSize) {
        target.Commit(write);
        write = TableWrite(types);
      }
    }
    runs->push_back({r.first_row_id, r.first_pos, first_file + r.file, r.rows});
  }
  if (!types.empty() && write.inserts.column(0).size() > 0) target.Commit(write);
  *next_row = expect;
  return Status::OK();
}

}  // namespace firn::iceberg
