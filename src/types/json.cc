// Json: PostgreSQL 15's JSON lexer and recursive-descent parser (src/common/jsonapi.c), its
// jsonb tree rules (jsonb_util.c) and the json type's path lookup (jsonfuncs.c get_worker).
// Error details and CONTEXT lines follow jsonapi.c exactly, including where each error says
// the bad token ends, since that is what the CONTEXT line shows.
#include "types/json.h"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <tuple>

#include "common/sql_error.h"

namespace firn {
namespace {

using Kind = JsonValue::Kind;

// PostgreSQL stops at check_stack_depth(), which with its default 2MB stack allows somewhat
// more than 10000 levels of nesting; a fixed bound keeps Firn's own stack safe.
constexpr int kMaxDepth = 10000;

// Not in sql_error.h: ERRCODE_UNTRANSLATABLE_CHARACTER, which only \u0000 in jsonb raises.
constexpr const char* kUntranslatableCharacter = "22P05";

// kNone: nothing lexed yet. The six punctuation tokens are in kPunctuation's order.
// clang-format off
enum class Tok : uint8_t {
  kNone, kObjectStart, kObjectEnd, kArrayStart, kArrayEnd, kComma, kColon, kString, kNumber,
  kTrue, kFalse, kNull, kEnd
};
// clang-format on
constexpr std::string_view kPunctuation = "{}[],:";

// jsonapi.c's errors as json_errdetail words them, "%s" standing for the offending token.
using Err = const char*;
constexpr char kInvalidToken[] = "Token \"%s\" is invalid.";
constexpr char kEscapingInvalid[] = "Escape sequence \"\\%s\" is invalid.";
constexpr char kEscapingRequired[] = "Character with value 0x%02x must be escaped.";
constexpr char kExpectedEnd[] = "Expected end of input, but found \"%s\".";
constexpr char kExpectedArrayNext[] = "Expected \",\" or \"]\", but found \"%s\".";
constexpr char kExpectedColon[] = "Expected \":\", but found \"%s\".";
constexpr char kExpectedJson[] = "Expected JSON value, but found \"%s\".";
constexpr char kExpectedMore[] = "The input string ended unexpectedly.";
constexpr char kExpectedObjectFirst[] = "Expected string or \"}\", but found \"%s\".";
constexpr char kExpectedObjectNext[] = "Expected \",\" or \"}\", but found \"%s\".";
constexpr char kExpectedString[] = "Expected string, but found \"%s\".";
constexpr char kCodePointZero[] = "\\u0000 cannot be converted to text.";
constexpr char kEscapeFormat[] = "\"\\u\" must be followed by four hexadecimal digits.";
constexpr char kHighSurrogate[] = "Unicode high surrogate must not follow a high surrogate.";
constexpr char kLowSurrogate[] = "Unicode low surrogate must follow a high surrogate.";

// The characters after a backslash that JSON allows (\u aside), and what each stands for;
// JsonQuote uses the same pairs the other way round, "/" excepted.
constexpr std::string_view kEscapes = "\"\\/bfnrt";
constexpr std::string_view kEscaped = "\"\\/\b\f\n\r\t";

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// JSON_ALPHANUMERIC_CHAR: what a bad token extends over, so errors show the whole word.
bool IsWordChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || IsDigit(c) || c == '_' ||
         (static_cast<unsigned char>(c) & 0x80) != 0;
}

int HexValue(char c) {
  if (IsDigit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// pg_utf_mblen: the byte length of the UTF-8 character starting with `c`.
size_t Utf8Len(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  if ((u & 0xe0) == 0xc0) return 2;
  if ((u & 0xf0) == 0xe0) return 3;
  if ((u & 0xf8) == 0xf0) return 4;
  return 1;
}

void AppendUtf8(uint32_t cp, std::string* out) {
  static constexpr uint8_t kLead[] = {0, 0, 0xc0, 0xe0, 0xf0};
  int n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  out->push_back(static_cast<char>(kLead[n] | (cp >> (6 * (n - 1)))));
  for (int i = n - 2; i >= 0; --i) {
    out->push_back(static_cast<char>(0x80 | ((cp >> (6 * i)) & 0x3f)));
  }
}

// One token at a time, tracking what report_json_context needs: the current line and where
// the current (or offending) token ends.
class Lexer {
 public:
  // need_escapes: de-escape strings into strval() and check \u escapes the way jsonb does;
  // json_in leaves it off, which is why it accepts "\u0000" and lone surrogates.
  Lexer(std::string_view in, bool need_escapes) : in_(in), need_escapes_(need_escapes) {}

  void set_need_escapes(bool on) { need_escapes_ = on; }
  Tok tok() const { return tok_; }
  size_t start() const { return start_; }
  size_t prev_end() const { return prev_end_; }
  std::string_view lexeme() const { return in_.substr(start_, end_ - start_); }
  std::string& strval() { return strval_; }

  void Next();
  [[noreturn]] void Fail(Err err) const;
  // report_parse_error: a grammar error, which at the end of input is always "ended
  // unexpectedly".
  [[noreturn]] void FailParse(Err err) const { Fail(tok_ == Tok::kEnd ? kExpectedMore : err); }

 private:
  void Token(Tok tok, size_t end) {
    prev_end_ = end_;
    end_ = end;
    tok_ = tok;
  }
  void LexString(size_t s);
  void LexNumber(size_t s);
  void LexWord(size_t s);
  // FAIL_AT_CHAR_START: the context stops before position s.
  [[noreturn]] void FailAt(size_t s, Err err) {
    end_ = s;
    Fail(err);
  }
  // FAIL_AT_CHAR_END: the context shows the offending character itself.
  [[noreturn]] void FailAfter(size_t s, Err err) {
    end_ = std::min(s + Utf8Len(in_[s]), in_.size());
    Fail(err);
  }
  std::string Context() const;

  std::string_view in_;
  bool need_escapes_;
  Tok tok_ = Tok::kNone;
  size_t start_ = 0;     // token_start
  size_t end_ = 0;       // token_terminator
  size_t prev_end_ = 0;  // prev_token_terminator: the end of a value just parsed
  size_t line_start_ = 0;
  int line_ = 1;
  std::string strval_;
};

void Lexer::Next() {
  size_t s = end_;
  while (s < in_.size() && (in_[s] == ' ' || in_[s] == '\t' || in_[s] == '\n' || in_[s] == '\r')) {
    if (in_[s++] == '\n') {
      ++line_;
      line_start_ = s;
    }
  }
  start_ = s;
  if (s >= in_.size()) return Token(Tok::kEnd, s);
  if (size_t p = kPunctuation.find(in_[s]); p != std::string_view::npos) {
    return Token(static_cast<Tok>(static_cast<int>(Tok::kObjectStart) + p), s + 1);
  }
  if (in_[s] == '"') return LexString(s);
  if (in_[s] == '-') return LexNumber(s + 1);
  if (IsDigit(in_[s])) return LexNumber(s);
  LexWord(s);
}

void Lexer::LexString(size_t s) {
  strval_.clear();
  int hi_surrogate = -1;  // only ever set when need_escapes_
  for (;;) {
    ++s;
    if (s >= in_.size()) FailAt(s, kInvalidToken);
    char c = in_[s];
    if (c == '"') break;
    if (static_cast<unsigned char>(c) < 32) FailAt(s, kEscapingRequired);  // unprintable
    if (c != '\\') {
      if (hi_surrogate != -1) FailAfter(s, kLowSurrogate);
      if (need_escapes_) strval_.push_back(c);
      continue;
    }
    if (++s >= in_.size()) FailAt(s, kInvalidToken);
    if (in_[s] == 'u') {
      int ch = 0;
      for (int i = 0; i < 4; ++i) {
        if (++s >= in_.size()) FailAt(s, kInvalidToken);
        int digit = HexValue(in_[s]);
        if (digit < 0) FailAfter(s, kEscapeFormat);
        ch = ch * 16 + digit;
      }
      if (!need_escapes_) continue;
      if (ch >= 0xd800 && ch <= 0xdbff) {
        if (hi_surrogate != -1) FailAfter(s, kHighSurrogate);
        hi_surrogate = ch;
        continue;
      }
      if (ch >= 0xdc00 && ch <= 0xdfff) {
        if (hi_surrogate == -1) FailAfter(s, kLowSurrogate);
        ch = 0x10000 + ((hi_surrogate - 0xd800) << 10) + (ch - 0xdc00);
        hi_surrogate = -1;
      }
      if (hi_surrogate != -1) FailAfter(s, kLowSurrogate);
      if (ch == 0) FailAfter(s, kCodePointZero);  // text cannot hold NUL
      AppendUtf8(static_cast<uint32_t>(ch), &strval_);
      continue;
    }
    if (hi_surrogate != -1) FailAfter(s, kLowSurrogate);
    size_t e = kEscapes.find(in_[s]);
    if (e == std::string_view::npos) {
      start_ = s;  // the detail names just the escape character
      FailAfter(s, kEscapingInvalid);
    }
    if (need_escapes_) strval_.push_back(kEscaped[e]);
  }
  if (hi_surrogate != -1) FailAt(s + 1, kLowSurrogate);
  Token(Tok::kString, s + 1);
}

// JSON's number grammar, stricter than numeric_in: no "+", "01", ".5", "1." or "NaN".
void Lexer::LexNumber(size_t s) {
  const size_t n = in_.size();
  bool error = false;
  if (s < n && in_[s] == '0') {
    ++s;
  } else if (s < n && IsDigit(in_[s])) {
    while (s < n && IsDigit(in_[s])) ++s;
  } else {
    error = true;
  }
  if (s < n && in_[s] == '.') {
    ++s;
    if (s == n || !IsDigit(in_[s])) error = true;
    while (s < n && IsDigit(in_[s])) ++s;
  }
  if (s < n && (in_[s] == 'e' || in_[s] == 'E')) {
    ++s;
    if (s < n && (in_[s] == '+' || in_[s] == '-')) ++s;
    if (s == n || !IsDigit(in_[s])) error = true;
    while (s < n && IsDigit(in_[s])) ++s;
  }
  // Trailing letters belong to the (bad) token, so "01" and "1x" are reported whole.
  for (; s < n && IsWordChar(in_[s]); ++s) error = true;
  Token(Tok::kNumber, s);
  if (error) Fail(kInvalidToken);
}

void Lexer::LexWord(size_t s) {
  size_t p = s;
  while (p < in_.size() && IsWordChar(in_[p])) ++p;
  if (p == s) {
    Token(tok_, s + 1);  // stray punctuation: report that one character
    Fail(kInvalidToken);
  }
  std::string_view word = in_.substr(s, p - s);
  if (word == "true") return Token(Tok::kTrue, p);
  if (word == "false") return Token(Tok::kFalse, p);
  if (word == "null") return Token(Tok::kNull, p);
  Token(tok_, p);
  Fail(kInvalidToken);
}

// report_json_context: the current line up to the end of the bad token, cut to under 50
// bytes (at a character boundary) with "..." marking what was cut.
std::string Lexer::Context() const {
  size_t from = line_start_;
  size_t to = std::max(end_, from);
  while (to - from >= 50) from += Utf8Len(in_[from]);
  if (from > to) from = to;
  if (from - line_start_ <= 3) from = line_start_;
  bool more = tok_ != Tok::kEnd && to < in_.size() && in_[to] != '\n' && in_[to] != '\r';
  std::string out = "JSON data, line " + std::to_string(line_) + ": ";
  if (from > line_start_) out += "...";
  out.append(in_.substr(from, to - from));
  if (more) out += "...";
  return out;
}

void Lexer::Fail(Err err) const {
  std::string detail = err;
  if (size_t at = detail.find("%s"); at != std::string::npos) {
    detail.replace(at, 2, in_.substr(start_, end_ > start_ ? end_ - start_ : 0));
  } else if (err == kEscapingRequired) {
    char buf[64];
    std::snprintf(buf, sizeof(buf), kEscapingRequired, static_cast<unsigned char>(in_[end_]));
    detail = buf;
  }
  if (err == kCodePointZero) {
    throw SqlError(kUntranslatableCharacter, "unsupported Unicode escape sequence")
        .WithDetail(std::move(detail))
        .WithContext(Context());
  }
  throw SqlError(sqlstate::kInvalidTextRepresentation, "invalid input syntax for type json")
      .WithDetail(std::move(detail))
      .WithContext(Context());
}

// jsonb's key order: shorter first, then bytewise.
bool KeyLess(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return a.size() < b.size();
  return std::memcmp(a.data(), b.data(), a.size()) < 0;
}

// One step of a json path (get_worker's path_names/path_indexes): a key that matches object
// members and/or an index that matches array elements (INT_MIN: none).
struct PathStep {
  bool has_key = false;
  std::string_view key;
  int index = INT_MIN;
};

struct PathSearch {
  std::vector<PathStep> steps;  // indexes are rewritten as PostgreSQL does, see ParseArray
  bool found = false;
  size_t begin = 0;
  size_t end = 0;
};

// pg_parse_json's recursive descent. One pass serves json_in (validate), jsonb_in (build a
// tree into `out`) and the json path operators (record the text of the last match).
class Parser {
 public:
  Parser(std::string_view text, bool need_escapes, PathSearch* search = nullptr)
      : lex_(text, need_escapes), search_(search) {}

  void ParseDocument(JsonValue* out) {
    lex_.Next();
    ParseValue(0, out, search_ != nullptr);
    if (lex_.tok() != Tok::kEnd) lex_.FailParse(kExpectedEnd);
  }

 private:
  size_t PathLength() const { return search_ ? search_->steps.size() : 0; }
  void ParseValue(int depth, JsonValue* out, bool on_path);
  void ParseObject(int depth, JsonValue* out, bool on_path);
  void ParseArray(int depth, JsonValue* out, bool on_path);
  [[gnu::noinline]] void ParseScalar(JsonValue* out);
  [[gnu::noinline]] int CountElements(int depth) const;

  Lexer lex_;
  PathSearch* search_;
};

// Out of line, like the other cold paths called from the recursion, to keep its frames small.
[[noreturn, gnu::noinline]] void ThrowTooDeep() {
  throw SqlError(sqlstate::kStatementTooComplex, "stack depth limit exceeded")
      .WithHint(
          "Increase the configuration parameter \"max_stack_depth\" (currently 2048kB), after "
          "ensuring the platform's stack depth limit is adequate.");
}

// Growing the vectors happens out of line too. The key moves straight into the tree.
[[gnu::noinline]] JsonValue* AddMember(JsonValue* object, std::string* key) {
  return &object->members
              .emplace_back(std::piecewise_construct, std::forward_as_tuple(std::move(*key)),
                            std::forward_as_tuple())
              .second;
}
[[gnu::noinline]] JsonValue* AddElement(JsonValue* array) {
  return &array->elements.emplace_back();
}

// jsonb's object rules: keys in KeyLess order, the last of duplicates kept.
[[gnu::noinline]] void Canonicalize(std::vector<std::pair<std::string, JsonValue>>* members) {
  // A stable sort keeps duplicates in input order; then keep the last of each run.
  std::stable_sort(members->begin(), members->end(),
                   [](const auto& a, const auto& b) { return KeyLess(a.first, b.first); });
  auto& m = *members;
  size_t kept = 0;
  for (size_t i = 0; i < m.size(); ++i) {
    if (i + 1 < m.size() && m[i].first == m[i + 1].first) continue;
    if (kept != i) m[kept] = std::move(m[i]);
    ++kept;
  }
  m.erase(m.begin() + static_cast<std::ptrdiff_t>(kept), m.end());
}

void Parser::ParseValue(int depth, JsonValue* out, bool on_path) {
  size_t begin = lex_.start();
  bool scalar = lex_.tok() != Tok::kObjectStart && lex_.tok() != Tok::kArrayStart;
  if (lex_.tok() == Tok::kObjectStart) {
    ParseObject(depth, out, on_path);
  } else if (lex_.tok() == Tok::kArrayStart) {
    ParseArray(depth, out, on_path);
  } else {
    ParseScalar(out);
  }
  if (on_path && static_cast<size_t>(depth) == search_->steps.size()) {
    // get_scalar's "hokey" whole-document case keeps the whitespace before a root scalar.
    search_->found = true;
    search_->begin = depth == 0 && scalar ? 0 : begin;
    search_->end = lex_.prev_end();
  }
}

void Parser::ParseObject(int depth, JsonValue* out, bool on_path) {
  if (depth >= kMaxDepth) ThrowTooDeep();
  if (out) out->kind = Kind::kObject;
  const PathStep* step = on_path && static_cast<size_t>(depth) < PathLength()
                             ? &search_->steps[static_cast<size_t>(depth)]
                             : nullptr;
  lex_.Next();
  if (lex_.tok() == Tok::kString) {
    for (;;) {
      if (lex_.tok() != Tok::kString) lex_.FailParse(kExpectedString);
      bool match = step && step->has_key && lex_.strval() == step->key;
      JsonValue* child = out ? AddMember(out, &lex_.strval()) : nullptr;
      lex_.Next();
      if (lex_.tok() != Tok::kColon) lex_.FailParse(kExpectedColon);
      lex_.Next();
      ParseValue(depth + 1, child, match);
      if (lex_.tok() != Tok::kComma) break;
      lex_.Next();
    }
  } else if (lex_.tok() != Tok::kObjectEnd) {
    lex_.FailParse(kExpectedObjectFirst);
  }
  if (lex_.tok() != Tok::kObjectEnd) lex_.FailParse(kExpectedObjectNext);
  lex_.Next();
  if (out) Canonicalize(&out->members);
}

void Parser::ParseArray(int depth, JsonValue* out, bool on_path) {
  if (depth >= kMaxDepth) ThrowTooDeep();
  if (out) out->kind = Kind::kArray;
  PathStep* step = nullptr;
  if (static_cast<size_t>(depth) < PathLength()) {
    step = &search_->steps[static_cast<size_t>(depth)];
    // get_array_start converts a negative index in place, for every array at this depth,
    // on the path or not; so the first array long enough fixes it for the later ones.
    if (step->index < 0 && step->index != INT_MIN) {
      int count = CountElements(depth);
      if (-step->index <= count) step->index += count;
    }
  }
  lex_.Next();
  if (lex_.tok() != Tok::kArrayEnd) {
    for (int i = 0;; ++i) {
      JsonValue* child = out ? AddElement(out) : nullptr;
      ParseValue(depth + 1, child, on_path && step && step->index == i);
      if (lex_.tok() != Tok::kComma) break;
      lex_.Next();
    }
  }
  if (lex_.tok() != Tok::kArrayEnd) lex_.FailParse(kExpectedArrayNext);
  lex_.Next();
}

// json_count_array_elements: a look-ahead over a copy of the lexer, values not decoded.
int Parser::CountElements(int depth) const {
  Parser copy(*this);
  copy.search_ = nullptr;
  copy.lex_.set_need_escapes(false);
  copy.lex_.Next();
  int count = 0;
  if (copy.lex_.tok() != Tok::kArrayEnd) {
    for (;;) {
      ++count;
      copy.ParseValue(depth + 1, nullptr, false);
      if (copy.lex_.tok() != Tok::kComma) break;
      copy.lex_.Next();
    }
  }
  return count;
}

void Parser::ParseScalar(JsonValue* out) {
  Tok tok = lex_.tok();
  if (tok != Tok::kString && tok != Tok::kNumber && tok != Tok::kTrue && tok != Tok::kFalse &&
      tok != Tok::kNull) {
    lex_.FailParse(kExpectedJson);
  }
  std::string_view lexeme = lex_.lexeme();
  std::string string = out && tok == Tok::kString ? std::move(lex_.strval()) : std::string();
  // The next token is lexed before the value is converted, so its syntax errors come first.
  lex_.Next();
  if (!out) return;
  if (tok == Tok::kString) {
    out->kind = Kind::kString;
    out->string = std::move(string);
  } else if (tok == Tok::kNumber) {
    out->kind = Kind::kNumber;
    out->number = Numeric::Parse(lexeme);
  } else if (tok != Tok::kNull) {
    out->kind = Kind::kBool;
    out->boolean = tok == Tok::kTrue;
  }
}

bool SearchPath(std::string_view json, std::vector<PathStep> steps, std::string* out) {
  PathSearch search;
  search.steps = std::move(steps);
  // Like get_worker, decode strings: keys must be compared unescaped, and so a \u0000
  // anywhere in the document is an error here though json_in accepted it.
  Parser(json, true, &search).ParseDocument(nullptr);
  if (!search.found) return false;
  out->assign(json.substr(search.begin, search.end - search.begin));
  return true;
}

// strtoint(..., 10) as json_extract_path applies it to every path element: leading
// whitespace and a sign allowed, nothing after the digits, int range; else INT_MIN.
void AppendJsonb(const JsonValue& v, std::string* out) {
  if (v.kind == Kind::kNull) out->append("null");
  if (v.kind == Kind::kBool) out->append(v.boolean ? "true" : "false");
  if (v.kind == Kind::kNumber) out->append(v.number.ToString());
  if (v.kind == Kind::kString) out->append(JsonQuote(v.string));
  if (v.kind == Kind::kArray) {
    out->push_back('[');
    for (size_t i = 0; i < v.elements.size(); ++i) {
      if (i > 0) out->append(", ");
      AppendJsonb(v.elements[i], out);
    }
    out->push_back(']');
  }
  if (v.kind == Kind::kObject) {
    out->push_back('{');
    for (size_t i = 0; i < v.members.size(); ++i) {
      if (i > 0) out->append(", ");
      out->append(JsonQuote(v.members[i].first));
      out->append(": ");
      AppendJsonb(v.members[i].second, out);
    }
    out->push_back('}');
  }
}

}  // namespace

const JsonValue* JsonValue::Find(std::string_view key) const {
  auto it = std::lower_bound(members.begin(), members.end(), key,
                             [](const auto& m, std::string_view k) { return KeyLess(m.first, k); });
  return it != members.end() && it->first == key ? &it->second : nullptr;
}

void ValidateJson(std::string_view text) { Parser(text, false).ParseDocument(nullptr); }

JsonValue ParseJsonb(std::string_view text) {
  JsonValue value;
  Parser(text, true).ParseDocument(&value);
  return value;
}

std::string JsonbText(const JsonValue& value) {
  std::string out;
  AppendJsonb(value, &out);
  return out;
}

std::string JsonbText(std::string_view json_text) { return JsonbText(ParseJsonb(json_text)); }

std::string JsonQuote(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  out.push_back('"');
  for (char c : s) {
    size_t e = c == '/' ? std::string_view::npos : kEscaped.find(c);
    if (e != std::string_view::npos) {
      out.push_back('\\');
      out.push_back(kEscapes[e]);
    } else if (static_cast<unsigned char>(c) < ' ') {
      char buf[8];
      std::snprintf(buf, sizeof(buf), "\\u%04x", static_cast<unsigned char>(c));
      out.append(buf);
    } else {
      out.push_back(c);  // including DEL and "/", which escape_json leaves alone
    }
  }
  out.push_back('"');
  return out;
}

std::optional<int> JsonPathIndex(std::string_view text) {
  std::string digits(text);  // strtol needs the terminating NUL
  errno = 0;
  char* end = nullptr;
  long value = std::strtol(digits.c_str(), &end, 10);
  if (end == digits.c_str() || end != digits.c_str() + digits.size() || errno != 0 ||
      value < INT_MIN || value > INT_MAX) {
    return std::nullopt;
  }
  return static_cast<int>(value);
}

bool JsonPathText(std::string_view json, const std::vector<std::string>& path, std::string* out) {
  std::vector<PathStep> steps;
  for (const std::string& p : path) steps.push_back({true, p, JsonPathIndex(p).value_or(INT_MIN)});
  return SearchPath(json, std::move(steps), out);
}

bool JsonFieldText(std::string_view json, std::string_view key, std::string* out) {
  return SearchPath(json, {{true, key, INT_MIN}}, out);
}

bool JsonElementText(std::string_view json, int index, std::string* out) {
  return SearchPath(json, {{false, {}, index}}, out);
}

}  // namespace firn
