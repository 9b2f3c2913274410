// ReadSegment: the columns of a table segment a reader needs (storage/segment_columns.h),
// or the end of the statement: a data file that cannot be read is an SqlError naming the
// table and the file, with the SQLSTATE of the storage error (58P01 missing, XX001 corrupt).
// Thread-safety: as SegmentColumns::Read.
#pragma once

#include <string>
#include <vector>

#include "storage/segment_columns.h"

namespace firn {

SegmentColumns ReadSegment(const TableSegment& segment, const std::vector<bool>& needed,
                           const std::string& table_name);

// Rows `row_ids` of `version` (all columns, as `types`), in the order given. REQUIRES: each
// is a row of one of the version's segments.
DataChunk ReadRowsById(const TableVersion& version, const std::vector<uint64_t>& row_ids,
                       const std::vector<Type>& types, const std::string& table_name);

}  // namespace firn
