// Text input for interval, as PostgreSQL's interval_in reads it: '7 days', '1 day 02:03:04.5',
// '-1 mon', '1 year 2 months', '1-2' (year-month), '@ 1 day ago', abbreviated and plural
// units, fractional units cascading down (months -> 30-day days -> time), and ISO 8601
// durations ('P1Y2M3DT4H5M6.5S').
// Thread-safety: pure functions.
#include <cctype>
#include <cmath>
#include <optional>

#include "types/datetime.h"
#include "types/datetime_internal.h"

namespace firn {
namespace {

enum class Unit {
  kMicro,
  kMilli,
  kSecond,
  kMinute,
  kHour,
  kDay,
  kWeek,
  kMonth,
  kYear,
  kDecade,
  kCentury,
  kMillennium
};

std::optional<Unit> LookupUnit(const std::string& w) {
  struct Entry {
    const char* name;
    Unit unit;
  };
  static constexpr Entry kUnits[] = {
      {"microsecond", Unit::kMicro},
      {"microseconds", Unit::kMicro},
      {"us", Unit::kMicro},
      {"usec", Unit::kMicro},
      {"usecs", Unit::kMicro},
      {"useconds", Unit::kMicro},
      {"millisecond", Unit::kMilli},
      {"milliseconds", Unit::kMilli},
      {"ms", Unit::kMilli},
      {"msec", Unit::kMilli},
      {"msecs", Unit::kMilli},
      {"mseconds", Unit::kMilli},
      {"second", Unit::kSecond},
      {"seconds", Unit::kSecond},
      {"s", Unit::kSecond},
      {"sec", Unit::kSecond},
      {"secs", Unit::kSecond},
      {"minute", Unit::kMinute},
      {"minutes", Unit::kMinute},
      {"m", Unit::kMinute},
      {"min", Unit::kMinute},
      {"mins", Unit::kMinute},
      {"hour", Unit::kHour},
      {"hours", Unit::kHour},
      {"h", Unit::kHour},
      {"hr", Unit::kHour},
      {"hrs", Unit::kHour},
      {"day", Unit::kDay},
      {"days", Unit::kDay},
      {"d", Unit::kDay},
      {"week", Unit::kWeek},
      {"weeks", Unit::kWeek},
      {"w", Unit::kWeek},
      {"month", Unit::kMonth},
      {"months", Unit::kMonth},
      {"mon", Unit::kMonth},
      {"mons", Unit::kMonth},
      {"year", Unit::kYear},
      {"years", Unit::kYear},
      {"y", Unit::kYear},
      {"yr", Unit::kYear},
      {"yrs", Unit::kYear},
      {"decade", Unit::kDecade},
      {"decades", Unit::kDecade},
      {"dec", Unit::kDecade},
      {"decs", Unit::kDecade},
      {"century", Unit::kCentury},
      {"centuries", Unit::kCentury},
      {"c", Unit::kCentury},
      {"cent", Unit::kCentury},
      {"millennium", Unit::kMillennium},
      {"millennia", Unit::kMillennium},
      {"mil", Unit::kMillennium},
      {"mils", Unit::kMillennium},
  };
  for (const Entry& e : kUnits) {
    if (w == e.name) return e.unit;
  }
  return std::nullopt;
}

class IntervalParser {
 public:
  explicit IntervalParser(std::string_view text) : text_(text) {}

  Interval Run() {
    std::string s = dt::LowerAscii(text_);
    size_t b = s.find_first_not_of(" \t\n\r");
    if (b == std::string::npos) Syntax();
    s = s.substr(b);
    s.erase(s.find_last_not_of(" \t\n\r") + 1);
    if (s[0] == 'p') {
      Iso(s.substr(1));
    } else {
      Postgres(s);
    }
    if (ago_) {
      months_ = -months_;
      days_ = -days_;
      micros_ = -micros_;
    }
    if (months_ > INT32_MAX || months_ < INT32_MIN || days_ > INT32_MAX || days_ < INT32_MIN ||
        micros_ > INT64_MAX || micros_ < INT64_MIN) {
      throw SqlError(sqlstate::kDatetimeFieldOverflow,
                     "interval field value out of range: \"" + std::string(text_) + "\"");
    }
    return Interval{static_cast<int32_t>(months_), static_cast<int32_t>(days_),
                    static_cast<int64_t>(micros_)};
  }

 private:
  [[noreturn]] void Syntax() const {
    throw SqlError(sqlstate::kInvalidDatetimeFormat,
                   "invalid input syntax for type interval: \"" + std::string(text_) + "\"");
  }

  // Adds `ip + frac` units (frac has the same sign as the number).
  void Apply(int64_t ip, double frac, Unit unit) {
    auto time = [&](int64_t scale) {
      micros_ +=
          static_cast<__int128>(ip) * scale + static_cast<int64_t>(std::nearbyint(frac * scale));
    };
    auto days = [&](double whole_days) {
      double d = std::trunc(whole_days);
      days_ += static_cast<int64_t>(d);
      micros_ += static_cast<int64_t>(std::nearbyint((whole_days - d) * kMicrosPerDay));
    };
    switch (unit) {
      case Unit::kMicro:
        return time(1);
      case Unit::kMilli:
        return time(1000);
      case Unit::kSecond:
        return time(kMicrosPerSecond);
      case Unit::kMinute:
        return time(kMicrosPerMinute);
      case Unit::kHour:
        return time(kMicrosPerHour);
      case Unit::kDay:
        days_ += ip;
        return days(frac);
      case Unit::kWeek:
        days_ += static_cast<__int128>(ip) * 7;
        return days(frac * 7);
      case Unit::kMonth:
        months_ += ip;
        return days(frac * 30);
      case Unit::kYear:
        months_ += static_cast<__int128>(ip) * 12 + static_cast<int64_t>(std::nearbyint(frac * 12));
        return;
      case Unit::kDecade:
        months_ +=
            static_cast<__int128>(ip) * 120 + static_cast<int64_t>(std::nearbyint(frac * 120));
        return;
      case Unit::kCentury:
        months_ +=
            static_cast<__int128>(ip) * 1200 + static_cast<int64_t>(std::nearbyint(frac * 1200));
        return;
      case Unit::kMillennium:
        months_ +=
            static_cast<__int128>(ip) * 12000 + static_cast<int64_t>(std::nearbyint(frac * 12000));
        return;
    }
  }

  // Parses [sign]digits[.digits] at s[*i]; returns false if no number there.
  bool Number(const std::string& s, size_t* i, int64_t* ip, double* frac, bool allow_sign) {
    size_t j = *i;
    int sign = 1;
    if (allow_sign && j < s.size() && (s[j] == '+' || s[j] == '-')) sign = s[j++] == '-' ? -1 : 1;
    size_t digits_start = j;
    int64_t v = 0;
    while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) {
      if (v > (INT64_MAX - 9) / 10) Overflow();
      v = v * 10 + (s[j++] - '0');
    }
    bool any = j > digits_start;
    double f = 0;
    if (j < s.size() && s[j] == '.') {
      size_t fs = ++j;
      while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) ++j;
      if (j > fs) f = std::stod("0." + s.substr(fs, j - fs));
      any = any || j > fs;
    }
    if (!any) return false;
    *ip = sign * v;
    *frac = sign * f;
    *i = j;
    return true;
  }

  [[noreturn]] void Overflow() const {
    throw SqlError(sqlstate::kDatetimeFieldOverflow,
                   "interval field value out of range: \"" + std::string(text_) + "\"");
  }

  // [sign]H:M[:S[.frac]] or [sign]M:S.frac; `tok` has no spaces.
  void TimeField(const std::string& tok) {
    size_t i = 0;
    int sign = 1;
    if (tok[i] == '+' || tok[i] == '-') sign = tok[i++] == '-' ? -1 : 1;
    int64_t parts[3] = {0, 0, 0};
    double frac = 0;
    int n = 0;
    while (true) {
      int64_t ip;
      double f;
      if (!Number(tok, &i, &ip, &f, false) || n >= 3) Syntax();
      parts[n++] = ip;
      if (f != 0) {
        if (i != tok.size()) Syntax();
        frac = f;
        break;
      }
      if (i == tok.size()) break;
      if (tok[i++] != ':') Syntax();
    }
    if (n < 2) Syntax();
    __int128 t;
    if (n == 2 && frac != 0) {  // MM:SS.frac
      t = parts[0] * kMicrosPerMinute + parts[1] * kMicrosPerSecond;
    } else {
      if (parts[1] > 59 || parts[2] > 59) Overflow();
      t = static_cast<__int128>(parts[0]) * kMicrosPerHour + parts[1] * kMicrosPerMinute +
          parts[2] * kMicrosPerSecond;
    }
    t += static_cast<int64_t>(std::nearbyint(frac * kMicrosPerSecond));
    micros_ += sign * t;
  }

  void Postgres(const std::string& s) {
    std::optional<std::pair<int64_t, double>> pending;
    size_t i = 0;
    while (i < s.size()) {
      char c = s[i];
      if (std::isspace(static_cast<unsigned char>(c)) || c == '@' || c == ',') {
        ++i;
        continue;
      }
      size_t end = i;
      while (end < s.size() && !std::isspace(static_cast<unsigned char>(s[end]))) ++end;
      std::string tok = s.substr(i, end - i);
      if (std::isalpha(static_cast<unsigned char>(c))) {
        if (tok == "ago") {
          if (ago_) Syntax();
          ago_ = true;
        } else {
          auto unit = LookupUnit(tok);
          if (!unit || !pending) Syntax();
          Apply(pending->first, pending->second, *unit);
          pending.reset();
        }
        i = end;
        continue;
      }
      if (tok.find(':') != std::string::npos) {
        if (pending) {
          Apply(pending->first, pending->second, Unit::kDay);
          pending.reset();
        }
        TimeField(tok);
        i = end;
        continue;
      }
      if (pending) Syntax();
      size_t j = i;
      int64_t ip;
      double frac;
      if (!Number(s, &j, &ip, &frac, true)) Syntax();
      if (j < end && s[j] == '-' && frac == 0) {  // SQL-standard year-month "1-2"
        size_t k = j + 1;
        int64_t mon;
        double mfrac;
        if (!Number(s, &k, &mon, &mfrac, false) || k != end || mfrac != 0) Syntax();
        bool neg = s[i] == '-';
        months_ += static_cast<__int128>(ip) * 12 + (neg ? -mon : mon);
        i = end;
        continue;
      }
      pending.emplace(ip, frac);
      if (j < end) {  // unit glued to the number: "5min"
        auto unit = LookupUnit(s.substr(j, end - j));
        if (!unit) Syntax();
        Apply(ip, frac, *unit);
        pending.reset();
      }
      i = end;
    }
    if (pending) Apply(pending->first, pending->second, Unit::kSecond);
  }

  void Iso(const std::string& s) {
    bool time = false, any = false;
    size_t i = 0;
    while (i < s.size()) {
      if (s[i] == 't') {
        if (time) Syntax();
        time = true;
        ++i;
        continue;
      }
      int64_t ip;
      double frac;
      if (!Number(s, &i, &ip, &frac, true) || i >= s.size()) Syntax();
      char d = s[i++];
      any = true;
      if (!time) {
        switch (d) {
          case 'y':
            Apply(ip, frac, Unit::kYear);
            break;
          case 'm':
            Apply(ip, frac, Unit::kMonth);
            break;
          case 'w':
            Apply(ip, frac, Unit::kWeek);
            break;
          case 'd':
            Apply(ip, frac, Unit::kDay);
            break;
          default:
            Syntax();
        }
      } else {
        switch (d) {
          case 'h':
            Apply(ip, frac, Unit::kHour);
            break;
          case 'm':
            Apply(ip, frac, Unit::kMinute);
            break;
          case 's':
            Apply(ip, frac, Unit::kSecond);
            break;
          default:
            Syntax();
        }
      }
    }
    if (!any) Syntax();
  }

  std::string_view text_;
  __int128 months_ = 0, days_ = 0, micros_ = 0;
  bool ago_ = false;
};

}  // namespace

Interval ParseInterval(std::string_view text) { return IntervalParser(text).Run(); }

}  // namespace firn
