// Catalog: sequences, and the relation namespace they share with tables and feature views.
#include "catalog/catalog.h"
#include "common/sql_error.h"

namespace firn {

bool Catalog::RelationExists(const std::pair<std::string, std::string>& key) const {
  return tables_.count(key) || views_.count(key) || sequences_.count(key) || indexes_.count(key) ||
         sql_views_.count(key);
}

bool Catalog::CheckNewRelation(const std::pair<std::string, std::string>& key,
                               bool if_not_exists) const {
  const auto& [schema, name] = key;
  if (!schemas_.count(schema)) {
    throw SqlError(sqlstate::kInvalidSchemaName, "schema \"" + schema + "\" does not exist");
  }
  if (schema == "pg_catalog" || schema == "information_schema") {
    throw SqlError(sqlstate::kInsufficientPrivilege,
                   "permission denied to create \"" + schema + "." + name + "\"")
        .WithDetail("System catalog modifications are currently disallowed.");
  }
  if (!RelationExists(key)) return true;
  if (if_not_exists) return false;
  throw SqlError(sqlstate::kDuplicateTable, "relation \"" + name + "\" already exists");
}

std::shared_ptr<const SequenceInfo> Catalog::GetSequence(const std::string& schema,
                                                         const std::string& name) const {
  std::shared_lock lock(mutex_);
  auto it = sequences_.find({schema, name});
  return it == sequences_.end() ? nullptr : it->second;
}

std::shared_ptr<const SequenceInfo> Catalog::GetSequenceByOid(uint32_t oid) const {
  std::shared_lock lock(mutex_);
  for (const auto& [key, sequence] : sequences_) {
    if (sequence->oid == oid) return sequence;
  }
  return nullptr;
}

std::vector<std::shared_ptr<const SequenceInfo>> Catalog::ListSequences() const {
  std::shared_lock lock(mutex_);
  std::vector<std::shared_ptr<const SequenceInfo>> out;
  for (const auto& [key, sequence] : sequences_) out.push_back(sequence);
  return out;
}

std::vector<std::shared_ptr<const SequenceInfo>> Catalog::SequencesOwnedBy(uint32_t oid) const {
  std::shared_lock lock(mutex_);
  std::vector<std::shared_ptr<const SequenceInfo>> out;
  for (const auto& [key, sequence] : sequences_) {
    if (sequence->owner_table == oid) out.push_back(sequence);
  }
  return out;
}

std::shared_ptr<const SequenceInfo> Catalog::CreateSequence(SequenceInfo info, bool if_not_exists) {
  std::unique_lock lock(mutex_);
  auto key = std::make_pair(info.schema, info.name);
  if (!CheckNewRelation(key, if_not_exists)) return nullptr;
  info.oid = next_oid_++;
  if (!info.state) {
    info.state = std::make_shared<SequenceState>(SequencePosition{info.options.start, false});
  }
  auto sequence = std::make_shared<const SequenceInfo>(std::move(info));
  sequences_[key] = sequence;
  version_.fetch_add(1, std::memory_order_acq_rel);
  return sequence;
}

bool Catalog::DropSequence(const std::string& schema, const std::string& name, bool if_exists) {
  std::unique_lock lock(mutex_);
  if (sequences_.erase({schema, name}) == 0) {
    if (if_exists) return false;
    throw SqlError(sqlstate::kUndefinedTable, "sequence \"" + name + "\" does not exist");
  }
  version_.fetch_add(1, std::memory_order_acq_rel);
  return true;
}

void Catalog::RestoreSequence(std::shared_ptr<const SequenceInfo> sequence) {
  std::unique_lock lock(mutex_);
  auto key = std::make_pair(sequence->schema, sequence->name);
  if (!schemas_.count(sequence->schema) || RelationExists(key)) return;
  sequences_.emplace(std::move(key), std::move(sequence));
  version_.fetch_add(1, std::memory_order_acq_rel);
}

bool Catalog::ReplaceSequence(std::shared_ptr<const SequenceInfo> sequence) {
  std::unique_lock lock(mutex_);
  auto it = sequences_.find({sequence->schema, sequence->name});
  if (it == sequences_.end() || it->second->oid != sequence->oid) return false;
  it->second = std::move(sequence);
  version_.fetch_add(1, std::memory_order_acq_rel);
  return true;
}

}  // namespace firn
