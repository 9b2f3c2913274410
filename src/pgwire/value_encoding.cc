// DataRow cell encoding; see value_encoding.h.
#include "pgwire/value_encoding.h"

namespace firn::pgwire {
namespace {

void AppendBigEndian(uint64_t v, int bytes, std::string* out) {
  char buf[8];
  for (int i = 0; i < bytes; ++i) buf[i] = static_cast<char>(v >> (8 * (bytes - 1 - i)));
  out->append(buf, static_cast<size_t>(bytes));
}

}  // namespace

void AppendCell(const Vector& column, size_t row, int16_t format, const IoContext& io,
                std::string* out) {
  const TypeId id = column.type().id;
  if (format == 0) {
    switch (id) {
      case TypeId::kInt2:
      case TypeId::kInt4:
      case TypeId::kInt8:
      case TypeId::kOid:
        return AppendInt64Text(column.ints()[row], out);
      case TypeId::kBool:
        return AppendBoolText(column.ints()[row] != 0, out);
      case TypeId::kFloat8:
        return AppendFloat8Text(column.doubles()[row], io.extra_float_digits, out);
      case TypeId::kText:
      case TypeId::kVarchar:
      case TypeId::kBpchar:
      case TypeId::kName:
      case TypeId::kChar:
        out->append(column.strings()[row]);
        return;
      default:
        return AppendValueText(column.GetValue(row), io, out);
    }
  }
  switch (id) {
    case TypeId::kInt2:
      return AppendBigEndian(static_cast<uint64_t>(column.ints()[row]), 2, out);
    case TypeId::kInt4:
    case TypeId::kOid:
      return AppendBigEndian(static_cast<uint64_t>(column.ints()[row]), 4, out);
    case TypeId::kInt8:
      return AppendBigEndian(static_cast<uint64_t>(column.ints()[row]), 8, out);
    case TypeId::kText:
    case TypeId::kVarchar:
    case TypeId::kBpchar:
    case TypeId::kName:
      out->append(column.strings()[row]);
      return;
    default:
      return AppendValueBinary(column.GetValue(row), out);
  }
}

}  // namespace firn::pgwire
