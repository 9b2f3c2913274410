// Sliding-window evaluation of a feature view's WindowProgram over one entity's rows.
//
// An EntitySweep moves every aggregate's window forward through a sequence of ascending
// instants: a row is added when it enters a window and removed when it leaves, so the
// online lookup (one instant) and a training set (all of an entity's label times, sorted)
// run the same accumulator code. Every accumulator is order-independent — counts, 128-bit
// integer sums, exact float sums (ExactSum), min/max through a monotonic queue, distinct
// counts through a multiset — so a value never depends on the path that produced it.
// Thread-safety: a sweep belongs to one evaluation; the rows it reads must not change
// while it lives (the view holds its index lock).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "features/exact_sum.h"
#include "features/window_program.h"
#include "storage/table_data.h"

namespace firn {

// Which row ids the table version a statement reads holds (committed by then, not deleted).
class RowVisibility {
 public:
  explicit RowVisibility(const TableVersion& version)
      : version_(version), any_deleted_(version.live_rows < version.next_row_id) {}
  bool Live(uint64_t row_id) const {
    if (row_id >= version_.next_row_id) return false;
    return !any_deleted_ || LiveSlow(row_id);
  }

 private:
  bool LiveSlow(uint64_t row_id) const;
  const TableVersion& version_;
  const bool any_deleted_;
};

// A multiset of int64 keys (value -> how many times held) in one open-addressed array: a
// distinct count adds and removes a key per row, and node-based maps spend that in malloc.
class KeyCounter {
 public:
  void Add(int64_t key);
  void Remove(int64_t key);  // REQUIRES: key is held
  size_t distinct() const { return distinct_; }
  void Clear();
  // Makes room for `more` new keys without growing step by step.
  void Reserve(size_t more);

 private:
  struct Slot {
    int64_t key = 0;
    int64_t count = 0;  // 0 = empty
  };
  size_t Home(int64_t key) const {
    uint64_t h = static_cast<uint64_t>(key) * 0x9E3779B97F4A7C15ULL;
    return static_cast<size_t>(h ^ (h >> 29)) & (slots_.size() - 1);
  }
  void Grow() { Rehash(slots_.empty() ? 16 : slots_.size() * 2); }
  void Rehash(size_t slots);
  std::vector<Slot> slots_;  // power-of-two size, at most half full
  size_t distinct_ = 0;
};

// One aggregate over a range [begin, end) of an entity's rows that only moves forward.
class SlidingAccumulator {
 public:
  SlidingAccumulator(const SlidingAggregate& spec, const EntityRows& rows,
                     const RowVisibility& visible);
  // Holds exactly the counted rows of [begin, end) afterwards.
  void SlideTo(size_t begin, size_t end);
  Value Result() const;
  int64_t count() const { return count_; }

 private:
  bool Counts(size_t i) const {
    return visible_.Live(rows_.row_id[i]) && (!mask_ || (*mask_)[i]) && (!lane_ || lane_->valid[i]);
  }
  void Add(size_t i);
  void Remove(size_t i);
  void Clear();
  // For min/max: true when the row at `a` can never again be the answer once `b` is held.
  bool Dominated(size_t a, size_t b) const;

  const SlidingAggregate& spec_;
  const EntityRows& rows_;
  const RowVisibility& visible_;
  const std::vector<uint8_t>* mask_ = nullptr;
  const EntityRows::LaneValues* lane_ = nullptr;
  LaneStorage storage_ = LaneStorage::kNone;
  size_t begin_ = 0;
  size_t end_ = 0;
  int64_t count_ = 0;
  __int128 int_sum_ = 0;
  ExactSum float_sum_;
  std::vector<size_t> queue_;  // min/max candidates, positions ascending, from queue_head_
  size_t queue_head_ = 0;
  KeyCounter distinct_ints_;  // values (doubles: canonical bits)
  std::unordered_map<std::string, int64_t> distinct_texts_;
};

// Where an entity's windows stand at one instant: positions in its time-ordered rows of
// the instant itself and of each of the program's bound values. Two instants with equal
// positions (over the same rows and table version) have identical windows, so every
// sliding aggregate has the same value at both.
struct WindowPositions {
  size_t up_to_t = 0;               // rows with time <= t
  std::vector<size_t> at_or_after;  // per bound: first row with time >= the bound
  std::vector<size_t> after;        // per bound: first row with time > the bound
  std::vector<uint8_t> is_null;     // per bound: NULL (no row passes)

  // `bounds`: each bound expression's value at t (nullopt when NULL).
  void Locate(const std::vector<int64_t>& time, int64_t t,
              const std::vector<std::optional<int64_t>>& bounds);
  bool operator==(const WindowPositions&) const = default;
};

// The instants and bound values for which Locate gives the same positions again: each
// position holds while its value stays between the rows on either side of it. A memoized
// lookup keeps this, so it checks its windows while now() moves on between events without
// touching the entity's rows.
struct WindowExtent {
  int64_t t_low = 0, t_high = 0;   // t in [t_low, t_high]
  std::vector<int64_t> low, high;  // per bound: the value in [low, high]
  std::vector<uint8_t> is_null;    // per bound: NULL, and must stay so

  // REQUIRES: `at` is what Locate found over `time`.
  static WindowExtent Of(const WindowPositions& at, const std::vector<int64_t>& time);
  bool Contains(int64_t t, const std::vector<std::optional<int64_t>>& bounds) const;
};

class EntitySweep {
 public:
  EntitySweep(const WindowProgram& program, const EntityRows& rows, const RowVisibility& visible);
  // Moves every window to instant `t`, given each of the program's bound expressions'
  // value at t (nullopt when NULL: no row passes). Returns whether the entity's group
  // exists at t, that is whether a visible row at or before t passes the WHERE.
  bool MoveTo(int64_t t, const std::vector<std::optional<int64_t>>& bounds);
  // The same with the positions already located (WindowPositions::Locate).
  bool MoveTo(const WindowPositions& at);
  // The value at the last MoveTo of program.sliding[i].
  Value Result(size_t i) const { return accumulators_[i].Result(); }

 private:
  void Range(const std::vector<WindowBound>& bounds, size_t& begin, size_t& end) const;

  const WindowProgram& program_;
  const EntityRows& rows_;
  const RowVisibility& visible_;
  std::vector<SlidingAccumulator> accumulators_;
  std::optional<SlidingAccumulator> where_rows_;  // when the WHERE has a window
  std::optional<size_t> first_visible_;           // otherwise: the first visible row
  WindowPositions at_;                            // of the last MoveTo
};

}  // namespace firn
