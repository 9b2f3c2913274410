#include "features/sliding_window.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "exec/aggregate.h"

namespace firn {

bool RowVisibility::LiveSlow(uint64_t row_id) const {
  const std::vector<TableSegment>& segments = version_.segments;
  auto it =
      std::upper_bound(segments.begin(), segments.end(), row_id,
                       [](uint64_t id, const TableSegment& s) { return id < s.first_row_id; });
  if (it == segments.begin()) return false;
  --it;
  uint64_t pos = row_id - it->first_row_id;
  if (pos >= it->size()) return false;
  return !it->deleted || !(*it->deleted)[pos];
}

namespace {

// count(DISTINCT) and min/max compare doubles as PostgreSQL does: -0 equals 0, NaN equals
// NaN and sorts above everything.
int64_t DistinctKey(double d) {
  if (d == 0) d = 0;
  if (std::isnan(d)) d = std::numeric_limits<double>::quiet_NaN();
  int64_t bits;
  std::memcpy(&bits, &d, sizeof bits);
  return bits;
}

int CompareDouble(double a, double b) {
  bool an = std::isnan(a), bn = std::isnan(b);
  if (an || bn) return an && bn ? 0 : (an ? 1 : -1);
  return a < b ? -1 : (b < a ? 1 : 0);
}

}  // namespace

void KeyCounter::Add(int64_t key) {
  if ((distinct_ + 1) * 2 > slots_.size()) Grow();
  size_t mask = slots_.size() - 1;
  size_t i = Home(key);
  while (slots_[i].count != 0 && slots_[i].key != key) i = (i + 1) & mask;
  if (slots_[i].count++ == 0) {
    slots_[i].key = key;
    distinct_++;
  }
}

void KeyCounter::Remove(int64_t key) {
  size_t mask = slots_.size() - 1;
  size_t i = Home(key);
  while (slots_[i].key != key || slots_[i].count == 0) i = (i + 1) & mask;
  if (--slots_[i].count > 0) return;
  distinct_--;
  // Backward-shift deletion: move later members of the probe run into the hole, so
  // lookups never need tombstones.
  size_t hole = i;
  for (size_t j = (i + 1) & mask; slots_[j].count != 0; j = (j + 1) & mask) {
    size_t home = Home(slots_[j].key);
    // j's entry may move to the hole unless its home lies cyclically in (hole, j].
    bool stays = hole <= j ? (home > hole && home <= j) : (home > hole || home <= j);
    if (stays) continue;
    slots_[hole] = slots_[j];
    slots_[j].count = 0;
    hole = j;
  }
}

void KeyCounter::Rehash(size_t slots) {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(slots, Slot{});
  size_t mask = slots_.size() - 1;
  for (const Slot& s : old) {
    if (s.count == 0) continue;
    size_t i = Home(s.key);
    while (slots_[i].count != 0) i = (i + 1) & mask;
    slots_[i] = s;
  }
}

void KeyCounter::Reserve(size_t more) {
  size_t slots = slots_.empty() ? 16 : slots_.size();
  while ((distinct_ + more) * 2 > slots) slots *= 2;
  if (slots != slots_.size()) Rehash(slots);
}

void KeyCounter::Clear() {
  for (Slot& s : slots_) s.count = 0;
  distinct_ = 0;
}

SlidingAccumulator::SlidingAccumulator(const SlidingAggregate& spec, const EntityRows& rows,
                                       const RowVisibility& visible)
    : spec_(spec), rows_(rows), visible_(visible) {
  if (spec.mask >= 0) mask_ = &rows.masks[static_cast<size_t>(spec.mask)];
  if (spec.lane >= 0) lane_ = &rows.lanes[static_cast<size_t>(spec.lane)];
  storage_ = spec.storage;
}

void SlidingAccumulator::Clear() {
  count_ = 0;
  int_sum_ = 0;
  float_sum_.Clear();
  queue_.clear();
  queue_head_ = 0;
  distinct_ints_.Clear();
  distinct_texts_.clear();
}

void SlidingAccumulator::SlideTo(size_t begin, size_t end) {
  begin = std::min(begin, end);
  if (begin < begin_ || end < end_) {  // moved back (an earlier instant): start over
    Clear();
    begin_ = end_ = begin;
  }
  for (size_t i = begin_, stop = std::min(begin, end_); i < stop; i++) {
    if (Counts(i)) Remove(i);
  }
  size_t first_new = std::max(end_, begin);
  if (spec_.kind == SlidingKind::kCountDistinct && storage_ != LaneStorage::kText &&
      end > first_new) {
    // Capped: a wide window over few distinct values must not allocate a table per row.
    distinct_ints_.Reserve(std::min<size_t>(end - first_new, 1024));
  }
  for (size_t i = first_new; i < end; i++) {
    if (Counts(i)) Add(i);
  }
  begin_ = begin;
  end_ = end;
}

bool SlidingAccumulator::Dominated(size_t a, size_t b) const {
  // On ties the later row wins, as in the executor and PostgreSQL.
  int c = 0;
  switch (storage_) {
    case LaneStorage::kInt:
      c = lane_->ints[a] < lane_->ints[b] ? -1 : (lane_->ints[b] < lane_->ints[a] ? 1 : 0);
      break;
    case LaneStorage::kDouble:
      c = CompareDouble(lane_->doubles[a], lane_->doubles[b]);
      break;
    case LaneStorage::kText:
      c = lane_->texts[a].compare(lane_->texts[b]);
      break;
    case LaneStorage::kNone:
      break;
  }
  return spec_.kind == SlidingKind::kMax ? c <= 0 : c >= 0;
}

void SlidingAccumulator::Add(size_t i) {
  count_++;
  switch (spec_.kind) {
    case SlidingKind::kCount:
      break;
    case SlidingKind::kSumInt:
    case SlidingKind::kAvgInt:
      int_sum_ += lane_->ints[i];
      break;
    case SlidingKind::kSumFloat:
    case SlidingKind::kAvgFloat:
      float_sum_.Add(lane_->doubles[i]);
      break;
    case SlidingKind::kMin:
    case SlidingKind::kMax:
      while (queue_.size() > queue_head_ && Dominated(queue_.back(), i)) queue_.pop_back();
      queue_.push_back(i);
      break;
    case SlidingKind::kCountDistinct:
      if (storage_ == LaneStorage::kText) {
        distinct_texts_[lane_->texts[i]]++;
      } else {
        distinct_ints_.Add(storage_ == LaneStorage::kInt ? lane_->ints[i]
                                                         : DistinctKey(lane_->doubles[i]));
      }
      break;
  }
}

void SlidingAccumulator::Remove(size_t i) {
  count_--;
  switch (spec_.kind) {
    case SlidingKind::kCount:
      break;
    case SlidingKind::kSumInt:
    case SlidingKind::kAvgInt:
      int_sum_ -= lane_->ints[i];
      break;
    case SlidingKind::kSumFloat:
    case SlidingKind::kAvgFloat:
      float_sum_.Subtract(lane_->doubles[i]);
      break;
    case SlidingKind::kMin:
    case SlidingKind::kMax:
      // Rows leave in position order, so a row still queued is at the head.
      if (queue_.size() > queue_head_ && queue_[queue_head_] == i) queue_head_++;
      if (queue_head_ > 64 && queue_head_ * 2 > queue_.size()) {
        queue_.erase(queue_.begin(), queue_.begin() + static_cast<ptrdiff_t>(queue_head_));
        queue_head_ = 0;
      }
      break;
    case SlidingKind::kCountDistinct: {
      if (storage_ == LaneStorage::kText) {
        auto it = distinct_texts_.find(lane_->texts[i]);
        if (--it->second == 0) distinct_texts_.erase(it);
      } else {
        distinct_ints_.Remove(storage_ == LaneStorage::kInt ? lane_->ints[i]
                                                            : DistinctKey(lane_->doubles[i]));
      }
      break;
    }
  }
}

Value SlidingAccumulator::Result() const {
  const Type& type = spec_.result_type;
  switch (spec_.kind) {
    case SlidingKind::kCount:
      return Value::Int8(count_);
    case SlidingKind::kCountDistinct:
      return Value::Int8(static_cast<int64_t>(
          storage_ == LaneStorage::kText ? distinct_texts_.size() : distinct_ints_.distinct()));
    case SlidingKind::kSumInt:
    case SlidingKind::kAvgInt:
      return FinishIntegerSum(int_sum_, count_, spec_.kind == SlidingKind::kAvgInt, type);
    case SlidingKind::kSumFloat:
      return count_ ? Value::FromDouble(type, float_sum_.Value()) : Value::Null(type);
    case SlidingKind::kAvgFloat:
      return count_ ? Value::Float8(float_sum_.Value() / static_cast<double>(count_))
                    : Value::Null(type);
    case SlidingKind::kMin:
    case SlidingKind::kMax: {
      if (queue_.size() == queue_head_) return Value::Null(type);
      size_t i = queue_[queue_head_];
      if (storage_ == LaneStorage::kInt) return Value::FromInt64(type, lane_->ints[i]);
      if (storage_ == LaneStorage::kDouble) return Value::FromDouble(type, lane_->doubles[i]);
      return Value::String(type, lane_->texts[i]);
    }
  }
  return Value::Null(type);
}

EntitySweep::EntitySweep(const WindowProgram& program, const EntityRows& rows,
                         const RowVisibility& visible)
    : program_(program), rows_(rows), visible_(visible) {
  accumulators_.reserve(program.sliding.size());
  for (const SlidingAggregate& s : program.sliding) accumulators_.emplace_back(s, rows, visible);
  if (!program.where_bounds.empty()) where_rows_.emplace(program.where_rows, rows, visible);
}

void WindowPositions::Locate(const std::vector<int64_t>& time, int64_t t,
                             const std::vector<std::optional<int64_t>>& bounds) {
  up_to_t = static_cast<size_t>(std::upper_bound(time.begin(), time.end(), t) - time.begin());
  at_or_after.assign(bounds.size(), 0);
  after.assign(bounds.size(), 0);
  is_null.assign(bounds.size(), 0);
  for (size_t e = 0; e < bounds.size(); e++) {
    is_null[e] = !bounds[e].has_value();
    if (is_null[e]) continue;
    at_or_after[e] =
        static_cast<size_t>(std::lower_bound(time.begin(), time.end(), *bounds[e]) - time.begin());
    after[e] =
        static_cast<size_t>(std::upper_bound(time.begin(), time.end(), *bounds[e]) - time.begin());
  }
}

WindowExtent WindowExtent::Of(const WindowPositions& at, const std::vector<int64_t>& time) {
  // Locate's positions satisfy time[p - 1] <= t < time[p] (and likewise around each bound),
  // so the +-1 below cannot overflow.
  size_t n = time.size();
  WindowExtent x;
  x.t_low = at.up_to_t > 0 ? time[at.up_to_t - 1] : INT64_MIN;
  x.t_high = at.up_to_t < n ? time[at.up_to_t] - 1 : INT64_MAX;
  x.is_null = at.is_null;
  x.low.assign(at.is_null.size(), 0);
  x.high.assign(at.is_null.size(), 0);
  for (size_t e = 0; e < at.is_null.size(); e++) {
    if (at.is_null[e]) continue;
    size_t q = at.at_or_after[e], r = at.after[e];
    if (r > q) {  // rows q..r-1 equal the bound: it must stay exactly that value
      x.low[e] = x.high[e] = time[q];
    } else {  // no row equals it: it lies strictly between rows q - 1 and q
      x.low[e] = q > 0 ? time[q - 1] + 1 : INT64_MIN;
      x.high[e] = q < n ? time[q] - 1 : INT64_MAX;
    }
  }
  return x;
}

bool WindowExtent::Contains(int64_t t, const std::vector<std::optional<int64_t>>& bounds) const {
  if (t < t_low || t > t_high || bounds.size() != is_null.size()) return false;
  for (size_t e = 0; e < bounds.size(); e++) {
    if (is_null[e] != !bounds[e].has_value()) return false;
    if (!is_null[e] && (*bounds[e] < low[e] || *bounds[e] > high[e])) return false;
  }
  return true;
}

void EntitySweep::Range(const std::vector<WindowBound>& bounds, size_t& begin, size_t& end) const {
  begin = 0;
  end = at_.up_to_t;
  bool empty = false;
  for (const WindowBound& b : bounds) {
    size_t e = static_cast<size_t>(b.expr);
    if (at_.is_null[e]) {
      empty = true;
      continue;
    }
    // lower: > v starts after v's rows, >= v at them; upper: <= v ends after, < v before.
    if (b.lower) {
      begin = std::max(begin, b.inclusive ? at_.at_or_after[e] : at_.after[e]);
    } else {
      end = std::min(end, b.inclusive ? at_.after[e] : at_.at_or_after[e]);
    }
  }
  if (empty || begin > end) begin = end;
}

bool EntitySweep::MoveTo(int64_t t, const std::vector<std::optional<int64_t>>& bounds) {
  at_.Locate(rows_.time, t, bounds);
  return MoveTo(at_);
}

bool EntitySweep::MoveTo(const WindowPositions& at) {
  if (&at != &at_) at_ = at;
  for (size_t i = 0; i < accumulators_.size(); i++) {
    size_t begin, end;
    Range(program_.sliding[i].bounds, begin, end);
    accumulators_[i].SlideTo(begin, end);
  }
  if (where_rows_) {
    size_t begin, end;
    Range(program_.where_bounds, begin, end);
    where_rows_->SlideTo(begin, end);
    return where_rows_->count() > 0;
  }
  if (!first_visible_) {
    size_t i = 0;
    while (i < rows_.size() && !visible_.Live(rows_.row_id[i])) i++;
    first_visible_ = i;
  }
  return *first_visible_ < at_.up_to_t;
}

}  // namespace firn
