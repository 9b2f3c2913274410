// ExactSum keeps the exact sum of a multiset of doubles that values enter (Add) and leave
// (Subtract), as a feature view's sliding window needs. Value() is the exact sum rounded once,
// to nearest-even, so it depends only on the values held and never on the order of the calls:
// a view maintained incrementally serves the same bits as one recomputed from scratch.
//
// The sum is held as Shewchuk's non-overlapping partials (as in Python's math.fsum), usually
// one to three doubles. Values with |x| >= 2^960 are held scaled by 2^-64 in a second list, so
// intermediate partials never overflow; a true sum beyond the double range gives +-inf.
// Special values follow IEEE addition: any NaN, or both infinities, give NaN; one infinity
// gives itself; a multiset of only -0.0 gives -0.0; the empty multiset gives +0.0.
//
// Thread-safety: none; one owner. Copies are independent and cost one allocation per
// non-empty list.
#pragma once

#include <cstdint>
#include <vector>

namespace firn {

class ExactSum {
 public:
  // Adds x to the multiset, exactly.
  void Add(double x) { Update(x, 1); }

  // Removes one x from the multiset, exactly.
  // REQUIRES: x was added and not yet removed (NaNs are interchangeable).
  void Subtract(double x) { Update(x, -1); }

  // The exact sum of the values held, correctly rounded to nearest-even.
  double Value() const;

  // Empties the multiset; keeps the allocated capacity.
  void Clear();

 private:
  void Update(double x, int64_t sign);

  std::vector<double> partials_;  // |x| < 2^960; increasing magnitude, non-overlapping
  std::vector<double> huge_;      // |x| >= 2^960, scaled by 2^-64; same invariants
  int64_t count_ = 0;             // values held, of every kind
  int64_t neg_zeros_ = 0;         // -0.0 values held
  int64_t nans_ = 0;
  int64_t pos_infs_ = 0;
  int64_t neg_infs_ = 0;
};

}  // namespace firn
