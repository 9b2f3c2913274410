// IntIdMap: 64-bit integer keys to 32-bit ids, in one open-addressed array (linear
// probing, at most half full). KeyIndex's one-integer-column path: a node-based map cost
// a cache miss and a division per lookup, at millions of lookups per catch-up or GROUP BY.
// Every int64 is a valid key; ids are the caller's (any value but kNone).
// Thread-safety: none; concurrent Find calls are safe when nothing inserts.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace firn {

class IntIdMap {
 public:
  static constexpr uint32_t kNone = UINT32_MAX;

  // The id of `key`, or kNone.
  uint32_t Find(int64_t key) const {
    if (slots_.empty()) return kNone;
    for (size_t i = Home(key);; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (s.id == kNone || s.key == key) return s.id;
    }
  }

  // Starts fetching the memory that Find or FindOrInsert of `key` reads first.
  void Prefetch(int64_t key) const {
    if (!slots_.empty()) __builtin_prefetch(&slots_[Home(key)]);
  }

  // The id of `key`; when it has none, `id` becomes its id (and is returned).
  uint32_t FindOrInsert(int64_t key, uint32_t id) {
    if (2 * (size_ + 1) > slots_.size()) Grow();
    for (size_t i = Home(key);; i = (i + 1) & mask_) {
      Slot& s = slots_[i];
      if (s.id == kNone) {
        s = Slot{key, id};
        size_++;
        return id;
      }
      if (s.key == key) return s.id;
    }
  }

  size_t size() const { return size_; }

 private:
  struct Slot {
    int64_t key = 0;
    uint32_t id = kNone;  // kNone: empty
  };

  // Fibonacci hashing: the top bits of key x 2^64/phi spread runs of ids over the table.
  size_t Home(int64_t key) const {
    return static_cast<size_t>((static_cast<uint64_t>(key) * 0x9E3779B97F4A7C15ull) >> shift_);
  }

  void Grow() {
    std::vector<Slot> old = std::move(slots_);
    size_t capacity = old.empty() ? 16 : old.size() * 2;
    slots_.assign(capacity, Slot{});
    mask_ = capacity - 1;
    shift_ = 64 - static_cast<unsigned>(__builtin_ctzll(capacity));
    size_ = 0;
    for (const Slot& s : old) {
      if (s.id != kNone) FindOrInsert(s.key, s.id);
    }
  }

  std::vector<Slot> slots_;
  size_t mask_ = 0;
  unsigned shift_ = 64;
  size_t size_ = 0;
};

}  // namespace firn
