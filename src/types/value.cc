// Value ordering and hashing with PostgreSQL's btree semantics.
// Thread-safety: pure functions.
#include "types/value.h"

#include <cmath>
#include <cstring>
#include <string_view>

#include "types/json.h"

namespace firn {
namespace {

enum class Phys { kInt, kDouble, kNumeric, kString, kInterval, kArray, kUuid, kNone };

Phys PhysOf(TypeId id) {
  switch (id) {
    case TypeId::kBool:
    case TypeId::kInt2:
    case TypeId::kInt4:
    case TypeId::kInt8:
    case TypeId::kOid:
    case TypeId::kDate:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
      return Phys::kInt;
    case TypeId::kFloat4:
    case TypeId::kFloat8:
      return Phys::kDouble;
    case TypeId::kNumeric:
      return Phys::kNumeric;
    case TypeId::kText:
    case TypeId::kVarchar:
    case TypeId::kBpchar:
    case TypeId::kName:
    case TypeId::kChar:
    case TypeId::kUnknown:
    case TypeId::kJson:
    case TypeId::kJsonb:
      return Phys::kString;
    case TypeId::kInterval:
      return Phys::kInterval;
    case TypeId::kArray:
      return Phys::kArray;
    case TypeId::kUuid:
      return Phys::kUuid;
  }
  return Phys::kNone;
}

template <typename T>
int Cmp3(const T& a, const T& b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}

int CompareDoubles(double a, double b) {
  bool an = std::isnan(a), bn = std::isnan(b);
  if (an || bn) return an && bn ? 0 : (an ? 1 : -1);
  return Cmp3(a, b);
}

std::string_view TrimTrailingSpaces(std::string_view s) {
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

__int128 IntervalSpan(const Interval& iv) {
  constexpr __int128 kDay = 86400LL * 1000000LL;
  return static_cast<__int128>(iv.micros) + iv.days * kDay + iv.months * 30 * kDay;
}

uint64_t Mix64(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

uint64_t HashBytes(std::string_view s) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return Mix64(h);
}

bool IsNumericLike(Phys p) { return p == Phys::kInt || p == Phys::kDouble || p == Phys::kNumeric; }

Numeric AsNumeric(const Value& v, Phys p) {
  if (p == Phys::kInt) return Numeric::FromInt64(v.GetInt64());
  if (p == Phys::kDouble) return Numeric::FromDouble(v.GetDouble());
  return v.GetNumeric();
}

}  // namespace

int CompareValues(const Value& a, const Value& b) {
  Phys pa = PhysOf(a.type().id), pb = PhysOf(b.type().id);
  if (pa != pb) {
    // Mixed numeric types (int vs numeric, int vs float): compare by value.
    if (IsNumericLike(pa) && IsNumericLike(pb)) {
      if (pa == Phys::kDouble || pb == Phys::kDouble) {
        double x = pa == Phys::kDouble ? a.GetDouble()
                   : pa == Phys::kInt  ? static_cast<double>(a.GetInt64())
                                       : a.GetNumeric().ToDouble();
        double y = pb == Phys::kDouble ? b.GetDouble()
                   : pb == Phys::kInt  ? static_cast<double>(b.GetInt64())
                                       : b.GetNumeric().ToDouble();
        return CompareDoubles(x, y);
      }
      return AsNumeric(a, pa).Compare(AsNumeric(b, pb));
    }
    return Cmp3(static_cast<int>(pa), static_cast<int>(pb));
  }
  switch (pa) {
    case Phys::kInt:
      return Cmp3(a.GetInt64(), b.GetInt64());
    case Phys::kDouble:
      return CompareDoubles(a.GetDouble(), b.GetDouble());
    case Phys::kNumeric:
      return a.GetNumeric().Compare(b.GetNumeric());
    case Phys::kString: {
      std::string_view x = a.GetString(), y = b.GetString();
      if (a.type().id == TypeId::kJsonb && b.type().id == TypeId::kJsonb) {
        return CompareJsonb(ParseJsonb(x), ParseJsonb(y));  // btree order, not the text's
      }
      if (a.type().id == TypeId::kBpchar && b.type().id == TypeId::kBpchar) {
        x = TrimTrailingSpaces(x);
        y = TrimTrailingSpaces(y);
      }
      int c = x.compare(y);
      return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
    case Phys::kInterval:
      return Cmp3(IntervalSpan(a.GetInterval()), IntervalSpan(b.GetInterval()));
    case Phys::kArray: {
      const auto& x = a.GetArray().items;
      const auto& y = b.GetArray().items;
      size_t n = std::min(x.size(), y.size());
      for (size_t i = 0; i < n; ++i) {
        bool xn = x[i].is_null(), yn = y[i].is_null();
        if (xn || yn) {
          if (xn && yn) continue;
          return xn ? 1 : -1;  // NULL elements sort after non-NULL ones
        }
        int c = CompareValues(x[i], y[i]);
        if (c != 0) return c;
      }
      return Cmp3(x.size(), y.size());
    }
    case Phys::kUuid:
      return Cmp3(a.GetUuid(), b.GetUuid());
    case Phys::kNone:
      break;
  }
  return 0;
}

uint64_t HashValue(const Value& v) {
  if (v.is_null()) return 0x6e756c6c6e756c6cULL;
  switch (PhysOf(v.type().id)) {
    case Phys::kInt:
      return Mix64(static_cast<uint64_t>(v.GetInt64()));
    case Phys::kDouble: {
      double d = v.GetDouble();
      if (std::isnan(d)) return Mix64(0x7ff8000000000000ULL);
      if (d == 0) d = 0;  // -0.0 hashes as 0.0
      uint64_t bits;
      std::memcpy(&bits, &d, sizeof(bits));
      return Mix64(bits);
    }
    case Phys::kNumeric:
      return v.GetNumeric().Hash();
    case Phys::kString: {
      std::string_view s = v.GetString();
      if (v.type().id == TypeId::kJsonb) return HashJsonb(ParseJsonb(s));  // 1.0 = 1
      if (v.type().id == TypeId::kBpchar) s = TrimTrailingSpaces(s);
      return HashBytes(s);
    }
    case Phys::kInterval: {
      __int128 span = IntervalSpan(v.GetInterval());
      return Mix64(static_cast<uint64_t>(span) ^ Mix64(static_cast<uint64_t>(span >> 64)));
    }
    case Phys::kArray: {
      uint64_t h = 0x41525259ULL;
      for (const Value& item : v.GetArray().items) h = Mix64(h * 31 + HashValue(item));
      return h;
    }
    case Phys::kUuid: {
      const Uuid& u = v.GetUuid();
      return Mix64(u.hi ^ Mix64(u.lo));
    }
    case Phys::kNone:
      break;
  }
  return 0;
}

}  // namespace firn
