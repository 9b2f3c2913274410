#include "storage/cold_file.h"

#include <gtest/gtest.h>

#include "scratch_dir.h"
#include "storage/parquet/file_writer.h"
#include "storage/segment_columns.h"

namespace firn {
namespace {

std::vector<Type> Types() { return {Type(TypeId::kInt8), Type(TypeId::kText)}; }
std::vector<ColdColumn> Columns() {
  return {{1, "id", Type(TypeId::kInt8)}, {2, "name", Type(TypeId::kText)}};
}

// Row i: (i, "row<i>"), with every seventh name NULL.
DataChunk Rows(int64_t from, int64_t to) {
  DataChunk rows(Types());
  for (int64_t i = from; i < to; i++) {
    rows.AppendRow({Value::Int8(i), i % 7 == 0 ? Value::Null(Type(TypeId::kText))
                                               : Value::Text("row" + std::to_string(i))});
  }
  return rows;
}

TableWrite Insert(int64_t from, int64_t to) {
  TableWrite w(Types());
  w.inserts.Append(Rows(from, to));
  return w;
}

// Writes rows [from, to) as a Parquet file (field ids 1, 2), with a row group every
// `group_rows` rows.
std::string WriteFile(const ScratchDir& dir, int64_t from, int64_t to, int64_t group_rows) {
  const std::string path = dir.path() + "/" + std::to_string(from) + ".parquet";
  parquet::WriterOptions options;
  options.row_group_bytes = 1;  // every Append ends a row group
  auto writer = parquet::FileWriter::Create(
      path,
      {parquet::ColumnDescriptor{"id", Type(TypeId::kInt8), 1, 0, false},
       parquet::ColumnDescriptor{"name", Type(TypeId::kText), 2, 0, false}},
      options);
  EXPECT_TRUE(writer.ok());
  for (int64_t at = from; at < to; at += group_rows) {
    EXPECT_TRUE(writer.value()->Append(Rows(at, std::min(to, at + group_rows))).ok());
  }
  EXPECT_TRUE(writer.value()->Finish().ok());
  return path;
}

// Every live row of `version` as (id, name or "NULL"), read through SegmentColumns.
std::vector<std::pair<int64_t, std::string>> LiveRows(const TableVersion& version) {
  std::vector<std::pair<int64_t, std::string>> out;
  for (const TableSegment& seg : version.segments) {
    auto rows = SegmentColumns::Read(seg, {true, true});
    EXPECT_TRUE(rows.ok()) << rows.status().message();
    for (size_t r = 0; r < rows.value().size(); r++) {
      if (seg.deleted && (*seg.deleted)[r]) continue;
      const Vector& name = rows.value().column(1);
      out.emplace_back(rows.value().column(0).ints()[r],
                       name.IsNull(r) ? "NULL" : name.strings()[r]);
    }
  }
  return out;
}

TEST(ColdFileTest, SegmentsFollowRowGroupsAndChunksAndReadBackEveryRow) {
  ScratchDir dir;
  auto cache = std::make_shared<ColumnCache>(size_t{64} << 20);
  // Row groups of 5000 rows: chunks of 2048, 2048, 904 in each.
  auto file = ColdFile::Open(WriteFile(dir, 0, 12000, 5000), Columns(), cache);
  ASSERT_TRUE(file.ok()) << file.status().message();
  EXPECT_EQ(file.value()->rows(), 12000u);
  std::vector<TableSegment> segments;
  AppendColdSegments(file.value(), 100, 0, 12000, &segments);
  ASSERT_EQ(segments.size(), 7u);  // 2048, 2048, 904 | 2048, 2048, 904 | 2000
  EXPECT_EQ(segments[2].cold_rows, 904u);
  EXPECT_EQ(segments[3].file_pos, 5000u);
  EXPECT_EQ(segments[3].first_row_id, 5100u);
  // Zone maps come from the row group statistics.
  const ColumnStats& ids = segments[3].zone_map->columns[0];
  ASSERT_TRUE(ids.valid);
  EXPECT_EQ(ids.min.GetInt64(), 5000);
  EXPECT_EQ(ids.max.GetInt64(), 9999);

  TableData table(Types());
  table.Commit(Insert(0, 100));  // hot rows first, then the file's
  table.AppendCold(segments);
  EXPECT_EQ(table.Snapshot()->next_row_id, 12100u);
  auto rows = LiveRows(*table.Snapshot());
  ASSERT_EQ(rows.size(), 12100u);
  for (size_t i = 0; i < rows.size(); i++) {
    int64_t want = i < 100 ? static_cast<int64_t>(i) : static_cast<int64_t>(i) - 100;
    ASSERT_EQ(rows[i].first, want);
    ASSERT_EQ(rows[i].second, want % 7 == 0 ? "NULL" : "row" + std::to_string(want));
  }
  // Aligned segments share the cached chunk: a second read decodes nothing.
  ColumnCache::Stats before = cache->stats();
  auto again = SegmentColumns::Read(segments[4], {true, false});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(cache->stats().misses, before.misses);
  EXPECT_GT(cache->stats().hits, before.hits);
  EXPECT_EQ(again.value().column(0).ints()[0], 2048 + 5000);
}

TEST(ColdFileTest, UnalignedRangesAcrossRowGroupsAreCopied) {
  ScratchDir dir;
  auto cache = std::make_shared<ColumnCache>(size_t{64} << 20);
  auto file = ColdFile::Open(WriteFile(dir, 0, 3000, 1000), Columns(), cache);
  ASSERT_TRUE(file.ok());
  std::vector<std::shared_ptr<const Vector>> columns;
  ASSERT_TRUE(file.value()->Read(990, 1020, {true, true}, &columns).ok());  // rgs 0, 1 and 2
  ASSERT_EQ(columns[0]->size(), 1020u);
  for (size_t i = 0; i < 1020; i++) EXPECT_EQ(columns[0]->ints()[i], static_cast<int64_t>(990 + i));
  EXPECT_FALSE(columns[1]->IsNull(0));
  EXPECT_TRUE(columns[1]->IsNull(4));  // row 994 = 7 * 142
  EXPECT_EQ(columns[1]->strings()[1018], "row2008");
}

TEST(ColdFileTest, MakeColdKeepsDeletesAndExactStatistics) {
  ScratchDir dir;
  auto cache = std::make_shared<ColumnCache>(size_t{64} << 20);
  TableData table(Types());
  table.Commit(Insert(0, 5000));
  TableWrite del(Types());
  del.deletes = {3, 2500};
  table.Commit(del);
  auto file = ColdFile::Open(WriteFile(dir, 0, 5000, 3000), Columns(), cache);
  ASSERT_TRUE(file.ok());
  // After the checkpoint's version: tops up the last segment [4096, 4999], which then
  // reaches past the flushed rows and stays hot.
  table.Commit(Insert(5000, 5010));
  auto expected = LiveRows(*table.Snapshot());
  table.MakeCold(5000, [&](uint64_t from, uint64_t to) {
    std::vector<TableSegment> out;
    AppendColdSegments(file.value(), from, from, to - from, &out);
    return out;
  });
  auto v = table.Snapshot();
  size_t cold = 0;
  for (const TableSegment& seg : v->segments) cold += seg.file ? 1 : 0;
  EXPECT_EQ(cold, 3u);  // rows [0, 4096): 2048, 952 | 1096 (row groups of 3000 and 2000)
  ASSERT_EQ(v->segments.size(), 4u);
  EXPECT_EQ(v->segments[3].first_row_id, 4096u);
  EXPECT_TRUE(v->segments[3].rows);
  EXPECT_EQ(v->live_rows, 5008u);
  EXPECT_EQ(LiveRows(*v), expected);
  // Statistics of exactly each segment's rows (hot rows gave them), not its row group's.
  EXPECT_EQ(v->segments[1].zone_map->columns[0].min.GetInt64(), 2048);
  EXPECT_EQ(v->segments[1].zone_map->columns[0].max.GetInt64(), 2999);
  // A later delete of a cold row works on the cold segment's mask.
  TableWrite del2(Types());
  del2.deletes = {10};
  table.Commit(del2);
  EXPECT_EQ(LiveRows(*table.Snapshot()).size(), 5007u);
  // Making cold again is a no-op; appends after cold segments start a new hot segment.
  table.MakeCold(4096, [](uint64_t, uint64_t) { return std::vector<TableSegment>{}; });
  EXPECT_EQ(table.Snapshot()->segments.size(), 4u);
  table.Commit(Insert(5010, 5011));
  EXPECT_EQ(table.Snapshot()->segments.back().rows->size(), 915u);
}

TEST(ColdFileTest, MissingOrCorruptFilesAreErrorsNamingThem) {
  ScratchDir dir;
  auto cache = std::make_shared<ColumnCache>(size_t{64} << 20);
  std::string path = WriteFile(dir, 0, 100, 100);
  auto file = ColdFile::Open(path, Columns(), cache);
  ASSERT_TRUE(file.ok());
  std::vector<TableSegment> segments;
  AppendColdSegments(file.value(), 0, 0, 100, &segments);
  std::filesystem::rename(path, path + ".gone");
  auto rows = SegmentColumns::Read(segments[0], {true, false});
  ASSERT_FALSE(rows.ok());
  EXPECT_NE(rows.status().message().find(path), std::string::npos) << rows.status().message();
  std::filesystem::rename(path + ".gone", path);
  EXPECT_TRUE(SegmentColumns::Read(segments[0], {true, false}).ok());
}

// A column added to the table after a file was written (a field id the file lacks) reads
// as NULL in every row, and its statistics say so; WithColumns gives an opened file such
// columns and keeps reading the others.
TEST(ColdFileTest, ColumnsTheFileLacksAreNull) {
  ScratchDir dir;
  auto cache = std::make_shared<ColumnCache>(size_t{64} << 20);
  std::string path = WriteFile(dir, 0, 100, 40);
  std::vector<ColdColumn> columns = Columns();
  columns.push_back({9, "added", Type(TypeId::kFloat8)});
  auto file = ColdFile::Open(path, columns, cache);
  ASSERT_TRUE(file.ok()) << file.status().message();
  std::vector<TableSegment> segments;
  AppendColdSegments(file.value(), 0, 0, 100, &segments);
  ASSERT_EQ(segments.size(), 3u);
  for (const TableSegment& seg : segments) {
    EXPECT_TRUE(seg.zone_map->columns[2].all_null());
    auto rows = SegmentColumns::Read(seg, {true, false, true});
    ASSERT_TRUE(rows.ok());
    for (size_t r = 0; r < rows.value().size(); r++) {
      EXPECT_EQ(rows.value().column(0).ints()[r], static_cast<int64_t>(seg.file_pos + r));
      EXPECT_TRUE(rows.value().column(2).IsNull(r));
    }
  }

  auto narrow = ColdFile::Open(path, Columns(), cache);
  ASSERT_TRUE(narrow.ok());
  auto wide = narrow.value()->WithColumns(
      {Type(TypeId::kInt8), Type(TypeId::kText), Type(TypeId::kBool)}, 2);
  ASSERT_EQ(wide->column_count(), 3u);
  segments.clear();
  AppendColdSegments(wide, 0, 0, 100, &segments);
  auto rows = SegmentColumns::Read(segments[1], {false, true, true});
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows.value().column(1).strings()[1], "row41");
  EXPECT_TRUE(rows.value().column(2).IsNull(1));
  EXPECT_TRUE(segments[1].zone_map->columns[2].all_null());
  EXPECT_FALSE(segments[1].zone_map->columns[1].all_null());
}

TEST(ColumnCacheTest, EvictsLeastRecentlyUsedBeyondItsBudget) {
  auto chunk = [](int64_t v) {
    auto c = std::make_shared<ColumnCache::Chunks>();
    c->emplace_back(Type(TypeId::kInt8));
    for (int i = 0; i < 1000; i++) c->back().Append(Value::Int8(v));
    return c;
  };
  const size_t one = ColumnCache::BytesOf(*chunk(0));
  ColumnCache cache(one * 2);
  const uint64_t a = cache.NewFileId(), b = cache.NewFileId();
  EXPECT_NE(a, b);
  cache.Put(a, 0, 0, chunk(1));
  cache.Put(a, 0, 1, chunk(2));
  ASSERT_NE(cache.Get(a, 0, 0), nullptr);  // now the most recent
  cache.Put(b, 0, 0, chunk(3));            // evicts (a, 0, 1)
  EXPECT_EQ(cache.Get(a, 0, 1), nullptr);
  EXPECT_EQ((*cache.Get(a, 0, 0))[0].ints()[0], 1);
  EXPECT_EQ((*cache.Get(b, 0, 0))[0].ints()[0], 3);
  EXPECT_EQ(cache.stats().entries, 2u);
  EXPECT_LE(cache.stats().bytes, one * 2);
}

}  // namespace
}  // namespace firn
