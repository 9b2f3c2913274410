// Arithmetic operators, comparisons and math functions, with expected results and error
// texts taken from PostgreSQL 15.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "common/sql_error.h"
#include "exec/function/function_registry.h"

namespace firn {
namespace {

Value N(const char* s) { return Value::MakeNumeric(Numeric::Parse(s)); }
Value I2(int64_t v) { return Value::Int2(v); }
Value I4(int64_t v) { return Value::Int4(v); }
Value I8(int64_t v) { return Value::Int8(v); }
Value F4(double v) { return Value::Float4(v); }
Value F8(double v) { return Value::Float8(v); }

class FunctionMathTest : public ::testing::Test {
 protected:
  Value Call(const char* name, const std::vector<Value>& args) {
    std::vector<Type> types;
    for (const Value& a : args) types.push_back(a.type());
    ResolvedFunction f = registry_.ResolveFunction(name, types);
    EXPECT_EQ(f.arg_types, types) << name << " needs casts this test does not do";
    return registry_.InvokeValues(f, args, ctx_);
  }
  Value Op(const char* op, const Value& l, const Value& r) {
    ResolvedFunction f = registry_.ResolveOperator(op, l.type(), r.type());
    EXPECT_EQ(f.arg_types, (std::vector<Type>{l.type(), r.type()}));
    return registry_.InvokeValues(f, {l, r}, ctx_);
  }
  Value Prefix(const char* op, const Value& v) {
    return registry_.InvokeValues(registry_.ResolveOperator(op, std::nullopt, v.type()), {v}, ctx_);
  }
  std::string NumText(const Value& v) { return v.GetNumeric().ToString(); }
  template <typename F>
  SqlError ErrorOf(F f) {
    try {
      f();
    } catch (const SqlError& e) {
      return e;
    }
    ADD_FAILURE() << "no error thrown";
    return SqlError("00000", "");
  }
  void ExpectError(const char* sqlstate, const char* message, const std::function<void()>& f) {
    SqlError e = ErrorOf(f);
    EXPECT_EQ(e.sqlstate(), sqlstate);
    EXPECT_STREQ(e.what(), message);
  }

  FunctionRegistry registry_;
  EvalContext ctx_;
};

TEST_F(FunctionMathTest, IntegerArithmetic) {
  EXPECT_EQ(Op("/", I4(7), I4(2)).GetInt64(), 3);
  EXPECT_EQ(Op("/", I4(-7), I4(2)).GetInt64(), -3);
  EXPECT_EQ(Op("%", I4(-7), I4(3)).GetInt64(), -1);
  EXPECT_EQ(Op("%", I4(std::numeric_limits<int32_t>::min()), I4(-1)).GetInt64(), 0);
  EXPECT_EQ(Op("+", I2(1), I4(2)).type(), Type(TypeId::kInt4));
  EXPECT_EQ(Op("*", I8(3), I2(4)).GetInt64(), 12);
  EXPECT_EQ(Prefix("-", I4(5)).GetInt64(), -5);
  EXPECT_EQ(Prefix("@", I8(-5)).GetInt64(), 5);
}

TEST_F(FunctionMathTest, IntegerOverflowNamesTheType) {
  ExpectError("22003", "smallint out of range", [&] { Op("+", I2(32767), I2(1)); });
  ExpectError("22003", "integer out of range", [&] { Op("+", I4(2147483647), I4(1)); });
  ExpectError("22003", "bigint out of range",
              [&] { Op("+", I8(std::numeric_limits<int64_t>::max()), I8(1)); });
  ExpectError("22003", "integer out of range", [&] { Op("/", I4(-2147483648LL), I4(-1)); });
  ExpectError("22003", "bigint out of range",
              [&] { Op("/", I8(std::numeric_limits<int64_t>::min()), I8(-1)); });
  ExpectError("22003", "integer out of range", [&] { Prefix("-", I4(-2147483648LL)); });
  ExpectError("22003", "smallint out of range", [&] { Prefix("@", I2(-32768)); });
  ExpectError("22003", "integer out of range", [&] { Op("*", I2(30000), I4(100000)); });
}

TEST_F(FunctionMathTest, DivisionByZero) {
  ExpectError("22012", "division by zero", [&] { Op("/", I4(1), I4(0)); });
  ExpectError("22012", "division by zero", [&] { Op("%", I8(5), I8(0)); });
  ExpectError("22012", "division by zero", [&] { Op("/", F8(1), F8(0)); });
  ExpectError("22012", "division by zero", [&] { Op("/", N("1.0"), N("0")); });
  EXPECT_TRUE(std::isnan(Op("/", F8(NAN), F8(0)).GetDouble()));
}

TEST_F(FunctionMathTest, FloatOverflowAndUnderflow) {
  ExpectError("22003", "value out of range: overflow", [&] { Op("*", F8(1e308), F8(10)); });
  ExpectError("22003", "value out of range: underflow", [&] { Op("*", F8(1e-308), F8(1e-308)); });
  ExpectError("22003", "value out of range: overflow", [&] { Op("*", F4(3e38), F4(10)); });
  ExpectError("22003", "value out of range: underflow", [&] { Op("*", F4(1e-30), F4(1e-30)); });
  EXPECT_TRUE(std::isinf(Op("+", F8(INFINITY), F8(1)).GetDouble()));
  // float4 arithmetic happens in single precision.
  EXPECT_EQ(Op("+", F4(0.1), F4(0.2)).GetDouble(), static_cast<double>(0.1f + 0.2f));
  EXPECT_NEAR(Op("*", F4(3e38), F8(10)).GetDouble(), 3.000000005497756e+39, 1e25);
}

TEST_F(FunctionMathTest, NumericArithmetic) {
  EXPECT_EQ(NumText(Op("/", N("5"), N("2.0"))), "2.5000000000000000");
  EXPECT_EQ(NumText(Op("+", N("1"), N("1.5"))), "2.5");
  EXPECT_EQ(NumText(Op("^", N("2.0"), N("3"))), "8.0000000000000000");
  EXPECT_EQ(NumText(Op("%", N("7.5"), N("2"))), "1.5");
  EXPECT_EQ(NumText(Prefix("-", N("2.50"))), "-2.50");
}

TEST_F(FunctionMathTest, Float8Power) {
  EXPECT_EQ(Op("^", F8(2), F8(3)).GetDouble(), 8.0);
  EXPECT_EQ(Op("^", F8(-2), F8(3)).GetDouble(), -8.0);
  ExpectError("2201F", "zero raised to a negative power is undefined",
              [&] { Op("^", F8(0), F8(-1)); });
  ExpectError("2201F", "a negative number raised to a non-integer power yields a complex result",
              [&] { Op("^", F8(-8), F8(1.0 / 3)); });
  ExpectError("22003", "value out of range: overflow", [&] { Op("^", F8(10), F8(400)); });
  EXPECT_EQ(Op("^", F8(NAN), F8(0)).GetDouble(), 1.0);
  EXPECT_EQ(Op("^", F8(1), F8(NAN)).GetDouble(), 1.0);
}

TEST_F(FunctionMathTest, ComparisonsOrderNaNLast) {
  EXPECT_TRUE(Op("=", F8(NAN), F8(NAN)).GetBool());
  EXPECT_TRUE(Op(">", F8(NAN), F8(INFINITY)).GetBool());
  EXPECT_TRUE(Op("=", I8(1), I2(1)).GetBool());
  EXPECT_TRUE(Op("<", I4(1), I8(2)).GetBool());
  EXPECT_TRUE(Op("<>", N("1.0"), N("1.5")).GetBool());
  EXPECT_TRUE(Op("=", N("1.0"), N("1.00")).GetBool());
  EXPECT_TRUE(Op("<=", F4(1.5), F8(1.5)).GetBool());
  EXPECT_TRUE(Op("<", Value::Text("a"), Value::Text("b")).GetBool());
  EXPECT_TRUE(Op("<", Value::Text("Z"), Value::Text("a")).GetBool());  // collation "C"
  EXPECT_TRUE(Op(">", Value::Text("é"), Value::Text("z")).GetBool());
  EXPECT_TRUE(Op("=", Value::String(Type(TypeId::kBpchar), "ab  "),
                 Value::String(Type(TypeId::kBpchar), "ab"))
                  .GetBool());
  EXPECT_TRUE(Op(">", Value::Bool(true), Value::Bool(false)).GetBool());
}

TEST_F(FunctionMathTest, ArrayComparisons) {
  Value a = Value::MakeArray(TypeId::kInt4, {I4(1), I4(2)});
  Value b = Value::MakeArray(TypeId::kInt4, {I4(1), I4(3)});
  Value c = Value::MakeArray(TypeId::kInt4, {I4(1), I4(2), I4(0)});
  EXPECT_TRUE(Op("<", a, b).GetBool());
  EXPECT_TRUE(Op("<", a, c).GetBool());
  EXPECT_TRUE(Op("=", a, Value::MakeArray(TypeId::kInt4, {I4(1), I4(2)})).GetBool());
}

TEST_F(FunctionMathTest, RoundingFunctions) {
  EXPECT_EQ(Call("round", {F8(2.5)}).GetDouble(), 2.0);  // float8: half to even
  EXPECT_EQ(Call("round", {F8(3.5)}).GetDouble(), 4.0);
  EXPECT_EQ(Call("round", {F8(-2.5)}).GetDouble(), -2.0);
  EXPECT_EQ(NumText(Call("round", {N("2.5")})), "3");  // numeric: half away from zero
  EXPECT_EQ(NumText(Call("round", {N("-2.5")})), "-3");
  EXPECT_EQ(NumText(Call("round", {N("2.345"), I4(2)})), "2.35");
  EXPECT_EQ(NumText(Call("round", {N("1234.5"), I4(-2)})), "1200");
  EXPECT_EQ(NumText(Call("trunc", {N("2.789"), I4(2)})), "2.78");
  EXPECT_EQ(NumText(Call("trunc", {N("-2.7")})), "-2");
  EXPECT_EQ(Call("trunc", {F8(-2.7)}).GetDouble(), -2.0);
  EXPECT_EQ(NumText(Call("ceil", {N("-2.5")})), "-2");
  EXPECT_EQ(NumText(Call("floor", {N("-2.5")})), "-3");
  EXPECT_EQ(Call("ceiling", {F8(2.1)}).GetDouble(), 3.0);
}

TEST_F(FunctionMathTest, AbsSignMod) {
  EXPECT_EQ(Call("abs", {I4(-3)}).GetInt64(), 3);
  EXPECT_EQ(Call("abs", {F8(-1.5)}).GetDouble(), 1.5);
  EXPECT_EQ(NumText(Call("abs", {N("-1.50")})), "1.50");
  ExpectError("22003", "integer out of range", [&] { Call("abs", {I4(-2147483648LL)}); });
  EXPECT_EQ(NumText(Call("sign", {N("-2.50")})), "-1");
  EXPECT_EQ(NumText(Call("sign", {N("0.00")})), "0");
  EXPECT_EQ(NumText(Call("sign", {N("NaN")})), "NaN");
  EXPECT_EQ(Call("sign", {F8(3)}).GetDouble(), 1.0);
  EXPECT_EQ(Call("mod", {I4(-7), I4(3)}).GetInt64(), -1);
  EXPECT_EQ(NumText(Call("mod", {N("7.5"), N("2")})), "1.5");
  ExpectError("22012", "division by zero", [&] { Call("mod", {I8(1), I8(0)}); });
}

TEST_F(FunctionMathTest, RootsLogsAndExponentials) {
  EXPECT_EQ(Call("sqrt", {F8(16)}).GetDouble(), 4.0);
  EXPECT_EQ(NumText(Call("sqrt", {N("2.0")})), "1.414213562373095");
  ExpectError("2201F", "cannot take square root of a negative number",
              [&] { Call("sqrt", {F8(-1)}); });
  EXPECT_DOUBLE_EQ(Call("cbrt", {F8(27)}).GetDouble(), 3.0);
  EXPECT_EQ(Call("log", {F8(100)}).GetDouble(), 2.0);
  EXPECT_EQ(Call("log10", {F8(1000)}).GetDouble(), 3.0);
  EXPECT_EQ(NumText(Call("ln", {N("10")})), "2.3025850929940457");
  EXPECT_EQ(NumText(Call("log", {N("2"), N("8")})), "3.0000000000000000");
  EXPECT_EQ(NumText(Call("log", {N("2.0"), N("1024")})), "10.0000000000000000");
  EXPECT_EQ(NumText(Call("log10", {N("1000")})), "3.0000000000000000");
  EXPECT_EQ(NumText(Call("log", {N("0.5")})), "-0.3010299956639812");
  EXPECT_EQ(NumText(Call("log", {N("3"), N("100")})), "4.1918065485787692");
  ExpectError("2201E", "cannot take logarithm of zero", [&] { Call("ln", {F8(0)}); });
  ExpectError("2201E", "cannot take logarithm of a negative number",
              [&] { Call("log", {F8(-1)}); });
  ExpectError("2201E", "cannot take logarithm of zero", [&] { Call("ln", {N("0")}); });
  ExpectError("22012", "division by zero", [&] { Call("log", {N("1"), N("10")}); });
  EXPECT_EQ(NumText(Call("exp", {N("1.0")})), "2.7182818284590452");
  ExpectError("22003", "value out of range: underflow", [&] { Call("exp", {F8(-1000)}); });
  ExpectError("22003", "value out of range: overflow", [&] { Call("exp", {F8(1000)}); });
  EXPECT_EQ(Call("power", {F8(2), F8(10)}).GetDouble(), 1024.0);
  EXPECT_EQ(NumText(Call("pow", {N("2.0"), N("0.5")})), "1.4142135623730950");
}

TEST_F(FunctionMathTest, ConstantsAndAngles) {
  EXPECT_EQ(Call("pi", {}).GetDouble(), M_PI);
  EXPECT_EQ(Call("degrees", {Call("pi", {})}).GetDouble(), 180.0);
  EXPECT_EQ(Call("radians", {F8(180)}).GetDouble(), M_PI);
}

TEST_F(FunctionMathTest, RandomIsInUnitIntervalAndVaries) {
  ResolvedFunction f = registry_.ResolveFunction("random", {});
  Vector out{Type(TypeId::kFloat8)};
  out.Resize(100);
  registry_.Invoke(f, ScalarArgs{{}, 100}, out, ctx_);
  double first = out.doubles()[0];
  bool varies = false;
  for (size_t i = 0; i < 100; ++i) {
    ASSERT_FALSE(out.IsNull(i));
    EXPECT_GE(out.doubles()[i], 0.0);
    EXPECT_LT(out.doubles()[i], 1.0);
    varies = varies || out.doubles()[i] != first;
  }
  EXPECT_TRUE(varies);
}

TEST_F(FunctionMathTest, VectorizedAdditionOverAChunk) {
  ResolvedFunction f = registry_.ResolveOperator("+", Type(TypeId::kInt8), Type(TypeId::kInt8));
  Vector a{Type(TypeId::kInt8)}, b{Type(TypeId::kInt8)};
  for (int64_t i = 0; i < 2048; ++i) {
    a.Append(i % 7 == 0 ? Value::Null(Type(TypeId::kInt8)) : I8(i));
    b.Append(I8(1000 * i));
  }
  Vector out{Type(TypeId::kInt8)};
  out.Resize(2048);
  registry_.Invoke(f, ScalarArgs{{&a, &b}, 2048}, out, ctx_);
  for (int64_t i = 0; i < 2048; ++i) {
    if (i % 7 == 0) {
      EXPECT_TRUE(out.IsNull(i));
    } else {
      ASSERT_FALSE(out.IsNull(i));
      EXPECT_EQ(out.ints()[i], 1001 * i);
    }
  }
}

TEST_F(FunctionMathTest, NullRowsNeverRaiseErrors) {
  // 1 / NULL must not divide by the zero stored in the NULL slot.
  ResolvedFunction f = registry_.ResolveOperator("/", Type(TypeId::kInt4), Type(TypeId::kInt4));
  Vector a{Type(TypeId::kInt4)}, b{Type(TypeId::kInt4)};
  a.Append(I4(1));
  b.Append(Value::Null(Type(TypeId::kInt4)));
  Vector out{Type(TypeId::kInt4)};
  out.Resize(1);
  registry_.Invoke(f, ScalarArgs{{&a, &b}, 1}, out, ctx_);
  EXPECT_TRUE(out.IsNull(0));
}

}  // namespace
}  // namespace firn
