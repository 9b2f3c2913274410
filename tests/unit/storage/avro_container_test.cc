#include "storage/avro/container.h"

#include <gtest/gtest.h>

#include <random>

namespace firn::avro {
namespace {

SchemaPtr TestSchema() {
  return Record("row", {MakeField("id", Primitive(Kind::kLong)),
                        MakeField("name", Optional(Primitive(Kind::kString))),
                        MakeField("tags", Array(Primitive(Kind::kInt)))});
}

Datum Row(int64_t i) {
  return Datum::Record(
      {Datum::Long(i),
       i % 3 == 0 ? Datum::Null() : Datum::String("name-" + std::to_string(i * 7919)),
       Datum::Array({Datum::Int(static_cast<int32_t>(i)), Datum::Int(-1)})});
}

std::string WriteFile(Codec codec, int rows, size_t block_bytes) {
  ContainerWriter w(TestSchema(), codec, {{"k", "v"}}, block_bytes);
  for (int i = 0; i < rows; i++) EXPECT_TRUE(w.Append(Row(i)).ok());
  auto r = w.Finish();
  EXPECT_TRUE(r.ok());
  return r.ok() ? r.value() : std::string();
}

class AvroContainerCodec : public ::testing::TestWithParam<Codec> {};

TEST_P(AvroContainerCodec, ManyBlocksRoundTrip) {
  std::string file = WriteFile(GetParam(), 5000, 1024);
  auto r = ReadContainer(file, "t.avro");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const ContainerContents& c = r.value();
  EXPECT_GT(c.block_count, 10);
  EXPECT_EQ(c.codec, GetParam());
  EXPECT_EQ(c.metadata.at("k"), "v");
  EXPECT_EQ(c.metadata.at("avro.codec"), CodecName(GetParam()));
  ASSERT_EQ(c.records.size(), 5000u);
  for (int i = 0; i < 5000; i++) ASSERT_EQ(c.records[i], Row(i)) << i;
  EXPECT_EQ(SchemaToString(c.schema), SchemaToString(TestSchema()));
}

TEST_P(AvroContainerCodec, EmptyFileHasHeaderOnly) {
  std::string file = WriteFile(GetParam(), 0, 1024);
  auto r = ReadContainer(file, "empty.avro");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r.value().records.empty());
  EXPECT_EQ(r.value().block_count, 0);
}

INSTANTIATE_TEST_SUITE_P(Codecs, AvroContainerCodec,
                         ::testing::Values(Codec::kNull, Codec::kDeflate));

TEST(AvroContainer, DeflateIsSmallerForRepetitiveData) {
  EXPECT_LT(WriteFile(Codec::kDeflate, 2000, 1 << 20).size(),
            WriteFile(Codec::kNull, 2000, 1 << 20).size() / 2);
}

TEST(AvroContainer, ReservedMetadataKeyIsRefused) {
  ContainerWriter w(TestSchema(), Codec::kNull, {{"avro.schema", "x"}});
  EXPECT_FALSE(w.Finish().ok());
}

// Avro has no trailer: a file cut exactly between blocks is a valid shorter file. Every other
// cut must be Corruption naming the file; a valid cut must yield a prefix of the rows.
TEST(AvroContainer, EveryTruncationIsCorruptionOrABlockPrefix) {
  for (Codec codec : {Codec::kNull, Codec::kDeflate}) {
    std::string file = WriteFile(codec, 300, 512);
    auto whole = ReadContainer(file, "whole.avro");
    ASSERT_TRUE(whole.ok());
    int valid_cuts = 0;
    for (size_t len = 0; len < file.size(); len++) {
      auto r = ReadContainer(std::string_view(file).substr(0, len), "cut.avro");
      if (r.ok()) {
        valid_cuts++;
        ASSERT_LT(r.value().block_count, whole.value().block_count);
        for (size_t i = 0; i < r.value().records.size(); i++) {
          ASSERT_EQ(r.value().records[i], whole.value().records[i]);
        }
        continue;
      }
      EXPECT_EQ(r.status().code(), Status::Code::kCorruption) << r.status().ToString();
      EXPECT_NE(r.status().message().find("cut.avro"), std::string::npos);
    }
    EXPECT_EQ(valid_cuts, whole.value().block_count);  // one per block boundary
  }
}

TEST(AvroContainer, BitFlipsNeverCrash) {
  for (Codec codec : {Codec::kNull, Codec::kDeflate}) {
    std::string file = WriteFile(codec, 200, 400);
    std::mt19937 rng(42);
    int failures = 0;
    for (int trial = 0; trial < 3000; trial++) {
      std::string bad = file;
      size_t pos = rng() % bad.size();
      bad[pos] = static_cast<char>(bad[pos] ^ (1 << (rng() % 8)));
      auto r = ReadContainer(bad, "flip.avro");
      if (!r.ok()) {
        failures++;
        EXPECT_NE(r.status().message().find("flip.avro"), std::string::npos);
      }
    }
    EXPECT_GT(failures, 0);
  }
}

TEST(AvroContainer, SyncMarkerMismatchIsDetected) {
  std::string file = WriteFile(Codec::kNull, 10, 1 << 20);
  file[file.size() - 1] ^= 1;  // last byte belongs to the block's sync marker
  auto r = ReadContainer(file, "sync.avro");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("sync marker"), std::string::npos);
}

TEST(AvroContainer, UnknownCodecIsNotSupported) {
  std::string file = WriteFile(Codec::kNull, 0, 1024);
  size_t at = file.find("null");
  ASSERT_NE(at, std::string::npos);
  file.replace(at, 4, "zzzz");
  auto r = ReadContainer(file, "codec.avro");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kNotSupported);
}

TEST(AvroContainer, MissingFileIsIoError) {
  auto r = ReadContainerFile("/nonexistent/dir/x.avro");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kIoError);
}

}  // namespace
}  // namespace firn::avro
