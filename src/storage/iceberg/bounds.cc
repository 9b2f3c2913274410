#include "storage/iceberg/bounds.h"

#include <cmath>
#include <cstring>
#include <exception>

#include "storage/iceberg/schema.h"
#include "types/value_io.h"

namespace firn::iceberg {

namespace {

std::string LittleEndian(uint64_t v, int bytes) {
  std::string out(bytes, '\0');
  for (int i = 0; i < bytes; i++) out[i] = static_cast<char>((v >> (8 * i)) & 0xff);
  return out;
}

uint64_t ReadLittleEndian(std::string_view b) {
  uint64_t v = 0;
  for (size_t i = 0; i < b.size(); i++)
    v |= static_cast<uint64_t>(static_cast<uint8_t>(b[i])) << (8 * i);
  return v;
}

// The unscaled integer of a finite numeric rounded to `scale`, if it has at most
// `precision` digits.
std::optional<__int128> Unscaled(const Numeric& n, int32_t precision, int32_t scale) {
  if (n.IsNaN() || n.IsInf()) return std::nullopt;
  std::string text = n.Round(scale).ToString();
  bool negative = !text.empty() && text[0] == '-';
  if (negative) text.erase(0, 1);
  size_t dot = text.find('.');
  std::string int_part = text.substr(0, dot);
  std::string frac = dot == std::string::npos ? "" : text.substr(dot + 1);
  if (static_cast<int32_t>(frac.size()) > scale) return std::nullopt;
  frac.append(scale - frac.size(), '0');
  while (int_part.size() > 1 && int_part[0] == '0') int_part.erase(0, 1);
  if (int_part == "0") int_part.clear();
  std::string digits = int_part + frac;
  if (static_cast<int32_t>(int_part.size()) > precision - scale || digits.size() > 38) {
    return std::nullopt;
  }
  __int128 v = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return negative ? -v : v;
}

// Minimal big-endian two's complement bytes of `v`.
}  // namespace

std::string MinimalBigEndian(__int128 v) {
  std::string out;
  for (int i = 15; i >= 0; i--) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
  size_t skip = 0;
  while (skip + 1 < out.size()) {
    uint8_t b = static_cast<uint8_t>(out[skip]);
    uint8_t next = static_cast<uint8_t>(out[skip + 1]);
    if ((b == 0x00 && (next & 0x80) == 0) || (b == 0xff && (next & 0x80) != 0)) {
      skip++;
    } else {
      break;
    }
  }
  return out.substr(skip);
}

namespace {

std::string Int128ToDecimalText(__int128 v, int32_t scale) {
  const bool negative = v < 0;
  unsigned __int128 u = negative ? -static_cast<unsigned __int128>(v) : v;
  char buf[64];
  int len = 0;  // digits, least significant first
  do {
    buf[len++] = static_cast<char>('0' + static_cast<int>(u % 10));
    u /= 10;
  } while (u != 0 || len <= scale);
  std::string out = negative ? "-" : "";
  for (int i = len - 1; i >= 0; i--) {
    out.push_back(buf[i]);
    if (i == scale && scale > 0) out.push_back('.');
  }
  return out;
}

std::string TextForm(const Value& v) {
  if (v.type().id == TypeId::kNumeric) return v.GetNumeric().ToString();
  if (v.type().id == TypeId::kInterval) return ValueToText(v);
  return v.GetString();
}

}  // namespace

std::optional<Value> DecimalFromBigEndian(std::string_view b, int32_t scale, int32_t typmod) {
  if (b.empty() || b.size() > 16) return std::nullopt;
  __int128 v = (static_cast<uint8_t>(b[0]) & 0x80) != 0 ? -1 : 0;
  for (char c : b) {
    v = static_cast<__int128>((static_cast<unsigned __int128>(v) << 8) | static_cast<uint8_t>(c));
  }
  try {
    return Value::MakeNumeric(Numeric::Parse(Int128ToDecimalText(v, scale)), typmod);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::optional<std::string> SerializeBound(const Type& type, const Value& v) {
  if (type.IsArray()) return std::nullopt;
  return SerializePrimitive(IcebergTypeOf(type), v);
}

std::optional<std::string> SerializePrimitive(const PrimitiveType& t, const Value& v) {
  if (v.is_null()) return std::nullopt;
  switch (t.type) {
    case IcebergType::kBoolean:
      return std::string(1, v.GetBool() ? '\x01' : '\x00');
    case IcebergType::kInt:
    case IcebergType::kDate:
      return LittleEndian(static_cast<uint32_t>(static_cast<int32_t>(v.GetInt64())), 4);
    case IcebergType::kLong:
    case IcebergType::kTimestamp:
    case IcebergType::kTimestampTz:
      return LittleEndian(static_cast<uint64_t>(v.GetInt64()), 8);
    case IcebergType::kFloat: {
      float f = static_cast<float>(v.GetDouble());
      if (std::isnan(f)) return std::nullopt;
      uint32_t bits;
      std::memcpy(&bits, &f, 4);
      return LittleEndian(bits, 4);
    }
    case IcebergType::kDouble: {
      double d = v.GetDouble();
      if (std::isnan(d)) return std::nullopt;
      uint64_t bits;
      std::memcpy(&bits, &d, 8);
      return LittleEndian(bits, 8);
    }
    case IcebergType::kDecimal: {
      auto unscaled = Unscaled(v.GetNumeric(), t.precision, t.scale);
      if (!unscaled) return std::nullopt;
      return MinimalBigEndian(*unscaled);
    }
    case IcebergType::kString:
    case IcebergType::kBinary:
      if (v.type().id == TypeId::kNumeric && (v.GetNumeric().IsNaN())) return std::nullopt;
      return TextForm(v);
    case IcebergType::kUuid:  // the spec: 16-byte big-endian value
      return v.GetUuid().ToByteString();
  }
  return std::nullopt;
}

std::optional<Value> DeserializeBound(const Type& type, std::string_view b) {
  if (type.IsArray()) return std::nullopt;
  const PrimitiveType t = IcebergTypeOf(type);
  switch (t.type) {
    case IcebergType::kBoolean:
      if (b.size() != 1) return std::nullopt;
      return Value::Bool(b[0] != 0);
    case IcebergType::kInt:
    case IcebergType::kDate:
      if (b.size() != 4) return std::nullopt;
      return Value::FromInt64(type,
                              static_cast<int32_t>(static_cast<uint32_t>(ReadLittleEndian(b))));
    case IcebergType::kLong:
    case IcebergType::kTimestamp:
    case IcebergType::kTimestampTz:
      if (b.size() != 8) return std::nullopt;
      return Value::FromInt64(type, static_cast<int64_t>(ReadLittleEndian(b)));
    case IcebergType::kFloat: {
      if (b.size() != 4) return std::nullopt;
      uint32_t bits = static_cast<uint32_t>(ReadLittleEndian(b));
      float f;
      std::memcpy(&f, &bits, 4);
      return Value::FromDouble(type, f);
    }
    case IcebergType::kDouble: {
      if (b.size() != 8) return std::nullopt;
      uint64_t bits = ReadLittleEndian(b);
      double d;
      std::memcpy(&d, &bits, 8);
      return Value::FromDouble(type, d);
    }
    case IcebergType::kDecimal:
      return DecimalFromBigEndian(b, t.scale, type.typmod);
    case IcebergType::kString:
    case IcebergType::kBinary:
      if (type.id == TypeId::kNumeric || type.id == TypeId::kInterval) {
        try {
          return ParseValueText(b, type);
        } catch (const std::exception&) {
          return std::nullopt;
        }
      }
      return Value::String(type, std::string(b));
    case IcebergType::kUuid:
      if (b.size() != kUuidBytes) return std::nullopt;
      return Value::MakeUuid(Uuid::FromBytes(reinterpret_cast<const uint8_t*>(b.data())));
  }
  return std::nullopt;
}

}  // namespace firn::iceberg
