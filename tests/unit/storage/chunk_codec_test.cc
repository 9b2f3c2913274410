#include "storage/chunk_codec.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>

#include "types/numeric.h"
#include "types/value_io.h"

namespace firn {
namespace {

std::vector<Type> AllTypes() {
  return {Type(TypeId::kBool),        Type(TypeId::kInt2),        Type(TypeId::kInt8),
          Type(TypeId::kFloat8),      Type(TypeId::kNumeric),     Type(TypeId::kText),
          Type(TypeId::kDate),        Type(TypeId::kTimestampTz), Type(TypeId::kInterval),
          Type::Array(TypeId::kInt4), Type(TypeId::kUuid)};
}

TEST(ChunkCodecTest, EveryPhysicalTypeRoundTripsWithNulls) {
  DataChunk chunk(AllTypes());
  chunk.AppendRow(
      {Value::Bool(true), Value::FromInt64(Type(TypeId::kInt2), -7),
       Value::Int8(std::numeric_limits<int64_t>::min()), Value::Float8(-0.0),
       Value::MakeNumeric(Numeric::Parse("-12345678901234567890.000123")),
       Value::Text(std::string("a\0b", 3)), Value::FromInt64(Type(TypeId::kDate), -1),
       Value::FromInt64(Type(TypeId::kTimestampTz), std::numeric_limits<int64_t>::max()),
       Value::MakeInterval(Interval{-1, 2, -3}),
       Value::MakeArray(TypeId::kInt4, {Value::Int4(1), Value::Null(Type(TypeId::kInt4))}),
       Value::MakeUuid(ParseUuidText("ffffffff-0000-ffff-0000-0123456789ab"))});
  std::vector<Value> nulls;
  for (const Type& t : AllTypes()) nulls.push_back(Value::Null(t));
  chunk.AppendRow(nulls);
  chunk.AppendRow({Value::Bool(false), Value::FromInt64(Type(TypeId::kInt2), 32767),
                   Value::Int8(std::numeric_limits<int64_t>::max()),
                   Value::Float8(std::numeric_limits<double>::quiet_NaN()),
                   Value::MakeNumeric(Numeric::NaN()), Value::Text("ünïcödé"),
                   Value::FromInt64(Type(TypeId::kDate), 20000),
                   Value::FromInt64(Type(TypeId::kTimestampTz), 0),
                   Value::MakeInterval(Interval{12, 0, 86400000000LL}),
                   Value::MakeArray(TypeId::kInt4, {}), Value::MakeUuid(Uuid{})});
  std::string bytes;
  EncodeChunk(chunk, &bytes);
  std::string_view in = bytes;
  Result<DataChunk> back = DecodeChunk(&in, AllTypes());
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_TRUE(in.empty());
  ASSERT_EQ(back.value().size(), 3u);
  for (size_t c = 0; c < chunk.column_count(); c++) {
    for (size_t r = 0; r < 3; r++) {
      Value a = chunk.column(c).GetValue(r), b = back.value().column(c).GetValue(r);
      ASSERT_EQ(a.is_null(), b.is_null()) << c << "," << r;
      if (c == 3 && r == 2) {
        EXPECT_TRUE(std::isnan(b.GetDouble()));
      } else if (c == 3 && r == 0) {
        EXPECT_TRUE(std::signbit(b.GetDouble()));
      } else if (!a.is_null()) {
        EXPECT_EQ(ValueToText(a), ValueToText(b)) << c << "," << r;
      }
    }
  }
}

TEST(ChunkCodecTest, TruncatedOrMistypedInputIsCorruption) {
  DataChunk chunk({Type(TypeId::kInt8), Type(TypeId::kText)});
  for (int i = 0; i < 100; i++)
    chunk.AppendRow({Value::Int8(i * 1000), Value::Text("v" + std::to_string(i))});
  std::string bytes;
  EncodeChunk(chunk, &bytes);
  for (size_t cut = 0; cut < bytes.size(); cut++) {
    std::string_view in(bytes.data(), cut);
    EXPECT_FALSE(DecodeChunk(&in, {Type(TypeId::kInt8), Type(TypeId::kText)}).ok()) << cut;
  }
  std::string_view in = bytes;
  EXPECT_FALSE(DecodeChunk(&in, {Type(TypeId::kText), Type(TypeId::kText)}).ok());
}

// The log keeps chunks of the width the table had when they were written; a table that
// gained a column since reads them with NULLs in it, and one whose added column was undone
// skips the extra column.
TEST(ChunkCodecTest, ChunksOfAnotherWidthFitTheTable) {
  DataChunk chunk({Type(TypeId::kInt8), Type(TypeId::kText)});
  for (int i = 0; i < 5; i++)
    chunk.AppendRow({Value::Int8(i), Value::Text("v" + std::to_string(i))});
  std::string bytes;
  EncodeChunk(chunk, &bytes);
  EncodeChunk(chunk, &bytes);

  std::string_view in = bytes;
  Result<DataChunk> wider =
      DecodeChunk(&in, {Type(TypeId::kInt8), Type(TypeId::kText), Type(TypeId::kFloat8)});
  ASSERT_TRUE(wider.ok()) << wider.status().ToString();
  ASSERT_EQ(wider.value().column_count(), 3u);
  ASSERT_EQ(wider.value().size(), 5u);
  for (size_t r = 0; r < 5; r++) {
    EXPECT_EQ(ValueToText(wider.value().GetValue(1, r)), "v" + std::to_string(r));
    EXPECT_TRUE(wider.value().column(2).IsNull(r));
  }
  Result<DataChunk> narrower = DecodeChunk(&in, {Type(TypeId::kInt8)});
  ASSERT_TRUE(narrower.ok()) << narrower.status().ToString();
  EXPECT_EQ(narrower.value().column_count(), 1u);
  EXPECT_EQ(ValueToText(narrower.value().GetValue(0, 4)), "4");
  EXPECT_TRUE(in.empty());  // the skipped column was consumed
}

// A chunk to widen must be one a transaction wrote (at most kChunkSize rows): a header of no
// columns and 2^49 rows (found by the fuzzer) is Corruption, not a huge allocation.
TEST(ChunkCodecTest, ChunkToWidenWithImplausibleRowCountIsCorruption) {
  std::string bytes;
  PutVarint(&bytes, uint64_t{1} << 49);
  PutVarint(&bytes, 0);
  std::string_view in = bytes;
  Result<DataChunk> back = DecodeChunk(&in, {Type(TypeId::kInt8), Type(TypeId::kText)});
  ASSERT_FALSE(back.ok());
  EXPECT_EQ(back.status().code(), Status::Code::kCorruption);
  bytes.clear();
  PutVarint(&bytes, kChunkSize);
  PutVarint(&bytes, 0);
  in = bytes;
  back = DecodeChunk(&in, {Type(TypeId::kInt8)});
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back.value().size(), kChunkSize);
  EXPECT_TRUE(back.value().column(0).IsNull(kChunkSize - 1));
}

// A chunk whose columns each take a compact encoding: sorted ints (delta), few distinct
// strings with NULLs (dict), amounts in cents (decimal); and columns that must stay plain.
DataChunk CompactChunk() {
  std::vector<Type> types = {Type(TypeId::kInt8),   Type(TypeId::kText), Type(TypeId::kFloat8),
                             Type(TypeId::kFloat8), Type(TypeId::kText), Type(TypeId::kInt8),
                             Type(TypeId::kFloat8)};
  DataChunk chunk(types);
  for (int64_t i = 0; i < 2048; i++) {
    double cents = static_cast<double>((i * 7919) % 100000 - 50000) / 100;
    chunk.AppendRow({Value::Int8(1'700'000'000'000'000 + i * 777),
                     i % 5 == 0 ? Value::Null(Type(TypeId::kText))
                                : Value::Text(i % 20 == 1 ? "declined" : "approved"),
                     Value::Float8(cents),
                     // -0.0 and NaN are no decimals: the column stays plain, bit for bit.
                     Value::Float8(i == 3   ? -0.0
                                   : i == 4 ? std::numeric_limits<double>::quiet_NaN()
                                            : static_cast<double>(i) / 4),
                     Value::Text("user" + std::to_string(i % 17)),  // 17 values: no dict
                     Value::Int8(i % 2 ? std::numeric_limits<int64_t>::min() : 5),
                     Value::Float8(1.0 / static_cast<double>(i + 3))});
  }
  return chunk;
}

TEST(ChunkCodecTest, CompactEncodingsRoundTripBitForBit) {
  DataChunk chunk = CompactChunk();
  std::string bytes;
  EncodeChunk(chunk, &bytes);
  std::string_view in = bytes;
  Result<DataChunk> back = DecodeChunk(&in, chunk.Types());
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_TRUE(in.empty());
  for (size_t c = 0; c < chunk.column_count(); c++) {
    const Vector& a = chunk.column(c);
    const Vector& b = back.value().column(c);
    for (size_t r = 0; r < chunk.size(); r++) {
      ASSERT_EQ(a.IsNull(r), b.IsNull(r)) << c << "," << r;
      if (a.IsNull(r)) continue;
      if (a.physical() == PhysicalType::kDouble) {
        uint64_t x, y;
        std::memcpy(&x, &a.doubles()[r], 8);
        std::memcpy(&y, &b.doubles()[r], 8);
        ASSERT_EQ(x, y) << c << "," << r;
      } else {
        ASSERT_EQ(ValueToText(a.GetValue(r)), ValueToText(b.GetValue(r))) << c << "," << r;
      }
    }
  }
  in = bytes;
  EXPECT_TRUE(SkipChunk(&in));
  EXPECT_TRUE(in.empty());
}

TEST(ChunkCodecTest, CompactEncodingsAreSmall) {
  // One column at a time: the bytes each takes per row.
  DataChunk chunk = CompactChunk();
  auto bytes_per_row = [&](size_t c) {
    DataChunk one;
    one.AddColumn(chunk.column(c));
    one.set_row_count(chunk.size());
    std::string bytes;
    EncodeChunk(one, &bytes);
    return static_cast<double>(bytes.size()) / static_cast<double>(chunk.size());
  };
  EXPECT_LT(bytes_per_row(0), 2.1);  // deltas of 777: two-byte varints, no bitmap
  EXPECT_LT(bytes_per_row(1), 1.0);  // a one-byte index per non-NULL row and a bitmap
  EXPECT_LT(bytes_per_row(2), 3.1);  // cents up to +-50000.00: three-byte varints
  EXPECT_GE(bytes_per_row(3), 8.0);  // plain
  EXPECT_GE(bytes_per_row(4), 6.0);  // plain: a length and "userN" or "userNN"
}

TEST(ChunkCodecTest, TheFormatBeforeCompactEncodingsStillDecodes) {
  // 2 rows, 1 column; tag 0 (int64, plain, bitmap); row 1 NULL; row 0 = zigzag 10 = 5.
  const std::string bytes("\x02\x01\x00\x02\x0a", 5);
  std::string_view in = bytes;
  Result<DataChunk> back = DecodeChunk(&in, {Type(TypeId::kInt8)});
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_TRUE(in.empty());
  EXPECT_EQ(back.value().column(0).ints()[0], 5);
  EXPECT_TRUE(back.value().column(0).IsNull(1));
}

TEST(ChunkCodecTest, UnknownEncodingsAndBadIndexesAreCorruption) {
  std::string_view in;
  const std::string unknown("\x01\x01\xf0\x00", 4);  // int64 with encoding 7
  in = unknown;
  EXPECT_FALSE(DecodeChunk(&in, {Type(TypeId::kInt8)}).ok());
  in = unknown;
  EXPECT_FALSE(SkipChunk(&in));
  const std::string delta_text("\x01\x01\x92\x00", 4);  // text with the integer encoding
  in = delta_text;
  EXPECT_FALSE(DecodeChunk(&in, {Type(TypeId::kText)}).ok());
  // A dictionary of one value ("a") and an index past it.
  const std::string bad_index("\x01\x01\xa2\x01\x01\x61\x01", 7);
  in = bad_index;
  EXPECT_FALSE(DecodeChunk(&in, {Type(TypeId::kText)}).ok());
  const std::string good_index("\x01\x01\xa2\x01\x01\x61\x00", 7);
  in = good_index;
  Result<DataChunk> good = DecodeChunk(&in, {Type(TypeId::kText)});
  ASSERT_TRUE(good.ok()) << good.status().ToString();
  EXPECT_EQ(good.value().column(0).strings()[0], "a");
}

TEST(ChunkCodecTest, TruncatedCompactChunksAreCorruption) {
  DataChunk chunk = CompactChunk();
  std::string bytes;
  EncodeChunk(chunk, &bytes);
  for (size_t cut = 0; cut < bytes.size(); cut += 31) {
    std::string_view in(bytes.data(), cut);
    EXPECT_FALSE(DecodeChunk(&in, chunk.Types()).ok()) << cut;
    in = std::string_view(bytes.data(), cut);
    EXPECT_FALSE(SkipChunk(&in)) << cut;
  }
}

}  // namespace
}  // namespace firn
