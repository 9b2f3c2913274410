#include "storage/column_cache.h"

namespace firn {

std::shared_ptr<const ColumnCache::Chunks> ColumnCache::Get(uint64_t file, uint32_t row_group,
                                                            uint32_t column) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = index_.find(Key{file, row_group, column});
  if (it == index_.end()) {
    misses_++;
    return nullptr;
  }
  hits_++;
  lru_.splice(lru_.begin(), lru_, it->second);
  return it->second->value;
}

void ColumnCache::Put(uint64_t file, uint32_t row_group, uint32_t column,
                      std::shared_ptr<const Chunks> value) {
  const Key key{file, row_group, column};
  const size_t bytes = BytesOf(*value);
  std::lock_guard<std::mutex> lock(mutex_);
  if (auto it = index_.find(key); it != index_.end()) {
    bytes_ -= it->second->bytes;
    lru_.erase(it->second);
    index_.erase(it);
  }
  lru_.push_front(Entry{key, std::move(value), bytes});
  index_[key] = lru_.begin();
  bytes_ += bytes;
  // The newest entry stays even when it alone exceeds the budget: its reader is using it.
  while (bytes_ > budget_ && lru_.size() > 1) {
    const Entry& victim = lru_.back();
    bytes_ -= victim.bytes;
    index_.erase(victim.key);
    lru_.pop_back();
  }
}

ColumnCache::Stats ColumnCache::stats() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return Stats{bytes_, lru_.size(), budget_, hits_, misses_};
}

size_t ColumnCache::BytesOf(const Chunks& chunks) {
  size_t bytes = 0;
  const std::vector<std::string>* counted_dictionary = nullptr;  // a chunk's vectors share one
  for (const Vector& v : chunks) {
    if (const StringDictionary* d = v.dictionary()) {
      bytes += sizeof(StringDictionary) + d->codes.size() * sizeof(uint16_t);
      if (d->values.get() != counted_dictionary) {
        counted_dictionary = d->values.get();
        for (const std::string& s : *counted_dictionary) bytes += sizeof(std::string) + s.size();
      }
    }
    const size_t n = v.size();
    bytes += sizeof(Vector) + n;  // + the null flags
    switch (v.physical()) {
      case PhysicalType::kInt64:
        bytes += n * sizeof(int64_t);
        break;
      case PhysicalType::kDouble:
        bytes += n * sizeof(double);
        break;
      case PhysicalType::kString:
        for (const std::string& s : v.strings()) {
          bytes += sizeof(std::string) + (s.capacity() > 15 ? s.capacity() + 1 : 0);
        }
        break;
      case PhysicalType::kNumeric:
        bytes += n * sizeof(Numeric);
        break;
      case PhysicalType::kInterval:
        bytes += n * sizeof(Interval);
        break;
      case PhysicalType::kUuid:
        bytes += n * sizeof(Uuid);
        break;
      case PhysicalType::kArray:
        bytes += n * 64;  // a shared array: a rough guess is enough for a budget
        break;
    }
  }
  return bytes;
}

}  // namespace firn
