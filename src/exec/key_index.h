// KeyIndex: dense ids for keys (GROUP BY groups, feature-view entities). NULLs are equal,
// as in GROUP BY. A key of one integer-like, uuid or text column (not bpchar, whose trailing
// spaces do not count) is looked up by its raw value, without building a RowKey per row;
// other keys go through RowKey. A text column that carries its dictionary codes (Parquet
// text; Vector::dictionary) is looked up once per distinct code, not once per row.
// Thread-safety: none; the owner serializes Assign against Find.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "exec/int_id_map.h"
#include "exec/operator.h"

namespace firn {

// For hash maps keyed by uuid: mixes both words, since uuids need not be random (v1/v7 ones
// differ mostly in their leading bytes).
struct UuidHash {
  size_t operator()(const Uuid& u) const noexcept {
    uint64_t h = (u.hi ^ (u.lo * 0x9e3779b97f4a7c15ULL)) * 0xbf58476d1ce4e5b9ULL;
    return static_cast<size_t>(h ^ (h >> 31));
  }
};

class KeyIndex {
 public:
  explicit KeyIndex(const std::vector<Type>& key_types);

  // Sets ids[i] to the id of the key in row rows[i] of `columns` (row i when `rows` is
  // null), for i < n. A key seen for the first time gets the next id. `columns` are the key
  // columns in order, with the types given at construction.
  void Assign(const std::vector<const Vector*>& columns, const uint32_t* rows, size_t n,
              uint32_t* ids);
  // The id of `key` (values of the key types), if it was assigned.
  std::optional<uint32_t> Find(const RowKey& key) const;

  const RowKey& key(uint32_t id) const { return keys_[id]; }
  const std::vector<RowKey>& keys() const { return keys_; }
  size_t size() const { return keys_.size(); }

 private:
  enum class Path { kInt, kText, kUuid, kGeneric };
  uint32_t AddKey(RowKey key);
  // The text path for a column with dictionary codes.
  void AssignCoded(const Vector& column, const StringDictionary& dict, const uint32_t* rows,
                   size_t n, uint32_t* ids);
  // `id` as a map gave it for row `row`'s key; a new id (keys_.size()) gets that key.
  uint32_t AddIfNew(uint32_t id, const Vector& column, size_t row);
  uint32_t NullKey(const Vector& column, size_t row);

  Path path_ = Path::kGeneric;
  std::vector<RowKey> keys_;
  std::optional<uint32_t> null_id_;  // the NULL key of a one-column fast path
  IntIdMap ints_;
  std::unordered_map<std::string, uint32_t> texts_;
  std::unordered_map<Uuid, uint32_t, UuidHash> uuids_;
  // The ids of the last dictionary's values (kNone: not yet looked up); the dictionary is
  // held so that a new one at the same address can never be taken for it.
  std::shared_ptr<const std::vector<std::string>> coded_values_;
  std::vector<uint32_t> code_ids_;
  std::unordered_map<RowKey, uint32_t, RowKeyHash> generic_;
};

}  // namespace firn
