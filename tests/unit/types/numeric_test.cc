// Numeric behaviour checked against PostgreSQL 15 outputs.
#include "types/numeric.h"

#include <gtest/gtest.h>

#include <functional>

#include "common/sql_error.h"
#include "types/type.h"

namespace firn {
namespace {

std::string N(const char* s) { return Numeric::Parse(s).ToString(); }
Numeric P(const char* s) { return Numeric::Parse(s); }

std::string Code(const std::function<void()>& f) {
  try {
    f();
  } catch (const SqlError& e) {
    return e.sqlstate() + ":" + e.what();
  }
  return "no error";
}

TEST(NumericTest, ParseAndFormatRoundTrip) {
  EXPECT_EQ(N("12.50"), "12.50");
  EXPECT_EQ(N("  -0.001 "), "-0.001");
  EXPECT_EQ(N("-0"), "0");
  EXPECT_EQ(N("-0.00"), "0.00");
  EXPECT_EQ(N("1e3"), "1000");
  EXPECT_EQ(N("1.5e-3"), "0.0015");
  EXPECT_EQ(N(".5"), "0.5");
  EXPECT_EQ(N("5."), "5");
  EXPECT_EQ(N("+007.10"), "7.10");
  EXPECT_EQ(N("123456789012345678901234567890.123456789"),
            "123456789012345678901234567890.123456789");
  EXPECT_EQ(N("NaN"), "NaN");
  EXPECT_EQ(N("-inf"), "-Infinity");
  EXPECT_EQ(N("Infinity"), "Infinity");
}

TEST(NumericTest, BadInputIs22P02) {
  EXPECT_EQ(Code([] { P("abc"); }), "22P02:invalid input syntax for type numeric: \"abc\"");
  EXPECT_EQ(Code([] { P("1.2.3"); }), "22P02:invalid input syntax for type numeric: \"1.2.3\"");
  EXPECT_EQ(Code([] { P(""); }), "22P02:invalid input syntax for type numeric: \"\"");
  EXPECT_EQ(Code([] { P("1e"); }), "22P02:invalid input syntax for type numeric: \"1e\"");
}

// Any written exponent is read; only a value numeric cannot hold is 22003 (PostgreSQL 15:
// up to 131072 digits before the point, 16383 after it).
TEST(NumericTest, ExponentsReachNumericsLimits) {
  EXPECT_EQ(N("1e1001").size(), 1002u);
  EXPECT_EQ(N("1.5e131071").size(), 131072u);
  EXPECT_EQ(N("1e-16383").size(), 16385u);
  EXPECT_EQ(N("0e5000"), "0");
  EXPECT_EQ(N("0.5e2"), "50");
  const char* overflow = "22003:value overflows numeric format";
  EXPECT_EQ(Code([] { P("12e131071"); }), overflow);
  EXPECT_EQ(Code([] { P("1e-16384"); }), overflow);
  EXPECT_EQ(Code([] { P("0e-20000"); }), overflow);
  EXPECT_EQ(Code([] { P("0e99999999999"); }), overflow);
  EXPECT_EQ(Code([] { P("1e-99999999999"); }), overflow);
}

TEST(NumericTest, StoredFormIsBase10000) {
  Numeric n = P("12345.6789");
  EXPECT_EQ(n.weight(), 1);
  EXPECT_EQ(n.dscale(), 4);
  EXPECT_EQ(n.digits(), (std::vector<int16_t>{1, 2345, 6789}));
  Numeric z = P("0.000");
  EXPECT_TRUE(z.digits().empty());
  EXPECT_EQ(z.dscale(), 3);
  Numeric small = P("0.00012");
  EXPECT_EQ(small.weight(), -1);
  EXPECT_EQ(small.digits(), (std::vector<int16_t>{1, 2000}));
}

TEST(NumericTest, ArithmeticResultScales) {
  EXPECT_EQ(P("1.5").Add(P("2.25")).ToString(), "3.75");
  EXPECT_EQ(P("1.50").Sub(P("2")).ToString(), "-0.50");
  EXPECT_EQ(P("1.5").Mul(P("2.25")).ToString(), "3.375");
  EXPECT_EQ(P("10").Div(P("3")).ToString(), "3.3333333333333333");
  EXPECT_EQ(P("1").Div(P("7")).ToString(), "0.14285714285714285714");
  EXPECT_EQ(P("2").Div(P("3")).ToString(), "0.66666666666666666667");
  EXPECT_EQ(P("1000000").Div(P("3")).ToString(), "333333.333333333333");
  EXPECT_EQ(P("1.000000000000000000000").Div(P("3")).ToString(), "0.333333333333333333333");
  EXPECT_EQ(P("7.5").Mod(P("2")).ToString(), "1.5");
  EXPECT_EQ(P("-7").Mod(P("3")).ToString(), "-1");
}

TEST(NumericTest, DivisionByZero) {
  EXPECT_EQ(Code([] { P("1").Div(P("0")); }), "22012:division by zero");
  EXPECT_EQ(Code([] { P("1").Mod(P("0.0")); }), "22012:division by zero");
}

TEST(NumericTest, RoundsHalfAwayFromZero) {
  EXPECT_EQ(P("2.5").Round(0).ToString(), "3");
  EXPECT_EQ(P("-2.5").Round(0).ToString(), "-3");
  EXPECT_EQ(P("1234.5678").Round(-2).ToString(), "1200");
  EXPECT_EQ(P("1.5").Round(3).ToString(), "1.500");
  EXPECT_EQ(P("-1.99").Trunc(1).ToString(), "-1.9");
  EXPECT_EQ(P("-1.5").Floor().ToString(), "-2");
  EXPECT_EQ(P("1.2").Ceil().ToString(), "2");
  EXPECT_EQ(P("-0.4").Round(0).ToString(), "0");
  EXPECT_EQ(P("2.5").ToInt64(), 3);
  EXPECT_EQ(P("-2.5").ToInt64(), -3);
}

TEST(NumericTest, TypmodOverflowMessages) {
  EXPECT_EQ(P("123.456").ApplyTypmod(MakeNumericTypmod(5, 2)).ToString(), "123.46");
  try {
    P("1234.5").ApplyTypmod(MakeNumericTypmod(5, 2));
    FAIL();
  } catch (const SqlError& e) {
    EXPECT_EQ(e.sqlstate(), "22003");
    EXPECT_STREQ(e.what(), "numeric field overflow");
    EXPECT_EQ(e.detail(),
              "A field with precision 5, scale 2 must round to an absolute value less than 10^3.");
  }
  try {
    P("1").ApplyTypmod(MakeNumericTypmod(2, 2));
    FAIL();
  } catch (const SqlError& e) {
    EXPECT_EQ(e.detail(),
              "A field with precision 2, scale 2 must round to an absolute value less than 1.");
  }
  EXPECT_EQ(P("0.999").ApplyTypmod(MakeNumericTypmod(3, 3)).ToString(), "0.999");
}

TEST(NumericTest, OrderAndHash) {
  EXPECT_EQ(P("1.0").Compare(P("1.00")), 0);
  EXPECT_EQ(P("1.0").Hash(), P("1.00").Hash());
  EXPECT_LT(P("-Infinity").Compare(P("-1e100")), 0);
  EXPECT_LT(P("1e100").Compare(P("Infinity")), 0);
  EXPECT_LT(P("Infinity").Compare(P("NaN")), 0);
  EXPECT_EQ(P("NaN").Compare(P("NaN")), 0);
  EXPECT_LT(P("-2").Compare(P("-1")), 0);
  EXPECT_LT(P("-0.5").Compare(P("0")), 0);
  EXPECT_LT(P("0.0001").Compare(P("0.001")), 0);
  EXPECT_EQ(P("0").Hash(), P("-0.000").Hash());
}

TEST(NumericTest, InfinityArithmetic) {
  EXPECT_EQ(P("Infinity").Add(P("-Infinity")).ToString(), "NaN");
  EXPECT_EQ(P("Infinity").Mul(P("-2")).ToString(), "-Infinity");
  EXPECT_EQ(P("1").Div(P("Infinity")).ToString(), "0");
  EXPECT_EQ(P("NaN").Add(P("1")).ToString(), "NaN");
}

TEST(NumericTest, TranscendentalScalesMatchPostgres) {
  EXPECT_EQ(P("2").Sqrt().ToString(), "1.414213562373095");
  EXPECT_EQ(P("100").Sqrt().ToString(), "10.000000000000000");
  EXPECT_EQ(P("1000000").Sqrt().ToString(), "1000.0000000000000");
  EXPECT_EQ(P("0.0001").Sqrt().ToString(), "0.01000000000000000");
  EXPECT_EQ(P("2.0000000000000000000000").Sqrt().ToString(), "1.4142135623730950488017");
  EXPECT_EQ(P("10").Ln().ToString(), "2.3025850929940457");
  EXPECT_EQ(P("2").Ln().ToString(), "0.6931471805599453");
  EXPECT_EQ(P("1.0001").Ln().ToString(), "0.00009999500033330834");
  EXPECT_EQ(P("1.05").Ln().ToString(), "0.048790164169432003");
  EXPECT_EQ(P("0.001").Ln().ToString(), "-6.9077552789821371");
  EXPECT_EQ(P("1e100").Ln().ToString(), "230.25850929940457");
  EXPECT_EQ(P("1").Ln().ToString(), "0.0000000000000000");
  EXPECT_EQ(P("1").Exp().ToString(), "2.7182818284590452");
  EXPECT_EQ(P("10").Exp().ToString(), "22026.465794806717");
  EXPECT_EQ(P("-10").Exp().ToString(), "0.00004539992976248485");
  EXPECT_EQ(P("100").Exp().ToString(), "26881171418161354484126255515800135873611119");
  EXPECT_EQ(P("1.5").Exp().ToString(), "4.4816890703380648");
  EXPECT_EQ(P("2").Power(P("10")).ToString(), "1024.0000000000000000");
  EXPECT_EQ(P("2").Power(P("0.5")).ToString(), "1.4142135623730950");
  EXPECT_EQ(P("1.1").Power(P("100")).ToString(), "13780.6123398222701841");
  EXPECT_EQ(P("0.5").Power(P("-2")).ToString(), "4.0000000000000000");
  EXPECT_EQ(P("-2").Power(P("3")).ToString(), "-8.0000000000000000");
  EXPECT_EQ(P("100").Power(P("0.5")).ToString(), "10.000000000000000");
  EXPECT_EQ(P("0.01").Power(P("0.5")).ToString(), "0.10000000000000000");
  EXPECT_EQ(P("1000000").Power(P("1.5")).ToString(), "1000000000.0000000");
  EXPECT_EQ(P("2").Power(P("10.00000000000000000001")).ToString(), "1024.00000000000000000710");
  EXPECT_EQ(P("3").Power(P("0.5")).ToString(), "1.7320508075688773");
  EXPECT_EQ(P("1.123456789012345678").Power(P("2")).ToString(), "1.262155156777930193");
}

TEST(NumericTest, TranscendentalErrors) {
  EXPECT_EQ(Code([] { P("-1").Sqrt(); }), "2201F:cannot take square root of a negative number");
  EXPECT_EQ(Code([] { P("0").Ln(); }), "2201E:cannot take logarithm of zero");
  EXPECT_EQ(Code([] { P("-1").Ln(); }), "2201E:cannot take logarithm of a negative number");
  EXPECT_EQ(Code([] { P("0").Power(P("-1")); }),
            "2201F:zero raised to a negative power is undefined");
  EXPECT_EQ(Code([] { P("-2").Power(P("0.5")); }),
            "2201F:a negative number raised to a non-integer power yields a complex result");
}

TEST(NumericTest, DoubleConversions) {
  EXPECT_EQ(Numeric::FromDouble(0.1).ToString(), "0.1");
  EXPECT_EQ(Numeric::FromDouble(1.0 / 3).ToString(), "0.333333333333333");
  EXPECT_EQ(Numeric::FromDouble(1e20).ToString(), "100000000000000000000");
  EXPECT_DOUBLE_EQ(P("12.5").ToDouble(), 12.5);
  EXPECT_EQ(Code([] { P("9223372036854775808").ToInt64(); }), "22003:bigint out of range");
  EXPECT_EQ(P("-9223372036854775808").ToInt64(), INT64_MIN);
}

}  // namespace
}  // namespace firn

namespace firn {
namespace {

TEST(NumericTest, FromInt128IsExactBeyondInt64) {
  __int128 big = static_cast<__int128>(INT64_MAX) * 1000 + 7;  // about 2^73
  EXPECT_EQ(Numeric::FromInt128(big).ToString(), "9223372036854775807007");
  EXPECT_EQ(Numeric::FromInt128(-big).ToString(), "-9223372036854775807007");
  EXPECT_EQ(Numeric::FromInt128(42).ToString(), "42");
}

}  // namespace
}  // namespace firn
