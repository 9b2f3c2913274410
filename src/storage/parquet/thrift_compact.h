// Thrift compact protocol (apache/thrift doc/specs/thrift-compact-protocol.md), the subset
// Parquet's metadata uses: structs, lists, binary, bool, i8/i16/i32/i64, double.
//
// Grammar (what CompactWriter emits, what CompactReader accepts):
//   struct      := field* 0x00
//   field       := header value ; header = delta<<4 | type (delta 1..15), else type + zigzag i16 id
//   value       := varint(zigzag) for i16/i32/i64 | 1 byte for i8 | 8 bytes LE double
//                | varint len + bytes for binary | bool in the header's type (1 true, 2 false)
//   list        := size<<4 | elemtype (size < 15) else 0xF0 | elemtype + varint size; elements
// Types: 1 true, 2 false, 3 i8, 4 i16, 5 i32, 6 i64, 7 double, 8 binary, 9 list, 10 set,
// 11 map, 12 struct.
//
// CompactReader never reads past its buffer; on malformed input it records an error, returns
// zeros from then on, and ok() turns false. Nesting deeper than kMaxDepth is an error.
// Thread-safety: none; one object per encode/decode.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace firn::parquet {

enum class CType : uint8_t {
  kStop = 0,
  kTrue = 1,
  kFalse = 2,
  kI8 = 3,
  kI16 = 4,
  kI32 = 5,
  kI64 = 6,
  kDouble = 7,
  kBinary = 8,
  kList = 9,
  kSet = 10,
  kMap = 11,
  kStruct = 12,
};

class CompactWriter {
 public:
  explicit CompactWriter(std::string* out) : out_(out) {}

  // Field writers for the current struct; ids must increase within a struct.
  void I32Field(int16_t id, int32_t v);
  void I64Field(int16_t id, int64_t v);
  void I8Field(int16_t id, int8_t v);
  void I16Field(int16_t id, int16_t v);
  void BoolField(int16_t id, bool v);
  void BinaryField(int16_t id, std::string_view v);
  // Opens a nested struct as field `id`; close with EndStruct().
  void BeginStructField(int16_t id);
  // Opens a list field; then write `size` elements with the element writers below.
  void BeginListField(int16_t id, CType elem, uint32_t size);
  // Element writers (inside a list).
  void I32Elem(int32_t v) { Varint(ZigZag(v)); }
  void BinaryElem(std::string_view v);
  void BeginStructElem();  // close with EndStruct()
  void EndStruct();        // writes the stop byte and restores the enclosing field id

 private:
  void FieldHeader(int16_t id, CType type);
  void Varint(uint64_t v);
  static uint64_t ZigZag(int64_t v) {
    return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
  }

  std::string* out_;
  int16_t last_id_ = 0;
  std::vector<int16_t> stack_;
};

class CompactReader {
 public:
  static constexpr int kMaxDepth = 32;

  CompactReader(const uint8_t* data, size_t size) : p_(data), end_(data + size), begin_(data) {}

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  size_t position() const { return static_cast<size_t>(p_ - begin_); }

  // Struct iteration: call BeginStruct(), then NextField() until it returns false (stop byte
  // or error), reading or skipping each field's value, then EndStruct().
  void BeginStruct();
  bool NextField(int16_t* id, CType* type);
  void EndStruct();

  // Value readers for a field or element of the given type; a type mismatch is an error.
  int64_t ReadInt(CType type);  // i8/i16/i32/i64
  int32_t ReadI32(CType type);  // range-checked
  bool ReadBool(CType type);    // a field bool: the header's type carries the value
  double ReadDouble(CType type);
  std::string ReadBinary(CType type);
  // Reads a list header; the element count is checked against the remaining bytes.
  uint32_t ReadListHeader(CType type, CType* elem);
  void Skip(CType type);  // skips one value of any type, bounded by depth

  void Fail(const std::string& what);

 private:
  uint64_t Varint();
  uint8_t Byte();

  const uint8_t* p_;
  const uint8_t* end_;
  const uint8_t* begin_;
  std::string error_;
  std::vector<int16_t> stack_;
  int16_t last_id_ = 0;
};

}  // namespace firn::parquet
