// IntIdMap against std::unordered_map: random, sequential and extreme keys through many
// growths; absent keys are not found; an existing key keeps its first id.
#include "exec/int_id_map.h"

#include <gtest/gtest.h>

#include <climits>
#include <random>
#include <unordered_map>

namespace firn {
namespace {

TEST(IntIdMapTest, AgreesWithUnorderedMap) {
  IntIdMap map;
  std::unordered_map<int64_t, uint32_t> reference;
  std::mt19937_64 rng(7);
  std::vector<int64_t> keys = {0, -1, 1, INT64_MIN, INT64_MAX, INT64_MIN + 1};
  for (int64_t k = 1000; k < 21000; k++) keys.push_back(k);    // a run of ids
  for (int64_t k = 0; k < 5000; k++) keys.push_back(k << 32);  // low bits all zero
  for (int i = 0; i < 20000; i++) keys.push_back(static_cast<int64_t>(rng()));
  for (int i = 0; i < 20000; i++) keys.push_back(keys[rng() % keys.size()]);  // repeats
  for (int64_t k : keys) {
    auto [it, inserted] = reference.try_emplace(k, static_cast<uint32_t>(reference.size()));
    uint32_t next = static_cast<uint32_t>(map.size());
    EXPECT_EQ(map.FindOrInsert(k, next), it->second) << k;
    EXPECT_EQ(map.size(), reference.size());
  }
  for (const auto& [k, id] : reference) EXPECT_EQ(map.Find(k), id) << k;
  for (int i = 0; i < 20000; i++) {
    auto k = static_cast<int64_t>(rng());
    EXPECT_EQ(map.Find(k), reference.count(k) ? reference[k] : IntIdMap::kNone) << k;
  }
}

TEST(IntIdMapTest, EmptyFindsNothing) {
  IntIdMap map;
  EXPECT_EQ(map.Find(0), IntIdMap::kNone);
  EXPECT_EQ(map.Find(INT64_MIN), IntIdMap::kNone);
  EXPECT_EQ(map.size(), 0u);
}

}  // namespace
}  // namespace firn
