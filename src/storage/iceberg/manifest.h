// Iceberg v2 manifests and manifest lists (spec "Manifests", "Manifest Lists"), written and
// read as Avro object container files whose schemas carry the spec's field ids:
//
//   manifest      := container of manifest_entry {0 status, 1 snapshot_id?, 3 sequence_number?,
//                    4 file_sequence_number?, 2 data_file r2 {134 content, 100 file_path,
//                    101 file_format, 102 partition r102 {<partition field ids>}, 103 record_count,
//                    104 file_size_in_bytes, 108/109/110/137 int->long maps, 125/128 int->binary
//                    maps, 131 key_metadata?, 132 split_offsets?, 135 equality_ids?,
//                    140 sort_order_id?, 143 referenced_data_file?}}
//                    header keys: schema, schema-id, partition-spec, partition-spec-id,
//                    format-version "2", content "data" | "deletes"
//   manifest list := container of manifest_file {500 .. 519} (see ManifestFile)
//                    header keys: snapshot-id, parent-snapshot-id, sequence-number,
//                    format-version "2"
// Maps with int keys use Iceberg's array-of-records form (logicalType "map", records
// k<key-id>_v<value-id> with fields key/value carrying the key and value ids).
// Thread-safety: pure functions over files; files are written once and never modified.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"
#include "storage/avro/container.h"
#include "storage/iceberg/table_metadata.h"
#include "types/value.h"

namespace firn::iceberg {

inline constexpr int32_t kContentData = 0;
inline constexpr int32_t kContentPositionDeletes = 1;
inline constexpr int32_t kContentEqualityDeletes = 2;

inline constexpr int32_t kStatusExisting = 0;
inline constexpr int32_t kStatusAdded = 1;
inline constexpr int32_t kStatusDeleted = 2;

struct DataFile {
  int32_t content = kContentData;  // 0 data, 1 position deletes, 2 equality deletes
  std::string file_path;           // as readers should see it (absolute path or file:// URI)
  std::string file_format = "PARQUET";
  // Partition field id -> transformed value (NULL = nullopt); empty when unpartitioned.
  std::vector<std::pair<int32_t, std::optional<Value>>> partition;
  int64_t record_count = 0;
  int64_t file_size_in_bytes = 0;
  std::map<int32_t, int64_t> column_sizes, value_counts, null_value_counts, nan_value_counts;
  std::map<int32_t, std::string> lower_bounds, upper_bounds;  // SerializeBound() bytes
  std::vector<int64_t> split_offsets;
  std::vector<int32_t> equality_ids;
  std::optional<int32_t> sort_order_id;
  std::optional<std::string> referenced_data_file;
  bool operator==(const DataFile&) const;
};

struct ManifestEntry {
  int32_t status = kStatusAdded;
  // Null means "inherit from the manifest list entry" (only for ADDED entries). ReadManifest
  // fills the inherited values in.
  std::optional<int64_t> snapshot_id, sequence_number, file_sequence_number;
  DataFile file;
  bool operator==(const ManifestEntry&) const = default;
};

struct FieldSummary {  // 508 field_summary
  bool contains_null = false;
  std::optional<bool> contains_nan;
  std::optional<std::string> lower_bound, upper_bound;
  bool operator==(const FieldSummary&) const = default;
};

struct ManifestFile {  // one manifest list entry
  std::string manifest_path;
  int64_t manifest_length = 0;
  int32_t partition_spec_id = 0;
  int32_t content = 0;  // 0 data, 1 deletes
  int64_t sequence_number = 0;
  int64_t min_sequence_number = 0;
  int64_t added_snapshot_id = 0;
  int32_t added_files_count = 0, existing_files_count = 0, deleted_files_count = 0;
  int64_t added_rows_count = 0, existing_rows_count = 0, deleted_rows_count = 0;
  std::vector<FieldSummary> partitions;  // one per partition field of the spec
  bool operator==(const ManifestFile&) const = default;
};

// Writes a new manifest at `location` (a path or file:// URI; the file must not exist) with
// the table's current schema and default partition spec. `content`: 0 data, 1 deletes.
// Returns its manifest list entry (length, counts, min sequence number, partition
// summaries). `sequence_number` is the sequence number of the snapshot adding it.
Result<ManifestFile> WriteManifest(const std::string& location, const TableMetadata& md,
                                   int64_t snapshot_id, int64_t sequence_number, int32_t content,
                                   const std::vector<ManifestEntry>& entries, avro::Codec codec);

// Reads a manifest; null snapshot ids and (for ADDED entries) sequence numbers are inherited
// from `mf`. Corruption names the file.
Result<std::vector<ManifestEntry>> ReadManifest(const ManifestFile& mf);

Status WriteManifestList(const std::string& location, int64_t snapshot_id,
                         std::optional<int64_t> parent_id, int64_t sequence_number,
                         const std::vector<ManifestFile>& manifests, avro::Codec codec);
Result<std::vector<ManifestFile>> ReadManifestList(const std::string& location);

// The Avro schemas used (exposed for tests).
avro::SchemaPtr ManifestEntrySchema(const TableMetadata& md, const PartitionSpec& spec);
avro::SchemaPtr ManifestFileSchema();

}  // namespace firn::iceberg
