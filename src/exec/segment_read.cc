#include "exec/segment_read.h"

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

}  // namespace firn
