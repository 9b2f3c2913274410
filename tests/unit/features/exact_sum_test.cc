// ExactSum against hand-worked cases and against an independent model: the exact sum as a big
// fixed-point integer, rounded to nearest-even by bit inspection.
#include "features/exact_sum.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <utility>
#include <vector>

namespace firn {
namespace {

uint64_t Bits(double x) { return std::bit_cast<uint64_t>(x); }

// Bit-identical, so +0.0 and -0.0 differ (EXPECT_EQ on doubles would not tell them apart).
#define EXPECT_SAME_DOUBLE(expected, actual) \
  EXPECT_EQ(Bits(expected), Bits(actual)) << "expected " << (expected) << " got " << (actual)

// The model: a two's-complement integer in units of 2^-1074, the lowest bit of any double.
class FixedPointSum {
 public:
  void Add(double x) { Update(x, false); }
  void Subtract(double x) { Update(x, true); }

  double Rounded() const {
    std::array<uint64_t, kLimbs> mag = limbs_;
    bool negative = mag[kLimbs - 1] >> 63;
    if (negative) {
      uint64_t carry = 1;
      for (uint64_t& l : mag) {
        l = ~l + carry;
        carry = carry && l == 0;
      }
    }
    int top = -1;
    for (int i = kLimbs * 64 - 1; i >= 0 && top < 0; --i) {
      if (Bit(mag, i)) top = i;
    }
    double result;
    if (top < 0) {
      result = 0.0;
    } else if (top < 53) {
      result = std::ldexp(static_cast<double>(mag[0]), -1074);  // exact: at most 53 bits
    } else {
      uint64_t m = 0;
      for (int i = top; i >= top - 52; --i) m = m << 1 | Bit(mag, i);
      bool round = Bit(mag, top - 53);
      bool sticky = false;
      for (int i = 0; i < top - 53; ++i) sticky = sticky || Bit(mag, i);
      if (round && (sticky || (m & 1))) ++m;
      if (m == uint64_t{1} << 53) {
        m >>= 1;
        ++top;
      }
      result = std::ldexp(static_cast<double>(m), top - 52 - 1074);  // +inf past the range
    }
    return negative ? -result : result;
  }

 private:
  static constexpr int kLimbs = 36;  // doubles span 2098 bits; the rest is carry and sign room

  static uint64_t Bit(const std::array<uint64_t, kLimbs>& v, int i) {
    return v[i / 64] >> (i % 64) & 1;
  }

  void Update(double x, bool negate) {
    uint64_t bits = Bits(x);
    uint64_t exp_field = bits >> 52 & 0x7ff;
    uint64_t mant = bits & ((uint64_t{1} << 52) - 1);
    int shift = 0;
    if (exp_field != 0) {
      mant |= uint64_t{1} << 52;
      shift = static_cast<int>(exp_field) - 1;
    }
    std::array<uint64_t, kLimbs> addend{};
    addend[shift / 64] = mant << (shift % 64);
    if (shift % 64 != 0) addend[shift / 64 + 1] = mant >> (64 - shift % 64);
    bool subtract = (bits >> 63 != 0) != negate;
    uint64_t carry = 0;
    for (int i = 0; i < kLimbs; ++i) {
      uint64_t a = limbs_[i];
      uint64_t b = addend[i];
      if (subtract) {
        limbs_[i] = a - b - carry;
        carry = (a < b) || (a - b < carry);
      } else {
        limbs_[i] = a + b + carry;
        carry = (limbs_[i] < a) || (carry && limbs_[i] == a);
      }
    }
  }

  std::array<uint64_t, kLimbs> limbs_{};
};

// Random finite nonzero doubles: the biased exponent is drawn from [min_exp, max_exp] (0 gives
// subnormals, 2046 the top binade), the fraction and sign uniformly.
double RandomDouble(std::mt19937_64& rng, int min_exp, int max_exp) {
  std::uniform_int_distribution<uint64_t> exp(min_exp, max_exp);
  for (;;) {
    uint64_t bits = (rng() & 0x800fffffffffffffULL) | exp(rng) << 52;
    double x = std::bit_cast<double>(bits);
    if (x != 0.0) return x;
  }
}

// Mixed magnitudes with cancellation: some values come with a near-negation, so the sum is
// much smaller than its terms, and some with +-half an ulp, so ties come up.
std::vector<double> MixedValues(std::mt19937_64& rng, size_t n, int min_exp, int max_exp) {
  std::vector<double> v;
  while (v.size() < n) {
    double x = RandomDouble(rng, min_exp, max_exp);
    v.push_back(x);
    switch (rng() % 4) {
      case 0: {
        double near = std::nextafter(x, rng() % 2 ? 0.0 : x * 2);
        if (std::isfinite(near)) v.push_back(-near);
        break;
      }
      case 1: {
        int e;
        std::frexp(x, &e);
        double half_ulp = std::ldexp(rng() % 2 ? 1.0 : -1.0, e - 54);
        if (half_ulp != 0.0) v.push_back(half_ulp);
        break;
      }
      default:
        break;
    }
  }
  v.resize(n);
  return v;
}

double SumInOrder(const std::vector<double>& v) {
  ExactSum s;
  for (double x : v) s.Add(x);
  return s.Value();
}

double ModelSum(const std::vector<double>& v) {
  FixedPointSum m;
  for (double x : v) m.Add(x);
  return m.Rounded();
}

TEST(ExactSumTest, ModelRoundsLikeHardwareForTwoTerms) {
  // Guards the model itself: for two doubles, one IEEE addition is correctly rounded.
  std::mt19937_64 rng(7);
  for (int i = 0; i < 20000; ++i) {
    double a = RandomDouble(rng, 0, 2046);
    double b = i % 2 ? RandomDouble(rng, 0, 2046) : -std::ldexp(a, -static_cast<int>(rng() % 60));
    ASSERT_EQ(Bits(ModelSum({a, b})), Bits(a + b)) << a << " + " << b;
  }
}

TEST(ExactSumTest, EmptyIsPositiveZero) {
  ExactSum s;
  EXPECT_SAME_DOUBLE(0.0, s.Value());
}

TEST(ExactSumTest, CancellationKeepsTheSmallTerm) {
  ExactSum s;
  s.Add(1e100);
  s.Add(1.0);
  s.Add(-1e100);
  EXPECT_SAME_DOUBLE(1.0, s.Value());
  s.Subtract(1.0);
  EXPECT_SAME_DOUBLE(0.0, s.Value());
}

TEST(ExactSumTest, TenTenthsSumToOne) {
  ExactSum s;
  double naive = 0.0;
  for (int i = 0; i < 10; ++i) {
    s.Add(0.1);
    naive += 0.1;
  }
  EXPECT_NE(naive, 1.0);  // the test is only worth something if naive summation is off
  EXPECT_SAME_DOUBLE(1.0, s.Value());
}

TEST(ExactSumTest, RoundsHalfToEvenAcrossPartials) {
  const double half_ulp = 0x1p-53;  // half an ulp of 1.0
  ExactSum tie;
  tie.Add(1.0);
  tie.Add(half_ulp);
  EXPECT_SAME_DOUBLE(1.0, tie.Value());  // tie, 1.0 is even

  ExactSum above = tie;
  above.Add(0x1p-105);
  EXPECT_SAME_DOUBLE(1.0 + 0x1p-52, above.Value());

  ExactSum below = tie;
  below.Add(-0x1p-105);
  EXPECT_SAME_DOUBLE(1.0, below.Value());

  ExactSum odd;  // tie next to an odd mantissa rounds up to the even one
  odd.Add(1.0 + 0x1p-52);
  odd.Add(half_ulp);
  EXPECT_SAME_DOUBLE(1.0 + 0x1p-51, odd.Value());
  odd.Add(-0x1p-300);
  EXPECT_SAME_DOUBLE(1.0 + 0x1p-52, odd.Value());
}

TEST(ExactSumTest, OrderOfAddsDoesNotMatter) {
  std::mt19937_64 rng(42);
  for (int trial = 0; trial < 200; ++trial) {
    std::vector<double> v = MixedValues(rng, 1 + rng() % 200, 1023 - 80, 1023 + 80);
    double first = SumInOrder(v);
    EXPECT_SAME_DOUBLE(ModelSum(v), first);
    for (int order = 0; order < 5; ++order) {
      std::shuffle(v.begin(), v.end(), rng);
      ASSERT_EQ(Bits(first), Bits(SumInOrder(v))) << "trial " << trial;
    }
    std::sort(v.begin(), v.end());
    ASSERT_EQ(Bits(first), Bits(SumInOrder(v)));
    std::reverse(v.begin(), v.end());
    ASSERT_EQ(Bits(first), Bits(SumInOrder(v)));
  }
}

TEST(ExactSumTest, InterleavedAddAndSubtractMatchesFreshSum) {
  std::mt19937_64 rng(1234);
  for (int trial = 0; trial < 200; ++trial) {
    std::vector<double> kept = MixedValues(rng, 1 + rng() % 50, 0, 2046);
    std::vector<double> passing = MixedValues(rng, rng() % 50, 0, 2046);
    // Events: +k for kept[k], and +-(kept.size() + j) for passing[j] entering and leaving.
    std::vector<int64_t> events;
    for (size_t k = 0; k < kept.size(); ++k) events.push_back(static_cast<int64_t>(k));
    for (size_t j = 0; j < passing.size(); ++j) {
      events.push_back(static_cast<int64_t>(kept.size() + j));
      events.push_back(-static_cast<int64_t>(kept.size() + j));
    }
    std::shuffle(events.begin(), events.end(), rng);
    for (size_t j = 0; j < passing.size(); ++j) {  // each leaves after it entered
      int64_t id = static_cast<int64_t>(kept.size() + j);
      auto enter = std::find(events.begin(), events.end(), id);
      auto leave = std::find(events.begin(), events.end(), -id);
      if (leave < enter) std::iter_swap(enter, leave);
    }
    ExactSum s;
    for (int64_t e : events) {
      if (e >= 0 && static_cast<size_t>(e) < kept.size()) {
        s.Add(kept[e]);
      } else if (e > 0) {
        s.Add(passing[e - kept.size()]);
      } else {
        s.Subtract(passing[-e - kept.size()]);
      }
    }
    ASSERT_EQ(Bits(SumInOrder(kept)), Bits(s.Value())) << "trial " << trial;
    ASSERT_EQ(Bits(ModelSum(kept)), Bits(s.Value())) << "trial " << trial;
  }
}

TEST(ExactSumTest, SlidingWindowMatchesModel) {
  std::mt19937_64 rng(99);
  std::vector<double> stream = MixedValues(rng, 3000, 1023 - 60, 1023 + 60);
  const size_t window = 16;
  ExactSum s;
  for (size_t i = 0; i < stream.size(); ++i) {
    s.Add(stream[i]);
    if (i >= window) s.Subtract(stream[i - window]);
    size_t begin = i >= window ? i - window + 1 : 0;
    std::vector<double> held(stream.begin() + begin, stream.begin() + i + 1);
    ASSERT_EQ(Bits(ModelSum(held)), Bits(s.Value())) << "at " << i;
  }
}

TEST(ExactSumTest, MatchesModelOverTheWholeRange) {
  std::mt19937_64 rng(2024);
  // Ranges: everything; subnormals and the smallest normals; around 1.0; the huge end, where
  // sums overflow; and huge mixed with tiny, where they cancel down to small remainders.
  const std::pair<int, int> ranges[] = {{0, 2046},    {0, 60},      {1023 - 30, 1023 + 30},
                                        {1960, 2046}, {1900, 2046}, {0, 2046}};
  for (auto [lo, hi] : ranges) {
    for (int trial = 0; trial < 300; ++trial) {
      std::vector<double> v = MixedValues(rng, 1 + rng() % 64, lo, hi);
      ExactSum s;
      FixedPointSum m;
      for (double x : v) {
        s.Add(x);
        m.Add(x);
      }
      ASSERT_EQ(Bits(m.Rounded()), Bits(s.Value())) << "range " << lo << ".." << hi;
      for (size_t i = 0; i < v.size(); i += 2) {
        s.Subtract(v[i]);
        m.Subtract(v[i]);
      }
      ASSERT_EQ(Bits(m.Rounded()), Bits(s.Value())) << "range " << lo << ".." << hi;
    }
  }
}

TEST(ExactSumTest, NaNWins) {
  ExactSum s;
  s.Add(1.0);
  s.Add(std::numeric_limits<double>::quiet_NaN());
  s.Add(std::numeric_limits<double>::infinity());
  EXPECT_TRUE(std::isnan(s.Value()));
  s.Subtract(std::numeric_limits<double>::quiet_NaN());
  EXPECT_SAME_DOUBLE(std::numeric_limits<double>::infinity(), s.Value());
}

TEST(ExactSumTest, InfinitiesOfBothSignsGiveNaN) {
  const double inf = std::numeric_limits<double>::infinity();
  ExactSum s;
  s.Add(-inf);
  EXPECT_SAME_DOUBLE(-inf, s.Value());
  s.Add(inf);
  EXPECT_TRUE(std::isnan(s.Value()));
  s.Subtract(-inf);
  EXPECT_SAME_DOUBLE(inf, s.Value());
}

TEST(ExactSumTest, SubtractingInfinityReturnsToTheFiniteSum) {
  const double inf = std::numeric_limits<double>::infinity();
  ExactSum s;
  s.Add(0.1);
  s.Add(inf);
  s.Add(inf);
  s.Add(0.2);
  s.Subtract(inf);
  EXPECT_SAME_DOUBLE(inf, s.Value());
  s.Subtract(inf);
  EXPECT_SAME_DOUBLE(0.30000000000000004, s.Value());  // 0.1 + 0.2, correctly rounded
}

TEST(ExactSumTest, NegativeZeroOnlyWhenEveryValueIsNegativeZero) {
  ExactSum s;
  s.Add(-0.0);
  EXPECT_SAME_DOUBLE(-0.0, s.Value());
  s.Add(-0.0);
  EXPECT_SAME_DOUBLE(-0.0, s.Value());
  s.Add(0.0);
  EXPECT_SAME_DOUBLE(0.0, s.Value());
  s.Subtract(0.0);
  EXPECT_SAME_DOUBLE(-0.0, s.Value());
  s.Add(1.0);
  s.Add(-1.0);
  EXPECT_SAME_DOUBLE(0.0, s.Value());  // as IEEE: 1 + -1 is +0, and +0 + -0 is +0
  s.Subtract(1.0);
  s.Subtract(-1.0);
  EXPECT_SAME_DOUBLE(-0.0, s.Value());
  s.Subtract(-0.0);
  s.Subtract(-0.0);
  EXPECT_SAME_DOUBLE(0.0, s.Value());  // empty again
}

TEST(ExactSumTest, HugeValuesDoNotOverflowIntermediates) {
  ExactSum s;
  s.Add(1e308);
  s.Add(1e308);
  s.Subtract(1e308);
  EXPECT_SAME_DOUBLE(1e308, s.Value());

  ExactSum many;
  for (int i = 0; i < 1000; ++i) many.Add(DBL_MAX);
  for (int i = 0; i < 999; ++i) many.Subtract(DBL_MAX);
  EXPECT_SAME_DOUBLE(DBL_MAX, many.Value());

  ExactSum tiny_left;  // huge terms cancel; the tiniest subnormal survives
  tiny_left.Add(DBL_MAX);
  tiny_left.Add(0x1p-1074);
  tiny_left.Add(0x1p1000);
  tiny_left.Subtract(DBL_MAX);
  tiny_left.Subtract(0x1p1000);
  EXPECT_SAME_DOUBLE(0x1p-1074, tiny_left.Value());

  ExactSum straddle;  // small values summing past the split, cancelled by a huge one
  for (int i = 0; i < 4; ++i) straddle.Add(0x1.fffffffffffffp959);
  straddle.Add(-0x1p962);
  straddle.Add(0x1p-1000);
  EXPECT_SAME_DOUBLE(-4 * 0x1p907 + 0x1p-1000, straddle.Value());
}

TEST(ExactSumTest, SumBeyondTheRangeIsInfinite) {
  ExactSum s;
  s.Add(DBL_MAX);
  s.Add(DBL_MAX);
  EXPECT_SAME_DOUBLE(std::numeric_limits<double>::infinity(), s.Value());
  s.Add(-DBL_MAX);
  EXPECT_SAME_DOUBLE(DBL_MAX, s.Value());

  ExactSum neg;
  neg.Add(-DBL_MAX);
  neg.Add(-1e308);
  EXPECT_SAME_DOUBLE(-std::numeric_limits<double>::infinity(), neg.Value());

  // DBL_MAX + half its ulp is a tie; DBL_MAX is odd, so it rounds to 2^1024: infinity.
  ExactSum edge;
  edge.Add(DBL_MAX);
  edge.Add(0x1p970);
  EXPECT_SAME_DOUBLE(std::numeric_limits<double>::infinity(), edge.Value());
  edge.Add(-0x1p-1074);  // now just below the tie, far below the huge values' lowest bit
  EXPECT_SAME_DOUBLE(DBL_MAX, edge.Value());
}

TEST(ExactSumTest, ClearEmptiesEverything) {
  ExactSum s;
  s.Add(std::numeric_limits<double>::quiet_NaN());
  s.Add(1e308);
  s.Add(2.5);
  s.Add(-0.0);
  s.Clear();
  EXPECT_SAME_DOUBLE(0.0, s.Value());
  s.Add(-0.0);
  EXPECT_SAME_DOUBLE(-0.0, s.Value());
}

TEST(ExactSumTest, CopiesAreIndependent) {
  ExactSum a;
  a.Add(1e100);
  a.Add(1.0);
  ExactSum b = a;
  b.Subtract(1e100);
  EXPECT_SAME_DOUBLE(1e100, a.Value());
  EXPECT_SAME_DOUBLE(1.0, b.Value());
}

}  // namespace
}  // namespace firn
