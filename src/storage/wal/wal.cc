#include "storage/wal/wal.h"

#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cinttypes>
#include <cstring>
#include <filesystem>
#include <vector>

#include "storage/file_util.h"

namespace firn {

namespace {

constexpr char kMagic[8] = {'F', 'I', 'R', 'N', 'W', 'A', 'L', '1'};
constexpr size_t kSegmentHeader = 16;
constexpr size_t kRecordHeader = 20;  // crc, len, lsn

void PutU32(std::string* out, uint32_t v) {
  for (int i = 0; i < 4; i++) out->push_back(static_cast<char>(v >> (8 * i)));
}
void PutU64(std::string* out, uint64_t v) {
  for (int i = 0; i < 8; i++) out->push_back(static_cast<char>(v >> (8 * i)));
}
uint64_t GetU64(const char* p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; i--) v = (v << 8) | static_cast<uint8_t>(p[i]);
  return v;
}
uint32_t GetU32(const char* p) { return static_cast<uint32_t>(GetU64(p) & 0xffffffffu); }

uint32_t Checksum(const char* data, size_t n) { return Wal::Checksum(std::string_view(data, n)); }

// A record's header (crc, len, lsn) for a payload of `len` bytes whose checksum is
// `payload_crc`: the crc covers len, lsn and the payload.
std::string RecordHeader(uint64_t lsn, uint64_t len, uint32_t payload_crc) {
  std::string header;
  PutU32(&header, 0);
  PutU64(&header, len);
  PutU64(&header, lsn);
  uLong crc = crc32(0L, reinterpret_cast<const Bytef*>(header.data() + 4), 16);
  crc = crc32_combine(crc, payload_crc, static_cast<z_off_t>(len));
  for (int i = 0; i < 4; i++) header[static_cast<size_t>(i)] = static_cast<char>(crc >> (8 * i));
  return header;
}

std::string SegmentName(uint64_t first_lsn) {
  char name[32];
  snprintf(name, sizeof(name), "%016" PRIx64 ".wal", first_lsn);
  return name;
}

// Segment files in `dir`, sorted by first LSN.
std::vector<std::pair<uint64_t, std::string>> ListSegments(const std::string& dir) {
  std::vector<std::pair<uint64_t, std::string>> out;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    std::string name = entry.path().filename().string();
    if (name.size() != 20 || name.substr(16) != ".wal") continue;
    char* end = nullptr;
    uint64_t lsn = strtoull(name.c_str(), &end, 16);
    if (end != name.c_str() + 16) continue;
    out.emplace_back(lsn, entry.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

uint32_t Wal::Checksum(std::string_view bytes) {
  uLong crc = crc32(0L, Z_NULL, 0);
  const char* data = bytes.data();
  size_t n = bytes.size();
  while (n > 0) {
    uInt step = static_cast<uInt>(std::min<size_t>(n, 1u << 30));
    crc = crc32(crc, reinterpret_cast<const Bytef*>(data), step);
    data += step;
    n -= step;
  }
  return static_cast<uint32_t>(crc);
}

struct Wal::Writer {
  const std::vector<Piece>* payload = nullptr;
  uint64_t len = 0;
  uint32_t crc = 0;  // of the whole payload
  bool sync = false;
  const std::function<void(uint64_t)>* apply = nullptr;
  Status status;
  bool done = false;
};

Wal::Wal(WalOptions options, uint64_t next_lsn)
    : options_(std::move(options)), next_lsn_(next_lsn), applied_lsn_(next_lsn - 1) {}

Result<std::unique_ptr<Wal>> Wal::Open(WalOptions options, uint64_t next_lsn) {
  std::error_code ec;
  std::filesystem::create_directories(options.dir, ec);
  if (ec)
    return Status::IoError("cannot create WAL directory " + options.dir + ": " + ec.message());
  std::unique_ptr<Wal> wal(new Wal(std::move(options), next_lsn));
  Status s = wal->OpenSegment(next_lsn);
  if (!s.ok()) return s;
  wal->syncer_ = std::thread([w = wal.get()] { w->BackgroundSync(); });
  return wal;
}

Wal::~Wal() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  stop_cv_.notify_all();
  if (syncer_.joinable()) syncer_.join();
  if (fd_ >= 0) {
    if (unsynced_) ::fdatasync(fd_);
    ::close(fd_);
  }
}

Status Wal::OpenSegment(uint64_t first_lsn) {
  std::string path = options_.dir + "/" + SegmentName(first_lsn);
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return ErrnoStatus("cannot create WAL segment " + path);
  std::string header(kMagic, sizeof(kMagic));
  PutU64(&header, first_lsn);
  Status s = WriteFully(fd, header, path);
  if (s.ok() && ::fdatasync(fd) != 0) s = ErrnoStatus("cannot sync " + path);
  if (s.ok()) s = SyncDir(options_.dir);
  if (!s.ok()) {
    ::close(fd);
    ::unlink(path.c_str());
    return s;
  }
  if (fd_ >= 0) {
    if (::fdatasync(fd_) != 0) {
      ::close(fd);
      return ErrnoStatus("cannot sync WAL segment");
    }
    ::close(fd_);
  }
  fd_ = fd;
  segment_size_ = kSegmentHeader;
  segment_first_lsn_ = first_lsn;
  return Status::OK();
}

Status Wal::Commit(std::string_view payload, bool sync,
                   const std::function<void(uint64_t)>& apply) {
  return Commit(std::vector<Piece>{{payload, std::nullopt}}, sync, apply);
}

Status Wal::Commit(const std::vector<Piece>& payload, bool sync,
                   const std::function<void(uint64_t)>& apply) {
  Writer w;
  w.payload = &payload;
  // The checksum before queueing: concurrent committers compute theirs in parallel.
  w.crc = static_cast<uint32_t>(crc32(0L, Z_NULL, 0));
  for (const Piece& p : payload) {
    uint32_t crc = p.crc ? *p.crc : Checksum(p.bytes);
    w.crc = static_cast<uint32_t>(crc32_combine(w.crc, crc, static_cast<z_off_t>(p.bytes.size())));
    w.len += p.bytes.size();
  }
  w.sync = sync;
  w.apply = &apply;
  std::unique_lock<std::mutex> lock(mu_);
  writers_.push_back(&w);
  quiesce_cv_.wait(
      lock, [&] { return w.done || (&w == writers_.front() && !leader_active_ && !quiescing_); });
  if (w.done) return w.status;

  // Leader: write everything queued so far as one batch.
  leader_active_ = true;
  if (!broken_.ok()) {
    Status broken = broken_;
    for (Writer* x : writers_) {
      x->status = broken;
      x->done = true;
    }
    writers_.clear();
    leader_active_ = false;
    quiesce_cv_.notify_all();
    return broken;
  }
  std::vector<Writer*> batch(writers_.begin(), writers_.end());
  uint64_t first_lsn = next_lsn_;
  bool need_sync = false;
  std::vector<std::string> headers;
  headers.reserve(batch.size());
  std::vector<std::string_view> parts;
  uint64_t bytes = 0;
  for (size_t i = 0; i < batch.size(); i++) {
    headers.push_back(RecordHeader(first_lsn + i, batch[i]->len, batch[i]->crc));
    parts.push_back(headers.back());
    for (const Piece& p : *batch[i]->payload) {
      if (!p.bytes.empty()) parts.push_back(p.bytes);
    }
    bytes += kRecordHeader + batch[i]->len;
    need_sync |= batch[i]->sync;
  }
  lock.unlock();

  Status s;
  if (segment_size_ > options_.segment_bytes) s = OpenSegment(first_lsn);
  if (s.ok()) s = WriteAll(parts, bytes);
  if (s.ok() && need_sync && ::fdatasync(fd_) != 0) s = ErrnoStatus("cannot sync the WAL");
  if (s.ok()) {
    for (size_t i = 0; i < batch.size(); i++) (*batch[i]->apply)(first_lsn + i);
  }

  lock.lock();
  if (s.ok()) {
    next_lsn_ = first_lsn + batch.size();
    bytes_written_ += bytes;
    applied_lsn_ = next_lsn_ - 1;
    unsynced_ = unsynced_ || !need_sync;
    if (need_sync) unsynced_ = false;
  }
  for (Writer* x : batch) {
    x->status = s;
    x->done = true;
    writers_.pop_front();
  }
  leader_active_ = false;
  quiesce_cv_.notify_all();
  return s;
}

Status Wal::WriteAll(const std::vector<std::string_view>& parts, uint64_t total) {
  Status s = WriteFully(fd_, parts, "the WAL");
  if (s.ok()) {
    segment_size_ += total;
    return s;
  }
  // Take back a partial record so later records never follow garbage.
  if (::ftruncate(fd_, static_cast<off_t>(segment_size_)) != 0 ||
      ::lseek(fd_, static_cast<off_t>(segment_size_), SEEK_SET) < 0) {
    std::lock_guard<std::mutex> lock(mu_);
    broken_ = Status::IoError("the WAL could not be repaired after a failed write (" + s.message() +
                              "); restart the server");
  }
  return s;
}

Status Wal::Quiesce(const std::function<void(uint64_t)>& fn) {
  std::unique_lock<std::mutex> lock(mu_);
  quiesce_cv_.wait(lock, [&] { return !leader_active_ && !quiescing_; });
  quiescing_ = true;
  Status s;
  if (segment_size_ > kSegmentHeader) s = OpenSegment(next_lsn_);
  if (s.ok()) fn(applied_lsn_);
  quiescing_ = false;
  quiesce_cv_.notify_all();
  return s;
}

Status Wal::TruncateUpTo(uint64_t lsn) {
  std::vector<std::pair<uint64_t, std::string>> segments = ListSegments(options_.dir);
  // Segment i holds LSNs [first_i, first_{i+1}); it can go when first_{i+1} - 1 <= lsn.
  for (size_t i = 0; i + 1 < segments.size(); i++) {
    if (segments[i + 1].first - 1 > lsn) break;
    if (::unlink(segments[i].second.c_str()) != 0) {
      return ErrnoStatus("cannot remove WAL segment " + segments[i].second);
    }
  }
  return SyncDir(options_.dir);
}

uint64_t Wal::last_lsn() const {
  std::lock_guard<std::mutex> lock(mu_);
  return applied_lsn_;
}

uint64_t Wal::bytes_written() const {
  std::lock_guard<std::mutex> lock(mu_);
  return bytes_written_;
}

void Wal::BackgroundSync() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stop_) {
    stop_cv_.wait_for(lock, std::chrono::milliseconds(options_.background_sync_ms));
    if (stop_ || !unsynced_ || leader_active_ || quiescing_) continue;
    // Hold the leader role so the descriptor is not swapped underneath.
    leader_active_ = true;
    int fd = fd_;
    lock.unlock();
    int rc = ::fdatasync(fd);
    lock.lock();
    if (rc == 0) unsynced_ = false;
    leader_active_ = false;
    quiesce_cv_.notify_all();
  }
}

Result<uint64_t> ReplayWal(const std::string& dir, uint64_t after_lsn, Logger& logger,
                           const std::function<Status(uint64_t, std::string_view)>& fn) {
  std::vector<std::pair<uint64_t, std::string>> segments = ListSegments(dir);
  // The last LSN in the log so far. Segments must continue it exactly; it may lie below
  // `after_lsn` when a checkpoint's TruncateUpTo was interrupted and left covered segments.
  uint64_t log_end = 0;
  bool cut = false;
  for (size_t i = 0; i < segments.size(); i++) {
    const std::string& path = segments[i].second;
    if (cut) {
      logger.Warning("wal: removed " + path + ", which follows a cut");
      if (::unlink(path.c_str()) != 0) return ErrnoStatus("cannot remove " + path);
      continue;
    }
    Result<std::string> data = ReadWholeFile(path);
    if (!data.ok()) return data.status();
    const std::string& bytes = data.value();
    size_t pos = 0;
    std::string why;
    uint64_t expect = segments[i].first;
    if (i == 0 && expect > after_lsn + 1) {
      return Status::Corruption("WAL segment " + path + " starts at LSN " + std::to_string(expect) +
                                " but records after LSN " + std::to_string(after_lsn) +
                                " are needed: a segment is missing");
    }
    if (i > 0 && expect != log_end + 1) {
      why = "segment starts at LSN " + std::to_string(expect) + " after LSN " +
            std::to_string(log_end);
    } else if (bytes.size() < kSegmentHeader || memcmp(bytes.data(), kMagic, sizeof(kMagic)) != 0 ||
               GetU64(bytes.data() + 8) != expect) {
      why = "bad segment header";
    } else {
      pos = kSegmentHeader;
      log_end = expect - 1;  // an empty segment still says where the log goes on
      while (pos < bytes.size()) {
        if (bytes.size() - pos < kRecordHeader) {
          why = "torn record header";
          break;
        }
        uint64_t len = GetU64(bytes.data() + pos + 4);
        uint64_t lsn = GetU64(bytes.data() + pos + 12);
        if (len > bytes.size() - pos - kRecordHeader) {
          why = "torn record (" + std::to_string(len) + " payload bytes announced)";
          break;
        }
        uint32_t crc = GetU32(bytes.data() + pos);
        if (crc != Checksum(bytes.data() + pos + 4, 16 + len)) {
          why = "checksum mismatch";
          break;
        }
        if (lsn != expect) {
          why = "LSN " + std::to_string(lsn) + " where " + std::to_string(expect) + " was due";
          break;
        }
        if (lsn > after_lsn) {
          Status s = fn(lsn, std::string_view(bytes.data() + pos + kRecordHeader, len));
          if (!s.ok()) return s;
        }
        log_end = lsn;
        expect++;
        pos += kRecordHeader + len;
      }
    }
    if (!why.empty()) {
      cut = true;
      logger.Warning("wal: cut " + std::to_string(bytes.size() - pos) + " bytes at " + path +
                     " offset " + std::to_string(pos) + " (" + why + "); the log ends at LSN " +
                     std::to_string(std::max(log_end, after_lsn)));
      if (pos == 0) {
        if (::unlink(path.c_str()) != 0) return ErrnoStatus("cannot remove " + path);
      } else if (::truncate(path.c_str(), static_cast<off_t>(pos)) != 0) {
        return ErrnoStatus("cannot truncate " + path);
      }
    }
  }
  return std::max(log_end, after_lsn);
}

}  // namespace firn
