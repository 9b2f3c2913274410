#include "features/feature_view.h"

#include <algorithm>
#include <mutex>
#include <thread>

#include "common/clock.h"
#include "common/memory.h"
#include "common/parallel_for.h"
#include "common/sql_error.h"
#include "exec/evaluator.h"
#include "exec/segment_read.h"
#include "features/sliding_window.h"
#include "types/timezone.h"

namespace firn {

namespace {

// Runs the evaluation with now() = the instant it is for, and puts the caller's clock back.
class ClockPin {
 public:
  ClockPin(ExecContext& ctx, int64_t now_us) : ctx_(ctx), saved_(ctx.eval.statement_time_us) {
    ctx.eval.statement_time_us = now_us;
  }
  ~ClockPin() { ctx_.eval.statement_time_us = saved_; }
  ClockPin(const ClockPin&) = delete;
  ClockPin& operator=(const ClockPin&) = delete;

 private:
  ExecContext& ctx_;
  int64_t saved_;
};

// The live rows among `row_ids` (ascending) of `version`, copied into chunks of at most
// kChunkSize rows with the table's column types.
std::vector<DataChunk> Gather(const TableInfo& table, const TableVersion& version,
                              const std::vector<Type>& types, const std::vector<bool>& needed,
                              const std::vector<uint64_t>& row_ids) {
  std::vector<DataChunk> out;
  size_t i = 0;
  for (const TableSegment& seg : version.segments) {
    if (i == row_ids.size()) break;
    uint64_t end = seg.end_row_id();
    while (i < row_ids.size() && row_ids[i] < seg.first_row_id) i++;  // not in this version
    if (i == row_ids.size() || row_ids[i] >= end) continue;
    SegmentColumns rows = ReadSegment(seg, needed, table.name);
    for (; i < row_ids.size() && row_ids[i] < end; i++) {
      size_t pos = row_ids[i] - seg.first_row_id;
      if (seg.deleted && (*seg.deleted)[pos]) continue;
      if (out.empty() || out.back().size() == kChunkSize) {
        out.emplace_back(types);
        size_t n = std::min(kChunkSize, row_ids.size() - i);
        for (size_t c = 0; c < types.size(); c++) out.back().column(c).Reserve(n);
      }
      DataChunk& chunk = out.back();
      // Columns no expression reads stay NULL: each copy is a likely cache miss.
      for (size_t c = 0; c < types.size(); c++) {
        Vector& column = chunk.column(c);
        if (needed[c]) {
          column.AppendFrom(rows.column(c), pos);
        } else {
          column.Resize(column.size() + 1);
        }
      }
      chunk.set_row_count(chunk.column(0).size());
    }
  }
  return out;
}

void MarkColumns(const BoundExprPtr& e, std::vector<bool>& needed) {
  if (!e) return;
  if (e->kind == BoundExprKind::kColumn && e->column >= 0 &&
      static_cast<size_t>(e->column) < needed.size()) {
    needed[static_cast<size_t>(e->column)] = true;
  }
  for (const BoundExprPtr& c : e->children) MarkColumns(c, needed);
  MarkColumns(e->else_expr, needed);
}

std::vector<Type> EntityTypes(const FeatureDefinition& def) {
  std::vector<Type> types;
  for (int c : def.entity_columns)
    types.push_back(def.source->columns[static_cast<size_t>(c)].type);
  return types;
}

}  // namespace

FeatureView::FeatureView(FeatureDefinition def)
    : def_(std::move(def)),
      program_(CompileWindowProgram(def_)),
      types_(def_.source->ColumnTypes()),
      needed_(types_.size(), false),
      indexed_columns_(types_.size(), false),
      entity_outputs_(def_.entity_columns.size(), -1),
      online_(EntityTypes(def_)) {
  MarkColumns(def_.where_dynamic, needed_);
  indexed_columns_[static_cast<size_t>(def_.event_time_column)] = true;
  for (int c : def_.entity_columns) indexed_columns_[static_cast<size_t>(c)] = true;
  for (const Lane& lane : program_.lanes) indexed_columns_[static_cast<size_t>(lane.column)] = true;
  MarkColumns(def_.where_static, indexed_columns_);
  for (const BoundExprPtr& m : program_.masks) MarkColumns(m, indexed_columns_);
  for (size_t i : program_.generic) {
    const AggregateSpec& a = def_.aggregates[i];
    generic_specs_.push_back(a);
    for (const BoundExprPtr& e : a.args) MarkColumns(e, needed_);
    for (const BoundExprPtr& e : a.order_exprs) MarkColumns(e, needed_);
    MarkColumns(a.filter, needed_);
  }
  grouped_types_ = EntityTypes(def_);
  for (const AggregateSpec& a : def_.aggregates) grouped_types_.push_back(a.result_type);
  for (size_t i = 0; i < def_.outputs.size(); i++) {
    const BoundExpr& e = *def_.outputs[i];
    bool column = e.kind == BoundExprKind::kColumn && e.column >= 0 &&
                  static_cast<size_t>(e.column) < grouped_types_.size() &&
                  e.type == grouped_types_[static_cast<size_t>(e.column)];
    output_columns_.push_back(column ? e.column : -1);
    computed_outputs_ |= !column;
    outputs_read_now_ |= !column && DependsOnNow(e);
    memoize_outputs_ = (i == 0 || memoize_outputs_) && DependsOnRowAlone(e);
    if (e.kind == BoundExprKind::kColumn && e.column >= 0 &&
        static_cast<size_t>(e.column) < entity_outputs_.size() && entity_outputs_[e.column] < 0) {
      entity_outputs_[static_cast<size_t>(e.column)] = static_cast<int>(i);
    }
  }
}

uint64_t FeatureView::CatchUp(ExecContext& ctx,
                              const std::function<void(uint64_t, uint64_t)>& progress) {
  // Nothing new (the common case for a lookup): no lock taken.
  if (online_upto_.load(std::memory_order_acquire) >= def_.source->data->next_row_id()) return 0;
  std::shared_ptr<const TableVersion> live = def_.source->data->Snapshot();
  {
    std::shared_lock lock(mutex_);
    online_upto_.store(online_.indexed_upto, std::memory_order_release);
    if (online_.indexed_upto >= live->next_row_id) return 0;
  }
  std::unique_lock lock(mutex_);
  uint64_t start = online_.indexed_upto;
  if (start >= live->next_row_id) return 0;
  std::vector<uint32_t> touched = IndexRows(online_, *live, ctx, progress);
  memos_.resize(online_.entities.size());
  Evict(touched);
  online_upto_.store(online_.indexed_upto, std::memory_order_release);
  lock.unlock();
  DropIdleHistory();
  uint64_t read = live->next_row_id - start;
  // A big catch-up's scratch (records, per-segment selections) is gone: give its pages
  // back, or the process keeps its peak for good.
  if (read >= kParallelIndexRows) ReleaseFreeMemory();
  return read;
}

void FeatureView::CatchUpHistory(ExecContext& ctx) {
  std::shared_ptr<const TableVersion> live = def_.source->data->Snapshot();
  std::unique_lock lock(history_mutex_);
  history_used_us_ = WallClockMicros();
  if (!history_) history_ = std::make_unique<Index>(EntityTypes(def_));
  // Rows are indexed whatever their visibility; an evaluation checks that against the
  // table version it reads (RowVisibility), so one index serves every version.
  uint64_t start = history_->indexed_upto;
  if (start < live->next_row_id) IndexRows(*history_, *live, ctx, nullptr);
  history_used_us_ = WallClockMicros();  // building it may have taken a while
  lock.unlock();
  if (live->next_row_id - std::min(start, live->next_row_id) >= kParallelIndexRows) {
    ReleaseFreeMemory();
  }
}

void FeatureView::DropIdleHistory() {
  if (WallClockMicros() - history_used_us_ < kHistoryIdleMicros) return;
  std::unique_lock lock(history_mutex_, std::try_to_lock);
  if (lock.owns_lock() && WallClockMicros() - history_used_us_ >= kHistoryIdleMicros) {
    history_.reset();
  }
}

void FeatureView::Evict(const std::vector<uint32_t>& touched) {
  if (!def_.horizon_us || online_.latest_time == INT64_MIN) return;
  int64_t wall = WallClockMicros();
  // Wall-clock event times: the earliest the wall clock reads in any zone (UTC-16:00,
  // beyond the widest offset a zone has), so lookups at now() find their rows in every zone.
  if (def_.event_time_is_local) wall -= int64_t{16} * 3600 * 1000000;
  int64_t cutoff = 0;
  if (__builtin_sub_overflow(std::min(online_.latest_time, wall), *def_.horizon_us, &cutoff)) {
    return;
  }
  // An entity's old rows go once they are half of its rows or more: each row is moved at
  // most about once more, and the entity keeps at most twice what its windows can hold.
  auto consider = [&](uint32_t e) {
    EntityRows& rows = online_.entities[e];
    auto old = std::lower_bound(rows.time.begin(), rows.time.end(), cutoff);
    size_t n = static_cast<size_t>(old - rows.time.begin());
    if (n == 0 || 2 * n < rows.size()) return;
    rows.EvictBefore(cutoff);
    online_.entries -= n;
    online_.evicted += n;
    StoreMemo(e, nullptr);
  };
  // Entities that got no rows are checked again only once the cutoff has moved by an
  // eighth of the horizon, so that a stream of small writes costs little.
  if (online_.swept_cutoff == INT64_MIN || cutoff - online_.swept_cutoff >= *def_.horizon_us / 8) {
    for (uint32_t e = 0; e < online_.entities.size(); e++) consider(e);
    online_.swept_cutoff = cutoff;
  } else {
    for (uint32_t e : touched) consider(e);
  }
}

void FeatureView::Evaluate(const std::vector<RowKey>* keys, int64_t as_of_us, ExecContext& ctx,
                           std::vector<std::vector<Value>>& out) {
  std::vector<RowKey> all;
  if (!keys) {
    CatchUp(ctx);
    std::shared_lock lock(mutex_);
    all = online_.keys.keys();
    keys = &all;
  }
  std::vector<std::vector<Value>> rows;
  EvaluateAt(*keys, std::vector<int64_t>(keys->size(), as_of_us), ctx, rows);
  for (std::vector<Value>& row : rows) {
    if (!row.empty()) out.push_back(std::move(row));
  }
}

std::vector<std::pair<uint32_t, size_t>> FeatureView::GroupRequests(
    const Index& index, const std::vector<RowKey>& keys, const std::vector<int64_t>& instants,
    const std::vector<size_t>& which) {
  std::vector<std::pair<uint32_t, size_t>> requests;  // (entity id, request)
  for (size_t i : which) {
    if (std::optional<uint32_t> id = index.keys.Find(keys[i])) requests.emplace_back(*id, i);
  }
  std::sort(requests.begin(), requests.end(), [&](const auto& a, const auto& b) {
    if (a.first != b.first) return a.first < b.first;
    if (instants[a.second] != instants[b.second]) return instants[a.second] < instants[b.second];
    return a.second < b.second;
  });
  return requests;
}

void FeatureView::EvaluateAt(const std::vector<RowKey>& keys, const std::vector<int64_t>& instants,
                             ExecContext& ctx, std::vector<std::vector<Value>>& rows) {
  // In a zone with daylight-saving shifts, wall-clock event times do not map to instants
  // in order (PostgreSQL reads a time in the spring-forward gap as standard time), so
  // "event time <= T" is not a prefix of the rows sorted by event time.
  if (def_.event_time_is_local && ctx.eval.time_zone && !ctx.eval.time_zone->is_fixed()) {
    throw SqlError(sqlstate::kFeatureNotSupported,
                   "a feature view over a timestamp (without time zone) event time is "
                   "evaluated only in a time zone without daylight-saving shifts, not in \"" +
                       ctx.eval.time_zone->name() + "\"")
        .WithHint(
            "SET TimeZone = 'UTC' (or a fixed offset such as '+02'), or declare the "
            "event_time column timestamptz.");
  }
  CatchUp(ctx);
  std::shared_ptr<const TableVersion> version = ctx.tables->Snapshot(*def_.source);
  if (keys.size() == 1) {
    std::vector<Value> row;
    if (TryMemoizedRow(keys[0], instants[0], *version, ctx, &row)) {
      rows.assign(1, std::move(row));
      return;
    }
  }
  std::vector<std::vector<Value>> grouped(keys.size());
  std::vector<size_t> all(keys.size());
  for (size_t i = 0; i < keys.size(); i++) all[i] = i;
  std::vector<std::pair<uint32_t, size_t>> requests;
  {
    std::shared_lock lock(mutex_);
    requests = GroupRequests(online_, keys, instants, all);
  }
  std::vector<size_t> uncovered;  // requests that need rows the online index has evicted
  MemoOutputs outputs;
  outputs.projected.assign(keys.size(), 0);
  // Calls fn(entity id, its requests in time order) for each entity of `requests`.
  std::vector<size_t> order;
  auto for_each_entity = [&](const auto& fn) {
    for (size_t i = 0; i < requests.size();) {
      ctx.CheckCancel();
      uint32_t id = requests[i].first;
      order.clear();
      for (; i < requests.size() && requests[i].first == id; i++) {
        order.push_back(requests[i].second);
      }
      fn(id, order);
    }
  };
  for_each_entity([&](uint32_t id, const std::vector<size_t>& entity_requests) {
    std::shared_lock lock(mutex_);
    if (!EvaluateEntity(online_, id, entity_requests, instants, *version, ctx, grouped, outputs)) {
      uncovered.insert(uncovered.end(), entity_requests.begin(), entity_requests.end());
    }
  });
  if (!uncovered.empty()) {
    // Those entities from the history index, which holds every row.
    std::shared_lock<std::shared_mutex> lock;
    do {  // again if it was dropped in between (idle for a minute: practically never)
      CatchUpHistory(ctx);
      lock = std::shared_lock(history_mutex_);
    } while (!history_);
    requests = GroupRequests(*history_, keys, instants, uncovered);
    for_each_entity([&](uint32_t id, const std::vector<size_t>& entity_requests) {
      EvaluateEntity(*history_, id, entity_requests, instants, *version, ctx, grouped, outputs);
    });
    history_used_us_ = WallClockMicros();
  }
  Project(instants, outputs.projected, ctx, grouped);
  if (!outputs.pending.empty()) {
    std::shared_lock lock(mutex_);  // memos_'s size (indexing may grow it meanwhile)
    for (auto& [request, id, memo] : outputs.pending) {
      if (grouped[request].empty()) continue;
      auto kept = std::make_shared<LookupMemo>(*memo);
      kept->output = grouped[request];
      kept->output_zone = ctx.eval.time_zone;
      std::lock_guard memo_lock(memo_locks_[id % kMemoLocks].mutex);
      if (id < memos_.size() && memos_[id] == memo) memos_[id] = std::move(kept);
    }
  }
  rows = std::move(grouped);
}

bool FeatureView::MemoHolds(const LookupMemo& memo, const EntityRows& rows,
                            const TableVersion& version, int64_t t,
                            const std::vector<std::optional<int64_t>>& bounds) {
  return memo.rows == rows.size() && memo.next_row_id == version.next_row_id &&
         memo.live_rows == version.live_rows && memo.extent.Contains(t, bounds);
}

bool FeatureView::TryMemoizedRow(const RowKey& key, int64_t instant, const TableVersion& version,
                                 ExecContext& ctx, std::vector<Value>* row) {
  // The conditions under which EvaluateEntity memoizes a lookup's output row.
  if (!memoize_outputs_ || !program_.generic.empty() || !program_.where_is_window) return false;
  std::shared_lock lock(mutex_);
  std::optional<uint32_t> id = online_.keys.Find(key);
  if (!id) return false;
  std::shared_ptr<const LookupMemo> memo = LoadMemo(*id);
  if (!memo || !memo->exists || memo->output.empty() || memo->output_zone != ctx.eval.time_zone) {
    return false;
  }
  const EntityRows& rows = online_.entities[*id];
  ClockPin pin(ctx, instant);
  int64_t t = EventTimeOfInstant(def_, instant, ctx);
  if (!Covers(rows, t, RowVisibility(version))) return false;
  std::vector<std::optional<int64_t>> bounds(program_.bound_exprs.size());
  for (size_t b = 0; b < bounds.size(); b++) bounds[b] = EvaluateBound(program_, b, instant, ctx);
  if (!MemoHolds(*memo, rows, version, t, bounds)) return false;
  *row = memo->output;
  return true;
}

std::shared_ptr<const FeatureView::LookupMemo> FeatureView::LoadMemo(uint32_t id) const {
  std::lock_guard lock(memo_locks_[id % kMemoLocks].mutex);
  return memos_[id];
}

void FeatureView::StoreMemo(uint32_t id, std::shared_ptr<const LookupMemo> memo) {
  std::lock_guard lock(memo_locks_[id % kMemoLocks].mutex);
  memos_[id] = std::move(memo);
}

bool FeatureView::Covers(const EntityRows& rows, int64_t t, const RowVisibility& visible) const {
  if (rows.evicted == 0) return true;
  int64_t lowest = 0;
  if (!def_.horizon_us || __builtin_sub_overflow(t, *def_.horizon_us, &lowest)) return false;
  // Evicted rows are all before t - horizon: no aggregate can see them. Without a WHERE
  // window they still make the group exist, as long as the witness is visible.
  return rows.evicted_before <= lowest && (def_.where_dynamic || visible.Live(rows.witness));
}

bool FeatureView::EvaluateEntity(const Index& index, uint32_t id, const std::vector<size_t>& order,
                                 const std::vector<int64_t>& instants, const TableVersion& version,
                                 ExecContext& ctx, std::vector<std::vector<Value>>& grouped,
                                 MemoOutputs& outputs) {
  const RowKey& key = index.keys.key(id);  // the index's own key: the entity columns' types
  const EntityRows& rows = index.entities[id];
  RowVisibility visible(version);
  for (size_t request : order) {
    if (!Covers(rows, EventTimeOfInstant(def_, instants[request], ctx), visible)) return false;
  }
  // Covered evicted rows make the group exist (Covers); without them the sweep decides.
  bool evicted_rows_exist = rows.evicted > 0 && !def_.where_dynamic;
  bool online = &index == &online_;
  std::optional<EntitySweep> sweep;  // built only when a window must slide
  std::vector<std::optional<int64_t>> bounds(program_.bound_exprs.size());
  std::optional<int64_t> bounds_at;
  bool generic = !program_.generic.empty() || !program_.where_is_window;
  // Generic aggregates may read now() in any way, so only all-sliding views are memoized.
  bool memoize = online && order.size() == 1 && !generic;
  std::vector<Value> results(def_.aggregates.size());
  WindowPositions at;
  for (size_t request : order) {
    ClockPin pin(ctx, instants[request]);
    int64_t t = EventTimeOfInstant(def_, instants[request], ctx);  // on the rows' scale
    if (bounds_at != instants[request]) {
      for (size_t b = 0; b < bounds.size(); b++) {
        bounds[b] = EvaluateBound(program_, b, instants[request], ctx);
      }
      bounds_at = instants[request];
    }
    bool exists = true;
    std::shared_ptr<const LookupMemo> memo;
    if (program_.where_is_window) {
      if (memoize) memo = LoadMemo(id);
      bool memo_holds = memo && MemoHolds(*memo, rows, version, t, bounds);
      if (!memo_holds) at.Locate(rows.time, t, bounds);
      if (memo_holds) {
        exists = memo->exists;
        if (exists && memoize_outputs_) {
          if (!memo->output.empty() && memo->output_zone == ctx.eval.time_zone) {
            grouped[request] = memo->output;
            outputs.projected[request] = 1;
            continue;
          }
          outputs.pending.emplace_back(request, id, memo);
        }
        for (size_t s = 0; exists && s < program_.sliding.size(); s++) {
          results[program_.sliding[s].aggregate] = memo->results[s];
        }
      } else {
        if (!sweep) sweep.emplace(program_, rows, visible);
        exists = sweep->MoveTo(at) || evicted_rows_exist;
        for (size_t s = 0; exists && s < program_.sliding.size(); s++) {
          results[program_.sliding[s].aggregate] = sweep->Result(s);
        }
        if (memoize) {
          auto fresh = std::make_shared<LookupMemo>();
          *fresh = LookupMemo{rows.size(),
                              version.next_row_id,
                              version.live_rows,
                              WindowExtent::Of(at, rows.time),
                              exists,
                              {},
                              {},
                              nullptr};
          for (size_t s = 0; exists && s < program_.sliding.size(); s++) {
            fresh->results.push_back(results[program_.sliding[s].aggregate]);
          }
          if (exists && memoize_outputs_) outputs.pending.emplace_back(request, id, fresh);
          StoreMemo(id, std::move(fresh));
        }
      }
    }
    if (exists && generic) {
      bool admitted = EvaluateGeneric(rows, t, version, ctx, results);
      if (!program_.where_is_window) exists = admitted;
    }
    if (!exists) continue;
    std::vector<Value>& out = grouped[request];
    out.reserve(grouped_types_.size());
    for (size_t k = 0; k < key.values.size(); k++) {
      const Value& v = key.values[k];
      out.push_back(v.is_null() ? Value::Null(grouped_types_[k]) : v);
    }
    out.insert(out.end(), results.begin(), results.end());
  }
  return true;
}

bool FeatureView::EvaluateGeneric(const EntityRows& rows, int64_t t, const TableVersion& version,
                                  ExecContext& ctx, std::vector<Value>& results) {
  const std::vector<int64_t>& time = rows.time;
  auto up_to = std::upper_bound(time.begin(), time.end(), t);
  auto from = time.begin();
  int64_t lowest = 0;  // an instant near -infinity has no lower bound
  if (def_.horizon_us && !__builtin_sub_overflow(t, *def_.horizon_us, &lowest)) {
    from = std::lower_bound(time.begin(), up_to, lowest);
  }
  std::vector<uint64_t> row_ids(rows.row_id.begin() + (from - time.begin()),
                                rows.row_id.begin() + (up_to - time.begin()));
  // Row-id order (arrival order) makes float sums the same on every path.
  std::sort(row_ids.begin(), row_ids.end());
  std::vector<DataChunk> chunks = Gather(*def_.source, version, types_, needed_, row_ids);
  bool admitted = false;
  for (DataChunk& chunk : chunks) {
    if (def_.where_dynamic) {
      chunk = chunk.Select(EvaluateFilter(*def_.where_dynamic, chunk, ctx));
    }
    admitted |= chunk.size() > 0;
  }
  std::vector<std::unique_ptr<GroupedAggregate>> aggs;
  for (const AggregateSpec& spec : generic_specs_) {
    aggs.push_back(MakeGroupedAggregate(spec));
    aggs.back()->Resize(1);
  }
  for (const DataChunk& chunk : chunks) {
    std::vector<uint32_t> groups(chunk.size(), 0);
    UpdateAggregates(generic_specs_, aggs, chunk, groups.data(), ctx);
  }
  for (size_t k = 0; k < aggs.size(); k++) results[program_.generic[k]] = aggs[k]->Finalize(0);
  return admitted;
}

void FeatureView::Project(const std::vector<int64_t>& instants, const std::vector<char>& projected,
                          ExecContext& ctx, std::vector<std::vector<Value>>& rows) {
  // Outputs that are plain columns (the entity, an aggregate) are copied; the others run
  // once per row at its instant when they read the clock, else over whole chunks of rows.
  auto assemble = [&](std::vector<Value>& row, const std::vector<Vector>& computed, size_t j) {
    std::vector<Value> out;
    out.reserve(def_.outputs.size());
    for (size_t o = 0; o < def_.outputs.size(); o++) {
      int c = output_columns_[o];
      out.push_back(c >= 0 ? row[static_cast<size_t>(c)] : computed[o].GetValue(j));
    }
    row = std::move(out);
  };
  auto compute = [&](const DataChunk& chunk) {
    std::vector<Vector> computed(def_.outputs.size());
    for (size_t o = 0; o < def_.outputs.size(); o++) {
      if (output_columns_[o] < 0) computed[o] = firn::Evaluate(*def_.outputs[o], chunk, ctx);
    }
    return computed;
  };
  auto pending = [&](size_t i) { return !rows[i].empty() && !projected[i]; };
  if (!computed_outputs_) {
    for (size_t i = 0; i < rows.size(); i++) {
      if (pending(i)) assemble(rows[i], {}, 0);
    }
    return;
  }
  if (outputs_read_now_) {
    for (size_t i = 0; i < rows.size(); i++) {
      if (!pending(i)) continue;
      ClockPin pin(ctx, instants[i]);
      DataChunk one(grouped_types_);
      one.AppendRow(rows[i]);
      assemble(rows[i], compute(one), 0);
    }
    return;
  }
  std::vector<size_t> which;
  DataChunk chunk(grouped_types_);
  auto flush = [&] {
    std::vector<Vector> computed = compute(chunk);
    for (size_t j = 0; j < which.size(); j++) assemble(rows[which[j]], computed, j);
    which.clear();
    chunk = DataChunk(grouped_types_);
  };
  for (size_t i = 0; i < rows.size(); i++) {
    if (!pending(i)) continue;
    chunk.AppendRow(rows[i]);
    which.push_back(i);
    if (which.size() == kChunkSize) flush();
  }
  if (!which.empty()) flush();
}

FeatureSourceStats FeatureView::stats() const {
  std::shared_lock lock(mutex_);
  FeatureSourceStats s;
  s.entities = online_.entities.size();
  s.indexed_rows = online_.entries;
  s.evicted_rows = online_.evicted;
  s.sliding_aggregates = program_.sliding.size();
  s.recomputed_aggregates = program_.generic.size();
  auto index_bytes = [](const Index& index) {
    uint64_t bytes = 0;
    for (const EntityRows& rows : index.entities) {
      bytes += rows.ApproximateBytes() + sizeof(EntityRows) + sizeof(RowKey) + 64;
    }
    return bytes;
  };
  s.bytes = index_bytes(online_);
  {
    std::shared_lock history_lock(history_mutex_);
    if (history_) s.history_bytes = index_bytes(*history_);
  }
  for (uint32_t id = 0; id < memos_.size(); id++) {
    if (std::shared_ptr<const LookupMemo> memo = LoadMemo(id)) {
      s.bytes += sizeof(LookupMemo) + memo->results.size() * sizeof(Value) +
                 memo->extent.low.size() * (2 * sizeof(int64_t) + 1);
    }
  }
  return s;
}

}  // namespace firn
