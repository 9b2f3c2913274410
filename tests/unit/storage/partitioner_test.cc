#include "storage/iceberg/partitioner.h"

#include <gtest/gtest.h>

#include "scratch_dir.h"
#include "storage/iceberg/commit_loader.h"
#include "storage/parquet/file_writer.h"
#include "storage/segment_columns.h"
#include "types/civil.h"

namespace firn::iceberg {
namespace {

TEST(PartitionerTest, RowIdRunsRoundTrip) {
  EXPECT_EQ(EncodeRowIds({3, 4, 5, 9, 10, 20}), "3:3,3:2,9:1");
  EXPECT_EQ(EncodeRowIds({0}), "0:1");
  auto runs = DecodeRowIds("3:3,3:2,9:1");
  ASSERT_TRUE(runs.ok());
  EXPECT_EQ(runs.value(), (std::vector<std::pair<uint64_t, uint64_t>>{{3, 3}, {9, 2}, {20, 1}}));
  for (const char* bad : {"", "1", "1:0", "1:2,0:1", "a:b", "1:2,", "1:2;3:4", "-1:2"}) {
    EXPECT_FALSE(DecodeRowIds(bad).ok()) << bad;
  }
}

TableMetadata PartitionedMetadata() {
  TableMetadata md;
  md.schemas.push_back(Schema{0,
                              {{"id", Type(TypeId::kInt8), false, 1},
                               {"at", Type(TypeId::kTimestampTz), false, 2},
                               {"name", Type(TypeId::kText), false, 3}}});
  md.partition_specs[0].fields = {{2, 1000, "at_day", "day"}, {3, 1001, "name", "identity"}};
  return md;
}

TEST(PartitionerTest, KeysTuplesAndFolders) {
  auto p = Partitioner::Make(PartitionedMetadata());
  ASSERT_TRUE(p.ok()) << p.status().message();
  ASSERT_TRUE(p.value().partitioned());
  DataChunk chunk({Type(TypeId::kInt8), Type(TypeId::kTimestampTz), Type(TypeId::kText)});
  int64_t day = civil::DaysFromCivil(2026, 1, 15);
  chunk.AppendRow(
      {Value::Int8(1), Value::TimestampTz(day * 86400000000LL + 5), Value::Text("a/b")});
  chunk.AppendRow({Value::Int8(2), Value::Null(Type(TypeId::kTimestampTz)), Value::Text("x")});
  PartitionKey k0 = p.value().KeyOf(chunk, 0);
  PartitionKey k1 = p.value().KeyOf(chunk, 1);
  EXPECT_EQ(p.value().RelativeDir(k0), "at_day=2026-01-15/name=a%2Fb");
  EXPECT_EQ(p.value().RelativeDir(k1), "at_day=null/name=x");
  PartitionTuple t = p.value().TupleOf(k1);
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t[0].first, 1000);
  EXPECT_FALSE(t[0].second.has_value());
  EXPECT_EQ(t[1].second->GetString(), "x");
  EXPECT_TRUE(PartitionKeyLess()(k1, k0));  // NULL first
  EXPECT_FALSE(PartitionKeyLess()(k0, k0));

  chunk.AppendRow({Value::Int8(3), Value::TimestampTz(0), Value::Text(std::string(300, 'z'))});
  std::string dir = p.value().RelativeDir(p.value().KeyOf(chunk, 2));
  EXPECT_EQ(dir.substr(0, 25), "at_day=1970-01-01/name=zz");
  EXPECT_EQ(dir.size(), std::string("at_day=1970-01-01/name=").size() + 100);
  EXPECT_NE(dir, p.value().RelativeDir(p.value().KeyOf(chunk, 0)));

  TableMetadata bad = PartitionedMetadata();
  bad.partition_specs[0].fields.push_back({3, 1002, "name_year", "year"});
  EXPECT_FALSE(Partitioner::Make(bad).ok());
}

// Writes a one-column Parquet file (field id 1) holding `values`, with `row_ids` in its
// footer when given, and opens it as a commit file.
CommitFile FileWith(const ScratchDir& dir, const std::vector<int64_t>& values,
                    const std::string& row_ids) {
  const std::string path = dir.path() + "/f" + std::to_string(values.front()) + ".parquet";
  parquet::WriterOptions options;
  if (!row_ids.empty()) options.key_value_metadata.emplace_back(kRowIdsKey, row_ids);
  auto writer = parquet::FileWriter::Create(
      path, {parquet::ColumnDescriptor{"v", Type(TypeId::kInt8), 1, 0, false}}, options);
  EXPECT_TRUE(writer.ok());
  DataChunk chunk({Type(TypeId::kInt8)});
  for (int64_t v : values) chunk.AppendRow({Value::Int8(v)});
  EXPECT_TRUE(writer.value()->Append(chunk).ok());
  EXPECT_TRUE(writer.value()->Finish().ok());
  DataFile file;
  file.file_path = path;
  auto opened =
      OpenCommitFile(file, {Column{"v", Type(TypeId::kInt8), false, 1}},
                     {Column{"v", Type(TypeId::kInt8)}}, std::make_shared<ColumnCache>(1 << 20));
  EXPECT_TRUE(opened.ok()) << opened.status().message();
  return opened.take();
}

std::vector<int64_t> Rows(const TableData& t) {
  std::vector<int64_t> out;
  for (const TableSegment& seg : t.Snapshot()->segments) {
    auto rows = SegmentColumns::Read(seg, {true});
    EXPECT_TRUE(rows.ok()) << rows.status().message();
    for (size_t r = 0; r < rows.value().size(); r++) {
      out.push_back(rows.value().column(0).ints()[r]);
    }
  }
  return out;
}

TEST(CommitLoaderTest, InterleavesPartitionFilesBackIntoRowIdOrder) {
  TableData table({Type(TypeId::kInt8)});
  std::vector<RowRun> runs;
  uint64_t next_row = 0;
  ScratchDir dir;
  ASSERT_TRUE(LoadCommit({FileWith(dir, {1, 2}, "")}, 0, &next_row, table, &runs).ok());
  std::vector<CommitFile> group;
  group.push_back(FileWith(dir, {10, 12, 13}, "2:1,1:2"));  // ids 2, 4, 5
  group.push_back(FileWith(dir, {11, 14}, "3:1,2:1"));      // ids 3, 6
  ASSERT_TRUE(LoadCommit(std::move(group), 1, &next_row, table, &runs).ok());
  EXPECT_EQ(next_row, 7u);
  EXPECT_EQ(Rows(table), (std::vector<int64_t>{1, 2, 10, 11, 12, 13, 14}));
  ASSERT_EQ(runs.size(), 5u);
  EXPECT_EQ(runs[3].first_row_id, 4u);  // ids 4-5 are positions 1-2 of file 1
  EXPECT_EQ(runs[3].first_pos, 1u);
  EXPECT_EQ(runs[3].file, 1u);
  EXPECT_EQ(runs[3].rows, 2u);
}

TEST(CommitLoaderTest, GapsOverlapsAndMismatchedCountsAreCorruption) {
  for (auto [a, b] : std::vector<std::pair<std::string, std::string>>{
           {"0:2", "3:1"}, {"0:2", "1:1"}, {"0:1", "2:1"}, {"0:2", ""}}) {
    TableData table({Type(TypeId::kInt8)});
    std::vector<RowRun> runs;
    uint64_t next_row = 0;
    ScratchDir dir;
    std::vector<CommitFile> group;
    group.push_back(FileWith(dir, {1, 2}, a));
    group.push_back(FileWith(dir, {3}, b));
    Status s = LoadCommit(std::move(group), 0, &next_row, table, &runs);
    EXPECT_EQ(s.code(), Status::Code::kCorruption) << a << " " << b;
  }
}

}  // namespace
}  // namespace firn::iceberg
