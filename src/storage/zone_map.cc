#include "storage/zone_map.h"

#include <cmath>
#include <functional>
#include <optional>
#include <string>
#include <type_traits>

namespace firn {

StatsOrder StatsOrderOf(TypeId id) {
  switch (id) {
    case TypeId::kBool:
    case TypeId::kInt2:
    case TypeId::kInt4:
    case TypeId::kInt8:
    case TypeId::kOid:
    case TypeId::kDate:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
      return StatsOrder::kInt;
    case TypeId::kFloat4:
    case TypeId::kFloat8:
      return StatsOrder::kFloat;
    case TypeId::kNumeric:
      return StatsOrder::kNumeric;
    case TypeId::kText:
    case TypeId::kVarchar:
    case TypeId::kName:
      return StatsOrder::kString;
    case TypeId::kUuid:
      return StatsOrder::kUuid;
    default:
      return StatsOrder::kNone;
  }
}

CompareOp FlipCompareOp(CompareOp op) {
  switch (op) {
    case CompareOp::kLt:
      return CompareOp::kGt;
    case CompareOp::kLe:
      return CompareOp::kGe;
    case CompareOp::kGt:
      return CompareOp::kLt;
    case CompareOp::kGe:
      return CompareOp::kLe;
    default:
      return op;
  }
}

namespace {

template <typename T>
int Cmp3(const T& a, const T& b) {
  return (a > b) - (a < b);
}

// Three-way comparison of two non-NULL, non-NaN values in `order`.
int CompareIn(StatsOrder order, const Value& a, const Value& b) {
  switch (order) {
    case StatsOrder::kInt:
      return Cmp3(a.GetInt64(), b.GetInt64());
    case StatsOrder::kFloat:
      return Cmp3(a.GetDouble(), b.GetDouble());  // -0 == 0
    case StatsOrder::kNumeric:
      return a.GetNumeric().Compare(b.GetNumeric());
    case StatsOrder::kString: {
      int c = a.GetString().compare(b.GetString());
      return (c > 0) - (c < 0);
    }
    case StatsOrder::kUuid:
      return Cmp3(a.GetUuid(), b.GetUuid());
    case StatsOrder::kNone:
      break;
  }
  return 0;
}

bool IsNaN(StatsOrder order, const Value& v) {
  if (order == StatsOrder::kFloat) return std::isnan(v.GetDouble());
  if (order == StatsOrder::kNumeric) return v.GetNumeric().IsNaN();
  return false;
}

// An upper bound of every string that starts with the first kMaxStatsStringBytes bytes of
// `s`: the prefix with its last byte below 0xFF incremented; nullopt when there is none.
std::optional<std::string> TruncatedUpperBound(const std::string& s) {
  if (s.size() <= kMaxStatsStringBytes) return s;
  std::string prefix = s.substr(0, kMaxStatsStringBytes);
  while (!prefix.empty() && static_cast<unsigned char>(prefix.back()) == 0xFF) prefix.pop_back();
  if (prefix.empty()) return std::nullopt;
  prefix.back() = static_cast<char>(static_cast<unsigned char>(prefix.back()) + 1);
  return prefix;
}

// Index of the smallest and largest non-NULL, non-NaN row in [from, to), by `less`.
template <typename T, typename Less>
void Extremes(const std::vector<T>& values, const Vector& v, size_t from, size_t to, Less less,
              ColumnStats& out, size_t& lo, size_t& hi) {
  for (size_t r = from; r < to; r++) {
    if (v.IsNull(r)) {
      out.has_null = true;
      continue;
    }
    if constexpr (std::is_same_v<T, double>) {
      if (std::isnan(values[r])) {
        out.has_nan = true;
        continue;
      }
    } else if constexpr (std::is_same_v<T, Numeric>) {
      if (values[r].IsNaN()) {
        out.has_nan = true;
        continue;
      }
    }
    if (!out.has_value) {
      out.has_value = true;
      lo = hi = r;
      continue;
    }
    if (less(values[r], values[lo])) lo = r;
    if (less(values[hi], values[r])) hi = r;
  }
}

}  // namespace

ColumnStats ComputeColumnStats(const Vector& v, size_t from, size_t to) {
  ColumnStats out;
  const StatsOrder order = StatsOrderOf(v.type().id);
  if (order == StatsOrder::kNone) return out;
  out.valid = true;
  size_t lo = 0, hi = 0;
  switch (order) {
    case StatsOrder::kInt:
      Extremes(v.ints(), v, from, to, std::less<int64_t>(), out, lo, hi);
      break;
    case StatsOrder::kFloat:
      Extremes(v.doubles(), v, from, to, std::less<double>(), out, lo, hi);
      break;
    case StatsOrder::kNumeric:
      Extremes(
          v.numerics(), v, from, to,
          [](const Numeric& a, const Numeric& b) { return a.Compare(b) < 0; }, out, lo, hi);
      break;
    case StatsOrder::kString:
      Extremes(
          v.strings(), v, from, to,
          [](const std::string& a, const std::string& b) { return a.compare(b) < 0; }, out, lo, hi);
      break;
    case StatsOrder::kUuid:
      Extremes(v.uuids(), v, from, to, std::less<Uuid>(), out, lo, hi);
      break;
    case StatsOrder::kNone:
      break;
  }
  if (!out.has_value) return out;
  if (order == StatsOrder::kString) {
    const std::string& max = v.strings()[hi];
    std::optional<std::string> upper = TruncatedUpperBound(max);
    if (!upper) return ColumnStats{};  // no short upper bound: keep nothing
    const std::string& min = v.strings()[lo];
    // A prefix is <= the string, so a truncated minimum is still a lower bound.
    out.min = Value::String(v.type(), min.substr(0, kMaxStatsStringBytes));
    out.max = Value::String(v.type(), std::move(*upper));
  } else {
    out.min = v.GetValue(lo);
    out.max = v.GetValue(hi);
  }
  return out;
}

ColumnStats MergeColumnStats(const ColumnStats& a, const ColumnStats& b) {
  if (!a.valid || !b.valid) return ColumnStats{};
  ColumnStats out = a;
  out.has_null = a.has_null || b.has_null;
  out.has_nan = a.has_nan || b.has_nan;
  if (!b.has_value) return out;
  if (!a.has_value) {
    out.has_value = true;
    out.min = b.min;
    out.max = b.max;
    return out;
  }
  const StatsOrder order = StatsOrderOf(a.min.type().id);
  if (order == StatsOrder::kNone || order != StatsOrderOf(b.min.type().id)) return ColumnStats{};
  if (CompareIn(order, b.min, a.min) < 0) out.min = b.min;
  if (CompareIn(order, b.max, a.max) > 0) out.max = b.max;
  return out;
}

bool RangeMayMatch(const ColumnStats& stats, CompareOp op, const Value& constant) {
  if (!stats.valid) return true;
  if (op == CompareOp::kIsNull) return stats.has_null;
  if (op == CompareOp::kIsNotNull) return stats.has_value || stats.has_nan;
  if (constant.is_null()) return false;  // strict comparison: NULL, never true
  const StatsOrder order = StatsOrderOf(constant.type().id);
  if (order == StatsOrder::kNone) return true;
  if (stats.has_value && order != StatsOrderOf(stats.min.type().id)) return true;
  if (IsNaN(order, constant)) {
    // NaN is above every number and equal to itself.
    switch (op) {
      case CompareOp::kEq:
      case CompareOp::kGe:
        return stats.has_nan;
      case CompareOp::kGt:
        return false;
      case CompareOp::kLt:
        return stats.has_value;
      case CompareOp::kLe:
        return stats.has_value || stats.has_nan;
      default:
        return true;
    }
  }
  // A non-NaN constant: NaN rows are above it and never equal to it.
  const bool v = stats.has_value;
  switch (op) {
    case CompareOp::kEq:
      return v && CompareIn(order, stats.min, constant) <= 0 &&
             CompareIn(order, stats.max, constant) >= 0;
    case CompareOp::kLt:
      return v && CompareIn(order, stats.min, constant) < 0;
    case CompareOp::kLe:
      return v && CompareIn(order, stats.min, constant) <= 0;
    case CompareOp::kGt:
      return stats.has_nan || (v && CompareIn(order, stats.max, constant) > 0);
    case CompareOp::kGe:
      return stats.has_nan || (v && CompareIn(order, stats.max, constant) >= 0);
    default:
      return true;
  }
}

ZoneMap ComputeZoneMap(const DataChunk& rows, const ZoneMap* base, size_t base_rows) {
  ZoneMap out;
  const size_t n = rows.size();
  const bool extend = base != nullptr && base->columns.size() == rows.column_count();
  out.columns.reserve(rows.column_count());
  for (size_t c = 0; c < rows.column_count(); c++) {
    if (!extend) {
      out.columns.push_back(ComputeColumnStats(rows.column(c), 0, n));
      continue;
    }
    out.columns.push_back(
        MergeColumnStats(base->columns[c], ComputeColumnStats(rows.column(c), base_rows, n)));
  }
  return out;
}

std::shared_ptr<const ZoneMap> FitZoneMap(const std::shared_ptr<const ZoneMap>& zone_map,
                                          size_t columns, size_t kept) {
  if (!zone_map || (zone_map->columns.size() == columns && kept >= columns)) return zone_map;
  auto out = std::make_shared<ZoneMap>();
  out->columns.resize(columns);
  for (size_t c = 0; c < columns; c++) {
    if (c < kept && c < zone_map->columns.size()) {
      out->columns[c] = zone_map->columns[c];
    } else {
      out->columns[c].valid = true;  // every row is NULL
      out->columns[c].has_null = true;
    }
  }
  return out;
}

}  // namespace firn
