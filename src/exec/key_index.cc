#include "exec/key_index.h"

namespace firn {

KeyIndex::KeyIndex(const std::vector<Type>& key_types) {
  if (key_types.size() != 1) return;
  PhysicalType p = PhysicalTypeOf(key_types[0].id);
  if (p == PhysicalType::kInt64) path_ = Path::kInt;
  if (p == PhysicalType::kString && key_types[0].id != TypeId::kBpchar) path_ = Path::kText;
}

uint32_t KeyIndex::AddKey(RowKey key) {
  keys_.push_back(std::move(key));
  return static_cast<uint32_t>(keys_.size() - 1);
}

void KeyIndex::Assign(const std::vector<const Vector*>& columns, const uint32_t* rows, size_t n,
                      uint32_t* ids) {
  auto new_id = [&] { return static_cast<uint32_t>(keys_.size()); };
  // Low-cardinality keys come in runs (a status column, rows of one entity together): a
  // row whose key equals the previous row's takes its id without a hash lookup.
  size_t last = SIZE_MAX;  // the previous non-NULL row of the one-column paths
  for (size_t i = 0; i < n; i++) {
    size_t r = rows ? rows[i] : i;
    if (path_ == Path::kGeneric) {
      RowKey key;
      key.values.reserve(columns.size());
      for (const Vector* v : columns) key.values.push_back(v->GetValue(r));
      auto [it, inserted] = generic_.try_emplace(key, new_id());
      if (inserted) AddKey(std::move(key));
      ids[i] = it->second;
      continue;
    }
    const Vector& column = *columns[0];
    uint32_t id;
    if (column.IsNull(r)) {
      if (!null_id_) null_id_ = AddKey(RowKey{{column.GetValue(r)}});
      id = *null_id_;
    } else {
      // One path for int and text keys: the run check, then the hash map.
      auto run_or_lookup = [&](const auto& values, auto&& lookup) {
        const auto& v = values[r];
        if (last != SIZE_MAX && values[rows ? rows[last] : last] == v) return ids[last];
        uint32_t found = lookup(v);
        if (found == new_id()) AddKey(RowKey{{column.GetValue(r)}});
        return found;
      };
      if (path_ == Path::kInt) {
        id = run_or_lookup(column.ints(),
                           [&](int64_t v) { return ints_.FindOrInsert(v, new_id()); });
      } else {
        id = run_or_lookup(column.strings(), [&](const std::string& v) {
          return texts_.try_emplace(v, new_id()).first->second;
        });
      }
      last = i;
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
  auto it = texts_.find(v.GetString());
  if (it == texts_.end()) return std::nullopt;
  return it->second;
}

}  // namespace firn
