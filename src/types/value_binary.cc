// Binary send/receive, byte-for-byte PostgreSQL's typsend/typreceive:
//   bool: 1 byte; int2/int4/int8/oid: big-endian; float4/float8: IEEE big-endian;
//   numeric: int16 ndigits, int16 weight, uint16 sign, uint16 dscale, ndigits x int16;
//   text types: raw bytes; "char": 1 byte;
//   date: int32 days since 2000-01-01; timestamp(tz): int64 us since 2000-01-01 00:00;
//   interval: int64 us, int32 days, int32 months;
//   array: int32 ndim, int32 has_null, uint32 elem oid, per dim (int32 size, int32 lbound),
//          then per element int32 length (-1 = NULL) and its bytes.
// Thread-safety: pure functions.
#include <cstring>

#include "common/sql_error.h"
#include "types/datetime.h"
#include "types/value_io.h"

namespace firn {
namespace {

// jsonb_send's format: this version byte, then the text.
constexpr char kJsonbBinaryVersion = 1;

void PutBe(uint64_t v, int bytes, std::string* out) {
  for (int i = bytes - 1; i >= 0; --i) out->push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

[[noreturn]] void BadBinary(const char* what = "incorrect binary data format") {
  throw SqlError(sqlstate::kInvalidBinaryRepresentation, what);
}

class Reader {
 public:
  explicit Reader(std::string_view data) : data_(data) {}
  uint64_t Be(int bytes) {
    if (pos_ + static_cast<size_t>(bytes) > data_.size()) {
      BadBinary("insufficient data left in message");
    }
    uint64_t v = 0;
    for (int i = 0; i < bytes; ++i) v = (v << 8) | static_cast<unsigned char>(data_[pos_++]);
    return v;
  }
  std::string_view Bytes(size_t n) {
    if (pos_ + n > data_.size()) BadBinary("insufficient data left in message");
    std::string_view r = data_.substr(pos_, n);
    pos_ += n;
    return r;
  }
  std::string_view Rest() { return Bytes(data_.size() - pos_); }
  void ExpectEnd() const {
    if (pos_ != data_.size()) BadBinary();
  }

 private:
  std::string_view data_;
  size_t pos_ = 0;
};

uint64_t DoubleBits(double d) {
  uint64_t b;
  std::memcpy(&b, &d, 8);
  return b;
}

int64_t ToPgTimestamp(int64_t ts) {
  if (!IsTimestampFinite(ts)) return ts;
  return ts - kPgEpochMicros;
}

int64_t FromPgTimestamp(int64_t ts) {
  if (ts == INT64_MAX || ts == INT64_MIN) return ts;
  if (ts > INT64_MAX - kPgEpochMicros - 1) {
    throw SqlError(sqlstate::kDatetimeFieldOverflow, "timestamp out of range");
  }
  return ts + kPgEpochMicros;
}

}  // namespace

void AppendValueBinary(const Value& v, std::string* out) {
  switch (v.type().id) {
    case TypeId::kBool:
      out->push_back(v.GetBool() ? 1 : 0);
      return;
    case TypeId::kInt2:
      return PutBe(static_cast<uint64_t>(v.GetInt64()), 2, out);
    case TypeId::kInt4:
    case TypeId::kOid:
      return PutBe(static_cast<uint64_t>(v.GetInt64()), 4, out);
    case TypeId::kInt8:
      return PutBe(static_cast<uint64_t>(v.GetInt64()), 8, out);
    case TypeId::kFloat4: {
      float f = static_cast<float>(v.GetDouble());
      uint32_t b;
      std::memcpy(&b, &f, 4);
      return PutBe(b, 4, out);
    }
    case TypeId::kFloat8:
      return PutBe(DoubleBits(v.GetDouble()), 8, out);
    case TypeId::kNumeric: {
      const Numeric& n = v.GetNumeric();
      bool special = n.IsNaN() || n.IsInf();
      PutBe(special ? 0 : n.digits().size(), 2, out);
      PutBe(static_cast<uint16_t>(special ? 0 : n.weight()), 2, out);
      PutBe(static_cast<uint16_t>(n.sign()), 2, out);
      PutBe(special ? 0 : n.dscale(), 2, out);
      if (!special) {
        for (int16_t d : n.digits()) PutBe(static_cast<uint16_t>(d), 2, out);
      }
      return;
    }
    case TypeId::kDate: {
      int64_t d = v.GetInt64();
      int64_t pg = IsDateFinite(d) ? d - kPgEpochDays : d;
      return PutBe(static_cast<uint64_t>(pg), 4, out);
    }
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
      return PutBe(static_cast<uint64_t>(ToPgTimestamp(v.GetInt64())), 8, out);
    case TypeId::kInterval: {
      const Interval& iv = v.GetInterval();
      PutBe(static_cast<uint64_t>(iv.micros), 8, out);
      PutBe(static_cast<uint32_t>(iv.days), 4, out);
      PutBe(static_cast<uint32_t>(iv.months), 4, out);
      return;
    }
    case TypeId::kUuid:
      out->append(v.GetUuid().ToByteString());
      return;
    case TypeId::kJsonb:
      out->push_back(kJsonbBinaryVersion);
      out->append(v.GetString());
      return;
    case TypeId::kArray: {
      const ArrayValue& arr = v.GetArray();
      bool has_null = false;
      for (const Value& e : arr.items) has_null = has_null || e.is_null();
      PutBe(arr.items.empty() ? 0 : 1, 4, out);
      PutBe(has_null ? 1 : 0, 4, out);
      PutBe(Type(v.type().elem).Oid(), 4, out);
      if (!arr.items.empty()) {
        PutBe(arr.items.size(), 4, out);
        PutBe(v.type().LowerBound(), 4, out);
      }
      for (const Value& e : arr.items) {
        if (e.is_null()) {
          PutBe(0xffffffffu, 4, out);
          continue;
        }
        size_t len_pos = out->size();
        PutBe(0, 4, out);
        AppendValueBinary(e, out);
        uint32_t len = static_cast<uint32_t>(out->size() - len_pos - 4);
        for (int i = 0; i < 4; ++i) (*out)[len_pos + i] = static_cast<char>(len >> (24 - 8 * i));
      }
      return;
    }
    case TypeId::kText:
    case TypeId::kVarchar:
    case TypeId::kBpchar:
    case TypeId::kName:
    case TypeId::kChar:
    case TypeId::kUnknown:
    case TypeId::kJson:  // json_send: the text
      out->append(v.GetString());
      return;
  }
}

Value ParseValueBinary(std::string_view bytes, Type type) {
  Reader r(bytes);
  Value result;
  switch (type.id) {
    case TypeId::kBool:
      result = Value::Bool(r.Be(1) != 0).WithType(type);
      break;
    case TypeId::kInt2:
      result = Value::FromInt64(type, static_cast<int16_t>(r.Be(2)));
      break;
    case TypeId::kInt4:
      result = Value::FromInt64(type, static_cast<int32_t>(r.Be(4)));
      break;
    case TypeId::kOid:
      result = Value::FromInt64(type, static_cast<uint32_t>(r.Be(4)));
      break;
    case TypeId::kInt8:
      result = Value::FromInt64(type, static_cast<int64_t>(r.Be(8)));
      break;
    case TypeId::kFloat4: {
      uint32_t b = static_cast<uint32_t>(r.Be(4));
      float f;
      std::memcpy(&f, &b, 4);
      result = Value::FromDouble(type, f);
      break;
    }
    case TypeId::kFloat8: {
      uint64_t b = r.Be(8);
      double d;
      std::memcpy(&d, &b, 8);
      result = Value::FromDouble(type, d);
      break;
    }
    case TypeId::kNumeric: {
      uint16_t ndigits = static_cast<uint16_t>(r.Be(2));
      int16_t weight = static_cast<int16_t>(r.Be(2));
      uint16_t sign = static_cast<uint16_t>(r.Be(2));
      uint16_t dscale = static_cast<uint16_t>(r.Be(2));
      std::vector<int16_t> digits(ndigits);
      for (auto& d : digits) d = static_cast<int16_t>(r.Be(2));
      Numeric n =
          Numeric::FromParts(static_cast<Numeric::Sign>(sign), weight, dscale, std::move(digits));
      result = Value::MakeNumeric(n.ApplyTypmod(type.typmod), type.typmod);
      break;
    }
    case TypeId::kDate: {
      int32_t d = static_cast<int32_t>(r.Be(4));
      int64_t days = (d == INT32_MAX || d == INT32_MIN) ? d : int64_t{d} + kPgEpochDays;
      result = Value::FromInt64(type, days);
      break;
    }
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
      result = Value::FromInt64(type, FromPgTimestamp(static_cast<int64_t>(r.Be(8))));
      break;
    case TypeId::kInterval: {
      Interval iv;
      iv.micros = static_cast<int64_t>(r.Be(8));
      iv.days = static_cast<int32_t>(r.Be(4));
      iv.months = static_cast<int32_t>(r.Be(4));
      result = Value::MakeInterval(iv).WithType(type);
      break;
    }
    case TypeId::kUuid: {
      std::string_view b = r.Bytes(kUuidBytes);
      result = Value::MakeUuid(Uuid::FromBytes(reinterpret_cast<const uint8_t*>(b.data())));
      break;
    }
    case TypeId::kArray: {
      int32_t ndim = static_cast<int32_t>(r.Be(4));
      uint32_t flags = static_cast<uint32_t>(r.Be(4));
      uint32_t elem_oid = static_cast<uint32_t>(r.Be(4));
      if (ndim < 0 || ndim > 1) {
        if (ndim > 1) {
          throw SqlError(sqlstate::kFeatureNotSupported,
                         "multidimensional arrays are not supported");
        }
        BadBinary("invalid number of dimensions");
      }
      if (flags > 1) BadBinary("invalid array flags");
      Type elem(type.elem, type.typmod);
      if (elem_oid != elem.Oid()) BadBinary("wrong element type");
      std::vector<Value> items;
      if (ndim == 1) {
        int32_t n = static_cast<int32_t>(r.Be(4));
        r.Be(4);  // lower bound, ignored: Firn arrays start at 1
        if (n < 0) BadBinary("invalid array dimensions");
        for (int32_t i = 0; i < n; ++i) {
          int32_t len = static_cast<int32_t>(r.Be(4));
          if (len == -1) {
            items.push_back(Value::Null(elem));
            continue;
          }
          if (len < 0) BadBinary();
          items.push_back(ParseValueBinary(r.Bytes(static_cast<size_t>(len)), elem));
        }
      }
      result = Value::MakeArray(type.elem, std::move(items)).WithType(type);
      break;
    }
    case TypeId::kText:
    case TypeId::kUnknown:
      result = Value::String(type, std::string(r.Rest()));
      break;
    case TypeId::kJson:
      result = ParseValueText(r.Rest(), type, IoContext());
      break;
    case TypeId::kJsonb: {
      std::string_view version = r.Bytes(1);
      if (version[0] != kJsonbBinaryVersion) {
        throw SqlError(sqlstate::kInvalidBinaryRepresentation,
                       "unsupported jsonb version number " +
                           std::to_string(static_cast<unsigned char>(version[0])));
      }
      result = ParseValueText(r.Rest(), type, IoContext());
      break;
    }
    case TypeId::kVarchar:
    case TypeId::kBpchar:
    case TypeId::kName:
    case TypeId::kChar:
      result = Value::String(type, ApplyStringTypmod(std::string(r.Rest()), type, false));
      break;
  }
  r.ExpectEnd();
  return result;
}

}  // namespace firn
