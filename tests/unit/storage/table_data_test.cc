#include "storage/table_data.h"

#include <gtest/gtest.h>

#include "types/value_io.h"

namespace firn {
namespace {

std::vector<Type> Types() { return {Type(TypeId::kInt8), Type(TypeId::kText)}; }

TableWrite Insert(int64_t from, int64_t to) {
  DataChunk rows(Types());
  for (int64_t i = from; i < to; i++) {
    rows.AppendRow({Value::Int8(i), Value::Text("row" + std::to_string(i))});
  }
  TableWrite w(Types());
  w.inserts.Append(rows);
  return w;
}

size_t LiveRows(const TableVersion& v) {
  size_t n = 0;
  for (const TableSegment& s : v.segments) {
    for (size_t r = 0; r < s.rows->size(); r++) {
      if (!s.deleted || !(*s.deleted)[r]) n++;
    }
  }
  return n;
}

TEST(TableDataTest, SnapshotTakenBeforeCommitDoesNotSeeIt) {
  TableData table(Types());
  auto before = table.Snapshot();
  table.Commit(Insert(0, 10));
  EXPECT_EQ(LiveRows(*before), 0u);
  EXPECT_EQ(LiveRows(*table.Snapshot()), 10u);
  EXPECT_EQ(table.Snapshot()->live_rows, 10u);
}

TEST(TableDataTest, SmallInsertsShareSegmentsAndKeepOrder) {
  TableData table(Types());
  for (int64_t i = 0; i < 100; i++) table.Commit(Insert(i, i + 1));
  auto v = table.Snapshot();
  ASSERT_EQ(v->segments.size(), 1u);
  const DataChunk& rows = *v->segments[0].rows;
  ASSERT_EQ(rows.size(), 100u);
  for (size_t i = 0; i < 100; i++) EXPECT_EQ(rows.column(0).ints()[i], static_cast<int64_t>(i));
}

TEST(TableDataTest, LargeInsertSplitsIntoChunkSizedSegments) {
  TableData table(Types());
  table.Commit(Insert(0, static_cast<int64_t>(kChunkSize * 2 + 5)));
  auto v = table.Snapshot();
  ASSERT_EQ(v->segments.size(), 3u);
  EXPECT_EQ(v->segments[2].first_row_id, kChunkSize * 2);
  EXPECT_EQ(LiveRows(*v), kChunkSize * 2 + 5);
}

TEST(TableDataTest, DeletesAreCopyOnWrite) {
  TableData table(Types());
  table.Commit(Insert(0, 10));
  auto before = table.Snapshot();
  TableWrite del(Types());
  del.deletes = {3, 5, 5};
  table.Commit(del);
  EXPECT_EQ(LiveRows(*before), 10u);
  EXPECT_EQ(LiveRows(*table.Snapshot()), 8u);
  EXPECT_EQ(table.Snapshot()->live_rows, 8u);
}

TEST(TableDataTest, PendingRowsDeletedBeforeCommitAreDropped) {
  TableData table(Types());
  TableWrite w = Insert(0, 4);
  w.insert_deleted = {0, 1, 0, 1};
  table.Commit(w);
  auto v = table.Snapshot();
  ASSERT_EQ(LiveRows(*v), 2u);
  EXPECT_EQ(v->segments[0].rows->column(0).ints()[1], 2);
}

TEST(TableDataTest, PreparedInsertsCommitTheSameRowsAndStatistics) {
  TableData plain(Types()), ahead(Types());
  // A small segment first: the prepared commit leaves it as it is; the plain one tops it up.
  plain.Commit(Insert(0, 3));
  ahead.Commit(Insert(0, 3));
  TableWrite big = Insert(3, static_cast<int64_t>(kChunkSize * 3 + 10));
  big.insert_deleted.assign(big.inserts.size(), 0);
  big.insert_deleted[1] = 1;  // deleted again before the commit: kept out of both
  big.deletes = {0};
  PreparedInserts prepared = ahead.PrepareInserts(big);
  EXPECT_EQ(ahead.Snapshot()->live_rows, 3u);  // preparing changes nothing yet
  plain.Commit(big);
  ahead.Commit(big, &prepared);

  auto p = plain.Snapshot(), a = ahead.Snapshot();
  EXPECT_EQ(a->live_rows, p->live_rows);
  EXPECT_EQ(a->next_row_id, p->next_row_id);
  EXPECT_EQ(LiveRows(*a), LiveRows(*p));
  // 3 rows, then the pending chunks as they are: the first without its deleted row, two
  // full ones and the last 7 rows.
  ASSERT_EQ(a->segments.size(), 5u);
  EXPECT_EQ(a->segments[1].first_row_id, 3u);
  EXPECT_EQ(a->segments[1].size(), kChunkSize - 1);
  EXPECT_EQ(a->segments[2].size(), kChunkSize);
  EXPECT_EQ(a->segments[4].size(), 7u);
  std::vector<int64_t> plain_ids, ahead_ids;
  for (const auto* v : {p.get(), a.get()}) {
    std::vector<int64_t>& ids = v == p.get() ? plain_ids : ahead_ids;
    for (const TableSegment& seg : v->segments) {
      for (size_t r = 0; r < seg.size(); r++) {
        if (seg.deleted && (*seg.deleted)[r]) continue;
        ids.push_back(seg.rows->column(0).ints()[r]);
        EXPECT_EQ(seg.rows->column(1).strings()[r], "row" + std::to_string(ids.back()));
      }
      ASSERT_TRUE(seg.zone_map);
      EXPECT_EQ(seg.zone_map->columns[0].min.GetInt64(), seg.rows->column(0).ints().front());
      EXPECT_EQ(seg.zone_map->columns[0].max.GetInt64(), seg.rows->column(0).ints().back());
    }
  }
  EXPECT_EQ(ahead_ids, plain_ids);
  EXPECT_EQ(ahead_ids.size(), kChunkSize * 3 + 10 - 2);  // less the two deleted
}

// ALTER TABLE ADD COLUMN: stored rows get the new column as NULL (their statistics say
// so); writes prepared with the old columns commit padded with NULL, prepared or not; and
// dropping the column again (its undo) leaves the rows as they were.
TEST(TableDataTest, SetColumnsAddsNullColumnsAndFitsOldWrites) {
  TableData table(Types());
  table.Commit(Insert(0, 5));
  TableWrite old_plain = Insert(5, 7);
  TableWrite old_prepared = Insert(7, 9);
  PreparedInserts prepared = table.PrepareInserts(old_prepared);
  auto before = table.Snapshot();

  std::vector<Type> wider = Types();
  wider.push_back(Type(TypeId::kFloat8));
  table.SetColumns(wider, 2);
  EXPECT_EQ(table.column_types().size(), 3u);
  EXPECT_EQ(before->segments[0].rows->column_count(), 2u);  // old snapshots unchanged
  table.Commit(old_plain);
  table.Commit(old_prepared, &prepared);
  DataChunk fresh(wider);
  fresh.AppendRow({Value::Int8(9), Value::Text("row9"), Value::Float8(0.5)});
  TableWrite w(wider);
  w.inserts.Append(fresh);
  table.Commit(w);

  auto v = table.Snapshot();
  EXPECT_EQ(v->live_rows, 10u);
  std::vector<std::string> added;
  for (const TableSegment& seg : v->segments) {
    ASSERT_EQ(seg.rows->column_count(), 3u);
    ASSERT_EQ(seg.zone_map->columns.size(), 3u);
    for (size_t r = 0; r < seg.size(); r++) {
      Value x = seg.rows->GetValue(2, r);
      added.push_back(x.is_null() ? "NULL" : ValueToText(x));
    }
  }
  EXPECT_EQ(added, (std::vector<std::string>{"NULL", "NULL", "NULL", "NULL", "NULL", "NULL", "NULL",
                                             "NULL", "NULL", "0.5"}));
  EXPECT_TRUE(v->segments[0].zone_map->columns[2].all_null());

  table.SetColumns(Types(), 2);
  v = table.Snapshot();
  EXPECT_EQ(v->live_rows, 10u);
  for (const TableSegment& seg : v->segments) EXPECT_EQ(seg.rows->column_count(), 2u);
  const TableSegment& last = v->segments.back();
  EXPECT_EQ(ValueToText(last.rows->GetValue(1, last.size() - 1)), "row9");
}

// ROLLBACK TO SAVEPOINT cuts a transaction's pending rows back, in the middle of a chunk
// too, without changing a chunk a reader may share; rows of a statement bound before the
// table gained a column are NULL in it, and AddColumns widens the rows already pending.
TEST(PendingRowsTest, TruncateAndAddColumns) {
  PendingRows rows(Types());
  TableWrite first = Insert(0, static_cast<int64_t>(kChunkSize + 10));
  for (const auto& chunk : first.inserts.chunks()) rows.Append(*chunk);
  rows.Append(*Insert(0, 10).inserts.chunks()[0]);
  ASSERT_EQ(rows.size(), kChunkSize + 20);
  std::shared_ptr<DataChunk> shared = rows.chunks().back();
  rows.Truncate(kChunkSize + 5);
  EXPECT_EQ(rows.size(), kChunkSize + 5);
  ASSERT_EQ(rows.chunks().size(), 2u);
  EXPECT_EQ(rows.chunks().back()->size(), 5u);
  EXPECT_EQ(shared->size(), 20u);  // the old chunk is untouched
  rows.Truncate(kChunkSize);
  EXPECT_EQ(rows.chunks().size(), 1u);

  std::vector<Type> wider = Types();
  wider.push_back(Type(TypeId::kBool));
  rows.AddColumns(wider);
  EXPECT_EQ(rows.types().size(), 3u);
  EXPECT_EQ(rows.chunks()[0]->column_count(), 3u);
  EXPECT_TRUE(rows.chunks()[0]->column(2).IsNull(kChunkSize - 1));
  rows.Append(*Insert(7, 8).inserts.chunks()[0]);  // two columns: NULL in the third
  const DataChunk& last = *rows.chunks().back();
  ASSERT_EQ(last.column_count(), 3u);
  EXPECT_EQ(last.column(0).ints()[0], 7);
  EXPECT_TRUE(last.column(2).IsNull(0));
  EXPECT_EQ(rows.size(), kChunkSize + 1);
}

}  // namespace
}  // namespace firn
