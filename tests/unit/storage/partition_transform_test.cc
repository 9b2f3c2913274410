#include "storage/iceberg/partition_transform.h"

#include <gtest/gtest.h>

#include "storage/iceberg/avro_values.h"
#include "types/civil.h"
#include "types/datetime.h"
#include "types/numeric.h"

namespace firn::iceberg {
namespace {

PartitionTransform Bucket(int32_t n) { return {TransformKind::kBucket, n}; }
PartitionTransform Truncate(int32_t w) { return {TransformKind::kTruncate, w}; }
constexpr PartitionTransform kYear{TransformKind::kYear, 0};
constexpr PartitionTransform kMonth{TransformKind::kMonth, 0};
constexpr PartitionTransform kDay{TransformKind::kDay, 0};
constexpr PartitionTransform kHour{TransformKind::kHour, 0};

int64_t Days(int y, int m, int d) { return civil::DaysFromCivil(y, m, d); }
int64_t Micros(int y, int m, int d, int h, int mi, int s) {
  return Days(y, m, d) * kMicrosPerDay + h * kMicrosPerHour + mi * kMicrosPerMinute +
         s * kMicrosPerSecond;
}

int64_t Apply(const PartitionTransform& t, const Type& type, const Value& v) {
  Value out = ApplyTransform(t, type, v);
  EXPECT_FALSE(out.is_null());
  return out.GetInt64();
}

// The hash values of the spec's "Bucket Transform Details" table.
TEST(PartitionTransformTest, Murmur3MatchesTheSpecExamples) {
  std::string le34("\x22\0\0\0\0\0\0\0", 8);
  EXPECT_EQ(Murmur3Hash32(le34), 2017239379);  // int 34 and long 34 (ints hash as longs)
  EXPECT_EQ(Murmur3Hash32("iceberg"), 1210000089);
  EXPECT_EQ(Murmur3Hash32(std::string("\x00\x01\x02\x03", 4)), -188683207);
  EXPECT_EQ(Murmur3Hash32(std::string("\x05\x8c", 2)), -500754589);  // decimal 14.20
}

TEST(PartitionTransformTest, BucketHashesEachTypeAsTheSpecSays) {
  const uint32_t mask = 0x7fffffff;
  auto expect_bucket = [&](const Type& type, const Value& v, int32_t hash) {
    EXPECT_EQ(Apply(Bucket(1000003), type, v), (static_cast<uint32_t>(hash) & mask) % 1000003)
        << type.Name();
  };
  expect_bucket(Type(TypeId::kInt4), Value::Int4(34), 2017239379);
  expect_bucket(Type(TypeId::kInt2), Value::Int2(34), 2017239379);
  expect_bucket(Type(TypeId::kInt8), Value::Int8(34), 2017239379);
  expect_bucket(Type(TypeId::kDate), Value::Date(Days(2017, 11, 16)), -653330422);
  expect_bucket(Type(TypeId::kTimestamp), Value::Timestamp(Micros(2017, 11, 16, 22, 31, 8)),
                -2047944441);
  expect_bucket(Type(TypeId::kTimestamp), Value::Timestamp(Micros(2017, 11, 16, 22, 31, 8) + 1),
                -1207196810);
  // 2017-11-16T14:31:08-08:00 is the same instant as the timestamp example in UTC.
  expect_bucket(Type(TypeId::kTimestampTz), Value::TimestampTz(Micros(2017, 11, 16, 22, 31, 8)),
                -2047944441);
  expect_bucket(Type(TypeId::kText), Value::Text("iceberg"), 1210000089);
  Type dec(TypeId::kNumeric, MakeNumericTypmod(9, 2));
  expect_bucket(dec, Value::MakeNumeric(Numeric::Parse("14.20"), dec.typmod), -500754589);
  expect_bucket(Type(TypeId::kUuid),
                Value::MakeUuid(ParseUuidText("f79c3e09-677c-4bbd-a479-3f349cb785e7")), 1488055340);
  // bucket[100] of 34: 2017239379 % 100.
  EXPECT_EQ(Apply(Bucket(100), Type(TypeId::kInt8), Value::Int8(34)), 79);
  EXPECT_TRUE(
      ApplyTransform(Bucket(16), Type(TypeId::kInt8), Value::Null(Type(TypeId::kInt8))).is_null());
}

TEST(PartitionTransformTest, TimeOrdinalsFloorBefore1970) {
  const Type ts(TypeId::kTimestamp), tstz(TypeId::kTimestampTz), date(TypeId::kDate);
  EXPECT_EQ(Apply(kYear, date, Value::Date(0)), 0);
  EXPECT_EQ(Apply(kYear, date, Value::Date(-1)), -1);  // 1969-12-31
  EXPECT_EQ(Apply(kMonth, date, Value::Date(-1)), -1);
  EXPECT_EQ(Apply(kDay, date, Value::Date(-1)), -1);
  EXPECT_EQ(Apply(kHour, ts, Value::Timestamp(-1)), -1);  // 1969-12-31 23:59:59.999999
  EXPECT_EQ(Apply(kDay, ts, Value::Timestamp(-1)), -1);
  EXPECT_EQ(Apply(kMonth, ts, Value::Timestamp(-1)), -1);
  EXPECT_EQ(Apply(kYear, ts, Value::Timestamp(-1)), -1);
  EXPECT_EQ(Apply(kHour, ts, Value::Timestamp(-kMicrosPerHour)), -1);
  EXPECT_EQ(Apply(kHour, ts, Value::Timestamp(-kMicrosPerHour - 1)), -2);
  EXPECT_EQ(Apply(kMonth, date, Value::Date(Days(1969, 1, 1))), -12);
  EXPECT_EQ(Apply(kMonth, date, Value::Date(Days(1968, 12, 31))), -13);
  EXPECT_EQ(Apply(kYear, date, Value::Date(Days(1900, 3, 1))), -70);
  EXPECT_EQ(Apply(kYear, tstz, Value::TimestampTz(Micros(2026, 11, 22, 8, 0, 0))), 56);
  EXPECT_EQ(Apply(kMonth, tstz, Value::TimestampTz(Micros(2026, 11, 22, 8, 0, 0))), 56 * 12 + 10);
  EXPECT_EQ(Apply(kHour, tstz, Value::TimestampTz(Micros(1970, 1, 2, 3, 59, 59))), 27);
}

TEST(PartitionTransformTest, DayIsADateAndLeapDaysCount) {
  Value d = ApplyTransform(kDay, Type(TypeId::kTimestampTz),
                           Value::TimestampTz(Micros(2024, 2, 29, 23, 59, 59)));
  EXPECT_EQ(d.type().id, TypeId::kDate);
  EXPECT_EQ(d.GetInt64(), Days(2024, 2, 29));
  EXPECT_EQ(Apply(kDay, Type(TypeId::kDate), Value::Date(Days(2024, 3, 1))) - Days(2024, 2, 28), 2);
  EXPECT_EQ(Apply(kMonth, Type(TypeId::kDate), Value::Date(Days(2000, 2, 29))), 30 * 12 + 1);
  EXPECT_EQ(Apply(kDay, Type(TypeId::kDate), Value::Date(Days(1968, 2, 29))), -672);
  EXPECT_EQ(PartitionPathValue(kDay, d), "2024-02-29");
  EXPECT_EQ(PartitionPathValue(kMonth, Value::Int4(-1)), "1969-12");
  EXPECT_EQ(PartitionPathValue(kYear, Value::Int4(56)), "2026");
  EXPECT_EQ(PartitionPathValue(kHour, Value::Int4(-1)), "1969-12-31-23");
  EXPECT_EQ(PartitionPathValue(kDay, Value::Null(Type(TypeId::kDate))), "null");
}

TEST(PartitionTransformTest, InfinitiesMapToTheExtremes) {
  EXPECT_EQ(Apply(kDay, Type(TypeId::kDate), Value::Date(kDateInfinity)), INT32_MAX);
  EXPECT_EQ(Apply(kHour, Type(TypeId::kTimestamp), Value::Timestamp(kTimestampNegInfinity)),
            INT32_MIN);
  EXPECT_EQ(Apply(kHour, Type(TypeId::kTimestamp), Value::Timestamp(Micros(290000, 1, 1, 0, 0, 0))),
            INT32_MAX);
}

TEST(PartitionTransformTest, TruncateFloorsNumbersAndCutsCodePoints) {
  EXPECT_EQ(Apply(Truncate(10), Type(TypeId::kInt4), Value::Int4(1)), 0);
  EXPECT_EQ(Apply(Truncate(10), Type(TypeId::kInt4), Value::Int4(-1)), -10);
  EXPECT_EQ(Apply(Truncate(10), Type(TypeId::kInt8), Value::Int8(-11)), -20);
  EXPECT_EQ(Apply(Truncate(7), Type(TypeId::kInt8), Value::Int8(22)), 21);
  Value s =
      ApplyTransform(Truncate(3), Type(TypeId::kText), Value::Text("i\xc3\xa9\xe6\xb5\x8bxyz"));
  EXPECT_EQ(s.GetString(), "i\xc3\xa9\xe6\xb5\x8b");
  EXPECT_EQ(ApplyTransform(Truncate(10), Type(TypeId::kText), Value::Text("ab")).GetString(), "ab");
  Type dec(TypeId::kNumeric, MakeNumericTypmod(9, 2));
  Value d =
      ApplyTransform(Truncate(50), dec, Value::MakeNumeric(Numeric::Parse("10.65"), dec.typmod));
  EXPECT_EQ(d.GetNumeric().ToString(), "10.50");
  Value neg = ApplyTransform(Truncate(10), dec, Value::MakeNumeric(Numeric::Parse("-0.05")));
  EXPECT_EQ(neg.GetNumeric().ToString(), "-0.10");
  // Flooring can need one more digit than the column's precision; the manifest still takes it.
  Type small(TypeId::kNumeric, MakeNumericTypmod(3, 2));
  Value floored = ApplyTransform(Truncate(10), small,
                                 Value::MakeNumeric(Numeric::Parse("-9.99"), small.typmod));
  EXPECT_EQ(floored.GetNumeric().ToString(), "-10.00");
  EXPECT_TRUE(ValueToDatum(TransformResultType(Truncate(10), small), floored).ok());
}

TEST(PartitionTransformTest, ParsesListsAndBothSpellings) {
  auto terms = ParsePartitionBy("day(event_time), bucket(16, user_id),truncate[4](name), kind");
  ASSERT_TRUE(terms.ok()) << terms.status().message();
  ASSERT_EQ(terms.value().size(), 4u);
  EXPECT_EQ(terms.value()[0], (PartitionTerm{"event_time", kDay}));
  EXPECT_EQ(terms.value()[1], (PartitionTerm{"user_id", Bucket(16)}));
  EXPECT_EQ(terms.value()[2], (PartitionTerm{"name", Truncate(4)}));
  EXPECT_EQ(terms.value()[3], (PartitionTerm{"kind", {}}));
  auto plural = ParsePartitionBy("YEARS(a), months(b), days(c), hours(d), bucket[8](e)");
  ASSERT_TRUE(plural.ok());
  EXPECT_EQ(plural.value()[0].transform, kYear);
  EXPECT_EQ(plural.value()[3].transform, kHour);
  EXPECT_EQ(plural.value()[4].transform, Bucket(8));
  for (const char* bad : {"", "day()", "bucket(0, a)", "bucket(a)", "sqrt(a)", "day(a", "a,,b",
                          "bucket[x](a)", "day[3](a)", "truncate(-1, a)"}) {
    EXPECT_FALSE(ParsePartitionBy(bad).ok()) << bad;
  }
  EXPECT_EQ(TransformToString(Bucket(16)), "bucket[16]");
  EXPECT_EQ(ParseTransform("truncate[4]").value(), Truncate(4));
  EXPECT_EQ(ParseTransform("identity").value(), PartitionTransform{});
  EXPECT_FALSE(ParseTransform("void").ok());
}

TEST(PartitionTransformTest, RefusesUnsupportedSourceTypes) {
  EXPECT_FALSE(CheckTransformSource(kYear, Type(TypeId::kText)).ok());
  EXPECT_FALSE(CheckTransformSource(kHour, Type(TypeId::kDate)).ok());
  EXPECT_FALSE(CheckTransformSource(Bucket(4), Type(TypeId::kFloat8)).ok());
  EXPECT_FALSE(CheckTransformSource(Bucket(4), Type(TypeId::kBool)).ok());
  EXPECT_FALSE(CheckTransformSource(Truncate(4), Type(TypeId::kTimestamp)).ok());
  EXPECT_FALSE(CheckTransformSource({}, Type::Array(TypeId::kInt4)).ok());
  EXPECT_TRUE(CheckTransformSource(kDay, Type(TypeId::kDate)).ok());
  EXPECT_TRUE(CheckTransformSource(Bucket(4), Type(TypeId::kVarchar)).ok());
  EXPECT_TRUE(CheckTransformSource({}, Type(TypeId::kBool)).ok());
  EXPECT_EQ(TransformResultType(kDay, Type(TypeId::kTimestampTz)).type, IcebergType::kDate);
  EXPECT_EQ(TransformResultType(Bucket(3), Type(TypeId::kText)).type, IcebergType::kInt);
  EXPECT_EQ(TransformResultType(Truncate(3), Type(TypeId::kText)).type, IcebergType::kString);
}

TEST(PartitionTransformTest, BuildsASpecWithIcebergNamesAndIds) {
  std::vector<Column> cols = {{"event_time", Type(TypeId::kTimestampTz), false, 1},
                              {"user_id", Type(TypeId::kInt8), false, 2},
                              {"name", Type(TypeId::kText), false, 3}};
  auto spec =
      BuildPartitionSpec("day(event_time), bucket(16, user_id), truncate(2, name), name", cols);
  ASSERT_TRUE(spec.ok()) << spec.status().message();
  ASSERT_EQ(spec.value().fields.size(), 4u);
  EXPECT_EQ(spec.value().fields[0], (PartitionField{1, 1000, "event_time_day", "day"}));
  EXPECT_EQ(spec.value().fields[1], (PartitionField{2, 1001, "user_id_bucket", "bucket[16]"}));
  EXPECT_EQ(spec.value().fields[2], (PartitionField{3, 1002, "name_trunc", "truncate[2]"}));
  EXPECT_EQ(spec.value().fields[3], (PartitionField{3, 1003, "name", "identity"}));
  EXPECT_FALSE(BuildPartitionSpec("day(nope)", cols).ok());
  EXPECT_FALSE(BuildPartitionSpec("year(name)", cols).ok());
  EXPECT_FALSE(BuildPartitionSpec("bucket(2, user_id), bucket(4, user_id)", cols).ok());
}

}  // namespace
}  // namespace firn::iceberg
