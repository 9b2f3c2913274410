// Datum: one generic Avro value (a record, a long, an array of maps, ...), the unit the
// binary encoder writes and the decoder returns. A datum does not carry its schema; the
// encoder checks a datum against the schema it is written with.
//
// Unions: the decoder returns the value of the branch that was written (unwrapped), and the
// encoder accepts either an explicit Union(branch, value) or a bare value, for which it picks
// the first branch of a matching kind (null -> "null", Long -> "long", Record -> the first
// record branch, ...). Floats are kept as double holding an exactly representable float.
// Thread-safety: plain value type.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "storage/avro/schema.h"

namespace firn::avro {

class Datum {
 public:
  Datum() = default;  // null

  static Datum Null() { return Datum(); }
  static Datum Boolean(bool b) { return Scalar(Kind::kBoolean, b ? 1 : 0); }
  static Datum Int(int32_t i) { return Scalar(Kind::kInt, i); }
  static Datum Long(int64_t i) { return Scalar(Kind::kLong, i); }
  static Datum Float(float f);
  static Datum Double(double d);
  static Datum Bytes(std::string b) { return Text(Kind::kBytes, std::move(b)); }
  static Datum String(std::string s) { return Text(Kind::kString, std::move(s)); }
  static Datum Fixed(std::string b) { return Text(Kind::kFixed, std::move(b)); }
  static Datum Enum(int32_t index) { return Scalar(Kind::kEnum, index); }
  static Datum Record(std::vector<Datum> fields);
  static Datum Array(std::vector<Datum> items);
  // Map entries in the order given (Avro maps are unordered; duplicates are kept).
  static Datum Map(std::vector<std::pair<std::string, Datum>> entries);
  static Datum Union(int32_t branch, Datum value);

  Kind kind() const { return kind_; }
  bool is_null() const { return kind_ == Kind::kNull; }

  // Accessors. REQUIRES: the matching kind.
  bool boolean() const { return int_ != 0; }
  int64_t integer() const { return int_; }  // int, long, enum index, union branch
  double floating() const { return double_; }
  const std::string& bytes() const { return bytes_; }  // bytes, string, fixed
  const std::vector<Datum>& children() const {
    return children_;
  }                                                               // record fields, items,
                                                                  // map values, union value
  const std::vector<std::string>& keys() const { return keys_; }  // map keys
  const Datum& union_value() const { return children_[0]; }

  // Field `name` of a record datum written with record schema `schema`, or nullptr when the
  // schema has no such field.
  const Datum* FieldOf(const Node& schema, std::string_view name) const;

  bool operator==(const Datum& other) const;
  bool operator!=(const Datum& other) const { return !(*this == other); }

  // Debug form: JSON-like text.
  std::string DebugString() const;

 private:
  static Datum Scalar(Kind kind, int64_t v) {
    Datum d;
    d.kind_ = kind;
    d.int_ = v;
    return d;
  }
  static Datum Text(Kind kind, std::string s) {
    Datum d;
    d.kind_ = kind;
    d.bytes_ = std::move(s);
    return d;
  }

  Kind kind_ = Kind::kNull;
  int64_t int_ = 0;
  double double_ = 0;
  std::string bytes_;
  std::vector<Datum> children_;
  std::vector<std::string> keys_;
};

}  // namespace firn::avro
