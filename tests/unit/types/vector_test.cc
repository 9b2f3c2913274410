// Tests for Vector's shared rows (Vector::Sharing): reads see the source's rows, copies
// share them, and every kind of write makes the rows the writer's own first, leaving the
// source and the other sharers as they were.
#include <gtest/gtest.h>

#include <memory>

#include "types/vector.h"

namespace firn {
namespace {

std::shared_ptr<const Vector> TextSource() {
  auto v = std::make_shared<Vector>(Type(TypeId::kText));
  v->Append(Value::Text("approved"));
  v->Append(Value::Null(Type(TypeId::kText)));
  v->Append(Value::Text("declined"));
  return v;
}

TEST(VectorSharingTest, ReadsTheSourceRows) {
  std::shared_ptr<const Vector> source = TextSource();
  Vector v = Vector::Sharing(source);
  EXPECT_EQ(v.size(), 3u);
  EXPECT_EQ(v.type().id, TypeId::kText);
  EXPECT_FALSE(v.IsNull(0));
  EXPECT_TRUE(v.IsNull(1));
  EXPECT_TRUE(v.HasNulls());
  const Vector& cv = v;
  EXPECT_EQ(&cv.strings(), &source->strings());  // shared, not copied
  EXPECT_EQ(cv.GetValue(2).GetString(), "declined");
  Vector picked = cv.Select({2, 0});
  EXPECT_EQ(picked.GetValue(0).GetString(), "declined");
  EXPECT_EQ(picked.GetValue(1).GetString(), "approved");
  Vector appended{Type(TypeId::kText)};
  appended.AppendFrom(cv, 2);
  EXPECT_EQ(appended.GetValue(0).GetString(), "declined");
}

TEST(VectorSharingTest, WritesCopyTheRowsFirst) {
  std::shared_ptr<const Vector> source = TextSource();
  Vector a = Vector::Sharing(source);
  Vector b = a;                                                   // shares too
  Vector c = Vector::Sharing(std::make_shared<const Vector>(b));  // shares the same rows
  EXPECT_EQ(&static_cast<const Vector&>(c).strings(), &source->strings());

  a.SetValue(0, Value::Text("changed"));
  b.SetNull(2, true);
  c.Append(Value::Text("more"));
  EXPECT_EQ(a.GetValue(0).GetString(), "changed");
  EXPECT_EQ(a.GetValue(2).GetString(), "declined");
  EXPECT_TRUE(b.IsNull(2));
  EXPECT_EQ(b.GetValue(0).GetString(), "approved");
  EXPECT_EQ(c.size(), 4u);
  EXPECT_EQ(c.GetValue(3).GetString(), "more");
  // The source is untouched.
  EXPECT_EQ(source->size(), 3u);
  EXPECT_EQ(source->GetValue(0).GetString(), "approved");
  EXPECT_FALSE(source->IsNull(2));

  Vector d = Vector::Sharing(source);
  d.strings()[0] = "via reference";
  d.nulls()[1] = 0;
  EXPECT_EQ(d.GetValue(0).GetString(), "via reference");
  EXPECT_FALSE(d.IsNull(1));
  EXPECT_EQ(source->GetValue(0).GetString(), "approved");
  EXPECT_TRUE(source->IsNull(1));

  Vector e = Vector::Sharing(source);
  e.Resize(1);
  EXPECT_EQ(e.size(), 1u);
  EXPECT_EQ(e.GetValue(0).GetString(), "approved");
  e.Clear();
  EXPECT_EQ(e.size(), 0u);
  EXPECT_EQ(source->size(), 3u);
}

TEST(VectorTest, AppendRangeCopiesRowsAndNulls) {
  std::shared_ptr<const Vector> source = TextSource();
  Vector v{Type(TypeId::kText)};
  v.Append(Value::Text("first"));
  v.AppendRange(*source, 1, 2);
  ASSERT_EQ(v.size(), 3u);
  EXPECT_EQ(v.GetValue(0).GetString(), "first");
  EXPECT_TRUE(v.IsNull(1));
  EXPECT_EQ(v.GetValue(2).GetString(), "declined");
  v.AppendRange(v, 0, 3);  // from itself
  ASSERT_EQ(v.size(), 6u);
  EXPECT_EQ(v.GetValue(3).GetString(), "first");
  EXPECT_TRUE(v.IsNull(4));
  Vector shared = Vector::Sharing(source);
  shared.AppendRange(*source, 0, 1);  // a shared vector takes its rows in first
  ASSERT_EQ(shared.size(), 4u);
  EXPECT_EQ(shared.GetValue(3).GetString(), "approved");
  EXPECT_EQ(source->size(), 3u);
  Vector ints{Type(TypeId::kInt8)};
  Vector more{Type(TypeId::kInt8)};
  for (int64_t i = 0; i < 5; i++) more.Append(Value::Int8(i * 10));
  ints.AppendRange(more, 2, 3);
  ASSERT_EQ(ints.size(), 3u);
  EXPECT_EQ(ints.GetValue(0).GetInt64(), 20);
  EXPECT_EQ(ints.GetValue(2).GetInt64(), 40);
  ints.AppendRange(more, 5, 0);
  EXPECT_EQ(ints.size(), 3u);
}

// Dictionary codes (text read from Parquet) are seen through a sharing vector, follow a
// selection, and are dropped by any change to the rows.
TEST(VectorTest, DictionaryCodesFollowTheRowsTheyDescribe) {
  auto source = std::make_shared<Vector>(Type(TypeId::kText));
  auto values = std::make_shared<const std::vector<std::string>>(
      std::vector<std::string>{"approved", "declined"});
  source->Append(Value::Text("declined"));
  source->Append(Value::Null(Type(TypeId::kText)));
  source->Append(Value::Text("approved"));
  source->set_dictionary(
      std::make_shared<const StringDictionary>(StringDictionary{values, {1, 0, 0}}));
  std::shared_ptr<const Vector> shared_source = source;
  Vector v = Vector::Sharing(shared_source);
  ASSERT_NE(v.dictionary(), nullptr);
  EXPECT_EQ(v.dictionary()->values, values);

  Vector picked = v.Select({2, 1, 0});
  ASSERT_NE(picked.dictionary(), nullptr);
  EXPECT_EQ(picked.dictionary()->codes, (std::vector<uint16_t>{0, 0, 1}));
  EXPECT_EQ(picked.GetValue(0).GetString(), "approved");
  EXPECT_TRUE(picked.IsNull(1));

  Vector copy = picked;  // a copy describes the same rows
  EXPECT_NE(copy.dictionary(), nullptr);
  copy.SetNull(0, true);
  EXPECT_EQ(copy.dictionary(), nullptr);
  v.Append(Value::Text("approved"));  // takes the rows in, then changes them
  EXPECT_EQ(v.dictionary(), nullptr);
  EXPECT_NE(shared_source->dictionary(), nullptr);
  Vector ints{Type(TypeId::kInt8)};
  EXPECT_EQ(ints.Select({}).dictionary(), nullptr);
}

}  // namespace
}  // namespace firn
