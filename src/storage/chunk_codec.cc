#include "storage/chunk_codec.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <optional>

#include "common/sql_error.h"
#include "types/value_io.h"

namespace firn {

namespace {

// Writes a varint at `p`, returning the byte after it (at most 10 bytes).
char* WriteVarint(char* p, uint64_t v) {
  while (v >= 0x80) {
    *p++ = static_cast<char>((v & 0x7f) | 0x80);
    v >>= 7;
  }
  *p++ = static_cast<char>(v);
  return p;
}

}  // namespace

void PutVarint(std::string* out, uint64_t v) {
  char buf[10];
  out->append(buf, static_cast<size_t>(WriteVarint(buf, v) - buf));
}

bool GetVarint(std::string_view* in, uint64_t* v) {
  uint64_t result = 0;
  for (int shift = 0; shift <= 63 && !in->empty(); shift += 7) {
    uint8_t byte = static_cast<uint8_t>(in->front());
    in->remove_prefix(1);
    result |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) {
      *v = result;
      return true;
    }
  }
  return false;
}

void PutBytes(std::string* out, std::string_view bytes) {
  PutVarint(out, bytes.size());
  out->append(bytes);
}

bool GetBytes(std::string_view* in, std::string_view* bytes) {
  uint64_t len = 0;
  if (!GetVarint(in, &len) || len > in->size()) return false;
  *bytes = in->substr(0, len);
  in->remove_prefix(len);
  return true;
}

namespace {

enum Encoding : uint8_t { kPlain = 0, kDelta = 1, kDict = 2, kDecimal = 3 };
constexpr uint8_t kNoNulls = 0x80;
constexpr size_t kMaxDictValues = 16;  // so an index is one byte
constexpr int kMaxDecimalScale = 4;
constexpr double kPowersOf10[kMaxDecimalScale + 1] = {1, 10, 100, 1000, 10000};
// Beyond this magnitude an integer may not be exact in a double.
constexpr double kMaxDecimalMagnitude = 4e15;

Status Bad(const std::string& what) { return Status::Corruption("WAL chunk: " + what); }

uint64_t ZigZag(int64_t v) {
  return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
}
int64_t UnZigZag(uint64_t v) { return static_cast<int64_t>((v >> 1) ^ (~(v & 1) + 1)); }

size_t VarintLength(uint64_t v) {
  return v < 0x80 ? 1 : static_cast<size_t>(64 - __builtin_clzll(v) + 6) / 7;
}

// The difference of two values, wrapping (the decoder adds it back, wrapping).
int64_t Minus(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) - static_cast<uint64_t>(b));
}
int64_t Plus(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) + static_cast<uint64_t>(b));
}

char* WriteFixed64(char* p, uint64_t v) {
  for (int i = 0; i < 8; i++) *p++ = static_cast<char>(v >> (8 * i));
  return p;
}

bool GetFixed64(std::string_view* in, uint64_t* v) {
  if (in->size() < 8) return false;
  uint64_t r = 0;
  for (int i = 7; i >= 0; i--) r = (r << 8) | static_cast<uint8_t>((*in)[i]);
  in->remove_prefix(8);
  *v = r;
  return true;
}

uint64_t BitsOf(double d) {
  uint64_t bits;
  std::memcpy(&bits, &d, 8);
  return bits;
}

// The integer `d` is at `scale` when d == integer / 10^scale exactly (same bits).
bool DecimalAt(double d, int scale, int64_t* integer) {
  const double scaled = d * kPowersOf10[scale];
  if (!(std::fabs(scaled) < kMaxDecimalMagnitude)) return false;  // NaN too
  // Any nearby integer will do (it is checked below): no call to llround.
  const auto k = static_cast<int64_t>(scaled + (scaled < 0 ? -0.5 : 0.5));
  if (BitsOf(static_cast<double>(k) / kPowersOf10[scale]) != BitsOf(d)) return false;
  *integer = k;
  return true;
}

// How one column's values are written: the encoding and the exact bytes they take.
struct ColumnPlan {
  explicit ColumnPlan(Encoding e = kPlain, size_t b = 0) : encoding(e), bytes(b) {}
  Encoding encoding = kPlain;
  size_t bytes = 0;
  int scale = 0;                       // kDecimal
  std::vector<int64_t> decimals;       // kDecimal: per row, value * 10^scale
  std::vector<std::string_view> dict;  // kDict: the distinct values
  std::vector<uint8_t> codes;          // kDict: per row, its value's index
};

ColumnPlan PlanInts(const int64_t* ints, const uint8_t* nulls, size_t rows) {
  size_t plain = 0, delta = 0;
  int64_t prev = 0;
  for (size_t r = 0; r < rows; r++) {
    if (nulls[r]) continue;
    plain += VarintLength(ZigZag(ints[r]));
    delta += VarintLength(ZigZag(Minus(ints[r], prev)));
    prev = ints[r];
  }
  return delta < plain ? ColumnPlan{kDelta, delta} : ColumnPlan{kPlain, plain};
}

// The values as decimals at `scale` into `*decimals` (per row), and the bytes they
// take; nullopt when one is not one.
std::optional<size_t> DecimalBytes(const double* doubles, const uint8_t* nulls, size_t rows,
                                   int scale, std::vector<int64_t>* decimals) {
  size_t bytes = 1;  // the scale
  decimals->resize(rows);
  for (size_t r = 0; r < rows; r++) {
    if (nulls[r]) continue;
    if (!DecimalAt(doubles[r], scale, &(*decimals)[r])) return std::nullopt;
    bytes += VarintLength(ZigZag((*decimals)[r]));
  }
  return bytes;
}

ColumnPlan PlanDoubles(const double* doubles, const uint8_t* nulls, size_t rows) {
  size_t values = 0;
  for (size_t r = 0; r < rows; r++) values += nulls[r] ? 0 : 1;
  ColumnPlan plan(kPlain, values * 8);
  // Values that are not decimals usually show it at once, so trying each scale is cheap.
  for (int scale = 0; scale <= kMaxDecimalScale; scale++) {
    std::optional<size_t> bytes = DecimalBytes(doubles, nulls, rows, scale, &plan.decimals);
    if (!bytes) continue;
    if (*bytes < plan.bytes) {
      plan.encoding = kDecimal;
      plan.bytes = *bytes;
      plan.scale = scale;
    }
    break;
  }
  return plan;
}

ColumnPlan PlanStrings(const std::string* strings, const uint8_t* nulls, size_t rows) {
  size_t plain = 0, values = 0;
  ColumnPlan dict(kDict);
  dict.codes.resize(rows);
  bool dict_fits = true;
  size_t last = 0;  // the last value's index: runs are common
  for (size_t r = 0; r < rows; r++) {
    if (nulls[r]) continue;
    std::string_view s = strings[r];
    plain += VarintLength(s.size()) + s.size();
    values++;
    if (!dict_fits) continue;
    if (last >= dict.dict.size() || dict.dict[last] != s) {
      last = 0;
      while (last < dict.dict.size() && dict.dict[last] != s) last++;
      if (last == dict.dict.size()) {
        if (last == kMaxDictValues) {
          dict_fits = false;
          continue;
        }
        dict.dict.push_back(s);
      }
    }
    dict.codes[r] = static_cast<uint8_t>(last);
  }
  if (dict_fits) {
    dict.bytes = VarintLength(dict.dict.size()) + values;
    for (std::string_view v : dict.dict) dict.bytes += VarintLength(v.size()) + v.size();
    if (dict.bytes < plain) return dict;
  }
  return ColumnPlan{kPlain, plain};
}

ColumnPlan PlanColumn(const Vector& v, size_t rows) {
  const uint8_t* nulls = v.nulls();
  switch (v.physical()) {
    case PhysicalType::kInt64:
      return PlanInts(v.ints().data(), nulls, rows);
    case PhysicalType::kDouble:
      return PlanDoubles(v.doubles().data(), nulls, rows);
    case PhysicalType::kString:
      return PlanStrings(v.strings().data(), nulls, rows);
    case PhysicalType::kInterval:
    case PhysicalType::kUuid: {
      size_t values = 0;
      for (size_t r = 0; r < rows; r++) values += nulls[r] ? 0 : 1;
      return ColumnPlan{kPlain, values * 16};
    }
    case PhysicalType::kNumeric:
    case PhysicalType::kArray:
      return ColumnPlan{kPlain, 0};  // encoded value by value
  }
  return ColumnPlan{};
}

// Writes the planned values at `p` (exactly plan.bytes of them).
void WriteValues(const Vector& v, size_t rows, const ColumnPlan& plan, char* p) {
  const uint8_t* nulls = v.nulls();
  switch (v.physical()) {
    case PhysicalType::kInt64: {
      const int64_t* ints = v.ints().data();
      int64_t prev = 0;
      for (size_t r = 0; r < rows; r++) {
        if (nulls[r]) continue;
        p = WriteVarint(p, ZigZag(plan.encoding == kDelta ? Minus(ints[r], prev) : ints[r]));
        prev = ints[r];
      }
      break;
    }
    case PhysicalType::kDouble: {
      const double* doubles = v.doubles().data();
      if (plan.encoding == kDecimal) *p++ = static_cast<char>(plan.scale);
      for (size_t r = 0; r < rows; r++) {
        if (nulls[r]) continue;
        if (plan.encoding == kDecimal) {
          p = WriteVarint(p, ZigZag(plan.decimals[r]));
        } else {
          p = WriteFixed64(p, BitsOf(doubles[r]));
        }
      }
      break;
    }
    case PhysicalType::kString: {
      const std::string* strings = v.strings().data();
      if (plan.encoding == kDict) {
        p = WriteVarint(p, plan.dict.size());
        for (std::string_view s : plan.dict) {
          p = WriteVarint(p, s.size());
          std::memcpy(p, s.data(), s.size());
          p += s.size();
        }
        for (size_t r = 0; r < rows; r++) {
          if (!nulls[r]) *p++ = static_cast<char>(plan.codes[r]);
        }
        break;
      }
      for (size_t r = 0; r < rows; r++) {
        if (nulls[r]) continue;
        p = WriteVarint(p, strings[r].size());
        std::memcpy(p, strings[r].data(), strings[r].size());
        p += strings[r].size();
      }
      break;
    }
    case PhysicalType::kInterval: {
      const Interval* intervals = v.intervals().data();
      for (size_t r = 0; r < rows; r++) {
        if (nulls[r]) continue;
        const Interval& iv = intervals[r];
        p = WriteFixed64(p, (static_cast<uint64_t>(static_cast<uint32_t>(iv.months)) << 32) |
                                static_cast<uint32_t>(iv.days));
        p = WriteFixed64(p, static_cast<uint64_t>(iv.micros));
      }
      break;
    }
    case PhysicalType::kUuid: {
      const Uuid* uuids = v.uuids().data();
      for (size_t r = 0; r < rows; r++) {
        if (nulls[r]) continue;
        uuids[r].ToBytes(reinterpret_cast<uint8_t*>(p));
        p += kUuidBytes;
      }
      break;
    }
    case PhysicalType::kNumeric:
    case PhysicalType::kArray:
      break;
  }
}

void EncodeColumn(const Vector& v, size_t rows, std::string* out) {
  const uint8_t* nulls = v.nulls();
  bool has_nulls = std::find(nulls, nulls + rows, uint8_t{1}) != nulls + rows;
  ColumnPlan plan = PlanColumn(v, rows);
  out->push_back(static_cast<char>(static_cast<uint8_t>(v.physical()) | (plan.encoding << 4) |
                                   (has_nulls ? 0 : kNoNulls)));
  if (has_nulls) {
    size_t bitmap_at = out->size();
    out->resize(bitmap_at + (rows + 7) / 8, '\0');
    char* bitmap = out->data() + bitmap_at;
    for (size_t r = 0; r < rows; r++) {
      if (nulls[r]) bitmap[r / 8] = static_cast<char>(bitmap[r / 8] | (1 << (r % 8)));
    }
  }
  size_t values_at = out->size();
  out->resize(values_at + plan.bytes);
  WriteValues(v, rows, plan, out->data() + values_at);
  if (v.physical() == PhysicalType::kNumeric || v.physical() == PhysicalType::kArray) {
    for (size_t r = 0; r < rows; r++) {
      if (v.IsNull(r)) continue;
      std::string bin;
      AppendValueBinary(v.GetValue(r), &bin);
      PutBytes(out, bin);
    }
  }
}

// Reads one column (see the format above) into `v`, or past it when `v` is null.
Status DecodeColumn(std::string_view* in, size_t rows, size_t index, Vector* v) {
  const std::string column = "column " + std::to_string(index);
  if (in->empty()) return Bad("truncated " + column);
  const uint8_t tag = static_cast<uint8_t>(in->front());
  in->remove_prefix(1);
  const auto physical = static_cast<PhysicalType>(tag & 0x0f);
  const auto encoding = static_cast<Encoding>((tag >> 4) & 0x07);
  if (v && physical != v->physical()) return Bad(column + " has the wrong physical type");
  bool known = physical <= PhysicalType::kUuid &&
               (encoding == kPlain || (encoding == kDelta && physical == PhysicalType::kInt64) ||
                (encoding == kDict && physical == PhysicalType::kString) ||
                (encoding == kDecimal && physical == PhysicalType::kDouble));
  if (!known) return Bad(column + " has an unknown encoding");
  std::string_view bitmap;
  if (!(tag & kNoNulls)) {
    size_t bitmap_bytes = (rows + 7) / 8;
    if (in->size() < bitmap_bytes) return Bad("truncated null bitmap");
    bitmap = in->substr(0, bitmap_bytes);
    in->remove_prefix(bitmap_bytes);
  }
  auto is_null = [&](size_t r) {
    return !bitmap.empty() && ((static_cast<uint8_t>(bitmap[r / 8]) >> (r % 8)) & 1);
  };
  if (v) {
    v->Resize(rows);
    uint8_t* nulls = v->nulls();
    for (size_t r = 0; r < rows; r++) nulls[r] = is_null(r) ? 1 : 0;
  }
  const Status truncated = Bad("truncated values in " + column);
  int scale = 0;
  std::vector<std::string_view> dict;
  if (encoding == kDecimal) {
    if (in->empty() || static_cast<uint8_t>(in->front()) > kMaxDecimalScale) return truncated;
    scale = static_cast<uint8_t>(in->front());
    in->remove_prefix(1);
  } else if (encoding == kDict) {
    uint64_t n = 0;
    if (!GetVarint(in, &n) || n > kMaxDictValues) return truncated;
    dict.resize(n);
    for (std::string_view& s : dict) {
      if (!GetBytes(in, &s)) return truncated;
    }
  }
  int64_t prev = 0;
  for (size_t r = 0; r < rows; r++) {
    if (is_null(r)) continue;
    switch (physical) {
      case PhysicalType::kInt64: {
        uint64_t z = 0;
        if (!GetVarint(in, &z)) return truncated;
        int64_t x = encoding == kDelta ? Plus(prev, UnZigZag(z)) : UnZigZag(z);
        prev = x;
        if (v) v->ints()[r] = x;
        break;
      }
      case PhysicalType::kDouble: {
        uint64_t bits = 0;
        if (encoding == kDecimal) {
          uint64_t z = 0;
          if (!GetVarint(in, &z)) return truncated;
          bits = BitsOf(static_cast<double>(UnZigZag(z)) / kPowersOf10[scale]);
        } else if (!GetFixed64(in, &bits)) {
          return truncated;
        }
        if (v) std::memcpy(&v->doubles()[r], &bits, 8);
        break;
      }
      case PhysicalType::kString: {
        std::string_view s;
        if (encoding == kDict) {
          if (in->empty() || static_cast<uint8_t>(in->front()) >= dict.size()) return truncated;
          s = dict[static_cast<uint8_t>(in->front())];
          in->remove_prefix(1);
        } else if (!GetBytes(in, &s)) {
          return truncated;
        }
        if (v) v->strings()[r].assign(s);
        break;
      }
      case PhysicalType::kInterval: {
        uint64_t a = 0, b = 0;
        if (!GetFixed64(in, &a) || !GetFixed64(in, &b)) return truncated;
        if (v) {
          v->intervals()[r] =
              Interval{static_cast<int32_t>(a >> 32), static_cast<int32_t>(a & 0xffffffffu),
                       static_cast<int64_t>(b)};
        }
        break;
      }
      case PhysicalType::kUuid: {
        if (in->size() < kUuidBytes) return truncated;
        if (v) v->uuids()[r] = Uuid::FromBytes(reinterpret_cast<const uint8_t*>(in->data()));
        in->remove_prefix(kUuidBytes);
        break;
      }
      case PhysicalType::kNumeric:
      case PhysicalType::kArray: {
        std::string_view s;
        if (!GetBytes(in, &s)) return truncated;
        if (!v) break;
        try {
          v->SetValue(r, ParseValueBinary(s, v->type()));
        } catch (const SqlError& e) {
          return Bad(std::string("bad value: ") + e.what());
        }
        break;
      }
    }
  }
  return Status::OK();
}

// The chunk header; false when it is malformed. A chunk cannot hold more rows than its
// bytes have bits (the bitmap) unless it has no columns.
bool GetHeader(std::string_view* in, uint64_t* rows, uint64_t* columns) {
  return GetVarint(in, rows) && GetVarint(in, columns) &&
         (*columns == 0 || *rows <= in->size() * 8);
}

}  // namespace

void EncodeChunk(const DataChunk& chunk, std::string* out) {
  PutVarint(out, chunk.size());
  PutVarint(out, chunk.column_count());
  for (size_t c = 0; c < chunk.column_count(); c++) {
    EncodeColumn(chunk.column(c), chunk.size(), out);
  }
}

Result<DataChunk> DecodeChunk(std::string_view* in, const std::vector<Type>& types) {
  uint64_t rows = 0, columns = 0;
  if (!GetHeader(in, &rows, &columns)) return Bad("truncated header");
  if (columns > in->size()) return Bad("truncated: " + std::to_string(columns) + " columns");
  // A transaction's chunks hold at most kChunkSize rows (storage/pending_rows.h); a chunk with
  // no columns says nothing else that bounds its row count.
  if (columns < types.size() && rows > kChunkSize) {
    return Bad(std::to_string(rows) + " rows in a chunk of " + std::to_string(columns) +
               " columns");
  }
  // A chunk logged before the table gained columns has fewer; one logged while an added
  // column existed that was then undone has more.
  DataChunk chunk(types);
  for (size_t c = 0; c < columns; c++) {
    Status s = DecodeColumn(in, rows, c, c < types.size() ? &chunk.column(c) : nullptr);
    if (!s.ok()) return s;
  }
  for (size_t c = columns; c < types.size(); c++) chunk.column(c).Resize(rows);
  chunk.set_row_count(rows);
  return chunk;
}

bool SkipChunk(std::string_view* in) {
  uint64_t rows = 0, columns = 0;
  if (!GetHeader(in, &rows, &columns)) return false;
  for (uint64_t c = 0; c < columns; c++) {
    if (!DecodeColumn(in, rows, c, nullptr).ok()) return false;
  }
  return true;
}

}  // namespace firn
