#include "storage/iceberg/commit_loader.h"

#include <algorithm>

#include "storage/iceberg/file_io.h"
#include "storage/iceberg/partitioner.h"

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

std::vector<ColdColumn> ColdColumnsOf(const std::vector<Column>& columns,
                                      const std::vector<Column>& wanted) {
  std::vector<ColdColumn> out;
  for (size_t i = 0; i < wanted.size(); i++) {
    if (i < columns.size() && SameField(columns[i], wanted[i])) {
      out.push_back({columns[i].field_id, columns[i].name, wanted[i].type});
    } else {
      out.push_back({0, "", wanted[i].type});
    }
  }
  return out;
}

Result<CommitFile> OpenCommitFile(const DataFile& file, const std::vector<Column>& columns,
                                  const std::vector<Column>& wanted,
                                  std::shared_ptr<ColumnCache> cache) {
  CommitFile out;
  Result<std::shared_ptr<const ColdFile>> opened =
      ColdFile::Open(LocalPath(file.file_path), ColdColumnsOf(columns, wanted), std::move(cache));
  if (!opened.ok()) return opened.status();
  out.file = opened.take();
  if (std::optional<std::string> ids = out.file->Metadata(kRowIdsKey)) {
    auto runs = DecodeRowIds(*ids);
    if (!runs.ok()) {
      return Status::Corruption("data file " + out.file->path() + ": " + runs.status().message());
    }
    out.row_ids = runs.take();
  }
  return out;
}

Status LoadCommit(std::vector<CommitFile> group, uint32_t first_file, uint64_t* next_row,
                  TableData& target, std::vector<RowRun>* runs) {
  size_t with_ids = 0;
  for (const CommitFile& f : group) with_ids += f.row_ids ? 1 : 0;
  std::vector<TableSegment> segments;
  if (with_ids == 0) {
    for (uint32_t i = 0; i < group.size(); i++) {
      const uint64_t rows = group[i].file->rows();
      AppendColdSegments(group[i].file, *next_row, 0, rows, &segments);
      AddRun(runs, *next_row, 0, first_file + i, rows);
      *next_row += rows;
    }
    target.AppendCold(std::move(segments));
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
    if (!group[i].row_ids || pos != group[i].file->rows()) {
      return Status::Corruption("data file " + group[i].file->path() + ": its " + kRowIdsKey +
                                " do not match its rows or the other files of its commit");
    }
  }
  std::sort(group_runs.begin(), group_runs.end(),
            [](const auto& a, const auto& b) { return a.first_row_id < b.first_row_id; });
  uint64_t expect = *next_row;
  for (const RowRun& r : group_runs) {
    if (r.first_row_id != expect) {
      return Status::Corruption("data file " + group[r.file].file->path() + ": its " + kRowIdsKey +
                                " leave a gap or overlap at row id " + std::to_string(expect));
    }
    expect += r.rows;
  }
  for (const RowRun& r : group_runs) {
    AppendColdSegments(group[r.file].file, r.first_row_id, r.first_pos, r.rows, &segments);
    runs->push_back({r.first_row_id, r.first_pos, first_file + r.file, r.rows});
  }
  target.AppendCold(std::move(segments));
  *next_row = expect;
  return Status::OK();
}

}  // namespace firn::iceberg
