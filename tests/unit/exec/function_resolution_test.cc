// Overload resolution against PostgreSQL 15's answers (checked with pg_typeof and the
// error texts of a real server): exact matches, implicit casts, preferred types, unknown
// literals, polymorphic signatures and the 42883/42725/42804 errors.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "common/sql_error.h"
#include "exec/function/function_registry.h"

namespace firn {
namespace {

const Type kUnknownT{TypeId::kUnknown};
const Type kInt2{TypeId::kInt2};
const Type kInt4{TypeId::kInt4};
const Type kInt8{TypeId::kInt8};
const Type kFloat8{TypeId::kFloat8};
const Type kNumeric{TypeId::kNumeric};
const Type kText{TypeId::kText};
const Type kVarchar{TypeId::kVarchar};
const Type kBool{TypeId::kBool};
const Type kDate{TypeId::kDate};
const Type kTimestamp{TypeId::kTimestamp};
const Type kTimestampTz{TypeId::kTimestampTz};
const Type kInterval{TypeId::kInterval};
const Type kInt4Array = Type::Array(TypeId::kInt4);
const Type kInt8Array = Type::Array(TypeId::kInt8);
const Type kTextArray = Type::Array(TypeId::kText);

class FunctionResolutionTest : public ::testing::Test {
 protected:
  ResolvedFunction Op(const char* op, std::optional<Type> left, Type right) {
    return registry_.ResolveOperator(op, left, right);
  }
  ResolvedFunction Fn(const char* name, std::vector<Type> args) {
    return registry_.ResolveFunction(name, args);
  }
  // Runs `f` and returns the SqlError it throws.
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

  FunctionRegistry registry_;
};

TEST_F(FunctionResolutionTest, IntegerPlusNumericPromotesToNumeric) {
  ResolvedFunction f = Op("+", kInt4, kNumeric);
  EXPECT_EQ(f.return_type, kNumeric);
  EXPECT_EQ(f.arg_types, (std::vector<Type>{kNumeric, kNumeric}));
}

TEST_F(FunctionResolutionTest, IntegerPowerUsesPreferredFloat8) {
  ResolvedFunction f = Op("^", kInt4, kInt4);
  EXPECT_EQ(f.return_type, kFloat8);
  EXPECT_EQ(f.arg_types, (std::vector<Type>{kFloat8, kFloat8}));
}

TEST_F(FunctionResolutionTest, UnknownLiteralTakesOtherOperandType) {
  ResolvedFunction f = Op("+", kUnknownT, kInt4);
  EXPECT_EQ(f.return_type, kInt4);
  EXPECT_EQ(f.arg_types, (std::vector<Type>{kInt4, kInt4}));
  EXPECT_EQ(Op("+", kInt2, kUnknownT).return_type, kInt2);
  EXPECT_EQ(Op("-", kUnknownT, kInt8).return_type, kInt8);
}

TEST_F(FunctionResolutionTest, IntegerDivisionStaysInteger) {
  EXPECT_EQ(Op("/", kInt4, kInt4).return_type, kInt4);
  EXPECT_EQ(Op("/", kInt4, kNumeric).return_type, kNumeric);
  EXPECT_EQ(Op("*", kInt2, kInt4).return_type, kInt4);
  EXPECT_EQ(Op("%", kInt8, kInt2).return_type, kInt8);
  EXPECT_EQ(Op("+", kInt2, kInt2).return_type, kInt2);
}

TEST_F(FunctionResolutionTest, DateTimeArithmetic) {
  EXPECT_EQ(Op("-", kTimestampTz, kInterval).return_type, kTimestampTz);
  EXPECT_EQ(Op("+", kDate, kInt4).return_type, kDate);
  EXPECT_EQ(Op("-", kDate, kDate).return_type, kInt4);
  EXPECT_EQ(Op("+", kDate, kInterval).return_type, kTimestamp);
  EXPECT_EQ(Op("-", kTimestamp, kTimestamp).return_type, kInterval);
  // now() - '2020-01-01': the literal is read as a timestamptz.
  ResolvedFunction f = Op("-", kTimestampTz, kUnknownT);
  EXPECT_EQ(f.return_type, kInterval);
  EXPECT_EQ(f.arg_types[1], kTimestampTz);
}

TEST_F(FunctionResolutionTest, DatePlusUnknownIsAmbiguous) {
  SqlError e = ErrorOf([&] { Op("+", kDate, kUnknownT); });
  EXPECT_EQ(e.sqlstate(), "42725");
  EXPECT_STREQ(e.what(), "operator is not unique: date + unknown");
  EXPECT_EQ(e.hint(),
            "Could not choose a best candidate operator. You might need to add explicit type "
            "casts.");
}

TEST_F(FunctionResolutionTest, TextConcatenationWithNonText) {
  ResolvedFunction f = Op("||", kText, kInt4);
  EXPECT_EQ(f.return_type, kText);
  EXPECT_EQ(f.arg_types, (std::vector<Type>{kText, kInt4}));
  ResolvedFunction g = Op("||", kInt4, kUnknownT);
  EXPECT_EQ(g.arg_types, (std::vector<Type>{kInt4, kText}));
  ResolvedFunction h = Op("||", kUnknownT, kUnknownT);
  EXPECT_EQ(h.arg_types, (std::vector<Type>{kText, kText}));
  EXPECT_EQ(Op("||", kVarchar, kVarchar).arg_types, (std::vector<Type>{kText, kText}));
}

TEST_F(FunctionResolutionTest, ArrayConcatenation) {
  EXPECT_EQ(Op("||", kInt4Array, kInt4).return_type, kInt4Array);
  EXPECT_EQ(Op("||", kInt8Array, kInt4).return_type, kInt8Array);
  ResolvedFunction cat = Op("||", kInt4Array, kUnknownT);
  EXPECT_EQ(cat.arg_types, (std::vector<Type>{kInt4Array, kInt4Array}));
  ResolvedFunction prepend = Op("||", kInt4, kInt4Array);
  EXPECT_EQ(prepend.arg_types, (std::vector<Type>{kInt4, kInt4Array}));
}

TEST_F(FunctionResolutionTest, MissingOperatorNamesBothTypes) {
  SqlError e = ErrorOf([&] { Op("+", kText, kInt4); });
  EXPECT_EQ(e.sqlstate(), "42883");
  EXPECT_STREQ(e.what(), "operator does not exist: text + integer");
  EXPECT_EQ(e.hint(),
            "No operator matches the given name and argument types. You might need to add "
            "explicit type casts.");
  SqlError cat = ErrorOf([&] { Op("||", kInt4, kInt4); });
  EXPECT_STREQ(cat.what(), "operator does not exist: integer || integer");
}

TEST_F(FunctionResolutionTest, PrefixOperators) {
  SqlError e = ErrorOf([&] { Op("-", std::nullopt, kText); });
  EXPECT_STREQ(e.what(), "operator does not exist: - text");
  EXPECT_EQ(e.hint(),
            "No operator matches the given name and argument type. You might need to add an "
            "explicit type cast.");
  SqlError amb = ErrorOf([&] { Op("-", std::nullopt, kUnknownT); });
  EXPECT_EQ(amb.sqlstate(), "42725");
  EXPECT_STREQ(amb.what(), "operator is not unique: - unknown");
  EXPECT_EQ(Op("@", std::nullopt, kUnknownT).return_type, kFloat8);
  EXPECT_EQ(Op("-", std::nullopt, kInterval).return_type, kInterval);
}

TEST_F(FunctionResolutionTest, TwoUnknownsAreAmbiguousForPlus) {
  SqlError e = ErrorOf([&] { Op("+", kUnknownT, kUnknownT); });
  EXPECT_EQ(e.sqlstate(), "42725");
  EXPECT_STREQ(e.what(), "operator is not unique: unknown + unknown");
}

TEST_F(FunctionResolutionTest, CrossTypeComparisons) {
  EXPECT_EQ(Op("=", kInt4, kFloat8).arg_types, (std::vector<Type>{kFloat8, kFloat8}));
  EXPECT_EQ(Op("<", kInt4, kNumeric).arg_types, (std::vector<Type>{kNumeric, kNumeric}));
  EXPECT_EQ(Op("=", kInt2, kInt8).arg_types, (std::vector<Type>{kInt2, kInt8}));
  EXPECT_EQ(Op("<", kDate, kTimestampTz).arg_types, (std::vector<Type>{kDate, kTimestampTz}));
  EXPECT_EQ(Op("=", kVarchar, kText).arg_types, (std::vector<Type>{kText, kText}));
  EXPECT_EQ(Op(">", kTimestampTz, kUnknownT).arg_types,
            (std::vector<Type>{kTimestampTz, kTimestampTz}));
  ResolvedFunction arr = Op("=", kInt4Array, kUnknownT);
  EXPECT_EQ(arr.arg_types, (std::vector<Type>{kInt4Array, kInt4Array}));
  EXPECT_EQ(arr.return_type, kBool);
}

TEST_F(FunctionResolutionTest, LikeOperators) {
  EXPECT_EQ(Op("~~", kText, kUnknownT).arg_types, (std::vector<Type>{kText, kText}));
  EXPECT_EQ(Op("!~~*", kVarchar, kUnknownT).arg_types, (std::vector<Type>{kText, kText}));
}

TEST_F(FunctionResolutionTest, MissingFunctionMessage) {
  SqlError e = ErrorOf([&] { Fn("foo", {kInt4}); });
  EXPECT_EQ(e.sqlstate(), "42883");
  EXPECT_STREQ(e.what(), "function foo(integer) does not exist");
  EXPECT_EQ(e.hint(),
            "No function matches the given name and argument types. You might need to add "
            "explicit type casts.");
  SqlError substr = ErrorOf([&] { Fn("substr", {kUnknownT, kInt8}); });
  EXPECT_STREQ(substr.what(), "function substr(unknown, bigint) does not exist");
  SqlError none = ErrorOf([&] { Fn("concat", {}); });
  EXPECT_STREQ(none.what(), "function concat() does not exist");
}

TEST_F(FunctionResolutionTest, UnknownArgumentsPreferStringsThenPreferredTypes) {
  EXPECT_EQ(Fn("length", {kUnknownT}).arg_types, (std::vector<Type>{kText}));
  EXPECT_EQ(Fn("abs", {kUnknownT}).return_type, kFloat8);
  EXPECT_EQ(Fn("round", {kUnknownT}).return_type, kFloat8);
  EXPECT_EQ(Fn("log", {kInt4}).return_type, kFloat8);
  EXPECT_EQ(Fn("log", {kNumeric, kInt4}).return_type, kNumeric);
  EXPECT_EQ(Fn("power", {kInt4, kInt4}).return_type, kFloat8);
  EXPECT_EQ(Fn("round", {kNumeric, kInt4}).return_type, kNumeric);
  EXPECT_EQ(Fn("mod", {kInt4, kInt8}).return_type, kInt8);
}

TEST_F(FunctionResolutionTest, NamesAreCaseInsensitive) {
  EXPECT_EQ(Fn("LOWER", {kText}).return_type, kText);
}

TEST_F(FunctionResolutionTest, DateArgumentsPreferTimestamptz) {
  EXPECT_EQ(Fn("date_trunc", {kUnknownT, kDate}).return_type, kTimestampTz);
  EXPECT_EQ(Fn("date_trunc", {kUnknownT, kTimestamp}).return_type, kTimestamp);
  EXPECT_EQ(Fn("extract", {kText, kTimestampTz}).return_type, kNumeric);
  EXPECT_EQ(Fn("date_part", {kUnknownT, kInterval}).return_type, kFloat8);
}

TEST_F(FunctionResolutionTest, VariadicAnyKeepsArgumentTypes) {
  ResolvedFunction f = Fn("concat", {kUnknownT, kInt4, kDate});
  EXPECT_EQ(f.arg_types, (std::vector<Type>{kText, kInt4, kDate}));
  EXPECT_EQ(f.return_type, kText);
  ResolvedFunction ws = Fn("concat_ws", {kUnknownT, kInt4, kInt4});
  EXPECT_EQ(ws.arg_types, (std::vector<Type>{kText, kInt4, kInt4}));
}

TEST_F(FunctionResolutionTest, PolymorphicArrayFunctions) {
  ResolvedFunction append = Fn("array_append", {kInt8Array, kInt4});
  EXPECT_EQ(append.arg_types, (std::vector<Type>{kInt8Array, kInt8}));
  EXPECT_EQ(append.return_type, kInt8Array);
  EXPECT_EQ(Fn("array_append", {kUnknownT, kInt4}).return_type, kInt4Array);
  EXPECT_EQ(Fn("array_append", {kUnknownT, kUnknownT}).return_type, kTextArray);
  EXPECT_EQ(Fn("array_length", {kInt4Array, kInt4}).return_type, kInt4);
  EXPECT_EQ(Fn("string_to_array", {kUnknownT, kUnknownT}).return_type, kTextArray);
  SqlError e = ErrorOf([&] { Fn("array_append", {kInt4, kInt4}); });
  EXPECT_STREQ(e.what(), "function array_append(integer, integer) does not exist");
  SqlError nested = ErrorOf([&] { Fn("array_prepend", {kInt4Array, kUnknownT}); });
  EXPECT_EQ(nested.sqlstate(), "42704");
  EXPECT_STREQ(nested.what(), "could not find array type for data type integer[]");
}

TEST_F(FunctionResolutionTest, UndeterminedPolymorphicTypeIsAnError) {
  SqlError e = ErrorOf([&] { Fn("cardinality", {kUnknownT}); });
  EXPECT_EQ(e.sqlstate(), "42804");
  EXPECT_STREQ(e.what(), "could not determine polymorphic type because input has type unknown");
}

TEST_F(FunctionResolutionTest, VolatilityAndStrictnessFlags) {
  EXPECT_TRUE(Fn("random", {}).fn->is_volatile);
  EXPECT_TRUE(Fn("clock_timestamp", {}).fn->is_volatile);
  EXPECT_FALSE(Fn("now", {}).fn->is_volatile);
  EXPECT_FALSE(Fn("concat", {kText}).fn->strict);
  EXPECT_TRUE(Fn("lower", {kText}).fn->strict);
}

}  // namespace
}  // namespace firn
