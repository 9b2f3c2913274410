// TableMetadata: an Iceberg format-version 2 table metadata file (spec "Table Metadata" and
// Appendix C), as a struct, with its JSON writer and parser.
//
// Written keys: format-version (2), table-uuid, location, last-sequence-number,
// last-updated-ms, last-column-id, schemas, current-schema-id, partition-specs,
// default-spec-id, last-partition-id, sort-orders, default-sort-order-id, properties,
// current-snapshot-id (-1 when none), snapshots, snapshot-log, metadata-log, refs. The
// deprecated v1 keys "schema" and "partition-spec" are not written. Keys Firn does not model
// (statistics, ...) are kept in `extra` and written back unchanged.
//
// Firn column types that the Iceberg type does not pin down (varchar(n) vs text, int2 vs
// int4, ...) are recorded in the table property "firn.column-types" (a JSON object
// field-id -> "<type oid>:<typmod>"), maintained by the writer and consumed by the parser;
// the Firn identities of added columns (Column::firn_oid) in "firn.column-oids" (field-id ->
// OID, only for fields that have one).
// Thread-safety: plain value types and pure functions.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/status.h"
#include "storage/iceberg/schema.h"

namespace firn::iceberg {

inline constexpr const char* kFirnColumnTypesProperty = "firn.column-types";
inline constexpr const char* kFirnColumnOidsProperty = "firn.column-oids";

struct Schema {
  int32_t schema_id = 0;
  std::vector<Column> columns;
  bool operator==(const Schema&) const = default;
};

struct PartitionField {
  int32_t source_id = 0;
  int32_t field_id = 0;  // >= 1000
  std::string name;
  std::string transform;  // "identity", "day", "bucket[16]", "truncate[4]", ...
  bool operator==(const PartitionField&) const = default;
};

struct PartitionSpec {
  int32_t spec_id = 0;
  std::vector<PartitionField> fields;  // empty = unpartitioned
  bool operator==(const PartitionSpec&) const = default;
};

struct SortField {
  std::string transform = "identity";
  int32_t source_id = 0;
  std::string direction = "asc";           // "asc" | "desc"
  std::string null_order = "nulls-first";  // "nulls-first" | "nulls-last"
  bool operator==(const SortField&) const = default;
};

struct SortOrder {
  int32_t order_id = 0;
  std::vector<SortField> fields;  // empty = unsorted (order id 0)
  bool operator==(const SortOrder&) const = default;
};

struct Snapshot {
  int64_t snapshot_id = 0;
  std::optional<int64_t> parent_snapshot_id;
  int64_t sequence_number = 0;
  int64_t timestamp_ms = 0;
  std::string manifest_list;
  std::map<std::string, std::string> summary;  // includes "operation"
  std::optional<int32_t> schema_id;
  bool operator==(const Snapshot&) const = default;
};

struct SnapshotRef {
  int64_t snapshot_id = 0;
  std::string type = "branch";  // "branch" | "tag"
  std::optional<int32_t> min_snapshots_to_keep;
  std::optional<int64_t> max_snapshot_age_ms;
  std::optional<int64_t> max_ref_age_ms;
  bool operator==(const SnapshotRef&) const = default;
};

struct SnapshotLogEntry {
  int64_t snapshot_id = 0;
  int64_t timestamp_ms = 0;
  bool operator==(const SnapshotLogEntry&) const = default;
};

struct MetadataLogEntry {
  std::string metadata_file;
  int64_t timestamp_ms = 0;
  bool operator==(const MetadataLogEntry&) const = default;
};

struct TableMetadata {
  std::string table_uuid;
  std::string location;
  int64_t last_sequence_number = 0;
  int64_t last_updated_ms = 0;
  int32_t last_column_id = 0;
  std::vector<Schema> schemas;
  int32_t current_schema_id = 0;
  std::vector<PartitionSpec> partition_specs{PartitionSpec{}};
  int32_t default_spec_id = 0;
  int32_t last_partition_id = 999;  // 999 when no partition field was ever assigned
  std::vector<SortOrder> sort_orders{SortOrder{}};
  int32_t default_sort_order_id = 0;
  std::map<std::string, std::string> properties;  // without firn.column-types
  std::optional<int64_t> current_snapshot_id;
  std::vector<Snapshot> snapshots;
  std::vector<SnapshotLogEntry> snapshot_log;
  std::vector<MetadataLogEntry> metadata_log;
  std::map<std::string, SnapshotRef> refs;          // "main" -> current snapshot when there is one
  nlohmann::json extra = nlohmann::json::object();  // unmodelled top-level keys

  // The current schema. REQUIRES: a schema with current_schema_id exists (the parser checks).
  const Schema& CurrentSchema() const;
  const PartitionSpec& DefaultSpec() const;
  const Snapshot* FindSnapshot(int64_t snapshot_id) const;
  const Snapshot* CurrentSnapshot() const;
  // Adds a schema of `columns` (field ids assigned) under a new schema id and makes it the
  // current one; last-column-id becomes at least their largest field id.
  void AddCurrentSchema(std::vector<Column> columns);

  bool operator==(const TableMetadata&) const = default;
};

std::string TableMetadataToJson(const TableMetadata& md);
// Parses and validates a metadata file; errors are Corruption (malformed) or NotSupported
// (format-version other than 2, nested column types) and name `path_for_errors`.
Result<TableMetadata> ParseTableMetadata(std::string_view json, const std::string& path_for_errors);

nlohmann::json PartitionSpecToJson(const PartitionSpec& spec);

}  // namespace firn::iceberg
