#include "engine/iceberg_store.h"

#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <functional>

#include "common/clock.h"
#include "storage/iceberg/bounds.h"
#include "storage/iceberg/commit_loader.h"
#include "storage/iceberg/file_io.h"
#include "storage/parquet/file_reader.h"
#include "storage/parquet/file_writer.h"

namespace firn {

namespace {

// Iceberg's reserved field ids of position-delete files.
constexpr int32_t kDeleteFilePathId = 2147483546;
constexpr int32_t kDeletePosId = 2147483545;
constexpr size_t kMaxStringBound = 64;  // longer string bounds are left out

int64_t NowMs() { return WallClockMicros() / 1000; }

std::vector<Type> DeleteFileTypes() { return {Type(TypeId::kText), Type(TypeId::kInt8)}; }

// The data file record of a Parquet file Firn wrote.
iceberg::DataFile DescribeDataFile(const std::string& path, const parquet::FileSummary& summary,
                                   const std::vector<iceberg::Column>& columns) {
  iceberg::DataFile file;
  file.file_path = path;
  file.record_count = summary.row_count;
  file.file_size_in_bytes = summary.file_size;
  file.split_offsets = summary.row_group_offsets;
  for (size_t i = 0; i < columns.size() && i < summary.columns.size(); i++) {
    const iceberg::Column& col = columns[i];
    const parquet::ColumnSummary& s = summary.columns[i];
    int32_t id = col.type.IsArray() ? col.element_field_id : col.field_id;
    file.column_sizes[col.field_id] = s.compressed_bytes;
    file.value_counts[id] = s.value_count;
    file.null_value_counts[id] = s.null_count;
    if (col.type.id == TypeId::kFloat4 || col.type.id == TypeId::kFloat8) {
      file.nan_value_counts[id] = s.nan_count;
    }
    if (col.type.IsArray() || !s.min || !s.max) continue;
    std::optional<std::string> lower = iceberg::SerializeBound(col.type, *s.min);
    std::optional<std::string> upper = iceberg::SerializeBound(col.type, *s.max);
    if (!lower || !upper || lower->size() > kMaxStringBound || upper->size() > kMaxStringBound) {
      continue;
    }
    file.lower_bounds[id] = *lower;
    file.upper_bounds[id] = *upper;
  }
  return file;
}

std::vector<parquet::ColumnDescriptor> DescriptorsOf(const std::vector<iceberg::Column>& columns) {
  std::vector<parquet::ColumnDescriptor> out;
  for (const iceberg::Column& c : columns) {
    out.push_back(
        parquet::ColumnDescriptor{c.name, c.type, c.field_id, c.element_field_id, c.required});
  }
  return out;
}

// Writes a new Parquet file at `path` from the chunks `fill` appends (streamed: the writer
// holds one row group at a time); removes the file again on failure.
Result<parquet::FileSummary> WriteParquet(
    const std::string& path, std::vector<parquet::ColumnDescriptor> columns,
    const std::function<Status(parquet::FileWriter&)>& fill,
    std::vector<std::pair<std::string, std::string>> key_value_metadata = {}) {
  parquet::WriterOptions options;
  options.key_value_metadata = std::move(key_value_metadata);
  Result<std::unique_ptr<parquet::FileWriter>> writer =
      parquet::FileWriter::Create(path, std::move(columns), std::move(options));
  if (!writer.ok()) return writer.status();
  Status s = fill(*writer.value());
  Result<parquet::FileSummary> summary =
      s.ok() ? writer.value()->Finish() : Result<parquet::FileSummary>(s);
  if (!summary.ok()) ::unlink(path.c_str());
  return summary;
}

// The files one flush writes, and where the new rows went.
struct NewFiles {
  std::vector<iceberg::DataFile> added, added_deletes;
  std::vector<PersistedTable::DataFileRef> refs;  // the added data files
  std::vector<iceberg::RowRun> runs;              // of the new rows, by row id
  std::vector<std::string> written;               // every file, to remove on failure
};

// Whole hot segments are handed to the Parquet writer this many at a time (~130k rows).
constexpr size_t kSegmentsPerBatch = 64;

// Appends the rows `ids` (ascending, all in `version`) to `writer`, one Select per segment
// stretch.
Status AppendRows(const TableVersion& version, const std::vector<uint64_t>& ids,
                  parquet::FileWriter& writer) {
  const auto& segs = version.segments;
  size_t i = 0;
  while (i < ids.size()) {
    auto seg =
        std::upper_bound(segs.begin(), segs.end(), ids[i],
                         [](uint64_t id, const TableSegment& t) { return id < t.first_row_id; });
    --seg;
    const uint64_t end = seg->end_row_id();
    std::vector<uint32_t> selection;
    while (i < ids.size() && ids[i] < end && selection.size() < kChunkSize) {
      selection.push_back(static_cast<uint32_t>(ids[i++] - seg->first_row_id));
    }
    Status s = writer.Append(seg->rows->Select(selection));
    if (!s.ok()) return s;
  }
  return Status::OK();
}

// Writes rows [first_new, version.next_row_id) as data files: one in row-id order when the
// table is unpartitioned; otherwise one per partition tuple under data/<field>=<value>/...,
// each in row-id order with the row ids it holds in its footer (partitioner.h).
Status WriteDataFiles(const TableVersion& version, uint64_t first_new,
                      const iceberg::Partitioner& partitioner, const std::string& data_dir,
                      uint64_t lsn, const std::vector<iceberg::Column>& columns,
                      const std::vector<ColdColumn>& cold_columns,
                      const std::shared_ptr<ColumnCache>& cache, uint32_t first_file,
                      NewFiles* out) {
  std::vector<iceberg::PartitionKey> keys{{}};
  std::vector<std::vector<uint64_t>> ids(1);
  if (partitioner.partitioned()) {
    keys.clear();
    ids.clear();
    std::map<iceberg::PartitionKey, size_t, iceberg::PartitionKeyLess> index;
    for (const TableSegment& seg : version.segments) {
      if (seg.end_row_id() <= first_new) continue;  // flushed before (and maybe cold)
      uint64_t from = first_new > seg.first_row_id ? first_new - seg.first_row_id : 0;
      for (uint64_t r = from; r < seg.rows->size(); r++) {
        auto [it, inserted] = index.emplace(partitioner.KeyOf(*seg.rows, r), keys.size());
        if (inserted) {
          keys.push_back(it->first);
          ids.emplace_back();
        }
        ids[it->second].push_back(seg.first_row_id + r);
      }
    }
  }
  for (size_t p = 0; p < keys.size(); p++) {
    std::string dir = data_dir;
    std::vector<std::pair<std::string, std::string>> footer;
    if (partitioner.partitioned()) {
      dir += "/" + partitioner.RelativeDir(keys[p]);
      Status s = MakeDirs(dir);
      if (!s.ok()) return s;
      footer.emplace_back(iceberg::kRowIdsKey, iceberg::EncodeRowIds(ids[p]));
    }
    auto fill = [&](parquet::FileWriter& writer) {
      if (partitioner.partitioned()) return AppendRows(version, ids[p], writer);
      // Whole segments go in batches, whose columns the writer encodes in parallel.
      std::vector<const DataChunk*> batch;
      auto flush = [&] {
        Status s = batch.empty() ? Status::OK() : writer.AppendBatch(batch);
        batch.clear();
        return s;
      };
      for (const TableSegment& seg : version.segments) {
        if (seg.end_row_id() <= first_new) continue;
        uint64_t from = first_new > seg.first_row_id ? first_new - seg.first_row_id : 0;
        if (from == 0) {
          batch.push_back(seg.rows.get());
          if (batch.size() < kSegmentsPerBatch) continue;
          Status s = flush();
          if (!s.ok()) return s;
          continue;
        }
        std::vector<uint32_t> keep;
        for (uint64_t r = from; r < seg.rows->size(); r++) keep.push_back(static_cast<uint32_t>(r));
        Status s = flush();
        if (s.ok()) s = writer.Append(seg.rows->Select(keep));
        if (!s.ok()) return s;
      }
      return flush();
    };
    std::string path = dir + "/" + std::to_string(lsn) + "-" + iceberg::NewUuid() + ".parquet";
    Result<parquet::FileSummary> summary =
        WriteParquet(path, DescriptorsOf(columns), fill, std::move(footer));
    if (!summary.ok()) return summary.status();
    out->written.push_back(path);
    iceberg::DataFile file = DescribeDataFile(path, summary.value(), columns);
    file.partition = partitioner.TupleOf(keys[p]);
    Result<std::shared_ptr<const ColdFile>> cold = ColdFile::Open(path, cold_columns, cache);
    if (!cold.ok()) return cold.status();
    out->refs.push_back({path, file.partition, cold.take()});
    out->added.push_back(std::move(file));
    const uint32_t index = first_file + static_cast<uint32_t>(p);
    if (!partitioner.partitioned()) {
      iceberg::AddRun(&out->runs, first_new, 0, index, version.next_row_id - first_new);
      continue;
    }
    const std::vector<uint64_t>& held = ids[p];  // position i of the file holds row id held[i]
    for (size_t i = 0, j = 1; i < held.size(); i = j++) {
      while (j < held.size() && held[j] == held[j - 1] + 1) j++;
      iceberg::AddRun(&out->runs, held[i], i, index, j - i);
    }
  }
  std::sort(out->runs.begin(), out->runs.end(),
            [](const auto& a, const auto& b) { return a.first_row_id < b.first_row_id; });
  return Status::OK();
}

// Writes position deletes for row ids `ids` (ascending): one file per partition of the data
// files they delete from (the spec puts a delete file in one partition), sorted by path and
// position as the spec asks.
Status WriteDeleteFiles(const std::vector<uint64_t>& ids, uint64_t first_new,
                        const PersistedTable& state, const iceberg::Partitioner& partitioner,
                        const std::string& data_dir, uint64_t lsn, NewFiles* out) {
  struct Group {
    iceberg::PartitionTuple tuple;
    std::vector<std::pair<std::string, int64_t>> positions;
  };
  std::map<iceberg::PartitionKey, Group, iceberg::PartitionKeyLess> groups;
  for (uint64_t id : ids) {
    const auto& runs = id < first_new ? state.runs : out->runs;
    auto run = std::upper_bound(runs.begin(), runs.end(), id,
                                [](uint64_t v, const auto& r) { return v < r.first_row_id; });
    --run;
    const PersistedTable::DataFileRef& ref = run->file < state.files.size()
                                                 ? state.files[run->file]
                                                 : out->refs[run->file - state.files.size()];
    iceberg::PartitionKey key;
    for (const auto& [field_id, v] : ref.partition)
      key.push_back(v ? *v : Value::Null(Type(TypeId::kText)));
    Group& g = groups[key];
    g.tuple = ref.partition;
    g.positions.emplace_back(ref.path,
                             static_cast<int64_t>(run->first_pos + (id - run->first_row_id)));
  }
  for (auto& [key, group] : groups) {
    std::vector<std::pair<std::string, int64_t>>& positions = group.positions;
    std::sort(positions.begin(), positions.end());
    std::vector<DataChunk> chunks;
    DataChunk chunk(DeleteFileTypes());
    for (const auto& [path, pos] : positions) {
      chunk.AppendRow({Value::Text(path), Value::Int8(pos)});
      if (chunk.size() == kChunkSize) {
        chunks.push_back(std::move(chunk));
        chunk = DataChunk(DeleteFileTypes());
      }
    }
    if (chunk.size() > 0) chunks.push_back(std::move(chunk));
    std::string dir = data_dir;
    if (!key.empty()) {
      dir += "/" + partitioner.RelativeDir(key);
      Status s = MakeDirs(dir);
      if (!s.ok()) return s;
    }
    std::string path =
        dir + "/" + std::to_string(lsn) + "-" + iceberg::NewUuid() + "-deletes.parquet";
    std::vector<parquet::ColumnDescriptor> descriptors{
        {"file_path", Type(TypeId::kText), kDeleteFilePathId, 0, true},
        {"pos", Type(TypeId::kInt8), kDeletePosId, 0, true}};
    Result<parquet::FileSummary> summary =
        WriteParquet(path, descriptors, [&](parquet::FileWriter& writer) {
          for (const DataChunk& c : chunks) {
            Status s = writer.Append(c);
            if (!s.ok()) return s;
          }
          return Status::OK();
        });
    if (!summary.ok()) return summary.status();
    out->written.push_back(path);
    iceberg::DataFile file;
    file.content = iceberg::kContentPositionDeletes;
    file.file_path = path;
    file.partition = group.tuple;
    file.record_count = summary.value().row_count;
    file.file_size_in_bytes = summary.value().file_size;
    file.split_offsets = summary.value().row_group_offsets;
    if (positions.front().first == positions.back().first) {
      file.referenced_data_file = positions.front().first;
    }
    out->added_deletes.push_back(std::move(file));
  }
  return Status::OK();
}

}  // namespace

uint64_t CoveredLsn(const iceberg::Snapshot& snapshot) {
  auto it = snapshot.summary.find("firn.wal-lsn");
  uint64_t lsn = 0;
  if (it != snapshot.summary.end()) {
    std::from_chars(it->second.data(), it->second.data() + it->second.size(), lsn);
  }
  return lsn;
}

std::vector<iceberg::Column> IcebergColumnsOf(const TableInfo& table) {
  std::vector<iceberg::Column> out;
  for (const ColumnInfo& c : table.columns) {
    iceberg::Column col;
    col.name = c.name;
    col.type = c.type;
    col.required = c.not_null;
    col.firn_oid = c.column_oid;
    out.push_back(col);
  }
  return out;
}

Result<std::unique_ptr<IcebergStore>> IcebergStore::Open(const std::string& warehouse,
                                                         Logger& logger,
                                                         std::shared_ptr<ColumnCache> cache) {
  Result<std::unique_ptr<iceberg::SqlCatalog>> catalog =
      iceberg::SqlCatalog::Open(warehouse + "/catalog.db", kCatalogName);
  if (!catalog.ok()) return catalog.status();
  return std::unique_ptr<IcebergStore>(
      new IcebergStore(warehouse, logger, catalog.take(), std::move(cache)));
}

Result<std::map<uint32_t, PersistedTable>> IcebergStore::ListTables(
    std::vector<BrokenTable>* failed) {
  Result<std::vector<std::pair<std::string, std::string>>> names = catalog_->ListTables();
  if (!names.ok()) return names.status();
  std::map<uint32_t, PersistedTable> out;
  for (const auto& [ns, name] : names.value()) {
    Result<iceberg::TableHandle> handle = iceberg::LoadTable(*catalog_, ns, name);
    if (!handle.ok()) {
      failed->push_back({ns, name, handle.status()});
      continue;
    }
    auto oid = handle.value().metadata.properties.find("firn.oid");
    if (oid == handle.value().metadata.properties.end()) continue;  // not one of Firn's
    PersistedTable state;
    uint32_t table_oid = 0;
    const std::string& text = oid->second;
    if (std::from_chars(text.data(), text.data() + text.size(), table_oid).ec != std::errc()) {
      failed->push_back({ns, name, Status::Corruption("bad firn.oid property \"" + text + "\"")});
      continue;
    }
    state.oid = table_oid;
    state.handle = handle.take();
    if (const iceberg::Snapshot* snap = state.handle.metadata.CurrentSnapshot()) {
      state.covered_lsn = CoveredLsn(*snap);
    }
    out[state.oid] = std::move(state);
  }
  return out;
}

Status IcebergStore::LoadSnapshot(const iceberg::TableHandle& handle,
                                  std::optional<int64_t> snapshot_id,
                                  const std::vector<iceberg::Column>& wanted, TableData& target,
                                  PersistedTable* state) {
  std::vector<Type> types;
  for (const iceberg::Column& c : wanted) types.push_back(c.type);
  std::optional<int64_t> sid = snapshot_id ? snapshot_id : handle.metadata.current_snapshot_id;
  if (state) {
    state->handle = handle;
    state->files.clear();
    state->runs.clear();
    state->deleted.clear();
    state->flushed_rows = 0;
  }
  if (!sid) return Status::OK();
  Result<std::vector<iceberg::ManifestEntry>> entries = iceberg::ListFiles(handle, *sid);
  if (!entries.ok()) return entries.status();
  std::vector<iceberg::ManifestEntry> data, deletes;
  for (const iceberg::ManifestEntry& e : entries.value()) {
    (e.file.content == iceberg::kContentData ? data : deletes).push_back(e);
  }
  // Commit order is row-id order.
  std::stable_sort(data.begin(), data.end(), [](const auto& a, const auto& b) {
    return a.sequence_number.value_or(0) < b.sequence_number.value_or(0);
  });
  const std::vector<iceberg::Column>& columns = handle.metadata.CurrentSchema().columns;
  std::vector<PersistedTable::DataFileRef> files;
  std::vector<iceberg::RowRun> runs;
  uint64_t next_row = 0;
  for (size_t g = 0; g < data.size();) {
    size_t end = g + 1;
    while (end < data.size() && data[end].sequence_number == data[g].sequence_number) end++;
    std::vector<iceberg::CommitFile> group;
    const uint32_t first_file = static_cast<uint32_t>(files.size());
    for (size_t i = g; i < end; i++) {
      Result<iceberg::CommitFile> file =
          iceberg::OpenCommitFile(data[i].file, columns, wanted, cache_);
      if (!file.ok()) return file.status();
      files.push_back({data[i].file.file_path, data[i].file.partition, file.value().file});
      group.push_back(file.take());
    }
    Status s = iceberg::LoadCommit(std::move(group), first_file, &next_row, target, &runs);
    if (!s.ok()) return s;
    g = end;
  }
  // Position -> row id: each file's runs ascend in position as they do in row id.
  std::map<std::string, uint32_t> file_index;
  for (uint32_t i = 0; i < files.size(); i++) file_index[files[i].path] = i;
  std::vector<std::vector<const iceberg::RowRun*>> runs_of(files.size());
  for (const iceberg::RowRun& r : runs) runs_of[r.file].push_back(&r);
  TableWrite removed(types);
  for (const iceberg::ManifestEntry& e : deletes) {
    std::string path = iceberg::LocalPath(e.file.file_path);
    if (e.file.content != iceberg::kContentPositionDeletes) {
      return Status::NotSupported("delete file " + path + ": only position deletes are supported");
    }
    Result<std::unique_ptr<parquet::FileReader>> reader = parquet::FileReader::Open(path);
    if (!reader.ok()) return reader.status();
    for (size_t rg = 0; rg < reader.value()->row_groups().size(); rg++) {
      std::vector<DataChunk> chunks;
      Status s = reader.value()->ReadRowGroup(rg, {0, 1}, DeleteFileTypes(), &chunks);
      if (!s.ok()) return s;
      for (const DataChunk& chunk : chunks) {
        for (size_t r = 0; r < chunk.size(); r++) {
          auto it = file_index.find(chunk.column(0).strings()[r]);
          if (it == file_index.end()) continue;  // a file outside this snapshot
          const auto& of = runs_of[it->second];
          const uint64_t pos = static_cast<uint64_t>(chunk.column(1).ints()[r]);
          auto run = std::upper_bound(of.begin(), of.end(), pos,
                                      [](uint64_t p, const auto* x) { return p < x->first_pos; });
          if (run == of.begin() || pos >= (*--run)->first_pos + (*run)->rows) continue;
          removed.deletes.push_back((*run)->first_row_id + (pos - (*run)->first_pos));
        }
      }
    }
  }
  if (!removed.deletes.empty()) target.Commit(removed);
  if (state) {
    state->files = std::move(files);
    state->runs = std::move(runs);
    state->flushed_rows = next_row;
    state->deleted.assign(next_row, 0);
    for (uint64_t id : removed.deletes) {
      if (id < next_row) state->deleted[id] = 1;
    }
    const iceberg::Snapshot* snap = handle.metadata.FindSnapshot(*sid);
    state->covered_lsn = snap ? CoveredLsn(*snap) : 0;
  }
  return Status::OK();
}

Status IcebergStore::Create(const TableInfo& table, PersistedTable* state) {
  std::string location = warehouse_ + "/" + table.schema + "/" + table.name;
  if (std::filesystem::exists(location)) location += "-" + std::to_string(table.oid);
  std::map<std::string, std::string> properties{{"firn.oid", std::to_string(table.oid)}};
  std::string partition_by;
  for (const auto& [key, value] : table.options) {
    properties["firn.option." + key] = value;
    if (key == "partition_by") partition_by = value;
  }
  Result<iceberg::TableHandle> handle =
      iceberg::CreateTable(*catalog_, table.schema, table.name, location, IcebergColumnsOf(table),
                           properties, NowMs(), partition_by);
  if (!handle.ok() && !partition_by.empty() &&
      handle.status().code() == Status::Code::kInvalidArgument) {
    // CREATE checks partition_by, but a table from a Firn that checked less (year(text)) must
    // not stop every checkpoint: it stays unpartitioned.
    logger_.Warning("table " + table.schema + "." + table.name + ": partition_by \"" +
                    partition_by + "\" ignored: " + handle.status().message());
    handle = iceberg::CreateTable(*catalog_, table.schema, table.name, location,
                                  IcebergColumnsOf(table), properties, NowMs());
  }
  if (!handle.ok()) return handle.status();
  state->handle = handle.take();
  state->oid = table.oid;
  return Status::OK();
}

Result<bool> IcebergStore::Flush(const TableInfo& table, const TableVersion& version, uint64_t lsn,
                                 PersistedTable* state) {
  bool created = false;
  if (state->handle.metadata_location.empty()) {
    Status s = Create(table, state);
    if (!s.ok()) return s;
    created = true;
  }
  // New deletions of flushed rows and deleted rows among the new ones.
  std::vector<uint64_t> newly_deleted;
  for (const TableSegment& seg : version.segments) {
    if (!seg.deleted) continue;
    for (size_t r = 0; r < seg.size(); r++) {
      uint64_t id = seg.first_row_id + r;
      if ((*seg.deleted)[r] && (id >= state->flushed_rows || !state->deleted[id])) {
        newly_deleted.push_back(id);
      }
    }
  }
  // Columns added since the last flush make a new current schema (new field ids), committed
  // with the new rows or, when there are none, on its own.
  iceberg::TableHandle base = state->handle;
  int32_t last_column_id = base.metadata.last_column_id;
  const std::vector<iceberg::Column> wanted = IcebergColumnsOf(table);
  std::optional<std::vector<iceberg::Column>> evolved =
      iceberg::EvolveColumns(base.metadata.CurrentSchema().columns, wanted, &last_column_id);
  if (evolved) base.metadata.AddCurrentSchema(std::move(*evolved));
  uint64_t first_new = state->flushed_rows;
  if (version.next_row_id == first_new && newly_deleted.empty()) {
    if (!evolved) return created;
    Result<iceberg::TableHandle> committed =
        iceberg::CommitMetadata(*catalog_, state->handle, std::move(base.metadata), NowMs());
    if (!committed.ok()) return committed.status();
    state->handle = committed.take();
    return true;
  }

  Result<iceberg::Partitioner> partitioner = iceberg::Partitioner::Make(base.metadata);
  if (!partitioner.ok()) return partitioner.status();
  const std::string data_dir = iceberg::LocalPath(state->handle.metadata.location) + "/data";
  Status s = MakeDirs(data_dir);
  if (!s.ok()) return s;
  const std::vector<iceberg::Column>& columns = base.metadata.CurrentSchema().columns;
  NewFiles out;
  auto cleanup = [&] {
    for (const std::string& path : out.written) ::unlink(path.c_str());
  };
  if (version.next_row_id > first_new) {
    s = WriteDataFiles(version, first_new, partitioner.value(), data_dir, lsn, columns,
                       iceberg::ColdColumnsOf(columns, wanted), cache_,
                       static_cast<uint32_t>(state->files.size()), &out);
    if (!s.ok()) {
      cleanup();
      return s;
    }
  }
  if (!newly_deleted.empty()) {
    s = WriteDeleteFiles(newly_deleted, first_new, *state, partitioner.value(), data_dir, lsn,
                         &out);
    if (!s.ok()) {
      cleanup();
      return s;
    }
  }
  std::map<std::string, std::string> extra{
      {"firn.wal-lsn", std::to_string(lsn)},
      {"firn.next-row-id", std::to_string(version.next_row_id)}};
  Result<iceberg::TableHandle> committed =
      iceberg::CommitAppend(*catalog_, base, out.added, out.added_deletes, extra, NowMs());
  if (!committed.ok()) {
    cleanup();
    return committed.status();
  }
  state->handle = committed.take();
  for (PersistedTable::DataFileRef& ref : out.refs) state->files.push_back(std::move(ref));
  state->runs.insert(state->runs.end(), out.runs.begin(), out.runs.end());
  state->flushed_rows = version.next_row_id;
  state->deleted.resize(state->flushed_rows, 0);
  for (uint64_t id : newly_deleted) state->deleted[id] = 1;
  state->covered_lsn = lsn;
  return true;
}

std::vector<TableSegment> IcebergStore::ColdSegments(const PersistedTable& state, uint64_t from,
                                                     uint64_t to) {
  std::vector<TableSegment> out;
  auto run = std::upper_bound(state.runs.begin(), state.runs.end(), from,
                              [](uint64_t id, const auto& r) { return id < r.first_row_id; });
  if (run != state.runs.begin()) --run;
  for (; run != state.runs.end() && run->first_row_id < to; ++run) {
    const uint64_t b = std::max(from, run->first_row_id);
    const uint64_t e = std::min(to, run->first_row_id + run->rows);
    if (b >= e) continue;
    const std::shared_ptr<const ColdFile>& file = state.files[run->file].cold;
    if (!file) return {};  // not opened: the rows stay hot
    AppendColdSegments(file, b, run->first_pos + (b - run->first_row_id), e - b, &out);
  }
  return out;
}

Status IcebergStore::Drop(const PersistedTable& state) {
  Status s = catalog_->DropTable(state.handle.ns, state.handle.name);
  if (!s.ok() && s.code() != Status::Code::kNotFound) return s;
  std::error_code ec;
  std::filesystem::remove_all(iceberg::LocalPath(state.handle.metadata.location), ec);
  if (ec) {
    logger_.Warning("could not remove the files of dropped table " + state.handle.ns + "." +
                    state.handle.name + ": " + ec.message());
  }
  return Status::OK();
}

Status IcebergStore::Rename(PersistedTable* state, const std::string& name) {
  Status s = catalog_->RenameTable(state->handle.ns, state->handle.name, name);
  if (s.ok()) state->handle.name = name;
  return s;
}

Status IcebergStore::Tag(PersistedTable* state, const std::string& tag, int64_t snapshot_id) {
  Result<iceberg::TableHandle> handle =
      iceberg::SetTag(*catalog_, state->handle, tag, snapshot_id, NowMs());
  if (!handle.ok()) return handle.status();
  state->handle = handle.take();
  return Status::OK();
}

}  // namespace firn
