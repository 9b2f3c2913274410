#include "exec/segment_read.h"

#include <algorithm>
#include <map>

#include "common/sql_error.h"

namespace firn {

SegmentColumns ReadSegment(const TableSegment& segment, const std::vector<bool>& needed,
                           const std::string& table_name) {
  Result<SegmentColumns> rows = SegmentColumns::Read(segment, needed);
  if (!rows.ok()) {
    throw SqlError(SqlStateOf(rows.status()),
                   "could not read table \"" + table_name + "\": " + rows.status().message());
  }
  return rows.take();
}

DataChunk ReadRowsById(const TableVersion& version, const std::vector<uint64_t>& row_ids,
                       const std::vector<Type>& types, const std::string& table_name) {
  DataChunk out(types);
  const std::vector<bool> all(types.size(), true);
  std::map<size_t, std::shared_ptr<const DataChunk>> read;  // by segment index
  const std::vector<TableSegment>& segments = version.segments;
  for (uint64_t id : row_ids) {
    auto after = std::upper_bound(
        segments.begin(), segments.end(), id,
        [](uint64_t row, const TableSegment& seg) { return row < seg.first_row_id; });
    const auto k = static_cast<size_t>(after - segments.begin()) - 1;
    auto& chunk = read[k];
    if (!chunk) chunk = ReadSegment(segments[k], all, table_name).Chunk(types);
    const size_t row = id - segments[k].first_row_id;
    std::vector<Value> values;
    for (size_t c = 0; c < types.size(); c++) {
      values.push_back(c < chunk->column_count() ? chunk->GetValue(c, row) : Value::Null(types[c]));
    }
    out.AppendRow(values);
  }
  return out;
}

}  // namespace firn
