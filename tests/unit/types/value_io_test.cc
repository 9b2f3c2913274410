// Text and binary I/O checked against PostgreSQL 15's output.
#include "types/value_io.h"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>

#include "common/sql_error.h"
#include "sql_error_text.h"

namespace firn {
namespace {

std::string Out(const Value& v) { return ValueToText(v, IoContext()); }
std::string F8(double d) { return Out(Value::Float8(d)); }
std::string F4(double d) { return Out(Value::Float4(d)); }

std::string Hex(const std::string& s) {
  static const char* k = "0123456789abcdef";
  std::string r;
  for (unsigned char c : s) {
    r.push_back(k[c >> 4]);
    r.push_back(k[c & 15]);
  }
  return r;
}

TEST(ValueIoTest, FloatOutputMatchesPostgresShortestForm) {
  EXPECT_EQ(F8(1e15), "1e+15");
  EXPECT_EQ(F8(123456789012345.0), "123456789012345");
  EXPECT_EQ(F8(1e16), "1e+16");
  EXPECT_EQ(F8(0.0001), "0.0001");
  EXPECT_EQ(F8(0.00001), "1e-05");
  EXPECT_EQ(F8(1.5e-5), "1.5e-05");
  EXPECT_EQ(F8(123456789012345680.0), "1.2345678901234568e+17");
  EXPECT_EQ(F8(1e100), "1e+100");
  EXPECT_EQ(F8(NAN), "NaN");
  EXPECT_EQ(F8(-INFINITY), "-Infinity");
  EXPECT_EQ(F8(-0.0), "-0");
  EXPECT_EQ(F8(2.5e-310), "2.5e-310");
  EXPECT_EQ(F8(1.7976931348623157e308), "1.7976931348623157e+308");
  EXPECT_EQ(F8(100), "100");
  EXPECT_EQ(F8(0.1), "0.1");
  EXPECT_EQ(F8(1.0 / 3), "0.3333333333333333");
  EXPECT_EQ(F4(1e6), "1e+06");
  EXPECT_EQ(F4(123456), "123456");
  EXPECT_EQ(F4(1234567), "1.234567e+06");
  EXPECT_EQ(F4(0.1), "0.1");
  EXPECT_EQ(F4(12345678), "1.2345678e+07");
  EXPECT_EQ(F4(3), "3");
}

TEST(ValueIoTest, ScalarTextOutput) {
  EXPECT_EQ(Out(Value::Bool(true)), "t");
  EXPECT_EQ(Out(Value::Bool(false)), "f");
  EXPECT_EQ(Out(Value::Int8(INT64_MIN)), "-9223372036854775808");
  EXPECT_EQ(Out(Value::MakeNumeric(Numeric::Parse("12.50"))), "12.50");
  EXPECT_EQ(Out(Value::Text("a b")), "a b");
  EXPECT_EQ(Out(Value::Date(20468)), "2026-01-15");
  EXPECT_EQ(Out(Value::TimestampTz(1768471200000000)), "2026-01-15 10:00:00+00");
  EXPECT_EQ(Out(Value::MakeInterval(Interval{0, 7, 0})), "7 days");
}

TEST(ValueIoTest, ArrayTextQuoting) {
  Value ints = Value::MakeArray(TypeId::kInt4,
                                {Value::Int4(1), Value::Int4(2), Value::Null(Type(TypeId::kInt4))});
  EXPECT_EQ(Out(ints), "{1,2,NULL}");
  Value texts = Value::MakeArray(
      TypeId::kText, {Value::Text("a b"), Value::Text("x\"y"), Value::Text(""), Value::Text("null"),
                      Value::Text("back\\slash"), Value::Text("plain")});
  EXPECT_EQ(Out(texts), R"({"a b","x\"y","","null","back\\slash",plain})");
  EXPECT_EQ(Out(Value::MakeArray(TypeId::kInt4, {})), "{}");
  Value parsed =
      ParseValueText(R"( { "a b" , x\"y ,"",NULL, plain  } )", Type::Array(TypeId::kText));
  EXPECT_EQ(Out(parsed), R"({"a b","x\"y","",NULL,plain})");
  EXPECT_EQ(Out(ParseValueText("{1, 2 ,3}", Type::Array(TypeId::kInt4))), "{1,2,3}");
  EXPECT_EQ(ErrorText([] { ParseValueText("{1,2", Type::Array(TypeId::kInt4)); }),
            "22P02:malformed array literal: \"{1,2\"");
  EXPECT_EQ(ErrorText([] { ParseValueText("{1,x}", Type::Array(TypeId::kInt4)); }),
            "22P02:invalid input syntax for type integer: \"x\"");
}

TEST(ValueIoTest, CatalogVectorsAreSpaceSeparatedAndZeroBased) {
  const Type int2vector = Type::CatalogVector(TypeId::kInt2);
  EXPECT_EQ(int2vector.Oid(), oid::kInt2Vector);
  EXPECT_EQ(int2vector.Name(), "int2vector");
  EXPECT_EQ(Type::FromOid(oid::kOidVector), Type::CatalogVector(TypeId::kOid));
  EXPECT_FALSE(int2vector.SameBase(Type::Array(TypeId::kInt2)));
  EXPECT_EQ(int2vector.LowerBound(), 0);
  Value keys = ParseValueText(" 3  1 2 ", int2vector);
  EXPECT_EQ(keys.type(), int2vector);
  EXPECT_EQ(Out(keys), "3 1 2");
  EXPECT_EQ(Out(ParseValueText("", int2vector)), "");
  EXPECT_EQ(ErrorText([] { ParseValueText("1 x", Type::CatalogVector(TypeId::kInt2)); }),
            "22P02:invalid input syntax for type smallint: \"x\"");
}

TEST(ValueIoTest, BoolInputAcceptsPostgresSpellings) {
  for (const char* t : {"t", "TRUE", " yes ", "on", "1", "y", "tr"})
    EXPECT_TRUE(ParseBoolText(t)) << t;
  for (const char* f : {"f", "False", "no", "off", "0", "n", "of"})
    EXPECT_FALSE(ParseBoolText(f)) << f;
  EXPECT_EQ(ErrorText([] { ParseBoolText("o"); }),
            "22P02:invalid input syntax for type boolean: \"o\"");
  EXPECT_EQ(ErrorText([] { ParseBoolText("maybe"); }),
            "22P02:invalid input syntax for type boolean: \"maybe\"");
}

TEST(ValueIoTest, IntegerInputRangeAndSyntax) {
  EXPECT_EQ(ParseIntText(" 42 ", TypeId::kInt4), 42);
  EXPECT_EQ(ParseIntText("-32768", TypeId::kInt2), -32768);
  EXPECT_EQ(ParseIntText("-9223372036854775808", TypeId::kInt8), INT64_MIN);
  EXPECT_EQ(ErrorText([] { ParseIntText("99999999999", TypeId::kInt4); }),
            "22003:value \"99999999999\" is out of range for type integer");
  EXPECT_EQ(ErrorText([] { ParseIntText("32768", TypeId::kInt2); }),
            "22003:value \"32768\" is out of range for type smallint");
  EXPECT_EQ(ErrorText([] { ParseIntText("x", TypeId::kInt4); }),
            "22P02:invalid input syntax for type integer: \"x\"");
  EXPECT_EQ(ErrorText([] { ParseIntText("1.5", TypeId::kInt8); }),
            "22P02:invalid input syntax for type bigint: \"1.5\"");
  EXPECT_EQ(ErrorText([] { ParseIntText("", TypeId::kInt4); }),
            "22P02:invalid input syntax for type integer: \"\"");
}

TEST(ValueIoTest, FloatInput) {
  EXPECT_TRUE(std::isnan(ParseFloatText("NaN", TypeId::kFloat8)));
  EXPECT_EQ(ParseFloatText(" -inf", TypeId::kFloat8), -INFINITY);
  EXPECT_EQ(ParseFloatText("Infinity", TypeId::kFloat4), INFINITY);
  EXPECT_EQ(ParseFloatText("1.5e3", TypeId::kFloat8), 1500);
  EXPECT_EQ(ErrorText([] { ParseFloatText("1e400", TypeId::kFloat8); }),
            "22003:\"1e400\" is out of range for type double precision");
  EXPECT_EQ(ErrorText([] { ParseFloatText("1e40", TypeId::kFloat4); }),
            "22003:\"1e40\" is out of range for type real");
  EXPECT_EQ(ErrorText([] { ParseFloatText("abc", TypeId::kFloat8); }),
            "22P02:invalid input syntax for type double precision: \"abc\"");
}

TEST(ValueIoTest, StringTypmods) {
  EXPECT_EQ(ParseValueText("abc", Type(TypeId::kVarchar, MakeVarcharTypmod(3))).GetString(), "abc");
  EXPECT_EQ(ParseValueText("ab   ", Type(TypeId::kVarchar, MakeVarcharTypmod(3))).GetString(),
            "ab ");
  EXPECT_EQ(ErrorText([] { ParseValueText("abcd", Type(TypeId::kVarchar, MakeVarcharTypmod(3))); }),
            "22001:value too long for type character varying(3)");
  EXPECT_EQ(ParseValueText("ab", Type(TypeId::kBpchar, MakeVarcharTypmod(4))).GetString(), "ab  ");
  EXPECT_EQ(ParseValueText("héllo", Type(TypeId::kVarchar, MakeVarcharTypmod(5))).GetString(),
            "héllo");
  EXPECT_EQ(ErrorText([] { ParseValueText("abcd", Type(TypeId::kBpchar, MakeVarcharTypmod(2))); }),
            "22001:value too long for type character(2)");
}

TEST(ValueIoTest, BinaryFormatsMatchPostgres) {
  auto bin = [](const Value& v) {
    std::string s;
    AppendValueBinary(v, &s);
    return Hex(s);
  };
  EXPECT_EQ(bin(Value::Bool(true)), "01");
  EXPECT_EQ(bin(Value::Int2(-2)), "fffe");
  EXPECT_EQ(bin(Value::Int4(258)), "00000102");
  EXPECT_EQ(bin(Value::Int8(1)), "0000000000000001");
  EXPECT_EQ(bin(Value::Float8(1.5)), "3ff8000000000000");
  EXPECT_EQ(bin(Value::Float4(1.5)), "3fc00000");
  // numeric 12345.6789: ndigits 3, weight 1, sign 0, dscale 4, digits 1 2345 6789.
  EXPECT_EQ(bin(Value::MakeNumeric(Numeric::Parse("12345.6789"))),
            "000300010000000400010929"
            "1a85");
  EXPECT_EQ(bin(Value::MakeNumeric(Numeric::Parse("NaN"))), "00000000c0000000");
  EXPECT_EQ(bin(Value::Date(kPgEpochDays + 1)), "00000001");
  EXPECT_EQ(bin(Value::Timestamp(kPgEpochMicros + 1000000)), "00000000000f4240");
  EXPECT_EQ(bin(Value::MakeInterval(Interval{2, 3, 4})), "00000000000000040000000300000002");
  Value arr = Value::MakeArray(TypeId::kInt4, {Value::Int4(1), Value::Null(Type(TypeId::kInt4))});
  EXPECT_EQ(bin(arr),
            "00000001"
            "00000001"
            "00000017"
            "00000002"
            "00000001"
            "00000004"
            "00000001"
            "ffffffff");
}

TEST(ValueIoTest, BinaryRoundTrips) {
  std::vector<Value> values = {
      Value::Bool(false),
      Value::Int2(-7),
      Value::Int4(INT32_MIN),
      Value::Int8(INT64_MAX),
      Value::Float4(0.1),
      Value::Float8(-2.5),
      Value::MakeNumeric(Numeric::Parse("-0.00012")),
      Value::Text("héllo"),
      Value::Date(-1),
      Value::Timestamp(-1),
      Value::TimestampTz(kTimestampInfinity),
      Value::MakeInterval(Interval{-1, 2, -3}),
      Value::MakeArray(TypeId::kText, {Value::Text("a"), Value::Null(Type(TypeId::kText))}),
      Value::MakeArray(TypeId::kInt8, {})};
  for (const Value& v : values) {
    std::string s;
    AppendValueBinary(v, &s);
    Value back = ParseValueBinary(s, v.type());
    EXPECT_EQ(Out(back), Out(v)) << v.type().Name();
    EXPECT_EQ(CompareValues(back, v), 0) << v.type().Name();
  }
}

// jsonb_send is a version byte (1) and the text; json_send the text as written.
TEST(ValueIoTest, JsonBinaryForms) {
  Value jsonb = ParseValueText("{\"b\": 1, \"a\": [true]}", Type(TypeId::kJsonb), IoContext());
  std::string s;
  AppendValueBinary(jsonb, &s);
  EXPECT_EQ(s, std::string("\x01{\"a\": [true], \"b\": 1}"));
  EXPECT_EQ(Out(ParseValueBinary(s, Type(TypeId::kJsonb))), "{\"a\": [true], \"b\": 1}");
  EXPECT_EQ(ErrorText([] { ParseValueBinary(std::string("\x02{}"), Type(TypeId::kJsonb)); }),
            "22P03:unsupported jsonb version number 2");
  Value json = ParseValueText("{\"b\" : 1}", Type(TypeId::kJson), IoContext());
  s.clear();
  AppendValueBinary(json, &s);
  EXPECT_EQ(s, "{\"b\" : 1}");
  EXPECT_EQ(ErrorText([] { ParseValueBinary("{", Type(TypeId::kJson)); }).substr(0, 5), "22P02");
}

TEST(ValueIoTest, BadBinaryIs22P03) {
  EXPECT_EQ(ErrorText([] {
              ParseValueBinary(std::string("\x01\x02", 2), Type(TypeId::kInt4));
            }).substr(0, 5),
            "22P03");
  EXPECT_EQ(
      ErrorText([] { ParseValueBinary(std::string(5, '\0'), Type(TypeId::kInt4)); }).substr(0, 5),
      "22P03");
  std::string bad_digit = std::string("\x00\x01\x00\x00\x00\x00\x00\x00\x27\x10", 10);
  EXPECT_EQ(ErrorText([&] { ParseValueBinary(bad_digit, Type(TypeId::kNumeric)); }).substr(0, 5),
            "22P03");
}

TEST(ValueIoTest, TextInputForEveryScalarType) {
  IoContext ctx;
  EXPECT_EQ(Out(ParseValueText("12.345", Type(TypeId::kNumeric, MakeNumericTypmod(5, 2)), ctx)),
            "12.35");
  EXPECT_EQ(Out(ParseValueText("2026-01-15 10:00+02", Type(TypeId::kTimestampTz), ctx)),
            "2026-01-15 08:00:00+00");
  EXPECT_EQ(Out(ParseValueText("1 day", Type(TypeId::kInterval), ctx)), "1 day");
  EXPECT_EQ(Out(ParseValueText("{2026-01-15,NULL}", Type::Array(TypeId::kDate), ctx)),
            "{2026-01-15,NULL}");
  EXPECT_EQ(
      Out(ParseValueText("{\"2026-01-15 10:00:00+00\"}", Type::Array(TypeId::kTimestampTz), ctx)),
      "{\"2026-01-15 10:00:00+00\"}");
}

}  // namespace
}  // namespace firn
