// timezone(zone, value), which `value AT TIME ZONE zone` calls (the parser emits
// pg_catalog.timezone):
//   timezone(text, timestamptz) -> timestamp    the wall-clock time in the zone
//   timezone(text, timestamp) -> timestamptz    the wall-clock time read in the zone
//   timezone(interval, timestamptz/timestamp)   the same with a fixed offset east of UTC
// As in PostgreSQL, infinities pass through before the zone is even looked at. Zone texts are
// resolved by FindZoneArgument (zone_argument.h), shared with date_trunc and make_timestamptz.
// Thread-safety: stateless functions; zone lookups go through the synchronized registry.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "common/sql_error.h"
#include "exec/function/kernels.h"
#include "exec/function/registration.h"
#include "exec/function/zone_argument.h"
#include "types/datetime.h"
#include "types/timezone.h"

namespace firn::function_internal {

std::shared_ptr<const TimeZone> FindZoneArgument(const std::string& name, const EvalContext& ctx) {
  // Abbreviations first: the zone database has a few names that are also abbreviations
  // ("CET", "EST"), and PostgreSQL gives the abbreviation's fixed offset for those.
  if (std::optional<int32_t> offset = ZoneAbbreviationOffset(name)) {
    return std::make_shared<const TimeZone>(TimeZone::Fixed(name, *offset));
  }
  std::shared_ptr<const TimeZone> zone =
      ctx.zones != nullptr ? ctx.zones->FindNameOrPosix(name) : nullptr;
  if (zone == nullptr) {
    throw SqlError(sqlstate::kInvalidParameterValue, "time zone \"" + name + "\" not recognized");
  }
  return zone;
}

namespace {

// timezone(text, timestamptz): the local time in the zone. Its result is a timestamp.
void TimestampTzInZoneKernel(const ScalarArgs& in, Vector& out, EvalContext& ctx) {
  const auto& zone = in.args[0]->strings();
  const auto& ts = in.args[1]->ints();
  auto& r = out.ints();
  ZoneArguments zones(ctx);
  for (size_t i = 0; i < in.count; ++i) {
    r[i] = IsTimestampFinite(ts[i]) ? TimestampTzToTimestamp(ts[i], zones.Get(zone[i])) : ts[i];
  }
  SetAllValid(out, in.count);
}

// timezone(text, timestamp): the instant at which the zone's clocks show the timestamp. A
// time skipped by a spring-forward change takes the offset from before it; a time repeated
// when the clocks fall back takes the later offset (TimeZone::OffsetAtLocal).
void TimestampInZoneKernel(const ScalarArgs& in, Vector& out, EvalContext& ctx) {
  const auto& zone = in.args[0]->strings();
  const auto& ts = in.args[1]->ints();
  auto& r = out.ints();
  ZoneArguments zones(ctx);
  for (size_t i = 0; i < in.count; ++i) {
    r[i] = IsTimestampFinite(ts[i]) ? TimestampToTimestampTz(ts[i], zones.Get(zone[i])) : ts[i];
  }
  SetAllValid(out, in.count);
}

// An interval zone's offset in seconds east of UTC. PostgreSQL keeps it in an int, so an
// offset beyond about 68 years wraps; Firn gives the same (meaningless) answer.
int64_t IntervalZoneSeconds(const Interval& zone) {
  if (zone.months != 0 || zone.days != 0) {
    throw SqlError(
        sqlstate::kInvalidParameterValue,
        "interval time zone \"" + FormatInterval(zone) + "\" must not include months or days");
  }
  return static_cast<int32_t>(zone.micros / kMicrosPerSecond);
}

// ts + sign * the interval zone's offset; 22008 outside the timestamp range. An infinity
// passes before the interval is checked, as in PostgreSQL.
int64_t ShiftByIntervalZone(int64_t ts, const Interval& zone, int sign) {
  if (!IsTimestampFinite(ts)) return ts;
  return TimestampAddInterval(ts,
                              Interval{0, 0, sign * IntervalZoneSeconds(zone) * kMicrosPerSecond});
}

// timezone(interval, timestamptz) -> timestamp: UTC plus the offset.
int64_t TimestampTzAtInterval(const Interval& zone, int64_t ts) {
  return ShiftByIntervalZone(ts, zone, 1);
}
// timezone(interval, timestamp) -> timestamptz: the local time minus the offset.
int64_t TimestampAtInterval(const Interval& zone, int64_t ts) {
  return ShiftByIntervalZone(ts, zone, -1);
}

}  // namespace

void RegisterTimezoneFunctions(FunctionRegistry& r) {
  r.AddFunction(Fn("timezone", {kTextT, kTimestampTzT}, kTimestampT, TimestampTzInZoneKernel));
  r.AddFunction(Fn("timezone", {kTextT, kTimestampT}, kTimestampTzT, TimestampInZoneKernel));
  r.AddFunction(Fn("timezone", {kIntervalT, kTimestampTzT}, kTimestampT,
                   BinaryKernel<Interval, int64_t, int64_t, TimestampTzAtInterval>));
  r.AddFunction(Fn("timezone", {kIntervalT, kTimestampT}, kTimestampTzT,
                   BinaryKernel<Interval, int64_t, int64_t, TimestampAtInterval>));
}

}  // namespace firn::function_internal
