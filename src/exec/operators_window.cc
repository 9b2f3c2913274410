// The window operator (PlanKind::kWindow): drains its input, and for each window function
// groups the rows into partitions (PARTITION BY, NULLs equal), orders each partition
// (ORDER BY, stable), finds the peer groups and each row's frame (ROWS / RANGE / GROUPS with
// PostgreSQL's bounds), then computes ranking, navigation and aggregate functions. Output:
// the input rows in input order, each followed by one column per window function.
// Frame bounds move monotonically through a partition, so they are found with forward-only
// pointers (O(1) amortized per row, also for RANGE offsets) and aggregates slide over them
// (exec/window_frame_aggregate.h).
// Thread-safety: an operator belongs to one execution; the plan is only read.
#include <algorithm>
#include <cmath>
#include <numeric>
#include <unordered_map>

#include "common/sql_error.h"
#include "exec/evaluator.h"
#include "exec/operators_internal.h"
#include "exec/window_frame_aggregate.h"
#include "types/datetime.h"

namespace firn {
namespace {

// SQLSTATEs without a name in common/sql_error.h.
constexpr const char* kInvalidPrecedingOrFollowingSize = "22013";
constexpr const char* kInvalidArgumentForNtile = "22014";
constexpr const char* kInvalidArgumentForNthValue = "22016";

// WindowFunction::start_kind / end_kind (ast::FrameBoundKind order).
enum BoundKind : int {
  kUnboundedPreceding = 0,
  kOffsetPreceding = 1,
  kCurrentRow = 2,
  kOffsetFollowing = 3,
  kUnboundedFollowing = 4,
};
// WindowFunction::frame_mode.
enum FrameMode : int { kRows = 0, kRange = 1, kGroups = 2 };

bool IsOffset(int kind) { return kind == kOffsetPreceding || kind == kOffsetFollowing; }

// `e` over every input row, as one vector.
Vector EvaluateAll(const BoundExpr& e, const std::vector<DataChunk>& chunks, size_t rows,
                   ExecContext& ctx) {
  Vector out(e.type);
  out.Reserve(rows);
  for (const DataChunk& c : chunks) {
    Vector v = Evaluate(e, c, ctx);
    out.AppendRange(v, 0, c.size());
  }
  return out;
}

// The window order of the input for one PARTITION BY / ORDER BY: positions 0..n-1 list the
// rows partition by partition, each partition sorted. Peer groups (rows equal on every ORDER
// BY key; the whole partition without ORDER BY) are numbered across partitions.
struct WindowOrder {
  std::vector<uint32_t> perm;       // position -> input row
  std::vector<size_t> partitions;   // first position of each partition, then n
  std::vector<size_t> group_of;     // position -> peer group
  std::vector<size_t> group_begin;  // peer group -> first position, then n
};

WindowOrder BuildOrder(const WindowFunction& f, const std::vector<DataChunk>& chunks, size_t n,
                       ExecContext& ctx) {
  // Partitions are numbered in order of first appearance.
  std::vector<uint32_t> pid(n, 0);
  if (!f.partition_by.empty()) {
    std::vector<Vector> cols;
    for (const BoundExprPtr& e : f.partition_by) cols.push_back(EvaluateAll(*e, chunks, n, ctx));
    std::unordered_map<RowKey, uint32_t, RowKeyHash> ids;
    for (size_t r = 0; r < n; r++) {
      RowKey key;
      for (const Vector& c : cols) key.values.push_back(c.GetValue(r));
      uint32_t next = static_cast<uint32_t>(ids.size());
      pid[r] = ids.try_emplace(std::move(key), next).first->second;
    }
  }
  std::vector<std::vector<Value>> keys(f.order_by.size());
  for (size_t k = 0; k < f.order_by.size(); k++) {
    Vector v = EvaluateAll(*f.order_by[k].expr, chunks, n, ctx);
    keys[k].reserve(n);
    for (size_t r = 0; r < n; r++) keys[k].push_back(v.GetValue(r));
  }
  ctx.CheckCancel();
  auto compare_keys = [&](uint32_t a, uint32_t b) {
    for (size_t k = 0; k < keys.size(); k++) {
      const SortKey& sk = f.order_by[k];
      int c = CompareSortValues(keys[k][a], keys[k][b], sk.descending, sk.nulls_first);
      if (c != 0) return c;
    }
    return 0;
  };
  WindowOrder o;
  o.perm.resize(n);
  std::iota(o.perm.begin(), o.perm.end(), 0);
  std::stable_sort(o.perm.begin(), o.perm.end(), [&](uint32_t a, uint32_t b) {
    if (pid[a] != pid[b]) return pid[a] < pid[b];
    return compare_keys(a, b) < 0;
  });
  o.group_of.resize(n);
  for (size_t pos = 0; pos < n; pos++) {
    uint32_t row = o.perm[pos];
    bool new_partition = pos == 0 || pid[row] != pid[o.perm[pos - 1]];
    if (new_partition) o.partitions.push_back(pos);
    if (new_partition || compare_keys(o.perm[pos - 1], row) != 0) o.group_begin.push_back(pos);
    o.group_of[pos] = o.group_begin.size() - 1;
  }
  o.partitions.push_back(n);
  o.group_begin.push_back(n);
  return o;
}

bool SameWindowOrder(const WindowFunction& a, const WindowFunction& b) {
  if (a.partition_by != b.partition_by || a.order_by.size() != b.order_by.size()) return false;
  for (size_t k = 0; k < a.order_by.size(); k++) {
    const SortKey &x = a.order_by[k], &y = b.order_by[k];
    if (x.expr != y.expr || x.descending != y.descending || x.nulls_first != y.nulls_first) {
      return false;
    }
  }
  return true;
}

// A frame offset, evaluated once per execution.
struct FrameOffset {
  Value value;
  int64_t rows = 0;  // ROWS / GROUPS
};

FrameOffset EvaluateOffset(const WindowFunction& f, bool start, ExecContext& ctx) {
  FrameOffset off;
  const BoundExprPtr& e = start ? f.start_offset : f.end_offset;
  if (!IsOffset(start ? f.start_kind : f.end_kind) || !e) return off;
  const char* which = start ? "starting" : "ending";
  off.value = EvaluateConstant(*e, ctx);
  if (off.value.is_null()) {
    throw SqlError(sqlstate::kNullValueNotAllowed,
                   std::string("frame ") + which + " offset must not be null");
  }
  if (f.frame_mode != kRange) {
    off.rows = off.value.GetInt64();
    if (off.rows < 0) {
      throw SqlError(kInvalidPrecedingOrFollowingSize,
                     std::string("frame ") + which + " offset must not be negative");
    }
  }
  return off;
}

// PostgreSQL's in_range support for one RANGE offset bound over the (single) ORDER BY key, in
// window order: InRange(j, i, less) is key[j] <= key[i] -/+ offset when `less`, else >=
// (- when `sub`).
class RangeBound {
 public:
  RangeBound(const Vector& key, const Value& offset, bool sub, ExecContext& ctx)
      : key_(key), sub_(sub) {
    TypeId t = key_.type().id;
    bool any = false;
    for (size_t i = 0; i < key_.size() && !any; i++) any = !key_.IsNull(i);
    if (!any) return;  // PostgreSQL never compares, so never checks the offset
    bool negative = false;
    if (IsIntegerType(t)) {
      kind_ = Kind::kInt;
      int_offset_ = offset.GetInt64();
      negative = int_offset_ < 0;
    } else if (t == TypeId::kFloat4 || t == TypeId::kFloat8) {
      kind_ = Kind::kFloat;
      float_offset_ = offset.type().id == TypeId::kFloat4 || offset.type().id == TypeId::kFloat8
                          ? offset.GetDouble()
                          : static_cast<double>(offset.GetInt64());
      negative = std::isnan(float_offset_) || float_offset_ < 0;
    } else if (offset.type().id == TypeId::kNumeric) {
      negative = offset.GetNumeric().IsNegative() || offset.GetNumeric().IsNaN();
    } else if (offset.type().id == TypeId::kInterval) {
      negative = CompareIntervals(offset.GetInterval(), Interval{}) < 0;
    }
    if (negative) {
      throw SqlError(kInvalidPrecedingOrFollowingSize,
                     "invalid preceding or following size in window function");
    }
    if (kind_ == Kind::kGeneric) ComputeBounds(offset, ctx);
  }

  bool InRange(size_t j, size_t i, bool less) const {
    switch (kind_) {
      case Kind::kInt: {
        __int128 off = int_offset_;
        __int128 bound = __int128{key_.ints()[i]} + (sub_ ? -off : off);
        __int128 val = key_.ints()[j];
        return less ? val <= bound : val >= bound;
      }
      case Kind::kFloat: {
        double val = key_.doubles()[j], base = key_.doubles()[i];
        if (std::isnan(val)) return std::isnan(base) || !less;  // NaN sorts after all
        if (std::isnan(base)) return less;
        // base -/+ infinite offset would be NaN; the bound is then infinitely far away.
        if (std::isinf(float_offset_) && std::isinf(base) && (sub_ ? base > 0 : base < 0)) {
          return true;
        }
        double bound = sub_ ? base - float_offset_ : base + float_offset_;
        return less ? val <= bound : val >= bound;
      }
      case Kind::kGeneric:
        break;
    }
    int c;
    if (compare_key_.physical() == PhysicalType::kInt64 &&
        bounds_.physical() == PhysicalType::kInt64) {
      int64_t a = compare_key_.ints()[j], b = bounds_.ints()[i];
      c = a < b ? -1 : a > b ? 1 : 0;
    } else {
      c = CompareValues(compare_key_.GetValue(j), bounds_.GetValue(i));
    }
    return less ? c <= 0 : c >= 0;
  }

 private:
  enum class Kind { kInt, kFloat, kGeneric };

  // key -/+ offset for every row through the function registry (timestamp - interval, ...),
  // and the key in the type of the result (date - interval is a timestamp).
  void ComputeBounds(const Value& offset, ExecContext& ctx) {
    ResolvedFunction fn =
        ctx.functions->ResolveOperator(sub_ ? "-" : "+", key_.type(), offset.type());
    Vector lhs =
        fn.arg_types[0].id == key_.type().id ? key_ : CastVector(key_, fn.arg_types[0], false, ctx);
    Vector rhs(offset.type());
    for (size_t i = 0; i < key_.size(); i++) rhs.Append(offset);
    if (fn.arg_types[1].id != offset.type().id) rhs = CastVector(rhs, fn.arg_types[1], false, ctx);
    bounds_ = Vector(fn.return_type);
    ScalarArgs args{{&lhs, &rhs}, key_.size()};
    ctx.functions->Invoke(fn, args, bounds_, ctx.eval);
    Type target = bounds_.type();
    compare_key_ = target.id == key_.type().id ? key_ : CastVector(key_, target, false, ctx);
  }

  const Vector& key_;
  bool sub_;
  Kind kind_ = Kind::kGeneric;
  int64_t int_offset_ = 0;
  double float_offset_ = 0;
  Vector bounds_, compare_key_;
};

// Computes the frame [lo, hi) of every position of one partition [b, e).
class FrameFinder {
 public:
  // For RANGE offsets: `key` is the ORDER BY key in window order and start_range/end_range
  // the offset bounds (nullptr for other bound kinds).
  FrameFinder(const WindowFunction& f, const WindowOrder& o, const FrameOffset& start,
              const FrameOffset& end, const Vector* key, const RangeBound* start_range,
              const RangeBound* end_range)
      : f_(f),
        o_(o),
        start_(start),
        end_(end),
        key_(key),
        start_range_(start_range),
        end_range_(end_range) {}

  void Compute(size_t b, size_t e, std::vector<size_t>& lo, std::vector<size_t>& hi) {
    b_ = b;
    e_ = e;
    if (key_) {
      size_t nulls = 0;
      for (size_t pos = b; pos < e; pos++) nulls += key_->IsNull(pos) ? 1 : 0;
      bool nulls_first = f_.order_by[0].nulls_first;
      null_b_ = nulls_first ? b : e - nulls;
      null_e_ = null_b_ + nulls;
      nb_ = nulls_first ? null_e_ : b;
      ne_ = nulls_first ? e : null_b_;
      start_ptr_ = end_ptr_ = nb_;
    }
    for (size_t pos = b; pos < e; pos++) {
      lo[pos] = Bound(f_.start_kind, true, pos);
      hi[pos] = std::max(lo[pos], Bound(f_.end_kind, false, pos));
    }
  }

 private:
  size_t Bound(int kind, bool is_start, size_t pos) {
    size_t g = o_.group_of[pos];
    switch (kind) {
      case kUnboundedPreceding:
        return b_;
      case kUnboundedFollowing:
        return e_;
      case kCurrentRow:
        if (f_.frame_mode == kRows) return is_start ? pos : pos + 1;
        return o_.group_begin[is_start ? g : g + 1];
      default:
        break;
    }
    bool preceding = kind == kOffsetPreceding;
    const FrameOffset& off = is_start ? start_ : end_;
    if (f_.frame_mode == kRows) {
      // Rows pos-off .. pos+off, clamped to the partition; no overflow for huge offsets.
      uint64_t k = static_cast<uint64_t>(off.rows);
      size_t edge = is_start ? 0 : 1;
      if (preceding) return pos - b_ >= k ? pos - k + edge : b_;
      return e_ - pos > k ? pos + k + edge : e_;
    }
    if (f_.frame_mode == kGroups) {
      uint64_t k = static_cast<uint64_t>(off.rows);
      size_t first = o_.group_of[b_], last = o_.group_of[e_ - 1];
      size_t edge = is_start ? 0 : 1;
      if (preceding) return g - first >= k ? o_.group_begin[g - k + edge] : b_;
      return last - g >= k ? o_.group_begin[g + k + edge] : e_;
    }
    // RANGE: NULL keys are peers of each other only; other rows compare through in_range.
    if (key_->IsNull(pos)) return is_start ? null_b_ : null_e_;
    bool desc = f_.order_by[0].descending;
    if (is_start) {
      while (start_ptr_ < ne_ && !start_range_->InRange(start_ptr_, pos, desc)) start_ptr_++;
      return start_ptr_;
    }
    while (end_ptr_ < ne_ && end_range_->InRange(end_ptr_, pos, !desc)) end_ptr_++;
    return end_ptr_;
  }

  const WindowFunction& f_;
  const WindowOrder& o_;
  const FrameOffset& start_;
  const FrameOffset& end_;
  const Vector* key_;
  const RangeBound* start_range_;
  const RangeBound* end_range_;
  size_t b_ = 0, e_ = 0;
  size_t null_b_ = 0, null_e_ = 0, nb_ = 0, ne_ = 0;  // NULL / non-NULL key positions
  size_t start_ptr_ = 0, end_ptr_ = 0;
};

bool IsRankingName(const std::string& n) {
  return n == "row_number" || n == "rank" || n == "dense_rank" || n == "percent_rank" ||
         n == "cume_dist" || n == "ntile";
}

// Computes one window function for every input row.
class WindowFunctionRunner {
 public:
  WindowFunctionRunner(const WindowFunction& f, const WindowOrder& o, ExecContext& ctx)
      : f_(f), o_(o), ctx_(ctx), result_(f.type) {}

  Vector Run(const std::vector<DataChunk>& chunks, size_t n) {
    result_.Resize(n);
    FrameOffset start = EvaluateOffset(f_, true, ctx_);
    FrameOffset end = EvaluateOffset(f_, false, ctx_);
    bool aggregate = IsAggregateName(f_.name);
    const std::vector<BoundExprPtr>& arg_exprs =
        aggregate && f_.args.empty() ? f_.aggregate.args : f_.args;
    for (const BoundExprPtr& e : arg_exprs) args_.push_back(Sorted(*e, chunks, n));
    if (n == 0) return std::move(result_);
    if (IsRankingName(f_.name)) {
      ForEachPartition([this](size_t b, size_t e) { Ranking(b, e); });
      return std::move(result_);
    }
    if (f_.name == "lag" || f_.name == "lead") {
      ForEachPartition([this](size_t b, size_t e) { LagLead(b, e); });
      return std::move(result_);
    }
    if (!aggregate && f_.name != "first_value" && f_.name != "last_value" &&
        f_.name != "nth_value") {
      throw SqlError(sqlstate::kFeatureNotSupported,
                     "window function " + f_.name + " is not supported");
    }
    // Frame-dependent functions.
    Vector key;
    std::unique_ptr<RangeBound> start_range, end_range;
    bool range = f_.frame_mode == kRange && (IsOffset(f_.start_kind) || IsOffset(f_.end_kind));
    if (range) {
      if (f_.order_by.size() != 1) {
        throw SqlError(sqlstate::kWindowingError,
                       "RANGE with offset PRECEDING/FOLLOWING requires exactly one ORDER BY "
                       "column");
      }
      key = Sorted(*f_.order_by[0].expr, chunks, n);
      bool desc = f_.order_by[0].descending;
      if (IsOffset(f_.start_kind)) {
        bool sub = (f_.start_kind == kOffsetPreceding) != desc;
        start_range = std::make_unique<RangeBound>(key, start.value, sub, ctx_);
      }
      if (IsOffset(f_.end_kind)) {
        bool sub = (f_.end_kind == kOffsetPreceding) != desc;
        end_range = std::make_unique<RangeBound>(key, end.value, sub, ctx_);
      }
    }
    FrameFinder frames(f_, o_, start, end, range ? &key : nullptr, start_range.get(),
                       end_range.get());
    std::vector<size_t> lo(n), hi(n);
    std::unique_ptr<FrameAggregate> agg;
    if (aggregate) {
      const AggregateSpec& spec = f_.aggregate;
      for (const auto& e : spec.order_exprs) agg_input_.order.push_back(Sorted(*e, chunks, n));
      agg_input_.args = std::move(args_);
      agg_input_.active.assign(n, 1);
      agg_input_.time_zone = ctx_.eval.time_zone;
      if (spec.filter) {
        Vector filter = Sorted(*spec.filter, chunks, n);
        for (size_t i = 0; i < n; i++) agg_input_.active[i] = !filter.IsNull(i) && filter.ints()[i];
      }
      agg = MakeFrameAggregate(spec, agg_input_, f_.start_kind != kUnboundedPreceding);
    }
    ForEachPartition([&](size_t b, size_t e) {
      frames.Compute(b, e, lo, hi);
      if (agg) {
        agg->StartPartition(b, e);
        for (size_t pos = b; pos < e; pos++) Set(pos, agg->Evaluate(lo[pos], hi[pos]));
      } else {
        FrameValue(b, e, lo, hi);
      }
    });
    return std::move(result_);
  }

 private:
  Vector Sorted(const BoundExpr& e, const std::vector<DataChunk>& chunks, size_t n) {
    return EvaluateAll(e, chunks, n, ctx_).Select(o_.perm);
  }

  template <typename Fn>
  void ForEachPartition(Fn fn) {
    for (size_t p = 0; p + 1 < o_.partitions.size(); p++) {
      ctx_.CheckCancel();
      fn(o_.partitions[p], o_.partitions[p + 1]);
    }
  }

  void Set(size_t pos, const Value& v) { result_.SetValue(o_.perm[pos], v); }
  void SetInt(size_t pos, int64_t v) { Set(pos, Value::FromInt64(f_.type, v)); }

  void Ranking(size_t b, size_t e) {
    const std::string& name = f_.name;
    size_t m = e - b;
    bool ntile_started = false;
    int64_t buckets = 0, first = 0;
    for (size_t pos = b; pos < e; pos++) {
      size_t g = o_.group_of[pos];
      int64_t rank = static_cast<int64_t>(o_.group_begin[g] - b) + 1;
      if (name == "row_number") {
        SetInt(pos, static_cast<int64_t>(pos - b) + 1);
      } else if (name == "rank") {
        SetInt(pos, rank);
      } else if (name == "dense_rank") {
        SetInt(pos, static_cast<int64_t>(g - o_.group_of[b]) + 1);
      } else if (name == "percent_rank") {
        Set(pos, Value::Float8(m > 1 ? static_cast<double>(rank - 1) / static_cast<double>(m - 1)
                                     : 0.0));
      } else if (name == "cume_dist") {
        Set(pos,
            Value::Float8(static_cast<double>(o_.group_begin[g + 1] - b) / static_cast<double>(m)));
      } else {  // ntile: the bucket count is read at the first row where it is not NULL
        if (!ntile_started) {
          if (args_[0].IsNull(pos)) continue;  // result stays NULL
          buckets = args_[0].ints()[pos];
          if (buckets <= 0) {
            throw SqlError(kInvalidArgumentForNtile, "argument of ntile must be greater than zero");
          }
          ntile_started = true;
          first = static_cast<int64_t>(pos);
        }
        SetInt(pos,
               NtileBucket(static_cast<int64_t>(pos) - first, static_cast<int64_t>(m), buckets));
      }
    }
  }

  // Bucket (1-based) of the k-th row: the first total % buckets buckets hold one extra row.
  static int64_t NtileBucket(int64_t k, int64_t total, int64_t buckets) {
    int64_t q = total / buckets, r = total % buckets;
    if (q == 0) return k + 1;
    if (k < r * (q + 1)) return k / (q + 1) + 1;
    return r + (k - r * (q + 1)) / q + 1;
  }

  void LagLead(size_t b, size_t e) {
    bool lag = f_.name == "lag";
    for (size_t pos = b; pos < e; pos++) {
      int64_t offset = 1;
      if (args_.size() > 1) {
        if (args_[1].IsNull(pos)) continue;  // NULL offset: NULL result
        offset = args_[1].ints()[pos];
      }
      int64_t target = static_cast<int64_t>(pos) + (lag ? -offset : offset);
      if (target >= static_cast<int64_t>(b) && target < static_cast<int64_t>(e)) {
        Set(pos, args_[0].GetValue(static_cast<size_t>(target)));
      } else if (args_.size() > 2) {
        Set(pos, args_[2].GetValue(pos));
      }
    }
  }

  void FrameValue(size_t b, size_t e, const std::vector<size_t>& lo,
                  const std::vector<size_t>& hi) {
    for (size_t pos = b; pos < e; pos++) {
      size_t src;
      if (f_.name == "first_value") {
        src = lo[pos];
      } else if (f_.name == "last_value") {
        src = hi[pos] - 1;
      } else {
        if (args_[1].IsNull(pos)) continue;
        int64_t nth = args_[1].ints()[pos];
        if (nth <= 0) {
          throw SqlError(kInvalidArgumentForNthValue,
                         "argument of nth_value must be greater than zero");
        }
        if (static_cast<uint64_t>(nth) > hi[pos] - lo[pos]) continue;
        src = lo[pos] + static_cast<size_t>(nth) - 1;
      }
      if (lo[pos] < hi[pos]) Set(pos, args_[0].GetValue(src));
    }
  }

  const WindowFunction& f_;
  const WindowOrder& o_;
  ExecContext& ctx_;
  Vector result_;
  std::vector<Vector> args_;  // evaluated arguments in window order
  FrameAggregateInput agg_input_;
};

class WindowOperator : public Operator {
 public:
  WindowOperator(const PlanNode& plan, ExecContext& ctx) : plan_(plan), ctx_(ctx) {}
  bool Next(DataChunk& out) override {
    if (!inner_) inner_ = Run();
    return inner_->Next(out);
  }

 private:
  std::unique_ptr<Operator> Run() {
    // Offsets are checked before any row is read, as PostgreSQL does.
    for (const WindowFunction& f : plan_.window_functions) {
      EvaluateOffset(f, true, ctx_);
      EvaluateOffset(f, false, ctx_);
    }
    auto child = BuildOperator(*plan_.children[0], ctx_);
    std::vector<DataChunk> chunks = DrainOperator(*child);
    size_t n = 0;
    for (const DataChunk& c : chunks) n += c.size();
    std::vector<Vector> results;
    std::vector<std::pair<const WindowFunction*, std::shared_ptr<const WindowOrder>>> orders;
    for (const WindowFunction& f : plan_.window_functions) {
      std::shared_ptr<const WindowOrder> order;
      for (const auto& [g, o] : orders) {
        if (SameWindowOrder(f, *g)) order = o;
      }
      if (!order) {
        order = std::make_shared<const WindowOrder>(BuildOrder(f, chunks, n, ctx_));
        orders.emplace_back(&f, order);
      }
      results.push_back(WindowFunctionRunner(f, *order, ctx_).Run(chunks, n));
    }
    auto out = std::make_shared<std::vector<DataChunk>>();
    size_t base = 0;
    for (DataChunk& c : chunks) {
      std::vector<uint32_t> sel(c.size());
      std::iota(sel.begin(), sel.end(), static_cast<uint32_t>(base));
      base += c.size();
      DataChunk o;
      for (Vector& v : c.columns()) o.AddColumn(std::move(v));
      for (const Vector& r : results) o.AddColumn(r.Select(sel));
      o.set_row_count(sel.size());
      out->push_back(std::move(o));
    }
    return MakeChunkListOperator(std::move(out), plan_.types);
  }

  const PlanNode& plan_;
  ExecContext& ctx_;
  std::unique_ptr<Operator> inner_;
};

}  // namespace

std::unique_ptr<Operator> MakeWindowOperator(const PlanNode& plan, ExecContext& ctx) {
  return std::make_unique<WindowOperator>(plan, ctx);
}

}  // namespace firn
