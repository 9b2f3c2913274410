#include "storage/avro/encoding.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "storage/avro/schema.h"

namespace firn::avro {
namespace {

Datum RoundTrip(const SchemaPtr& schema, const Datum& d) {
  std::string bytes;
  Status st = Encode(schema, d, &bytes);
  EXPECT_TRUE(st.ok()) << st.ToString();
  Decoder dec(bytes);
  auto r = dec.Decode(schema);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(dec.remaining(), 0u);
  return r.ok() ? r.value() : Datum();
}

TEST(AvroEncoding, LongsUseZigZagVarints) {
  std::string out;
  AppendLong(0, &out);
  AppendLong(-1, &out);
  AppendLong(1, &out);
  AppendLong(-64, &out);
  AppendLong(64, &out);
  EXPECT_EQ(out, std::string("\x00\x01\x02\x7f\x80\x01", 6));
  for (int64_t v : {std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max(),
                    int64_t{-1234567890123}, int64_t{1} << 40}) {
    EXPECT_EQ(RoundTrip(Primitive(Kind::kLong), Datum::Long(v)), Datum::Long(v));
  }
}

TEST(AvroEncoding, EveryPrimitiveRoundTrips) {
  EXPECT_EQ(RoundTrip(Primitive(Kind::kNull), Datum::Null()), Datum::Null());
  EXPECT_EQ(RoundTrip(Primitive(Kind::kBoolean), Datum::Boolean(true)), Datum::Boolean(true));
  EXPECT_EQ(RoundTrip(Primitive(Kind::kInt), Datum::Int(INT32_MIN)), Datum::Int(INT32_MIN));
  EXPECT_EQ(RoundTrip(Primitive(Kind::kFloat), Datum::Float(1.5f)), Datum::Float(1.5f));
  EXPECT_EQ(RoundTrip(Primitive(Kind::kDouble), Datum::Double(-0.0)), Datum::Double(-0.0));
  Datum nan = RoundTrip(Primitive(Kind::kDouble), Datum::Double(NAN));
  EXPECT_TRUE(std::isnan(nan.floating()));
  EXPECT_EQ(RoundTrip(Primitive(Kind::kBytes), Datum::Bytes(std::string("\0\xff", 2))),
            Datum::Bytes(std::string("\0\xff", 2)));
  EXPECT_EQ(RoundTrip(Primitive(Kind::kString), Datum::String("héllo")), Datum::String("héllo"));
  EXPECT_EQ(RoundTrip(Fixed("f4", 4), Datum::Fixed("abcd")), Datum::Fixed("abcd"));
  EXPECT_EQ(RoundTrip(Enum("e", {"A", "B", "C"}), Datum::Enum(2)), Datum::Enum(2));
}

TEST(AvroEncoding, ComplexTypesRoundTrip) {
  SchemaPtr inner = Record("inner", {MakeField("x", Primitive(Kind::kInt))});
  SchemaPtr schema = Record(
      "outer", {MakeField("opt", Optional(Primitive(Kind::kLong))),
                MakeField("list", Array(Optional(Primitive(Kind::kString)))),
                MakeField("map", Map(Primitive(Kind::kDouble))), MakeField("rec", inner),
                MakeField("u", Union({Primitive(Kind::kInt), Primitive(Kind::kString), inner}))});
  Datum d = Datum::Record({Datum::Long(7),
                           Datum::Array({Datum::String("a"), Datum::Null(), Datum::String("c")}),
                           Datum::Map({{"k1", Datum::Double(1.0)}, {"k2", Datum::Double(2.5)}}),
                           Datum::Record({Datum::Int(3)}), Datum::Union(1, Datum::String("s"))});
  Datum back = RoundTrip(schema, d);
  // Unions come back unwrapped.
  Datum expected = Datum::Record(
      {Datum::Long(7), Datum::Array({Datum::String("a"), Datum::Null(), Datum::String("c")}),
       Datum::Map({{"k1", Datum::Double(1.0)}, {"k2", Datum::Double(2.5)}}),
       Datum::Record({Datum::Int(3)}), Datum::String("s")});
  EXPECT_EQ(back, expected) << back.DebugString();

  Datum nulls = Datum::Record({Datum::Null(), Datum::Array({}), Datum::Map({}),
                               Datum::Record({Datum::Int(-1)}), Datum::Record({Datum::Int(9)})});
  EXPECT_EQ(RoundTrip(schema, nulls), nulls);
}

TEST(AvroEncoding, MismatchedDatumIsRefused) {
  std::string out;
  EXPECT_FALSE(Encode(Primitive(Kind::kInt), Datum::Long(1), &out).ok());
  EXPECT_FALSE(Encode(Optional(Primitive(Kind::kInt)), Datum::String("x"), &out).ok());
  EXPECT_FALSE(Encode(Fixed("f", 2), Datum::Fixed("abc"), &out).ok());
  EXPECT_FALSE(
      Encode(Record("r", {MakeField("a", Primitive(Kind::kInt))}), Datum::Record({}), &out).ok());
}

TEST(AvroEncoding, NegativeBlockCountsWithSizesDecode) {
  // Array of ints written as one block with a negative count and a byte size.
  std::string bytes;
  AppendLong(-2, &bytes);
  AppendLong(2, &bytes);
  AppendLong(5, &bytes);
  AppendLong(6, &bytes);
  AppendLong(0, &bytes);
  Decoder dec(bytes);
  auto r = dec.Decode(Array(Primitive(Kind::kInt)));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r.value(), Datum::Array({Datum::Int(5), Datum::Int(6)}));
}

TEST(AvroEncoding, HostileInputsFailCleanly) {
  // Huge array count with few bytes, huge string length, bad union branch, 11-byte varint.
  std::string huge_count;
  AppendLong(int64_t{1} << 60, &huge_count);
  std::string huge_len;
  AppendLong(int64_t{1} << 40, &huge_len);
  std::string bad_branch;
  AppendLong(5, &bad_branch);
  std::string long_varint(11, '\xff');
  std::string null_items;
  AppendLong(int64_t{1} << 40, &null_items);
  struct Case {
    SchemaPtr schema;
    std::string bytes;
  } cases[] = {
      {Array(Primitive(Kind::kLong)), huge_count},
      {Primitive(Kind::kString), huge_len},
      {Optional(Primitive(Kind::kInt)), bad_branch},
      {Primitive(Kind::kLong), long_varint},
      {Array(Primitive(Kind::kNull)), null_items},
      {Primitive(Kind::kBoolean), std::string("\x02", 1)},
      {Primitive(Kind::kDouble), std::string("\x01\x02", 2)},
  };
  for (const Case& c : cases) {
    Decoder dec(c.bytes);
    auto r = dec.Decode(c.schema);
    EXPECT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), Status::Code::kCorruption);
  }
}

TEST(AvroSchema, JsonRoundTripKeepsPropsAndNames) {
  SchemaPtr kv =
      Record("k117_v118", {MakeField("key", Primitive(Kind::kInt), {{"field-id", 117}}),
                           MakeField("value", Primitive(Kind::kLong), {{"field-id", 118}})});
  SchemaPtr schema = Record(
      "top",
      {MakeField("sizes", Optional(Array(kv, {{"logicalType", "map"}})), {{"field-id", 108}}),
       MakeField("again", Optional(Array(kv, {{"logicalType", "map"}})), {{"field-id", 109}}),
       MakeField("ts", Primitive(Kind::kLong,
                                 {{"logicalType", "timestamp-micros"}, {"adjust-to-utc", true}}))});
  std::string text = SchemaToString(schema);
  auto parsed = ParseSchema(text);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString() << " " << text;
  EXPECT_EQ(SchemaToString(parsed.value()), text);
  const Node& top = *parsed.value();
  ASSERT_EQ(top.fields.size(), 3u);
  EXPECT_EQ(top.fields[0].props["field-id"], 108);
  EXPECT_TRUE(top.fields[0].has_default);
  const Node& arr = *top.fields[1].schema->branches[1];
  EXPECT_EQ(arr.props["logicalType"], "map");
  EXPECT_EQ(arr.items->name, "k117_v118");  // second use printed by name and resolved
  EXPECT_EQ(top.fields[2].schema->props["logicalType"], "timestamp-micros");
}

TEST(AvroSchema, BadSchemasAreRefused) {
  for (const char* text :
       {"", "{", "\"nope\"", "{\"type\":\"record\",\"name\":\"r\"}", "[]",
        "{\"type\":\"record\",\"name\":\"r\",\"fields\":[{\"name\":\"a\",\"type\":\"r\"}]}",
        "{\"type\":\"fixed\",\"name\":\"f\",\"size\":-1}", "[\"int\",[\"long\"]]"}) {
    EXPECT_FALSE(ParseSchema(text).ok()) << text;
  }
  std::string deep;
  for (int i = 0; i < 200; i++) deep += "{\"type\":\"array\",\"items\":";
  deep += "\"int\"";
  for (int i = 0; i < 200; i++) deep += "}";
  EXPECT_FALSE(ParseSchema(deep).ok());
}

}  // namespace
}  // namespace firn::avro
