// Array functions and the array || operators, checked against PostgreSQL 15 output.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/sql_error.h"
#include "exec/function/function_registry.h"
#include "types/value_io.h"

namespace firn {
namespace {

Value I4(int64_t v) { return Value::Int4(v); }
Value Ints(std::vector<int64_t> items) {
  std::vector<Value> values;
  for (int64_t i : items) values.push_back(i == -1 ? Value::Null(Type(TypeId::kInt4)) : I4(i));
  return Value::MakeArray(TypeId::kInt4, std::move(values));
}
Value NullInts() { return Value::Null(Type::Array(TypeId::kInt4)); }
Value NullInt() { return Value::Null(Type(TypeId::kInt4)); }
Value T(const char* s) { return Value::Text(s); }
Value NullText() { return Value::Null(Type(TypeId::kText)); }

class FunctionArrayTest : public ::testing::Test {
 protected:
  std::string Call(const char* name, const std::vector<Value>& args) {
    std::vector<Type> types;
    for (const Value& a : args) types.push_back(a.type());
    ResolvedFunction f = registry_.ResolveFunction(name, types);
    return Show(registry_.InvokeValues(f, args, ctx_));
  }
  std::string Op(const char* op, const Value& l, const Value& r) {
    ResolvedFunction f = registry_.ResolveOperator(op, l.type(), r.type());
    return Show(registry_.InvokeValues(f, {l, r}, ctx_));
  }
  static std::string Show(const Value& v) { return v.is_null() ? "NULL" : ValueToText(v); }

  FunctionRegistry registry_;
  EvalContext ctx_;
};

TEST_F(FunctionArrayTest, DimensionsOfOneDimensionalArrays) {
  EXPECT_EQ(Call("array_length", {Ints({1, 2, 3}), I4(1)}), "3");
  EXPECT_EQ(Call("array_length", {Ints({1}), I4(2)}), "NULL");
  EXPECT_EQ(Call("array_length", {Ints({}), I4(1)}), "NULL");
  EXPECT_EQ(Call("array_lower", {Ints({5, 6}), I4(1)}), "1");
  EXPECT_EQ(Call("array_upper", {Ints({5, 6}), I4(1)}), "2");
  EXPECT_EQ(Call("cardinality", {Ints({})}), "0");
  EXPECT_EQ(Call("cardinality", {Ints({1, -1})}), "2");
}

TEST_F(FunctionArrayTest, AppendPrependAndCat) {
  EXPECT_EQ(Call("array_append", {Ints({1, 2}), I4(3)}), "{1,2,3}");
  EXPECT_EQ(Call("array_append", {NullInts(), I4(3)}), "{3}");
  EXPECT_EQ(Call("array_prepend", {I4(0), Ints({1})}), "{0,1}");
  EXPECT_EQ(Call("array_cat", {Ints({1}), Ints({2, 3})}), "{1,2,3}");
  EXPECT_EQ(Call("array_cat", {NullInts(), Ints({2})}), "{2}");
  EXPECT_EQ(Call("array_cat", {NullInts(), NullInts()}), "NULL");
  EXPECT_EQ(Op("||", Ints({1}), NullInt()), "{1,NULL}");
  EXPECT_EQ(Op("||", I4(0), Ints({1})), "{0,1}");
  EXPECT_EQ(Op("||", Ints({1}), Ints({2})), "{1,2}");
}

TEST_F(FunctionArrayTest, PositionUsesNotDistinctFrom) {
  EXPECT_EQ(Call("array_position", {Ints({1, 2, 3, 2}), I4(2)}), "2");
  EXPECT_EQ(Call("array_position", {Ints({1, 2, 3, 2}), I4(2), I4(3)}), "4");
  EXPECT_EQ(Call("array_position", {Ints({1, -1}), NullInt()}), "2");
  EXPECT_EQ(Call("array_position", {Ints({1}), I4(5)}), "NULL");
  EXPECT_EQ(Call("array_position", {NullInts(), I4(5)}), "NULL");
  try {
    Call("array_position", {Ints({1}), I4(1), NullInt()});
    ADD_FAILURE() << "expected an error";
  } catch (const SqlError& e) {
    EXPECT_EQ(e.sqlstate(), "22004");
    EXPECT_STREQ(e.what(), "initial position must not be null");
  }
}

TEST_F(FunctionArrayTest, ArrayToString) {
  EXPECT_EQ(Call("array_to_string", {Ints({1, -1, 3}), T(",")}), "1,3");
  EXPECT_EQ(Call("array_to_string", {Ints({1, -1, 3}), T(","), T("*")}), "1,*,3");
  EXPECT_EQ(Call("array_to_string", {Ints({1, -1, 3}), T(","), NullText()}), "1,3");
  Value texts = Value::MakeArray(TypeId::kText, {T("a b"), T("c")});
  EXPECT_EQ(Call("array_to_string", {texts, T("|")}), "a b|c");
  Value floats = Value::MakeArray(TypeId::kFloat8, {Value::Float8(1.5), Value::Float8(2)});
  EXPECT_EQ(Call("array_to_string", {floats, T(";")}), "1.5;2");
}

TEST_F(FunctionArrayTest, StringToArray) {
  EXPECT_EQ(Call("string_to_array", {T("a,b,,c"), T(",")}), "{a,b,\"\",c}");
  EXPECT_EQ(Call("string_to_array", {T("abc"), NullText()}), "{a,b,c}");
  EXPECT_EQ(Call("string_to_array", {T("abc"), T("")}), "{abc}");
  EXPECT_EQ(Call("string_to_array", {T(""), T(",")}), "{}");
  EXPECT_EQ(Call("string_to_array", {T("a,x,b"), T(","), T("x")}), "{a,NULL,b}");
  EXPECT_EQ(Call("string_to_array", {NullText(), T(",")}), "NULL");
}

}  // namespace
}  // namespace firn
