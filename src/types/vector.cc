#include "types/vector.h"

#include <algorithm>

namespace firn {

PhysicalType PhysicalTypeOf(TypeId id) {
  switch (id) {
    case TypeId::kFloat4:
    case TypeId::kFloat8:
      return PhysicalType::kDouble;
    case TypeId::kNumeric:
      return PhysicalType::kNumeric;
    case TypeId::kText:
    case TypeId::kVarchar:
    case TypeId::kBpchar:
    case TypeId::kName:
    case TypeId::kChar:
    case TypeId::kUnknown:
    case TypeId::kJson:
    case TypeId::kJsonb:
      return PhysicalType::kString;
    case TypeId::kInterval:
      return PhysicalType::kInterval;
    case TypeId::kArray:
      return PhysicalType::kArray;
    case TypeId::kUuid:
      return PhysicalType::kUuid;
    default:
      return PhysicalType::kInt64;
  }
}

Vector::Vector(Type type) : type_(type), physical_(PhysicalTypeOf(type.id)) {
  switch (physical_) {
    case PhysicalType::kInt64:
      data_ = std::vector<int64_t>();
      break;
    case PhysicalType::kDouble:
      data_ = std::vector<double>();
      break;
    case PhysicalType::kString:
      data_ = std::vector<std::string>();
      break;
    case PhysicalType::kNumeric:
      data_ = std::vector<Numeric>();
      break;
    case PhysicalType::kInterval:
      data_ = std::vector<Interval>();
      break;
    case PhysicalType::kArray:
      data_ = std::vector<ArrayPtr>();
      break;
    case PhysicalType::kUuid:
      data_ = std::vector<Uuid>();
      break;
  }
}

Vector Vector::Sharing(std::shared_ptr<const Vector> source) {
  Vector v(source->type_);
  v.shared_ = source->shared_ ? source->shared_ : std::move(source);
  return v;
}

void Vector::CopySharedRows() {
  std::shared_ptr<const Vector> source = std::move(shared_);
  shared_ = nullptr;
  nulls_ = source->nulls_;
  data_ = source->data_;
}

bool Vector::HasNulls() const {
  const std::vector<uint8_t>& nulls = flags();
  return std::any_of(nulls.begin(), nulls.end(), [](uint8_t n) { return n != 0; });
}

Value Vector::GetValue(size_t row) const {
  if (IsNull(row)) return Value::Null(type_);
  switch (physical_) {
    case PhysicalType::kInt64:
      return Value::FromInt64(type_, ints()[row]);
    case PhysicalType::kDouble:
      return Value::FromDouble(type_, doubles()[row]);
    case PhysicalType::kString:
      return Value::String(type_, strings()[row]);
    case PhysicalType::kNumeric:
      return Value::MakeNumeric(numerics()[row], type_.typmod);
    case PhysicalType::kInterval:
      return Value::MakeInterval(intervals()[row]);
    case PhysicalType::kArray:
      return Value::FromArrayPtr(type_, arrays()[row]);
    case PhysicalType::kUuid:
      return Value::MakeUuid(uuids()[row]);
  }
  return Value::Null(type_);
}

void Vector::SetValue(size_t row, const Value& value) {
  Own();
  if (value.is_null()) {
    nulls_[row] = 1;
    return;
  }
  nulls_[row] = 0;
  switch (physical_) {
    case PhysicalType::kInt64:
      ints()[row] = value.GetInt64();
      break;
    case PhysicalType::kDouble:
      doubles()[row] = value.GetDouble();
      break;
    case PhysicalType::kString:
      strings()[row] = value.GetString();
      break;
    case PhysicalType::kNumeric:
      numerics()[row] = value.GetNumeric();
      break;
    case PhysicalType::kInterval:
      intervals()[row] = value.GetInterval();
      break;
    case PhysicalType::kArray:
      arrays()[row] = value.GetArrayPtr();
      break;
    case PhysicalType::kUuid:
      uuids()[row] = value.GetUuid();
      break;
  }
}

void Vector::Append(const Value& value) {
  // push_back, not Resize + SetValue: COPY and INSERT append row by row.
  Own();
  if (!value.is_null()) {
    switch (physical_) {
      case PhysicalType::kInt64:
        ints().push_back(value.GetInt64());
        nulls_.push_back(0);
        return;
      case PhysicalType::kDouble:
        doubles().push_back(value.GetDouble());
        nulls_.push_back(0);
        return;
      case PhysicalType::kString:
        strings().push_back(value.GetString());
        nulls_.push_back(0);
        return;
      default:
        break;
    }
  }
  Resize(size() + 1);
  SetValue(size() - 1, value);
}

void Vector::AppendRepeated(const Value& value, size_t n) {
  Own();
  size_t old = size();
  if (value.is_null()) {
    Resize(old + n);
    return;
  }
  switch (physical_) {
    case PhysicalType::kInt64:
      ints().insert(ints().end(), n, value.GetInt64());
      break;
    case PhysicalType::kDouble:
      doubles().insert(doubles().end(), n, value.GetDouble());
      break;
    case PhysicalType::kString:
      strings().insert(strings().end(), n, value.GetString());
      break;
    default:
      Resize(old + n);
      for (size_t i = old; i < old + n; i++) SetValue(i, value);
      return;
  }
  nulls_.insert(nulls_.end(), n, 0);
}

void Vector::AppendFrom(const Vector& other, size_t row) {
  size_t n = size();
  Resize(n + 1);
  if (other.IsNull(row)) return;
  nulls_[n] = 0;
  std::visit(
      [&](auto& dst) {
        using V = std::decay_t<decltype(dst)>;
        dst[n] = std::get<V>(other.storage())[row];
      },
      data_);
}

void Vector::AppendRange(const Vector& other, size_t from, size_t count) {
  if (&other == this) {
    Vector copy = other;
    AppendRange(copy, from, count);
    return;
  }
  Own();
  const std::vector<uint8_t>& nulls = other.flags();
  nulls_.insert(nulls_.end(), nulls.begin() + static_cast<ptrdiff_t>(from),
                nulls.begin() + static_cast<ptrdiff_t>(from + count));
  std::visit(
      [&](auto& dst) {
        using V = std::decay_t<decltype(dst)>;
        const V& src = std::get<V>(other.storage());
        dst.insert(dst.end(), src.begin() + static_cast<ptrdiff_t>(from),
                   src.begin() + static_cast<ptrdiff_t>(from + count));
      },
      data_);
}

void Vector::Resize(size_t rows) {
  if (shared_ && rows == 0) {  // nothing to copy in
    shared_ = nullptr;
    std::visit([](auto& v) { v.clear(); }, data_);
  }
  Own();
  nulls_.resize(rows, 1);
  std::visit([rows](auto& v) { v.resize(rows); }, data_);
}

void Vector::Reserve(size_t rows) {
  Own();
  nulls_.reserve(rows);
  std::visit([rows](auto& v) { v.reserve(rows); }, data_);
}

Vector Vector::Select(const std::vector<uint32_t>& selection) const {
  Vector out(type_);
  const std::vector<uint8_t>& nulls = flags();
  out.nulls_.resize(selection.size());
  for (size_t i = 0; i < selection.size(); i++) out.nulls_[i] = nulls[selection[i]];
  if (const StringDictionary* d = dictionary()) {
    // The selected rows keep their codes, and their strings come from the (small, cached)
    // dictionary rather than from scattered rows of a big column.
    auto codes = std::make_shared<StringDictionary>(StringDictionary{d->values, {}});
    codes->codes.resize(selection.size());
    std::vector<std::string>& dst = std::get<std::vector<std::string>>(out.data_);
    dst.resize(selection.size());
    for (size_t i = 0; i < selection.size(); i++) {
      const uint16_t code = d->codes[selection[i]];
      codes->codes[i] = code;
      if (!out.nulls_[i]) dst[i] = (*d->values)[code];
    }
    out.dictionary_ = std::move(codes);
    return out;
  }
  std::visit(
      [&](auto& dst) {
        using V = std::decay_t<decltype(dst)>;
        const V& src = std::get<V>(storage());
        dst.resize(selection.size());
        for (size_t i = 0; i < selection.size(); i++) dst[i] = src[selection[i]];
      },
      out.data_);
  return out;
}

DataChunk::DataChunk(const std::vector<Type>& types) {
  columns_.reserve(types.size());
  for (const Type& t : types) columns_.emplace_back(t);
}

std::vector<Type> DataChunk::Types() const {
  std::vector<Type> types;
  types.reserve(columns_.size());
  for (const Vector& v : columns_) types.push_back(v.type());
  return types;
}

void DataChunk::AppendRow(const std::vector<Value>& row) {
  for (size_t i = 0; i < columns_.size(); i++) columns_[i].Append(row[i]);
  row_count_++;
}

std::vector<Value> DataChunk::GetRow(size_t row) const {
  std::vector<Value> out;
  out.reserve(columns_.size());
  for (const Vector& v : columns_) out.push_back(v.GetValue(row));
  return out;
}

DataChunk DataChunk::Select(const std::vector<uint32_t>& selection) const {
  DataChunk out;
  out.columns_.reserve(columns_.size());
  for (const Vector& v : columns_) out.columns_.push_back(v.Select(selection));
  out.row_count_ = selection.size();
  return out;
}

void DataChunk::Reset() {
  for (Vector& v : columns_) v.Clear();
  row_count_ = 0;
}

}  // namespace firn
