// Vector and DataChunk: the executor's columnar batches. A Vector is one column of up to
// kChunkSize values of one type, stored in the physical representation that types/value.h
// documents, with a null flag per row. A DataChunk is a row-aligned set of Vectors.
// Thread-safety: none; a chunk belongs to one operator at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "types/value.h"

namespace firn {

inline constexpr size_t kChunkSize = 2048;

enum class PhysicalType : uint8_t { kInt64, kDouble, kString, kNumeric, kInterval, kArray, kUuid };
PhysicalType PhysicalTypeOf(TypeId id);

// A dictionary encoding of a text vector's rows, kept beside them by a reader that decoded
// them from one (a Parquet column chunk): row i holds values[codes[i]]; a NULL row's code is
// unspecified. Operators that work per distinct value (grouping) read the codes, a fraction
// of the strings' bytes, instead of the strings.
struct StringDictionary {
  std::shared_ptr<const std::vector<std::string>> values;  // shared by a column chunk's vectors
  std::vector<uint16_t> codes;
};

class Vector {
 public:
  Vector() : Vector(Type(TypeId::kUnknown)) {}
  explicit Vector(Type type);
  // A vector with `source`'s rows that shares them instead of copying them: `source` must
  // not change while shared (a segment's or the column cache's vectors never do). Copies
  // share too; the first mutable access copies the rows in (copy on write).
  static Vector Sharing(std::shared_ptr<const Vector> source);

  const Type& type() const { return type_; }
  PhysicalType physical() const { return physical_; }
  size_t size() const { return flags().size(); }

  bool IsNull(size_t row) const { return flags()[row] != 0; }
  void SetNull(size_t row, bool is_null) {
    Own();
    nulls_[row] = is_null ? 1 : 0;
  }
  const uint8_t* nulls() const { return flags().data(); }
  uint8_t* nulls() {
    Own();
    return nulls_.data();
  }
  bool HasNulls() const;

  // Typed access to the physical storage; REQUIRES: physical() matches. The mutable ones
  // make a shared vector's rows its own first.
  std::vector<int64_t>& ints() { return Mutable<std::vector<int64_t>>(); }
  const std::vector<int64_t>& ints() const { return std::get<std::vector<int64_t>>(storage()); }
  std::vector<double>& doubles() { return Mutable<std::vector<double>>(); }
  const std::vector<double>& doubles() const { return std::get<std::vector<double>>(storage()); }
  std::vector<std::string>& strings() { return Mutable<std::vector<std::string>>(); }
  const std::vector<std::string>& strings() const {
    return std::get<std::vector<std::string>>(storage());
  }
  std::vector<Numeric>& numerics() { return Mutable<std::vector<Numeric>>(); }
  const std::vector<Numeric>& numerics() const { return std::get<std::vector<Numeric>>(storage()); }
  std::vector<Interval>& intervals() { return Mutable<std::vector<Interval>>(); }
  const std::vector<Interval>& intervals() const {
    return std::get<std::vector<Interval>>(storage());
  }
  std::vector<ArrayPtr>& arrays() { return Mutable<std::vector<ArrayPtr>>(); }
  const std::vector<ArrayPtr>& arrays() const { return std::get<std::vector<ArrayPtr>>(storage()); }
  std::vector<Uuid>& uuids() { return Mutable<std::vector<Uuid>>(); }
  const std::vector<Uuid>& uuids() const { return std::get<std::vector<Uuid>>(storage()); }

  // The dictionary beside a text vector's rows, or null. Any change to the rows drops it.
  const StringDictionary* dictionary() const {
    return shared_ ? shared_->dictionary_.get() : dictionary_.get();
  }
  // REQUIRES: physical() is kString and `d` encodes exactly this vector's rows.
  void set_dictionary(std::shared_ptr<const StringDictionary> d) {
    Own();
    dictionary_ = std::move(d);
  }

  Value GetValue(size_t row) const;
  // REQUIRES: value is NULL or has this vector's physical type.
  void SetValue(size_t row, const Value& value);
  void Append(const Value& value);
  // Appends `n` copies of `value`. REQUIRES: as SetValue.
  void AppendRepeated(const Value& value, size_t n);
  // Append a non-NULL value without building a Value; REQUIRES: physical() holds it.
  void AppendInt64(int64_t v) {
    ints().push_back(v);
    nulls_.push_back(0);
  }
  void AppendDouble(double v) {
    doubles().push_back(v);
    nulls_.push_back(0);
  }
  void AppendString(std::string_view v) {
    strings().emplace_back(v);
    nulls_.push_back(0);
  }
  // Appends row `row` of `other` (same physical type).
  void AppendFrom(const Vector& other, size_t row);
  // Appends rows [from, from + count) of `other` (same physical type).
  void AppendRange(const Vector& other, size_t from, size_t count);
  void Resize(size_t rows);  // new rows are NULL
  void Reserve(size_t rows);
  void Clear() { Resize(0); }
  // Keeps the rows whose index is listed in `selection`, in that order (with their codes).
  Vector Select(const std::vector<uint32_t>& selection) const;

 private:
  using Storage = std::variant<std::vector<int64_t>, std::vector<double>, std::vector<std::string>,
                               std::vector<Numeric>, std::vector<Interval>, std::vector<ArrayPtr>,
                               std::vector<Uuid>>;
  const std::vector<uint8_t>& flags() const { return shared_ ? shared_->nulls_ : nulls_; }
  const Storage& storage() const { return shared_ ? shared_->data_ : data_; }
  // Copies a shared vector's rows in; then nulls_ and data_ are this vector's own. Called
  // before any change to the rows, so it also drops the dictionary that described them.
  void Own() {
    if (shared_) {
      CopySharedRows();
    } else if (dictionary_) {
      dictionary_.reset();
    }
  }
  void CopySharedRows();
  template <typename V>
  V& Mutable() {
    Own();
    return std::get<V>(data_);
  }

  Type type_;
  PhysicalType physical_;
  std::vector<uint8_t> nulls_;
  Storage data_;
  std::shared_ptr<const StringDictionary> dictionary_;  // see dictionary()
  // When set, the rows are this (never itself shared) vector's; nulls_ and data_ unused.
  std::shared_ptr<const Vector> shared_;
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
