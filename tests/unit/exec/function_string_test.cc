// String functions, ||, LIKE/ILIKE and the strictness wrapper, with expected values taken
// from PostgreSQL 15 (UTF8 database, C.UTF-8 ctype).
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "common/sql_error.h"
#include "exec/function/function_registry.h"
#include "types/datetime.h"

namespace firn {
namespace {

Value T(const char* s) { return Value::Text(s); }
Value I4(int64_t v) { return Value::Int4(v); }

class FunctionStringTest : public ::testing::Test {
 protected:
  Value Call(const char* name, const std::vector<Value>& args) {
    std::vector<Type> types;
    for (const Value& a : args) types.push_back(a.type());
    return registry_.InvokeValues(registry_.ResolveFunction(name, types), args, ctx_);
  }
  std::string Str(const char* name, const std::vector<Value>& args) {
    Value v = Call(name, args);
    EXPECT_FALSE(v.is_null());
    return v.is_null() ? "<null>" : v.GetString();
  }
  int64_t Int(const char* name, const std::vector<Value>& args) {
    Value v = Call(name, args);
    EXPECT_FALSE(v.is_null());
    return v.is_null() ? -999 : v.GetInt64();
  }
  Value Op(const char* op, const Value& l, const Value& r) {
    ResolvedFunction f = registry_.ResolveOperator(op, l.type(), r.type());
    return registry_.InvokeValues(f, {l, r}, ctx_);
  }
  bool Like(const char* op, const char* text, const char* pattern) {
    return Op(op, T(text), T(pattern)).GetBool();
  }
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
  EvalContext ctx_;
};

TEST_F(FunctionStringTest, LengthsCountCharactersNotBytes) {
  EXPECT_EQ(Int("length", {T("héllo")}), 5);
  EXPECT_EQ(Int("char_length", {T("héllo")}), 5);
  EXPECT_EQ(Int("character_length", {T("")}), 0);
  EXPECT_EQ(Int("octet_length", {T("héllo")}), 6);
  Value padded = Value::String(Type(TypeId::kBpchar, 9), "ab   ");
  EXPECT_EQ(Int("length", {padded}), 2);
  EXPECT_EQ(Int("octet_length", {padded}), 5);
}

TEST_F(FunctionStringTest, CaseMappingIsUnicodeAware) {
  EXPECT_EQ(Str("lower", {T("ÉCOLE Abc")}), "école abc");
  EXPECT_EQ(Str("upper", {T("éa")}), "ÉA");
  EXPECT_EQ(Str("initcap", {T("hello wORLD foo_bar 3am o'neil")}),
            "Hello World Foo_Bar 3am O'Neil");
}

TEST_F(FunctionStringTest, SubstrFollowsPostgresStartRules) {
  EXPECT_EQ(Str("substr", {T("hello"), I4(0), I4(3)}), "he");
  EXPECT_EQ(Str("substr", {T("hello"), I4(-1), I4(3)}), "h");
  EXPECT_EQ(Str("substr", {T("hello"), I4(2)}), "ello");
  EXPECT_EQ(Str("substring", {T("hello"), I4(10)}), "");
  EXPECT_EQ(Str("substr", {T("hello"), I4(-5), I4(10)}), "hell");
  EXPECT_EQ(Str("substr", {T("héllo"), I4(2), I4(2)}), "él");
  SqlError e = ErrorOf([&] { Call("substr", {T("hello"), I4(1), I4(-1)}); });
  EXPECT_EQ(e.sqlstate(), "22011");
  EXPECT_STREQ(e.what(), "negative substring length not allowed");
}

TEST_F(FunctionStringTest, PositionReplaceAndTrim) {
  EXPECT_EQ(Int("position", {T("hello"), T("lo")}), 4);
  EXPECT_EQ(Int("strpos", {T("héllo"), T("l")}), 3);
  EXPECT_EQ(Int("strpos", {T("hello"), T("")}), 1);
  EXPECT_EQ(Int("strpos", {T("hello"), T("z")}), 0);
  EXPECT_EQ(Str("replace", {T("hello"), T("l"), T("L")}), "heLLo");
  EXPECT_EQ(Str("replace", {T("hello"), T(""), T("x")}), "hello");
  EXPECT_EQ(Str("btrim", {T("  a  ")}), "a");
  EXPECT_EQ(Str("ltrim", {T("xxaxx"), T("x")}), "axx");
  EXPECT_EQ(Str("rtrim", {T("xxaxx"), T("x")}), "xxa");
  EXPECT_EQ(Str("btrim", {T("abcba"), T("ab")}), "c");
  EXPECT_EQ(Str("btrim", {T("éaé"), T("é")}), "a");
}

TEST_F(FunctionStringTest, LeftRightAndPadding) {
  EXPECT_EQ(Str("left", {T("hello"), I4(-2)}), "hel");
  EXPECT_EQ(Str("right", {T("hello"), I4(-2)}), "llo");
  EXPECT_EQ(Str("left", {T("hello"), I4(2)}), "he");
  EXPECT_EQ(Str("right", {T("hello"), I4(2)}), "lo");
  EXPECT_EQ(Str("lpad", {T("hi"), I4(5)}), "   hi");
  EXPECT_EQ(Str("lpad", {T("hi"), I4(5), T("xy")}), "xyxhi");
  EXPECT_EQ(Str("rpad", {T("hello"), I4(3)}), "hel");
  EXPECT_EQ(Str("lpad", {T("hi"), I4(-1)}), "");
  EXPECT_EQ(Str("rpad", {T("hi"), I4(5), T("")}), "hi");
}

TEST_F(FunctionStringTest, SplitPartRepeatReverse) {
  EXPECT_EQ(Str("split_part", {T("a,b,c"), T(","), I4(2)}), "b");
  EXPECT_EQ(Str("split_part", {T("a,b,c"), T(","), I4(-1)}), "c");
  EXPECT_EQ(Str("split_part", {T("a,b,c"), T(","), I4(5)}), "");
  EXPECT_EQ(Str("split_part", {T("abc"), T(""), I4(1)}), "abc");
  EXPECT_EQ(Str("split_part", {T("abc"), T(""), I4(2)}), "");
  SqlError e = ErrorOf([&] { Call("split_part", {T("a,b"), T(","), I4(0)}); });
  EXPECT_EQ(e.sqlstate(), "22023");
  EXPECT_STREQ(e.what(), "field position must not be zero");
  EXPECT_EQ(Str("repeat", {T("ab"), I4(3)}), "ababab");
  EXPECT_EQ(Str("repeat", {T("ab"), I4(-1)}), "");
  EXPECT_EQ(Str("reverse", {T("héllo")}), "olléh");
  EXPECT_TRUE(Call("starts_with", {T("hello"), T("he")}).GetBool());
  EXPECT_FALSE(Call("starts_with", {T("hello"), T("lo")}).GetBool());
}

TEST_F(FunctionStringTest, Md5MatchesKnownDigests) {
  EXPECT_EQ(Str("md5", {T("abc")}), "900150983cd24fb0d6963f7d28e17f72");
  EXPECT_EQ(Str("md5", {T("")}), "d41d8cd98f00b204e9800998ecf8427e");
  std::string long_text(1000, 'a');
  EXPECT_EQ(Str("md5", {Value::Text(long_text)}), "cabe45dcc9ae5b66ba86600cca6b8ba8");
}

TEST_F(FunctionStringTest, ConcatSkipsNullsAndFormatsValues) {
  Value v = Call(
      "concat", {T("a"), Value::Null(Type(TypeId::kUnknown)), I4(1),
                 Value::MakeNumeric(Numeric::Parse("2.5")), Value::Bool(true), Value::Date(18262)});
  EXPECT_EQ(v.GetString(), "a12.5t2020-01-01");
  EXPECT_EQ(Str("concat_ws", {T(","), T("a"), Value::Null(Type(TypeId::kText)), T("b")}), "a,b");
  EXPECT_TRUE(Call("concat_ws", {Value::Null(Type(TypeId::kText)), T("a")}).is_null());
  EXPECT_EQ(Str("concat", {Value::Float8(1e20), Value::Float8(1.5)}), "1e+201.5");
}

TEST_F(FunctionStringTest, ConcatenationOperator) {
  EXPECT_EQ(Op("||", T("a"), T("b")).GetString(), "ab");
  EXPECT_EQ(Op("||", T("a"), I4(1)).GetString(), "a1");
  EXPECT_EQ(Op("||", I4(1), T("a")).GetString(), "1a");
  EXPECT_TRUE(Op("||", T("a"), Value::Null(Type(TypeId::kText))).is_null());
}

TEST_F(FunctionStringTest, LikePatterns) {
  EXPECT_TRUE(Like("~~", "hello", "h%o"));
  EXPECT_TRUE(Like("~~", "hello", "%"));
  EXPECT_TRUE(Like("~~", "", "%"));
  EXPECT_FALSE(Like("~~", "", "_"));
  EXPECT_TRUE(Like("~~", "héllo", "h_llo"));
  EXPECT_TRUE(Like("~~", "a%c", "a\\%c"));
  EXPECT_FALSE(Like("~~", "abc", "a\\%c"));
  EXPECT_TRUE(Like("~~", "a_b", "a\\_b"));
  EXPECT_TRUE(Like("~~", "abcabcabd", "%abd"));
  EXPECT_TRUE(Like("~~", "mississippi", "%iss%ppi"));
  EXPECT_FALSE(Like("~~", "abc", "abc\\"));
  EXPECT_TRUE(Like("!~~", "a", "b"));
  EXPECT_TRUE(Like("~~*", "HÉLLO", "hé%"));
  EXPECT_FALSE(Like("!~~*", "ab", "A%"));
  SqlError e = ErrorOf([&] { Like("~~", "abcd", "abc\\"); });
  EXPECT_EQ(e.sqlstate(), "22025");
  EXPECT_STREQ(e.what(), "LIKE pattern must not end with escape character");
  Value padded = Value::String(Type(TypeId::kBpchar, 8), "ab  ");
  EXPECT_FALSE(Op("~~", padded, T("ab")).GetBool());
  EXPECT_TRUE(Op("~~", padded, T("ab%")).GetBool());
}

TEST_F(FunctionStringTest, LikeEscapeRewritesCustomEscapes) {
  EXPECT_EQ(Str("like_escape", {T("a#%b"), T("#")}), "a\\%b");
  EXPECT_EQ(Str("like_escape", {T("a\\b"), T("")}), "a\\\\b");
  EXPECT_EQ(Str("like_escape", {T("a\\%"), T("\\")}), "a\\%");
}

TEST_F(FunctionStringTest, StrictFunctionsYieldNullPerRow) {
  ResolvedFunction f =
      registry_.ResolveFunction("substr", {Type(TypeId::kText), Type(TypeId::kInt4)});
  Vector text{Type(TypeId::kText)};
  Vector start{Type(TypeId::kInt4)};
  const char* inputs[] = {"hello", nullptr, "world", "abc"};
  const int64_t starts[] = {2, 1, 0, -1};
  for (int i = 0; i < 4; ++i) {
    text.Append(inputs[i] ? T(inputs[i]) : Value::Null(Type(TypeId::kText)));
    start.Append(i == 3 ? Value::Null(Type(TypeId::kInt4)) : I4(starts[i]));
  }
  Vector out{Type(TypeId::kText)};
  out.Resize(4);
  registry_.Invoke(f, ScalarArgs{{&text, &start}, 4}, out, ctx_);
  EXPECT_EQ(out.GetValue(0).GetString(), "ello");
  EXPECT_TRUE(out.IsNull(1));
  EXPECT_EQ(out.GetValue(2).GetString(), "world");
  EXPECT_TRUE(out.IsNull(3));
}

}  // namespace
}  // namespace firn
