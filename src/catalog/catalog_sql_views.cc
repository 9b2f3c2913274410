// Catalog: plain views (CREATE VIEW). See SqlViewInfo in catalog.h.
#include <algorithm>

#include "catalog/catalog.h"

namespace firn {

bool SqlViewInfo::DependsOn(uint32_t relation) const {
  return std::any_of(uses.begin(), uses.end(),
                     [&](const ViewDependency& d) { return d.oid == relation; });
}

std::shared_ptr<const SqlViewInfo> Catalog::GetSqlView(const std::string& schema,
                                                       const std::string& name) const {
  std::shared_lock lock(mutex_);
  auto it = sql_views_.find({schema, name});
  return it == sql_views_.end() ? nullptr : it->second;
}

std::shared_ptr<const SqlViewInfo> Catalog::GetSqlViewByOid(uint32_t oid) const {
  std::shared_lock lock(mutex_);
  for (const auto& [key, view] : sql_views_) {
    if (view->oid == oid) return view;
  }
  return nullptr;
}

std::vector<std::shared_ptr<const SqlViewInfo>> Catalog::ListSqlViews() const {
  std::shared_lock lock(mutex_);
  std::vector<std::shared_ptr<const SqlViewInfo>> out;
  for (const auto& [key, view] : sql_views_) out.push_back(view);
  return out;
}

std::vector<std::shared_ptr<const SqlViewInfo>> Catalog::SqlViewsUsing(uint32_t oid) const {
  std::shared_lock lock(mutex_);
  std::vector<std::shared_ptr<const SqlViewInfo>> out;
  for (const auto& [key, view] : sql_views_) {
    if (view->DependsOn(oid)) out.push_back(view);
  }
  return out;
}

std::shared_ptr<const SqlViewInfo> Catalog::CreateSqlView(SqlViewInfo info) {
  std::unique_lock lock(mutex_);
  auto key = std::make_pair(info.schema, info.name);
  CheckNewRelation(key, false);
  info.oid = next_oid_++;
  auto view = std::make_shared<const SqlViewInfo>(std::move(info));
  sql_views_[key] = view;
  version_.fetch_add(1, std::memory_order_acq_rel);
  return view;
}

bool Catalog::ReplaceSqlView(std::shared_ptr<const SqlViewInfo> view) {
  std::unique_lock lock(mutex_);
  auto it = std::find_if(sql_views_.begin(), sql_views_.end(),
                         [&](const auto& entry) { return entry.second->oid == view->oid; });
  if (it == sql_views_.end()) return false;
  auto key = std::make_pair(view->schema, view->name);
  if (it->first == key) {
    it->second = std::move(view);
  } else {
    CheckNewRelation(key, false);  // 42P07
    sql_views_.erase(it);
    sql_views_.emplace(std::move(key), std::move(view));
  }
  version_.fetch_add(1, std::memory_order_acq_rel);
  return true;
}

bool Catalog::DropSqlView(const std::string& schema, const std::string& name) {
  std::unique_lock lock(mutex_);
  if (sql_views_.erase({schema, name}) == 0) return false;
  version_.fetch_add(1, std::memory_order_acq_rel);
  return true;
}

void Catalog::RestoreSqlView(std::shared_ptr<const SqlViewInfo> view) {
  std::unique_lock lock(mutex_);
  auto key = std::make_pair(view->schema, view->name);
  if (!schemas_.count(view->schema) || RelationExists(key)) return;
  sql_views_.emplace(std::move(key), std::move(view));
  version_.fetch_add(1, std::memory_order_acq_rel);
}

}  // namespace firn
