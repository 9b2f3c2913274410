#include "engine/storage_manager.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <deque>
#include <future>
#include <nlohmann/json.hpp>
#include <set>

#include "common/memory.h"
#include "common/parallel_for.h"
#include "common/sql_error.h"
#include "storage/chunk_codec.h"
#include "storage/file_util.h"
#include "storage/iceberg/schema.h"
#include "storage/wal/wal.h"

namespace firn {

namespace {

// Transaction record: u8 version | u8 has_image | [bytes image] | varint changes |
//   per change: varint table oid | chunk inserts | varint n | n varint row-id deltas
// A table's inserts go as one change per pending chunk (its deletes with the first), so a
// big insert is encoded on several threads and replayed a chunk at a time.
constexpr uint8_t kRecordVersion = 1;

// Inserts from this many rows up have their segments built ahead (StorageManager::Commit).
constexpr size_t kPrepareAheadRows = 16 * kChunkSize;

// A transaction record in parts, written one after another (Wal::Commit): a big insert's
// changes are encoded, and checksummed, in parts of their own on several threads.
struct EncodedRecord {
  std::deque<std::string> parts;   // a deque: parts do not move as more are added
  std::vector<Wal::Piece> pieces;  // views of the finished parts, in order
};

// Records from this many inserted rows up are encoded in parallel, in about this many
// rows per part.
constexpr size_t kParallelEncodeRows = 4 * kChunkSize;
constexpr size_t kEncodePartRows = 64 * kChunkSize;

// One change of a record: a table's chunk of inserts, and its deletes.
struct Change {
  uint32_t oid = 0;
  std::shared_ptr<const DataChunk> rows;
  const std::vector<uint64_t>* deletes = nullptr;  // sorted; nullptr: none
};

void EncodeChange(const Change& change, std::string* out) {
  PutVarint(out, change.oid);
  EncodeChunk(*change.rows, out);
  if (!change.deletes) {
    PutVarint(out, 0);
    return;
  }
  PutVarint(out, change.deletes->size());
  uint64_t prev = 0;
  for (uint64_t id : *change.deletes) {
    PutVarint(out, id - prev);
    prev = id;
  }
}

void EncodeRecord(const std::optional<std::string>& image,
                  const std::vector<TableChangeRef>& changes, EncodedRecord& record) {
  std::vector<std::vector<uint64_t>> deletes;  // sorted, per table change
  deletes.reserve(changes.size());
  std::vector<Change> list;
  size_t rows = 0;
  for (const TableChangeRef& c : changes) {
    const TableWrite& w = *c.write;
    if (w.empty()) continue;
    std::vector<uint64_t>& sorted = deletes.emplace_back(w.deletes);
    std::sort(sorted.begin(), sorted.end());
    std::vector<std::shared_ptr<const DataChunk>> chunks = w.KeptChunks();
    if (chunks.empty()) chunks.push_back(std::make_shared<const DataChunk>(w.inserts.types()));
    for (size_t k = 0; k < chunks.size(); k++) {
      rows += chunks[k]->size();
      list.push_back({c.table->oid, std::move(chunks[k]), k == 0 ? &sorted : nullptr});
    }
  }
  std::string* head = &record.parts.emplace_back();
  head->push_back(static_cast<char>(kRecordVersion));
  head->push_back(image ? 1 : 0);
  if (image) PutBytes(head, *image);
  PutVarint(head, list.size());
  if (rows < kParallelEncodeRows) {
    for (const Change& change : list) EncodeChange(change, head);
    record.pieces.push_back({*head, std::nullopt});
    return;
  }
  record.pieces.push_back({*head, std::nullopt});
  // Consecutive changes of about kEncodePartRows rows per part.
  std::vector<size_t> bounds{0};
  for (size_t i = 0, part_rows = 0; i < list.size(); i++) {
    part_rows += list[i].rows->size();
    if (part_rows >= kEncodePartRows || i + 1 == list.size()) {
      bounds.push_back(i + 1);
      part_rows = 0;
    }
  }
  struct Part {
    std::string bytes;
    uint32_t crc = 0;
  };
  std::vector<Part> parts(bounds.size() - 1);
  ParallelFor(parts.size(), [&](size_t p) {
    for (size_t i = bounds[p]; i < bounds[p + 1]; i++) EncodeChange(list[i], &parts[p].bytes);
    parts[p].crc = Wal::Checksum(parts[p].bytes);
  });
  for (Part& part : parts) {
    record.parts.push_back(std::move(part.bytes));
    record.pieces.push_back({record.parts.back(), part.crc});
  }
}

}  // namespace

StorageManager::StorageManager(StorageOptions options, Catalog& catalog, Logger& logger)
    : options_(std::move(options)),
      catalog_(catalog),
      logger_(logger),
      cache_(std::make_shared<ColumnCache>(options_.cache_bytes)) {}

StorageManager::~StorageManager() {
  {
    std::lock_guard<std::mutex> lock(background_mutex_);
    stopping_ = true;
  }
  background_cv_.notify_all();
  if (background_.joinable()) background_.join();
  if (wal_) {
    Status s = Checkpoint();
    if (!s.ok()) logger_.Warning("final checkpoint failed: " + s.ToString());
  }
  if (lock_fd_ >= 0) ::close(lock_fd_);  // releases the lock
}

Status StorageManager::Recover() {
  auto start = std::chrono::steady_clock::now();
  // One server per data folder: a second one would interleave its WAL and commits.
  std::string lock_path = options_.data_dir + "/LOCK";
  lock_fd_ = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (lock_fd_ < 0) return ErrnoStatus("cannot open " + lock_path);
  if (::flock(lock_fd_, LOCK_EX | LOCK_NB) != 0) {
    return Status::IoError("data folder " + options_.data_dir +
                           " is in use by another Firn server (" + lock_path + " is locked)");
  }
  Result<std::unique_ptr<IcebergStore>> store =
      IcebergStore::Open(options_.data_dir, logger_, cache_);
  if (!store.ok()) return store.status();
  iceberg_ = store.take();
  Result<std::optional<std::string>> saved = iceberg_->catalog().GetFirnValue("checkpoint");
  if (!saved.ok()) return saved.status();
  if (saved.value()) {
    try {
      nlohmann::json checkpoint = nlohmann::json::parse(*saved.value());
      checkpoint_lsn_ = checkpoint.at("lsn").get<uint64_t>();
      catalog_.ApplyImage(checkpoint.at("image").get<std::string>());
    } catch (const std::exception& e) {
      return Status::Corruption(options_.data_dir +
                                "/catalog.db: bad checkpoint record: " + e.what());
    }
  }
  std::vector<IcebergStore::BrokenTable> broken;
  Result<std::map<uint32_t, PersistedTable>> tables = iceberg_->ListTables(&broken);
  if (!tables.ok()) return tables.status();
  unmatched_ = tables.take();
  for (const IcebergStore::BrokenTable& b : broken) {
    logger_.Error("table " + b.ns + "." + b.name + " is unavailable: " + b.error.ToString());
    std::shared_ptr<const TableInfo> table = catalog_.GetTable(b.ns, b.name);
    if (!table || !table->data) continue;
    table->data->MarkUnavailable(b.error.message());
    unavailable_.insert(table->oid);
  }
  Status s = LoadTablesFromIceberg();
  if (!s.ok()) return s;

  std::string wal_dir = options_.data_dir + "/wal";
  size_t records = 0;
  Result<uint64_t> last =
      ReplayWal(wal_dir, checkpoint_lsn_, logger_, [&](uint64_t lsn, std::string_view p) {
        records++;
        return ReplayRecord(lsn, p);
      });
  if (!last.ok()) return last.status();
  // Iceberg tables whose Firn table is gone are dropped at the next checkpoint.
  for (auto& [oid, state] : unmatched_) persisted_[oid] = std::move(state);
  unmatched_.clear();

  WalOptions options;
  options.dir = wal_dir;
  options.logger = &logger_;
  Result<std::unique_ptr<Wal>> wal = Wal::Open(options, last.value() + 1);
  if (!wal.ok()) return wal.status();
  wal_ = wal.take();
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                  start)
                .count();
  logger_.Info("recovery: loaded " + std::to_string(persisted_.size()) +
               " Iceberg tables at checkpoint LSN " + std::to_string(checkpoint_lsn_) +
               ", replayed " + std::to_string(records) + " WAL records up to LSN " +
               std::to_string(last.value()) + " in " + std::to_string(ms) + " ms");
  background_ = std::thread([this] { BackgroundCheckpoints(); });
  return Status::OK();
}

Status StorageManager::LoadTablesFromIceberg() {
  for (const std::shared_ptr<const TableInfo>& table : catalog_.ListTables()) {
    auto it = unmatched_.find(table->oid);
    if (it == unmatched_.end() || !table->data) continue;
    PersistedTable state;
    state.oid = table->oid;
    Status s = iceberg_->LoadSnapshot(it->second.handle, std::nullopt, IcebergColumnsOf(*table),
                                      *table->data, &state);
    if (!s.ok()) {
      // Keep serving the other tables; this one refuses reads and writes, is not
      // checkpointed, and the WAL is kept for it until the files are repaired.
      logger_.Error("table " + table->schema + "." + table->name +
                    " is unavailable: " + s.ToString());
      table->data->MarkUnavailable(s.message());
      state = std::move(it->second);
      unavailable_.insert(table->oid);
    }
    persisted_[table->oid] = std::move(state);
    unmatched_.erase(it);
  }
  return Status::OK();
}

Status StorageManager::ReplayRecord(uint64_t lsn, std::string_view in) {
  auto bad = [&](const std::string& what) {
    return Status::Corruption("WAL record " + std::to_string(lsn) + ": " + what);
  };
  if (in.size() < 2 || static_cast<uint8_t>(in[0]) != kRecordVersion) return bad("bad version");
  bool has_image = in[1] != 0;
  in.remove_prefix(2);
  if (has_image) {
    std::string_view image;
    if (!GetBytes(&in, &image)) return bad("truncated catalog image");
    try {
      catalog_.ApplyImage(image);
    } catch (const std::exception& e) {
      return bad(e.what());
    }
    Status s = LoadTablesFromIceberg();
    if (!s.ok()) return s;
  }
  uint64_t count = 0;
  if (!GetVarint(&in, &count)) return bad("truncated change count");
  for (uint64_t i = 0; i < count; i++) {
    uint64_t oid = 0;
    if (!GetVarint(&in, &oid)) return bad("truncated table OID");
    std::shared_ptr<const TableInfo> table = catalog_.GetTableByOid(static_cast<uint32_t>(oid));
    if (!table || !table->data) {
      // Written by a transaction that committed after another one dropped the table.
      logger_.Debug("recovery: skipping changes to dropped table OID " + std::to_string(oid));
    }
    auto persisted = persisted_.find(static_cast<uint32_t>(oid));
    if (table && persisted != persisted_.end() && lsn <= persisted->second.covered_lsn) {
      table = nullptr;  // already in the table's Iceberg snapshot
    }
    if (unavailable_.count(static_cast<uint32_t>(oid))) table = nullptr;
    // A table may have no columns: "dropped" is not told by an empty column list.
    const bool apply = table && table->data;
    std::vector<Type> types = apply ? table->ColumnTypes() : std::vector<Type>();
    TableWrite write(types);
    if (!apply) {
      if (!SkipChunk(&in)) return bad("truncated change to a dropped table");
    } else {
      Result<DataChunk> inserts = DecodeChunk(&in, types);
      if (!inserts.ok()) return bad(inserts.status().message());
      write.inserts.AppendChunk(inserts.take());
    }
    uint64_t n = 0;
    if (!GetVarint(&in, &n) || n > in.size()) return bad("truncated deletes");
    uint64_t id = 0;
    for (uint64_t d = 0; d < n; d++) {
      uint64_t delta = 0;
      if (!GetVarint(&in, &delta)) return bad("truncated deletes");
      id += delta;
      write.deletes.push_back(id);
    }
    if (apply) table->data->Commit(write);
  }
  if (!in.empty()) return bad("trailing bytes");
  return Status::OK();
}

namespace {

// Iceberg decimals have no NaN or infinity; refuse them before they are acknowledged rather
// than fail every later checkpoint.
Status CheckStorable(const TableChangeRef& change) {
  const PendingRows& pending = change.write->inserts;
  const std::vector<ColumnInfo>& columns = change.table->columns;
  const std::vector<uint8_t>& dropped = change.write->insert_deleted;
  for (size_t c = 0; c < columns.size(); c++) {
    if (columns[c].type.id != TypeId::kNumeric ||
        iceberg::IcebergTypeOf(columns[c].type).type != iceberg::IcebergType::kDecimal) {
      continue;
    }
    for (size_t k = 0; k < pending.chunks().size(); k++) {
      const DataChunk& rows = *pending.chunks()[k];
      const Vector& v = rows.column(c);
      for (size_t r = 0, i = pending.chunk_start(k); r < rows.size(); r++, i++) {
        if ((i < dropped.size() && dropped[i]) || v.IsNull(r)) continue;
        const Numeric& n = v.numerics()[r];
        if (n.IsNaN() || n.IsInf()) {
          return Status::InvalidArgument(
              "column \"" + columns[c].name + "\" of table \"" + change.table->name + "\" is " +
              columns[c].type.Name() + ", stored as an Iceberg decimal, which cannot hold " +
              n.ToString() + "; declare it numeric without a precision to store NaN");
        }
      }
    }
  }
  return Status::OK();
}

}  // namespace

Status StorageManager::Commit(const std::vector<TableChangeRef>& changes, bool sync) {
  for (const TableChangeRef& c : changes) {
    Status s = CheckStorable(c);
    if (!s.ok()) return s;
  }
  // A big insert's segments are built on another thread while the record is encoded,
  // written and synced; applying it then only publishes them.
  std::vector<std::future<PreparedInserts>> prepared(changes.size());
  for (size_t i = 0; i < changes.size(); i++) {
    const TableChangeRef& c = changes[i];
    if (c.write->inserts.size() < kPrepareAheadRows) continue;
    prepared[i] =
        std::async(std::launch::async, [&c] { return c.table->data->PrepareInserts(*c.write); });
  }
  auto apply = [&](uint64_t) {
    for (size_t i = 0; i < changes.size(); i++) {
      const TableChangeRef& c = changes[i];
      if (c.write->empty()) continue;
      TableData& data = *c.table->data;
      auto commit_rows = [&] {
        if (!prepared[i].valid()) return data.Commit(*c.write);
        PreparedInserts segments = prepared[i].get();
        return data.Commit(*c.write, &segments);
      };
      data.unique_keys().Commit(*c.write, c.keys, data, commit_rows);
    }
  };
  if (catalog_.image_version() == logged_catalog_version_.load(std::memory_order_acquire)) {
    bool any = false;
    for (const TableChangeRef& c : changes) any |= !c.write->empty();
    if (!any) return Status::OK();
    EncodedRecord record;
    EncodeRecord(std::nullopt, changes, record);
    return wal_->Commit(record.pieces, sync, apply);
  }
  // The catalog changed since the last logged image: log the current one with this
  // transaction. Images are exported and logged under one mutex so the log holds them in
  // the order they were taken.
  std::lock_guard<std::mutex> lock(image_mutex_);
  uint64_t version = catalog_.image_version();
  EncodedRecord record;
  EncodeRecord(catalog_.ExportImage(), changes, record);
  Status s = wal_->Commit(record.pieces, sync, apply);
  if (s.ok()) logged_catalog_version_.store(version, std::memory_order_release);
  return s;
}

void StorageManager::RenameTables(
    const std::vector<
        std::pair<std::shared_ptr<const TableInfo>, std::shared_ptr<const TableVersion>>>& tables) {
  // Through temporary names, so that tables that swapped names (or a new table that took a
  // renamed one's name) never collide; without a dot, which readers (PyIceberg) take for a
  // namespace separator. A table left with a temporary name by a crash or an error gets
  // its name at the next checkpoint.
  std::vector<std::pair<PersistedTable*, const TableInfo*>> renamed;
  for (const auto& [table, version] : tables) {
    auto it = persisted_.find(table->oid);
    if (it == persisted_.end() || it->second.handle.metadata_location.empty()) continue;
    if (it->second.handle.name != table->name) renamed.emplace_back(&it->second, table.get());
  }
  for (int pass = 0; pass < 2; pass++) {
    for (const auto& [state, table] : renamed) {
      std::string name =
          pass == 0 ? table->name + "__firn_renaming_" + std::to_string(table->oid) : table->name;
      Status s = iceberg_->Rename(state, name);
      if (!s.ok()) {
        logger_.Error(s.WithContext("checkpoint: renaming table " + table->schema + "." +
                                    table->name + " in the Iceberg catalog")
                          .ToString());
      }
    }
  }
}

void StorageManager::ChangeColumns(const std::function<void()>& change) {
  std::lock_guard<std::mutex> lock(checkpoint_mutex_);
  change();
}

Status StorageManager::Checkpoint() {
  std::lock_guard<std::mutex> lock(checkpoint_mutex_);
  auto start = std::chrono::steady_clock::now();
  uint64_t point = 0;
  std::string image;
  std::vector<std::pair<std::shared_ptr<const TableInfo>, std::shared_ptr<const TableVersion>>>
      tables;
  Status s = wal_->Quiesce([&](uint64_t lsn) {
    point = lsn;
    image = catalog_.ExportImage();
    for (const auto& table : catalog_.ListTables()) {
      if (table->data) tables.emplace_back(table, table->data->Snapshot());
    }
  });
  if (!s.ok()) return s;
  if (point == checkpoint_lsn_) return Status::OK();

  // Drops first: a new table may take a dropped one's name.
  std::set<uint32_t> live;
  for (const auto& [table, version] : tables) live.insert(table->oid);
  for (auto it = persisted_.begin(); it != persisted_.end();) {
    if (live.count(it->first)) {
      ++it;
      continue;
    }
    s = iceberg_->Drop(it->second);
    if (!s.ok()) return s;
    it = persisted_.erase(it);
  }
  RenameTables(tables);
  size_t flushed = 0;
  Status failure;  // the first table that could not be flushed; the others still are
  for (const auto& [table, version] : tables) {
    if (unavailable_.count(table->oid)) continue;
    PersistedTable& state = persisted_[table->oid];
    Result<bool> changed = iceberg_->Flush(*table, *version, point, &state);
    if (!changed.ok()) {
      Status s =
          changed.status().WithContext("checkpoint of table " + table->schema + "." + table->name);
      logger_.Error(s.ToString());
      if (failure.ok()) failure = s;
      continue;
    }
    flushed += changed.value() ? 1 : 0;
    // The written rows now live in data files: let them leave memory.
    table->data->MakeCold(state.flushed_rows, [&state](uint64_t from, uint64_t to) {
      return IcebergStore::ColdSegments(state, from, to);
    });
  }
  const size_t table_count = tables.size();
  tables.clear();  // the versions that still held the rows now cold
  // Those rows were most of the heap: give the freed pages back to the system.
  if (flushed > 0) ReleaseFreeMemory();
  if (!failure.ok()) return failure;  // the WAL and the old checkpoint record stay
  for (auto it = unavailable_.begin(); it != unavailable_.end();) {
    it = live.count(*it) ? std::next(it) : unavailable_.erase(it);
  }
  if (!unavailable_.empty()) {
    // The unavailable tables still need their WAL: keep it, and the old checkpoint record.
    logger_.Warning("checkpoint at LSN " + std::to_string(point) + ": " + std::to_string(flushed) +
                    " tables committed; the WAL is kept because " +
                    std::to_string(unavailable_.size()) + " table(s) are unavailable");
    return Status::OK();
  }
  nlohmann::json checkpoint{{"lsn", point}, {"image", image}};
  s = iceberg_->catalog().PutFirnValue("checkpoint", checkpoint.dump());
  if (!s.ok()) return s;
  checkpoint_lsn_ = point;
  s = wal_->TruncateUpTo(point);
  if (!s.ok()) return s;
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                  start)
                .count();
  logger_.Info("checkpoint at LSN " + std::to_string(point) + ": " + std::to_string(flushed) +
               " of " + std::to_string(table_count) + " tables committed to Iceberg in " +
               std::to_string(ms) + " ms");
  return Status::OK();
}

std::optional<iceberg::TableHandle> StorageManager::Handle(uint32_t oid) {
  std::lock_guard<std::mutex> lock(checkpoint_mutex_);
  auto it = persisted_.find(oid);
  if (it == persisted_.end() || it->second.handle.metadata_location.empty()) return std::nullopt;
  return it->second.handle;
}

Result<StorageManager::ReadPoint> StorageManager::ResolveSnapshot(const std::string& id_or_tag) {
  std::lock_guard<std::mutex> lock(checkpoint_mutex_);
  std::optional<int64_t> id;
  try {
    size_t used = 0;
    int64_t v = std::stoll(id_or_tag, &used);
    if (used == id_or_tag.size()) id = v;
  } catch (const std::exception&) {
  }
  for (const auto& [oid, state] : persisted_) {
    const iceberg::TableMetadata& md = state.handle.metadata;
    const iceberg::Snapshot* snap = nullptr;
    if (id) snap = md.FindSnapshot(*id);
    auto ref = md.refs.find(id_or_tag);
    if (!snap && ref != md.refs.end() && ref->second.type == "tag") {
      snap = md.FindSnapshot(ref->second.snapshot_id);
    }
    if (snap) return ReadPoint{CoveredLsn(*snap), std::nullopt};
  }
  return Status::NotFound("no table has a snapshot or tag \"" + id_or_tag + "\"");
}

Result<std::shared_ptr<const TableVersion>> StorageManager::ReadAt(const TableInfo& table,
                                                                   const ReadPoint& point) {
  std::optional<iceberg::TableHandle> handle = Handle(table.oid);
  auto data = std::make_shared<TableData>(table.ColumnTypes());
  if (!handle) return data->Snapshot();
  const iceberg::Snapshot* best = nullptr;
  for (const iceberg::Snapshot& snap : handle->metadata.snapshots) {
    bool fits =
        point.lsn ? CoveredLsn(snap) <= *point.lsn : snap.timestamp_ms * 1000 <= *point.time_us;
    if (fits && (!best || snap.sequence_number > best->sequence_number)) best = &snap;
  }
  if (!best) return data->Snapshot();
  Status s =
      iceberg_->LoadSnapshot(*handle, best->snapshot_id, IcebergColumnsOf(table), *data, nullptr);
  if (!s.ok()) return s.WithContext("table " + table.schema + "." + table.name);
  return data->Snapshot();
}

Status StorageManager::CreateTag(const TableInfo& table, const std::string& tag,
                                 std::optional<int64_t> snapshot_id) {
  std::lock_guard<std::mutex> lock(checkpoint_mutex_);
  auto it = persisted_.find(table.oid);
  if (it == persisted_.end() || !it->second.handle.metadata.current_snapshot_id) {
    return Status::NotFound("table " + table.name + " has no snapshot yet; run CHECKPOINT first");
  }
  int64_t id = snapshot_id.value_or(*it->second.handle.metadata.current_snapshot_id);
  if (!it->second.handle.metadata.FindSnapshot(id)) {
    return Status::NotFound("table " + table.name + " has no snapshot " + std::to_string(id));
  }
  return iceberg_->Tag(&it->second, tag, id);
}

void StorageManager::BackgroundCheckpoints() {
  // Background checkpoints yield the CPU to statements: after a big load, a checkpoint's
  // Parquet encoding would otherwise take half of a 2-core machine from the queries that
  // follow. The threads it starts inherit the lower priority (Linux: per-thread nice).
  constexpr int kBackgroundNice = 10;
  if (::setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), kBackgroundNice) != 0) {
    logger_.Warning("background checkpoints run at normal priority: setpriority failed");
  }
  uint64_t bytes_at_checkpoint = wal_->bytes_written();
  auto last = std::chrono::steady_clock::now();
  std::unique_lock<std::mutex> lock(background_mutex_);
  while (!stopping_) {
    background_cv_.wait_for(lock, std::chrono::milliseconds(500));
    if (stopping_) break;
    uint64_t bytes = wal_->bytes_written();
    auto now = std::chrono::steady_clock::now();
    bool big = bytes - bytes_at_checkpoint >= options_.checkpoint_bytes;
    bool old = bytes > bytes_at_checkpoint && now - last >= options_.checkpoint_interval;
    if (!big && !old) continue;
    lock.unlock();
    Status s = Checkpoint();
    lock.lock();
    if (!s.ok()) logger_.Warning("background checkpoint failed: " + s.ToString());
    // On failure, wait a full interval before trying again.
    bytes_at_checkpoint = bytes;
    last = now;
  }
}

}  // namespace firn
