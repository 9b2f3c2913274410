// Corrupted Parquet files: every truncation and many byte flips of a small file must give
// an error status (Corruption for structural damage), never a crash or an out-of-bounds read
// (run under ASan in the sanitizer build).
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "storage/parquet/file_reader.h"
#include "storage/parquet/file_writer.h"

namespace firn::parquet {
namespace {

std::string Dir() {
  std::string d = ::testing::TempDir() + "firn_parquet_corrupt_" + std::to_string(::getpid());
  std::filesystem::create_directories(d);
  return d;
}

std::vector<ColumnDescriptor> Columns() {
  return {{"i", Type(TypeId::kInt8), 1, 0, false},
          {"s", Type(TypeId::kText), 2, 0, false},
          {"n", Type(TypeId::kNumeric, MakeNumericTypmod(9, 2)), 3, 0, false},
          {"a", Type::Array(TypeId::kInt4), 4, 5, false},
          {"b", Type(TypeId::kBool), 6, 0, false}};
}

std::string SmallFile(Codec codec, bool v2) {
  auto cols = Columns();
  std::vector<Type> types;
  for (auto& c : cols) types.push_back(c.type);
  std::string path = Dir() + "/small.parquet";
  WriterOptions opts;
  opts.codec = codec;
  opts.data_page_v2 = v2;
  opts.row_group_bytes = 1;  // two row groups
  auto w = FileWriter::Create(path, cols, opts);
  EXPECT_TRUE(w.ok());
  for (int g = 0; g < 2; ++g) {
    DataChunk chunk(types);
    for (int r = 0; r < 12; ++r) {
      std::vector<Value> items = {Value::Int4(r), Value::Null(Type(TypeId::kInt4))};
      chunk.AppendRow({r == 3 ? Value::Null(types[0]) : Value::Int8(r * 1000 - g),
                       Value::Text(r % 3 ? "abc" : "xyz"),
                       Value::MakeNumeric(Numeric::Parse("12.5"), types[2].typmod),
                       r == 5 ? Value::Null(types[3]) : Value::MakeArray(TypeId::kInt4, items),
                       Value::Bool(r % 2)});
    }
    EXPECT_TRUE(w.value()->Append(chunk).ok());
  }
  EXPECT_TRUE(w.value()->Finish().ok());
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Opens and fully reads `bytes`; returns the first error (OK if everything decoded) and, in
// `*dump`, a rendering of every value read.
Status OpenAndReadAll(const std::string& bytes, std::string* dump = nullptr) {
  std::string path = Dir() + "/mutant.parquet";
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }
  auto reader = FileReader::Open(path);
  if (!reader.ok()) return reader.status();
  auto cols = Columns();
  std::vector<int> idx;
  std::vector<Type> types;
  for (size_t i = 0; i < cols.size(); ++i) {
    idx.push_back(static_cast<int>(i));
    types.push_back(cols[i].type);
  }
  if (reader.value()->columns().size() != cols.size()) return Status::Corruption("schema changed");
  for (size_t g = 0; g < reader.value()->row_groups().size(); ++g) {
    std::vector<DataChunk> chunks;
    Status s = reader.value()->ReadRowGroup(g, idx, types, &chunks);
    if (!s.ok()) return s;
    for (const DataChunk& c : chunks) {
      for (size_t r = 0; r < c.size() && dump != nullptr; ++r) {
        for (const Value& v : c.GetRow(r)) {
          if (v.is_null()) {
            *dump += "N|";
          } else if (v.type().IsArray()) {
            for (const Value& i : v.GetArray().items) {
              *dump += i.is_null() ? "n," : std::to_string(i.GetInt64()) + ",";
            }
            *dump += "|";
          } else if (v.type().id == TypeId::kNumeric) {
            *dump += v.GetNumeric().ToString() + "|";
          } else if (v.type().id == TypeId::kText) {
            *dump += v.GetString() + "|";
          } else {
            *dump += std::to_string(v.GetInt64()) + "|";
          }
        }
      }
    }
  }
  return Status::OK();
}

bool IsExpectedError(const Status& s) {
  return s.code() == Status::Code::kCorruption || s.code() == Status::Code::kNotSupported ||
         s.code() == Status::Code::kInvalidArgument;
}

TEST(ParquetCorruption, IntactFileReads) {
  for (bool v2 : {false, true}) {
    EXPECT_TRUE(OpenAndReadAll(SmallFile(Codec::kZstd, v2)).ok());
  }
}

TEST(ParquetCorruption, EveryTruncationIsCorruption) {
  std::string file = SmallFile(Codec::kSnappy, false);
  for (size_t len = 0; len < file.size(); ++len) {
    Status s = OpenAndReadAll(file.substr(0, len));
    EXPECT_EQ(s.code(), Status::Code::kCorruption) << "length " << len << ": " << s.ToString();
    if (len == 0) {
      EXPECT_NE(s.message().find("mutant.parquet"), std::string::npos);
    }
  }
}

TEST(ParquetCorruption, ByteFlipsNeverCrashAndNeverChangePageDataSilently) {
  for (Codec codec : {Codec::kUncompressed, Codec::kZstd}) {
    for (bool v2 : {false, true}) {
      std::string file = SmallFile(codec, v2);
      std::string want;
      ASSERT_TRUE(OpenAndReadAll(file, &want).ok());
      uint32_t footer_len;
      std::memcpy(&footer_len, file.data() + file.size() - 8, 4);
      size_t footer_start = file.size() - 8 - footer_len;
      int detected = 0, flips = 0;
      for (size_t pos = 0; pos < file.size(); ++pos) {
        for (uint8_t mask : {0x01, 0x80, 0xff}) {
          std::string mutant = file;
          mutant[pos] = static_cast<char>(mutant[pos] ^ mask);
          std::string got;
          Status s = OpenAndReadAll(mutant, &got);
          if (!s.ok()) {
            EXPECT_TRUE(IsExpectedError(s)) << pos << ": " << s.ToString();
          }
          if (pos >= 4 && pos < footer_start) {
            // Page bodies carry CRCs; a flip in a page header either fails or is harmless
            // (an ignored field, or the same value in another integer width).
            ++flips;
            detected += s.ok() ? 0 : 1;
            if (s.ok()) {
              EXPECT_EQ(got, want) << "flip at " << pos << " mask " << int{mask};
            }
          }
        }
      }
      EXPECT_GT(detected * 100, flips * 80) << detected << " of " << flips;
    }
  }
}

TEST(ParquetCorruption, GarbageIsCorruption) {
  EXPECT_EQ(OpenAndReadAll("PAR1").code(), Status::Code::kCorruption);
  EXPECT_EQ(OpenAndReadAll(std::string("PAR1\0\0\0\0PAR1", 12)).code(), Status::Code::kCorruption);
  std::string huge_len = std::string("PAR1") + std::string("\xff\xff\xff\x7f", 4) + "PAR1";
  EXPECT_EQ(OpenAndReadAll(huge_len).code(), Status::Code::kCorruption);
}

}  // namespace
}  // namespace firn::parquet
