// Wal: Firn's write-ahead log. A transaction is one record; a record is durable once its
// bytes and a checksum are on disk. Segment files live in one directory and are named by the
// LSN of their first record, so truncation after a checkpoint deletes whole files.
//
//   segment = header (8-byte magic "FIRNWAL1", u64 first LSN) then records
//   record  = u32 crc32(len..payload) | u64 len | u64 lsn | payload[len]   (little-endian)
//
// LSNs are consecutive integers starting at 1. Commit() is a group commit: concurrent
// callers queue, and one leader writes the whole queue with one write() and, if any caller
// asked for it, one fdatasync(); then it runs every caller's `apply` in LSN order. So the
// order in which changes become visible is exactly the order of the log, which is what
// recovery replays.
// Thread-safety: all methods may be called concurrently.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "common/logger.h"
#include "common/status.h"

namespace firn {

struct WalOptions {
  std::string dir;
  uint64_t segment_bytes = 64ull << 20;  // start a new segment beyond this size
  // With synchronous_commit off, unsynced records are fsynced at least this often.
  int background_sync_ms = 200;
  Logger* logger = nullptr;  // REQUIRES: non-null, outlives the Wal
};

class Wal {
 public:
  // Starts a new segment whose first record will be `next_lsn` (the LSN after the last
  // record recovery accepted).
  static Result<std::unique_ptr<Wal>> Open(WalOptions options, uint64_t next_lsn);
  ~Wal();
  Wal(const Wal&) = delete;
  Wal& operator=(const Wal&) = delete;

  // Appends `payload` as one record. When `sync`, returns once it is fsynced; otherwise
  // once it is written to the OS (a crash may lose the last moments). `apply(lsn)` runs
  // after the record is written (and synced, if asked), in LSN order with every other
  // caller's, before Commit returns; it is not called when the write fails. After an I/O
  // error that could leave a partial record the log refuses further writes.
  Status Commit(std::string_view payload, bool sync, const std::function<void(uint64_t)>& apply);

  // One piece of a record's payload, and its Checksum when the caller computed it while
  // producing the bytes (else Commit computes it).
  struct Piece {
    std::string_view bytes;
    std::optional<uint32_t> crc;
  };
  // The same with the payload in pieces, in order: they are written as they are, never
  // copied into one buffer (a big COPY's record is tens of megabytes).
  Status Commit(const std::vector<Piece>& payload, bool sync,
                const std::function<void(uint64_t)>& apply);

  // The checksum of record bytes (crc32).
  static uint32_t Checksum(std::string_view bytes);

  // Runs `fn(last_lsn)` with no commit in flight or starting: `last_lsn` is the newest
  // record whose apply has run. Checkpoints capture their consistent point here. A new
  // segment is started first, so every older segment ends at or before `last_lsn`.
  Status Quiesce(const std::function<void(uint64_t last_lsn)>& fn);

  // Deletes segments whose records all have LSN <= lsn.
  Status TruncateUpTo(uint64_t lsn);

  uint64_t last_lsn() const;
  // Bytes of records written since Open (checkpoint triggers compare two readings).
  uint64_t bytes_written() const;

 private:
  struct Writer;
  explicit Wal(WalOptions options, uint64_t next_lsn);
  Status OpenSegment(uint64_t first_lsn);  // REQUIRES: mu_ held or single-threaded
  Status WriteAll(const std::vector<std::string_view>& parts, uint64_t total);
  void BackgroundSync();

  const WalOptions options_;
  mutable std::mutex mu_;
  std::condition_variable quiesce_cv_;
  std::deque<Writer*> writers_;  // GUARDED_BY(mu_); front is the leader
  bool leader_active_ = false;   // GUARDED_BY(mu_)
  bool quiescing_ = false;       // GUARDED_BY(mu_)
  int fd_ = -1;                  // written only by the leader
  uint64_t segment_size_ = 0;    // bytes in the current segment
  uint64_t segment_first_lsn_ = 0;
  uint64_t bytes_written_ = 0;  // GUARDED_BY(mu_)
  uint64_t next_lsn_;           // GUARDED_BY(mu_)
  uint64_t applied_lsn_;        // GUARDED_BY(mu_)
  bool unsynced_ = false;       // GUARDED_BY(mu_)
  Status broken_;               // GUARDED_BY(mu_): set after an unrecoverable write error
  bool stop_ = false;           // GUARDED_BY(mu_)
  std::condition_variable stop_cv_;
  std::thread syncer_;
};

// Reads the log in `dir` in LSN order, calling `fn(lsn, payload)` for each record with
// lsn > after_lsn. A torn or corrupt record ends the log: the segment is truncated there and
// any later segments are removed, each cut reported through `logger` with what was cut and
// why. Returns the LSN of the last good record (or after_lsn when there is none). `fn` may
// return a non-OK status to abort recovery.
Result<uint64_t> ReplayWal(const std::string& dir, uint64_t after_lsn, Logger& logger,
                           const std::function<Status(uint64_t, std::string_view)>& fn);

}  // namespace firn
