// TimeZone: a session time zone — UTC, a fixed offset, or a named IANA zone loaded from a
// TZif file (transitions plus the POSIX TZ footer rule for instants after the last one).
// TimeZoneRegistry loads each named zone once and hands out shared immutable zones.
// Offsets are seconds east of UTC (ISO sign convention, as PostgreSQL prints them).
// Thread-safety: TimeZone is immutable after construction and safe to share; the registry
// is internally synchronized.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace firn {

class TimeZone {
 public:
  // The UTC zone (name "UTC"); a process-wide immutable constant.
  static const TimeZone& Utc();
  // A zone with a constant offset, `seconds_east` of UTC, whose abbreviation (to_char's TZ)
  // is `abbreviation`, or the name when that is not given.
  static TimeZone Fixed(std::string name, int32_t seconds_east,
                        std::optional<std::string> abbreviation = std::nullopt);
  // Parses a TZif (RFC 8536, versions 1-4) image. Returns nullopt when malformed.
  static std::optional<TimeZone> FromTzif(std::string name, std::string_view data);
  // The zone a POSIX TZ string describes at every instant ("UTC+3" is three hours west of
  // UTC, "<+04>-4", "EST5EDT,M3.2.0,M11.1.0"; DST without rules follows US rules), named
  // `spec`. Returns nullopt when `spec` is not one.
  static std::optional<TimeZone> FromPosix(std::string_view spec);

  const std::string& name() const { return name_; }
  bool is_fixed() const { return transitions_.empty() && !rule_.has_value(); }

  // Offset (seconds east of UTC) in effect at the UTC instant `utc_micros`.
  int32_t OffsetAtUtc(int64_t utc_micros) const;
  // Offset to use for the wall-clock time `local_micros` (microseconds since 1970-01-01
  // local). PostgreSQL's rule: a time in a spring-forward gap uses the offset from before
  // the transition; an ambiguous fall-back time uses the offset from after it.
  int32_t OffsetAtLocal(int64_t local_micros) const;
  // The zone's abbreviation at the UTC instant ("EDT", "CET", "+04"); empty when it has none.
  std::string_view AbbreviationAtUtc(int64_t utc_micros) const;
  int64_t LocalToUtc(int64_t local_micros) const {
    return local_micros - int64_t{OffsetAtLocal(local_micros)} * 1000000;
  }
  int64_t UtcToLocal(int64_t utc_micros) const {
    return utc_micros + int64_t{OffsetAtUtc(utc_micros)} * 1000000;
  }

  // POSIX TZ rule ("EST5EDT,M3.2.0,M11.1.0"), public for tests. Offsets are seconds east.
  struct PosixRule {
    struct When {
      char kind = 'M';  // 'M' month.week.day, 'J' julian 1..365 without Feb 29, 'D' 0..365
      int month = 0, week = 0, weekday = 0, day = 0;
      int32_t time = 7200;  // seconds after local midnight
    };
    int32_t std_offset = 0;
    bool has_dst = false;
    int32_t dst_offset = 0;
    When start, end;
    std::string std_abbreviation, dst_abbreviation;
    bool InDst(int64_t utc_seconds) const;
    int32_t OffsetAt(int64_t utc_seconds) const {
      return InDst(utc_seconds) ? dst_offset : std_offset;
    }
  };
  static std::optional<PosixRule> ParsePosixRule(std::string_view spec);

 private:
  TimeZone() = default;
  int32_t OffsetAtUtcSeconds(int64_t utc_seconds) const;
  // Index into transitions_ of the one in effect at `utc_seconds`; -1 before the first,
  // transitions_.size() when the POSIX rule applies.
  int64_t TransitionAt(int64_t utc_seconds) const;

  std::string name_;
  int32_t initial_offset_ = 0;        // before the first transition (or fixed offset)
  std::vector<int64_t> transitions_;  // UTC seconds, ascending
  std::vector<int32_t> offsets_;      // offset from transitions_[i] on
  std::string initial_abbreviation_;
  std::vector<std::string> abbreviations_;  // abbreviation from transitions_[i] on
  std::optional<PosixRule> rule_;           // after the last transition
};

// Loads and caches zones by name. Accepts "UTC"/"GMT"/"Z", numeric offsets ("+02", "-5",
// PostgreSQL's POSIX-signed "+05:30" meaning 5:30 west), and IANA names (case-insensitive).
class TimeZoneRegistry {
 public:
  explicit TimeZoneRegistry(std::string zoneinfo_dir = "/usr/share/zoneinfo");
  // Returns the zone, or nullptr when the name is not a known zone.
  std::shared_ptr<const TimeZone> Find(std::string_view name) const;
  // PostgreSQL's pg_tzset, which resolves zone names given to AT TIME ZONE, date_trunc and
  // make_timestamptz: an IANA name (any case), else a POSIX TZ string, whose numbers count
  // west of UTC ("+05" and "UTC+5" are both five hours behind UTC; unlike Find's "+05").
  // Returns nullptr when the name is neither.
  std::shared_ptr<const TimeZone> FindNameOrPosix(std::string_view name) const;

 private:
  std::shared_ptr<const TimeZone> Load(const std::string& name) const;

  std::string dir_;
  mutable std::mutex mu_;
  mutable std::map<std::string, std::shared_ptr<const TimeZone>> cache_;  // GUARDED_BY(mu_)
};

// Formats an offset as PostgreSQL prints it after a timestamptz: "+00", "-05", "+05:30",
// "-00:01:15".
void AppendUtcOffset(int32_t seconds_east, std::string* out);

}  // namespace firn
