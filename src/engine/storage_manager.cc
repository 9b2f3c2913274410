#include "engine/storage_manager.h"

#include <chrono>

#include "storage/chunk_codec.h"
#include "storage/wal/wal.h"

namespace firn {

namespace {

// Transaction record: u8 version | u8 has_image | [bytes image] | varint changes |
//   per change: varint table oid | chunk inserts | varint n | n varint row-id deltas
constexpr uint8_t kRecordVersion = 1;

void EncodeRecord(const std::optional<std::string>& image,
                  const std::vector<TableChangeRef>& changes, std::string* out) {
  out->push_back(static_cast<char>(kRecordVersion));
  out->push_back(image ? 1 : 0);
  if (image) PutBytes(out, *image);
  size_t count = 0;
  for (const TableChangeRef& c : changes) count += c.write->empty() ? 0 : 1;
  PutVarint(out, count);
  for (const TableChangeRef& c : changes) {
    const TableWrite& w = *c.write;
    if (w.empty()) continue;
    PutVarint(out, c.table->oid);
    std::vector<uint32_t> keep;
    bool all = true;
    for (size_t r = 0; r < w.inserts.size(); r++) {
      if (r < w.insert_deleted.size() && w.insert_deleted[r]) {
        all = false;
      } else {
        keep.push_back(static_cast<uint32_t>(r));
      }
    }
    EncodeChunk(all ? w.inserts : w.inserts.Select(keep), out);
    std::vector<uint64_t> deletes = w.deletes;
    std::sort(deletes.begin(), deletes.end());
    PutVarint(out, deletes.size());
    uint64_t prev = 0;
    for (uint64_t id : deletes) {
      PutVarint(out, id - prev);
      prev = id;
    }
  }
}

}  // namespace

StorageManager::StorageManager(std::string data_dir, Catalog& catalog, Logger& logger)
    : data_dir_(std::move(data_dir)), catalog_(catalog), logger_(logger) {}

StorageManager::~StorageManager() = default;

Status StorageManager::Recover() {
  auto start = std::chrono::steady_clock::now();
  std::string wal_dir = data_dir_ + "/wal";
  size_t records = 0;
  Result<uint64_t> last = ReplayWal(wal_dir, 0, logger_, [&](uint64_t lsn, std::string_view p) {
    records++;
    return ReplayRecord(lsn, p);
  });
  if (!last.ok()) return last.status();
  WalOptions options;
  options.dir = wal_dir;
  options.logger = &logger_;
  Result<std::unique_ptr<Wal>> wal = Wal::Open(options, last.value() + 1);
  if (!wal.ok()) return wal.status();
  wal_ = wal.take();
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                  start)
                .count();
  logger_.Info("recovery: replayed " + std::to_string(records) + " WAL records up to LSN " +
               std::to_string(last.value()) + " in " + std::to_string(ms) + " ms");
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
    std::vector<Type> types = table && table->data ? table->ColumnTypes() : std::vector<Type>();
    TableWrite write(types);
    if (types.empty()) {
      if (!SkipChunk(&in)) return bad("truncated change to a dropped table");
    } else {
      Result<DataChunk> inserts = DecodeChunk(&in, types);
      if (!inserts.ok()) return bad(inserts.status().message());
      write.inserts = inserts.take();
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
    if (!types.empty()) table->data->Commit(write);
  }
  if (!in.empty()) return bad("trailing bytes");
  return Status::OK();
}

Status StorageManager::Commit(const std::vector<TableChangeRef>& changes, bool sync) {
  auto apply = [&](uint64_t) {
    for (const TableChangeRef& c : changes) {
      if (!c.write->empty()) c.table->data->Commit(*c.write);
    }
  };
  if (catalog_.version() == logged_catalog_version_.load(std::memory_order_acquire)) {
    bool any = false;
    for (const TableChangeRef& c : changes) any |= !c.write->empty();
    if (!any) return Status::OK();
    std::string record;
    EncodeRecord(std::nullopt, changes, &record);
    return wal_->Commit(record, sync, apply);
  }
  // The catalog changed since the last logged image: log the current one with this
  // transaction. Images are exported and logged under one mutex so the log holds them in
  // the order they were taken.
  std::lock_guard<std::mutex> lock(image_mutex_);
  uint64_t version = catalog_.version();
  std::string record;
  EncodeRecord(catalog_.ExportImage(), changes, &record);
  Status s = wal_->Commit(record, sync, apply);
  if (s.ok()) logged_catalog_version_.store(version, std::memory_order_release);
  return s;
}

}  // namespace firn
