#include "storage/unique_keys.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <unordered_map>

#include "storage/segment_columns.h"

namespace firn {
namespace {

void PutInt(int64_t v, std::string* out) {
  char bytes[sizeof v];
  std::memcpy(bytes, &v, sizeof v);
  out->append(bytes, sizeof v);
}

void PutBytes(std::string_view bytes, std::string* out) {
  PutInt(static_cast<int64_t>(bytes.size()), out);
  out->append(bytes);
}

// PostgreSQL's numeric equality ignores the display scale: 1.0 = 1.00.
void PutNumeric(const Numeric& n, std::string* out) {
  const std::vector<int16_t>& digits = n.digits();
  size_t end = digits.size();
  while (end > 0 && digits[end - 1] == 0) end--;
  size_t begin = 0;
  while (begin < end && digits[begin] == 0) begin++;
  if (begin == end && !n.IsNaN() && !n.IsInf()) {
    out->push_back('0');  // every zero, whatever its sign or scale
    return;
  }
  out->push_back(static_cast<char>('a' + static_cast<int>(n.sign())));
  PutInt(static_cast<int64_t>(n.weight()) - static_cast<int64_t>(begin), out);
  PutInt(static_cast<int64_t>(end - begin), out);
  for (size_t i = begin; i < end; i++) PutInt(digits[i], out);
}

// interval_eq compares spans: a month is 30 days, a day 24 hours.
void PutInterval(const Interval& iv, std::string* out) {
  constexpr __int128 kDay = __int128{86400} * 1000000;
  __int128 span = (static_cast<__int128>(iv.months) * 30 + iv.days) * kDay + iv.micros;
  PutInt(static_cast<int64_t>(span >> 64), out);
  PutInt(static_cast<int64_t>(static_cast<uint64_t>(span)), out);
}

bool KeyOfRow(const std::vector<const Vector*>& columns, size_t row, std::string* out) {
  return UniqueKeys::EncodeKey(columns, row, out);
}

// The key columns of a chunk (nullptr: a column the rows lack, so NULL).
std::vector<const Vector*> KeyColumns(const DataChunk& chunk, const std::vector<int>& columns) {
  std::vector<const Vector*> out;
  for (int c : columns) {
    out.push_back(static_cast<size_t>(c) < chunk.column_count() ? &chunk.column(c) : nullptr);
  }
  return out;
}

// Whether pending row `p` of `write` was deleted again before the commit.
bool DeletedAgain(const TableWrite& write, size_t p) {
  return p < write.insert_deleted.size() && write.insert_deleted[p] != 0;
}

// Calls fn(key, ordinal among the kept rows, pending row) for each of `write`'s inserts not
// deleted again whose key in `columns` has no NULL, until fn returns false.
template <typename Fn>
void ForEachKeptKey(const TableWrite& write, const std::vector<int>& columns, Fn&& fn) {
  uint64_t ordinal = 0;
  std::string key;
  const PendingRows& rows = write.inserts;
  for (size_t k = 0; k < rows.chunks().size(); k++) {
    const DataChunk& chunk = *rows.chunks()[k];
    std::vector<const Vector*> vectors = KeyColumns(chunk, columns);
    for (size_t r = 0; r < chunk.size(); r++) {
      const size_t p = rows.chunk_start(k) + r;
      if (DeletedAgain(write, p)) continue;
      const uint64_t kept = ordinal++;
      if (KeyOfRow(vectors, r, &key) && !fn(key, kept, p)) return;
    }
  }
}

}  // namespace

bool UniqueKeys::EncodeKey(const std::vector<const Vector*>& columns, size_t row,
                           std::string* out) {
  out->clear();
  for (const Vector* v : columns) {
    if (v == nullptr || v->IsNull(row)) return false;
    switch (v->physical()) {
      case PhysicalType::kInt64:
        PutInt(v->ints()[row], out);
        break;
      case PhysicalType::kDouble: {
        double d = v->doubles()[row];
        if (d == 0) d = 0;                                                // -0 = 0
        if (std::isnan(d)) d = std::numeric_limits<double>::quiet_NaN();  // NaN = NaN
        int64_t bits = 0;
        std::memcpy(&bits, &d, sizeof d);
        PutInt(bits, out);
        break;
      }
      case PhysicalType::kString: {
        std::string_view s = v->strings()[row];
        if (v->type().id == TypeId::kBpchar) {  // trailing blanks do not count
          while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
        }
        PutBytes(s, out);
        break;
      }
      case PhysicalType::kNumeric:
        PutNumeric(v->numerics()[row], out);
        break;
      case PhysicalType::kInterval:
        PutInterval(v->intervals()[row], out);
        break;
      case PhysicalType::kUuid: {
        const Uuid& u = v->uuids()[row];
        PutInt(static_cast<int64_t>(u.hi), out);
        PutInt(static_cast<int64_t>(u.lo), out);
        break;
      }
      case PhysicalType::kArray:
        return false;  // refused by CheckKeyTypes
    }
  }
  return true;
}

Status UniqueKeys::CheckKeyTypes(const std::vector<Type>& types) {
  for (const Type& t : types) {
    if (PhysicalTypeOf(t.id) == PhysicalType::kArray) {
      return Status::NotSupported("unique keys of array columns are not supported");
    }
  }
  return Status::OK();
}

Result<std::vector<std::pair<std::string, uint64_t>>> UniqueKeys::KeysOfRows(
    const TableVersion& version, const std::vector<int>& columns,
    const std::vector<uint64_t>& row_ids) {
  std::vector<uint64_t> ids = row_ids;
  std::sort(ids.begin(), ids.end());
  std::vector<std::pair<std::string, uint64_t>> keys;
  size_t i = 0;
  std::string key;
  for (const TableSegment& seg : version.segments) {
    while (i < ids.size() && ids[i] < seg.first_row_id) i++;
    if (i >= ids.size()) break;
    if (ids[i] >= seg.end_row_id()) continue;
    std::vector<bool> needed;
    for (int c : columns) {
      if (needed.size() <= static_cast<size_t>(c)) needed.resize(c + 1, false);
      needed[c] = true;
    }
    Result<SegmentColumns> read = SegmentColumns::Read(seg, needed);
    if (!read.ok()) return read.status();
    std::vector<const Vector*> vectors;
    for (int c : columns) vectors.push_back(&read.value().column(c));
    for (; i < ids.size() && ids[i] < seg.end_row_id(); i++) {
      if (KeyOfRow(vectors, ids[i] - seg.first_row_id, &key)) keys.emplace_back(key, ids[i]);
    }
  }
  return keys;
}

Result<UniqueKeys::Map*> UniqueKeys::BuiltMap(
    const UniqueIndexSpec& index, const TableData& data,
    std::optional<std::pair<uint64_t, uint64_t>>* duplicate) {
  auto it = maps_.find(index.oid);
  if (it != maps_.end()) return &it->second;
  // Commit() holds mutex_ while it applies rows, so this snapshot has every commit whose
  // keys are not yet in a map and none that will be added to it later.
  std::shared_ptr<const TableVersion> version = data.Snapshot();
  Map map;
  map.columns = index.columns;
  std::vector<bool> needed;
  for (int c : index.columns) {
    if (needed.size() <= static_cast<size_t>(c)) needed.resize(c + 1, false);
    needed[c] = true;
  }
  std::string key;
  for (const TableSegment& seg : version->segments) {
    if (seg.size() == 0) continue;
    Result<SegmentColumns> read = SegmentColumns::Read(seg, needed);
    if (!read.ok()) return read.status();
    std::vector<const Vector*> vectors;
    for (int c : index.columns) vectors.push_back(&read.value().column(c));
    for (size_t r = 0; r < seg.size(); r++) {
      if (seg.deleted && (*seg.deleted)[r]) continue;
      if (!KeyOfRow(vectors, r, &key)) continue;
      auto [held, added] = map.holders.Insert(key, seg.first_row_id + r);
      if (!added && duplicate && !*duplicate) *duplicate = {*held, seg.first_row_id + r};
    }
  }
  return &maps_.emplace(index.oid, std::move(map)).first->second;
}

Result<std::optional<std::pair<uint64_t, uint64_t>>> UniqueKeys::Build(const UniqueIndexSpec& index,
                                                                       const TableData& data) {
  std::lock_guard<std::mutex> lock(mutex_);
  std::optional<std::pair<uint64_t, uint64_t>> duplicate;
  Result<Map*> map = BuiltMap(index, data, &duplicate);
  if (!map.ok()) return map.status();
  if (duplicate) maps_.erase(index.oid);  // not an index to keep
  return duplicate;
}

void UniqueKeys::Forget(uint32_t index_oid) {
  std::lock_guard<std::mutex> lock(mutex_);
  maps_.erase(index_oid);
}

bool UniqueKeys::any_built() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return !maps_.empty();
}

Result<std::optional<KeyConflict>> UniqueKeys::Check(const std::vector<UniqueIndexSpec>& indexes,
                                                     const TableData& data, const TableWrite& write,
                                                     PendingKeys& pending) {
  for (; pending.deletes_seen_ < write.deletes.size(); pending.deletes_seen_++) {
    pending.deletes_.insert(write.deletes[pending.deletes_seen_]);
  }
  const PendingRows& rows = write.inserts;
  std::lock_guard<std::mutex> lock(mutex_);
  std::string key;
  for (const UniqueIndexSpec& index : indexes) {
    Result<Map*> built = BuiltMap(index, data, nullptr);
    if (!built.ok()) return built.status();
    const Map& map = *built.value();
    PendingKeys::Index& own = pending.indexes_[index.oid];
    if (own.checked > rows.size()) own = PendingKeys::Index();
    for (size_t k = 0; k < rows.chunks().size(); k++) {
      const DataChunk& chunk = *rows.chunks()[k];
      const size_t start = rows.chunk_start(k);
      if (start + chunk.size() <= own.checked) continue;
      std::vector<const Vector*> vectors = KeyColumns(chunk, index.columns);
      for (size_t r = own.checked - std::min(own.checked, start); r < chunk.size(); r++) {
        const size_t p = start + r;
        if (DeletedAgain(write, p) || !KeyOfRow(vectors, r, &key)) continue;
        const uint64_t* mine = own.rows.Find(key);
        if (mine != nullptr && !DeletedAgain(write, *mine)) {
          return std::optional<KeyConflict>(KeyConflict{index.oid, p, false});
        }
        const uint64_t* held = map.holders.Find(key);
        if (held != nullptr && ((*held & kClaimBit) != 0 || !pending.deletes_.count(*held))) {
          return std::optional<KeyConflict>(KeyConflict{index.oid, p, false});
        }
        own.rows.Set(key, p);
      }
    }
    own.checked = rows.size();
  }
  return std::optional<KeyConflict>();
}

Result<std::vector<KeyHolder>> UniqueKeys::Holders(const std::vector<UniqueIndexSpec>& indexes,
                                                   const TableData& data, const TableWrite& write,
                                                   const PendingKeys& pending,
                                                   const DataChunk& rows, bool updating) {
  using Kind = KeyHolder::Kind;
  std::vector<KeyHolder> holders(rows.size());
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<std::pair<const Map*, const PendingKeys::Index*>> maps;
  for (const UniqueIndexSpec& index : indexes) {
    Result<Map*> built = BuiltMap(index, data, nullptr);
    if (!built.ok()) return built.status();
    auto own = pending.indexes_.find(index.oid);
    maps.emplace_back(built.value(), own == pending.indexes_.end() ? nullptr : &own->second);
  }
  // The keys of earlier rows that are inserted (or, `updating`, that update a row).
  std::vector<std::unordered_map<std::string, size_t>> earlier(indexes.size());
  std::vector<std::vector<const Vector*>> vectors;
  for (const UniqueIndexSpec& index : indexes) vectors.push_back(KeyColumns(rows, index.columns));
  std::vector<std::string> keys(indexes.size());
  std::vector<bool> has_key(indexes.size());
  for (size_t r = 0; r < rows.size(); r++) {
    KeyHolder& holder = holders[r];
    for (size_t i = 0; i < indexes.size(); i++) {
      has_key[i] = KeyOfRow(vectors[i], r, &keys[i]);
      if (!has_key[i] || holder.kind != Kind::kNone) continue;
      auto first = earlier[i].find(keys[i]);
      if (first != earlier[i].end()) {
        holder = KeyHolder{Kind::kEarlierRow, first->second};
        continue;
      }
      const auto& [map, own] = maps[i];
      if (const uint64_t* held = map->holders.Find(keys[i])) {
        if ((*held & kClaimBit) != 0) {
          holder.kind = Kind::kInFlight;
        } else if (!pending.deletes_.count(*held)) {
          holder = KeyHolder{Kind::kCommitted, *held};
        }
      }
      if (own && holder.kind == Kind::kNone) {
        const uint64_t* mine = own->rows.Find(keys[i]);
        if (mine != nullptr && !DeletedAgain(write, *mine)) {
          holder = KeyHolder{Kind::kPending, *mine};
        }
      }
    }
    if (holder.kind != Kind::kNone && !updating) continue;
    for (size_t i = 0; i < indexes.size(); i++) {
      if (has_key[i]) earlier[i].emplace(keys[i], r);
    }
  }
  return holders;
}

Result<std::optional<KeyConflict>> UniqueKeys::Claim(const std::vector<UniqueIndexSpec>& indexes,
                                                     const TableData& data, const TableWrite& write,
                                                     KeyChanges& changes) {
  const std::unordered_set<uint64_t> deletes(write.deletes.begin(), write.deletes.end());
  std::lock_guard<std::mutex> lock(mutex_);
  changes.claim = kClaimBit | next_claim_++;
  changes.indexes.clear();
  std::shared_ptr<const TableVersion> version;
  std::optional<KeyConflict> conflict;
  for (const UniqueIndexSpec& index : indexes) {
    if (write.inserts.size() == 0 && !maps_.count(index.oid)) continue;
    Result<Map*> built = BuiltMap(index, data, nullptr);
    if (!built.ok()) return built.status();
    Map& map = *built.value();
    KeyChanges::Index& out = changes.indexes.emplace_back();
    out.oid = index.oid;
    if (!write.deletes.empty()) {
      if (!version) version = data.Snapshot();
      auto keys = KeysOfRows(*version, index.columns, write.deletes);
      if (!keys.ok()) return keys.status();
      out.deleted = std::move(keys.value());
    }
    ForEachKeptKey(write, index.columns, [&](const std::string& key, uint64_t kept, size_t p) {
      auto [held, added] = map.holders.Insert(key, changes.claim);
      if (added) {
        out.claimed.emplace_back(key, kNoHolder);
      } else if ((*held & kClaimBit) == 0 && deletes.count(*held)) {
        out.claimed.emplace_back(key, *held);
        *held = changes.claim;
      } else {
        bool replaced = std::any_of(out.deleted.begin(), out.deleted.end(),
                                    [&](const auto& d) { return d.first == key; });
        conflict = KeyConflict{index.oid, p, replaced && *held != changes.claim};
        return false;
      }
      out.inserted.emplace_back(key, kept);
      return true;
    });
    if (conflict) break;
  }
  if (conflict) {
    for (const KeyChanges::Index& index : changes.indexes) {
      Map& map = maps_.at(index.oid);
      for (const auto& [claimed, before] : index.claimed) {
        if (before == kNoHolder) {
          map.holders.Erase(claimed);
        } else {
          map.holders.Set(claimed, before);
        }
      }
    }
    changes.indexes.clear();
  }
  return conflict;
}

void UniqueKeys::Release(const KeyChanges& changes) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (const KeyChanges::Index& index : changes.indexes) {
    auto map = maps_.find(index.oid);
    if (map == maps_.end()) continue;
    for (const auto& [key, before] : index.claimed) {
      uint64_t* held = map->second.holders.Find(key);
      if (held == nullptr || *held != changes.claim) continue;
      if (before == kNoHolder) {
        map->second.holders.Erase(key);
      } else {
        *held = before;
      }
    }
  }
}

void UniqueKeys::Commit(const TableWrite& write, const KeyChanges* changes, const TableData& data,
                        const std::function<uint64_t()>& commit_rows) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (maps_.empty()) {
    commit_rows();
    return;
  }
  // A map built after this write's Claim (or without one) works its keys out here.
  std::shared_ptr<const TableVersion> before;
  std::map<uint32_t, KeyChanges::Index> late;
  for (const auto& [map_oid, map] : maps_) {
    const uint32_t oid = map_oid;  // a lambda cannot capture a structured binding (clang)
    bool claimed = changes && std::any_of(changes->indexes.begin(), changes->indexes.end(),
                                          [&](const KeyChanges::Index& i) { return i.oid == oid; });
    if (claimed) continue;
    KeyChanges::Index& index = late[oid];
    index.oid = oid;
    if (!write.deletes.empty()) {
      if (!before) before = data.Snapshot();
      auto keys = KeysOfRows(*before, map.columns, write.deletes);
      // A data file that cannot be read now could not be read by the next Build either;
      // forget the map so that it is built again then.
      if (!keys.ok()) {
        index.oid = 0;
        continue;
      }
      index.deleted = std::move(keys.value());
    }
    ForEachKeptKey(write, map.columns, [&](const std::string& key, uint64_t kept, size_t) {
      index.inserted.emplace_back(key, kept);
      return true;
    });
  }
  const uint64_t first = commit_rows();
  auto apply = [&](const KeyChanges::Index& index) {
    auto map = maps_.find(index.oid);
    if (map == maps_.end()) return;
    KeyMap& holders = map->second.holders;
    for (const auto& [key, row_id] : index.deleted) {
      const uint64_t* held = holders.Find(key);
      if (held != nullptr && *held == row_id) holders.Erase(key);
    }
    for (const auto& [key, ordinal] : index.inserted) holders.Set(key, first + ordinal);
  };
  if (changes) {
    for (const KeyChanges::Index& index : changes->indexes) apply(index);
  }
  for (const auto& [oid, index] : late) {
    if (index.oid == 0) {
      maps_.erase(oid);
    } else {
      apply(index);
    }
  }
}

}  // namespace firn
