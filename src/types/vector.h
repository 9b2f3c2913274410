// Vector and DataChunk: the executor's columnar batches. A Vector is one column of up to
// kChunkSize values of one type, stored in the physical representation that types/value.h
// documents, with a null flag per row. A DataChunk is a row-aligned set of Vectors.
// Thread-safety: none; a chunk belongs to one operator at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "types/value.h"

namespace firn {

inline constexpr size_t kChunkSize = 2048;

enum class PhysicalType : uint8_t { kInt64, kDouble, kString, kNumeric, kInterval, kArray };
PhysicalType PhysicalTypeOf(TypeId id);

class Vector {
 public:
  Vector() : Vector(Type(TypeId::kUnknown)) {}
  explicit Vector(Type type);

  const Type& type() const { return type_; }
  PhysicalType physical() const { return physical_; }
  size_t size() const { return nulls_.size(); }

  bool IsNull(size_t row) const { return nulls_[row] != 0; }
  void SetNull(size_t row, bool is_null) { nulls_[row] = is_null ? 1 : 0; }
  const uint8_t* nulls() const { return nulls_.data(); }
  uint8_t* nulls() { return nulls_.data(); }
  bool HasNulls() const;

  // Typed access to the physical storage; REQUIRES: physical() matches.
  std::vector<int64_t>& ints() { return std::get<std::vector<int64_t>>(data_); }
  const std::vector<int64_t>& ints() const { return std::get<std::vector<int64_t>>(data_); }
  std::vector<double>& doubles() { return std::get<std::vector<double>>(data_); }
  const std::vector<double>& doubles() const { return std::get<std::vector<double>>(data_); }
  std::vector<std::string>& strings() { return std::get<std::vector<std::string>>(data_); }
  const std::vector<std::string>& strings() const {
    return std::get<std::vector<std::string>>(data_);
  }
  std::vector<Numeric>& numerics() { return std::get<std::vector<Numeric>>(data_); }
  const std::vector<Numeric>& numerics() const { return std::get<std::vector<Numeric>>(data_); }
  std::vector<Interval>& intervals() { return std::get<std::vector<Interval>>(data_); }
  const std::vector<Interval>& intervals() const { return std::get<std::vector<Interval>>(data_); }
  std::vector<ArrayPtr>& arrays() { return std::get<std::vector<ArrayPtr>>(data_); }
  const std::vector<ArrayPtr>& arrays() const { return std::get<std::vector<ArrayPtr>>(data_); }

  Value GetValue(size_t row) const;
  // REQUIRES: value is NULL or has this vector's physical type.
  void SetValue(size_t row, const Value& value);
  void Append(const Value& value);
  // Appends row `row` of `other` (same physical type).
  void AppendFrom(const Vector& other, size_t row);
  void Resize(size_t rows);  // new rows are NULL
  void Reserve(size_t rows);
  void Clear() { Resize(0); }
  // Keeps the rows whose index is listed in `selection`, in that order.
  Vector Select(const std::vector<uint32_t>& selection) const;

 private:
  using Storage = std::variant<std::vector<int64_t>, std::vector<double>, std::vector<std::string>,
                               std::vector<Numeric>, std::vector<Interval>, std::vector<ArrayPtr>>;
  Type type_;
  PhysicalType physical_;
  std::vector<uint8_t> nulls_;
  Storage data_;
};

class DataChunk {
 public:
  DataChunk() = default;
  explicit DataChunk(const std::vector<Type>& types);

  size_t column_count() const { return columns_.size(); }
  size_t size() const { return columns_.empty() ? row_count_ : columns_[0].size(); }
  Vector& column(size_t i) { return columns_[i]; }
  const Vector& column(size_t i) const { return columns_[i]; }
  std::vector<Vector>& columns() { return columns_; }
  std::vector<Type> Types() const;

  void AddColumn(Vector v) { columns_.push_back(std::move(v)); }
  Value GetValue(size_t col, size_t row) const { return columns_[col].GetValue(row); }
  void AppendRow(const std::vector<Value>& row);
  std::vector<Value> GetRow(size_t row) const;
  DataChunk Select(const std::vector<uint32_t>& selection) const;
  void Reset();
  // For chunks with no columns (SELECT with no FROM and no targets) the row count is
  // tracked separately.
  void set_row_count(size_t n) { row_count_ = n; }

 private:
  std::vector<Vector> columns_;
  size_t row_count_ = 0;
};

}  // namespace firn
