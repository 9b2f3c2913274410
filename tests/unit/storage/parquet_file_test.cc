// Round-trip, statistics, projection and error tests for the Parquet FileWriter/FileReader.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <random>
#include <tuple>

#include "storage/parquet/file_reader.h"
#include "storage/parquet/file_writer.h"

namespace firn::parquet {
namespace {

constexpr int64_t kI64Max = std::numeric_limits<int64_t>::max();
constexpr int64_t kI64Min = std::numeric_limits<int64_t>::min();

std::string TempPath(const std::string& name) {
  static const std::string dir = [] {
    std::string d = ::testing::TempDir() + "firn_parquet_" + std::to_string(::getpid());
    std::filesystem::create_directories(d);
    return d;
  }();
  return dir + "/" + name;
}

bool SameValue(const Value& a, const Value& b) {
  if (a.is_null() || b.is_null()) return a.is_null() && b.is_null();
  if (a.type().IsArray()) {
    if (!b.type().IsArray()) return false;
    const auto& x = a.GetArray().items;
    const auto& y = b.GetArray().items;
    if (x.size() != y.size()) return false;
    for (size_t i = 0; i < x.size(); ++i) {
      if (!SameValue(x[i], y[i])) return false;
    }
    return true;
  }
  if (PhysicalTypeOf(a.type().id) == PhysicalType::kDouble) {
    double x = a.GetDouble(), y = b.GetDouble();
    return std::memcmp(&x, &y, sizeof x) == 0;  // NaN, -0.0 and infinities exactly
  }
  if (a.type().id == TypeId::kNumeric)
    return a.GetNumeric().ToString() == b.GetNumeric().ToString();
  return CompareValues(a, b) == 0;
}

std::string Show(const Value& v) {
  if (v.is_null()) return "NULL";
  if (v.type().IsArray()) {
    std::string s = "{";
    for (const Value& i : v.GetArray().items) s += Show(i) + ",";
    return s + "}";
  }
  switch (PhysicalTypeOf(v.type().id)) {
    case PhysicalType::kInt64:
      return std::to_string(v.GetInt64());
    case PhysicalType::kDouble:
      return std::to_string(v.GetDouble());
    case PhysicalType::kString:
      return "'" + v.GetString() + "'";
    case PhysicalType::kNumeric:
      return v.GetNumeric().ToString();
    case PhysicalType::kInterval:
      return "interval";
    default:
      return "?";
  }
}

const Type kNumeric12_2(TypeId::kNumeric, MakeNumericTypmod(12, 2));
const Type kNumeric38_10(TypeId::kNumeric, MakeNumericTypmod(38, 10));
const Type kNumeric4_0(TypeId::kNumeric, MakeNumericTypmod(4, 0));
const Type kVarchar10(TypeId::kVarchar, MakeVarcharTypmod(10));
const Type kBpchar3(TypeId::kBpchar, MakeVarcharTypmod(3));

std::vector<ColumnDescriptor> AllTypeColumns() {
  std::vector<std::pair<std::string, Type>> cols = {
      {"b", Type(TypeId::kBool)},
      {"i2", Type(TypeId::kInt2)},
      {"i4", Type(TypeId::kInt4)},
      {"i8", Type(TypeId::kInt8)},
      {"o", Type(TypeId::kOid)},
      {"f4", Type(TypeId::kFloat4)},
      {"f8", Type(TypeId::kFloat8)},
      {"n12", kNumeric12_2},
      {"n38", kNumeric38_10},
      {"n4", kNumeric4_0},
      {"n", Type(TypeId::kNumeric)},
      {"t", Type(TypeId::kText)},
      {"vc", kVarchar10},
      {"bp", kBpchar3},
      {"nm", Type(TypeId::kName)},
      {"ch", Type(TypeId::kChar)},
      {"d", Type(TypeId::kDate)},
      {"ts", Type(TypeId::kTimestamp)},
      {"tstz", Type(TypeId::kTimestampTz)},
      {"iv", Type(TypeId::kInterval)},
      {"ai", Type::Array(TypeId::kInt4)},
      {"at", Type::Array(TypeId::kText)},
      {"an", Type::Array(TypeId::kNumeric, MakeNumericTypmod(10, 2))},
      {"af", Type::Array(TypeId::kFloat8)},
  };
  std::vector<ColumnDescriptor> out;
  int32_t id = 1;
  for (auto& [name, type] : cols) {
    ColumnDescriptor d;
    d.name = name;
    d.type = type;
    d.field_id = id++;
    if (type.IsArray()) d.element_field_id = 1000 + d.field_id;
    out.push_back(d);
  }
  return out;
}

// Row `r` of the all-types table: extremes first, then pseudo-random values and NULLs.
std::vector<Value> MakeRow(const std::vector<ColumnDescriptor>& cols, int r, std::mt19937* rng) {
  std::vector<Value> row;
  for (size_t c = 0; c < cols.size(); ++c) {
    const Type& t = cols[c].type;
    if ((r + static_cast<int>(c)) % 7 == 3) {
      row.push_back(Value::Null(t));
      continue;
    }
    uint32_t x = (*rng)();
    bool edge = r < 8;
    switch (t.id) {
      case TypeId::kBool:
        row.push_back(Value::Bool(x & 1));
        break;
      case TypeId::kInt2:
        row.push_back(Value::Int2(edge ? (r % 2 ? 32767 : -32768) : static_cast<int16_t>(x)));
        break;
      case TypeId::kInt4:
        row.push_back(Value::Int4(edge ? (r % 2 ? 2147483647 : -2147483648LL)
                                       : static_cast<int32_t>(x % 100)));
        break;
      case TypeId::kInt8:
        row.push_back(Value::Int8(edge ? (r % 2 ? kI64Max : kI64Min) : static_cast<int64_t>(x)));
        break;
      case TypeId::kOid:
        row.push_back(Value::Oid(edge ? 4294967295LL : x % 1000));
        break;
      case TypeId::kFloat4:
        row.push_back(Value::Float4(edge ? (r % 2 ? INFINITY : -0.0) : (x % 1000) / 8.0));
        break;
      case TypeId::kFloat8: {
        double specials[] = {NAN, INFINITY, -INFINITY, -0.0, 1e308, 5e-324, 0.1, -1.5};
        row.push_back(Value::Float8(edge ? specials[r] : (x % 100000) / 3.0));
        break;
      }
      case TypeId::kNumeric: {
        std::string s;
        if (t == kNumeric12_2) {
          s = edge ? (r % 2 ? "9999999999.99" : "-9999999999.99")
                   : std::to_string(static_cast<int>(x % 200000) - 100000) + ".5" +
                         std::to_string(x % 10);
        } else if (t == kNumeric38_10) {
          s = edge ? (r % 2 ? "9999999999999999999999999999.9999999999" : "-0.0000000001")
                   : std::to_string(x) + "." + std::to_string(x % 997);
        } else if (t == kNumeric4_0) {
          s = std::to_string(static_cast<int>(x % 19999) - 9999);
        } else {
          const char* specials[] = {"NaN",       "Infinity",
                                    "-Infinity", "0.000",
                                    "1e-20",     "123456789012345678901234567890123456789012.5",
                                    "-7",        "3.14159"};
          s = edge ? specials[r] : std::to_string(x) + ".0" + std::to_string(x % 13);
        }
        row.push_back(Value::MakeNumeric(Numeric::Parse(s).ApplyTypmod(t.typmod), t.typmod));
        break;
      }
      case TypeId::kText: {
        const char* specials[] = {"", "ünïcødé ✓ 日本", "a\0b", "\xff\xfe bytes"};
        std::string s = edge && r < 4
                            ? std::string(specials[r], r == 2 ? 3 : std::strlen(specials[r]))
                        : r == 5 ? std::string(100000, 'L')
                                 : "value " + std::to_string(x % 50);
        row.push_back(Value::Text(s));
        break;
      }
      case TypeId::kVarchar:
        row.push_back(Value::String(t, std::to_string(x % 1000)));
        break;
      case TypeId::kBpchar:
        row.push_back(Value::String(t, std::string("ab ")));
        break;
      case TypeId::kName:
        row.push_back(Value::String(t, "pg_" + std::to_string(x % 5)));
        break;
      case TypeId::kChar:
        row.push_back(Value::String(t, std::string(1, static_cast<char>('a' + x % 26))));
        break;
      case TypeId::kDate:
        row.push_back(Value::Date(edge ? (r % 2 ? 2147483647 : -2147483648LL)
                                       : static_cast<int64_t>(x % 40000) - 20000));
        break;
      case TypeId::kTimestamp:
        row.push_back(Value::Timestamp(edge ? (r % 2 ? kI64Max : kI64Min)
                                            : static_cast<int64_t>(x) * 1000003));
        break;
      case TypeId::kTimestampTz:
        row.push_back(Value::TimestampTz(edge ? (r % 2 ? kI64Max : kI64Min)
                                              : -static_cast<int64_t>(x) * 999));
        break;
      case TypeId::kInterval:
        row.push_back(Value::MakeInterval(Interval{static_cast<int32_t>(x % 30) - 15,
                                                   static_cast<int32_t>(x % 7),
                                                   edge ? -1 : static_cast<int64_t>(x) * 12345}));
        break;
      case TypeId::kArray: {
        if (r % 11 == 1) {
          row.push_back(Value::MakeArray(t.elem, {}));  // empty array
          break;
        }
        std::vector<Value> items;
        int n = static_cast<int>(x % 5);
        for (int k = 0; k < n; ++k) {
          uint32_t y = (*rng)();
          if (y % 4 == 0) {
            items.push_back(Value::Null(Type(t.elem)));
          } else if (t.elem == TypeId::kInt4) {
            items.push_back(Value::Int4(static_cast<int32_t>(y)));
          } else if (t.elem == TypeId::kText) {
            items.push_back(Value::Text("e" + std::to_string(y % 9)));
          } else if (t.elem == TypeId::kFloat8) {
            items.push_back(Value::Float8(y % 10 == 1 ? NAN : y / 7.0));
          } else {
            int32_t tm = MakeNumericTypmod(10, 2);
            items.push_back(Value::MakeNumeric(
                Numeric::Parse(std::to_string(y % 100000) + ".25").ApplyTypmod(tm), tm));
          }
        }
        row.push_back(Value::MakeArray(t.elem, std::move(items)));
        break;
      }
      default:
        ADD_FAILURE() << "unhandled type";
    }
  }
  return row;
}

std::vector<Type> TypesOf(const std::vector<ColumnDescriptor>& cols) {
  std::vector<Type> types;
  for (const auto& c : cols) types.push_back(c.type);
  return types;
}

// Writes `rows` rows of the all-types table; returns them for comparison. With `batch`,
// the chunks go to AppendBatch that many at a time, else to Append one by one.
std::vector<std::vector<Value>> WriteTable(const std::string& path, int rows,
                                           const WriterOptions& opts, FileSummary* summary,
                                           size_t batch = 0) {
  auto cols = AllTypeColumns();
  auto writer = FileWriter::Create(path, cols, opts);
  EXPECT_TRUE(writer.ok()) << writer.status().ToString();
  std::mt19937 rng(42);
  std::vector<std::vector<Value>> all;
  std::vector<DataChunk> pending;
  auto flush = [&] {
    std::vector<const DataChunk*> chunks;
    for (const DataChunk& c : pending) chunks.push_back(&c);
    Status s = writer.value()->AppendBatch(chunks);
    EXPECT_TRUE(s.ok()) << s.ToString();
    pending.clear();
  };
  DataChunk chunk(TypesOf(cols));
  for (int r = 0; r < rows; ++r) {
    all.push_back(MakeRow(cols, r, &rng));
    chunk.AppendRow(all.back());
    if (chunk.size() == kChunkSize || r + 1 == rows) {
      if (batch > 0) {
        pending.push_back(std::move(chunk));
        if (pending.size() == batch || r + 1 == rows) flush();
      } else {
        Status s = writer.value()->Append(chunk);
        EXPECT_TRUE(s.ok()) << s.ToString();
      }
      chunk = DataChunk(TypesOf(cols));
    }
  }
  auto fin = writer.value()->Finish();
  EXPECT_TRUE(fin.ok()) << fin.status().ToString();
  if (fin.ok()) *summary = fin.value();
  return all;
}

std::vector<std::vector<Value>> ReadAll(FileReader* reader, const std::vector<int>& cols,
                                        const std::vector<Type>& types) {
  std::vector<std::vector<Value>> rows;
  for (size_t g = 0; g < reader->row_groups().size(); ++g) {
    std::vector<DataChunk> chunks;
    Status s = reader->ReadRowGroup(g, cols, types, &chunks);
    EXPECT_TRUE(s.ok()) << s.ToString();
    for (const DataChunk& c : chunks) {
      EXPECT_LE(c.size(), kChunkSize);
      for (size_t r = 0; r < c.size(); ++r) rows.push_back(c.GetRow(r));
    }
  }
  return rows;
}

void ExpectSameRows(const std::vector<std::vector<Value>>& want,
                    const std::vector<std::vector<Value>>& got, const std::vector<int>& cols) {
  ASSERT_EQ(want.size(), got.size());
  int failures = 0;
  for (size_t r = 0; r < want.size() && failures < 10; ++r) {
    for (size_t i = 0; i < cols.size(); ++i) {
      const Value& w = want[r][cols[i]];
      if (!SameValue(w, got[r][i])) {
        ADD_FAILURE() << "row " << r << " column " << cols[i] << ": wrote " << Show(w) << ", read "
                      << Show(got[r][i]);
        ++failures;
      }
    }
  }
}

// Writes `rows` (every column of `cols`) in chunks of kChunkSize, reads every column back
// and checks the values; returns the file's size.
int64_t WriteAndReadBack(const std::string& name, const std::vector<ColumnDescriptor>& cols,
                         const WriterOptions& opts, const std::vector<std::vector<Value>>& rows) {
  std::string path = TempPath(name);
  auto w = FileWriter::Create(path, cols, opts);
  EXPECT_TRUE(w.ok());
  DataChunk chunk(TypesOf(cols));
  for (const std::vector<Value>& row : rows) {
    chunk.AppendRow(row);
    if (chunk.size() == kChunkSize) {
      EXPECT_TRUE(w.value()->Append(chunk).ok());
      chunk = DataChunk(TypesOf(cols));
    }
  }
  EXPECT_TRUE(w.value()->Append(chunk).ok());
  auto fin = w.value()->Finish();
  EXPECT_TRUE(fin.ok());
  auto reader = FileReader::Open(path);
  EXPECT_TRUE(reader.ok());
  std::vector<int> all;
  for (size_t i = 0; i < cols.size(); ++i) all.push_back(static_cast<int>(i));
  ExpectSameRows(rows, ReadAll(reader.value().get(), all, TypesOf(cols)), all);
  return fin.value().file_size;
}

using Params = std::tuple<Codec, bool /*dictionary*/, bool /*page v2*/>;
class ParquetRoundTrip : public ::testing::TestWithParam<Params> {};

TEST_P(ParquetRoundTrip, EveryTypeSurvivesWithManyPagesAndRowGroups) {
  auto [codec, dict, v2] = GetParam();
  WriterOptions opts;
  opts.codec = codec;
  opts.dictionary = dict;
  opts.data_page_v2 = v2;
  opts.page_bytes = 4096;
  opts.row_group_bytes = 256 << 10;
  std::string path = TempPath("roundtrip.parquet");
  FileSummary summary;
  const int kRows = 7000;
  auto want = WriteTable(path, kRows, opts, &summary);
  EXPECT_EQ(summary.row_count, kRows);
  EXPECT_EQ(summary.file_size, static_cast<int64_t>(std::filesystem::file_size(path)));
  auto reader = FileReader::Open(path);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  FileReader& rd = *reader.value();
  EXPECT_EQ(rd.row_count(), kRows);
  EXPECT_GT(rd.row_groups().size(), 1u);
  EXPECT_EQ(rd.row_groups().size(), summary.row_group_offsets.size());
  auto cols = AllTypeColumns();
  std::vector<int> all;
  for (size_t i = 0; i < cols.size(); ++i) all.push_back(static_cast<int>(i));
  ExpectSameRows(want, ReadAll(&rd, all, TypesOf(cols)), all);
}

INSTANTIATE_TEST_SUITE_P(ParquetCodecs, ParquetRoundTrip,
                         ::testing::Values(Params{Codec::kZstd, true, false},
                                           Params{Codec::kZstd, false, false},
                                           Params{Codec::kSnappy, true, false},
                                           Params{Codec::kUncompressed, false, false},
                                           Params{Codec::kZstd, true, true},
                                           Params{Codec::kUncompressed, false, true},
                                           Params{Codec::kSnappy, false, true}));

TEST(ParquetFile, SchemaIsReconstructedWithFieldIds) {
  std::string path = TempPath("schema.parquet");
  FileSummary summary;
  WriteTable(path, 10, WriterOptions(), &summary);
  auto reader = FileReader::Open(path);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  auto cols = AllTypeColumns();
  const auto& got = reader.value()->columns();
  ASSERT_EQ(got.size(), cols.size());
  for (size_t i = 0; i < cols.size(); ++i) {
    EXPECT_EQ(got[i].name, cols[i].name);
    EXPECT_EQ(got[i].field_id, cols[i].field_id);
    EXPECT_EQ(got[i].element_field_id, cols[i].element_field_id);
    EXPECT_FALSE(got[i].required);
  }
  auto type_of = [&](const char* name) {
    for (const auto& c : got) {
      if (c.name == name) return c.type;
    }
    return Type();
  };
  EXPECT_EQ(type_of("i2"), Type(TypeId::kInt2));
  EXPECT_EQ(type_of("i4"), Type(TypeId::kInt4));
  EXPECT_EQ(type_of("i8"), Type(TypeId::kInt8));
  EXPECT_EQ(type_of("f4"), Type(TypeId::kFloat4));
  EXPECT_EQ(type_of("n12"), kNumeric12_2);
  EXPECT_EQ(type_of("n"), Type(TypeId::kText));  // unbounded numeric is stored as text
  EXPECT_EQ(type_of("d"), Type(TypeId::kDate));
  EXPECT_EQ(type_of("ts"), Type(TypeId::kTimestamp));
  EXPECT_EQ(type_of("tstz"), Type(TypeId::kTimestampTz));
  EXPECT_EQ(type_of("ai"), Type::Array(TypeId::kInt4));
  EXPECT_EQ(type_of("an"), Type::Array(TypeId::kNumeric, MakeNumericTypmod(10, 2)));
  EXPECT_EQ(reader.value()->created_by(), "firn version 0.1.0");
}

TEST(ParquetFile, ProjectionReadsASubsetInAnyOrder) {
  std::string path = TempPath("projection.parquet");
  FileSummary summary;
  WriterOptions opts;
  opts.row_group_bytes = 64 << 10;
  auto want = WriteTable(path, 5000, opts, &summary);
  auto reader = FileReader::Open(path);
  ASSERT_TRUE(reader.ok());
  auto cols = AllTypeColumns();
  std::vector<int> pick = {11, 2, 20, 7};
  std::vector<Type> types;
  for (int i : pick) types.push_back(cols[i].type);
  ExpectSameRows(want, ReadAll(reader.value().get(), pick, types), pick);
  // Zero columns still yields the row count.
  std::vector<DataChunk> chunks;
  ASSERT_TRUE(reader.value()->ReadRowGroup(0, {}, {}, &chunks).ok());
  size_t n = 0;
  for (auto& c : chunks) n += c.size();
  EXPECT_EQ(static_cast<int64_t>(n), reader.value()->row_groups()[0].row_count);
}

TEST(ParquetFile, ReadingAsAnIncompatibleTypeIsInvalidArgument) {
  std::string path = TempPath("types.parquet");
  FileSummary summary;
  WriteTable(path, 10, WriterOptions(), &summary);
  auto reader = FileReader::Open(path);
  ASSERT_TRUE(reader.ok());
  std::vector<DataChunk> chunks;
  Status s = reader.value()->ReadRowGroup(0, {11}, {Type(TypeId::kInt4)}, &chunks);
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument) << s.ToString();
  s = reader.value()->ReadRowGroup(0, {99}, {Type(TypeId::kInt4)}, &chunks);
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
  s = reader.value()->ReadRowGroup(7, {0}, {Type(TypeId::kBool)}, &chunks);
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
}

TEST(ParquetFile, ReadsWithCallerTypmods) {
  // numeric(12,2) read as numeric(14,4) re-applies the scale; text read as varchar.
  std::string path = TempPath("typmod.parquet");
  FileSummary summary;
  auto want = WriteTable(path, 50, WriterOptions(), &summary);
  auto reader = FileReader::Open(path);
  ASSERT_TRUE(reader.ok());
  Type n14_4(TypeId::kNumeric, MakeNumericTypmod(14, 4));
  std::vector<DataChunk> chunks;
  ASSERT_TRUE(reader.value()->ReadRowGroup(0, {7, 12}, {n14_4, Type(TypeId::kText)}, &chunks).ok());
  Value v = chunks[0].GetValue(0, 0);
  ASSERT_FALSE(v.is_null());
  EXPECT_EQ(v.GetNumeric().ToString(), want[0][7].GetNumeric().ToString() + "00");
  EXPECT_EQ(chunks[0].column(0).type(), n14_4);
  EXPECT_EQ(chunks[0].GetValue(1, 0).GetString(), want[0][12].GetString());
  // The unbounded numeric column holds values beyond numeric(38,10): the caller's type
  // does not fit, which is InvalidArgument, not Corruption.
  chunks.clear();
  Status s = reader.value()->ReadRowGroup(0, {10}, {kNumeric38_10}, &chunks);
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument) << s.ToString();
}

TEST(ParquetFile, SummaryStatisticsAreExact) {
  std::vector<ColumnDescriptor> cols = {
      {"i", Type(TypeId::kInt8), 1, 0, false},     {"s", Type(TypeId::kText), 2, 0, false},
      {"f", Type(TypeId::kFloat8), 3, 0, false},   {"n", kNumeric12_2, 4, 0, false},
      {"z", Type(TypeId::kInt4), 5, 0, false},     {"a", Type::Array(TypeId::kInt4), 6, 7, false},
      {"u", Type(TypeId::kNumeric), 8, 0, false},  {"iv", Type(TypeId::kInterval), 9, 0, false},
      {"nan", Type(TypeId::kFloat4), 10, 0, false}};
  std::string path = TempPath("stats.parquet");
  WriterOptions opts;
  opts.row_group_bytes = 1;  // a row group per Append
  auto w = FileWriter::Create(path, cols, opts);
  ASSERT_TRUE(w.ok());
  auto num = [](const char* s) {
    return Value::MakeNumeric(Numeric::Parse(s), kNumeric12_2.typmod);
  };
  auto unum = [](const char* s) { return Value::MakeNumeric(Numeric::Parse(s)); };
  std::vector<std::vector<Value>> groups[2] = {
      {{Value::Int8(5), Value::Text("b"), Value::Float8(NAN), num("-3.50"),
        Value::Null(cols[4].type),
        Value::MakeArray(TypeId::kInt4, {Value::Int4(1), Value::Null(Type(TypeId::kInt4))}),
        unum("10"), Value::MakeInterval({1, 0, 0}), Value::Float4(NAN)},
       {Value::Int8(-7), Value::Text("\xc3\xa9"), Value::Float8(2.5), num("12.25"),
        Value::Null(cols[4].type), Value::Null(cols[5].type), unum("9"),
        Value::MakeInterval({0, 1, 0}), Value::Null(cols[8].type)}},
      {{Value::Null(cols[0].type), Value::Text("a"), Value::Float8(-1.0), num("-100.00"),
        Value::Null(cols[4].type), Value::MakeArray(TypeId::kInt4, {}), unum("NaN"),
        Value::Null(cols[7].type), Value::Float4(NAN)}}};
  for (auto& rows : groups) {
    DataChunk chunk(TypesOf(cols));
    for (auto& r : rows) chunk.AppendRow(r);
    ASSERT_TRUE(w.value()->Append(chunk).ok());
  }
  auto fin = w.value()->Finish();
  ASSERT_TRUE(fin.ok()) << fin.status().ToString();
  const FileSummary& s = fin.value();
  ASSERT_EQ(s.columns.size(), cols.size());
  EXPECT_EQ(s.row_count, 3);
  EXPECT_EQ(s.row_group_offsets.size(), 2u);
  EXPECT_EQ(s.row_group_offsets[0], 4);
  EXPECT_EQ(Show(*s.columns[0].min), "-7");
  EXPECT_EQ(Show(*s.columns[0].max), "5");
  EXPECT_EQ(s.columns[0].null_count, 1);
  EXPECT_EQ(s.columns[0].value_count, 3);
  EXPECT_EQ(Show(*s.columns[1].min), "'a'");
  EXPECT_EQ(Show(*s.columns[1].max), "'\xc3\xa9'");  // bytewise unsigned: 0xc3 > 'b'
  EXPECT_EQ(s.columns[2].min->GetDouble(), -1.0);
  EXPECT_EQ(s.columns[2].max->GetDouble(), 2.5);
  EXPECT_EQ(s.columns[2].nan_count, 1);
  EXPECT_EQ(Show(*s.columns[3].min), "-100.00");
  EXPECT_EQ(Show(*s.columns[3].max), "12.25");
  EXPECT_FALSE(s.columns[4].min.has_value());  // all NULL
  EXPECT_EQ(s.columns[4].null_count, 3);
  EXPECT_FALSE(s.columns[5].min.has_value());  // arrays: never
  EXPECT_EQ(s.columns[5].value_count, 4);      // 2 elements + NULL array + empty array
  EXPECT_EQ(s.columns[5].null_count, 3);
  EXPECT_EQ(Show(*s.columns[6].min), "9");  // numeric order, not text order
  EXPECT_EQ(Show(*s.columns[6].max), "NaN");
  EXPECT_FALSE(s.columns[7].min.has_value());  // intervals: never
  EXPECT_FALSE(s.columns[8].min.has_value());  // only NaN
  EXPECT_EQ(s.columns[8].nan_count, 2);
  for (const auto& c : s.columns) EXPECT_GT(c.compressed_bytes, 0);

  auto reader = FileReader::Open(path);
  ASSERT_TRUE(reader.ok());
  const auto& rgs = reader.value()->row_groups();
  ASSERT_EQ(rgs.size(), 2u);
  EXPECT_EQ(rgs[0].row_count, 2);
  EXPECT_EQ(Show(*rgs[0].columns[0].min), "-7");
  EXPECT_EQ(Show(*rgs[0].columns[0].max), "5");
  EXPECT_EQ(Show(*rgs[0].columns[3].min), "-3.50");
  EXPECT_EQ(rgs[0].columns[2].min->GetDouble(), 2.5);  // NaN excluded
  EXPECT_FALSE(rgs[1].columns[0].min.has_value());
  EXPECT_EQ(rgs[1].columns[0].null_count, 1);
  EXPECT_FALSE(rgs[0].columns[7].min.has_value());
  EXPECT_FALSE(rgs[0].columns[5].min.has_value());
}

TEST(ParquetFile, NaNInADecimalColumnIsInvalidArgumentNamingTheColumn) {
  std::vector<ColumnDescriptor> cols = {{"price", kNumeric12_2, 1, 0, false}};
  auto w = FileWriter::Create(TempPath("nan.parquet"), cols, WriterOptions());
  ASSERT_TRUE(w.ok());
  DataChunk chunk(TypesOf(cols));
  chunk.AppendRow({Value::MakeNumeric(Numeric::NaN(), kNumeric12_2.typmod)});
  Status s = w.value()->Append(chunk);
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
  EXPECT_NE(s.message().find("price"), std::string::npos) << s.message();
  EXPECT_FALSE(w.value()->Finish().ok());  // the writer stays failed
}

// Batches big enough to encode their columns in parallel write the same file as the
// chunks appended one by one (one row group either way), and read back the same.
TEST(ParquetFile, BatchesWriteTheSameFileAsSingleChunks) {
  const int kRows = 45000;  // two batches of 10 chunks, both over kParallelRows, and a rest
  static_assert(10 * kChunkSize >= FileWriter::kParallelRows);
  WriterOptions opts;
  opts.page_bytes = 8192;
  FileSummary serial_summary, batched_summary;
  std::string serial = TempPath("serial.parquet"), batched = TempPath("batched.parquet");
  auto want = WriteTable(serial, kRows, opts, &serial_summary);
  WriteTable(batched, kRows, opts, &batched_summary, 10);
  EXPECT_EQ(batched_summary.row_count, kRows);
  auto bytes = [](const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  EXPECT_EQ(bytes(batched), bytes(serial));
  auto reader = FileReader::Open(batched);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  auto cols = AllTypeColumns();
  std::vector<int> all;
  for (size_t i = 0; i < cols.size(); ++i) all.push_back(static_cast<int>(i));
  ExpectSameRows(want, ReadAll(reader.value().get(), all, TypesOf(cols)), all);
}

// A value a column cannot hold fails the batch and the writer, naming the column, whichever
// thread met it.
TEST(ParquetFile, ABadValueInABatchFailsTheWriter) {
  std::vector<ColumnDescriptor> cols = {{"a", Type(TypeId::kInt8), 1, 0, false},
                                        {"k", Type(TypeId::kInt8), 2, 0, true}};
  auto w = FileWriter::Create(TempPath("badbatch.parquet"), cols, WriterOptions());
  ASSERT_TRUE(w.ok());
  std::vector<DataChunk> chunks(10, DataChunk(TypesOf(cols)));
  for (size_t c = 0; c < chunks.size(); c++) {
    for (size_t r = 0; r < kChunkSize; r++) {
      bool null_key = c == 7 && r == 5;
      chunks[c].AppendRow({Value::Int8(static_cast<int64_t>(r)),
                           null_key ? Value::Null(cols[1].type) : Value::Int8(1)});
    }
  }
  std::vector<const DataChunk*> batch;
  for (const DataChunk& c : chunks) batch.push_back(&c);
  Status s = w.value()->AppendBatch(batch);
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
  EXPECT_NE(s.message().find("\"k\""), std::string::npos) << s.ToString();
  EXPECT_EQ(w.value()->Append(chunks[0]).code(), Status::Code::kInvalidArgument);
}

TEST(ParquetFile, RequiredColumnsRejectNullsAndRoundTrip) {
  std::vector<ColumnDescriptor> cols = {{"k", Type(TypeId::kInt8), 1, 0, true},
                                        {"a", Type::Array(TypeId::kText), 2, 3, true}};
  std::string path = TempPath("required.parquet");
  auto w = FileWriter::Create(path, cols, WriterOptions());
  ASSERT_TRUE(w.ok());
  DataChunk chunk(TypesOf(cols));
  std::vector<std::vector<Value>> rows = {
      {Value::Int8(1),
       Value::MakeArray(TypeId::kText, {Value::Text("x"), Value::Null(Type(TypeId::kText))})},
      {Value::Int8(2), Value::MakeArray(TypeId::kText, {})}};
  for (auto& r : rows) chunk.AppendRow(r);
  ASSERT_TRUE(w.value()->Append(chunk).ok());
  ASSERT_TRUE(w.value()->Finish().ok());
  auto reader = FileReader::Open(path);
  ASSERT_TRUE(reader.ok());
  EXPECT_TRUE(reader.value()->columns()[0].required);
  EXPECT_TRUE(reader.value()->columns()[1].required);
  ExpectSameRows(rows, ReadAll(reader.value().get(), {0, 1}, TypesOf(cols)), {0, 1});

  auto w2 = FileWriter::Create(TempPath("required2.parquet"), cols, WriterOptions());
  DataChunk bad(TypesOf(cols));
  bad.AppendRow({Value::Null(cols[0].type), Value::MakeArray(TypeId::kText, {})});
  Status s = w2.value()->Append(bad);
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
  EXPECT_NE(s.message().find("\"k\""), std::string::npos);
}

TEST(ParquetFile, DictionaryShrinksRepetitiveDataAndFallsBackWhenLarge) {
  std::vector<ColumnDescriptor> cols = {{"s", Type(TypeId::kText), 1, 0, false}};
  auto write = [&](const std::string& name, const WriterOptions& opts, bool distinct) {
    std::vector<std::vector<Value>> rows;
    for (int r = 0; r < 20000; ++r) {
      rows.push_back({Value::Text(distinct ? "distinct-value-" + std::to_string(r * 7919)
                                           : "category-" + std::to_string(r % 10))});
    }
    return WriteAndReadBack(name, cols, opts, rows);
  };
  WriterOptions plain;
  plain.codec = Codec::kUncompressed;
  plain.dictionary = false;
  WriterOptions dict = plain;
  dict.dictionary = true;
  EXPECT_LT(write("dict.parquet", dict, false) * 5, write("plain.parquet", plain, false));
  // A small dictionary limit forces the PLAIN fallback mid-chunk; values must survive.
  WriterOptions small = dict;
  small.dictionary_bytes = 4096;
  small.page_bytes = 2048;
  write("fallback.parquet", small, true);
}

// Fixed-width values go through the flat dictionary table: repeated ints and doubles (with
// -0, 0 and NaN, which are distinct dictionary entries) round-trip beside a column of
// distinct values, whose dictionary is given up after its first pages.
TEST(ParquetFile, FixedWidthDictionaryRoundTrips) {
  std::vector<ColumnDescriptor> cols = {{"id", Type(TypeId::kInt8), 1, 0, false},
                                        {"category", Type(TypeId::kInt4), 2, 0, false},
                                        {"x", Type(TypeId::kFloat8), 3, 0, false}};
  const double specials[] = {-0.0, 0.0, std::nan(""), 1.5, -2.25};
  auto write = [&](const std::string& name, const WriterOptions& opts) {
    std::vector<std::vector<Value>> rows;
    for (int64_t r = 0; r < 100000; ++r) {
      rows.push_back(
          {Value::Int8(r * 1000003), Value::Int4(r % 7 - 3),
           r % 11 == 0 ? Value::Null(Type(TypeId::kFloat8)) : Value::Float8(specials[r % 5])});
    }
    return WriteAndReadBack(name, cols, opts, rows);
  };
  WriterOptions plain;
  plain.codec = Codec::kUncompressed;
  plain.dictionary = false;
  WriterOptions dict = plain;
  dict.dictionary = true;
  int64_t plain_size = write("fixed-plain.parquet", plain);
  int64_t dict_size = write("fixed-dict.parquet", dict);
  // The two repetitive columns shrink from 12 bytes a row to a few bits.
  EXPECT_LT(dict_size, plain_size * 3 / 4);
  EXPECT_GT(dict_size, 100000 * 8);
}

TEST(ParquetFile, EmptyFileHasNoRowGroups) {
  std::string path = TempPath("empty.parquet");
  auto w = FileWriter::Create(path, AllTypeColumns(), WriterOptions());
  ASSERT_TRUE(w.ok());
  auto fin = w.value()->Finish();
  ASSERT_TRUE(fin.ok());
  EXPECT_EQ(fin.value().row_count, 0);
  auto reader = FileReader::Open(path);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  EXPECT_EQ(reader.value()->row_count(), 0);
  EXPECT_TRUE(reader.value()->row_groups().empty());
}

TEST(ParquetFile, KeyValueMetadataIsKept) {
  std::string path = TempPath("kv.parquet");
  WriterOptions opts;
  opts.key_value_metadata = {{"iceberg.schema", "{\"type\":\"struct\"}"}};
  auto w = FileWriter::Create(path, {{"x", Type(TypeId::kInt4), 1, 0, false}}, opts);
  ASSERT_TRUE(w.ok());
  ASSERT_TRUE(w.value()->Finish().ok());
  auto reader = FileReader::Open(path);
  ASSERT_TRUE(reader.ok());
  EXPECT_EQ(reader.value()->key_value_metadata(), opts.key_value_metadata);
}

TEST(ParquetFile, FullDiskIsNoSpace) {
  auto w = FileWriter::Create("/dev/full", AllTypeColumns(), WriterOptions());
  ASSERT_TRUE(w.ok()) << w.status().ToString();
  FileSummary unused;
  std::mt19937 rng(1);
  auto cols = AllTypeColumns();
  DataChunk chunk(TypesOf(cols));
  for (int r = 0; r < 100; ++r) chunk.AppendRow(MakeRow(cols, r, &rng));
  Status s = w.value()->Append(chunk);
  if (s.ok()) s = w.value()->Finish().status();
  EXPECT_EQ(s.code(), Status::Code::kNoSpace) << s.ToString();
  EXPECT_NE(s.message().find("/dev/full"), std::string::npos);
}

TEST(ParquetFile, MissingFileIsNotFound) {
  auto r = FileReader::Open(TempPath("does-not-exist.parquet"));
  EXPECT_EQ(r.status().code(), Status::Code::kNotFound);
}

}  // namespace
}  // namespace firn::parquet
