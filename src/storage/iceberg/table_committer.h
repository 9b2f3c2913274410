// The life of a Firn table as an Iceberg v2 table on the local disk: create, commit append
// snapshots, tag snapshots, load, and list a snapshot's files.
//
// Layout under `location` (an absolute directory path or file:// URI):
//   data/                               data and delete files (written by the caller)
//   metadata/v<N>.metadata.json         table metadata versions N = 1, 2, ...
//   metadata/version-hint.text          "<N>" of the latest committed version
//   metadata/snap-<snapshot-id>-<uuid>.avro   manifest lists
//   metadata/<uuid>-m<k>.avro           manifests
//
// A commit: write new manifests and the manifest list (new files, fsynced); write
// v<N>.metadata.json through a temp file + fsync + link (never replacing an existing file;
// a version left behind by a failed commit is skipped) + directory fsync; compare-and-swap
// the catalog's metadata location (the commit point); then rewrite version-hint.text
// (temp + fsync + rename + dir fsync). The hint is updated after the catalog so it never
// names an uncommitted version; if Firn dies in between it lags one version behind.
// Thread-safety: functions are thread-safe; commits to one table must be serialized by the
// caller (a losing concurrent commit fails cleanly with InvalidArgument "stale").
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "storage/avro/container.h"
#include "storage/iceberg/manifest.h"
#include "storage/iceberg/sql_catalog.h"
#include "storage/iceberg/table_metadata.h"

namespace firn::iceberg {

struct TableHandle {
  std::string ns, name;
  TableMetadata metadata;
  std::string metadata_location;  // the catalog's metadata_location for this version
  int version = 0;                // N of v<N>.metadata.json
};

struct CommitOptions {
  avro::Codec codec = avro::Codec::kDeflate;  // for manifests and manifest lists
};

// Creates the folders, v1.metadata.json (schema 0, unsorted, no snapshot) and the catalog
// entry (creating the namespace if needed). Columns without field ids get 1..n. The partition
// spec (id 0) is BuildPartitionSpec(partition_by) — unpartitioned when it is empty.
// InvalidArgument when the table exists or partition_by does not fit the columns.
Result<TableHandle> CreateTable(SqlCatalog& catalog, const std::string& ns, const std::string& name,
                                const std::string& location, std::vector<Column> columns,
                                std::map<std::string, std::string> properties, int64_t timestamp_ms,
                                std::string_view partition_by = {});

// Commits one snapshot on top of `current`'s current snapshot: a manifest for `added` data
// files (content 0), one for `added_deletes` (content 1) when non-empty, the parent's
// manifests carried over unchanged. Operation: "append" (data only), "delete" (deletes only)
// or "overwrite" (both). Summary: `summary_extra` plus added-/total- metrics as strings.
// InvalidArgument "stale" when another commit moved the table since `current` was loaded.
Result<TableHandle> CommitAppend(SqlCatalog& catalog, const TableHandle& current,
                                 const std::vector<DataFile>& added,
                                 const std::vector<DataFile>& added_deletes,
                                 const std::map<std::string, std::string>& summary_extra,
                                 int64_t timestamp_ms, const CommitOptions& options = {});

// Publishes `metadata` (the current version's, changed in place: a new schema, say) as the
// next version, with no new snapshot. InvalidArgument "stale" as CommitAppend.
Result<TableHandle> CommitMetadata(SqlCatalog& catalog, const TableHandle& current,
                                   TableMetadata metadata, int64_t timestamp_ms);

// Creates or moves tag `tag` to `snapshot_id` (which must exist). "main" cannot be a tag.
Result<TableHandle> SetTag(SqlCatalog& catalog, const TableHandle& current, const std::string& tag,
                           int64_t snapshot_id, int64_t timestamp_ms);

// Reads the table's current metadata. NotFound when the catalog has no such table; errors
// reading the metadata name the file.
Result<TableHandle> LoadTable(SqlCatalog& catalog, const std::string& ns, const std::string& name);

// Every live (not DELETED) data and delete file entry of `snapshot_id`, with inherited
// snapshot ids and sequence numbers filled in, in manifest order.
Result<std::vector<ManifestEntry>> ListFiles(const TableHandle& table, int64_t snapshot_id);

// A random version 4 UUID in canonical text form; a random positive snapshot id.
std::string NewUuid();
int64_t NewSnapshotId();

}  // namespace firn::iceberg
