// KeyMap: encoded unique keys (UniqueKeys::EncodeKey) to 64-bit values. An 8-byte key —
// one integer-like column, the usual primary key — lives in one open-addressed array
// (linear probing, at most half full, deletion by backward shift): one cache miss per
// lookup, where a node-based map of strings cost several and most of a keyed insert's time.
// Other keys go to a node-based map.
// Thread-safety: none; the owner serializes all calls.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace firn {

class KeyMap {
 public:
  // Never a value: marks an empty slot.
  static constexpr uint64_t kEmpty = UINT64_MAX;

  // The value of `key`, or nullptr. The pointer is valid until the next Insert or Erase.
  uint64_t* Find(std::string_view key);
  const uint64_t* Find(std::string_view key) const { return const_cast<KeyMap*>(this)->Find(key); }
  // Adds key -> value unless `key` is there; returns its value's slot (valid as Find's) and
  // whether it was added. REQUIRES: value != kEmpty.
  std::pair<uint64_t*, bool> Insert(std::string_view key, uint64_t value);
  // Makes `key`'s value `value`, adding it if needed. REQUIRES: value != kEmpty.
  void Set(std::string_view key, uint64_t value) { *Insert(key, value).first = value; }
  void Erase(std::string_view key);
  size_t size() const { return size_ + others_.size(); }

 private:
  struct Slot {
    uint64_t key = 0;
    uint64_t value = kEmpty;
  };
  static uint64_t Word(std::string_view key);
  size_t Home(uint64_t word) const {
    return static_cast<size_t>((word * 0x9E3779B97F4A7C15ull) >> shift_);
  }
  // The slot holding `word`, or the empty slot where it would go. REQUIRES: slots exist.
  size_t Probe(uint64_t word) const;
  void Grow();

  std::vector<Slot> slots_;
  size_t mask_ = 0;
  unsigned shift_ = 64;
  size_t size_ = 0;  // occupied slots
  std::unordered_map<std::string, uint64_t> others_;
};

}  // namespace firn
