#include "storage/parquet/rle.h"

#include <cstring>

namespace firn::parquet {
namespace {

void PutVarint(uint64_t v, std::string* out) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

// Writes `n` values (a multiple of 8 after zero padding) as one bit-packed run.
void PutBitPacked(const uint32_t* values, size_t n, int bit_width, std::string* out) {
  size_t groups = (n + 7) / 8;
  PutVarint((groups << 1) | 1, out);
  size_t start = out->size();
  out->append(groups * bit_width, '\0');
  uint8_t* dst = reinterpret_cast<uint8_t*>(out->data() + start);
  // Little-endian bit order: value i occupies bits [i * bit_width, (i + 1) * bit_width).
  uint64_t acc = 0;  // pending bits, fewer than 8 before each value is added
  int pending = 0;
  uint64_t mask = (uint64_t{1} << bit_width) - 1;
  size_t pos = 0;
  for (size_t i = 0; i < n; ++i) {
    acc |= (values[i] & mask) << pending;
    pending += bit_width;
    while (pending >= 8) {
      dst[pos++] = static_cast<uint8_t>(acc);
      acc >>= 8;
      pending -= 8;
    }
  }
  if (pending > 0) dst[pos] = static_cast<uint8_t>(acc);
}

void PutRleRun(uint32_t value, size_t count, int bit_width, std::string* out) {
  PutVarint(static_cast<uint64_t>(count) << 1, out);
  for (int i = 0; i < (bit_width + 7) / 8; ++i) out->push_back(static_cast<char>(value >> (8 * i)));
}

}  // namespace

int BitWidth(uint64_t max_value) {
  int w = 0;
  while (max_value != 0) {
    ++w;
    max_value >>= 1;
  }
  return w;
}

void RleEncode(const uint32_t* values, size_t count, int bit_width, std::string* out) {
  constexpr size_t kMaxLiterals = 504;  // 63 groups: the run header stays one byte
  size_t lit_start = 0, lit_len = 0;
  size_t i = 0;
  auto flush_literals = [&]() {
    if (lit_len > 0) PutBitPacked(values + lit_start, lit_len, bit_width, out);
    lit_len = 0;
  };
  while (i < count) {
    size_t run = 1;
    while (i + run < count && values[i + run] == values[i]) ++run;
    if (run >= 8) {
      // Literal runs must hold a multiple of 8 values unless they end the stream; top up
      // the pending literals from this run first.
      size_t pad = (8 - lit_len % 8) % 8;
      if (lit_len > 0 && pad > 0) {
        size_t take = pad < run ? pad : run;
        lit_len += take;
        i += take;
        run -= take;
      }
      if (run >= 8) {
        flush_literals();
        PutRleRun(values[i], run, bit_width, out);
        i += run;
        continue;
      }
    }
    for (size_t k = 0; k < run; ++k) {
      if (lit_len >= kMaxLiterals) flush_literals();
      if (lit_len == 0) lit_start = i;
      ++lit_len;
      ++i;
    }
  }
  flush_literals();
}

bool RleDecoder::NextRun() {
  while (true) {
    uint64_t header = 0;
    for (int shift = 0;; shift += 7) {
      if (p_ >= end_ || shift > 35) return false;
      uint8_t b = *p_++;
      header |= static_cast<uint64_t>(b & 0x7f) << shift;
      if ((b & 0x80) == 0) break;
    }
    if (header & 1) {
      uint64_t groups = header >> 1;
      if (groups == 0) continue;
      uint64_t bytes = groups * static_cast<uint64_t>(bit_width_);
      // A truncated final run is tolerated: only the values actually present are usable.
      uint64_t avail = static_cast<uint64_t>(end_ - p_);
      if (bytes > avail) bytes = avail;
      packed_ = p_;
      packed_bytes_ = bytes;
      bit_pos_ = 0;
      packed_left_ = bit_width_ == 0 ? groups * 8 : bytes * 8 / bit_width_;
      if (packed_left_ > groups * 8) packed_left_ = groups * 8;
      p_ += bytes;
      return packed_left_ > 0;
    }
    rle_left_ = header >> 1;
    int nbytes = (bit_width_ + 7) / 8;
    if (end_ - p_ < nbytes) return false;
    uint64_t v = 0;
    for (int i = 0; i < nbytes; ++i) v |= static_cast<uint64_t>(p_[i]) << (8 * i);
    p_ += nbytes;
    if (bit_width_ < 32 && (v >> bit_width_) != 0) return false;
    rle_value_ = static_cast<uint32_t>(v);
    if (rle_left_ > 0) return true;
  }
}

bool RleDecoder::Get(size_t count, std::vector<uint32_t>* out, uint64_t limit) {
  if (bit_width_ < 0 || bit_width_ > 32) return false;
  while (count > 0) {
    if (rle_left_ == 0 && packed_left_ == 0 && !NextRun()) return false;
    if (rle_left_ > 0) {
      if (rle_value_ >= limit) return false;
      size_t n = rle_left_ < count ? static_cast<size_t>(rle_left_) : count;
      out->insert(out->end(), n, rle_value_);
      rle_left_ -= n;
      count -= n;
      continue;
    }
    size_t n = packed_left_ < count ? static_cast<size_t>(packed_left_) : count;
    const uint64_t mask = bit_width_ == 0 ? 0 : (~uint64_t{0} >> (64 - bit_width_));
    const size_t first = out->size();
    out->resize(first + n);
    uint32_t* dst = out->data() + first;
    for (size_t k = 0; k < n; ++k) {
      // A value spans at most 5 bytes (32 bits at a bit offset up to 7): one 8-byte load
      // where the run has 8 bytes left, byte by byte at its end.
      const uint64_t byte = bit_pos_ >> 3;
      uint64_t word = 0;
      if (byte + 8 <= packed_bytes_) {
        std::memcpy(&word, packed_ + byte, 8);
      } else {
        for (uint64_t b = byte; b < packed_bytes_; ++b)
          word |= uint64_t{packed_[b]} << (8 * (b - byte));
      }
      const uint64_t v = (word >> (bit_pos_ & 7)) & mask;
      bit_pos_ += static_cast<uint64_t>(bit_width_);
      if (v >= limit) return false;
      dst[k] = static_cast<uint32_t>(v);
    }
    packed_left_ -= n;
    count -= n;
  }
  return true;
}

}  // namespace firn::parquet
