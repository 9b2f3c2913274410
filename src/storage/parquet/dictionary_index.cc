#include "storage/parquet/dictionary_index.h"

namespace firn::parquet {

namespace {

size_t Slot(uint64_t bits, size_t mask) {
  bits ^= bits >> 33;  // murmur3's finalizer: nearby integers spread over the table
  bits *= 0xff51afd7ed558ccdULL;
  bits ^= bits >> 33;
  return static_cast<size_t>(bits) & mask;
}

}  // namespace

std::pair<uint32_t, bool> DictionaryIndex::Insert(uint64_t bits, uint32_t next) {
  if (2 * (used_ + 1) > ids_.size()) Grow();
  size_t mask = ids_.size() - 1;
  for (size_t s = Slot(bits, mask);; s = (s + 1) & mask) {
    if (ids_[s] == kEmpty) {
      keys_[s] = bits;
      ids_[s] = next;
      ++used_;
      return {next, true};
    }
    if (keys_[s] == bits) return {ids_[s], false};
  }
}

std::pair<uint32_t, bool> DictionaryIndex::Insert(std::string_view bytes, uint32_t next) {
  auto [it, inserted] = bytes_.try_emplace(std::string(bytes), next);
  return {it->second, inserted};
}

void DictionaryIndex::Grow() {
  std::vector<uint64_t> keys = std::move(keys_);
  std::vector<uint32_t> ids = std::move(ids_);
  size_t size = ids.empty() ? 1024 : 2 * ids.size();
  keys_.assign(size, 0);
  ids_.assign(size, kEmpty);
  size_t mask = size - 1;
  for (size_t i = 0; i < ids.size(); i++) {
    if (ids[i] == kEmpty) continue;
    size_t s = Slot(keys[i], mask);
    while (ids_[s] != kEmpty) s = (s + 1) & mask;
    keys_[s] = keys[i];
    ids_[s] = ids[i];
  }
}

void DictionaryIndex::Clear() {
  keys_.clear();
  ids_.clear();
  used_ = 0;
  bytes_.clear();
}

}  // namespace firn::parquet
