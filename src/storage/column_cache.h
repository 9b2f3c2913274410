// ColumnCache: decoded Parquet column chunks of cold table segments (storage/cold_file.h),
// kept within a byte budget, least recently used first out. One entry is one column of one
// row group of one data file, as the chunks of kChunkSize rows the reader decodes it into.
// Entries are shared: a reader keeps what it got alive after eviction.
// Thread-safety: every method may be called concurrently.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "types/vector.h"

namespace firn {

class ColumnCache {
 public:
  using Chunks = std::vector<Vector>;  // chunk k holds row-group rows [k*kChunkSize, ...)

  explicit ColumnCache(size_t budget_bytes) : budget_(budget_bytes) {}
  ColumnCache(const ColumnCache&) = delete;
  ColumnCache& operator=(const ColumnCache&) = delete;

  // A number no other file opened through this cache has; entries are keyed by it, so a
  // file's entries can never be mistaken for another's.
  uint64_t NewFileId() { return next_file_id_.fetch_add(1) + 1; }

  std::shared_ptr<const Chunks> Get(uint64_t file, uint32_t row_group, uint32_t column);
  // Inserts (or replaces) an entry and evicts the least recently used ones beyond the budget.
  void Put(uint64_t file, uint32_t row_group, uint32_t column, std::shared_ptr<const Chunks> value);

  struct Stats {
    size_t bytes = 0, entries = 0, budget = 0;
    uint64_t hits = 0, misses = 0;
  };
  Stats stats() const;

  // The heap bytes of a decoded column, as the budget counts them.
  static size_t BytesOf(const Chunks& chunks);

 private:
  struct Key {
    uint64_t file;
    uint32_t row_group, column;
    bool operator==(const Key& o) const {
      return file == o.file && row_group == o.row_group && column == o.column;
    }
  };
  struct KeyHash {
    size_t operator()(const Key& k) const {
      return static_cast<size_t>((k.file * 0x9E3779B97F4A7C15ULL) ^ (uint64_t{k.row_group} << 20) ^
                                 k.column);
    }
  };
  struct Entry {
    Key key;
    std::shared_ptr<const Chunks> value;
    size_t bytes;
  };

  const size_t budget_;
  std::atomic<uint64_t> next_file_id_{0};
  mutable std::mutex mutex_;
  std::list<Entry> lru_;  // most recently used first; GUARDED_BY(mutex_)
  std::unordered_map<Key, std::list<Entry>::iterator, KeyHash> index_;  // GUARDED_BY(mutex_)
  size_t bytes_ = 0;                                                    // GUARDED_BY(mutex_)
  uint64_t hits_ = 0, misses_ = 0;                                      // GUARDED_BY(mutex_)
};

}  // namespace firn
