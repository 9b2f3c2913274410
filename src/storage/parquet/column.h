// Column descriptions shared by the Parquet writer and reader: what a Firn column is called,
// its type and Iceberg field ids, and the per-column summary statistics a file (or row
// group) carries.
// Thread-safety: plain value types.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "types/type.h"
#include "types/value.h"

namespace firn::parquet {

struct ColumnDescriptor {
  std::string name;
  Type type;
  int32_t field_id = 0;
  int32_t element_field_id = 0;  // arrays: the list element's field id
  bool required = false;         // written REQUIRED (no definition level for the column)
};

struct ColumnSummary {
  int64_t value_count = 0;       // level entries incl. NULLs (arrays: leaf entries incl. NULLs)
  int64_t null_count = 0;        // entries that are not a present leaf value
  int64_t nan_count = 0;         // float4/float8 NaNs (excluded from min/max)
  int64_t compressed_bytes = 0;  // on-disk bytes of this column's chunks, page headers included
  // Of the column's Firn type; nullopt for arrays, intervals, all-NULL/all-NaN columns.
  // Numeric without a DECIMAL mapping orders numerically (NaN greatest) even though its
  // Parquet statistics order the text bytewise.
  std::optional<Value> min, max;
};

}  // namespace firn::parquet
