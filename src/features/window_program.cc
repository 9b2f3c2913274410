#include "features/window_program.h"

#include <algorithm>

#include "exec/evaluator.h"
#include "exec/expression.h"
#include "types/datetime.h"
#include "types/timezone.h"

namespace firn {

namespace {

// True when `e` reads no row: its value depends only on constants and the clock.
bool ReadsNoRow(const BoundExpr& e) {
  switch (e.kind) {
    case BoundExprKind::kColumn:
    case BoundExprKind::kOuterColumn:
    case BoundExprKind::kParam:
    case BoundExprKind::kSubquery:
      return false;
    default:
      break;
  }
  for (const BoundExprPtr& c : e.children) {
    if (c && !ReadsNoRow(*c)) return false;
  }
  return !e.else_expr || ReadsNoRow(*e.else_expr);
}

bool SameExpr(const BoundExpr& a, const BoundExpr& b) {
  if (a.kind != b.kind || !(a.type == b.type) || a.column != b.column ||
      a.function.fn != b.function.fn || a.negated != b.negated || a.variant != b.variant ||
      a.children.size() != b.children.size() || !a.else_expr != !b.else_expr ||
      a.value.is_null() != b.value.is_null()) {
    return false;
  }
  if (a.kind == BoundExprKind::kConstant && !a.value.is_null()) {
    if (a.value.type().id != b.value.type().id) return false;
    // '1 day' and '24 hours' compare equal but differ across a daylight-saving change.
    if (a.value.type().id == TypeId::kInterval) {
      if (!(a.value.GetInterval() == b.value.GetInterval())) return false;
    } else if (CompareValues(a.value, b.value) != 0) {
      return false;
    }
  }
  for (size_t i = 0; i < a.children.size(); i++) {
    if (!a.children[i] != !b.children[i]) return false;
    if (a.children[i] && !SameExpr(*a.children[i], *b.children[i])) return false;
  }
  return !a.else_expr || SameExpr(*a.else_expr, *b.else_expr);
}

// Index of an expression equal to `e` in `list`, appending it when there is none.
int Intern(std::vector<BoundExprPtr>& list, const BoundExprPtr& e) {
  for (size_t i = 0; i < list.size(); i++) {
    if (SameExpr(*list[i], *e)) return static_cast<int>(i);
  }
  list.push_back(e);
  return static_cast<int>(list.size() - 1);
}

LaneStorage StorageOf(TypeId id) {
  switch (PhysicalTypeOf(id)) {
    case PhysicalType::kInt64:
      return LaneStorage::kInt;
    case PhysicalType::kDouble:
      return LaneStorage::kDouble;
    case PhysicalType::kString:
      // bpchar and jsonb compare beyond their bytes; leave them to the executor.
      return id == TypeId::kBpchar || id == TypeId::kJsonb ? LaneStorage::kNone
                                                           : LaneStorage::kText;
    default:
      return LaneStorage::kNone;
  }
}

class Compiler {
 public:
  Compiler(const FeatureDefinition& def, WindowProgram& program) : def_(def), p_(program) {}

  // `c` as `event_time <op> <expression of now()>`, or false.
  bool AsBound(const BoundExprPtr& c, WindowBound& out) {
    if (c->kind != BoundExprKind::kFunction || !c->function.fn || c->children.size() != 2) {
      return false;
    }
    std::string op = c->function.fn->name;
    auto is_event_time = [&](const BoundExpr& e) {
      return e.kind == BoundExprKind::kColumn && e.column == def_.event_time_column;
    };
    BoundExprPtr other;
    if (is_event_time(*c->children[0])) {
      other = c->children[1];
    } else if (is_event_time(*c->children[1])) {
      other = c->children[0];
      // Mirror `expr < event_time` into `event_time > expr`.
      if (op == "<")
        op = ">";
      else if (op == "<=")
        op = ">=";
      else if (op == ">")
        op = "<";
      else if (op == ">=")
        op = "<=";
    } else {
      return false;
    }
    if (op != "<" && op != "<=" && op != ">" && op != ">=") return false;
    TypeId type = other->type.id;
    if ((type != TypeId::kTimestampTz && type != TypeId::kTimestamp) || !ReadsNoRow(*other)) {
      return false;
    }
    out.expr = Intern(p_.bound_exprs, FoldIntervalLiterals(other));
    out.lower = op[0] == '>';
    out.inclusive = op.size() == 2;
    return true;
  }

  // The lane holding `e`'s column, or -1 when `e` is not a plain column of the source.
  int LaneOf(const BoundExprPtr& e, bool values) {
    if (e->kind != BoundExprKind::kColumn || e->column < 0) return -1;
    const Type& type = def_.source->columns[static_cast<size_t>(e->column)].type;
    if (e->type.id != type.id) return -1;
    LaneStorage storage = values ? StorageOf(type.id) : LaneStorage::kNone;
    if (values && storage == LaneStorage::kNone) return -1;
    for (size_t i = 0; i < p_.lanes.size(); i++) {
      if (p_.lanes[i].column != e->column) continue;
      if (values) p_.lanes[i].storage = storage;
      return static_cast<int>(i);
    }
    p_.lanes.push_back(Lane{e->column, storage});
    return static_cast<int>(p_.lanes.size() - 1);
  }

  bool Compile(size_t index, const std::vector<WindowBound>& where_bounds) {
    const AggregateSpec& a = def_.aggregates[index];
    if (!a.order_exprs.empty() || a.args.size() > 1) return false;
    if (a.distinct && a.name != "count") return false;
    SlidingAggregate s;
    s.aggregate = index;
    s.result_type = a.result_type;
    TypeId in = a.args.empty() ? TypeId::kUnknown : a.args[0]->type.id;
    bool is_int = in == TypeId::kInt2 || in == TypeId::kInt4 || in == TypeId::kInt8;
    if (a.name == "count") {
      s.kind = a.distinct ? SlidingKind::kCountDistinct : SlidingKind::kCount;
    } else if (a.name == "sum" && (is_int || in == TypeId::kFloat8)) {
      s.kind = is_int ? SlidingKind::kSumInt : SlidingKind::kSumFloat;
    } else if (a.name == "avg" && (is_int || in == TypeId::kFloat4 || in == TypeId::kFloat8)) {
      s.kind = is_int ? SlidingKind::kAvgInt : SlidingKind::kAvgFloat;
    } else if (a.name == "min" || a.name == "max") {
      s.kind = a.name == "min" ? SlidingKind::kMin : SlidingKind::kMax;
    } else {
      return false;
    }
    // Probe the argument first: a refused aggregate must not add lanes or masks.
    if (!a.star) {
      if (a.args.empty() || a.args[0]->kind != BoundExprKind::kColumn) return false;
      bool values = s.kind != SlidingKind::kCount;
      if (values && StorageOf(a.args[0]->type.id) == LaneStorage::kNone) return false;
    }
    std::vector<BoundExprPtr> parts, fixed;
    if (a.filter) Conjuncts(a.filter, parts);
    for (const BoundExprPtr& c : parts) {
      // A mask is computed once per row, in whichever session indexes it.
      if (DependsOnZone(*c) && !DependsOnNow(*c)) return false;
      if (!DependsOnNow(*c)) {
        fixed.push_back(c);
        continue;
      }
      WindowBound b;
      if (!AsBound(c, b)) return false;
      s.bounds.push_back(b);
    }
    if (!a.star) {
      bool values = s.kind != SlidingKind::kCount;
      s.lane = LaneOf(a.args[0], values);
      if (s.lane < 0) return false;
      if (values) s.storage = StorageOf(a.args[0]->type.id);
    }
    if (!fixed.empty()) s.mask = Intern(p_.masks, AndOf(fixed));
    s.bounds.insert(s.bounds.end(), where_bounds.begin(), where_bounds.end());
    p_.sliding.push_back(std::move(s));
    return true;
  }

 private:
  const FeatureDefinition& def_;
  WindowProgram& p_;
};

}  // namespace

namespace {

// now() itself (timestamptz), not a call with arguments.
bool IsNow(const BoundExpr& e) {
  return IsNowCall(e) && e.children.empty() && e.type.id == TypeId::kTimestampTz;
}

// `now()` or `now() ± <interval constant without months>`.
std::optional<BoundOffset> AsOffset(const BoundExpr& e) {
  if (IsNow(e)) return BoundOffset{};
  if (e.kind != BoundExprKind::kFunction || e.children.size() != 2 || !e.function.fn ||
      e.type.id != TypeId::kTimestampTz) {
    return std::nullopt;
  }
  const std::string& op = e.function.fn->name;
  const BoundExpr& interval = *e.children[1];
  if ((op != "+" && op != "-") || !IsNow(*e.children[0]) ||
      interval.kind != BoundExprKind::kConstant || interval.value.is_null() ||
      interval.type.id != TypeId::kInterval) {
    return std::nullopt;
  }
  const Interval& iv = interval.value.GetInterval();
  __int128 micros = static_cast<__int128>(iv.days) * kMicrosPerDay + iv.micros;
  if (iv.months != 0 || micros > (__int128{1} << 56) || micros < -(__int128{1} << 56)) {
    return std::nullopt;
  }
  int64_t offset = static_cast<int64_t>(micros);
  return BoundOffset{op == "-" ? -offset : offset, iv.days != 0};
}

// `v` + `offset_seconds` microseconds, kept inside int64 (far beyond the timestamp range).
int64_t Shift(int64_t v, int64_t offset_seconds) {
  __int128 r = static_cast<__int128>(v) + static_cast<__int128>(offset_seconds) * 1000000;
  return static_cast<int64_t>(std::clamp<__int128>(r, INT64_MIN + 1, INT64_MAX - 1));
}

}  // namespace

int64_t EventTimeOfInstant(const FeatureDefinition& def, int64_t t, const ExecContext& ctx) {
  if (!def.event_time_is_local || !IsTimestampFinite(t) || !ctx.eval.time_zone) return t;
  return Shift(t, ctx.eval.time_zone->OffsetAtUtc(t));
}

std::optional<int64_t> EvaluateBound(const WindowProgram& program, size_t i, int64_t t,
                                     ExecContext& ctx) {
  const std::optional<BoundOffset>& offset = program.bound_offsets[i];
  bool fixed_days =
      offset && (!offset->has_days || !ctx.eval.time_zone || ctx.eval.time_zone->is_fixed());
  // Within about 2,000 years of 1970, far from the ends of the timestamp range (where the
  // evaluator reports overflow): t and the offset are each under 2^56 microseconds.
  constexpr int64_t kSafe = int64_t{1} << 56;
  int64_t v = 0;
  if (fixed_days && t > -kSafe && t < kSafe) {
    v = t + offset->micros;
  } else {
    Value value = EvaluateConstant(*program.bound_exprs[i], ctx);
    if (value.is_null()) return std::nullopt;
    v = value.GetInt64();
  }
  // Onto the event-time column's scale, as PostgreSQL's cross-type comparison does: a
  // timestamp operand is read as wall-clock time in the session zone. A timestamp column
  // against a timestamptz bound is only evaluated in fixed-offset zones (FeatureView).
  bool local_bound = program.bound_exprs[i]->type.id == TypeId::kTimestamp;
  if (local_bound == program.event_time_is_local || !IsTimestampFinite(v) || !ctx.eval.time_zone) {
    return v;
  }
  const TimeZone& zone = *ctx.eval.time_zone;
  return local_bound ? Shift(v, -int64_t{zone.OffsetAtLocal(v)}) : Shift(v, zone.OffsetAtUtc(v));
}

WindowProgram CompileWindowProgram(const FeatureDefinition& def) {
  WindowProgram p;
  p.event_time_is_local = def.event_time_is_local;
  Compiler compiler(def, p);
  std::vector<BoundExprPtr> parts;
  if (def.where_dynamic) Conjuncts(def.where_dynamic, parts);
  for (const BoundExprPtr& c : parts) {
    WindowBound b;
    if (!compiler.AsBound(c, b)) {
      p.where_is_window = false;
      break;
    }
    p.where_bounds.push_back(b);
  }
  p.where_rows.result_type = Type(TypeId::kInt8);
  p.where_rows.bounds = p.where_bounds;
  for (size_t i = 0; i < def.aggregates.size(); i++) {
    if (!p.where_is_window || !compiler.Compile(i, p.where_bounds)) p.generic.push_back(i);
  }
  for (const BoundExprPtr& e : p.bound_exprs) p.bound_offsets.push_back(AsOffset(*e));
  return p;
}

size_t EntityRows::InsertPosition(int64_t t) const {
  if (time.empty() || time.back() <= t) return time.size();  // in time order: the usual case
  return static_cast<size_t>(std::upper_bound(time.begin(), time.end(), t) - time.begin());
}

void EntityRows::Reserve(size_t rows, const std::vector<Lane>& lane_specs) {
  if (rows <= time.capacity()) return;
  if (!time.empty()) rows = std::max(rows, time.capacity() * 2);
  time.reserve(rows);
  row_id.reserve(rows);
  for (size_t i = 0; i < lanes.size(); i++) {
    LaneValues& l = lanes[i];
    l.valid.reserve(rows);
    switch (lane_specs[i].storage) {
      case LaneStorage::kInt:
        l.ints.reserve(rows);
        break;
      case LaneStorage::kDouble:
        l.doubles.reserve(rows);
        break;
      case LaneStorage::kText:
        l.texts.reserve(rows);
        break;
      case LaneStorage::kNone:
        break;
    }
  }
  for (std::vector<uint8_t>& m : masks) m.reserve(rows);
}

size_t EntityRows::EvictBefore(int64_t cutoff) {
  if (cutoff <= evicted_before) return 0;
  evicted_before = cutoff;
  size_t n = static_cast<size_t>(std::lower_bound(time.begin(), time.end(), cutoff) - time.begin());
  if (n == 0) return 0;
  witness = row_id[n - 1];
  evicted += n;
  bool shrink = time.capacity() > 4 * (time.size() - n) + 16;
  auto drop = [&](auto& v) {
    if (v.empty()) return;
    v.erase(v.begin(), v.begin() + static_cast<ptrdiff_t>(n));
    if (shrink) v.shrink_to_fit();
  };
  drop(time);
  drop(row_id);
  for (LaneValues& l : lanes) {
    drop(l.valid);
    drop(l.ints);
    drop(l.doubles);
    drop(l.texts);
  }
  for (std::vector<uint8_t>& m : masks) drop(m);
  return n;
}

size_t EntityRows::ApproximateBytes() const {
  size_t bytes = time.capacity() * sizeof(int64_t) + row_id.capacity() * sizeof(uint64_t);
  for (const LaneValues& l : lanes) {
    bytes += l.valid.capacity() + l.ints.capacity() * sizeof(int64_t) +
             l.doubles.capacity() * sizeof(double) + l.texts.capacity() * sizeof(std::string);
    for (const std::string& s : l.texts) {
      if (s.capacity() > 15) bytes += s.capacity() + 1;  // beyond the small-string buffer
    }
  }
  for (const std::vector<uint8_t>& m : masks) bytes += m.capacity();
  return bytes;
}

}  // namespace firn
