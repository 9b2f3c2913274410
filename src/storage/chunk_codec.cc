#include "storage/chunk_codec.h"

#include <cstring>

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

bool GetFixed64(std::string_view* in, uint64_t* v) {
  if (in->size() < 8) return false;
  uint64_t r = 0;
  for (int i = 7; i >= 0; i--) r = (r << 8) | static_cast<uint8_t>((*in)[i]);
  in->remove_prefix(8);
  *v = r;
  return true;
}

uint64_t ZigZag(int64_t v) {
  return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
}
int64_t UnZigZag(uint64_t v) { return static_cast<int64_t>((v >> 1) ^ (~(v & 1) + 1)); }

Status Bad(const std::string& what) { return Status::Corruption("WAL chunk: " + what); }

char* WriteFixed64(char* p, uint64_t v) {
  for (int i = 0; i < 8; i++) *p++ = static_cast<char>(v >> (8 * i));
  return p;
}

// The most bytes a column's values can take, so they are written through a raw pointer
// into space made once (a WAL record of a big COPY holds millions of them).
size_t MaxValueBytes(const Vector& v, size_t rows) {
  switch (v.physical()) {
    case PhysicalType::kInt64:
      return rows * 10;
    case PhysicalType::kDouble:
      return rows * 8;
    case PhysicalType::kString: {
      size_t bytes = rows * 10;
      const std::string* strings = v.strings().data();
      const uint8_t* nulls = v.nulls();
      for (size_t r = 0; r < rows; r++) {
        if (!nulls[r]) bytes += strings[r].size();
      }
      return bytes;
    }
    case PhysicalType::kInterval:
      return rows * 16;
    case PhysicalType::kNumeric:
    case PhysicalType::kArray:
      return 0;  // encoded value by value
  }
  return 0;
}

// EncodeChunkColumn with MaxValueBytes(v, rows) already known (`most`): for a string
// column that sum walks every value.
void EncodeColumn(const Vector& v, size_t rows, size_t most, std::string* out) {
  out->push_back(static_cast<char>(v.physical()));
  size_t bitmap_at = out->size();
  size_t values_at = bitmap_at + (rows + 7) / 8;
  out->resize(values_at + most, '\0');
  char* bitmap = out->data() + bitmap_at;
  char* p = out->data() + values_at;
  const uint8_t* nulls = v.nulls();
  for (size_t r = 0; r < rows; r++) {
    if (nulls[r]) bitmap[r / 8] = static_cast<char>(bitmap[r / 8] | (1 << (r % 8)));
  }
  // One loop per physical type, with the storage looked up once.
  switch (v.physical()) {
    case PhysicalType::kInt64: {
      const int64_t* ints = v.ints().data();
      for (size_t r = 0; r < rows; r++) {
        if (!nulls[r]) p = WriteVarint(p, ZigZag(ints[r]));
      }
      break;
    }
    case PhysicalType::kDouble: {
      const double* doubles = v.doubles().data();
      for (size_t r = 0; r < rows; r++) {
        if (nulls[r]) continue;
        uint64_t bits;
        std::memcpy(&bits, &doubles[r], 8);
        p = WriteFixed64(p, bits);
      }
      break;
    }
    case PhysicalType::kString: {
      const std::string* strings = v.strings().data();
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
    case PhysicalType::kNumeric:
    case PhysicalType::kArray:
      break;  // below, value by value
  }
  out->resize(static_cast<size_t>(p - out->data()));
  if (v.physical() == PhysicalType::kNumeric || v.physical() == PhysicalType::kArray) {
    for (size_t r = 0; r < rows; r++) {
      if (v.IsNull(r)) continue;
      std::string bin;
      AppendValueBinary(v.GetValue(r), &bin);
      PutBytes(out, bin);
    }
  }
}

}  // namespace

void EncodeChunk(const DataChunk& chunk, std::string* out) {
  std::vector<size_t> most(chunk.column_count());
  size_t total = 20;
  for (size_t c = 0; c < chunk.column_count(); c++) {
    most[c] = MaxValueBytes(chunk.column(c), chunk.size());
    total += 1 + (chunk.size() + 7) / 8 + most[c];
  }
  out->reserve(out->size() + total);  // the columns' resizes below then never reallocate
  EncodeChunkHeader(chunk, out);
  for (size_t c = 0; c < chunk.column_count(); c++) {
    EncodeColumn(chunk.column(c), chunk.size(), most[c], out);
  }
}

void EncodeChunkHeader(const DataChunk& chunk, std::string* out) {
  PutVarint(out, chunk.size());
  PutVarint(out, chunk.column_count());
}

void EncodeChunkColumn(const Vector& v, size_t rows, std::string* out) {
  EncodeColumn(v, rows, MaxValueBytes(v, rows), out);
}

Result<DataChunk> DecodeChunk(std::string_view* in, const std::vector<Type>& types) {
  uint64_t rows = 0, columns = 0;
  if (!GetVarint(in, &rows) || !GetVarint(in, &columns)) return Bad("truncated header");
  if (columns != types.size()) {
    return Bad(std::to_string(columns) + " columns where the table has " +
               std::to_string(types.size()));
  }
  if (rows > in->size() * 8) return Bad("row count beyond the record");
  DataChunk chunk(types);
  for (size_t c = 0; c < columns; c++) {
    Vector& v = chunk.column(c);
    if (in->empty() || static_cast<uint8_t>(in->front()) != static_cast<uint8_t>(v.physical())) {
      return Bad("column " + std::to_string(c) + " has the wrong physical type");
    }
    in->remove_prefix(1);
    size_t bitmap_bytes = (rows + 7) / 8;
    if (in->size() < bitmap_bytes) return Bad("truncated null bitmap");
    std::string_view bitmap = in->substr(0, bitmap_bytes);
    in->remove_prefix(bitmap_bytes);
    v.Resize(rows);
    for (size_t r = 0; r < rows; r++) {
      bool is_null = (static_cast<uint8_t>(bitmap[r / 8]) >> (r % 8)) & 1;
      v.SetNull(r, is_null);
      if (is_null) continue;
      bool ok = true;
      switch (v.physical()) {
        case PhysicalType::kInt64: {
          uint64_t z = 0;
          ok = GetVarint(in, &z);
          if (ok) v.ints()[r] = UnZigZag(z);
          break;
        }
        case PhysicalType::kDouble: {
          uint64_t bits = 0;
          ok = GetFixed64(in, &bits);
          if (ok) std::memcpy(&v.doubles()[r], &bits, 8);
          break;
        }
        case PhysicalType::kString: {
          std::string_view s;
          ok = GetBytes(in, &s);
          if (ok) v.strings()[r].assign(s);
          break;
        }
        case PhysicalType::kInterval: {
          uint64_t a = 0, b = 0;
          ok = GetFixed64(in, &a) && GetFixed64(in, &b);
          if (ok) {
            v.intervals()[r] =
                Interval{static_cast<int32_t>(a >> 32), static_cast<int32_t>(a & 0xffffffffu),
                         static_cast<int64_t>(b)};
          }
          break;
        }
        case PhysicalType::kNumeric:
        case PhysicalType::kArray: {
          std::string_view s;
          ok = GetBytes(in, &s);
          if (ok) {
            try {
              v.SetValue(r, ParseValueBinary(s, v.type()));
            } catch (const SqlError& e) {
              return Bad(std::string("bad value: ") + e.what());
            }
          }
          break;
        }
      }
      if (!ok) return Bad("truncated values in column " + std::to_string(c));
    }
  }
  chunk.set_row_count(rows);
  return chunk;
}

bool SkipChunk(std::string_view* in) {
  uint64_t rows = 0, columns = 0;
  if (!GetVarint(in, &rows) || !GetVarint(in, &columns) || rows > in->size() * 8) return false;
  for (uint64_t c = 0; c < columns; c++) {
    if (in->empty()) return false;
    auto physical = static_cast<PhysicalType>(in->front());
    in->remove_prefix(1);
    size_t bitmap_bytes = (rows + 7) / 8;
    if (in->size() < bitmap_bytes) return false;
    std::string_view bitmap = in->substr(0, bitmap_bytes);
    in->remove_prefix(bitmap_bytes);
    for (uint64_t r = 0; r < rows; r++) {
      if ((static_cast<uint8_t>(bitmap[r / 8]) >> (r % 8)) & 1) continue;
      uint64_t skip = 0;
      std::string_view bytes;
      switch (physical) {
        case PhysicalType::kInt64:
          if (!GetVarint(in, &skip)) return false;
          break;
        case PhysicalType::kDouble:
        case PhysicalType::kInterval:
          skip = physical == PhysicalType::kDouble ? 8 : 16;
          if (in->size() < skip) return false;
          in->remove_prefix(skip);
          break;
        default:
          if (!GetBytes(in, &bytes)) return false;
      }
    }
  }
  return true;
}

}  // namespace firn
