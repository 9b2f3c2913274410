#include "engine/iceberg_store.h"

#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <filesystem>
#include <functional>

#include "storage/iceberg/bounds.h"
#include "storage/iceberg/file_io.h"
#include "storage/parquet/file_reader.h"
#include "storage/parquet/file_writer.h"

namespace firn {

namespace {

// Iceberg's reserved field ids of position-delete files.
constexpr int32_t kDeleteFilePathId = 2147483546;
constexpr int32_t kDeletePosId = 2147483545;
constexpr size_t kMaxStringBound = 64;  // longer string bounds are left out

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

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
Result<parquet::FileSummary> WriteParquet(const std::string& path,
                                          std::vector<parquet::ColumnDescriptor> columns,
                                          const std::function<Status(parquet::FileWriter&)>& fill) {
  Result<std::unique_ptr<parquet::FileWriter>> writer =
      parquet::FileWriter::Create(path, std::move(columns), parquet::WriterOptions());
  if (!writer.ok()) return writer.status();
  Status s = fill(*writer.value());
  Result<parquet::FileSummary> summary =
      s.ok() ? writer.value()->Finish() : Result<parquet::FileSummary>(s);
  if (!summary.ok()) ::unlink(path.c_str());
  return summary;
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
    out.push_back(col);
  }
  return out;
}

Result<std::unique_ptr<IcebergStore>> IcebergStore::Open(const std::string& warehouse,
                                                         Logger& logger) {
  Result<std::unique_ptr<iceberg::SqlCatalog>> catalog =
      iceberg::SqlCatalog::Open(warehouse + "/catalog.db", kCatalogName);
  if (!catalog.ok()) return catalog.status();
  return std::unique_ptr<IcebergStore>(new IcebergStore(warehouse, logger, catalog.take()));
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
                                  const std::vector<Type>& types, TableData& target,
                                  PersistedTable* state) {
  std::optional<int64_t> sid = snapshot_id ? snapshot_id : handle.metadata.current_snapshot_id;
  if (state) {
    state->handle = handle;
    state->files.clear();
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
  std::vector<PersistedTable::FileSpan> spans;
  uint64_t next_row = 0;
  for (const iceberg::ManifestEntry& e : data) {
    std::string path = iceberg::LocalPath(e.file.file_path);
    Result<std::unique_ptr<parquet::FileReader>> reader = parquet::FileReader::Open(path);
    if (!reader.ok()) return reader.status();
    std::vector<int> projection;
    for (const iceberg::Column& col : columns) {
      int found = -1;
      const auto& file_columns = reader.value()->columns();
      for (size_t i = 0; i < file_columns.size(); i++) {
        if (file_columns[i].field_id == col.field_id) found = static_cast<int>(i);
      }
      if (found < 0) {
        return Status::Corruption("data file " + path + " has no column with field id " +
                                  std::to_string(col.field_id) + " (" + col.name + ")");
      }
      projection.push_back(found);
    }
    for (size_t rg = 0; rg < reader.value()->row_groups().size(); rg++) {
      std::vector<DataChunk> chunks;
      Status s = reader.value()->ReadRowGroup(rg, projection, types, &chunks);
      if (!s.ok()) return s;
      for (DataChunk& chunk : chunks) {
        TableWrite write(types);
        write.inserts = std::move(chunk);
        target.Commit(write);
      }
    }
    uint64_t rows = static_cast<uint64_t>(reader.value()->row_count());
    spans.push_back({e.file.file_path, next_row, rows});
    next_row += rows;
  }
  std::map<std::string, uint64_t> first_row_of;
  for (const auto& span : spans) first_row_of[span.path] = span.first_row_id;
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
          auto it = first_row_of.find(chunk.column(0).strings()[r]);
          if (it == first_row_of.end()) continue;  // a file outside this snapshot
          removed.deletes.push_back(it->second + static_cast<uint64_t>(chunk.column(1).ints()[r]));
        }
      }
    }
  }
  if (!removed.deletes.empty()) target.Commit(removed);
  if (state) {
    state->files = std::move(spans);
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
  for (const auto& [key, value] : table.options) properties["firn.option." + key] = value;
  Result<iceberg::TableHandle> handle = iceberg::CreateTable(
      *catalog_, table.schema, table.name, location, IcebergColumnsOf(table), properties, NowMs());
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
    for (size_t r = 0; r < seg.rows->size(); r++) {
      uint64_t id = seg.first_row_id + r;
      if ((*seg.deleted)[r] && (id >= state->flushed_rows || !state->deleted[id])) {
        newly_deleted.push_back(id);
      }
    }
  }
  uint64_t first_new = state->flushed_rows;
  if (version.next_row_id == first_new && newly_deleted.empty()) return created;

  const std::string data_dir = iceberg::LocalPath(state->handle.metadata.location) + "/data";
  Status s = MakeDirs(data_dir);
  if (!s.ok()) return s;
  const std::vector<iceberg::Column>& columns = state->handle.metadata.CurrentSchema().columns;
  std::vector<iceberg::DataFile> added, added_deletes;
  std::vector<std::string> written;
  auto cleanup = [&] {
    for (const std::string& path : written) ::unlink(path.c_str());
  };
  std::string data_path;
  if (version.next_row_id > first_new) {
    auto new_rows = [&](parquet::FileWriter& writer) {
      for (const TableSegment& seg : version.segments) {
        uint64_t end = seg.first_row_id + seg.rows->size();
        if (end <= first_new) continue;
        uint64_t from = first_new > seg.first_row_id ? first_new - seg.first_row_id : 0;
        if (from == 0) {
          Status s = writer.Append(*seg.rows);
          if (!s.ok()) return s;
          continue;
        }
        std::vector<uint32_t> keep;
        for (uint64_t r = from; r < seg.rows->size(); r++) keep.push_back(static_cast<uint32_t>(r));
        Status s = writer.Append(seg.rows->Select(keep));
        if (!s.ok()) return s;
      }
      return Status::OK();
    };
    data_path = data_dir + "/" + std::to_string(lsn) + "-" + iceberg::NewUuid() + ".parquet";
    Result<parquet::FileSummary> summary =
        WriteParquet(data_path, DescriptorsOf(columns), new_rows);
    if (!summary.ok()) return summary.status();
    written.push_back(data_path);
    added.push_back(DescribeDataFile(data_path, summary.value(), columns));
  }
  if (!newly_deleted.empty()) {
    std::sort(newly_deleted.begin(), newly_deleted.end());
    // (path, position) pairs, sorted by path then position as the spec asks.
    std::vector<std::pair<std::string, int64_t>> positions;
    for (uint64_t id : newly_deleted) {
      if (id >= first_new) {
        positions.emplace_back(data_path, static_cast<int64_t>(id - first_new));
        continue;
      }
      auto span = std::upper_bound(
          state->files.begin(), state->files.end(), id,
          [](uint64_t v, const PersistedTable::FileSpan& f) { return v < f.first_row_id; });
      --span;
      positions.emplace_back(span->path, static_cast<int64_t>(id - span->first_row_id));
    }
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
    std::string path =
        data_dir + "/" + std::to_string(lsn) + "-" + iceberg::NewUuid() + "-deletes.parquet";
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
    if (!summary.ok()) {
      cleanup();
      return summary.status();
    }
    written.push_back(path);
    iceberg::DataFile file;
    file.content = iceberg::kContentPositionDeletes;
    file.file_path = path;
    file.record_count = summary.value().row_count;
    file.file_size_in_bytes = summary.value().file_size;
    file.split_offsets = summary.value().row_group_offsets;
    if (positions.front().first == positions.back().first) {
      file.referenced_data_file = positions.front().first;
    }
    added_deletes.push_back(std::move(file));
  }
  std::map<std::string, std::string> extra{
      {"firn.wal-lsn", std::to_string(lsn)},
      {"firn.next-row-id", std::to_string(version.next_row_id)}};
  Result<iceberg::TableHandle> committed =
      iceberg::CommitAppend(*catalog_, state->handle, added, added_deletes, extra, NowMs());
  if (!committed.ok()) {
    cleanup();
    return committed.status();
  }
  state->handle = committed.take();
  if (!data_path.empty()) {
    state->files.push_back({data_path, first_new, version.next_row_id - first_new});
  }
  state->flushed_rows = version.next_row_id;
  state->deleted.resize(state->flushed_rows, 0);
  for (uint64_t id : newly_deleted) state->deleted[id] = 1;
  state->covered_lsn = lsn;
  return true;
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

Status IcebergStore::Tag(PersistedTable* state, const std::string& tag, int64_t snapshot_id) {
  Result<iceberg::TableHandle> handle =
      iceberg::SetTag(*catalog_, state->handle, tag, snapshot_id, NowMs());
  if (!handle.ok()) return handle.status();
  state->handle = handle.take();
  return Status::OK();
}

}  // namespace firn
