#include "storage/iceberg/table_committer.h"

#include <unistd.h>

#include <cstdio>
#include <random>

#include "storage/iceberg/file_io.h"
#include "storage/iceberg/partition_transform.h"

namespace firn::iceberg {

namespace {

constexpr int kMaxVersionSkips = 1000;

std::string TrimSlash(std::string s) {
  while (s.size() > 1 && s.back() == '/') s.pop_back();
  return s;
}

std::string MetadataDir(const std::string& location) { return TrimSlash(location) + "/metadata"; }

std::string VersionFile(const std::string& location, int n) {
  return MetadataDir(location) + "/v" + std::to_string(n) + ".metadata.json";
}

// N of ".../v<N>.metadata.json" or ".../<N>-<uuid>.metadata.json"; 0 when neither.
int VersionOf(const std::string& metadata_location) {
  size_t slash = metadata_location.rfind('/');
  std::string base = metadata_location.substr(slash == std::string::npos ? 0 : slash + 1);
  size_t i = !base.empty() && base[0] == 'v' ? 1 : 0;
  int n = 0;
  size_t digits = 0;
  while (i < base.size() && base[i] >= '0' && base[i] <= '9' && digits < 9) {
    n = n * 10 + (base[i++] - '0');
    digits++;
  }
  return digits > 0 ? n : 0;
}

int64_t ParseCount(const std::map<std::string, std::string>& summary, const char* key, bool* ok) {
  auto it = summary.find(key);
  if (it == summary.end()) {
    *ok = false;
    return 0;
  }
  try {
    size_t used = 0;
    int64_t v = std::stoll(it->second, &used);
    if (used != it->second.size()) *ok = false;
    return v;
  } catch (const std::exception&) {
    *ok = false;
    return 0;
  }
}

// Writes the next metadata version of `current` (or the first of a new table when `current`
// is null), then swaps the catalog pointer. `md` is the new metadata.
Result<TableHandle> PublishVersion(SqlCatalog& catalog, const TableHandle* current,
                                   const std::string& ns, const std::string& name,
                                   TableMetadata md) {
  if (current != nullptr) {
    md.metadata_log.push_back({current->metadata_location, current->metadata.last_updated_ms});
  }
  const std::string json = TableMetadataToJson(md);
  int version = current != nullptr ? current->version + 1 : 1;
  std::string location;
  for (int skips = 0;; skips++, version++) {
    location = VersionFile(md.location, version);
    if (!FileExists(LocalPath(location))) break;  // else: left by a failed commit; skip it
    if (skips == kMaxVersionSkips)
      return Status::IoError("too many stale metadata versions in " + MetadataDir(md.location));
  }
  Status st = PublishNewFile(LocalPath(location), json);
  if (!st.ok()) return st;
  if (current == nullptr) {
    st = catalog.CreateNamespace(ns);
    if (st.ok()) st = catalog.CreateTable(ns, name, location);
    if (!st.ok()) return st;
  } else {
    auto swapped = catalog.CommitTable(ns, name, current->metadata_location, location);
    if (!swapped.ok() || !swapped.value()) ::unlink(LocalPath(location).c_str());  // never visible
    if (!swapped.ok()) return swapped.status();
    if (!swapped.value()) {
      return Status::InvalidArgument("stale table handle: " + ns + "." + name +
                                     " was committed by someone else since " +
                                     current->metadata_location);
    }
  }
  // Committed. The hint is advisory for file-based readers: a failure here does not undo it.
  (void)ReplaceFile(LocalPath(MetadataDir(md.location) + "/version-hint.text"),
                    std::to_string(version));
  TableHandle h;
  h.ns = ns;
  h.name = name;
  h.metadata = std::move(md);
  h.metadata_location = location;
  h.version = version;
  return h;
}

}  // namespace

std::string NewUuid() {
  std::random_device rd;
  std::mt19937_64 rng((static_cast<uint64_t>(rd()) << 32) ^ rd());
  uint64_t hi = rng(), lo = rng();
  hi = (hi & ~uint64_t{0xF000}) | 0x4000;                        // version 4
  lo = (lo & ~(uint64_t{0xC0} << 56)) | (uint64_t{0x80} << 56);  // variant 10
  char buf[37];
  std::snprintf(buf, sizeof(buf), "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(hi >> 32),
                static_cast<unsigned>((hi >> 16) & 0xffff), static_cast<unsigned>(hi & 0xffff),
                static_cast<unsigned>(lo >> 48),
                static_cast<unsigned long long>(lo & 0xffffffffffffULL));
  return buf;
}

int64_t NewSnapshotId() {
  std::random_device rd;
  std::mt19937_64 rng((static_cast<uint64_t>(rd()) << 32) ^ rd());
  int64_t id = 0;
  // At most 2^53 - 1: JavaScript readers (icebird) parse JSON numbers as doubles, and a
  // larger id would come back rounded and name no snapshot.
  while (id == 0) id = static_cast<int64_t>(rng() & ((uint64_t{1} << 53) - 1));
  return id;
}

Result<TableHandle> CreateTable(SqlCatalog& catalog, const std::string& ns, const std::string& name,
                                const std::string& location, std::vector<Column> columns,
                                std::map<std::string, std::string> properties, int64_t timestamp_ms,
                                std::string_view partition_by) {
  auto existing = catalog.LoadTable(ns, name);
  if (!existing.ok()) return existing.status();
  if (existing.value()) return Status::InvalidArgument("table " + ns + "." + name + " exists");
  bool unassigned = false;
  for (const Column& c : columns) unassigned = unassigned || c.field_id == 0;
  if (unassigned) AssignFieldIds(&columns);
  PartitionSpec spec;
  if (!partition_by.empty()) {
    Result<PartitionSpec> built = BuildPartitionSpec(partition_by, columns);
    if (!built.ok()) return built.status();
    spec = built.take();
  }
  const std::string root = LocalPath(TrimSlash(location));
  for (const std::string& dir : {root + "/data", root + "/metadata"}) {
    Status st = MakeDirs(dir);
    if (!st.ok()) return st;
  }
  TableMetadata md;
  md.table_uuid = NewUuid();
  md.location = TrimSlash(location);
  md.last_updated_ms = timestamp_ms;
  md.last_column_id = MaxFieldId(columns);
  md.schemas.push_back(Schema{0, std::move(columns)});
  if (!spec.fields.empty()) md.last_partition_id = spec.fields.back().field_id;
  md.partition_specs = {std::move(spec)};
  md.properties = std::move(properties);
  return PublishVersion(catalog, nullptr, ns, name, std::move(md));
}

Result<TableHandle> CommitAppend(SqlCatalog& catalog, const TableHandle& current,
                                 const std::vector<DataFile>& added,
                                 const std::vector<DataFile>& added_deletes,
                                 const std::map<std::string, std::string>& summary_extra,
                                 int64_t timestamp_ms, const CommitOptions& options) {
  TableMetadata md = current.metadata;
  const Snapshot* parent = md.CurrentSnapshot();
  const int64_t sequence_number = md.last_sequence_number + 1;
  int64_t snapshot_id = NewSnapshotId();
  while (md.FindSnapshot(snapshot_id) != nullptr) snapshot_id = NewSnapshotId();
  const std::string commit_uuid = NewUuid();
  const std::string dir = MetadataDir(md.location);

  // Files this commit created; removed again if it does not commit (nothing references them).
  std::vector<std::string> written;
  auto discard = [&written](Status st) {
    for (const std::string& f : written) ::unlink(LocalPath(f).c_str());
    return st;
  };
  std::vector<ManifestFile> manifests;
  int manifest_index = 0;
  for (const std::vector<DataFile>* files : {&added, &added_deletes}) {
    if (files->empty()) continue;
    const int32_t content = files == &added ? 0 : 1;
    std::vector<ManifestEntry> entries;
    for (const DataFile& f : *files) {
      ManifestEntry e;
      e.status = kStatusAdded;
      e.snapshot_id = snapshot_id;
      e.file = f;
      entries.push_back(std::move(e));
    }
    auto mf =
        WriteManifest(dir + "/" + commit_uuid + "-m" + std::to_string(manifest_index++) + ".avro",
                      md, snapshot_id, sequence_number, content, entries, options.codec);
    if (!mf.ok()) return discard(mf.status());
    written.push_back(mf.value().manifest_path);
    manifests.push_back(mf.take());
  }
  if (parent != nullptr) {
    auto carried = ReadManifestList(parent->manifest_list);
    if (!carried.ok()) return discard(carried.status());
    for (ManifestFile& m : carried.value()) manifests.push_back(std::move(m));
  }
  const std::string list_location =
      dir + "/snap-" + std::to_string(snapshot_id) + "-" + commit_uuid + ".avro";
  std::optional<int64_t> parent_id;
  if (parent != nullptr) parent_id = parent->snapshot_id;
  Status st = WriteManifestList(list_location, snapshot_id, parent_id, sequence_number, manifests,
                                options.codec);
  if (!st.ok()) return discard(st);
  written.push_back(list_location);

  // Summary metrics (values are strings, as the spec requires).
  int64_t data_files = 0, records = 0, data_size = 0, delete_files = 0, pos_deletes = 0,
          eq_deletes = 0, delete_size = 0, pos_delete_files = 0, eq_delete_files = 0;
  for (const DataFile& f : added) {
    data_files++;
    records += f.record_count;
    data_size += f.file_size_in_bytes;
  }
  for (const DataFile& f : added_deletes) {
    delete_files++;
    delete_size += f.file_size_in_bytes;
    if (f.content == kContentEqualityDeletes) {
      eq_delete_files++;
      eq_deletes += f.record_count;
    } else {
      pos_delete_files++;
      pos_deletes += f.record_count;
    }
  }
  std::map<std::string, std::string> summary = summary_extra;
  summary["operation"] = added_deletes.empty() ? "append" : added.empty() ? "delete" : "overwrite";
  auto put = [&summary](const char* key, int64_t v) { summary[key] = std::to_string(v); };
  if (data_files > 0) {
    put("added-data-files", data_files);
    put("added-records", records);
  }
  if (delete_files > 0) {
    put("added-delete-files", delete_files);
    if (pos_delete_files > 0) {
      put("added-position-delete-files", pos_delete_files);
      put("added-position-deletes", pos_deletes);
    }
    if (eq_delete_files > 0) {
      put("added-equality-delete-files", eq_delete_files);
      put("added-equality-deletes", eq_deletes);
    }
  }
  put("added-files-size", data_size + delete_size);
  const std::map<std::string, std::string> empty;
  const std::map<std::string, std::string>& prev = parent != nullptr ? parent->summary : empty;
  struct Total {
    const char* key;
    int64_t added;
  } totals[] = {{"total-data-files", data_files},
                {"total-delete-files", delete_files},
                {"total-records", records},
                {"total-files-size", data_size + delete_size},
                {"total-position-deletes", pos_deletes},
                {"total-equality-deletes", eq_deletes}};
  for (const Total& t : totals) {
    bool ok = true;
    int64_t before = parent != nullptr ? ParseCount(prev, t.key, &ok) : 0;
    if (ok) put(t.key, before + t.added);  // unknown parent total: omit, as Iceberg does
  }

  Snapshot snap;
  snap.snapshot_id = snapshot_id;
  snap.parent_snapshot_id = parent_id;
  snap.sequence_number = sequence_number;
  snap.timestamp_ms = timestamp_ms;
  snap.manifest_list = list_location;
  snap.summary = std::move(summary);
  snap.schema_id = md.current_schema_id;
  md.snapshots.push_back(std::move(snap));
  md.snapshot_log.push_back({snapshot_id, timestamp_ms});
  md.current_snapshot_id = snapshot_id;
  SnapshotRef main;
  main.snapshot_id = snapshot_id;
  main.type = "branch";
  md.refs["main"] = main;
  md.last_sequence_number = sequence_number;
  md.last_updated_ms = timestamp_ms;
  auto published = PublishVersion(catalog, &current, current.ns, current.name, std::move(md));
  if (!published.ok()) return discard(published.status());
  return published;
}

Result<TableHandle> CommitMetadata(SqlCatalog& catalog, const TableHandle& current,
                                   TableMetadata metadata, int64_t timestamp_ms) {
  metadata.last_updated_ms = timestamp_ms;
  return PublishVersion(catalog, &current, current.ns, current.name, std::move(metadata));
}

Result<TableHandle> SetTag(SqlCatalog& catalog, const TableHandle& current, const std::string& tag,
                           int64_t snapshot_id, int64_t timestamp_ms) {
  if (tag.empty() || tag == "main") return Status::InvalidArgument("bad tag name \"" + tag + "\"");
  TableMetadata md = current.metadata;
  if (md.FindSnapshot(snapshot_id) == nullptr) {
    return Status::NotFound("table " + current.ns + "." + current.name + " has no snapshot " +
                            std::to_string(snapshot_id));
  }
  auto it = md.refs.find(tag);
  if (it != md.refs.end() && it->second.type != "tag") {
    return Status::InvalidArgument("ref " + tag + " is a branch");
  }
  SnapshotRef ref;
  ref.snapshot_id = snapshot_id;
  ref.type = "tag";
  md.refs[tag] = ref;
  return CommitMetadata(catalog, current, std::move(md), timestamp_ms);
}

Result<TableHandle> LoadTable(SqlCatalog& catalog, const std::string& ns, const std::string& name) {
  auto loc = catalog.LoadTable(ns, name);
  if (!loc.ok()) return loc.status();
  if (!loc.value()) return Status::NotFound("table " + ns + "." + name + " does not exist");
  const std::string location = *loc.value();
  auto text = ReadWholeFile(LocalPath(location));
  if (!text.ok()) return text.status();
  auto md = ParseTableMetadata(text.value(), location);
  if (!md.ok()) return md.status();
  TableHandle h;
  h.ns = ns;
  h.name = name;
  h.metadata = md.take();
  h.metadata_location = location;
  h.version = VersionOf(location);
  return h;
}

Result<std::vector<ManifestEntry>> ListFiles(const TableHandle& table, int64_t snapshot_id) {
  const Snapshot* snap = table.metadata.FindSnapshot(snapshot_id);
  if (snap == nullptr) {
    return Status::NotFound("table " + table.ns + "." + table.name + " has no snapshot " +
                            std::to_string(snapshot_id));
  }
  auto manifests = ReadManifestList(snap->manifest_list);
  if (!manifests.ok()) return manifests.status();
  std::vector<ManifestEntry> out;
  for (const ManifestFile& mf : manifests.value()) {
    auto entries = ReadManifest(mf);
    if (!entries.ok()) return entries.status();
    for (ManifestEntry& e : entries.value()) {
      if (e.status != kStatusDeleted) out.push_back(std::move(e));
    }
  }
  return out;
}

}  // namespace firn::iceberg
