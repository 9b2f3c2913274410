#include "storage/key_map.h"

#include <gtest/gtest.h>

#include <cstring>
#include <map>
#include <random>

namespace firn {
namespace {

std::string Word(uint64_t v) {
  std::string key(sizeof v, '\0');
  std::memcpy(key.data(), &v, sizeof v);
  return key;
}

// Random inserts, overwrites and erases (backward shifts across wrapped runs included) agree
// with a reference map, for 8-byte keys in the array and other keys in the node map.
TEST(KeyMapTest, AgreesWithAReferenceMap) {
  KeyMap map;
  std::map<std::string, uint64_t> reference;
  std::mt19937_64 random(7);
  for (int step = 0; step < 200000; step++) {
    const uint64_t n = random() % 3000;
    const std::string key = n % 7 == 0 ? "k" + std::to_string(n) : Word(n * 1024);
    switch (random() % 4) {
      case 0:
      case 1: {
        auto [value, added] = map.Insert(key, n);
        EXPECT_EQ(added, reference.emplace(key, n).second);
        EXPECT_EQ(*value, reference.at(key));
        break;
      }
      case 2:
        map.Set(key, n + 1);
        reference[key] = n + 1;
        break;
      default:
        map.Erase(key);
        reference.erase(key);
        break;
    }
    if (step % 20000 == 0) {
      ASSERT_EQ(map.size(), reference.size());
      for (const auto& [k, v] : reference) {
        const uint64_t* found = map.Find(k);
        ASSERT_NE(found, nullptr);
        EXPECT_EQ(*found, v);
      }
    }
  }
  for (uint64_t n = 0; n < 3000; n++) {
    const std::string key = Word(n * 1024);
    const uint64_t* found = map.Find(key);
    auto it = reference.find(key);
    ASSERT_EQ(found != nullptr, it != reference.end());
    if (found) {
      EXPECT_EQ(*found, it->second);
    }
  }
}

TEST(KeyMapTest, EmptyMapFindsAndErasesNothing) {
  KeyMap map;
  EXPECT_EQ(map.Find(Word(1)), nullptr);
  map.Erase(Word(1));
  EXPECT_EQ(map.size(), 0u);
}

}  // namespace
}  // namespace firn
