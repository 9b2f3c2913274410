// Date/time operators as pg_operator has them for Firn's types: date ± integer, date - date,
// date/timestamp/timestamptz ± interval (and interval + those), timestamp - timestamp,
// timestamptz - timestamptz, interval ± interval, - interval, interval * float8,
// float8 * interval, interval / float8, and the cross-type comparisons between date,
// timestamp and timestamptz (the latter in the session time zone). The arithmetic itself
// is types/datetime.h's.
// Thread-safety: stateless functions; the session zone comes from the EvalContext.
#include <cstdint>
#include <limits>

#include "exec/function/kernels.h"
#include "exec/function/registration.h"
#include "types/datetime.h"
#include "types/timezone.h"

namespace firn::function_internal {
namespace {

using I = int64_t;
using D = double;
using V = Interval;

const TimeZone& Zone(const EvalContext& ctx) {
  return ctx.time_zone != nullptr ? *ctx.time_zone : TimeZone::Utc();
}

// out[i] = F(a[i], b[i], zone) for every row.
template <typename A, typename B, typename R, auto F>
void ZonedBinaryKernel(const ScalarArgs& in, Vector& out, EvalContext& ctx) {
  const TimeZone& tz = Zone(ctx);
  const std::vector<A>& a = Col<A>(*in.args[0]);
  const std::vector<B>& b = Col<B>(*in.args[1]);
  std::vector<R>& r = MutCol<R>(out);
  for (size_t i = 0; i < in.count; ++i) r[i] = F(a[i], b[i], tz);
  SetAllValid(out, in.count);
}

I DatePlusInt(I d, I n) { return DateAddDays(d, n); }
I IntPlusDate(I n, I d) { return DateAddDays(d, n); }
I DateMinusInt(I d, I n) { return DateAddDays(d, -n); }
I DateMinusDate(I a, I b) { return DateDiff(a, b); }
I DatePlusInterval(I d, const V& iv) { return DateAddInterval(d, iv); }
I IntervalPlusDate(const V& iv, I d) { return DateAddInterval(d, iv); }
I DateMinusInterval(I d, const V& iv) { return TimestampSubInterval(DateToTimestamp(d), iv); }
I TsPlusInterval(I ts, const V& iv) { return TimestampAddInterval(ts, iv); }
I IntervalPlusTs(const V& iv, I ts) { return TimestampAddInterval(ts, iv); }
I TsMinusInterval(I ts, const V& iv) { return TimestampSubInterval(ts, iv); }
V TsMinusTs(I a, I b) { return TimestampDiff(a, b); }
I TstzPlusInterval(I ts, const V& iv, const TimeZone& tz) {
  return TimestampTzAddInterval(ts, iv, tz);
}
I IntervalPlusTstz(const V& iv, I ts, const TimeZone& tz) {
  return TimestampTzAddInterval(ts, iv, tz);
}
I TstzMinusInterval(I ts, const V& iv, const TimeZone& tz) {
  return TimestampTzSubInterval(ts, iv, tz);
}
V IntervalPlus(const V& a, const V& b) { return IntervalAdd(a, b); }
V IntervalMinus(const V& a, const V& b) { return IntervalSub(a, b); }
V IntervalNegate(const V& a) { return IntervalNeg(a); }
V IntervalTimes(const V& a, D f) { return IntervalMul(a, f); }
V TimesInterval(D f, const V& a) { return IntervalMul(a, f); }
V IntervalDivided(const V& a, D f) { return IntervalDiv(a, f); }

// ---- cross-type comparisons: both sides are mapped to microseconds ----

// Microseconds of a date's midnight, saturating instead of overflowing: dates beyond the
// timestamp range compare beyond every finite timestamp.
constexpr int64_t kMaxTimestampDays = std::numeric_limits<int64_t>::max() / kMicrosPerDay - 1;

I DateMicros(I d) {
  if (d > kMaxTimestampDays) return kTimestampInfinity;
  if (d < -kMaxTimestampDays) return kTimestampNegInfinity;
  return d * kMicrosPerDay;
}
I DateMicrosTz(I d, const TimeZone& tz) {
  if (d > kMaxTimestampDays || d < -kMaxTimestampDays) return DateMicros(d);
  return tz.LocalToUtc(d * kMicrosPerDay);
}
I TimestampMicrosTz(I ts, const TimeZone& tz) {
  return IsTimestampFinite(ts) ? tz.LocalToUtc(ts) : ts;
}

inline int Cmp3(I a, I b) { return (a > b) - (a < b); }
int CmpDateTs(I d, I ts, const EvalContext&) { return Cmp3(DateMicros(d), ts); }
int CmpTsDate(I ts, I d, const EvalContext&) { return Cmp3(ts, DateMicros(d)); }
int CmpDateTstz(I d, I ts, const EvalContext& ctx) { return Cmp3(DateMicrosTz(d, Zone(ctx)), ts); }
int CmpTstzDate(I ts, I d, const EvalContext& ctx) { return Cmp3(ts, DateMicrosTz(d, Zone(ctx))); }
int CmpTsTstz(I a, I b, const EvalContext& ctx) { return Cmp3(TimestampMicrosTz(a, Zone(ctx)), b); }
int CmpTstzTs(I a, I b, const EvalContext& ctx) { return Cmp3(a, TimestampMicrosTz(b, Zone(ctx))); }

}  // namespace

void RegisterDatetimeOperators(FunctionRegistry& r) {
  r.AddOperator(Fn("+", {kDateT, kInt4T}, kDateT, BinaryKernel<I, I, I, DatePlusInt>));
  r.AddOperator(Fn("+", {kInt4T, kDateT}, kDateT, BinaryKernel<I, I, I, IntPlusDate>));
  r.AddOperator(Fn("-", {kDateT, kInt4T}, kDateT, BinaryKernel<I, I, I, DateMinusInt>));
  r.AddOperator(Fn("-", {kDateT, kDateT}, kInt4T, BinaryKernel<I, I, I, DateMinusDate>));
  r.AddOperator(
      Fn("+", {kDateT, kIntervalT}, kTimestampT, BinaryKernel<I, V, I, DatePlusInterval>));
  r.AddOperator(
      Fn("+", {kIntervalT, kDateT}, kTimestampT, BinaryKernel<V, I, I, IntervalPlusDate>));
  r.AddOperator(
      Fn("-", {kDateT, kIntervalT}, kTimestampT, BinaryKernel<I, V, I, DateMinusInterval>));

  r.AddOperator(
      Fn("+", {kTimestampT, kIntervalT}, kTimestampT, BinaryKernel<I, V, I, TsPlusInterval>));
  r.AddOperator(
      Fn("+", {kIntervalT, kTimestampT}, kTimestampT, BinaryKernel<V, I, I, IntervalPlusTs>));
  r.AddOperator(
      Fn("-", {kTimestampT, kIntervalT}, kTimestampT, BinaryKernel<I, V, I, TsMinusInterval>));
  r.AddOperator(Fn("-", {kTimestampT, kTimestampT}, kIntervalT, BinaryKernel<I, I, V, TsMinusTs>));

  r.AddOperator(Fn("+", {kTimestampTzT, kIntervalT}, kTimestampTzT,
                   ZonedBinaryKernel<I, V, I, TstzPlusInterval>));
  r.AddOperator(Fn("+", {kIntervalT, kTimestampTzT}, kTimestampTzT,
                   ZonedBinaryKernel<V, I, I, IntervalPlusTstz>));
  r.AddOperator(Fn("-", {kTimestampTzT, kIntervalT}, kTimestampTzT,
                   ZonedBinaryKernel<I, V, I, TstzMinusInterval>));
  r.AddOperator(
      Fn("-", {kTimestampTzT, kTimestampTzT}, kIntervalT, BinaryKernel<I, I, V, TsMinusTs>));

  r.AddOperator(Fn("+", {kIntervalT, kIntervalT}, kIntervalT, BinaryKernel<V, V, V, IntervalPlus>));
  r.AddOperator(
      Fn("-", {kIntervalT, kIntervalT}, kIntervalT, BinaryKernel<V, V, V, IntervalMinus>));
  r.AddOperator(Fn("-", {kIntervalT}, kIntervalT, UnaryKernel<V, V, IntervalNegate>));
  r.AddOperator(Fn("*", {kIntervalT, kFloat8T}, kIntervalT, BinaryKernel<V, D, V, IntervalTimes>));
  r.AddOperator(Fn("*", {kFloat8T, kIntervalT}, kIntervalT, BinaryKernel<D, V, V, TimesInterval>));
  r.AddOperator(
      Fn("/", {kIntervalT, kFloat8T}, kIntervalT, BinaryKernel<V, D, V, IntervalDivided>));

  AddComparisons<I, I, CmpDateTs>(r, kDateT, kTimestampT);
  AddComparisons<I, I, CmpTsDate>(r, kTimestampT, kDateT);
  AddComparisons<I, I, CmpDateTstz>(r, kDateT, kTimestampTzT);
  AddComparisons<I, I, CmpTstzDate>(r, kTimestampTzT, kDateT);
  AddComparisons<I, I, CmpTsTstz>(r, kTimestampT, kTimestampTzT);
  AddComparisons<I, I, CmpTstzTs>(r, kTimestampTzT, kTimestampT);
}

}  // namespace firn::function_internal
