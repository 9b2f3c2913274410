#include "storage/parquet/thrift_compact.h"

#include <cstring>
#include <limits>

namespace firn::parquet {

// --- CompactWriter ---

void CompactWriter::Varint(uint64_t v) {
  while (v >= 0x80) {
    out_->push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out_->push_back(static_cast<char>(v));
}

void CompactWriter::FieldHeader(int16_t id, CType type) {
  int delta = id - last_id_;
  if (delta > 0 && delta <= 15) {
    out_->push_back(static_cast<char>((delta << 4) | static_cast<int>(type)));
  } else {
    out_->push_back(static_cast<char>(type));
    Varint(ZigZag(id));
  }
  last_id_ = id;
}

void CompactWriter::I32Field(int16_t id, int32_t v) {
  FieldHeader(id, CType::kI32);
  Varint(ZigZag(v));
}

void CompactWriter::I64Field(int16_t id, int64_t v) {
  FieldHeader(id, CType::kI64);
  Varint(ZigZag(v));
}

void CompactWriter::I16Field(int16_t id, int16_t v) {
  FieldHeader(id, CType::kI16);
  Varint(ZigZag(v));
}

void CompactWriter::I8Field(int16_t id, int8_t v) {
  FieldHeader(id, CType::kI8);
  out_->push_back(static_cast<char>(v));
}

void CompactWriter::BoolField(int16_t id, bool v) {
  FieldHeader(id, v ? CType::kTrue : CType::kFalse);
}

void CompactWriter::BinaryField(int16_t id, std::string_view v) {
  FieldHeader(id, CType::kBinary);
  BinaryElem(v);
}

void CompactWriter::BinaryElem(std::string_view v) {
  Varint(v.size());
  out_->append(v.data(), v.size());
}

void CompactWriter::BeginStructField(int16_t id) {
  FieldHeader(id, CType::kStruct);
  stack_.push_back(last_id_);
  last_id_ = 0;
}

void CompactWriter::BeginStructElem() {
  stack_.push_back(last_id_);
  last_id_ = 0;
}

void CompactWriter::EndStruct() {
  out_->push_back(0);
  last_id_ = stack_.empty() ? 0 : stack_.back();
  if (!stack_.empty()) stack_.pop_back();
}

void CompactWriter::BeginListField(int16_t id, CType elem, uint32_t size) {
  FieldHeader(id, CType::kList);
  if (size < 15) {
    out_->push_back(static_cast<char>((size << 4) | static_cast<int>(elem)));
  } else {
    out_->push_back(static_cast<char>(0xf0 | static_cast<int>(elem)));
    Varint(size);
  }
}

// --- CompactReader ---

void CompactReader::Fail(const std::string& what) {
  if (error_.empty()) error_ = what + " at metadata byte " + std::to_string(position());
  p_ = end_;
}

uint8_t CompactReader::Byte() {
  if (p_ >= end_) {
    Fail("unexpected end of thrift data");
    return 0;
  }
  return *p_++;
}

uint64_t CompactReader::Varint() {
  uint64_t v = 0;
  for (int shift = 0; shift < 70; shift += 7) {
    uint8_t b = Byte();
    if (!ok()) return 0;
    if (shift == 63 && (b & 0x7e) != 0) break;
    v |= static_cast<uint64_t>(b & 0x7f) << shift;
    if ((b & 0x80) == 0) return v;
  }
  Fail("malformed varint");
  return 0;
}

void CompactReader::BeginStruct() {
  if (stack_.size() >= kMaxDepth) {
    Fail("thrift nesting too deep");
    return;
  }
  stack_.push_back(last_id_);
  last_id_ = 0;
}

void CompactReader::EndStruct() {
  if (stack_.empty()) return;
  last_id_ = stack_.back();
  stack_.pop_back();
}

bool CompactReader::NextField(int16_t* id, CType* type) {
  if (!ok()) return false;
  uint8_t b = Byte();
  if (!ok() || b == 0) return false;
  int t = b & 0x0f;
  if (t > static_cast<int>(CType::kStruct) || t == 0) {
    Fail("unknown thrift type " + std::to_string(t));
    return false;
  }
  int delta = b >> 4;
  if (delta != 0) {
    *id = static_cast<int16_t>(last_id_ + delta);
  } else {
    uint64_t z = Varint();
    int64_t v = static_cast<int64_t>(z >> 1) ^ -static_cast<int64_t>(z & 1);
    if (v < std::numeric_limits<int16_t>::min() || v > std::numeric_limits<int16_t>::max()) {
      Fail("field id out of range");
      return false;
    }
    *id = static_cast<int16_t>(v);
  }
  if (!ok()) return false;
  last_id_ = *id;
  *type = static_cast<CType>(t);
  return true;
}

int64_t CompactReader::ReadInt(CType type) {
  if (type == CType::kI8) return static_cast<int8_t>(Byte());
  if (type != CType::kI16 && type != CType::kI32 && type != CType::kI64) {
    Fail("expected an integer");
    return 0;
  }
  uint64_t z = Varint();
  return static_cast<int64_t>(z >> 1) ^ -static_cast<int64_t>(z & 1);
}

int32_t CompactReader::ReadI32(CType type) {
  int64_t v = ReadInt(type);
  if (v < std::numeric_limits<int32_t>::min() || v > std::numeric_limits<int32_t>::max()) {
    Fail("i32 out of range");
    return 0;
  }
  return static_cast<int32_t>(v);
}

bool CompactReader::ReadBool(CType type) {
  if (type == CType::kTrue) return true;
  if (type != CType::kFalse) Fail("expected a bool");
  return false;
}

double CompactReader::ReadDouble(CType type) {
  if (type != CType::kDouble || end_ - p_ < 8) {
    Fail("expected a double");
    return 0;
  }
  double d;
  std::memcpy(&d, p_, 8);
  p_ += 8;
  return d;
}

std::string CompactReader::ReadBinary(CType type) {
  if (type != CType::kBinary) {
    Fail("expected a binary");
    return {};
  }
  uint64_t n = Varint();
  if (!ok()) return {};
  if (n > static_cast<uint64_t>(end_ - p_)) {
    Fail("binary length beyond the end");
    return {};
  }
  std::string s(reinterpret_cast<const char*>(p_), n);
  p_ += n;
  return s;
}

uint32_t CompactReader::ReadListHeader(CType type, CType* elem) {
  if (type != CType::kList && type != CType::kSet) {
    Fail("expected a list");
    return 0;
  }
  uint8_t b = Byte();
  uint64_t n = b >> 4;
  if (n == 15) n = Varint();
  *elem = static_cast<CType>(b & 0x0f);
  if (!ok()) return 0;
  if (static_cast<int>(*elem) > static_cast<int>(CType::kStruct)) {
    Fail("unknown list element type");
    return 0;
  }
  // Every element takes at least one byte.
  if (n > static_cast<uint64_t>(end_ - p_)) {
    Fail("list size beyond the end");
    return 0;
  }
  return static_cast<uint32_t>(n);
}

void CompactReader::Skip(CType type) {
  if (!ok()) return;
  switch (type) {
    case CType::kTrue:
    case CType::kFalse:
      return;
    case CType::kI8:
      Byte();
      return;
    case CType::kI16:
    case CType::kI32:
    case CType::kI64:
      Varint();
      return;
    case CType::kDouble:
      ReadDouble(type);
      return;
    case CType::kBinary:
      ReadBinary(type);
      return;
    case CType::kList:
    case CType::kSet: {
      CType elem;
      uint32_t n = ReadListHeader(type, &elem);
      if (stack_.size() >= kMaxDepth) {
        Fail("thrift nesting too deep");
        return;
      }
      stack_.push_back(last_id_);
      for (uint32_t i = 0; i < n && ok(); ++i) {
        if (elem == CType::kTrue || elem == CType::kFalse) {
          Byte();
        } else {
          Skip(elem);
        }
      }
      EndStruct();
      return;
    }
    case CType::kMap: {
      uint64_t n = Varint();
      if (n == 0 || !ok()) return;
      uint8_t kv = Byte();
      if (n > static_cast<uint64_t>(end_ - p_)) {
        Fail("map size beyond the end");
        return;
      }
      if (stack_.size() >= kMaxDepth) {
        Fail("thrift nesting too deep");
        return;
      }
      stack_.push_back(last_id_);
      CType k = static_cast<CType>(kv >> 4), v = static_cast<CType>(kv & 0x0f);
      for (uint64_t i = 0; i < n && ok(); ++i) {
        if (k == CType::kTrue || k == CType::kFalse)
          Byte();
        else
          Skip(k);
        if (v == CType::kTrue || v == CType::kFalse)
          Byte();
        else
          Skip(v);
      }
      EndStruct();
      return;
    }
    case CType::kStruct: {
      BeginStruct();
      int16_t id;
      CType t;
      while (NextField(&id, &t)) Skip(t);
      EndStruct();
      return;
    }
    default:
      Fail("unknown thrift type");
  }
}

}  // namespace firn::parquet
