// CorrelatedIndex against a plain filter over the same rows: for every key, NULL and absent
// ones included, Find returns exactly the rows whose key column equals it, in scan order, in
// chunks of at most kChunkSize rows (one key here has more rows than a chunk holds).
#include "exec/correlated_index.h"

#include <gtest/gtest.h>

#include <random>

#include "exec/operators_internal.h"

namespace firn {
namespace {

std::vector<std::vector<Value>> Flatten(const std::vector<DataChunk>& chunks) {
  std::vector<std::vector<Value>> rows;
  for (const DataChunk& chunk : chunks) {
    EXPECT_LE(chunk.size(), kChunkSize);
    for (size_t r = 0; r < chunk.size(); r++) rows.push_back(chunk.GetRow(r));
  }
  return rows;
}

// Rows (seq int8, key, payload text): key 0 is on 3000 rows, the others on a few each.
template <typename MakeKey>
std::vector<std::vector<Value>> MakeRows(MakeKey make_key) {
  std::mt19937_64 rng(7);
  std::vector<std::vector<Value>> rows;
  for (int64_t i = 0; i < 9000; i++) {
    int64_t k = i % 3 == 0 ? 0 : static_cast<int64_t>(rng() % 500);
    rows.push_back({Value::Int8(i), make_key(k, i), Value::Text("p" + std::to_string(i))});
  }
  return rows;
}

void CheckAgainstFilter(const Type& key_type, const std::vector<std::vector<Value>>& rows,
                        const std::vector<Value>& probes) {
  std::vector<Type> types = {Type(TypeId::kInt8), key_type, Type(TypeId::kText)};
  auto scan = Buffered(types, rows);
  CorrelatedIndex index(*scan, types, 1);
  for (const Value& probe : probes) {
    std::vector<std::vector<Value>> expected;
    if (!probe.is_null()) {
      for (const auto& row : rows) {
        if (!row[1].is_null() && CompareValues(row[1], probe) == 0) expected.push_back(row);
      }
    }
    std::vector<std::vector<Value>> found = Flatten(index.Find(probe));
    ASSERT_EQ(found.size(), expected.size());
    for (size_t i = 0; i < found.size(); i++) {
      EXPECT_EQ(found[i][0].GetInt64(), expected[i][0].GetInt64());
      EXPECT_EQ(found[i][2].GetString(), expected[i][2].GetString());
    }
  }
}

TEST(CorrelatedIndexTest, IntegerKeysMatchAFilter) {
  auto rows = MakeRows([](int64_t k, int64_t i) {
    return i % 97 == 5 ? Value::Null(Type(TypeId::kInt4)) : Value::Int4(static_cast<int32_t>(k));
  });
  std::vector<Value> probes = {Value::Null(Type(TypeId::kInt4)), Value::Int4(-1),
                               Value::Int4(100000)};
  for (int32_t k = 0; k < 500; k += 7) probes.push_back(Value::Int4(k));
  CheckAgainstFilter(Type(TypeId::kInt4), rows, probes);
}

TEST(CorrelatedIndexTest, TextKeysMatchAFilter) {
  auto rows = MakeRows([](int64_t k, int64_t i) {
    return i % 89 == 3 ? Value::Null(Type(TypeId::kText)) : Value::Text("user" + std::to_string(k));
  });
  std::vector<Value> probes = {Value::Null(Type(TypeId::kText)), Value::Text(""),
                               Value::Text("user"), Value::Text("user0 ")};
  for (int k = 0; k < 500; k += 11) probes.push_back(Value::Text("user" + std::to_string(k)));
  CheckAgainstFilter(Type(TypeId::kText), rows, probes);
}

TEST(CorrelatedIndexTest, EmptyInputFindsNothing) {
  std::vector<Type> types = {Type(TypeId::kInt8)};
  auto scan = Buffered(types, {});
  CorrelatedIndex index(*scan, types, 0);
  EXPECT_TRUE(index.Find(Value::Int8(1)).empty());
  EXPECT_TRUE(index.Find(Value::Null(Type(TypeId::kInt8))).empty());
}

}  // namespace
}  // namespace firn
