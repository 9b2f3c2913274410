// Catalog: feature views.
#include "catalog/catalog.h"
#include "common/sql_error.h"

namespace firn {

std::shared_ptr<const FeatureViewInfo> Catalog::GetView(const std::string& schema,
                                                        const std::string& name) const {
  std::shared_lock lock(mutex_);
  auto it = views_.find({schema, name});
  return it == views_.end() ? nullptr : it->second;
}

std::vector<std::shared_ptr<const FeatureViewInfo>> Catalog::ListViews() const {
  std::shared_lock lock(mutex_);
  std::vector<std::shared_ptr<const FeatureViewInfo>> out;
  for (const auto& [key, view] : views_) out.push_back(view);
  return out;
}

std::vector<std::shared_ptr<const FeatureViewInfo>> Catalog::ViewsOnTable(uint32_t oid) const {
  std::shared_lock lock(mutex_);
  std::vector<std::shared_ptr<const FeatureViewInfo>> out;
  for (const auto& [key, view] : views_) {
    if (view->source_oid == oid) out.push_back(view);
  }
  return out;
}

std::shared_ptr<const FeatureViewInfo> Catalog::CreateView(FeatureViewInfo info) {
  std::unique_lock lock(mutex_);
  auto key = std::make_pair(info.schema, info.name);
  CheckNewRelation(key, false);
  info.oid = next_oid_++;
  auto view = std::make_shared<const FeatureViewInfo>(std::move(info));
  views_[key] = view;
  version_.fetch_add(1, std::memory_order_acq_rel);
  return view;
}

bool Catalog::DropView(const std::string& schema, const std::string& name, bool if_exists) {
  std::unique_lock lock(mutex_);
  if (views_.erase({schema, name}) == 0) {
    if (if_exists) return false;
    throw SqlError(sqlstate::kUndefinedTable, "materialized view \"" + name + "\" does not exist");
  }
  version_.fetch_add(1, std::memory_order_acq_rel);
  return true;
}

void Catalog::RestoreView(std::shared_ptr<const FeatureViewInfo> view) {
  std::unique_lock lock(mutex_);
  auto key = std::make_pair(view->schema, view->name);
  if (!schemas_.count(view->schema) || RelationExists(key)) return;
  views_.emplace(key, std::move(view));
  version_.fetch_add(1, std::memory_order_acq_rel);
}

void Catalog::SetViewRuntime(uint32_t oid, std::shared_ptr<FeatureSource> runtime) {
  std::unique_lock lock(mutex_);
  for (auto& [key, view] : views_) {
    if (view->oid != oid) continue;
    auto copy = std::make_shared<FeatureViewInfo>(*view);
    copy->runtime = std::move(runtime);
    view = std::move(copy);
    return;  // the version stays: the definition did not change
  }
}

}  // namespace firn
