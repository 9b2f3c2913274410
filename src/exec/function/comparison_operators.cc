// Comparison operators = <> < <= > >= for every type, as pg_operator has them: bool, the
// integer widths crossed with each other, float4/float8 crossed, numeric, text, name (and
// name/text), bpchar (trailing blanks ignored), "char", oid, date, timestamp, timestamptz,
// interval, uuid, and anyarray. Other mixes (int vs float, int vs numeric) resolve through
// implicit casts, as in PostgreSQL. Strings compare bytewise (collation "C"); floats order
// NaN above everything and equal to itself; intervals compare by their 30-day-month span;
// uuids as unsigned bytes (uuid_cmp's memcmp).
// The date/timestamp/timestamptz cross comparisons live in datetime_operators.cc.
// Thread-safety: stateless functions.
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <string_view>

#include "exec/function/kernels.h"
#include "exec/function/registration.h"
#include "types/datetime.h"

namespace firn::function_internal {
namespace {

template <typename T>
inline int Cmp3(const T& a, const T& b) {
  return (a > b) - (a < b);
}

int CmpInt(int64_t a, int64_t b, const EvalContext&) { return Cmp3(a, b); }

int CmpFloat(double a, double b, const EvalContext&) {
  if (std::isnan(a)) return std::isnan(b) ? 0 : 1;
  if (std::isnan(b)) return -1;
  return Cmp3(a, b);
}

int CmpNumeric(const Numeric& a, const Numeric& b, const EvalContext&) { return a.Compare(b); }

int CmpText(const std::string& a, const std::string& b, const EvalContext&) {
  int c = a.compare(b);
  return (c > 0) - (c < 0);
}

std::string_view StripTrailingBlanks(std::string_view s) {
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

int CmpBpchar(const std::string& a, const std::string& b, const EvalContext&) {
  int c = StripTrailingBlanks(a).compare(StripTrailingBlanks(b));
  return (c > 0) - (c < 0);
}

int CmpInterval(const Interval& a, const Interval& b, const EvalContext&) {
  return CompareIntervals(a, b);
}

int CmpUuid(const Uuid& a, const Uuid& b, const EvalContext&) { return Cmp3(a, b); }

// Element-wise, then by length; NULL elements are equal to each other and sort last.
int CmpArray(const ArrayPtr& a, const ArrayPtr& b, const EvalContext&) {
  const std::vector<Value>& x = a->items;
  const std::vector<Value>& y = b->items;
  size_t n = std::min(x.size(), y.size());
  for (size_t i = 0; i < n; ++i) {
    bool xn = x[i].is_null(), yn = y[i].is_null();
    if (xn || yn) {
      if (xn && yn) continue;
      return xn ? 1 : -1;
    }
    int c = CompareValues(x[i], y[i]);
    if (c != 0) return c;
  }
  return Cmp3(x.size(), y.size());
}

}  // namespace

void RegisterComparisonOperators(FunctionRegistry& r) {
  using I = int64_t;
  using S = std::string;
  AddComparisons<I, I, CmpInt>(r, kBoolT, kBoolT);
  for (Type a : {kInt2T, kInt4T, kInt8T}) {
    for (Type b : {kInt2T, kInt4T, kInt8T}) AddComparisons<I, I, CmpInt>(r, a, b);
  }
  AddComparisons<I, I, CmpInt>(r, Type(TypeId::kOid), Type(TypeId::kOid));
  for (Type a : {kFloat4T, kFloat8T}) {
    for (Type b : {kFloat4T, kFloat8T}) AddComparisons<double, double, CmpFloat>(r, a, b);
  }
  AddComparisons<Numeric, Numeric, CmpNumeric>(r, kNumericT, kNumericT);
  AddComparisons<S, S, CmpText>(r, kTextT, kTextT);
  AddComparisons<S, S, CmpText>(r, kNameT, kNameT);
  AddComparisons<S, S, CmpText>(r, kNameT, kTextT);
  AddComparisons<S, S, CmpText>(r, kTextT, kNameT);
  AddComparisons<S, S, CmpText>(r, kCharT, kCharT);
  AddComparisons<S, S, CmpBpchar>(r, kBpcharT, kBpcharT);
  AddComparisons<I, I, CmpInt>(r, kDateT, kDateT);
  AddComparisons<I, I, CmpInt>(r, kTimestampT, kTimestampT);
  AddComparisons<I, I, CmpInt>(r, kTimestampTzT, kTimestampTzT);
  AddComparisons<Interval, Interval, CmpInterval>(r, kIntervalT, kIntervalT);
  AddComparisons<Uuid, Uuid, CmpUuid>(r, kUuidT, kUuidT);
  AddComparisons<ArrayPtr, ArrayPtr, CmpArray>(r, kAnyArray, kAnyArray);
}

}  // namespace firn::function_internal
