// DataRow cell encoding; see value_encoding.h.
#include "pgwire/value_encoding.h"

namespace firn::pgwire {
namespace {

void AppendBigEndian(uint64_t v, int bytes, std::string* out) {
  char buf[8];
  for (int i = 0; i < bytes; ++i) buf[i] = static_cast<char>(v >> (8 * (bytes - 1 - i)));
  out->append(buf, static_cast<size_t>(bytes));
}

// One encoder for cells read from a Vector or held as a Value: `cell` has Int(),
// Double(), String() (for the physical type of `id`) and Boxed() (a Value).
template <typename Cell>
void AppendCellOf(TypeId id, const Cell& cell, int16_t format, const IoContext& io,
                  std::string* out) {
  if (format == 0) {
    switch (id) {
      case TypeId::kInt2:
      case TypeId::kInt4:
      case TypeId::kInt8:
      case TypeId::kOid:
        return AppendInt64Text(cell.Int(), out);
      case TypeId::kBool:
        return AppendBoolText(cell.Int() != 0, out);
      case TypeId::kFloat8:
        return AppendFloat8Text(cell.Double(), io.extra_float_digits, out);
      case TypeId::kText:
      case TypeId::kVarchar:
      case TypeId::kBpchar:
      case TypeId::kName:
      case TypeId::kChar:
        out->append(cell.String());
        return;
      default:
        return AppendValueText(cell.Boxed(), io, out);
    }
  }
  switch (id) {
    case TypeId::kInt2:
      return AppendBigEndian(static_cast<uint64_t>(cell.Int()), 2, out);
    case TypeId::kInt4:
    case TypeId::kOid:
      return AppendBigEndian(static_cast<uint64_t>(cell.Int()), 4, out);
    case TypeId::kInt8:
      return AppendBigEndian(static_cast<uint64_t>(cell.Int()), 8, out);
    case TypeId::kText:
    case TypeId::kVarchar:
    case TypeId::kBpchar:
    case TypeId::kName:
      out->append(cell.String());
      return;
    default:
      return AppendValueBinary(cell.Boxed(), out);
  }
}

struct VectorCell {
  const Vector& column;
  size_t row;
  int64_t Int() const { return column.ints()[row]; }
  double Double() const { return column.doubles()[row]; }
  const std::string& String() const { return column.strings()[row]; }
  Value Boxed() const { return column.GetValue(row); }
};

struct ValueCell {
  const Value& value;
  int64_t Int() const { return value.GetInt64(); }
  double Double() const { return value.GetDouble(); }
  const std::string& String() const { return value.GetString(); }
  const Value& Boxed() const { return value; }
};

}  // namespace

void AppendCell(const Vector& column, size_t row, int16_t format, const IoContext& io,
                std::string* out) {
  AppendCellOf(column.type().id, VectorCell{column, row}, format, io, out);
}

void AppendCell(const Value& value, const Type& type, int16_t format, const IoContext& io,
                std::string* out) {
  AppendCellOf(type.id, ValueCell{value}, format, io, out);
}

}  // namespace firn::pgwire
