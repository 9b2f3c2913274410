// Value: one SQL value of any Firn type, or NULL. Used for constants, parameters,
// catalog rows and row-at-a-time paths; the executor's hot loops work on Vectors
// (exec/vector.h) and convert to Value only at the edges.
//
// Physical representation by type:
//   bool                         -> int64 (0/1)
//   int2/int4/int8/oid           -> int64
//   date                         -> int64 days since 1970-01-01 (PostgreSQL's +/-infinity as
//                                   INT32 max/min)
//   timestamp/timestamptz        -> int64 microseconds since 1970-01-01 00:00 UTC (timestamp:
//                                   of the wall clock); +/-infinity as INT64 max/min
//   float4/float8                -> double (float4 values are exactly representable floats)
//   numeric                      -> Numeric
//   text/varchar/bpchar/name/char -> std::string (UTF-8)
//   interval                     -> Interval
//   uuid                         -> Uuid (16 bytes)
//   array                        -> shared immutable ArrayValue (one dimension, lower bound 1)
// Thread-safety: plain value type; arrays are shared immutably.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "types/numeric.h"
#include "types/type.h"
#include "types/uuid.h"

namespace firn {

struct Interval {
  int32_t months = 0;
  int32_t days = 0;
  int64_t micros = 0;
  bool operator==(const Interval&) const = default;
};

class Value;
struct ArrayValue {
  TypeId elem = TypeId::kUnknown;
  std::vector<Value> items;  // may contain NULLs
};
using ArrayPtr = std::shared_ptr<const ArrayValue>;

class Value {
 public:
  Value() = default;  // NULL of unknown type

  static Value Null(Type type) {
    Value v;
    v.type_ = type;
    return v;
  }
  static Value Bool(bool b) { return Value(Type(TypeId::kBool), int64_t{b ? 1 : 0}); }
  static Value Int2(int64_t i) { return Value(Type(TypeId::kInt2), i); }
  static Value Int4(int64_t i) { return Value(Type(TypeId::kInt4), i); }
  static Value Int8(int64_t i) { return Value(Type(TypeId::kInt8), i); }
  static Value Oid(int64_t i) { return Value(Type(TypeId::kOid), i); }
  static Value Float4(double d) {
    return Value(Type(TypeId::kFloat4), static_cast<double>(static_cast<float>(d)));
  }
  static Value Float8(double d) { return Value(Type(TypeId::kFloat8), d); }
  static Value MakeNumeric(Numeric n, int32_t typmod = -1) {
    return Value(Type(TypeId::kNumeric, typmod), std::move(n));
  }
  static Value Text(std::string s) { return Value(Type(TypeId::kText), std::move(s)); }
  static Value String(Type type, std::string s) { return Value(type, std::move(s)); }
  static Value Date(int64_t days) { return Value(Type(TypeId::kDate), days); }
  static Value Timestamp(int64_t micros) { return Value(Type(TypeId::kTimestamp), micros); }
  static Value TimestampTz(int64_t micros) { return Value(Type(TypeId::kTimestampTz), micros); }
  static Value MakeInterval(Interval iv) { return Value(Type(TypeId::kInterval), iv); }
  static Value MakeUuid(Uuid u) { return Value(Type(TypeId::kUuid), u); }
  static Value MakeArray(TypeId elem, std::vector<Value> items) {
    auto arr = std::make_shared<ArrayValue>();
    arr->elem = elem;
    arr->items = std::move(items);
    return Value(Type::Array(elem), ArrayPtr(std::move(arr)));
  }
  // A value of `type` whose physical representation is an int64 (see the table above).
  static Value FromInt64(Type type, int64_t i) { return Value(type, i); }
  static Value FromDouble(Type type, double d) { return Value(type, d); }
  static Value FromArrayPtr(Type type, ArrayPtr array) { return Value(type, std::move(array)); }

  const Type& type() const { return type_; }
  bool is_null() const { return data_.index() == 0; }

  bool GetBool() const { return std::get<int64_t>(data_) != 0; }
  int64_t GetInt64() const { return std::get<int64_t>(data_); }
  double GetDouble() const { return std::get<double>(data_); }
  const Numeric& GetNumeric() const { return std::get<Numeric>(data_); }
  const std::string& GetString() const { return std::get<std::string>(data_); }
  const Interval& GetInterval() const { return std::get<Interval>(data_); }
  const Uuid& GetUuid() const { return std::get<Uuid>(data_); }
  const ArrayValue& GetArray() const { return *std::get<ArrayPtr>(data_); }
  const ArrayPtr& GetArrayPtr() const { return std::get<ArrayPtr>(data_); }

  // Same value with a different type label, no conversion (varchar -> text, say).
  Value WithType(Type type) const {
    Value v = *this;
    v.type_ = type;
    return v;
  }

 private:
  using Data =
      std::variant<std::monostate, int64_t, double, std::string, Numeric, Interval, ArrayPtr, Uuid>;
  template <typename T>
  Value(Type type, T data) : type_(type), data_(std::move(data)) {}

  Type type_;
  Data data_;
};

// Three-way comparison of two non-NULL values of the same base type (PostgreSQL's btree
// order: text compares bytewise (collation "C"), floats put NaN after everything).
int CompareValues(const Value& a, const Value& b);
// Hash consistent with CompareValues()==0; NULL hashes to a fixed value.
uint64_t HashValue(const Value& v);

}  // namespace firn
