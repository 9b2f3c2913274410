#include "storage/parquet/type_mapping.h"

#include <exception>

namespace firn::parquet {
namespace {

__int128 Pow10(int k) {
  __int128 v = 1;
  for (int i = 0; i < k; ++i) v *= 10;
  return v;
}

Result<LeafLayout> LayoutLeaf(Type t, SchemaElement* e) {
  LeafLayout l;
  l.type = t;
  auto set = [&](PhysType phys, ValueKind kind) {
    l.phys = phys;
    l.kind = kind;
    e->type = phys;
  };
  auto string_logical = [&]() {
    e->converted_type = converted::kUtf8;
    e->logical.kind = LogicalType::kString;
  };
  switch (t.id) {
    case TypeId::kBool:
      set(PhysType::kBoolean, ValueKind::kBool);
      break;
    case TypeId::kInt2:
    case TypeId::kInt4:
      set(PhysType::kInt32, ValueKind::kInt32);
      e->converted_type = t.id == TypeId::kInt2 ? converted::kInt16 : converted::kInt32;
      e->logical.kind = LogicalType::kInteger;
      e->logical.bit_width = t.id == TypeId::kInt2 ? 16 : 32;
      e->logical.is_signed = true;
      break;
    case TypeId::kInt8:
    case TypeId::kOid:
      set(PhysType::kInt64, ValueKind::kInt64);
      break;
    case TypeId::kFloat4:
      set(PhysType::kFloat, ValueKind::kFloat);
      break;
    case TypeId::kFloat8:
      set(PhysType::kDouble, ValueKind::kDouble);
      break;
    case TypeId::kDate:
      set(PhysType::kInt32, ValueKind::kInt32);
      e->converted_type = converted::kDate;
      e->logical.kind = LogicalType::kDate;
      break;
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
      set(PhysType::kInt64, ValueKind::kInt64);
      e->logical.kind = LogicalType::kTimestamp;
      e->logical.unit = 2;
      e->logical.utc = t.id == TypeId::kTimestampTz;
      e->converted_type = converted::kTimestampMicros;  // parquet.thrift: for either UTC flag
      break;
    case TypeId::kNumeric: {
      int p = t.typmod >= 4 ? NumericTypmodPrecision(t.typmod) : 0;
      int s = t.typmod >= 4 ? NumericTypmodScale(t.typmod) : 0;
      if (p >= 1 && p <= 38 && s >= 0 && s <= p) {
        set(PhysType::kFixedLenByteArray, ValueKind::kDecimal);
        l.precision = p;
        l.scale = s;
        l.type_length = DecimalBytes(p);
        e->type_length = l.type_length;
        e->converted_type = converted::kDecimal;
        e->scale = s;
        e->precision = p;
        e->logical.kind = LogicalType::kDecimal;
        e->logical.scale = s;
        e->logical.precision = p;
      } else {
        set(PhysType::kByteArray, ValueKind::kNumericText);
        string_logical();
      }
      break;
    }
    case TypeId::kText:
    case TypeId::kVarchar:
    case TypeId::kBpchar:
    case TypeId::kName:
    case TypeId::kChar:
    case TypeId::kJson:   // Iceberg string, so plain UTF8 (a JSON annotation would make
    case TypeId::kJsonb:  // readers hand out parsed objects instead of the string)
      set(PhysType::kByteArray, ValueKind::kBytes);
      string_logical();
      break;
    case TypeId::kInterval:
      set(PhysType::kByteArray, ValueKind::kIntervalText);
      string_logical();
      break;
    case TypeId::kUuid:
      set(PhysType::kFixedLenByteArray, ValueKind::kUuid);
      l.type_length = static_cast<int32_t>(kUuidBytes);
      e->type_length = l.type_length;
      e->logical.kind = LogicalType::kUuid;  // no ConvertedType exists for UUID
      break;
    default:
      return Status::InvalidArgument("type " + t.Name() + " has no Parquet mapping");
  }
  return l;
}

}  // namespace

Result<ColumnLayout> LayoutColumn(const ColumnDescriptor& column) {
  ColumnLayout out;
  Repetition outer = column.required ? Repetition::kRequired : Repetition::kOptional;
  if (!column.type.IsArray()) {
    SchemaElement e;
    e.name = column.name;
    e.repetition = outer;
    e.field_id = column.field_id;
    Result<LeafLayout> leaf = LayoutLeaf(column.type, &e);
    if (!leaf.ok()) {
      return Status::InvalidArgument("column \"" + column.name + "\": " + leaf.status().message());
    }
    out.leaf = leaf.take();
    out.leaf.max_def = column.required ? 0 : 1;
    out.elements.push_back(std::move(e));
    return out;
  }
  if (column.type.elem == TypeId::kArray || column.type.elem == TypeId::kUnknown) {
    return Status::InvalidArgument("column \"" + column.name + "\": unsupported array type");
  }
  SchemaElement group;
  group.name = column.name;
  group.repetition = outer;
  group.num_children = 1;
  group.converted_type = converted::kList;
  group.logical.kind = LogicalType::kList;
  group.field_id = column.field_id;
  SchemaElement list;
  list.name = "list";
  list.repetition = Repetition::kRepeated;
  list.num_children = 1;
  SchemaElement elem;
  elem.name = "element";
  elem.repetition = Repetition::kOptional;
  elem.field_id = column.element_field_id;
  Result<LeafLayout> leaf = LayoutLeaf(Type(column.type.elem, column.type.typmod), &elem);
  if (!leaf.ok()) {
    return Status::InvalidArgument("column \"" + column.name + "\": " + leaf.status().message());
  }
  out.leaf = leaf.take();
  out.leaf.max_def = column.required ? 2 : 3;
  out.leaf.max_rep = 1;
  out.elements = {std::move(group), std::move(list), std::move(elem)};
  return out;
}

Type InferLeafType(const SchemaElement& e) {
  const LogicalType& lt = e.logical;
  int32_t ct = e.converted_type.value_or(-1);
  bool decimal = lt.kind == LogicalType::kDecimal || ct == converted::kDecimal;
  if (decimal) {
    int p = lt.kind == LogicalType::kDecimal ? lt.precision : e.precision;
    int s = lt.kind == LogicalType::kDecimal ? lt.scale : e.scale;
    if (p >= 1 && p <= 1000 && s >= 0 && s <= p) {
      return Type(TypeId::kNumeric, MakeNumericTypmod(p, s));
    }
    return Type(TypeId::kNumeric);
  }
  if (!e.type) return Type(TypeId::kUnknown);
  switch (*e.type) {
    case PhysType::kBoolean:
      return Type(TypeId::kBool);
    case PhysType::kInt32:
      if (lt.kind == LogicalType::kDate || ct == converted::kDate) return Type(TypeId::kDate);
      if ((lt.kind == LogicalType::kInteger && lt.bit_width <= 16 && lt.is_signed) ||
          ct == converted::kInt16 || ct == converted::kInt8) {
        return Type(TypeId::kInt2);
      }
      if (lt.kind == LogicalType::kInteger && !lt.is_signed) return Type(TypeId::kInt8);
      return Type(TypeId::kInt4);
    case PhysType::kInt64:
      if (lt.kind == LogicalType::kTimestamp) {
        return Type(lt.utc ? TypeId::kTimestampTz : TypeId::kTimestamp);
      }
      if (ct == converted::kTimestampMicros || ct == converted::kTimestampMillis) {
        return Type(TypeId::kTimestampTz);
      }
      return Type(TypeId::kInt8);
    case PhysType::kFloat:
      return Type(TypeId::kFloat4);
    case PhysType::kDouble:
      return Type(TypeId::kFloat8);
    case PhysType::kByteArray:
      return Type(TypeId::kText);
    case PhysType::kFixedLenByteArray:
      if (lt.kind == LogicalType::kUuid && e.type_length == 16) return Type(TypeId::kUuid);
      return Type(TypeId::kUnknown);
    default:
      return Type(TypeId::kUnknown);
  }
}

int DecimalBytes(int precision) {
  for (int n = 1; n < 16; ++n) {
    // Largest positive value in n bytes: 2^(8n-1) - 1.
    __int128 max = (static_cast<__int128>(1) << (8 * n - 1)) - 1;
    if (max >= Pow10(precision) - 1) return n;
  }
  return 16;
}

bool NumericToUnscaled(const Numeric& n, int precision, int scale, __int128* out) {
  if (n.IsNaN() || n.IsInf() || precision < 1 || precision > 38) return false;
  Numeric r;
  try {
    r = n.Round(scale);
  } catch (const std::exception&) {
    return false;
  }
  __int128 acc = 0;
  const std::vector<int16_t>& d = r.digits();
  for (size_t i = 0; i < d.size(); ++i) {
    if (d[i] == 0) continue;
    int exp10 = 4 * (r.weight() - static_cast<int>(i)) + scale;  // digit * 10^exp10
    __int128 term;
    if (exp10 < 0) {
      if (exp10 <= -4) continue;  // rounded away
      term = d[i] / static_cast<int>(Pow10(-exp10));
    } else {
      if (exp10 > 38) return false;
      if (__builtin_mul_overflow(static_cast<__int128>(d[i]), Pow10(exp10), &term)) return false;
    }
    if (__builtin_add_overflow(acc, term, &acc)) return false;
  }
  if (acc >= Pow10(precision)) return false;
  *out = r.IsNegative() ? -acc : acc;
  return true;
}

Numeric UnscaledToNumeric(__int128 unscaled, int scale) {
  bool neg = unscaled < 0;
  unsigned __int128 u =
      neg ? -static_cast<unsigned __int128>(unscaled) : static_cast<unsigned __int128>(unscaled);
  std::string digits;
  do {
    digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(u % 10)));
    u /= 10;
  } while (u != 0);
  if (scale > 0) {
    if (static_cast<int>(digits.size()) <= scale) {
      digits.insert(0, static_cast<size_t>(scale + 1) - digits.size(), '0');
    }
    digits.insert(digits.size() - scale, 1, '.');
  } else if (scale < 0 && digits != "0") {
    digits.append(static_cast<size_t>(-scale), '0');
  }
  if (neg) digits.insert(digits.begin(), '-');
  return Numeric::Parse(digits);
}

void AppendBigEndian(__int128 v, int nbytes, std::string* out) {
  for (int i = nbytes - 1; i >= 0; --i) {
    out->push_back(static_cast<char>(static_cast<uint8_t>(v >> (8 * i))));
  }
}

bool ReadBigEndian(const uint8_t* p, size_t n, __int128* out) {
  if (n == 0) {
    *out = 0;
    return true;
  }
  uint8_t sign = (p[0] & 0x80) ? 0xff : 0x00;
  while (n > 16) {  // leading bytes beyond 128 bits must be sign extension
    if (p[0] != sign) return false;
    ++p;
    --n;
  }
  if (n == 16 && static_cast<uint8_t>(p[0] & 0x80) != (sign & 0x80)) return false;
  unsigned __int128 u = sign ? ~static_cast<unsigned __int128>(0) : 0;
  for (size_t i = 0; i < n; ++i) u = (u << 8) | p[i];
  *out = static_cast<__int128>(u);
  return true;
}

}  // namespace firn::parquet
