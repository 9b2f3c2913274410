#include "storage/chunk_codec.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "types/numeric.h"
#include "types/value_io.h"

namespace firn {
namespace {

std::vector<Type> AllTypes() {
  return {Type(TypeId::kBool),       Type(TypeId::kInt2),        Type(TypeId::kInt8),
          Type(TypeId::kFloat8),     Type(TypeId::kNumeric),     Type(TypeId::kText),
          Type(TypeId::kDate),       Type(TypeId::kTimestampTz), Type(TypeId::kInterval),
          Type::Array(TypeId::kInt4)};
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
       Value::MakeArray(TypeId::kInt4, {Value::Int4(1), Value::Null(Type(TypeId::kInt4))})});
  std::vector<Value> nulls;
  for (const Type& t : AllTypes()) nulls.push_back(Value::Null(t));
  chunk.AppendRow(nulls);
  chunk.AppendRow(
      {Value::Bool(false), Value::FromInt64(Type(TypeId::kInt2), 32767),
       Value::Int8(std::numeric_limits<int64_t>::max()),
       Value::Float8(std::numeric_limits<double>::quiet_NaN()), Value::MakeNumeric(Numeric::NaN()),
       Value::Text("ünïcödé"), Value::FromInt64(Type(TypeId::kDate), 20000),
       Value::FromInt64(Type(TypeId::kTimestampTz), 0),
       Value::MakeInterval(Interval{12, 0, 86400000000LL}), Value::MakeArray(TypeId::kInt4, {})});
  std::string bytes;
  EncodeChunk(chunk, &bytes);
  // The header and columns encoded apart (as a big WAL record's are) make the same bytes.
  std::string parts;
  EncodeChunkHeader(chunk, &parts);
  for (size_t c = 0; c < chunk.column_count(); c++) {
    std::string column;
    EncodeChunkColumn(chunk.column(c), chunk.size(), &column);
    parts += column;
  }
  EXPECT_EQ(parts, bytes);
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
  in = bytes;
  EXPECT_FALSE(DecodeChunk(&in, {Type(TypeId::kInt8)}).ok());
}

}  // namespace
}  // namespace firn
