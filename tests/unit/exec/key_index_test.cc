// KeyIndex against a map over RowKey: every fast path (one integer-like column, one uuid
// column, one text column) and the generic path give the same ids, NULL keys included, in order of
// first appearance; Find sees exactly the assigned keys.
#include "exec/key_index.h"

#include "types/value_io.h"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <string>

namespace firn {
namespace {

// Assigns ids to `column` (all rows, then every other row through a selection) and checks
// them against first-appearance numbering of the values' text.
void CheckAgainstReference(const Type& type, const std::vector<Value>& values) {
  KeyIndex index({type});
  Vector column(type);
  for (const Value& v : values) column.Append(v);
  std::vector<uint32_t> ids(values.size());
  index.Assign({&column}, nullptr, values.size(), ids.data());
  std::vector<uint32_t> every_other;
  for (uint32_t r = 0; r < values.size(); r += 2) every_other.push_back(r);
  std::vector<uint32_t> again(every_other.size());
  index.Assign({&column}, every_other.data(), every_other.size(), again.data());

  std::map<std::string, uint32_t> reference;  // NULL as "<null>", values by text
  auto text = [](const Value& v) {
    return v.is_null() ? std::string("<null>") : "v" + ValueToText(v);
  };
  for (size_t r = 0; r < values.size(); r++) {
    auto [it, inserted] = reference.try_emplace(text(values[r]), reference.size());
    EXPECT_EQ(ids[r], it->second) << "row " << r;
  }
  for (size_t i = 0; i < every_other.size(); i++) EXPECT_EQ(again[i], ids[every_other[i]]);
  ASSERT_EQ(index.size(), reference.size());
  for (size_t r = 0; r < values.size(); r++) {
    std::optional<uint32_t> found = index.Find(RowKey{{values[r]}});
    ASSERT_TRUE(found.has_value()) << "row " << r;
    EXPECT_EQ(*found, ids[r]);
    EXPECT_EQ(text(index.key(*found).values[0]), text(values[r]));
  }
}

TEST(KeyIndexTest, OneIntegerColumnMatchesAMap) {
  std::mt19937_64 rng(11);
  std::vector<Value> values;
  for (int i = 0; i < 20000; i++) {
    if (rng() % 50 == 0) {
      values.push_back(Value::Null(Type(TypeId::kInt8)));
    } else {
      values.push_back(Value::Int8(static_cast<int64_t>(rng() % 3000) - 1500));
    }
  }
  CheckAgainstReference(Type(TypeId::kInt8), values);
  KeyIndex index({Type(TypeId::kInt8)});
  EXPECT_FALSE(index.Find(RowKey{{Value::Int8(1)}}).has_value());
  EXPECT_FALSE(index.Find(RowKey{{Value::Null(Type(TypeId::kInt8))}}).has_value());
}

TEST(KeyIndexTest, OneUuidColumnMatchesAMap) {
  std::mt19937_64 rng(15);
  std::vector<Value> values;
  for (int i = 0; i < 20000; i++) {
    if (rng() % 50 == 0) {
      values.push_back(Value::Null(Type(TypeId::kUuid)));
    } else {
      // Keys that differ in either word only, and runs of one key.
      uint64_t k = rng() % 2000;
      values.push_back(Value::MakeUuid(k % 2 ? Uuid{k, 7} : Uuid{7, k}));
      if (k % 5 == 0) values.push_back(values.back());
    }
  }
  CheckAgainstReference(Type(TypeId::kUuid), values);
  KeyIndex index({Type(TypeId::kUuid)});
  EXPECT_FALSE(index.Find(RowKey{{Value::MakeUuid(Uuid{1, 2})}}).has_value());
  EXPECT_FALSE(index.Find(RowKey{{Value::Null(Type(TypeId::kUuid))}}).has_value());
}

TEST(KeyIndexTest, OneTextColumnMatchesAMap) {
  std::mt19937_64 rng(12);
  std::vector<Value> values;
  for (int i = 0; i < 5000; i++) {
    if (rng() % 40 == 0) {
      values.push_back(Value::Null(Type(TypeId::kText)));
    } else {
      // Empty strings, embedded NULs and long strings are ordinary keys.
      int k = static_cast<int>(rng() % 200);
      std::string s = k == 0 ? "" : std::string(k % 3 == 0 ? 40 : 1, 'x') + std::to_string(k);
      if (k == 7) s = std::string("a\0b", 3);
      values.push_back(Value::Text(s));
    }
  }
  CheckAgainstReference(Type(TypeId::kText), values);
}

// Texts of one length that differ in one byte, wherever it is, are different keys: the
// text path compares short strings word by word (overlapping words up to 16 bytes), and
// remembers a few recent keys; lengths 0 to 20 cross every case.
TEST(KeyIndexTest, TextsDifferingInAnyOneByteAreDifferentKeys) {
  std::mt19937_64 rng(14);
  std::vector<Value> values;
  for (size_t len = 0; len <= 20; len++) {
    std::string base(len, 'a');
    std::vector<std::string> variants = {base};
    for (size_t at = 0; at < len; at++) {
      std::string v = base;
      v[at] = 'b';
      variants.push_back(v);
    }
    for (int i = 0; i < 200; i++) values.push_back(Value::Text(variants[rng() % variants.size()]));
  }
  CheckAgainstReference(Type(TypeId::kText), values);
}

// Runs of equal keys take the previous row's id without a lookup; NULLs inside a run, a
// run continuing a value seen long before and runs through a selection all still match.
TEST(KeyIndexTest, RunsOfEqualKeysMatchAMap) {
  std::mt19937_64 rng(13);
  std::vector<Value> ints, texts;
  for (int run = 0; run < 3000; run++) {
    int64_t k = static_cast<int64_t>(rng() % 6);
    for (uint64_t i = 0, n = 1 + rng() % 5; i < n; i++) {
      bool null = rng() % 8 == 0;
      ints.push_back(null ? Value::Null(Type(TypeId::kInt8)) : Value::Int8(k));
      texts.push_back(null ? Value::Null(Type(TypeId::kText))
                           : Value::Text(k == 0 ? "" : "s" + std::to_string(k)));
    }
  }
  CheckAgainstReference(Type(TypeId::kInt8), ints);
  CheckAgainstReference(Type(TypeId::kText), texts);
}

// A text column carrying dictionary codes (text read from Parquet) gets the ids the same
// rows get without them: chunks coded by two different dictionaries (in different orders,
// one with values no row uses), plain chunks between them, NULLs whose code is arbitrary,
// and rows picked through a selection.
TEST(KeyIndexTest, DictionaryCodedTextGetsThePlainTextIds) {
  std::vector<std::string> texts = {"", "a", "approved", "declined", "x", "y\0z"};
  texts[5] = std::string("y\0z", 3);
  auto dictionary = [](std::vector<std::string> values) {
    return std::make_shared<const std::vector<std::string>>(std::move(values));
  };
  std::vector<std::shared_ptr<const std::vector<std::string>>> dictionaries = {
      dictionary(texts),
      dictionary({"unused", texts[4], texts[3], texts[2], texts[1], texts[0], texts[5]})};
  std::mt19937_64 rng(15);
  KeyIndex coded_index({Type(TypeId::kText)});
  KeyIndex plain_index({Type(TypeId::kText)});
  for (int chunk = 0; chunk < 30; chunk++) {
    const size_t rows = 1 + rng() % 600;
    const auto& dict = dictionaries[static_cast<size_t>(chunk / 5) % 2];  // runs of chunks
    Vector plain{Type(TypeId::kText)};
    StringDictionary codes{dict, {}};
    for (size_t r = 0; r < rows; r++) {
      uint16_t code = static_cast<uint16_t>(rng() % dict->size());
      if (chunk > 0 && (*dict)[code] == "unused") code = 2;
      codes.codes.push_back(code);
      if (chunk % 4 == 0 && rng() % 9 == 0) {  // chunks without NULLs take a faster path
        plain.Append(Value::Null(Type(TypeId::kText)));
      } else {
        plain.Append(Value::Text((*dict)[code]));
      }
    }
    Vector coded = plain;
    if (chunk % 3 != 2) coded.set_dictionary(std::make_shared<const StringDictionary>(codes));
    ASSERT_EQ(coded.dictionary() != nullptr, chunk % 3 != 2);
    std::vector<uint32_t> selection;
    for (uint32_t r = 0; r < rows; r++) {
      if (rng() % 2) selection.push_back(r);
    }
    const std::vector<const uint32_t*> selections = {nullptr, selection.data()};
    for (const uint32_t* sel : selections) {
      const size_t n = sel ? selection.size() : rows;
      std::vector<uint32_t> got(n), want(n);
      coded_index.Assign({&coded}, sel, n, got.data());
      plain_index.Assign({&plain}, sel, n, want.data());
      ASSERT_EQ(got, want) << "chunk " << chunk;
    }
  }
  ASSERT_EQ(coded_index.size(), plain_index.size());
  for (uint32_t id = 0; id < coded_index.size(); id++) {
    EXPECT_EQ(coded_index.Find(coded_index.key(id)), id);
    EXPECT_EQ(coded_index.key(id).values[0].is_null(), plain_index.key(id).values[0].is_null());
  }
}

TEST(KeyIndexTest, GenericKeysMatchAMap) {
  // bpchar ignores trailing spaces, so it must not take the bitwise text path.
  std::vector<Value> values = {Value::String(Type(TypeId::kBpchar), "ab"),
                               Value::String(Type(TypeId::kBpchar), "ab  "),
                               Value::String(Type(TypeId::kBpchar), "b")};
  KeyIndex bpchar({Type(TypeId::kBpchar)});
  Vector column{Type(TypeId::kBpchar)};
  for (const Value& v : values) column.Append(v);
  std::vector<uint32_t> ids(3);
  bpchar.Assign({&column}, nullptr, 3, ids.data());
  EXPECT_EQ(ids, (std::vector<uint32_t>{0, 0, 1}));

  // Two columns: (int, text) pairs with NULLs in either place.
  KeyIndex pairs({Type(TypeId::kInt4), Type(TypeId::kText)});
  Vector a{Type(TypeId::kInt4)};
  Vector b{Type(TypeId::kText)};
  std::map<std::pair<std::string, std::string>, uint32_t> reference;
  std::mt19937_64 rng(13);
  std::vector<std::pair<Value, Value>> rows;
  for (int i = 0; i < 3000; i++) {
    Value x = rng() % 10 == 0 ? Value::Null(Type(TypeId::kInt4))
                              : Value::Int4(static_cast<int64_t>(rng() % 20));
    Value y =
        rng() % 10 == 0 ? Value::Null(Type(TypeId::kText)) : Value::Text(std::to_string(rng() % 5));
    a.Append(x);
    b.Append(y);
    rows.emplace_back(x, y);
  }
  std::vector<uint32_t> pair_ids(rows.size());
  pairs.Assign({&a, &b}, nullptr, rows.size(), pair_ids.data());
  for (size_t r = 0; r < rows.size(); r++) {
    auto key = std::make_pair(rows[r].first.is_null() ? "-" : ValueToText(rows[r].first),
                              rows[r].second.is_null() ? "-" : "v" + ValueToText(rows[r].second));
    auto [it, inserted] = reference.try_emplace(key, reference.size());
    EXPECT_EQ(pair_ids[r], it->second);
    EXPECT_EQ(pairs.Find(RowKey{{rows[r].first, rows[r].second}}), pair_ids[r]);
  }
  EXPECT_EQ(pairs.size(), reference.size());
}

}  // namespace
}  // namespace firn
