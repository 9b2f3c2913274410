// Catalog: comments (COMMENT ON), kept by pg_description's key.
#include <algorithm>

#include "catalog/catalog.h"

namespace firn {
namespace {

// The columns of the relation with OID `oid` in `relations` (a map of catalog entries with
// `oid` and `columns`), or -1 when none has it.
template <typename Map>
int ColumnCountOf(const Map& relations, uint32_t oid) {
  for (const auto& [key, info] : relations) {
    if (info->oid == oid) return static_cast<int>(info->columns.size());
  }
  return -1;
}

template <typename Map>
bool HasOid(const Map& relations, uint32_t oid) {
  return std::any_of(relations.begin(), relations.end(),
                     [&](const auto& entry) { return entry.second->oid == oid; });
}

}  // namespace

bool Catalog::CommentTargetExists(const CommentKey& key) const {
  if (key.classoid == kPgNamespaceOid) {
    return key.objsubid == 0 &&
           std::any_of(schemas_.begin(), schemas_.end(),
                       [&](const auto& entry) { return entry.second.oid == key.objoid; });
  }
  if (key.classoid != kPgClassOid) return false;
  int columns = ColumnCountOf(tables_, key.objoid);
  if (columns < 0) columns = ColumnCountOf(views_, key.objoid);
  if (columns < 0) columns = ColumnCountOf(sql_views_, key.objoid);
  if (columns >= 0) return key.objsubid <= columns;
  return key.objsubid == 0 && (HasOid(sequences_, key.objoid) || HasOid(indexes_, key.objoid));
}

std::string Catalog::SetComment(const CommentKey& key, std::string text) {
  std::unique_lock lock(mutex_);
  std::string previous;
  auto it = comments_.find(key);
  if (it != comments_.end()) {
    previous = std::move(it->second);
    comments_.erase(it);
  }
  if (!text.empty()) comments_[key] = std::move(text);
  version_.fetch_add(1, std::memory_order_acq_rel);
  return previous;
}

std::string Catalog::GetComment(const CommentKey& key) const {
  std::shared_lock lock(mutex_);
  auto it = comments_.find(key);
  return it == comments_.end() || !CommentTargetExists(key) ? "" : it->second;
}

std::vector<std::pair<CommentKey, std::string>> Catalog::ListComments() const {
  std::shared_lock lock(mutex_);
  std::vector<std::pair<CommentKey, std::string>> out;
  for (const auto& [key, text] : comments_) {
    if (CommentTargetExists(key)) out.emplace_back(key, text);
  }
  return out;
}

}  // namespace firn
