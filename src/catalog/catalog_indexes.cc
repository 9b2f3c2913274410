// Catalog: indexes, and names chosen for objects the user did not name.
#include <algorithm>

#include "catalog/catalog.h"
#include "common/sql_error.h"

namespace firn {

namespace {

constexpr size_t kMaxNameBytes = 63;  // PostgreSQL's NAMEDATALEN - 1

// `text` cut to at most `bytes` bytes, not inside a UTF-8 character.
std::string Clip(const std::string& text, size_t bytes) {
  if (text.size() <= bytes) return text;
  while (bytes > 0 && (static_cast<unsigned char>(text[bytes]) & 0xC0) == 0x80) bytes--;
  return text.substr(0, bytes);
}

}  // namespace

std::string MakeObjectName(const std::string& name1, const std::string& name2,
                           const std::string& label) {
  size_t available = kMaxNameBytes - label.size() - (name2.empty() ? 1 : 2);
  size_t a = name1.size();
  size_t b = name2.size();
  while (a + b > available) (a > b ? a : b)--;
  return Clip(name1, a) + "_" + (name2.empty() ? "" : Clip(name2, b) + "_") + label;
}

std::string Catalog::ChooseRelationName(const std::string& schema, const std::string& name1,
                                        const std::string& name2, const std::string& label) const {
  std::shared_lock lock(mutex_);
  for (int pass = 0;; pass++) {
    std::string name =
        MakeObjectName(name1, name2, pass == 0 ? label : label + std::to_string(pass));
    if (!RelationExists({schema, name})) return name;
  }
}

bool IndexInfo::Fits(const TableInfo& table) const {
  auto fits = [&](int c) { return c >= 0 && static_cast<size_t>(c) < table.columns.size(); };
  return std::all_of(columns.begin(), columns.end(),
                     [&](const IndexColumn& c) { return fits(c.column); }) &&
         std::all_of(include.begin(), include.end(), fits);
}

std::shared_ptr<const IndexInfo> Catalog::GetIndex(const std::string& schema,
                                                   const std::string& name) const {
  std::shared_lock lock(mutex_);
  auto it = indexes_.find({schema, name});
  return it == indexes_.end() ? nullptr : it->second;
}

std::vector<std::shared_ptr<const IndexInfo>> Catalog::ListIndexes() const {
  std::shared_lock lock(mutex_);
  std::vector<std::shared_ptr<const IndexInfo>> out;
  for (const auto& [key, index] : indexes_) out.push_back(index);
  return out;
}

std::vector<std::shared_ptr<const IndexInfo>> Catalog::IndexesOn(uint32_t table_oid) const {
  std::shared_lock lock(mutex_);
  std::vector<std::shared_ptr<const IndexInfo>> out;
  for (const auto& [key, index] : indexes_) {
    if (index->table_oid == table_oid) out.push_back(index);
  }
  return out;
}

std::shared_ptr<const IndexInfo> Catalog::CreateIndex(IndexInfo info, bool if_not_exists) {
  std::unique_lock lock(mutex_);
  auto key = std::make_pair(info.schema, info.name);
  if (!CheckNewRelation(key, if_not_exists)) return nullptr;
  info.oid = next_oid_++;
  auto index = std::make_shared<const IndexInfo>(std::move(info));
  indexes_[key] = index;
  version_.fetch_add(1, std::memory_order_acq_rel);
  return index;
}

bool Catalog::DropIndex(const std::string& schema, const std::string& name) {
  std::unique_lock lock(mutex_);
  if (indexes_.erase({schema, name}) == 0) return false;
  version_.fetch_add(1, std::memory_order_acq_rel);
  return true;
}

bool Catalog::RenameIndex(const std::string& schema, const std::string& name,
                          const std::string& new_name) {
  std::unique_lock lock(mutex_);
  auto it = indexes_.find({schema, name});
  if (it == indexes_.end()) return false;
  if (RelationExists({schema, new_name})) {
    throw SqlError(sqlstate::kDuplicateTable, "relation \"" + new_name + "\" already exists");
  }
  auto renamed = std::make_shared<IndexInfo>(*it->second);
  renamed->name = new_name;
  indexes_.erase(it);
  indexes_.emplace(std::make_pair(schema, new_name), std::move(renamed));
  version_.fetch_add(1, std::memory_order_acq_rel);
  return true;
}

void Catalog::RestoreIndex(std::shared_ptr<const IndexInfo> index) {
  std::unique_lock lock(mutex_);
  auto key = std::make_pair(index->schema, index->name);
  if (!schemas_.count(index->schema) || RelationExists(key)) return;
  auto table = std::find_if(tables_.begin(), tables_.end(),
                            [&](const auto& t) { return t.second->oid == index->table_oid; });
  if (table == tables_.end() || !index->Fits(*table->second)) return;
  indexes_.emplace(std::move(key), std::move(index));
  version_.fetch_add(1, std::memory_order_acq_rel);
}

}  // namespace firn
