#include "storage/iceberg/partition_transform.h"

#include <algorithm>
#include <charconv>
#include <climits>
#include <set>

#include "storage/iceberg/bounds.h"
#include "types/civil.h"
#include "types/datetime.h"
#include "types/value_io.h"

namespace firn::iceberg {

namespace {

constexpr int64_t kMicrosPerHourT = 3600LL * 1000000;

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n')) {
    s.remove_suffix(1);
  }
  return s;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::optional<int32_t> PositiveInt(std::string_view s) {
  s = Trim(s);
  int32_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || v <= 0) return std::nullopt;
  return v;
}

std::optional<TransformKind> KindOf(const std::string& name) {
  if (name == "year" || name == "years") return TransformKind::kYear;
  if (name == "month" || name == "months") return TransformKind::kMonth;
  if (name == "day" || name == "days") return TransformKind::kDay;
  if (name == "hour" || name == "hours") return TransformKind::kHour;
  if (name == "bucket") return TransformKind::kBucket;
  if (name == "truncate") return TransformKind::kTruncate;
  return std::nullopt;
}

bool HasParam(TransformKind k) {
  return k == TransformKind::kBucket || k == TransformKind::kTruncate;
}

Result<PartitionTerm> ParseTerm(std::string_view term) {
  term = Trim(term);
  if (term.empty()) return Status::InvalidArgument("empty partition term");
  size_t open = term.find_first_of("([");
  if (open == std::string_view::npos) return PartitionTerm{std::string(term), {}};
  const std::string quoted = "\"" + std::string(term) + "\"";
  std::string name = Lower(Trim(term.substr(0, open)));
  std::optional<TransformKind> kind = KindOf(name);
  if (!kind) return Status::InvalidArgument("unknown partition transform " + quoted);
  PartitionTransform t{*kind, 0};
  std::string_view rest = term.substr(open);
  if (rest.front() == '[') {  // bucket[16](col)
    size_t close = rest.find(']');
    if (!HasParam(*kind) || close == std::string_view::npos) {
      return Status::InvalidArgument("malformed partition term " + quoted);
    }
    std::optional<int32_t> n = PositiveInt(rest.substr(1, close - 1));
    if (!n)
      return Status::InvalidArgument("the width in " + quoted + " must be a positive integer");
    t.param = *n;
    rest = Trim(rest.substr(close + 1));
    if (rest.empty() || rest.front() != '(') {
      return Status::InvalidArgument("malformed partition term " + quoted);
    }
  }
  if (rest.back() != ')') return Status::InvalidArgument("malformed partition term " + quoted);
  std::string_view args = rest.substr(1, rest.size() - 2);
  if (HasParam(*kind) && t.param == 0) {  // bucket(16, col)
    size_t comma = args.find(',');
    if (comma == std::string_view::npos) {
      return Status::InvalidArgument(quoted + " needs two arguments: " + name + "(N, column)");
    }
    std::optional<int32_t> n = PositiveInt(args.substr(0, comma));
    if (!n)
      return Status::InvalidArgument("the width in " + quoted + " must be a positive integer");
    t.param = *n;
    args = args.substr(comma + 1);
  }
  std::string column(Trim(args));
  if (column.empty() || column.find_first_of("(),[]") != std::string::npos) {
    return Status::InvalidArgument("malformed partition term " + quoted);
  }
  return PartitionTerm{std::move(column), t};
}

bool IsIntegerSource(TypeId id) {
  return id == TypeId::kInt2 || id == TypeId::kInt4 || id == TypeId::kInt8 || id == TypeId::kOid;
}

bool IsTimeType(TypeId id) {
  return id == TypeId::kDate || id == TypeId::kTimestamp || id == TypeId::kTimestampTz;
}

int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

// Days or microseconds since 1970 -> the ordinal of `kind`; infinities to the extremes.
int32_t TimeOrdinal(TransformKind kind, TypeId source, int64_t v) {
  const bool is_date = source == TypeId::kDate;
  if (is_date ? !IsDateFinite(v) : !IsTimestampFinite(v)) {
    return (is_date ? v == kDateInfinity : v == kTimestampInfinity) ? INT32_MAX : INT32_MIN;
  }
  if (kind == TransformKind::kHour) {  // past year ~245000 hours leave the int range
    return static_cast<int32_t>(
        std::clamp<int64_t>(FloorDiv(v, kMicrosPerHourT), INT32_MIN, INT32_MAX));
  }
  int64_t days = is_date ? v : FloorDiv(v, kMicrosPerDay);
  if (kind == TransformKind::kDay) return static_cast<int32_t>(days);
  civil::YearMonthDay ymd = civil::CivilFromDays(days);
  int64_t years = ymd.year - 1970;
  if (kind == TransformKind::kYear) return static_cast<int32_t>(years);
  return static_cast<int32_t>(years * 12 + (ymd.month - 1));
}

std::string LittleEndian64(int64_t v) {
  std::string out(8, '\0');
  for (int i = 0; i < 8; i++) {
    out[i] = static_cast<char>((static_cast<uint64_t>(v) >> (8 * i)) & 0xff);
  }
  return out;
}

__int128 FromBigEndian(std::string_view b) {
  __int128 v = (!b.empty() && (static_cast<uint8_t>(b[0]) & 0x80) != 0) ? -1 : 0;
  for (char c : b) {
    v = static_cast<__int128>((static_cast<unsigned __int128>(v) << 8) | static_cast<uint8_t>(c));
  }
  return v;
}

// The bytes the spec hashes for a value stored as `t` (ints and dates as 8-byte longs).
std::string HashBytes(const PrimitiveType& t, const Value& v) {
  switch (t.type) {
    case IcebergType::kInt:
    case IcebergType::kLong:
    case IcebergType::kDate:
    case IcebergType::kTimestamp:
    case IcebergType::kTimestampTz:
      return LittleEndian64(v.GetInt64());
    default:
      return SerializePrimitive(t, v).value_or("");
  }
}

// The first `width` code points of UTF-8 `s`.
std::string TruncateUtf8(const std::string& s, int32_t width) {
  size_t i = 0;
  for (int32_t n = 0; n < width && i < s.size(); n++) {
    i++;
    while (i < s.size() && (static_cast<uint8_t>(s[i]) & 0xC0) == 0x80) i++;
  }
  return s.substr(0, i);
}

std::string TextOf(const PrimitiveType& t, const Value& v) {
  if (t.type == IcebergType::kUuid) return ValueToText(v);  // paths show the text form
  return SerializePrimitive(t, v).value_or("");
}

// The Firn type of the values ApplyTransform returns.
Type ResultFirnType(const PartitionTransform& t, const Type& source) {
  switch (t.kind) {
    case TransformKind::kIdentity:
      return source;
    case TransformKind::kDay:
      return Type(TypeId::kDate);
    case TransformKind::kTruncate: {
      IcebergType stored = IcebergTypeOf(source).type;
      return stored == IcebergType::kString ? Type(TypeId::kText) : source;
    }
    default:
      return Type(TypeId::kInt4);
  }
}

std::string PercentEncode(const std::string& s) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '.' || c == '_' || c == '-') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

std::string Pad(int64_t v, int width) {
  std::string s = std::to_string(v < 0 ? -v : v);
  if (static_cast<int>(s.size()) < width) s.insert(0, width - s.size(), '0');
  return v < 0 ? "-" + s : s;
}

}  // namespace

Result<std::vector<PartitionTerm>> ParsePartitionBy(std::string_view text) {
  std::vector<PartitionTerm> out;
  int depth = 0;
  size_t start = 0;
  for (size_t i = 0; i <= text.size(); i++) {
    char c = i < text.size() ? text[i] : ',';
    if (c == '(' || c == '[') depth++;
    if (c == ')' || c == ']') depth--;
    if (depth < 0) return Status::InvalidArgument("unbalanced parentheses");
    if (c != ',' || depth > 0) continue;
    Result<PartitionTerm> term = ParseTerm(text.substr(start, i - start));
    if (!term.ok()) return term.status();
    out.push_back(term.take());
    start = i + 1;
  }
  if (depth != 0) return Status::InvalidArgument("unbalanced parentheses");
  return out;
}

std::string TransformToString(const PartitionTransform& t) {
  switch (t.kind) {
    case TransformKind::kIdentity:
      return "identity";
    case TransformKind::kYear:
      return "year";
    case TransformKind::kMonth:
      return "month";
    case TransformKind::kDay:
      return "day";
    case TransformKind::kHour:
      return "hour";
    case TransformKind::kBucket:
      return "bucket[" + std::to_string(t.param) + "]";
    case TransformKind::kTruncate:
      return "truncate[" + std::to_string(t.param) + "]";
  }
  return "identity";
}

Result<PartitionTransform> ParseTransform(std::string_view name) {
  if (name == "identity") return PartitionTransform{};
  Result<PartitionTerm> term = ParseTerm(std::string(name) + "(x)");
  if (!term.ok()) return Status::NotSupported("partition transform " + std::string(name));
  if (HasParam(term.value().transform.kind) && name.find('[') == std::string_view::npos) {
    return Status::NotSupported("partition transform " + std::string(name));
  }
  return term.value().transform;
}

Status CheckTransformSource(const PartitionTransform& t, const Type& source) {
  auto refuse = [&](const std::string& what) {
    return Status::InvalidArgument("partition transform " + TransformToString(t) +
                                   " cannot apply to a column of type " + source.Name() +
                                   (what.empty() ? "" : " (" + what + ")"));
  };
  if (source.IsArray()) return refuse("");
  const PrimitiveType stored = IcebergTypeOf(source);
  switch (t.kind) {
    case TransformKind::kIdentity:
      return Status::OK();
    case TransformKind::kYear:
    case TransformKind::kMonth:
    case TransformKind::kDay:
      return IsTimeType(source.id) ? Status::OK() : refuse("");
    case TransformKind::kHour:
      return source.id == TypeId::kTimestamp || source.id == TypeId::kTimestampTz ? Status::OK()
                                                                                  : refuse("");
    case TransformKind::kBucket:
      return IsIntegerSource(source.id) || IsTimeType(source.id) ||
                     stored.type == IcebergType::kString || stored.type == IcebergType::kDecimal ||
                     stored.type == IcebergType::kUuid
                 ? Status::OK()
                 : refuse("");
    case TransformKind::kTruncate:
      return IsIntegerSource(source.id) || stored.type == IcebergType::kString ||
                     stored.type == IcebergType::kDecimal
                 ? Status::OK()
                 : refuse("");
  }
  return refuse("");
}

PrimitiveType TransformResultType(const PartitionTransform& t, const Type& source) {
  switch (t.kind) {
    case TransformKind::kIdentity:
    case TransformKind::kTruncate:
      return IcebergTypeOf(source);
    case TransformKind::kDay:
      return PrimitiveType{IcebergType::kDate};
    default:
      return PrimitiveType{IcebergType::kInt};
  }
}

Value ApplyTransform(const PartitionTransform& t, const Type& source, const Value& v) {
  if (v.is_null()) return Value::Null(ResultFirnType(t, source));
  const PrimitiveType stored = IcebergTypeOf(source);
  switch (t.kind) {
    case TransformKind::kIdentity:
      return v;
    case TransformKind::kYear:
    case TransformKind::kMonth:
    case TransformKind::kHour:
      return Value::Int4(TimeOrdinal(t.kind, source.id, v.GetInt64()));
    case TransformKind::kDay:
      return Value::Date(TimeOrdinal(t.kind, source.id, v.GetInt64()));
    case TransformKind::kBucket: {
      uint32_t h = static_cast<uint32_t>(Murmur3Hash32(HashBytes(stored, v)));
      return Value::Int4(static_cast<int64_t>((h & 0x7fffffffu) % static_cast<uint32_t>(t.param)));
    }
    case TransformKind::kTruncate:
      break;
  }
  const int64_t w = t.param;
  if (IsIntegerSource(source.id)) {
    int64_t x = v.GetInt64();
    // The spec's v - (((v % W) + W) % W), wrapping like Java's int/long arithmetic.
    uint64_t r = static_cast<uint64_t>(x) - static_cast<uint64_t>(((x % w) + w) % w);
    int64_t out = static_cast<int64_t>(r);
    if (stored.type == IcebergType::kInt) out = static_cast<int32_t>(static_cast<uint32_t>(r));
    return Value::FromInt64(source, out);
  }
  if (stored.type == IcebergType::kDecimal) {
    std::optional<std::string> bytes = SerializePrimitive(stored, v);
    if (!bytes) return v;  // no unscaled form (NaN): the commit refuses the row anyway
    __int128 x = FromBigEndian(*bytes);
    __int128 r = x - (((x % w) + w) % w);
    std::optional<Value> out =
        DecimalFromBigEndian(MinimalBigEndian(r), stored.scale, source.typmod);
    return out ? *out : v;
  }
  return Value::Text(TruncateUtf8(TextOf(stored, v), t.param));
}

std::string PartitionFieldName(const PartitionTransform& t, const std::string& column) {
  switch (t.kind) {
    case TransformKind::kIdentity:
      return column;
    case TransformKind::kYear:
      return column + "_year";
    case TransformKind::kMonth:
      return column + "_month";
    case TransformKind::kDay:
      return column + "_day";
    case TransformKind::kHour:
      return column + "_hour";
    case TransformKind::kBucket:
      return column + "_bucket";
    case TransformKind::kTruncate:
      return column + "_trunc";
  }
  return column;
}

std::string PartitionPathValue(const PartitionTransform& t, const Value& pv) {
  if (pv.is_null()) return "null";
  switch (t.kind) {
    case TransformKind::kYear:
      return Pad(1970 + pv.GetInt64(), 4);
    case TransformKind::kMonth: {
      int64_t m = pv.GetInt64();
      return Pad(1970 + FloorDiv(m, 12), 4) + "-" + Pad(m - FloorDiv(m, 12) * 12 + 1, 2);
    }
    case TransformKind::kDay:
      return PercentEncode(FormatDate(pv.GetInt64()));
    case TransformKind::kHour: {
      int64_t h = pv.GetInt64();
      return PercentEncode(FormatDate(FloorDiv(h, 24)) + "-" + Pad(h - FloorDiv(h, 24) * 24, 2));
    }
    case TransformKind::kBucket:
      return std::to_string(pv.GetInt64());
    default:
      break;
  }
  std::string text;
  switch (pv.type().id) {
    case TypeId::kDate:
      text = FormatDate(pv.GetInt64());
      break;
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
      text = FormatTimestamp(pv.GetInt64());
      break;
    case TypeId::kBool:
      text = pv.GetBool() ? "true" : "false";
      break;
    default:
      text = TextOf(IcebergTypeOf(pv.type()), pv);
      if (IcebergTypeOf(pv.type()).type == IcebergType::kDecimal) {
        text = pv.GetNumeric().ToString();
      } else if (pv.type().id == TypeId::kFloat4 || pv.type().id == TypeId::kFloat8) {
        text = std::to_string(pv.GetDouble());
      } else if (IsIntegerSource(pv.type().id)) {
        text = std::to_string(pv.GetInt64());
      }
  }
  return PercentEncode(text);
}

Result<PartitionSpec> BuildPartitionSpec(std::string_view partition_by,
                                         const std::vector<Column>& columns) {
  Result<std::vector<PartitionTerm>> terms = ParsePartitionBy(partition_by);
  if (!terms.ok()) return terms.status();
  PartitionSpec spec;
  std::set<std::string> names;
  for (const PartitionTerm& term : terms.value()) {
    auto col = std::find_if(columns.begin(), columns.end(),
                            [&](const Column& c) { return c.name == term.column; });
    if (col == columns.end()) {
      return Status::InvalidArgument("column \"" + term.column + "\" does not exist");
    }
    Status s = CheckTransformSource(term.transform, col->type);
    if (!s.ok()) return s;
    std::string name = PartitionFieldName(term.transform, term.column);
    if (!names.insert(name).second) {
      return Status::InvalidArgument("two partition fields are named \"" + name + "\"");
    }
    spec.fields.push_back(PartitionField{col->field_id,
                                         1000 + static_cast<int32_t>(spec.fields.size()), name,
                                         TransformToString(term.transform)});
  }
  return spec;
}

int32_t Murmur3Hash32(std::string_view data) {
  constexpr uint32_t c1 = 0xcc9e2d51, c2 = 0x1b873593;
  auto rotl = [](uint32_t x, int r) { return (x << r) | (x >> (32 - r)); };
  const auto* p = reinterpret_cast<const uint8_t*>(data.data());
  const size_t n = data.size();
  uint32_t h = 0;
  size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    uint32_t k = static_cast<uint32_t>(p[i]) | static_cast<uint32_t>(p[i + 1]) << 8 |
                 static_cast<uint32_t>(p[i + 2]) << 16 | static_cast<uint32_t>(p[i + 3]) << 24;
    k *= c1;
    k = rotl(k, 15);
    k *= c2;
    h ^= k;
    h = rotl(h, 13);
    h = h * 5 + 0xe6546b64;
  }
  uint32_t k = 0;
  switch (n & 3) {
    case 3:
      k ^= static_cast<uint32_t>(p[i + 2]) << 16;
      [[fallthrough]];
    case 2:
      k ^= static_cast<uint32_t>(p[i + 1]) << 8;
      [[fallthrough]];
    case 1:
      k ^= p[i];
      k *= c1;
      k = rotl(k, 15);
      k *= c2;
      h ^= k;
  }
  h ^= static_cast<uint32_t>(n);
  h ^= h >> 16;
  h *= 0x85ebca6b;
  h ^= h >> 13;
  h *= 0xc2b2ae35;
  h ^= h >> 16;
  return static_cast<int32_t>(h);
}

}  // namespace firn::iceberg
