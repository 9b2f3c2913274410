// Avro binary encoding (Avro 1.11 specification, "Binary Encoding"):
//   null            -> nothing
//   boolean         -> one byte 0 / 1
//   int, long, enum -> zig-zag varint (at most 5 / 10 bytes)
//   float, double   -> 4 / 8 bytes IEEE 754 little-endian
//   bytes, string   -> long length, then the bytes
//   fixed           -> exactly `size` bytes
//   record          -> the fields in schema order
//   array, map      -> blocks: long count, items (map: string key, value); a negative count
//                      is followed by the block's byte size; a zero count ends the value
//   union           -> long branch index, then the branch's value
// The decoder never reads past its input and bounds every count by the bytes left, so a
// malformed input yields an error, never a crash or an unbounded allocation.
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"
#include "storage/avro/datum.h"
#include "storage/avro/schema.h"

namespace firn::avro {

// Appends the encoding of `datum` as `schema` to `out`. InvalidArgument when the datum does
// not match the schema (names the path of the offending field).
Status Encode(const SchemaPtr& schema, const Datum& datum, std::string* out);

void AppendLong(int64_t v, std::string* out);  // zig-zag varint
void AppendBytes(std::string_view b, std::string* out);

// Reads values from a byte range it does not own.
class Decoder {
 public:
  explicit Decoder(std::string_view data) : data_(data) {}

  // Decodes one value of `schema`. Errors are Corruption with a short reason; callers add
  // the file name.
  Result<Datum> Decode(const SchemaPtr& schema);

  Status ReadLong(int64_t* v);
  Status ReadBytes(std::string* b);
  Status ReadFixed(size_t n, std::string* b);

  size_t remaining() const { return data_.size() - pos_; }
  size_t position() const { return pos_; }

 private:
  Status DecodeInto(const Node& schema, Datum* out);
  Status DecodeBlocks(const Node& schema, Datum* out);

  std::string_view data_;
  size_t pos_ = 0;
};

// True when a value of `schema` can encode to zero bytes (null, empty records, fixed(0)):
// such items make array/map counts unbounded by the input size.
bool MayEncodeEmpty(const Node& schema);

}  // namespace firn::avro
