#include "storage/avro/datum.h"

#include <cmath>
#include <cstring>

namespace firn::avro {

Datum Datum::Float(float f) {
  Datum d;
  d.kind_ = Kind::kFloat;
  d.double_ = f;
  return d;
}

Datum Datum::Double(double v) {
  Datum d;
  d.kind_ = Kind::kDouble;
  d.double_ = v;
  return d;
}

Datum Datum::Record(std::vector<Datum> fields) {
  Datum d;
  d.kind_ = Kind::kRecord;
  d.children_ = std::move(fields);
  return d;
}

Datum Datum::Array(std::vector<Datum> items) {
  Datum d;
  d.kind_ = Kind::kArray;
  d.children_ = std::move(items);
  return d;
}

Datum Datum::Map(std::vector<std::pair<std::string, Datum>> entries) {
  Datum d;
  d.kind_ = Kind::kMap;
  d.keys_.reserve(entries.size());
  d.children_.reserve(entries.size());
  for (auto& [k, v] : entries) {
    d.keys_.push_back(std::move(k));
    d.children_.push_back(std::move(v));
  }
  return d;
}

Datum Datum::Union(int32_t branch, Datum value) {
  Datum d;
  d.kind_ = Kind::kUnion;
  d.int_ = branch;
  d.children_.push_back(std::move(value));
  return d;
}

const Datum* Datum::FieldOf(const Node& schema, std::string_view name) const {
  if (kind_ != Kind::kRecord) return nullptr;
  int i = schema.FieldIndex(name);
  if (i < 0 || static_cast<size_t>(i) >= children_.size()) return nullptr;
  return &children_[i];
}

bool Datum::operator==(const Datum& other) const {
  if (kind_ != other.kind_ || int_ != other.int_ || bytes_ != other.bytes_ ||
      keys_ != other.keys_ || children_ != other.children_) {
    return false;
  }
  // Bitwise for floats so NaN == NaN and -0.0 != 0.0: round trips must be exact.
  return std::memcmp(&double_, &other.double_, sizeof(double)) == 0;
}

std::string Datum::DebugString() const {
  switch (kind_) {
    case Kind::kNull:
      return "null";
    case Kind::kBoolean:
      return int_ != 0 ? "true" : "false";
    case Kind::kInt:
    case Kind::kLong:
      return std::to_string(int_);
    case Kind::kEnum:
      return "enum#" + std::to_string(int_);
    case Kind::kFloat:
    case Kind::kDouble:
      return std::to_string(double_);
    case Kind::kBytes:
    case Kind::kString:
    case Kind::kFixed:
      return "\"" + bytes_ + "\"";
    case Kind::kUnion:
      return "union#" + std::to_string(int_) + "(" + children_[0].DebugString() + ")";
    case Kind::kRecord:
    case Kind::kArray:
    case Kind::kMap: {
      std::string out = kind_ == Kind::kRecord ? "{" : "[";
      for (size_t i = 0; i < children_.size(); i++) {
        if (i > 0) out += ", ";
        if (kind_ == Kind::kMap) out += "\"" + keys_[i] + "\": ";
        out += children_[i].DebugString();
      }
      return out + (kind_ == Kind::kRecord ? "}" : "]");
    }
  }
  return "?";
}

}  // namespace firn::avro
