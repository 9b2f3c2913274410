// Date/time functions: date_trunc (2 and 3 arguments), date_part, extract (numeric, as
// PostgreSQL 14+), to_timestamp(float8), age (1 and 2 arguments), now and its aliases,
// clock_timestamp, current_date, localtimestamp, justify_hours/days/interval and make_date.
// Calendar arithmetic is types/datetime.h's; this file binds it to vectors.
// Thread-safety: stateless functions; "now" and the session zone come from the EvalContext.
#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "common/clock.h"
#include "common/sql_error.h"
#include "exec/function/kernels.h"
#include "exec/function/registration.h"
#include "types/civil.h"
#include "types/datetime.h"
#include "types/timezone.h"

namespace firn::function_internal {
namespace {

using I = int64_t;
using D = double;
using V = Interval;
using N = Numeric;
using S = std::string;

const TimeZone& Zone(const EvalContext& ctx) {
  return ctx.time_zone != nullptr ? *ctx.time_zone : TimeZone::Utc();
}

// out[i] = F(a[i], b[i], ctx) for every row.
template <typename A, typename B, typename R, auto F>
void CtxBinaryKernel(const ScalarArgs& in, Vector& out, EvalContext& ctx) {
  const std::vector<A>& a = Col<A>(*in.args[0]);
  const std::vector<B>& b = Col<B>(*in.args[1]);
  std::vector<R>& r = MutCol<R>(out);
  for (size_t i = 0; i < in.count; ++i) r[i] = F(a[i], b[i], ctx);
  SetAllValid(out, in.count);
}

// out[i] = F(a[i], ctx) for every row.
template <typename A, typename R, auto F>
void CtxUnaryKernel(const ScalarArgs& in, Vector& out, EvalContext& ctx) {
  const std::vector<A>& a = Col<A>(*in.args[0]);
  std::vector<R>& r = MutCol<R>(out);
  for (size_t i = 0; i < in.count; ++i) r[i] = F(a[i], ctx);
  SetAllValid(out, in.count);
}

// ---- date_trunc ----

I TruncTs(const S& field, I ts) { return TimestampTrunc(field, ts); }
I TruncTstz(const S& field, I ts, const EvalContext& ctx) {
  return TimestampTzTrunc(field, ts, Zone(ctx));
}
V TruncInterval(const S& field, const V& iv) { return IntervalTrunc(field, iv); }

// date_trunc(field, timestamptz, zone): truncation in the named zone.
void TruncTstzInZoneKernel(const ScalarArgs& in, Vector& out, EvalContext& ctx) {
  const auto& field = in.args[0]->strings();
  const auto& ts = in.args[1]->ints();
  const auto& zone = in.args[2]->strings();
  auto& r = out.ints();
  std::shared_ptr<const TimeZone> cached;
  const std::string* cached_name = nullptr;
  for (size_t i = 0; i < in.count; ++i) {
    if (cached_name == nullptr || *cached_name != zone[i]) {
      cached = ctx.zones != nullptr ? ctx.zones->Find(zone[i]) : nullptr;
      if (cached == nullptr && (zone[i] == "UTC" || zone[i] == "utc")) {
        cached = std::make_shared<const TimeZone>(TimeZone::Utc());
      }
      if (cached == nullptr) {
        throw SqlError(sqlstate::kInvalidParameterValue,
                       "time zone \"" + zone[i] + "\" not recognized");
      }
      cached_name = &zone[i];
    }
    r[i] = TimestampTzTrunc(field[i], ts[i], *cached);
  }
  SetAllValid(out, in.count);
}

// ---- extract / date_part: nullopt (a non-monotonic field of an infinite value) is NULL ----

// out[i] = F(a[i], b[i], ctx), or NULL when F returns nullopt.
template <typename A, typename B, typename R, auto F>
void OptionalKernel(const ScalarArgs& in, Vector& out, EvalContext& ctx) {
  const std::vector<A>& a = Col<A>(*in.args[0]);
  const std::vector<B>& b = Col<B>(*in.args[1]);
  std::vector<R>& r = MutCol<R>(out);
  for (size_t i = 0; i < in.count; ++i) {
    std::optional<R> v = F(a[i], b[i], ctx);
    out.SetNull(i, !v.has_value());
    if (v) r[i] = std::move(*v);
  }
}

using OptN = std::optional<N>;
using OptD = std::optional<D>;
OptN ExtractDateField(const S& f, I d, const EvalContext&) { return ExtractDate(f, d); }
OptN ExtractTsField(const S& f, I ts, const EvalContext&) { return ExtractTimestamp(f, ts); }
OptN ExtractTstzField(const S& f, I ts, const EvalContext& ctx) {
  return ExtractTimestampTz(f, ts, Zone(ctx));
}
OptN ExtractIntervalField(const S& f, const V& iv, const EvalContext&) {
  return ExtractInterval(f, iv);
}
OptD ToDouble(const OptN& n) { return n ? OptD(n->ToDouble()) : std::nullopt; }
// date_part(text, date) is PostgreSQL's date_part(text, date::timestamp).
OptD DatePartDate(const S& f, I d, const EvalContext&) {
  return ToDouble(ExtractTimestamp(f, DateToTimestamp(d)));
}
OptD DatePartTs(const S& f, I ts, const EvalContext&) { return ToDouble(ExtractTimestamp(f, ts)); }
OptD DatePartTstz(const S& f, I ts, const EvalContext& ctx) {
  return ToDouble(ExtractTimestampTz(f, ts, Zone(ctx)));
}
OptD DatePartInterval(const S& f, const V& iv, const EvalContext&) {
  return ExtractInterval(f, iv).ToDouble();
}

// ---- age ----

V AgeTs(I a, I b) { return AgeTimestamp(a, b); }
V AgeTstz(I a, I b, const EvalContext& ctx) { return AgeTimestampTz(a, b, Zone(ctx)); }
// age(x) = age(midnight today, x), "today" in the session zone.
I TodayDate(const EvalContext& ctx) { return TimestampTzToDate(ctx.statement_time_us, Zone(ctx)); }
V AgeFromTodayTs(I ts, const EvalContext& ctx) {
  return AgeTimestamp(DateToTimestamp(TodayDate(ctx)), ts);
}
V AgeFromTodayTstz(I ts, const EvalContext& ctx) {
  return AgeTimestampTz(DateToTimestampTz(TodayDate(ctx), Zone(ctx)), ts, Zone(ctx));
}

// ---- now and friends: one value for every row ----

template <I (*Compute)(const EvalContext&)>
void ConstantKernel(const ScalarArgs& in, Vector& out, EvalContext& ctx) {
  I v = Compute(ctx);
  auto& r = out.ints();
  for (size_t i = 0; i < in.count; ++i) r[i] = v;
  SetAllValid(out, in.count);
}
I StatementTime(const EvalContext& ctx) { return ctx.statement_time_us; }
I LocalTimestamp(const EvalContext& ctx) {
  return TimestampTzToTimestamp(ctx.statement_time_us, Zone(ctx));
}
// clock_timestamp() reads the clock for every row.
void ClockKernel(const ScalarArgs& in, Vector& out, EvalContext&) {
  auto& r = out.ints();
  for (size_t i = 0; i < in.count; ++i) {
    r[i] = WallClockMicros();
  }
  SetAllValid(out, in.count);
}

I ToTimestampSeconds(D seconds) { return ToTimestamp(seconds); }

V JustifyHoursFn(const V& v) { return JustifyHours(v); }
V JustifyDaysFn(const V& v) { return JustifyDays(v); }
V JustifyIntervalFn(const V& v) { return JustifyInterval(v); }

// make_date(year, month, day): negative years are BC; there is no year 0.
I MakeDate(I year, I month, I day) {
  bool valid =
      year != 0 && month >= 1 && month <= 12 && day >= 1 && year >= -4713 && year <= 5874897;
  I astronomical = year < 0 ? year + 1 : year;
  if (valid) valid = day <= civil::DaysInMonth(astronomical, static_cast<int>(month));
  if (!valid) {
    char buf[96];
    std::snprintf(buf, sizeof(buf), "date field value out of range: %lld-%02lld-%02lld",
                  static_cast<long long>(year), static_cast<long long>(month),
                  static_cast<long long>(day));
    throw SqlError(sqlstate::kDatetimeFieldOverflow, buf);
  }
  return civil::DaysFromCivil(astronomical, static_cast<int>(month), static_cast<int>(day));
}

void AddNowLike(FunctionRegistry& r, const char* name, Type ret, ScalarImpl impl,
                bool is_volatile = false) {
  ScalarFunction f = Fn(name, {}, ret, impl);
  f.is_volatile = is_volatile;
  r.AddFunction(std::move(f));
}

}  // namespace

void RegisterDatetimeFunctions(FunctionRegistry& r) {
  r.AddFunction(
      Fn("date_trunc", {kTextT, kTimestampT}, kTimestampT, BinaryKernel<S, I, I, TruncTs>));
  r.AddFunction(Fn("date_trunc", {kTextT, kTimestampTzT}, kTimestampTzT,
                   CtxBinaryKernel<S, I, I, TruncTstz>));
  r.AddFunction(
      Fn("date_trunc", {kTextT, kTimestampTzT, kTextT}, kTimestampTzT, TruncTstzInZoneKernel));
  r.AddFunction(
      Fn("date_trunc", {kTextT, kIntervalT}, kIntervalT, BinaryKernel<S, V, V, TruncInterval>));

  r.AddFunction(
      Fn("extract", {kTextT, kDateT}, kNumericT, OptionalKernel<S, I, N, ExtractDateField>));
  r.AddFunction(
      Fn("extract", {kTextT, kTimestampT}, kNumericT, OptionalKernel<S, I, N, ExtractTsField>));
  r.AddFunction(
      Fn("extract", {kTextT, kTimestampTzT}, kNumericT, OptionalKernel<S, I, N, ExtractTstzField>));
  r.AddFunction(Fn("extract", {kTextT, kIntervalT}, kNumericT,
                   OptionalKernel<S, V, N, ExtractIntervalField>));
  r.AddFunction(Fn("date_part", {kTextT, kDateT}, kFloat8T, OptionalKernel<S, I, D, DatePartDate>));
  r.AddFunction(
      Fn("date_part", {kTextT, kTimestampT}, kFloat8T, OptionalKernel<S, I, D, DatePartTs>));
  r.AddFunction(
      Fn("date_part", {kTextT, kTimestampTzT}, kFloat8T, OptionalKernel<S, I, D, DatePartTstz>));
  r.AddFunction(
      Fn("date_part", {kTextT, kIntervalT}, kFloat8T, OptionalKernel<S, V, D, DatePartInterval>));

  r.AddFunction(
      Fn("to_timestamp", {kFloat8T}, kTimestampTzT, UnaryKernel<D, I, ToTimestampSeconds>));

  r.AddFunction(Fn("age", {kTimestampT, kTimestampT}, kIntervalT, BinaryKernel<I, I, V, AgeTs>));
  r.AddFunction(
      Fn("age", {kTimestampTzT, kTimestampTzT}, kIntervalT, CtxBinaryKernel<I, I, V, AgeTstz>));
  r.AddFunction(Fn("age", {kTimestampT}, kIntervalT, CtxUnaryKernel<I, V, AgeFromTodayTs>));
  r.AddFunction(Fn("age", {kTimestampTzT}, kIntervalT, CtxUnaryKernel<I, V, AgeFromTodayTstz>));

  for (const char* name :
       {"now", "current_timestamp", "transaction_timestamp", "statement_timestamp"}) {
    AddNowLike(r, name, kTimestampTzT, ConstantKernel<StatementTime>);
  }
  AddNowLike(r, "clock_timestamp", kTimestampTzT, ClockKernel, true);
  AddNowLike(r, "current_date", kDateT, ConstantKernel<TodayDate>);
  AddNowLike(r, "localtimestamp", kTimestampT, ConstantKernel<LocalTimestamp>);

  r.AddFunction(Fn("justify_hours", {kIntervalT}, kIntervalT, UnaryKernel<V, V, JustifyHoursFn>));
  r.AddFunction(Fn("justify_days", {kIntervalT}, kIntervalT, UnaryKernel<V, V, JustifyDaysFn>));
  r.AddFunction(
      Fn("justify_interval", {kIntervalT}, kIntervalT, UnaryKernel<V, V, JustifyIntervalFn>));
  r.AddFunction(
      Fn("make_date", {kInt4T, kInt4T, kInt4T}, kDateT, TernaryKernel<I, I, I, I, MakeDate>));
}

}  // namespace firn::function_internal
