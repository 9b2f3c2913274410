// FeatureView: a feature view's online index and its evaluation as of any instant.
//
// The index maps each entity key to its source rows (EntityRows: event time, row id, and
// the values its sliding aggregates read), sorted by event time; rows committed since the
// last call are indexed at the start of the next one, so a lookup sees every acknowledged
// write (read-your-writes) and CREATE indexes the existing history (backfill).
// Rows too old to change a lookup at the latest instants leave the index (eviction): when
// every window has a lower bound (the definition's horizon H), an entity's rows before
// min(latest event time, wall clock) - H go once they are at least half of its rows, so
// its memory is bounded by about twice the rows inside its longest window. An evaluation
// at an instant whose windows reach before an entity's evicted rows uses the history
// index instead: every row, built from the table on first need, caught up like the online
// one, and dropped after a minute without use.
// Evaluating entity k as of T moves k's sliding windows to T (sliding_window.h) and, for
// aggregates outside the WindowProgram, gathers k's rows in [T - horizon, T] from the table
// version the caller's transaction reads and runs the executor's aggregates over them with
// now() = T; then the output expressions. Online lookups (T = now) and point-in-time joins
// (one T per label, swept in time order per entity) run the same code, so their values
// are identical.
// Thread-safety: evaluations may run concurrently; indexing is serialized internally.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <tuple>
#include <utility>
#include <vector>

#include "exec/feature_source.h"
#include "exec/key_index.h"
#include "features/feature_definition.h"
#include "features/sliding_window.h"
#include "features/window_program.h"
#include "storage/segment_columns.h"

namespace firn {

class FeatureView : public FeatureSource {
 public:
  explicit FeatureView(FeatureDefinition def);

  const FeatureDefinition& definition() const { return def_; }

  const std::vector<int>& entity_outputs() const override { return entity_outputs_; }
  void Evaluate(const std::vector<RowKey>* keys, int64_t as_of_us, ExecContext& ctx,
                std::vector<std::vector<Value>>& out) override;
  void EvaluateAt(const std::vector<RowKey>& keys, const std::vector<int64_t>& instants,
                  ExecContext& ctx, std::vector<std::vector<Value>>& rows) override;

  // Indexes rows committed since the last call; returns how many rows it read. `progress`,
  // when given, hears (rows read, rows to read) about every kProgressRows rows.
  static constexpr uint64_t kProgressRows = 1000000;
  // A catch-up of this many rows or more files them into entities on a thread per core
  // (up to kMaxIndexThreads).
  static constexpr uint64_t kParallelIndexRows = 1 << 16;
  static constexpr size_t kMaxIndexThreads = 4;
  uint64_t CatchUp(ExecContext& ctx,
                   const std::function<void(uint64_t, uint64_t)>& progress = nullptr);

  FeatureSourceStats stats() const override;

 private:
  // Entity ids and each entity's indexed rows, in row-id order up to indexed_upto.
  struct Index {
    explicit Index(const std::vector<Type>& key_types) : keys(key_types) {}
    KeyIndex keys;
    std::vector<EntityRows> entities;  // by entity id
    uint64_t indexed_upto = 0;         // rows below this row id are indexed
    uint64_t entries = 0;              // rows held
    uint64_t evicted = 0;              // rows evicted
    int64_t latest_time = INT64_MIN;   // the latest event time indexed
    int64_t swept_cutoff = INT64_MIN;  // the eviction cutoff every entity was checked at
  };
  // Indexes `version`'s rows from index.indexed_upto on; returns the entities that got
  // rows.
  std::vector<uint32_t> IndexRows(Index& index, const TableVersion& version, ExecContext& ctx,
                                  const std::function<void(uint64_t, uint64_t)>& progress);
  // Evicts from online_ the rows too old to matter at the latest instants: of the
  // entities in `touched`, or of every entity once the cutoff has moved on enough.
  void Evict(const std::vector<uint32_t>& touched);
  // Builds history_ or indexes the rows committed since it was last used.
  void CatchUpHistory(ExecContext& ctx);
  // Drops history_ when no evaluation has used it for kHistoryIdleMicros.
  static constexpr int64_t kHistoryIdleMicros = 60 * 1000000;
  void DropIdleHistory();
  // Requests (entity id in `index`, request) for the keys of `which` that `index` knows,
  // grouped by entity, each entity's in time order (ties in request order).
  static std::vector<std::pair<uint32_t, size_t>> GroupRequests(
      const Index& index, const std::vector<RowKey>& keys, const std::vector<int64_t>& instants,
      const std::vector<size_t>& which);
  // Evaluates entity `id` of `index` at the instants of the requests `order`; returns false,
  // having written nothing, when an instant needs rows the index has evicted.
  struct MemoOutputs;
  // A lookup whose memo holds its output row gets that row (outputs.projected).
  bool EvaluateEntity(const Index& index, uint32_t id, const std::vector<size_t>& order,
                      const std::vector<int64_t>& instants, const TableVersion& version,
                      ExecContext& ctx, std::vector<std::vector<Value>>& grouped,
                      MemoOutputs& outputs);
  // One entity at one instant answered from its memo's output row (the online lookup's
  // common case), without the general path's per-request bookkeeping; false when the memo
  // cannot answer (EvaluateAt's general path then runs). Takes mutex_ shared.
  struct LookupMemo;
  bool TryMemoizedRow(const RowKey& key, int64_t instant, const TableVersion& version,
                      ExecContext& ctx, std::vector<Value>* row);
  // Whether `memo` still describes the entity's windows at event time `t`, whose window
  // bounds are `bounds`.
  static bool MemoHolds(const LookupMemo& memo, const EntityRows& rows, const TableVersion& version,
                        int64_t t, const std::vector<std::optional<int64_t>>& bounds);
  // Whether `rows` still hold every row that can matter at the instant whose event time
  // (EventTimeOfInstant) is `t`.
  bool Covers(const EntityRows& rows, int64_t t, const RowVisibility& visible) const;
  // Runs the generic aggregates over the entity's rows with event times in
  // [t - horizon, t] into their places in `results` (ctx's clock pinned to the instant);
  // returns whether the WHERE admits any of those rows.
  bool EvaluateGeneric(const EntityRows& rows, int64_t t, const TableVersion& version,
                       ExecContext& ctx, std::vector<Value>& results);
  struct Part;
  // The rows of `rows` (row ids from first_row_id) the view indexes, with their static
  // FILTER flags. Safe to call concurrently.
  Part SelectNewRows(SegmentColumns rows, uint64_t first_row_id, ExecContext& ctx) const;
  // Fills part.entity: the ids of its selected rows' entities (new ones get the next ids).
  void AssignEntities(KeyIndex& keys, Part& part) const;
  // How Scatter packs a row's indexed values into a record (feature_indexing.cc).
  struct RecordLayout;
  // Packs selected rows [from, to) of `part` into `records`, each at the slot next[its
  // entity id]++ (counted in records).
  void Scatter(const Part& part, size_t from, size_t to, const RecordLayout& layout,
               std::vector<uint64_t>& next, uint64_t* records) const;
  // Adds the packed row `record` to `entity`, in event-time order (or counts it as evicted
  // when it is older than the entity's evicted rows). Returns its event time.
  int64_t Append(EntityRows& entity, const RecordLayout& layout, const uint64_t* record);
  // Appends the `n` packed rows at `records` (in row-id order) to `entity`; returns their
  // latest event time.
  int64_t AppendRun(EntityRows& entity, const RecordLayout& layout, const uint64_t* records,
                    size_t n);
  // Turns each non-empty grouped row (entity values ++ aggregate results) not yet
  // `projected` into the view's output columns, with now() = its instant.
  void Project(const std::vector<int64_t>& instants, const std::vector<char>& projected,
               ExecContext& ctx, std::vector<std::vector<Value>>& rows);

  const FeatureDefinition def_;
  const WindowProgram program_;
  const std::vector<Type> types_;      // the source table's column types
  std::vector<bool> needed_;           // source columns a generic evaluation reads
  std::vector<bool> indexed_columns_;  // source columns indexing reads
  std::vector<AggregateSpec> generic_specs_;
  std::vector<Type> grouped_types_;  // entity columns ++ aggregate results
  std::vector<int> output_columns_;  // per output: the grouped column it copies, or -1
  bool computed_outputs_ = false;    // some output is not a plain column
  bool outputs_read_now_ = false;    // some computed output reads the clock
  bool memoize_outputs_ = false;     // every output depends on its grouped row alone
  std::vector<int> entity_outputs_;
  mutable std::shared_mutex mutex_;
  // The last one-instant evaluation of an entity (a lookup). A lookup whose windows hold
  // the same rows of the same table version (equal WindowPositions) reuses its values
  // instead of sliding every window again: between two events entering or leaving a
  // window, repeated lookups of an entity cost a few binary searches.
  struct LookupMemo {
    size_t rows = 0;  // the entity's indexed rows then
    uint64_t next_row_id = 0;
    uint64_t live_rows = 0;
    WindowExtent extent;  // where the windows stay as they were
    bool exists = false;
    std::vector<Value> results;  // by program_.sliding index
    // The projected output row, once computed (memoize_outputs_ only), and the session
    // time zone it was computed in.
    std::vector<Value> output;
    const TimeZone* output_zone = nullptr;
  };
  // Requests whose output row came from a memo, and memos that should keep theirs.
  struct MemoOutputs {
    std::vector<char> projected;  // by request
    std::vector<std::tuple<size_t, uint32_t, std::shared_ptr<const LookupMemo>>> pending;
  };
  static constexpr size_t kMemoLocks = 64;
  std::shared_ptr<const LookupMemo> LoadMemo(uint32_t id) const;
  void StoreMemo(uint32_t id, std::shared_ptr<const LookupMemo> memo);

  Index online_;  // GUARDED_BY(mutex_)
  // online_.indexed_upto, for CatchUp's check without the lock; set with it.
  std::atomic<uint64_t> online_upto_{0};
  // Every row, never evicted; nullptr until an evaluation needs evicted rows. Evaluations
  // hold history_mutex_ shared, catching up holds it exclusively.
  mutable std::shared_mutex history_mutex_;
  std::unique_ptr<Index> history_;           // GUARDED_BY(history_mutex_)
  std::atomic<int64_t> history_used_us_{0};  // when an evaluation last used it
  // By entity id; the vector's size GUARDED_BY(mutex_), each element by
  // memo_locks_[id % kMemoLocks] (lookups hold mutex_ shared).
  std::vector<std::shared_ptr<const LookupMemo>> memos_;
  // A cache line each: lookups on different cores lock different ones.
  struct alignas(64) MemoLock {
    std::mutex mutex;
  };
  mutable std::array<MemoLock, kMemoLocks> memo_locks_;
};

}  // namespace firn
