// Text read through a Parquet dictionary keeps its codes beside the strings
// (Vector::dictionary): every coded row's code names its own value, NULLs included, and a
// vector with any row from a PLAIN page (a dictionary that outgrew its budget, or no
// dictionary at all) carries none.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <random>
#include <string>

#include "storage/parquet/file_reader.h"
#include "storage/parquet/file_writer.h"

namespace firn::parquet {
namespace {

std::string TempPath(const std::string& name) {
  std::string dir = ::testing::TempDir() + "firn_parquet_dict_" + std::to_string(::getpid());
  std::filesystem::create_directories(dir);
  return dir + "/" + name;
}

// Writes `values` as one nullable text column (and an int column beside it) and reads both
// back as chunks.
std::vector<DataChunk> WriteAndRead(const std::string& name, const std::vector<Value>& values,
                                    const WriterOptions& opts) {
  std::vector<ColumnDescriptor> cols = {{"s", Type(TypeId::kText), 1},
                                        {"i", Type(TypeId::kInt8), 2}};
  std::string path = TempPath(name);
  auto writer = FileWriter::Create(path, cols, opts);
  EXPECT_TRUE(writer.ok());
  DataChunk chunk({Type(TypeId::kText), Type(TypeId::kInt8)});
  for (size_t r = 0; r < values.size(); r++) {
    chunk.AppendRow({values[r], Value::Int8(static_cast<int64_t>(r))});
    if (chunk.size() == kChunkSize || r + 1 == values.size()) {
      EXPECT_TRUE(writer.value()->Append(chunk).ok());
      chunk = DataChunk({Type(TypeId::kText), Type(TypeId::kInt8)});
    }
  }
  EXPECT_TRUE(writer.value()->Finish().ok());
  auto reader = FileReader::Open(path);
  EXPECT_TRUE(reader.ok());
  std::vector<DataChunk> out;
  for (size_t g = 0; g < reader.value()->row_groups().size(); g++) {
    Status s =
        reader.value()->ReadRowGroup(g, {0, 1}, {Type(TypeId::kText), Type(TypeId::kInt8)}, &out);
    EXPECT_TRUE(s.ok()) << s.ToString();
  }
  return out;
}

// Checks the rows against `values` and every dictionary against its vector's rows; returns
// how many vectors carry one.
size_t CheckRows(const std::vector<DataChunk>& chunks, const std::vector<Value>& values) {
  size_t row = 0, coded = 0;
  for (const DataChunk& chunk : chunks) {
    const Vector& text = chunk.column(0);
    EXPECT_EQ(chunk.column(1).dictionary(), nullptr);  // only text is coded
    const StringDictionary* dict = text.dictionary();
    if (dict) {
      coded++;
      EXPECT_EQ(dict->codes.size(), text.size());
    }
    for (size_t r = 0; r < text.size(); r++, row++) {
      const Value& want = values[row];
      EXPECT_EQ(text.IsNull(r), want.is_null()) << "row " << row;
      if (want.is_null() || text.IsNull(r)) continue;
      EXPECT_EQ(text.strings()[r], want.GetString()) << "row " << row;
      if (dict) {
        EXPECT_LT(dict->codes[r], dict->values->size()) << "row " << row;
        if (dict->codes[r] >= dict->values->size()) continue;
        EXPECT_EQ((*dict->values)[dict->codes[r]], want.GetString()) << "row " << row;
      }
    }
  }
  EXPECT_EQ(row, values.size());
  return coded;
}

std::vector<Value> LowCardinality(size_t rows) {
  std::mt19937_64 rng(5);
  std::vector<Value> values;
  for (size_t r = 0; r < rows; r++) {
    uint64_t k = rng() % 20;
    values.push_back(k == 0 ? Value::Null(Type(TypeId::kText))
                            : Value::Text(k == 1 ? "" : "status-" + std::to_string(k % 5)));
  }
  return values;
}

TEST(ParquetDictionaryTest, DictionaryTextKeepsItsCodesAcrossPagesAndRowGroups) {
  std::vector<Value> values = LowCardinality(30000);
  WriterOptions opts;
  opts.page_bytes = 512;            // many pages per vector
  opts.row_group_bytes = 64 << 10;  // and several row groups (dictionaries)
  for (bool v2 : {false, true}) {
    opts.data_page_v2 = v2;
    std::vector<DataChunk> chunks = WriteAndRead("low.parquet", values, opts);
    EXPECT_EQ(CheckRows(chunks, values), chunks.size()) << "every vector coded";
    // The vectors of one row group share one dictionary.
    EXPECT_EQ(chunks[0].column(0).dictionary()->values, chunks[1].column(0).dictionary()->values);
  }
}

TEST(ParquetDictionaryTest, AllNullTextIsCoded) {
  std::vector<Value> values(3000, Value::Null(Type(TypeId::kText)));
  values[2999] = Value::Text("only");
  std::vector<DataChunk> chunks = WriteAndRead("nulls.parquet", values, WriterOptions());
  EXPECT_EQ(CheckRows(chunks, values), chunks.size());
}

TEST(ParquetDictionaryTest, PlainPagesLeaveTheirVectorsUncoded) {
  // Distinct values: the dictionary outgrows its budget part way and later pages are PLAIN.
  std::vector<Value> values;
  for (int r = 0; r < 20000; r++) {
    values.push_back(r % 7 == 0 ? Value::Null(Type(TypeId::kText))
                                : Value::Text("distinct value number " + std::to_string(r)));
  }
  WriterOptions opts;
  opts.dictionary_bytes = 64 << 10;
  opts.page_bytes = 4096;
  std::vector<DataChunk> chunks = WriteAndRead("fallback.parquet", values, opts);
  size_t coded = CheckRows(chunks, values);
  EXPECT_GT(coded, 0u);
  EXPECT_LT(coded, chunks.size());

  opts.dictionary = false;
  chunks = WriteAndRead("plain.parquet", LowCardinality(5000), opts);
  EXPECT_EQ(CheckRows(chunks, LowCardinality(5000)), 0u);
}

TEST(ParquetDictionaryTest, ChangingACodedVectorDropsItsCodes) {
  std::vector<Value> values = LowCardinality(100);
  std::vector<DataChunk> chunks = WriteAndRead("change.parquet", values, WriterOptions());
  Vector v = chunks[0].column(0);
  ASSERT_NE(v.dictionary(), nullptr);
  v.strings()[0] = "changed";
  EXPECT_EQ(v.dictionary(), nullptr);
}

}  // namespace
}  // namespace firn::parquet
