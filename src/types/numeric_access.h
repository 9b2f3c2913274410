// Internal bridge between Numeric's stored form (PostgreSQL's sign/weight/dscale/base-10000
// digits) and the fixed-point working form of numeric_internal.h. Not part of the public API.
// Thread-safety: pure functions.
#pragma once

#include "types/numeric.h"
#include "types/numeric_internal.h"

namespace firn {

struct NumericAccess {
  // The exact value of a finite numeric.
  static numeric_internal::Dec ToDec(const Numeric& n);
  // Rounds `d` to `dscale` digits and stores it; 22003 "value overflows numeric format" when
  // the weight does not fit.
  static Numeric FromDec(const numeric_internal::Dec& d, int dscale);
  static Numeric Special(Numeric::Sign sign) {
    Numeric n;
    n.sign_ = sign;
    return n;
  }
};

// Result scale limits shared by the numeric functions (PostgreSQL's values).
inline constexpr int kNumericMinSigDigits = 16;
inline constexpr int kNumericMaxDisplayScale = 1000;
inline constexpr int kNumericMaxResultScale = 2000;

}  // namespace firn
