// Unit tests for the Parquet building blocks: the RLE/bit-packing hybrid, the Thrift compact
// protocol and metadata round trips, decimal conversions and compression.
#include <gtest/gtest.h>

#include <random>

#include "storage/parquet/compression.h"
#include "storage/parquet/metadata.h"
#include "storage/parquet/rle.h"
#include "storage/parquet/thrift_compact.h"
#include "storage/parquet/type_mapping.h"

namespace firn::parquet {
namespace {

std::vector<uint32_t> RleRoundTrip(const std::vector<uint32_t>& values, int width) {
  std::string enc;
  RleEncode(values.data(), values.size(), width, &enc);
  RleDecoder d(reinterpret_cast<const uint8_t*>(enc.data()), enc.size(), width);
  std::vector<uint32_t> out;
  EXPECT_TRUE(d.Get(values.size(), &out));
  return out;
}

TEST(ParquetRle, RoundTripsRunsAndLiteralsAtEveryWidth) {
  std::mt19937 rng(7);
  for (int width = 1; width <= 32; ++width) {
    std::vector<uint32_t> v;
    uint64_t max = width == 32 ? 0xffffffffu : (uint64_t{1} << width) - 1;
    for (int i = 0; i < 3000; ++i) {
      uint32_t x = static_cast<uint32_t>(rng() & max);
      int repeat = (rng() % 5 == 0) ? static_cast<int>(rng() % 40) : 1;
      for (int k = 0; k < repeat; ++k) v.push_back(x);
    }
    EXPECT_EQ(RleRoundTrip(v, width), v) << "width " << width;
  }
}

// The bit-packing example of the Parquet encodings spec: 0..7 at width 3 packs into
// 10001000 11000110 11111010, after the run header (1 group of 8, literal: 0x03).
TEST(ParquetRle, BitPackingMatchesTheSpecExample) {
  std::vector<uint32_t> v = {0, 1, 2, 3, 4, 5, 6, 7};
  std::string enc;
  RleEncode(v.data(), v.size(), 3, &enc);
  EXPECT_EQ(enc, std::string("\x03\x88\xc6\xfa"));
}

TEST(ParquetRle, LongRunsBecomeRleRuns) {
  std::vector<uint32_t> v(100000, 1);
  std::string enc;
  RleEncode(v.data(), v.size(), 1, &enc);
  EXPECT_LT(enc.size(), 8u);
  EXPECT_EQ(RleRoundTrip(v, 1), v);
}

TEST(ParquetRle, DecoderRejectsShortAndOutOfRangeInput) {
  std::vector<uint32_t> v = {1, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3, 0};
  std::string enc;
  RleEncode(v.data(), v.size(), 2, &enc);
  int failures = 0;
  for (size_t len = 0; len < enc.size(); ++len) {
    // Only the final bit-packed group's zero padding may be cut off without losing values.
    RleDecoder d(reinterpret_cast<const uint8_t*>(enc.data()), len, 2);
    std::vector<uint32_t> out;
    if (d.Get(v.size(), &out)) {
      EXPECT_EQ(out, v) << len;
    } else {
      ++failures;
    }
  }
  EXPECT_GE(failures, static_cast<int>(enc.size()) - 1);
  RleDecoder d(reinterpret_cast<const uint8_t*>(enc.data()), enc.size(), 2);
  std::vector<uint32_t> out;
  EXPECT_FALSE(d.Get(v.size(), &out, /*limit=*/3));  // 3 is out of range
}

TEST(ParquetThrift, SkipsUnknownFieldsAndRejectsTruncation) {
  std::string buf;
  CompactWriter w(&buf);
  w.I32Field(1, -5);
  w.BinaryField(40, "unknown far field");  // long-form header
  w.BeginListField(41, CType::kBinary, 20);
  for (int i = 0; i < 20; ++i) w.BinaryElem("x");
  w.I64Field(42, int64_t{1} << 40);
  buf.push_back(0);
  CompactReader r(reinterpret_cast<const uint8_t*>(buf.data()), buf.size());
  r.BeginStruct();
  int16_t id;
  CType t;
  std::vector<int16_t> ids;
  int32_t first = 0;
  int64_t last = 0;
  while (r.NextField(&id, &t)) {
    ids.push_back(id);
    if (id == 1) {
      first = r.ReadI32(t);
    } else if (id == 42) {
      last = r.ReadInt(t);
    } else {
      r.Skip(t);
    }
  }
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(ids, (std::vector<int16_t>{1, 40, 41, 42}));
  EXPECT_EQ(first, -5);
  EXPECT_EQ(last, int64_t{1} << 40);
  for (size_t len = 0; len + 1 < buf.size(); ++len) {
    CompactReader t2(reinterpret_cast<const uint8_t*>(buf.data()), len);
    t2.Skip(CType::kStruct);
    EXPECT_FALSE(t2.ok()) << len;
  }
}

TEST(ParquetThrift, DeepNestingIsAnErrorNotACrash) {
  std::string buf(100000, static_cast<char>(0x1c));  // field delta 1, type struct, forever
  CompactReader r(reinterpret_cast<const uint8_t*>(buf.data()), buf.size());
  r.Skip(CType::kStruct);
  EXPECT_FALSE(r.ok());
}

TEST(ParquetMetadata, PageHeaderRoundTrips) {
  PageHeader h;
  h.type = PageType::kDataPageV2;
  h.uncompressed_page_size = 1234;
  h.compressed_page_size = 77;
  h.crc = 0xdeadbeef;
  h.num_values = 100;
  h.num_nulls = 3;
  h.num_rows = 90;
  h.encoding = Encoding::kRleDictionary;
  h.def_levels_byte_length = 9;
  h.rep_levels_byte_length = 4;
  h.is_compressed = false;
  std::string buf;
  EncodePageHeader(h, &buf);
  PageHeader d;
  size_t consumed = 0;
  std::string err;
  ASSERT_TRUE(DecodePageHeader(reinterpret_cast<const uint8_t*>(buf.data()), buf.size(), &d,
                               &consumed, &err))
      << err;
  EXPECT_EQ(consumed, buf.size());
  EXPECT_TRUE(d.has_type_header);
  EXPECT_EQ(d.uncompressed_page_size, 1234);
  EXPECT_EQ(*d.crc, 0xdeadbeefu);
  EXPECT_EQ(d.num_nulls, 3);
  EXPECT_EQ(d.num_rows, 90);
  EXPECT_EQ(d.encoding, Encoding::kRleDictionary);
  EXPECT_EQ(d.def_levels_byte_length, 9);
  EXPECT_EQ(d.rep_levels_byte_length, 4);
  EXPECT_FALSE(d.is_compressed);
}

TEST(ParquetDecimal, UnscaledConversionsAreExact) {
  __int128 v = 0;
  ASSERT_TRUE(NumericToUnscaled(Numeric::Parse("-12345.67"), 12, 2, &v));
  EXPECT_TRUE(v == -1234567);
  ASSERT_TRUE(NumericToUnscaled(Numeric::Parse("0.005"), 5, 2, &v));  // rounds half away
  EXPECT_TRUE(v == 1);
  EXPECT_FALSE(NumericToUnscaled(Numeric::Parse("1000"), 3, 0, &v));
  EXPECT_FALSE(NumericToUnscaled(Numeric::NaN(), 10, 2, &v));
  EXPECT_FALSE(NumericToUnscaled(Numeric::Infinity(), 10, 2, &v));
  std::string max38(38, '9');
  ASSERT_TRUE(NumericToUnscaled(Numeric::Parse(max38), 38, 0, &v));
  EXPECT_EQ(UnscaledToNumeric(v, 0).ToString(), max38);
  EXPECT_EQ(UnscaledToNumeric(-5, 3).ToString(), "-0.005");
  EXPECT_EQ(UnscaledToNumeric(1234567, 2).ToString(), "12345.67");
  EXPECT_EQ(DecimalBytes(9), 4);
  EXPECT_EQ(DecimalBytes(18), 8);
  EXPECT_EQ(DecimalBytes(38), 16);
  EXPECT_EQ(DecimalBytes(2), 1);
  std::string be;
  AppendBigEndian(-2, 3, &be);
  EXPECT_EQ(be, std::string("\xff\xff\xfe", 3));
  __int128 back = 0;
  ASSERT_TRUE(ReadBigEndian(reinterpret_cast<const uint8_t*>(be.data()), be.size(), &back));
  EXPECT_TRUE(back == -2);
}

TEST(ParquetCompression, EveryCodecRoundTripsAndRejectsGarbage) {
  std::string in;
  for (int i = 0; i < 10000; ++i) in += "value " + std::to_string(i % 97) + ";";
  for (CompressionCodec c :
       {CompressionCodec::kUncompressed, CompressionCodec::kSnappy, CompressionCodec::kZstd}) {
    std::string comp, out;
    ASSERT_TRUE(Compress(c, 1, in, &comp).ok());
    ASSERT_TRUE(
        Decompress(c, reinterpret_cast<const uint8_t*>(comp.data()), comp.size(), in.size(), &out)
            .ok());
    EXPECT_EQ(out, in);
    Status bad = Decompress(c, reinterpret_cast<const uint8_t*>(comp.data()), comp.size() / 2,
                            in.size(), &out);
    EXPECT_EQ(bad.code(), Status::Code::kCorruption);
  }
}

}  // namespace
}  // namespace firn::parquet
