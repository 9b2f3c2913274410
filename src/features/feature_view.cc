#include "features/feature_view.h"

#include <algorithm>
#include <mutex>

#include "exec/evaluator.h"

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

// The segment holding `row_id`, or nullptr when the version does not have it.
const TableSegment* SegmentOf(const TableVersion& version, uint64_t row_id) {
  auto it =
      std::upper_bound(version.segments.begin(), version.segments.end(), row_id,
                       [](uint64_t id, const TableSegment& s) { return id < s.first_row_id; });
  if (it == version.segments.begin()) return nullptr;
  --it;
  if (row_id - it->first_row_id >= it->rows->size()) return nullptr;
  return &*it;
}

bool IsLive(const TableVersion& version, uint64_t row_id) {
  const TableSegment* seg = SegmentOf(version, row_id);
  if (!seg) return false;
  return !seg->deleted || !(*seg->deleted)[row_id - seg->first_row_id];
}

// The live rows among `row_ids` (ascending) of `version`, copied into chunks of at most
// kChunkSize rows with the table's column types.
std::vector<DataChunk> Gather(const TableVersion& version, const std::vector<Type>& types,
                              const std::vector<bool>& needed,
                              const std::vector<uint64_t>& row_ids) {
  std::vector<DataChunk> out;
  size_t i = 0;
  for (const TableSegment& seg : version.segments) {
    if (i == row_ids.size()) break;
    uint64_t end = seg.first_row_id + seg.rows->size();
    for (; i < row_ids.size() && row_ids[i] < end; i++) {
      if (row_ids[i] < seg.first_row_id) continue;  // not in this version
      size_t pos = row_ids[i] - seg.first_row_id;
      if (seg.deleted && (*seg.deleted)[pos]) continue;
      if (out.empty() || out.back().size() == kChunkSize) {
        out.emplace_back(types);
        size_t rows = std::min(kChunkSize, row_ids.size() - i);
        for (size_t c = 0; c < types.size(); c++) out.back().column(c).Reserve(rows);
      }
      DataChunk& chunk = out.back();
      // Columns no expression reads stay NULL: each copy is a likely cache miss.
      for (size_t c = 0; c < types.size(); c++) {
        Vector& column = chunk.column(c);
        if (needed[c]) {
          column.AppendFrom(seg.rows->column(c), pos);
        } else {
          column.Resize(column.size() + 1);
        }
      }
      chunk.set_row_count(chunk.column(0).size());
    }
  }
  return out;
}

}  // namespace

namespace {

void MarkColumns(const BoundExprPtr& e, std::vector<bool>& needed) {
  if (!e) return;
  if (e->kind == BoundExprKind::kColumn && e->column >= 0 &&
      static_cast<size_t>(e->column) < needed.size()) {
    needed[static_cast<size_t>(e->column)] = true;
  }
  for (const BoundExprPtr& c : e->children) MarkColumns(c, needed);
  MarkColumns(e->else_expr, needed);
}

}  // namespace

FeatureView::FeatureView(FeatureDefinition def)
    : def_(std::move(def)),
      types_(def_.source->ColumnTypes()),
      needed_(types_.size(), false),
      entity_outputs_(def_.entity_columns.size(), -1) {
  MarkColumns(def_.where_dynamic, needed_);
  for (const AggregateSpec& a : def_.aggregates) {
    for (const BoundExprPtr& e : a.args) MarkColumns(e, needed_);
    for (const BoundExprPtr& e : a.order_exprs) MarkColumns(e, needed_);
    MarkColumns(a.filter, needed_);
  }
  for (size_t i = 0; i < def_.outputs.size(); i++) {
    const BoundExpr& e = *def_.outputs[i];
    if (e.kind == BoundExprKind::kColumn && e.column >= 0 &&
        static_cast<size_t>(e.column) < entity_outputs_.size() && entity_outputs_[e.column] < 0) {
      entity_outputs_[static_cast<size_t>(e.column)] = static_cast<int>(i);
    }
  }
}

uint64_t FeatureView::CatchUp(ExecContext& ctx,
                              const std::function<void(uint64_t, uint64_t)>& progress) {
  std::shared_ptr<const TableVersion> live = def_.source->data->Snapshot();
  {
    std::shared_lock lock(mutex_);
    if (indexed_upto_ >= live->next_row_id) return 0;
  }
  std::unique_lock lock(mutex_);
  uint64_t start = indexed_upto_;
  uint64_t next_report = start + kProgressRows;
  for (const TableSegment& seg : live->segments) {
    uint64_t end = seg.first_row_id + seg.rows->size();
    if (end <= indexed_upto_) continue;
    size_t from = indexed_upto_ > seg.first_row_id ? indexed_upto_ - seg.first_row_id : 0;
    std::vector<uint32_t> all;
    for (size_t r = from; r < seg.rows->size(); r++) all.push_back(static_cast<uint32_t>(r));
    DataChunk rows = seg.rows->Select(all);
    std::vector<uint32_t> selected;
    if (def_.where_static) {
      selected = EvaluateFilter(*def_.where_static, rows, ctx);
    } else {
      selected.resize(rows.size());
      for (size_t r = 0; r < rows.size(); r++) selected[r] = static_cast<uint32_t>(r);
    }
    const Vector& event_time = rows.column(static_cast<size_t>(def_.event_time_column));
    for (uint32_t r : selected) {
      if (event_time.IsNull(r)) continue;  // never at or before any instant
      RowKey key;
      for (int c : def_.entity_columns)
        key.values.push_back(rows.GetValue(static_cast<size_t>(c), r));
      std::vector<Entry>& entries = index_[key];
      Entry e{event_time.ints()[r], seg.first_row_id + from + r};
      if (entries.empty() || !(e < entries.back())) {
        entries.push_back(e);
      } else {
        entries.insert(std::upper_bound(entries.begin(), entries.end(), e), e);
      }
      entries_++;
    }
    indexed_upto_ = end;
    if (progress && indexed_upto_ >= next_report && indexed_upto_ < live->next_row_id) {
      progress(indexed_upto_ - start, live->next_row_id - start);
      next_report = indexed_upto_ + kProgressRows;
    }
  }
  indexed_upto_ = std::max(indexed_upto_, live->next_row_id);
  return indexed_upto_ - start;
}

void FeatureView::Evaluate(const std::vector<RowKey>* keys, int64_t as_of_us, ExecContext& ctx,
                           std::vector<std::vector<Value>>& out) {
  CatchUp(ctx);
  std::shared_ptr<const TableVersion> version = ctx.tables->Snapshot(*def_.source);
  struct Work {
    const RowKey* key;
    std::vector<Entry> window;  // entries in [T - horizon, T]
    std::vector<Entry> older;   // entries before the window (only when existence needs them)
  };
  std::vector<Work> work;
  std::vector<RowKey> all_keys;
  {
    std::shared_lock lock(mutex_);
    auto take = [&](const RowKey& key, const std::vector<Entry>& entries) {
      auto hi = std::upper_bound(entries.begin(), entries.end(), Entry{as_of_us, UINT64_MAX});
      auto lo = entries.begin();
      int64_t from = 0;  // an instant near -infinity has no lower bound
      if (def_.horizon_us && !__builtin_sub_overflow(as_of_us, *def_.horizon_us, &from)) {
        lo = std::lower_bound(entries.begin(), hi, Entry{from, 0});
      }
      Work w{&key, std::vector<Entry>(lo, hi), {}};
      if (!def_.where_dynamic) w.older.assign(entries.begin(), lo);
      work.push_back(std::move(w));
    };
    if (keys) {
      for (const RowKey& key : *keys) {
        auto it = index_.find(key);
        if (it != index_.end()) take(key, it->second);
      }
    } else {
      all_keys.reserve(index_.size());
      for (const auto& [key, entries] : index_) all_keys.push_back(key);
      for (const RowKey& key : all_keys) take(key, index_.at(key));
    }
  }
  ClockPin pin(ctx, as_of_us);
  for (const Work& w : work) {
    ctx.CheckCancel();
    std::vector<uint64_t> row_ids;
    row_ids.reserve(w.window.size());
    for (const Entry& e : w.window) row_ids.push_back(e.row_id);
    // Row-id order (arrival order) makes float sums the same on every path.
    std::sort(row_ids.begin(), row_ids.end());
    std::vector<DataChunk> rows = Gather(*version, types_, needed_, row_ids);
    bool exists = false;
    for (DataChunk& chunk : rows) {
      if (def_.where_dynamic) chunk = chunk.Select(EvaluateFilter(*def_.where_dynamic, chunk, ctx));
      exists |= chunk.size() > 0;
    }
    // Without a now()-dependent WHERE, any live row at or before T makes the group exist.
    for (auto it = w.older.rbegin(); !exists && it != w.older.rend(); ++it) {
      exists = IsLive(*version, it->row_id);
    }
    if (!exists) continue;

    std::vector<std::unique_ptr<GroupedAggregate>> aggs;
    for (const AggregateSpec& spec : def_.aggregates) {
      aggs.push_back(MakeGroupedAggregate(spec));
      aggs.back()->Resize(1);
    }
    for (const DataChunk& chunk : rows) {
      std::vector<uint32_t> groups(chunk.size(), 0);
      UpdateAggregates(def_.aggregates, aggs, chunk, groups.data(), ctx);
    }
    std::vector<Type> types;
    std::vector<Value> grouped;
    for (size_t k = 0; k < def_.entity_columns.size(); k++) {
      Type t = def_.source->columns[static_cast<size_t>(def_.entity_columns[k])].type;
      types.push_back(t);
      const Value& v = w.key->values[k];
      grouped.push_back(v.is_null() ? Value::Null(t) : v);
    }
    for (size_t a = 0; a < aggs.size(); a++) {
      types.push_back(def_.aggregates[a].result_type);
      grouped.push_back(aggs[a]->Finalize(0));
    }
    DataChunk group(types);
    group.AppendRow(grouped);
    std::vector<Value> row;
    row.reserve(def_.outputs.size());
    for (const BoundExprPtr& e : def_.outputs)
      row.push_back(firn::Evaluate(*e, group, ctx).GetValue(0));
    out.push_back(std::move(row));
  }
}

FeatureSourceStats FeatureView::stats() const {
  std::shared_lock lock(mutex_);
  FeatureSourceStats s;
  s.entities = index_.size();
  s.indexed_rows = entries_;
  s.bytes = entries_ * sizeof(Entry) + index_.size() * (sizeof(RowKey) + 64);
  return s;
}

}  // namespace firn
