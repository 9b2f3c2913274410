// json and jsonb values: input checking with PostgreSQL 15's error details and context lines,
// jsonb's canonical text, key order and duplicates, btree order, containment and the json
// type's path lookup. Every expectation was checked against PostgreSQL 15.
#include "types/json.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "sql_error_text.h"

namespace firn {
namespace {

// "sqlstate|message|detail|context" of what `f` throws, or "no error".
std::string FullError(const std::function<void()>& f) {
  try {
    f();
  } catch (const SqlError& e) {
    return e.sqlstate() + "|" + e.what() + "|" + e.detail() + "|" + e.context();
  }
  return "no error";
}

std::string JsonError(std::string_view text) {
  return FullError([&] { ValidateJson(text); });
}
std::string JsonbError(std::string_view text) {
  return FullError([&] { ParseJsonb(text); });
}
// Just "detail|context" of a 22P02 from json_in.
std::string Syntax(std::string_view text) {
  std::string e = JsonError(text);
  const std::string prefix = "22P02|invalid input syntax for type json|";
  if (e.rfind(prefix, 0) != 0) return "unexpected: " + e;
  return e.substr(prefix.size());
}

std::string Canon(std::string_view text) { return JsonbText(ParseJsonb(text)); }

TEST(JsonTest, AcceptsValidJsonAsJsonInDoes) {
  for (const char* ok :
       {"1", " -0.5e+10 ", "\t\n\r null\n", "\"\"", "true", "false", "[]", "{}",
        "{\"a\": [1, {\"b\": null}], \"a\": 2}", "[[[[]]]]", "0", "-0", "1E5", "0.0e-0",
        "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\"", "\"é\x7f\"", "\"\\uD83D\\uDE00\""}) {
    EXPECT_NO_THROW(ValidateJson(ok)) << ok;
  }
  // json_in does not decode escapes, so it lets through what jsonb refuses.
  EXPECT_NO_THROW(ValidateJson("\"\\u0000\""));
  EXPECT_NO_THROW(ValidateJson("[\"\\ud800\", \"\\udc00x\", \"\\ud800\\ud800\"]"));
}

TEST(JsonTest, TokenErrors) {
  EXPECT_EQ(JsonError("x"),
            "22P02|invalid input syntax for type json|Token \"x\" is invalid.|"
            "JSON data, line 1: x");
  EXPECT_EQ(Syntax("01"), "Token \"01\" is invalid.|JSON data, line 1: 01");
  EXPECT_EQ(Syntax(".5"), "Token \".\" is invalid.|JSON data, line 1: ....");
  EXPECT_EQ(Syntax("1."), "Token \"1.\" is invalid.|JSON data, line 1: 1.");
  EXPECT_EQ(Syntax("-"), "Token \"-\" is invalid.|JSON data, line 1: -");
  EXPECT_EQ(Syntax("1e"), "Token \"1e\" is invalid.|JSON data, line 1: 1e");
  EXPECT_EQ(Syntax("1E+"), "Token \"1E+\" is invalid.|JSON data, line 1: 1E+");
  EXPECT_EQ(Syntax("1.e5"), "Token \"1.e5\" is invalid.|JSON data, line 1: 1.e5");
  EXPECT_EQ(Syntax("+1"), "Token \"+\" is invalid.|JSON data, line 1: +...");
  EXPECT_EQ(Syntax("-x"), "Token \"-x\" is invalid.|JSON data, line 1: -x");
  EXPECT_EQ(Syntax("[01.5]"), "Token \"01\" is invalid.|JSON data, line 1: [01...");
  EXPECT_EQ(Syntax("[1e5x]"), "Token \"1e5x\" is invalid.|JSON data, line 1: [1e5x...");
  EXPECT_EQ(Syntax("1.5.3"), "Token \".\" is invalid.|JSON data, line 1: 1.5....");
  EXPECT_EQ(Syntax("NaN"), "Token \"NaN\" is invalid.|JSON data, line 1: NaN");
  EXPECT_EQ(Syntax("true1"), "Token \"true1\" is invalid.|JSON data, line 1: true1");
  EXPECT_EQ(Syntax("[tru"), "Token \"tru\" is invalid.|JSON data, line 1: [tru");
  EXPECT_EQ(Syntax("[null,nulll]"),
            "Token \"nulll\" is invalid.|JSON data, line 1: [null,nulll...");
  EXPECT_EQ(Syntax("[1,é]"), "Token \"é\" is invalid.|JSON data, line 1: [1,é...");
  EXPECT_EQ(Syntax("[1,2]@"), "Token \"@\" is invalid.|JSON data, line 1: [1,2]@");
  EXPECT_EQ(Syntax("'a'"), "Token \"'\" is invalid.|JSON data, line 1: '...");
  EXPECT_EQ(Syntax("\f1"), "Token \"\f\" is invalid.|JSON data, line 1: \f...");
  // An unterminated string is one bad token.
  EXPECT_EQ(Syntax("\"abc"), "Token \"\"abc\" is invalid.|JSON data, line 1: \"abc");
  EXPECT_EQ(Syntax("\"abc\\"), "Token \"\"abc\\\" is invalid.|JSON data, line 1: \"abc\\");
  EXPECT_EQ(Syntax("\"\\u12"), "Token \"\"\\u12\" is invalid.|JSON data, line 1: \"\\u12");
}

TEST(JsonTest, GrammarErrors) {
  EXPECT_EQ(Syntax("[,"), "Expected JSON value, but found \",\".|JSON data, line 1: [,");
  EXPECT_EQ(Syntax("[1,]"), "Expected JSON value, but found \"]\".|JSON data, line 1: [1,]");
  EXPECT_EQ(Syntax("{\"a\":}"),
            "Expected JSON value, but found \"}\".|JSON data, line 1: {\"a\":}");
  EXPECT_EQ(Syntax("[1 2"), "Expected \",\" or \"]\", but found \"2\".|JSON data, line 1: [1 2");
  EXPECT_EQ(Syntax("[true false]"),
            "Expected \",\" or \"]\", but found \"false\".|JSON data, line 1: [true false...");
  EXPECT_EQ(Syntax("{1"), "Expected string or \"}\", but found \"1\".|JSON data, line 1: {1");
  EXPECT_EQ(Syntax("{,}"), "Expected string or \"}\", but found \",\".|JSON data, line 1: {,...");
  EXPECT_EQ(Syntax("{\"a\" 1"), "Expected \":\", but found \"1\".|JSON data, line 1: {\"a\" 1");
  EXPECT_EQ(Syntax("{\"a\" \"b\"}"),
            "Expected \":\", but found \"\"b\"\".|JSON data, line 1: {\"a\" \"b\"...");
  EXPECT_EQ(Syntax("{\"a\":1 2"),
            "Expected \",\" or \"}\", but found \"2\".|JSON data, line 1: {\"a\":1 2");
  EXPECT_EQ(Syntax("{\"a\":1]"),
            "Expected \",\" or \"}\", but found \"]\".|JSON data, line 1: {\"a\":1]");
  EXPECT_EQ(Syntax("{\"a\":1,}"),
            "Expected string, but found \"}\".|JSON data, line 1: {\"a\":1,}");
  EXPECT_EQ(Syntax("1 1"), "Expected end of input, but found \"1\".|JSON data, line 1: 1 1");
  EXPECT_EQ(Syntax("[]]"), "Expected end of input, but found \"]\".|JSON data, line 1: []]");
  EXPECT_EQ(Syntax("}"), "Expected JSON value, but found \"}\".|JSON data, line 1: }");
  EXPECT_EQ(Syntax("[1,2]x"), "Token \"x\" is invalid.|JSON data, line 1: [1,2]x");
}

TEST(JsonTest, UnexpectedEndOfInput) {
  const std::string ended = "The input string ended unexpectedly.|JSON data, line 1: ";
  EXPECT_EQ(Syntax(""), ended);
  EXPECT_EQ(Syntax("  "), ended + "  ");
  EXPECT_EQ(Syntax("["), ended + "[");
  EXPECT_EQ(Syntax("[1,"), ended + "[1,");
  EXPECT_EQ(Syntax("{\"a\""), ended + "{\"a\"");
  EXPECT_EQ(Syntax("{\"a\":"), ended + "{\"a\":");
  EXPECT_EQ(Syntax("[1,\n2,\n3\n  "), "The input string ended unexpectedly.|JSON data, line 4:   ");
}

TEST(JsonTest, StringEscapeErrors) {
  EXPECT_EQ(Syntax("\"\\q\""), "Escape sequence \"\\q\" is invalid.|JSON data, line 1: \"\\q...");
  EXPECT_EQ(Syntax("\"\\é\""), "Escape sequence \"\\é\" is invalid.|JSON data, line 1: \"\\é...");
  EXPECT_EQ(Syntax("\"a\nb\""),
            "Character with value 0x0a must be escaped.|JSON data, line 1: \"a");
  EXPECT_EQ(Syntax("[\"a\x1f\"]"),
            "Character with value 0x1f must be escaped.|JSON data, line 1: [\"a...");
  const std::string four = "\"\\u\" must be followed by four hexadecimal digits.|";
  EXPECT_EQ(Syntax("\"\\u12x4\""), four + "JSON data, line 1: \"\\u12x...");
  EXPECT_EQ(Syntax("\"\\u\""), four + "JSON data, line 1: \"\\u\"");
  EXPECT_EQ(Syntax("\"\\u12é\""), four + "JSON data, line 1: \"\\u12é...");
}

TEST(JsonTest, JsonbUnicodeErrors) {
  const std::string low =
      "22P02|invalid input syntax for type json|"
      "Unicode low surrogate must follow a high surrogate.|JSON data, line ";
  EXPECT_EQ(JsonbError("\"\\ud800\""), low + "1: \"\\ud800\"");
  EXPECT_EQ(JsonbError("{\"a\": \"x\\udc00\"}"), low + "1: {\"a\": \"x\\udc00...");
  EXPECT_EQ(JsonbError("[\"\\ud800x\"]"), low + "1: [\"\\ud800x...");
  EXPECT_EQ(JsonbError("[\"\\ud800\\n\"]"), low + "1: [\"\\ud800\\n...");
  EXPECT_EQ(JsonbError("[\"\\ud800\\q\"]"), low + "1: [\"\\ud800\\q...");
  EXPECT_EQ(JsonbError("\"\\ud800\\u0000\""), low + "1: \"\\ud800\\u0000...");
  EXPECT_EQ(JsonbError("[1,\n\"\\ud800\"]"), low + "2: \"\\ud800\"...");
  EXPECT_EQ(JsonbError("[\"\\ud800\\ud800\"]"),
            "22P02|invalid input syntax for type json|"
            "Unicode high surrogate must not follow a high surrogate.|"
            "JSON data, line 1: [\"\\ud800\\ud800...");
  // The unescaped control character is found before the missing low surrogate.
  EXPECT_EQ(JsonbError("[\"\\ud800\t\"]"),
            "22P02|invalid input syntax for type json|"
            "Character with value 0x09 must be escaped.|JSON data, line 1: [\"\\ud800...");
  const std::string zero =
      "22P05|unsupported Unicode escape sequence|"
      "\\u0000 cannot be converted to text.|JSON data, line ";
  EXPECT_EQ(JsonbError("\"\\u0000\""), zero + "1: \"\\u0000...");
  EXPECT_EQ(JsonbError("{\"\\u0000\":1}"), zero + "1: {\"\\u0000...");
  EXPECT_EQ(JsonbError("[1,\n  \n \"\\u0000\"]"), zero + "3:  \"\\u0000...");
}

TEST(JsonTest, ContextShowsTheLineUpToTheBadTokenInUnderFiftyBytes) {
  EXPECT_EQ(Syntax("[\"abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghij\", x]"),
            "Token \"x\" is invalid.|JSON data, line 1: "
            "...rstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghij\", x...");
  // Cutting three bytes or fewer shows the whole line instead.
  EXPECT_EQ(Syntax("[\"abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrst\", x]"),
            "Token \"x\" is invalid.|JSON data, line 1: "
            "[\"abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrst\", x...");
  EXPECT_EQ(Syntax("[\"abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstu\", x]"),
            "Token \"x\" is invalid.|JSON data, line 1: "
            "...cdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstu\", x...");
  // Cuts fall on character boundaries.
  EXPECT_EQ(Syntax("[\"éééééééééééééééééééééééééééééééééééééééééééé\", x]"),
            "Token \"x\" is invalid.|JSON data, line 1: ...éééééééééééééééééééééé\", x...");
  EXPECT_EQ(Syntax("[\"€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€\", x]"),
            "Token \"x\" is invalid.|JSON data, line 1: ...€€€€€€€€€€€€€€€\", x...");
  // Lines are counted at \n only; no "..." when the line ends right after the token.
  EXPECT_EQ(Syntax("[1,\n2,\r\n 3 x\n]"), "Token \"x\" is invalid.|JSON data, line 3:  3 x");
  EXPECT_EQ(Syntax("[1,\r2 x]"), "Token \"x\" is invalid.|JSON data, line 1: [1,\r2 x...");
  EXPECT_EQ(Syntax("[1 x\r\n]"), "Token \"x\" is invalid.|JSON data, line 1: [1 x");
  EXPECT_EQ(Syntax("\t[1,\n2,\n3\n]  x  "), "Token \"x\" is invalid.|JSON data, line 4: ]  x...");
  EXPECT_EQ(Syntax("{\"a\"\n:\n1\n,\n\"b\"\n}"),
            "Expected \":\", but found \"}\".|JSON data, line 6: }");
}

TEST(JsonTest, NestingIsBounded) {
  // PostgreSQL accepts 10000 levels (its stack limit strikes somewhat further in).
  std::string deep = std::string(10000, '[') + std::string(10000, ']');
  EXPECT_NO_THROW(ValidateJson(deep));
  std::string deeper = "[" + deep + "]";
  EXPECT_EQ(ErrorText([&] { ValidateJson(deeper); }), "54001:stack depth limit exceeded");
  EXPECT_EQ(ErrorText([&] { ParseJsonb(deeper); }), "54001:stack depth limit exceeded");
}

TEST(JsonbTest, CanonicalText) {
  EXPECT_EQ(Canon("{\"b\": [1, 2, {\"c\": null}], \"a\": 1}"),
            "{\"a\": 1, \"b\": [1, 2, {\"c\": null}]}");
  EXPECT_EQ(Canon(" [ ] "), "[]");
  EXPECT_EQ(Canon("{}"), "{}");
  EXPECT_EQ(Canon("\"str\""), "\"str\"");
  EXPECT_EQ(Canon("true"), "true");
  EXPECT_EQ(Canon("\n null \t"), "null");
  EXPECT_EQ(Canon("[{\"b\":1,\"a\":2},[[]],{}]"), "[{\"a\": 2, \"b\": 1}, [[]], {}]");
  EXPECT_EQ(JsonbText(std::string_view("{\"b\":false,\"a\":[ true ]}")),
            "{\"a\": [true], \"b\": false}");
}

TEST(JsonbTest, NumbersPrintAsNumeric) {
  EXPECT_EQ(Canon("1e2"), "100");
  EXPECT_EQ(Canon("1E+2"), "100");
  EXPECT_EQ(Canon("1.50"), "1.50");
  EXPECT_EQ(Canon("-0"), "0");
  EXPECT_EQ(Canon("-0.0e1"), "0");
  EXPECT_EQ(Canon("0.00"), "0.00");
  EXPECT_EQ(Canon("1E-3"), "0.001");
  EXPECT_EQ(Canon("1e-20"), "0.00000000000000000001");
  EXPECT_EQ(Canon("-1.5e+10"), "-15000000000");
  EXPECT_EQ(Canon("12345678901234567890123456789.000000001"),
            "12345678901234567890123456789.000000001");
  EXPECT_EQ(ParseJsonb("2.50").number.dscale(), 2);
}

TEST(JsonbTest, DuplicateKeysKeepTheLastAndKeysSortShortestFirst) {
  EXPECT_EQ(Canon("{\"aa\":1, \"b\":2, \"a\":3, \"b\":4, \"ab\":5, \"\":6, \"B\":7}"),
            "{\"\": 6, \"B\": 7, \"a\": 3, \"b\": 4, \"aa\": 1, \"ab\": 5}");
  EXPECT_EQ(Canon("{\"a\":1,\"a\":{\"x\":1},\"a\":[2]}"), "{\"a\": [2]}");
  EXPECT_EQ(Canon("{\"\\u0061\":1, \"a\":2}"), "{\"a\": 2}");
  EXPECT_EQ(Canon("{\"é\":1,\"z\":2,\"zz\":3}"), "{\"z\": 2, \"zz\": 3, \"é\": 1}");
  EXPECT_EQ(Canon("{\"a\":{\"c\":1,\"b\":2,\"c\":3},\"a\":{\"z\":0,\"y\":1}}"),
            "{\"a\": {\"y\": 1, \"z\": 0}}");

  JsonValue v = ParseJsonb("{\"bb\": 1, \"a\": true, \"c\": [null]}");
  ASSERT_EQ(v.kind, JsonValue::Kind::kObject);
  ASSERT_NE(v.Find("a"), nullptr);
  EXPECT_TRUE(v.Find("a")->boolean);
  ASSERT_NE(v.Find("bb"), nullptr);
  EXPECT_EQ(v.Find("bb")->number.ToString(), "1");
  EXPECT_EQ(v.Find("c")->elements.size(), 1u);
  EXPECT_EQ(v.Find("b"), nullptr);
  EXPECT_EQ(v.Find("zz"), nullptr);
}

TEST(JsonbTest, EscapesAndUnicode) {
  JsonValue v = ParseJsonb("\"\\ud83d\\ude00 \\u00e9\\u20ac\\/\\b\\f\\n\\r\\t\\\"\\\\\"");
  EXPECT_EQ(v.string, "😀 é€/\b\f\n\r\t\"\\");
  EXPECT_EQ(JsonbText(v), "\"😀 é€/\\b\\f\\n\\r\\t\\\"\\\\\"");
  EXPECT_EQ(Canon("\"\\u007f\\u0001\\u001F\""), "\"\x7f\\u0001\\u001f\"");
  EXPECT_EQ(Canon("[\"\\/\", \"<\\/script>\"]"), "[\"/\", \"</script>\"]");
  EXPECT_EQ(JsonQuote("a\x01\x1f\x7f/\"\\\b\f\n\r\t"),
            "\"a\\u0001\\u001f\x7f/\\\"\\\\\\b\\f\\n\\r\\t\"");
  EXPECT_EQ(JsonQuote(""), "\"\"");
  EXPECT_EQ(JsonQuote("é"), "\"é\"");
}

TEST(JsonbTest, NumbersTooLargeForNumericAreRefused) {
  // PostgreSQL: 22003 "value overflows numeric format", from numeric_in (Numeric::Parse).
  EXPECT_EQ(ErrorText([] { ParseJsonb("[1e1000000, 1]"); }),
            "22003:value overflows numeric format");
  EXPECT_EQ(JsonbText(ParseJsonb("1e1001")).size(), 1002u);
}

TEST(JsonbTest, OrderMatchesPostgres) {
  // select string_agg(j::text, ' ; ' order by j) from (values ('[]'::jsonb), ...) v(j)
  // with the values below in any order; PostgreSQL 15 with the C collation gave this order.
  const std::vector<std::string> want = {"[]",
                                         "null",
                                         "\"\"",
                                         "\"B\"",
                                         "\"a\"",
                                         "\"ab\"",
                                         "\"b\"",
                                         "\"é\"",
                                         "-5",
                                         "1",
                                         "1.5",
                                         "1000",
                                         "false",
                                         "true",
                                         "[null]",
                                         "[\"z\"]",
                                         "[1]",
                                         "[true]",
                                         "[[]]",
                                         "[[3]]",
                                         "[[1, 2]]",
                                         "[{}]",
                                         "[\"a\", 1]",
                                         "[0, 5]",
                                         "[1, 2]",
                                         "[[], null]",
                                         "[{}, {}]",
                                         "{}",
                                         "{\"a\": null}",
                                         "{\"a\": 1}",
                                         "{\"a\": []}",
                                         "{\"a\": {}}",
                                         "{\"aa\": 0}",
                                         "{\"b\": 0}",
                                         "{\"a\": 1, \"bb\": 2}",
                                         "{\"a\": 1, \"c\": 0}",
                                         "{\"a\": 2, \"b\": 1}",
                                         "{\"b\": 1, \"aa\": 2}"};
  std::vector<JsonValue> values;
  for (size_t i = 0; i < want.size(); ++i) values.push_back(ParseJsonb(want[(i * 7) % 38]));
  ASSERT_EQ(want.size(), 38u);
  std::sort(values.begin(), values.end(),
            [](const JsonValue& a, const JsonValue& b) { return CompareJsonb(a, b) < 0; });
  std::vector<std::string> got;
  for (const JsonValue& v : values) got.push_back(JsonbText(v));
  EXPECT_EQ(got, want);
  for (size_t i = 0; i < want.size(); ++i) {
    for (size_t j = 0; j < want.size(); ++j) {
      int c = CompareJsonb(ParseJsonb(want[i]), ParseJsonb(want[j]));
      EXPECT_EQ(c < 0, i < j) << want[i] << " vs " << want[j];
      EXPECT_EQ(c == 0, i == j) << want[i] << " vs " << want[j];
    }
  }
}

TEST(JsonbTest, EqualityAndHash) {
  auto eq = [](const char* a, const char* b) {
    return CompareJsonb(ParseJsonb(a), ParseJsonb(b)) == 0;
  };
  EXPECT_TRUE(eq("1", "1.00"));
  EXPECT_TRUE(eq("{\"a\": 1.0, \"b\": [2]}", "{\"b\": [2.000], \"a\": 1}"));
  EXPECT_FALSE(eq("[1]", "1"));
  EXPECT_FALSE(eq("[]", "{}"));
  EXPECT_FALSE(eq("\"a\"", "\"a \""));
  EXPECT_EQ(HashJsonb(ParseJsonb("{\"a\": 1.0, \"b\": [2]}")),
            HashJsonb(ParseJsonb("{\"b\": [2.000], \"a\": 1}")));
  EXPECT_EQ(HashJsonb(ParseJsonb("-0.0")), HashJsonb(ParseJsonb("0")));
  EXPECT_NE(HashJsonb(ParseJsonb("[1]")), HashJsonb(ParseJsonb("1")));
  EXPECT_NE(HashJsonb(ParseJsonb("[]")), HashJsonb(ParseJsonb("{}")));
  EXPECT_NE(HashJsonb(ParseJsonb("[1, 2]")), HashJsonb(ParseJsonb("[2, 1]")));
}

TEST(JsonbTest, ContainmentMatchesPostgres) {
  // select a::jsonb @> b::jsonb, for each row, on PostgreSQL 15.
  struct Case {
    const char* a;
    const char* b;
    bool want;
  };
  const Case cases[] = {
      {"[1,2,[3]]", "[[3]]", true},
      {"[1,2]", "1", true},
      {"1", "[1]", false},
      {"1", "1.0", true},
      {"\"a\"", "\"a\"", true},
      {"[1,2]", "[]", true},
      {"1", "[]", false},
      {"[]", "[]", true},
      {"{}", "{}", true},
      {"{\"a\":1}", "{}", true},
      {"[]", "{}", false},
      {"{}", "[]", false},
      {"[1,[2]]", "[2]", false},
      {"[1,[2]]", "[[2]]", true},
      {"{\"a\":{\"b\":1,\"c\":2}}", "{\"a\":{\"b\":1}}", true},
      {"{\"a\":{\"b\":1,\"c\":2}}", "{\"a\":{\"b\":2}}", false},
      {"{\"a\":[1,2,3]}", "{\"a\":[3,1]}", true},
      {"{\"a\":[1,2,3]}", "{\"a\":1}", false},
      {"{\"a\":[1,2,3]}", "{\"a\":[]}", true},
      {"{\"a\":{}}", "{\"a\":[]}", false},
      {"[1]", "[1,1,1]", true},
      {"[[1,2],[3]]", "[[3,1]]", false},
      {"[[1,2],[3]]", "[[1],[3]]", true},
      {"[[1,2],{\"a\":1}]", "[{}]", true},
      {"[[1,2],{\"a\":1}]", "[[]]", true},
      {"[{\"a\":1}]", "[[]]", false},
      {"[{\"a\":[1,{\"b\":2}]}]", "[{\"a\":[{}]}]", true},
      {"[{\"a\":[1,{\"b\":2}]}]", "[{\"a\":[{\"b\":2}]}]", true},
      {"[{\"a\":1,\"b\":2}]", "[{\"a\":1},{\"b\":2}]", true},
      {"{\"a\":1}", "{\"a\":1,\"b\":2}", false},
      {"[null]", "null", true},
      {"\"a\"", "[\"a\"]", false},
      {"[[1]]", "[1]", false},
      {"{\"a\":1}", "[{\"a\":1}]", false},
      {"[{\"a\":1}]", "{\"a\":1}", false},
      {"[1,\"1\"]", "[\"1\"]", true},
      {"[1]", "[\"1\"]", false},
      {"{\"a\":null}", "{\"a\":null}", true},
      {"{\"a\":\"b\"}", "{\"a\":\"b \"}", false},
      {"[1.0]", "[1.00]", true},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(JsonbContains(ParseJsonb(c.a), ParseJsonb(c.b)), c.want) << c.a << " @> " << c.b;
  }
}

// The text #> finds, or "NULL".
std::string Path(std::string_view json, const std::vector<std::string>& path) {
  std::string out;
  return JsonPathText(json, path, &out) ? out : "NULL";
}

TEST(JsonPathTest, ReturnsTheOriginalTextOfTheValue) {
  EXPECT_EQ(Path("{\"a\": { \"b\" : 1 }}", {"a"}), "{ \"b\" : 1 }");
  EXPECT_EQ(Path("{\"a\":{\"b\":{\"c\":  [1, 2]  }}}", {"a", "b", "c"}), "[1, 2]");
  EXPECT_EQ(Path("{\"a\":\"x\\ty\"}", {"a"}), "\"x\\ty\"");
  EXPECT_EQ(Path("{\"a\":null}", {"a"}), "null");
  EXPECT_EQ(Path("{\"\\u0061\":1}", {"a"}), "1");
  EXPECT_EQ(Path("[ 1 , [ ] ]", {"1"}), "[ ]");
  EXPECT_EQ(Path("{\"a\":[1,{\"b\": [ 5 , 6 ] }]}", {"a", "1", "b", "-1"}), "6");
  EXPECT_EQ(Path("{\"a\":1}", {"a", "b"}), "NULL");
  EXPECT_EQ(Path("{\"a\":{\"b\":1}}", {"b"}), "NULL");
  EXPECT_EQ(Path("\"abc\"", {"a"}), "NULL");
  // An empty path is the whole value; before a root scalar PostgreSQL keeps the whitespace.
  EXPECT_EQ(Path("  {\"a\":1}  ", {}), "{\"a\":1}");
  EXPECT_EQ(Path("  \"x\"  ", {}), "  \"x\"");
}

TEST(JsonPathTest, ArrayIndexes) {
  EXPECT_EQ(Path("[1,2,3]", {"0"}), "1");
  EXPECT_EQ(Path("[1,2,3]", {"-1"}), "3");
  EXPECT_EQ(Path("[1,2,3]", {"-3"}), "1");
  EXPECT_EQ(Path("[1,2,3]", {"-4"}), "NULL");
  EXPECT_EQ(Path("[1,2,3]", {"3"}), "NULL");
  EXPECT_EQ(Path("[[1,2],[3,4]]", {"-1", "-2"}), "3");
  // Path elements go through strtol: leading space and sign are fine, trailing ones not.
  EXPECT_EQ(Path("[1,2]", {" 1"}), "2");
  EXPECT_EQ(Path("[1,2]", {"+1"}), "2");
  EXPECT_EQ(Path("[1,2]", {"-0"}), "1");
  EXPECT_EQ(Path("[1,2]", {"1 "}), "NULL");
  EXPECT_EQ(Path("[1,2]", {""}), "NULL");
  EXPECT_EQ(Path("[1,2]", {"0x1"}), "NULL");
  EXPECT_EQ(Path("[1,2]", {"99999999999"}), "NULL");
  EXPECT_EQ(Path("{\"0\":1}", {"0"}), "1");
  // PostgreSQL rewrites a negative index in place at the first array at that depth long
  // enough for it, whether on the path or not; later arrays there use the rewritten index.
  EXPECT_EQ(Path("{\"a\":[1,2,3],\"b\":[4,5]}", {"b", "-1"}), "NULL");
  EXPECT_EQ(Path("[[1,2,3],[4,5]]", {"1", "-1"}), "NULL");
  EXPECT_EQ(Path("[[1,2],[4,5,6]]", {"1", "-1"}), "5");
  EXPECT_EQ(Path("[[1,2],[4,5,6]]", {"1", "-3"}), "4");
}

TEST(JsonPathTest, DuplicateKeysTheLastMatchOfTheWholePathWins) {
  EXPECT_EQ(Path("{\"a\":1,\"a\":2}", {"a"}), "2");
  EXPECT_EQ(Path("{\"a\":{\"b\":1},\"a\":{\"c\":2}}", {"a", "b"}), "1");
  EXPECT_EQ(Path("{\"a\":{\"c\":1},\"a\":{\"b\":2}}", {"a", "b"}), "2");
  EXPECT_EQ(Path("{\"a\":{\"b\":1},\"a\":{\"b\":2}}", {"a", "b"}), "2");
}

TEST(JsonPathTest, ArrowOperatorsTakeOnlyTheirKind) {
  std::string out;
  EXPECT_TRUE(JsonFieldText("{\"0\": [1] }", "0", &out));
  EXPECT_EQ(out, "[1]");
  EXPECT_FALSE(JsonFieldText("[1,2]", "0", &out));
  EXPECT_TRUE(JsonElementText("[1, 2 ,3]", -2, &out));
  EXPECT_EQ(out, "2");
  EXPECT_FALSE(JsonElementText("{\"0\":1}", 0, &out));
  EXPECT_FALSE(JsonElementText("[1]", 1, &out));
}

TEST(JsonPathTest, DecodesStringsSoBadEscapesFail) {
  // get_worker decodes escapes, so a document json_in accepted can fail here.
  EXPECT_EQ(FullError([] { Path("{\"a\":1,\"b\":\"\\u0000\"}", {"a"}); }),
            "22P05|unsupported Unicode escape sequence|\\u0000 cannot be converted to text.|"
            "JSON data, line 1: {\"a\":1,\"b\":\"\\u0000...");
  EXPECT_EQ(FullError([] { Path("{\"a\":1,\"b\":\"\\ud800\"}", {"a"}); }),
            "22P02|invalid input syntax for type json|"
            "Unicode low surrogate must follow a high surrogate.|"
            "JSON data, line 1: {\"a\":1,\"b\":\"\\ud800\"...");
}

// Lookups in canonical text find what the parsed tree holds, for every member and element
// of documents whose strings hold brackets, quotes and escapes.
TEST(JsonbTextTest, LookupsAgreeWithTheTree) {
  const char* docs[] = {
      "{\"a\": [\"}]\", \"x\\\\\\\"]{\"], \"ab\": {\"c\": \"[{\"}, \"k\\\"q\": 1, \"\": null}",
      "[{\"a\": \"]\"}, [[]], \"s\", null, -1.5e3, true, {}]",
      "{}",
      "[]",
      "\"scalar\"",
      "{\"\\u00e9\": {\"deep\": [[[1]]]}, \"b\": false}",
  };
  for (const char* doc : docs) {
    std::string text = JsonbText(std::string_view(doc));
    JsonValue tree = ParseJsonb(text);
    std::string_view found;
    for (const auto& [key, value] : tree.members) {
      ASSERT_TRUE(JsonbMemberText(text, key, &found)) << text << " " << key;
      EXPECT_EQ(found, JsonbText(value));
    }
    EXPECT_FALSE(JsonbMemberText(text, "missing", &found));
    int64_t n = static_cast<int64_t>(tree.elements.size());
    for (int64_t i = -n; i < n; i++) {
      ASSERT_TRUE(JsonbElementText(text, i, &found)) << text << " " << i;
      EXPECT_EQ(found, JsonbText(tree.elements[static_cast<size_t>(i < 0 ? i + n : i)]));
    }
    EXPECT_FALSE(JsonbElementText(text, n, &found));
    EXPECT_FALSE(JsonbElementText(text, -n - 1, &found));
  }
}

}  // namespace
}  // namespace firn
