#include "storage/unique_keys.h"

#include <gtest/gtest.h>

#include "types/numeric.h"

namespace firn {
namespace {

std::vector<Type> Types() { return {Type(TypeId::kInt8), Type(TypeId::kText)}; }
const std::vector<UniqueIndexSpec> kById = {UniqueIndexSpec{100, {0}}};

TableWrite Insert(std::initializer_list<int64_t> ids) {
  DataChunk rows(Types());
  for (int64_t id : ids) rows.AppendRow({Value::Int8(id), Value::Text("row" + std::to_string(id))});
  TableWrite w(Types());
  w.inserts.Append(rows);
  w.insert_deleted.resize(w.inserts.size(), 0);
  return w;
}

// Claims and commits `write` as a transaction's commit does; the conflict, if any.
std::optional<KeyConflict> CommitWrite(TableData& table, const TableWrite& write) {
  KeyChanges changes;
  auto claimed = table.unique_keys().Claim(kById, table, write, changes);
  EXPECT_TRUE(claimed.ok());
  if (claimed.value()) return claimed.value();
  table.unique_keys().Commit(write, &changes, table, [&] { return table.Commit(write); });
  return std::nullopt;
}

std::string Key(const Vector& v, size_t row) {
  std::string key;
  EXPECT_TRUE(UniqueKeys::EncodeKey({&v}, row, &key));
  return key;
}

TEST(UniqueKeysTest, KeysCompareAsTheTypesEqualityDoes) {
  Vector numerics{Type(TypeId::kNumeric)};
  for (const char* text : {"1.5", "1.50", "-0.00", "0", "15", "150"}) {
    numerics.Append(Value::MakeNumeric(Numeric::Parse(text)));
  }
  EXPECT_EQ(Key(numerics, 0), Key(numerics, 1));
  EXPECT_EQ(Key(numerics, 2), Key(numerics, 3));
  EXPECT_NE(Key(numerics, 0), Key(numerics, 4));
  EXPECT_NE(Key(numerics, 4), Key(numerics, 5));

  Vector chars{Type(TypeId::kBpchar)};
  chars.Append(Value::String(Type(TypeId::kBpchar), "ab"));
  chars.Append(Value::String(Type(TypeId::kBpchar), "ab  "));
  chars.Append(Value::String(Type(TypeId::kBpchar), " ab"));
  EXPECT_EQ(Key(chars, 0), Key(chars, 1));
  EXPECT_NE(Key(chars, 0), Key(chars, 2));

  Vector doubles{Type(TypeId::kFloat8)};
  doubles.Append(Value::Float8(0.0));
  doubles.Append(Value::Float8(-0.0));
  EXPECT_EQ(Key(doubles, 0), Key(doubles, 1));

  Vector intervals{Type(TypeId::kInterval)};
  intervals.Append(Value::MakeInterval(Interval{1, 0, 0}));
  intervals.Append(Value::MakeInterval(Interval{0, 30, 0}));
  intervals.Append(Value::MakeInterval(Interval{0, 29, 86400000000}));
  EXPECT_EQ(Key(intervals, 0), Key(intervals, 1));
  EXPECT_EQ(Key(intervals, 1), Key(intervals, 2));

  // Two text columns: ("a", "bc") and ("ab", "c") are different keys.
  Vector first{Type(TypeId::kText)}, second{Type(TypeId::kText)};
  first.Append(Value::Text("a"));
  first.Append(Value::Text("ab"));
  second.Append(Value::Text("bc"));
  second.Append(Value::Text("c"));
  std::string k0, k1;
  ASSERT_TRUE(UniqueKeys::EncodeKey({&first, &second}, 0, &k0));
  ASSERT_TRUE(UniqueKeys::EncodeKey({&first, &second}, 1, &k1));
  EXPECT_NE(k0, k1);

  Vector with_null{Type(TypeId::kInt8)};
  with_null.Append(Value::Null(Type(TypeId::kInt8)));
  std::string unused;
  EXPECT_FALSE(UniqueKeys::EncodeKey({&with_null}, 0, &unused));
}

TEST(UniqueKeysTest, ACommittedKeyConflictsUntilItsRowIsDeleted) {
  TableData table(Types());
  EXPECT_FALSE(CommitWrite(table, Insert({1, 2, 3})));
  std::optional<KeyConflict> conflict = CommitWrite(table, Insert({4, 2}));
  ASSERT_TRUE(conflict);
  EXPECT_EQ(conflict->index_oid, 100u);
  EXPECT_EQ(conflict->pending_row, 1u);
  EXPECT_FALSE(conflict->concurrent_update);

  TableWrite update = Insert({2});  // row 1 (key 2) replaced by a new version
  update.deletes = {1};
  EXPECT_FALSE(CommitWrite(table, update));
  EXPECT_TRUE(CommitWrite(table, Insert({2})));

  TableWrite remove(Types());
  remove.deletes = {3};  // the row holding key 2 now
  EXPECT_FALSE(CommitWrite(table, remove));
  EXPECT_FALSE(CommitWrite(table, Insert({2})));
}

TEST(UniqueKeysTest, AClaimInFlightConflictsAndAReleasedOneIsFree) {
  TableData table(Types());
  TableWrite first = Insert({7});
  KeyChanges changes;
  ASSERT_FALSE(table.unique_keys().Claim(kById, table, first, changes).value());
  EXPECT_TRUE(CommitWrite(table, Insert({7})));  // the first commit is in flight
  table.unique_keys().Release(changes);          // ... and failed
  EXPECT_FALSE(CommitWrite(table, Insert({7})));
}

TEST(UniqueKeysTest, ConcurrentUpdatesOfOneRowAreASerializationFailure) {
  TableData table(Types());
  ASSERT_FALSE(CommitWrite(table, Insert({1})));
  TableWrite a = Insert({1}), b = Insert({1});
  a.deletes = b.deletes = {0};
  EXPECT_FALSE(CommitWrite(table, a));
  std::optional<KeyConflict> conflict = CommitWrite(table, b);
  ASSERT_TRUE(conflict);
  EXPECT_TRUE(conflict->concurrent_update);
}

TEST(UniqueKeysTest, CheckSeesTheTransactionsOwnRowsStatementByStatement) {
  TableData table(Types());
  ASSERT_FALSE(CommitWrite(table, Insert({1})));
  TableWrite write = Insert({2, 3});
  PendingKeys pending;
  EXPECT_FALSE(table.unique_keys().Check(kById, table, write, pending).value());
  write.inserts.Append(Insert({3}).inserts.chunks()[0]->Select({0}));
  write.insert_deleted.resize(write.inserts.size(), 0);
  auto conflict = table.unique_keys().Check(kById, table, write, pending).value();
  ASSERT_TRUE(conflict);
  EXPECT_EQ(conflict->pending_row, 2u);

  // Its own row deleted again, and a committed row it deletes, free their keys.
  write.inserts.Truncate(2);
  write.insert_deleted.assign(2, 0);
  write.insert_deleted[1] = 1;
  write.deletes = {0};
  pending.Reset();
  EXPECT_FALSE(table.unique_keys().Check(kById, table, write, pending).value());
  DataChunk again(Types());
  again.AppendRow({Value::Int8(3), Value::Text("x")});
  again.AppendRow({Value::Int8(1), Value::Text("y")});
  write.inserts.Append(again);
  write.insert_deleted.resize(write.inserts.size(), 0);
  EXPECT_FALSE(table.unique_keys().Check(kById, table, write, pending).value());
}

TEST(UniqueKeysTest, AMapBuiltLateLearnsTheKeysOfCommitsWithoutClaims) {
  TableData table(Types());
  // Committed before any map exists (recovery, or a table without unique indexes then).
  table.unique_keys().Commit(Insert({5}), nullptr, table,
                             [&] { return table.Commit(Insert({5})); });
  EXPECT_TRUE(CommitWrite(table, Insert({5})));
  // A write committed without a Claim once the map exists still updates it.
  TableWrite remove(Types());
  remove.deletes = {0};
  table.unique_keys().Commit(remove, nullptr, table, [&] { return table.Commit(remove); });
  EXPECT_FALSE(CommitWrite(table, Insert({5})));
}

}  // namespace
}  // namespace firn
