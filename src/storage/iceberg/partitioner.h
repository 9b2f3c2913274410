// Partitioner: applies a table's default partition spec to rows, for the writer that splits
// a checkpoint's rows into one data file per partition tuple. Also the encoding of the row
// ids a data file holds ("firn.row-ids" in the Parquet footer's key-value metadata), which
// lets Firn put a partitioned checkpoint's rows back in row-id order when it loads them:
//
//   row-ids := run ("," run)*      run := gap ":" length      (decimal integers)
//
// The first run starts at row id `gap`; each later run starts `gap` ids after the end of the
// previous one (gap > 0, since consecutive ids belong to one run). Runs ascend.
// Thread-safety: Partitioner is immutable after Make; functions are pure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"
#include "storage/iceberg/partition_transform.h"
#include "storage/iceberg/table_metadata.h"
#include "types/vector.h"

namespace firn::iceberg {

inline constexpr const char* kRowIdsKey = "firn.row-ids";

// A row's partition tuple: one value per partition field (NULL Values for NULL).
using PartitionKey = std::vector<Value>;

// A total order on keys (NULL first), for maps keyed by partition.
struct PartitionKeyLess {
  bool operator()(const PartitionKey& a, const PartitionKey& b) const;
};

// The partition tuple as a manifest's data_file.partition.
using PartitionTuple = std::vector<std::pair<int32_t, std::optional<Value>>>;

class Partitioner {
 public:
  // For `md`'s default spec; column i of the chunks passed later is the i-th column of
  // `md`'s current schema. InvalidArgument when a field's source or transform is unusable.
  static Result<Partitioner> Make(const TableMetadata& md);

  bool partitioned() const { return !fields_.empty(); }
  PartitionKey KeyOf(const DataChunk& chunk, size_t row) const;
  PartitionTuple TupleOf(const PartitionKey& key) const;
  // "event_time_day=2026-01-15/user_id_bucket=3", as Iceberg engines lay out data files; a
  // value longer than 100 bytes is cut and ends in "-<8 hex digits of its hash>". Only
  // cosmetic: Firn never reads partitions from paths.
  std::string RelativeDir(const PartitionKey& key) const;

 private:
  struct Field {
    size_t column = 0;
    Type source;
    PartitionTransform transform;
    int32_t field_id = 0;
    std::string name;
  };
  std::vector<Field> fields_;
};

// Encodes ascending row ids as runs (see above).
std::string EncodeRowIds(const std::vector<uint64_t>& ascending_ids);
// The (first row id, length) runs of an encoding; InvalidArgument when malformed.
Result<std::vector<std::pair<uint64_t, uint64_t>>> DecodeRowIds(std::string_view text);

}  // namespace firn::iceberg
