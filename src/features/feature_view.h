// FeatureView: a feature view's online index and its evaluation as of any instant.
//
// The index maps each entity key to its source rows' (event time, row id), sorted by event
// time; rows committed since the last call are indexed at the start of the next one, so a
// lookup sees every acknowledged write (read-your-writes) and CREATE indexes the existing
// history (backfill). Evaluating entity k as of T gathers k's rows with event time in
// [T - horizon, T] from the table version the caller's transaction reads, applies the
// now()-dependent WHERE, runs the aggregates (the executor's own) with now() = T and then
// the output expressions. Online lookups (T = now) and point-in-time joins (T = a label's
// time) call the same Evaluate, so their values are identical by construction.
// Thread-safety: Evaluate may run concurrently; indexing is serialized internally.
#pragma once

#include <cstdint>
#include <functional>
#include <shared_mutex>
#include <unordered_map>
#include <vector>

#include "exec/feature_source.h"
#include "features/feature_definition.h"

namespace firn {

class FeatureView : public FeatureSource {
 public:
  explicit FeatureView(FeatureDefinition def);

  const FeatureDefinition& definition() const { return def_; }

  const std::vector<int>& entity_outputs() const override { return entity_outputs_; }
  void Evaluate(const std::vector<RowKey>* keys, int64_t as_of_us, ExecContext& ctx,
                std::vector<std::vector<Value>>& out) override;

  // Indexes rows committed since the last call; returns how many rows it read. `progress`,
  // when given, hears (rows read, rows to read) about every kProgressRows rows.
  static constexpr uint64_t kProgressRows = 1000000;
  uint64_t CatchUp(ExecContext& ctx,
                   const std::function<void(uint64_t, uint64_t)>& progress = nullptr);

  FeatureSourceStats stats() const override;

 private:
  struct Entry {
    int64_t event_time;
    uint64_t row_id;
    bool operator<(const Entry& o) const {
      return event_time != o.event_time ? event_time < o.event_time : row_id < o.row_id;
    }
  };

  const FeatureDefinition def_;
  const std::vector<Type> types_;  // the source table's column types
  std::vector<bool> needed_;       // source columns an evaluation reads
  std::vector<int> entity_outputs_;
  mutable std::shared_mutex mutex_;
  std::unordered_map<RowKey, std::vector<Entry>, RowKeyHash> index_;  // GUARDED_BY(mutex_)
  uint64_t indexed_upto_ = 0;                                         // GUARDED_BY(mutex_)
  uint64_t entries_ = 0;                                              // GUARDED_BY(mutex_)
};

}  // namespace firn
