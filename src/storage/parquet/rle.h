// Parquet's RLE/bit-packing hybrid (Encodings.md), used for definition and repetition levels
// and dictionary indices:
//   encoded := run*
//   run     := rle-run | bit-packed-run
//   rle-run := varint(count << 1) value (ceil(bit_width / 8) bytes, little endian)
//   bit-packed-run := varint(groups << 1 | 1) groups * bit_width bytes (8 values per group,
//                     LSB first)
// No length prefix here; callers add the 4-byte length where the format wants one.
// Thread-safety: none; one object per stream.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace firn::parquet {

// Bits needed to store values 0..max_value (0 for max_value == 0).
int BitWidth(uint64_t max_value);

// Appends the hybrid encoding of `values` (each < 2^bit_width) to `out`.
// REQUIRES: 0 <= bit_width <= 32.
void RleEncode(const uint32_t* values, size_t count, int bit_width, std::string* out);

class RleDecoder {
 public:
  // REQUIRES: `data` outlives the decoder.
  RleDecoder(const uint8_t* data, size_t size, int bit_width)
      : p_(data), end_(data + size), bit_width_(bit_width) {}

  // Decodes exactly `count` values into `out` (appended). Returns false if the data ends
  // early or is malformed, or a bit-packed value is >= `limit` (pass UINT32_MAX for none).
  bool Get(size_t count, std::vector<uint32_t>* out, uint64_t limit = UINT64_MAX);

 private:
  bool NextRun();

  const uint8_t* p_;
  const uint8_t* end_;
  int bit_width_;
  uint64_t rle_left_ = 0;  // values left in the current RLE run
  uint32_t rle_value_ = 0;
  uint64_t packed_left_ = 0;  // values left in the current bit-packed run
  uint64_t bit_pos_ = 0;      // bit offset into the current bit-packed run
  const uint8_t* packed_ = nullptr;
  uint64_t packed_bytes_ = 0;  // bytes of the current bit-packed run
};

}  // namespace firn::parquet
