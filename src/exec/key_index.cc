#include "exec/key_index.h"

#include <array>
#include <cstring>

namespace firn {

KeyIndex::KeyIndex(const std::vector<Type>& key_types) {
  if (key_types.size() != 1) return;
  PhysicalType p = PhysicalTypeOf(key_types[0].id);
  if (p == PhysicalType::kInt64) path_ = Path::kInt;
  // Blank-padded and jsonb keys are equal beyond their bytes ("a " = "a", 1.0 = 1).
  TypeId id = key_types[0].id;
  if (p == PhysicalType::kString && id != TypeId::kBpchar && id != TypeId::kJsonb) {
    path_ = Path::kText;
  }
  if (p == PhysicalType::kUuid) path_ = Path::kUuid;
}

uint32_t KeyIndex::AddKey(RowKey key) {
  keys_.push_back(std::move(key));
  return static_cast<uint32_t>(keys_.size() - 1);
}

namespace {

// a == b for the short strings keys usually are, without a call to memcmp: equal sizes,
// then the first and last 8 (or 4) bytes as words, which cover every byte up to 16 (8).
inline bool SameText(const std::string& a, const std::string& b) {
  size_t n = a.size();
  if (n != b.size()) return false;
  const char* x = a.data();
  const char* y = b.data();
  auto word = [](const char* p, auto zero) {
    decltype(zero) w;
    std::memcpy(&w, p, sizeof w);
    return w;
  };
  if (n >= 8) {
    if (n > 16) return std::memcmp(x, y, n) == 0;
    return word(x, uint64_t{}) == word(y, uint64_t{}) &&
           word(x + n - 8, uint64_t{}) == word(y + n - 8, uint64_t{});
  }
  if (n >= 4) {
    return word(x, uint32_t{}) == word(y, uint32_t{}) &&
           word(x + n - 4, uint32_t{}) == word(y + n - 4, uint32_t{});
  }
  for (size_t i = 0; i < n; i++) {
    if (x[i] != y[i]) return false;
  }
  return true;
}

}  // namespace

void KeyIndex::Assign(const std::vector<const Vector*>& columns, const uint32_t* rows, size_t n,
                      uint32_t* ids) {
  auto new_id = [&] { return static_cast<uint32_t>(keys_.size()); };
  if (path_ == Path::kGeneric) {
    for (size_t i = 0; i < n; i++) {
      size_t r = rows ? rows[i] : i;
      RowKey key;
      key.values.reserve(columns.size());
      for (const Vector* v : columns) key.values.push_back(v->GetValue(r));
      auto [it, inserted] = generic_.try_emplace(key, new_id());
      if (inserted) AddKey(std::move(key));
      ids[i] = it->second;
    }
    return;
  }
  const Vector& column = *columns[0];
  if (path_ == Path::kText && column.dictionary()) {
    AssignCoded(column, *column.dictionary(), rows, n, ids);
    return;
  }
  auto add_if_new = [&](uint32_t id, size_t r) { return AddIfNew(id, column, r); };
  auto null_key = [&](size_t r) { return NullKey(column, r); };
  // Low-cardinality keys come in runs (a status column, rows of one entity together): a
  // row whose key equals the previous row's takes its id without a hash lookup.
  size_t last = SIZE_MAX;  // the previous non-NULL row
  if (path_ == Path::kInt) {
    const std::vector<int64_t>& values = column.ints();
    // Keys spread over a big table miss the cache on every lookup: the slot of the key a
    // few rows ahead is fetched while this one is looked up.
    constexpr size_t kAhead = 8;
    for (size_t i = 0; i < n; i++) {
      size_t r = rows ? rows[i] : i;
      if (i + kAhead < n) ints_.Prefetch(values[rows ? rows[i + kAhead] : i + kAhead]);
      if (column.IsNull(r)) {
        ids[i] = null_key(r);
        continue;
      }
      if (last != SIZE_MAX && values[rows ? rows[last] : last] == values[r]) {
        ids[i] = ids[last];
      } else {
        ids[i] = add_if_new(ints_.FindOrInsert(values[r], new_id()), r);
      }
      last = i;
    }
    return;
  }
  if (path_ == Path::kUuid) {
    const std::vector<Uuid>& values = column.uuids();
    for (size_t i = 0; i < n; i++) {
      size_t r = rows ? rows[i] : i;
      if (column.IsNull(r)) {
        ids[i] = null_key(r);
        continue;
      }
      if (last != SIZE_MAX && values[rows ? rows[last] : last] == values[r]) {
        ids[i] = ids[last];
      } else {
        ids[i] = add_if_new(uuids_.try_emplace(values[r], new_id()).first->second, r);
      }
      last = i;
    }
    return;
  }
  // Text: past the run check, the last few distinct keys (rows of this call) are compared
  // before hashing: a few distinct values interleaved (approved, declined) never hash.
  const std::vector<std::string>& values = column.strings();
  constexpr size_t kRecent = 4;
  struct Recent {
    const std::string* text = nullptr;
    uint32_t id = 0;
  };
  std::array<Recent, kRecent> recent{};
  size_t next_recent = 0;
  for (size_t i = 0; i < n; i++) {
    size_t r = rows ? rows[i] : i;
    if (column.IsNull(r)) {
      ids[i] = null_key(r);
      continue;
    }
    const std::string& v = values[r];
    if (last != SIZE_MAX && SameText(values[rows ? rows[last] : last], v)) {
      ids[i] = ids[last];
      last = i;
      continue;
    }
    last = i;
    uint32_t id = IntIdMap::kNone;
    for (const Recent& k : recent) {
      if (k.text && SameText(*k.text, v)) {
        id = k.id;
        break;
      }
    }
    if (id == IntIdMap::kNone) {
      id = add_if_new(texts_.try_emplace(v, new_id()).first->second, r);
      recent[next_recent] = Recent{&v, id};
      next_recent = (next_recent + 1) % kRecent;
    }
    ids[i] = id;
  }
}

uint32_t KeyIndex::AddIfNew(uint32_t id, const Vector& column, size_t row) {
  if (id == keys_.size()) AddKey(RowKey{{column.GetValue(row)}});  // a map just gave it out
  return id;
}

uint32_t KeyIndex::NullKey(const Vector& column, size_t row) {
  if (!null_id_) null_id_ = AddKey(RowKey{{column.GetValue(row)}});  // NULLs are one key
  return *null_id_;
}

void KeyIndex::AssignCoded(const Vector& column, const StringDictionary& dict, const uint32_t* rows,
                           size_t n, uint32_t* ids) {
  if (coded_values_ != dict.values) {  // a column chunk's vectors share one dictionary
    coded_values_ = dict.values;
    code_ids_.assign(dict.values->size(), IntIdMap::kNone);
  }
  const uint16_t* codes = dict.codes.data();
  const uint8_t* nulls = column.nulls();
  if (!rows) {  // the usual case, without a branch per row: every code known, no NULL
    uint32_t unusual = 0;
    for (size_t i = 0; i < n; i++) {
      ids[i] = code_ids_[codes[i]];
      unusual |= static_cast<uint32_t>(ids[i] == IntIdMap::kNone) | nulls[i];
    }
    if (unusual == 0) return;
  }
  for (size_t i = 0; i < n; i++) {
    size_t r = rows ? rows[i] : i;
    if (nulls[r]) {
      ids[i] = NullKey(column, r);
      continue;
    }
    uint32_t& id = code_ids_[codes[r]];
    if (id == IntIdMap::kNone) {
      const std::string& text = (*dict.values)[codes[r]];
      id = AddIfNew(texts_.try_emplace(text, static_cast<uint32_t>(keys_.size())).first->second,
                    column, r);
    }
    ids[i] = id;
  }
}

std::optional<uint32_t> KeyIndex::Find(const RowKey& key) const {
  if (path_ == Path::kGeneric) {
    auto it = generic_.find(key);
    if (it == generic_.end()) return std::nullopt;
    return it->second;
  }
  if (key.values.size() != 1) return std::nullopt;
  const Value& v = key.values[0];
  if (v.is_null()) return null_id_;
  if (path_ == Path::kInt) {
    uint32_t id = ints_.Find(v.GetInt64());
    if (id == IntIdMap::kNone) return std::nullopt;
    return id;
  }
  if (path_ == Path::kUuid) {
    auto it = uuids_.find(v.GetUuid());
    if (it == uuids_.end()) return std::nullopt;
    return it->second;
  }
  auto it = texts_.find(v.GetString());
  if (it == texts_.end()) return std::nullopt;
  return it->second;
}

}  // namespace firn
