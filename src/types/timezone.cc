// TimeZone: TZif decoding, POSIX TZ rules, offset lookup, and the zone registry.
// TZif layout (RFC 8536): 44-byte header ("TZif", version, 15 reserved bytes, six big-endian
// uint32 counts: isut, isstd, leap, time, type, char), then the v1 data block with 32-bit
// times; v2+ repeat header and data with 64-bit times and end with "\n<POSIX TZ>\n".
// Thread-safety: zones are immutable; the registry cache is guarded by a mutex.
#include "types/timezone.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "types/civil.h"

namespace firn {
namespace {

uint32_t ReadBe32(const unsigned char* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
}
int64_t ReadBe64(const unsigned char* p) {
  return static_cast<int64_t>((uint64_t{ReadBe32(p)} << 32) | ReadBe32(p + 4));
}

// Cursor over a POSIX TZ string.
struct PosixParser {
  std::string_view s;
  size_t i = 0;

  bool AtEnd() const { return i >= s.size(); }
  // A zone abbreviation: anything up to a digit, sign or comma (tzcode's getzname, which
  // PostgreSQL uses; it may be empty), or anything between '<' and '>' ("<+04>").
  bool Name(std::string* out) {
    if (!AtEnd() && s[i] == '<') {
      size_t close = s.find('>', i);
      if (close == std::string_view::npos) return false;
      *out = std::string(s.substr(i + 1, close - i - 1));
      i = close + 1;
      return true;
    }
    size_t start = i;
    while (!AtEnd() && !std::isdigit(static_cast<unsigned char>(s[i])) && s[i] != ',' &&
           s[i] != '-' && s[i] != '+') {
      ++i;
    }
    *out = std::string(s.substr(start, i - start));
    return true;
  }
  // Decimal digits whose value is in [min, max] (tzcode's getnum).
  bool Number(int* out, int min, int max) {
    size_t start = i;
    int v = 0;
    while (!AtEnd() && std::isdigit(static_cast<unsigned char>(s[i]))) {
      v = v * 10 + (s[i++] - '0');
      if (v > max) return false;
    }
    *out = v;
    return i > start && v >= min;
  }
  // [+-]hh[:mm[:ss]] as signed seconds; hours up to 167 as in tzcode's getoffset.
  bool Time(int32_t* out) {
    int sign = 1;
    if (!AtEnd() && (s[i] == '+' || s[i] == '-')) sign = s[i++] == '-' ? -1 : 1;
    int h = 0, m = 0, sec = 0;
    if (!Number(&h, 0, 24 * 7 - 1)) return false;
    if (!AtEnd() && s[i] == ':') {
      ++i;
      if (!Number(&m, 0, 59)) return false;
      if (!AtEnd() && s[i] == ':') {
        ++i;
        if (!Number(&sec, 0, 60)) return false;
      }
    }
    *out = sign * (h * 3600 + m * 60 + sec);
    return true;
  }
  bool Rule(TimeZone::PosixRule::When* w) {
    if (AtEnd()) return false;
    if (s[i] == 'M') {
      ++i;
      w->kind = 'M';
      if (!Number(&w->month, 1, 12) || AtEnd() || s[i++] != '.') return false;
      if (!Number(&w->week, 1, 5) || AtEnd() || s[i++] != '.') return false;
      if (!Number(&w->weekday, 0, 6)) return false;
    } else if (s[i] == 'J') {
      ++i;
      w->kind = 'J';
      if (!Number(&w->day, 1, 365)) return false;
    } else {
      w->kind = 'D';
      if (!Number(&w->day, 0, 365)) return false;
    }
    w->time = 7200;
    if (!AtEnd() && s[i] == '/') {
      ++i;
      if (!Time(&w->time)) return false;
    }
    return true;
  }
};

// Local day number (days since 1970-01-01) on which rule `w` fires in `year`.
int64_t RuleDay(const TimeZone::PosixRule::When& w, int64_t year) {
  if (w.kind == 'J') {
    int64_t d = civil::DaysFromCivil(year, 1, 1) + w.day - 1;
    if (civil::IsLeapYear(year) && w.day >= 60) ++d;
    return d;
  }
  if (w.kind == 'D') return civil::DaysFromCivil(year, 1, 1) + w.day;
  int64_t first = civil::DaysFromCivil(year, w.month, 1);
  int delta = (w.weekday - civil::WeekdayFromDays(first) + 7) % 7;
  int64_t day = first + delta + 7 * (w.week - 1);
  int64_t last = first + civil::DaysInMonth(year, w.month) - 1;
  while (day > last) day -= 7;
  return day;
}

}  // namespace

std::optional<TimeZone::PosixRule> TimeZone::ParsePosixRule(std::string_view spec) {
  PosixParser p{spec};
  PosixRule rule;
  int32_t west;
  if (!p.Name(&rule.std_abbreviation) || !p.Time(&west)) return std::nullopt;
  rule.std_offset = -west;
  if (p.AtEnd()) return rule;
  if (!p.Name(&rule.dst_abbreviation) || rule.dst_abbreviation.empty()) return std::nullopt;
  rule.has_dst = true;
  rule.dst_offset = rule.std_offset + 3600;
  if (!p.AtEnd() && p.s[p.i] != ',') {
    if (!p.Time(&west)) return std::nullopt;
    rule.dst_offset = -west;
  }
  if (p.AtEnd()) {
    // POSIX default rule (US, M3.2.0,M11.1.0).
    rule.start = {'M', 3, 2, 0, 0, 7200};
    rule.end = {'M', 11, 1, 0, 0, 7200};
    return rule;
  }
  if (p.s[p.i++] != ',' || !p.Rule(&rule.start)) return std::nullopt;
  if (p.AtEnd() || p.s[p.i++] != ',' || !p.Rule(&rule.end)) return std::nullopt;
  if (!p.AtEnd()) return std::nullopt;
  return rule;
}

bool TimeZone::PosixRule::InDst(int64_t utc_seconds) const {
  if (!has_dst) return false;
  int64_t local_days = civil::FloorDiv(utc_seconds + std_offset, 86400);
  int64_t year = civil::CivilFromDays(local_days).year;
  // Transition instants in UTC: start is in standard local time, end in daylight time.
  auto instant = [&](const When& w, int64_t y, int32_t offset) {
    return RuleDay(w, y) * 86400 + w.time - offset;
  };
  int64_t dst_start = instant(start, year, std_offset);
  int64_t dst_end = instant(end, year, dst_offset);
  bool in_dst;
  if (dst_start < dst_end) {
    in_dst = utc_seconds >= dst_start && utc_seconds < dst_end;
  } else {
    in_dst = !(utc_seconds >= dst_end && utc_seconds < dst_start);
  }
  return in_dst;
}

const TimeZone& TimeZone::Utc() {
  static const TimeZone utc = Fixed("UTC", 0);
  return utc;
}

TimeZone TimeZone::Fixed(std::string name, int32_t seconds_east,
                         std::optional<std::string> abbreviation) {
  TimeZone tz;
  tz.initial_abbreviation_ = abbreviation ? std::move(*abbreviation) : name;
  tz.name_ = std::move(name);
  tz.initial_offset_ = seconds_east;
  return tz;
}

std::optional<TimeZone> TimeZone::FromTzif(std::string name, std::string_view data) {
  const auto* base = reinterpret_cast<const unsigned char*>(data.data());
  size_t size = data.size();
  auto parse_block = [&](size_t pos, int time_size, TimeZone* tz, size_t* end) -> bool {
    if (pos + 44 > size || std::string_view(data.data() + pos, 4) != "TZif") return false;
    const unsigned char* h = base + pos + 20;
    uint32_t isutcnt = ReadBe32(h), isstdcnt = ReadBe32(h + 4), leapcnt = ReadBe32(h + 8),
             timecnt = ReadBe32(h + 12), typecnt = ReadBe32(h + 16), charcnt = ReadBe32(h + 20);
    size_t need = size_t{timecnt} * time_size + timecnt + size_t{typecnt} * 6 + charcnt +
                  size_t{leapcnt} * (time_size + 4) + isstdcnt + isutcnt;
    size_t p = pos + 44;
    if (typecnt == 0 || p + need > size) return false;
    const unsigned char* times = base + p;
    const unsigned char* idx = times + size_t{timecnt} * time_size;
    const unsigned char* types = idx + timecnt;
    // Each type: utoff (4 bytes), isdst, the index of its abbreviation in the NUL-separated
    // designations that follow the types.
    const char* designations = reinterpret_cast<const char*>(types + size_t{typecnt} * 6);
    std::vector<int32_t> type_offsets(typecnt);
    std::vector<std::string> type_abbreviations(typecnt);
    for (uint32_t t = 0; t < typecnt; ++t) {
      type_offsets[t] = static_cast<int32_t>(ReadBe32(types + t * 6));
      uint8_t at = types[t * 6 + 5];
      if (at < charcnt) {
        type_abbreviations[t] =
            std::string(designations + at, strnlen(designations + at, charcnt - at));
      }
    }
    tz->transitions_.clear();
    tz->offsets_.clear();
    tz->abbreviations_.clear();
    for (uint32_t t = 0; t < timecnt; ++t) {
      int64_t when = time_size == 8 ? ReadBe64(times + size_t{t} * 8)
                                    : static_cast<int32_t>(ReadBe32(times + size_t{t} * 4));
      if (idx[t] >= typecnt) return false;
      tz->transitions_.push_back(when);
      tz->offsets_.push_back(type_offsets[idx[t]]);
      tz->abbreviations_.push_back(type_abbreviations[idx[t]]);
    }
    tz->initial_offset_ = type_offsets[0];
    tz->initial_abbreviation_ = type_abbreviations[0];
    *end = p + need;
    return true;
  };
  TimeZone tz;
  tz.name_ = std::move(name);
  size_t end = 0;
  if (!parse_block(0, 4, &tz, &end)) return std::nullopt;
  if (size > 4 && data[4] >= '2') {
    size_t end2 = 0;
    if (!parse_block(end, 8, &tz, &end2)) return std::nullopt;
    if (end2 < size && data[end2] == '\n') {
      size_t nl = data.find('\n', end2 + 1);
      if (nl != std::string_view::npos && nl > end2 + 1) {
        tz.rule_ = ParsePosixRule(data.substr(end2 + 1, nl - end2 - 1));
      }
    }
  }
  return tz;
}

std::optional<TimeZone> TimeZone::FromPosix(std::string_view spec) {
  std::optional<PosixRule> rule = ParsePosixRule(spec);
  if (!rule) return std::nullopt;
  if (!rule->has_dst) return Fixed(std::string(spec), rule->std_offset, rule->std_abbreviation);
  TimeZone tz;
  tz.name_ = std::string(spec);
  tz.initial_offset_ = rule->std_offset;
  tz.initial_abbreviation_ = rule->std_abbreviation;
  tz.rule_ = std::move(rule);  // with no transitions, the rule decides every instant
  return tz;
}

int64_t TimeZone::TransitionAt(int64_t t) const {
  const auto n = static_cast<int64_t>(transitions_.size());
  if (rule_ && (n == 0 || t >= transitions_.back())) return n;
  if (n == 0 || t < transitions_.front()) return -1;
  auto it = std::upper_bound(transitions_.begin(), transitions_.end(), t);
  return (it - transitions_.begin()) - 1;
}

int32_t TimeZone::OffsetAtUtcSeconds(int64_t t) const {
  int64_t at = TransitionAt(t);
  if (at < 0) return initial_offset_;
  if (at == static_cast<int64_t>(transitions_.size())) return rule_->OffsetAt(t);
  return offsets_[static_cast<size_t>(at)];
}

std::string_view TimeZone::AbbreviationAtUtc(int64_t utc_micros) const {
  if (is_fixed()) return initial_abbreviation_;
  int64_t t = civil::FloorDiv(utc_micros, 1000000);
  int64_t at = TransitionAt(t);
  if (at < 0) return initial_abbreviation_;
  if (at == static_cast<int64_t>(transitions_.size())) {
    return rule_->InDst(t) ? rule_->dst_abbreviation : rule_->std_abbreviation;
  }
  return abbreviations_[static_cast<size_t>(at)];
}

int32_t TimeZone::OffsetAtUtc(int64_t utc_micros) const {
  if (is_fixed()) return initial_offset_;
  return OffsetAtUtcSeconds(civil::FloorDiv(utc_micros, 1000000));
}

int32_t TimeZone::OffsetAtLocal(int64_t local_micros) const {
  if (is_fixed()) return initial_offset_;
  int64_t local = civil::FloorDiv(local_micros, 1000000);
  constexpr int64_t kWindow = 30 * 3600;
  int32_t before = OffsetAtUtcSeconds(local - kWindow);
  int32_t after = OffsetAtUtcSeconds(local + kWindow);
  if (before == after) {
    // No transition near (or two cancelling ones): check the direct interpretation.
    int32_t direct = OffsetAtUtcSeconds(local - before);
    return direct;
  }
  // Find the first UTC second at which the offset differs from `before`.
  int64_t lo = local - kWindow, hi = local + kWindow;
  while (hi - lo > 1) {
    int64_t mid = lo + (hi - lo) / 2;
    if (OffsetAtUtcSeconds(mid) == before) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  int64_t boundary = hi;
  int32_t next = OffsetAtUtcSeconds(boundary);
  int64_t before_time = local - before, after_time = local - next;
  if (before_time < boundary && after_time < boundary) return before;
  if (before_time >= boundary && after_time >= boundary) return next;
  return before_time > after_time ? before : next;
}

void AppendUtcOffset(int32_t seconds_east, std::string* out) {
  out->push_back(seconds_east < 0 ? '-' : '+');
  int32_t a = seconds_east < 0 ? -seconds_east : seconds_east;
  int h = a / 3600, m = a / 60 % 60, s = a % 60;
  auto two = [out](int v) {
    out->push_back(static_cast<char>('0' + v / 10));
    out->push_back(static_cast<char>('0' + v % 10));
  };
  if (h >= 100) out->push_back(static_cast<char>('0' + h / 100));
  two(h % 100);
  if (m != 0 || s != 0) {
    out->push_back(':');
    two(m);
  }
  if (s != 0) {
    out->push_back(':');
    two(s);
  }
}

TimeZoneRegistry::TimeZoneRegistry(std::string zoneinfo_dir) : dir_(std::move(zoneinfo_dir)) {}

namespace {

bool EqualsNoCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// Numeric zone specs: "+02"/"-5" (hours, ISO sign) or "+05:30" (PostgreSQL's POSIX sign).
std::optional<TimeZone> ParseNumericZone(std::string_view name) {
  size_t i = 0;
  int sign = 1;
  if (i < name.size() && (name[i] == '+' || name[i] == '-')) sign = name[i++] == '-' ? -1 : 1;
  if (i >= name.size()) return std::nullopt;
  int parts[3] = {0, 0, 0};
  int nparts = 0;
  while (nparts < 3) {
    size_t start = i;
    int v = 0;
    while (i < name.size() && std::isdigit(static_cast<unsigned char>(name[i])) && i - start < 2) {
      v = v * 10 + (name[i++] - '0');
    }
    if (i == start) return std::nullopt;
    parts[nparts++] = v;
    if (i == name.size()) break;
    if (name[i++] != ':') return std::nullopt;
  }
  if (i != name.size() || parts[0] > 15 || parts[1] > 59 || parts[2] > 59) {
    return std::nullopt;
  }
  int32_t secs = parts[0] * 3600 + parts[1] * 60 + parts[2];
  if (nparts == 1) {
    // PostgreSQL names an hours-only offset zone by its ISO offset ("+02"); a POSIX-style
    // "+05:30" zone has no abbreviation.
    std::string abbreviation;
    AppendUtcOffset(sign * secs, &abbreviation);
    return TimeZone::Fixed(std::string(name), sign * secs, abbreviation);
  }
  return TimeZone::Fixed(std::string(name), -sign * secs, "");
}

}  // namespace

std::shared_ptr<const TimeZone> TimeZoneRegistry::Find(std::string_view name) const {
  if (name.empty() || name.size() > 255) return nullptr;
  std::string key(name);
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = cache_.find(key);
    if (it != cache_.end()) return it->second;
  }
  std::shared_ptr<const TimeZone> zone;
  if (EqualsNoCase(name, "UTC") || EqualsNoCase(name, "Z") || EqualsNoCase(name, "Zulu")) {
    zone = std::make_shared<const TimeZone>(TimeZone::Fixed("UTC", 0));
  } else if (EqualsNoCase(name, "GMT")) {
    zone = std::make_shared<const TimeZone>(TimeZone::Fixed("GMT", 0));
  } else if (auto fixed = ParseNumericZone(name)) {
    zone = std::make_shared<const TimeZone>(std::move(*fixed));
  } else {
    zone = Load(key);
  }
  std::lock_guard<std::mutex> lock(mu_);
  if (zone != nullptr) cache_.emplace(key, zone);
  return zone;
}

std::shared_ptr<const TimeZone> TimeZoneRegistry::FindNameOrPosix(std::string_view name) const {
  if (name.empty() || name.size() > 255) return nullptr;
  // Find reads a leading sign or digit as an ISO offset; no zone file name starts so.
  auto first = static_cast<unsigned char>(name[0]);
  if (!std::isdigit(first) && first != '+' && first != '-') {
    if (std::shared_ptr<const TimeZone> zone = Find(name)) return zone;
  }
  // PostgreSQL upper-cases the name before reading it as a POSIX string. Not cached: the
  // strings are unbounded and cheap to parse.
  std::string upper(name);
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  std::optional<TimeZone> posix = TimeZone::FromPosix(upper);
  return posix ? std::make_shared<const TimeZone>(std::move(*posix)) : nullptr;
}

std::shared_ptr<const TimeZone> TimeZoneRegistry::Load(const std::string& name) const {
  // Reject path tricks; resolve each component case-insensitively.
  if (name.find("..") != std::string::npos || name.front() == '/' || name.back() == '/') {
    return nullptr;
  }
  namespace fs = std::filesystem;
  fs::path path = dir_;
  std::string canonical;
  std::stringstream parts(name);
  std::string part;
  std::error_code ec;
  while (std::getline(parts, part, '/')) {
    if (part.empty()) return nullptr;
    fs::path exact = path / part;
    if (fs::exists(exact, ec)) {
      path = exact;
    } else {
      bool found = false;
      for (const auto& entry : fs::directory_iterator(path, ec)) {
        std::string fname = entry.path().filename().string();
        if (EqualsNoCase(fname, part)) {
          path = entry.path();
          part = fname;
          found = true;
          break;
        }
      }
      if (!found) return nullptr;
    }
    canonical += canonical.empty() ? part : "/" + part;
  }
  if (!fs::is_regular_file(path, ec)) return nullptr;
  std::ifstream in(path, std::ios::binary);
  std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto tz = TimeZone::FromTzif(canonical, data);
  if (!tz) return nullptr;
  return std::make_shared<const TimeZone>(std::move(*tz));
}

}  // namespace firn
