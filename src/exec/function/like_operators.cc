// LIKE and ILIKE: the operators ~~ ~~* !~~ !~~* for text, character(n) and name against a
// text pattern, and like_escape(pattern, escape), which the parser emits for
// `x LIKE p ESCAPE e`. In a pattern % matches any run of characters, _ exactly one
// character, and a backslash makes the next character literal; a pattern ending in a
// backslash is an error once matching reaches it (22025), as in PostgreSQL. ILIKE lower-cases
// both sides first. character(n) values match with their padding blanks.
// Thread-safety: stateless functions.
#include <string>
#include <string_view>

#include "common/sql_error.h"
#include "exec/function/kernels.h"
#include "exec/function/registration.h"
#include "exec/function/utf8.h"

namespace firn::function_internal {
namespace {

inline size_t CharBytesAt(std::string_view s, size_t pos) {
  return std::min(Utf8CharBytes(static_cast<unsigned char>(s[pos])), s.size() - pos);
}

[[noreturn]] void EndsWithEscape() {
  throw SqlError("22025", "LIKE pattern must not end with escape character");
}

// Wildcard matching with single-point backtracking to the last '%': every '%' subsumes
// earlier ones, so retrying only from the most recent one is complete.
bool LikeMatch(std::string_view text, std::string_view pat) {
  constexpr size_t kNone = std::string_view::npos;
  size_t ti = 0, pi = 0;
  size_t star_pi = kNone, star_ti = 0;
  while (ti < text.size()) {
    if (pi < pat.size()) {
      char c = pat[pi];
      if (c == '%') {
        star_pi = ++pi;
        star_ti = ti;
        continue;
      }
      if (c == '_') {
        ti += CharBytesAt(text, ti);
        ++pi;
        continue;
      }
      size_t lit_start = pi;
      if (c == '\\') {
        if (pi + 1 >= pat.size()) EndsWithEscape();
        lit_start = pi + 1;
      }
      size_t lit_len = CharBytesAt(pat, lit_start);
      if (text.compare(ti, lit_len, pat.substr(lit_start, lit_len)) == 0) {
        ti += lit_len;
        pi = lit_start + lit_len;
        continue;
      }
    }
    if (star_pi == kNone) return false;
    star_ti += CharBytesAt(text, star_ti);
    ti = star_ti;
    pi = star_pi;
  }
  while (pi < pat.size() && pat[pi] == '%') ++pi;
  return pi == pat.size();
}

template <bool kCaseInsensitive, bool kNegate>
void LikeKernel(const ScalarArgs& in, Vector& out, EvalContext&) {
  const auto& text = in.args[0]->strings();
  const auto& pat = in.args[1]->strings();
  auto& r = out.ints();
  // Patterns are usually one constant repeated down the column: lower-case it once.
  const std::string* last_pattern = nullptr;
  std::string lowered_pattern;
  for (size_t i = 0; i < in.count; ++i) {
    bool m;
    if (kCaseInsensitive) {
      if (last_pattern == nullptr || *last_pattern != pat[i]) {
        last_pattern = &pat[i];
        lowered_pattern = Utf8Lower(pat[i]);
      }
      m = LikeMatch(Utf8Lower(text[i]), lowered_pattern);
    } else {
      m = LikeMatch(text[i], pat[i]);
    }
    r[i] = (m != kNegate) ? 1 : 0;
  }
  SetAllValid(out, in.count);
}

// Rewrites a pattern written with escape character `esc` into the backslash form;
// an empty `esc` disables escaping.
std::string LikeEscape(const std::string& pat, const std::string& esc) {
  if (esc == "\\") return pat;
  if (!esc.empty() && Utf8Length(esc) != 1) {
    throw SqlError("22019", "invalid escape string")
        .WithHint("Escape string must be empty or one character.");
  }
  std::string out;
  out.reserve(pat.size() + 8);
  for (size_t pos = 0; pos < pat.size();) {
    size_t n = CharBytesAt(pat, pos);
    std::string_view ch(pat.data() + pos, n);
    pos += n;
    if (!esc.empty() && ch == esc) {
      if (pos >= pat.size()) EndsWithEscape();
      size_t m = CharBytesAt(pat, pos);
      out += '\\';
      out.append(pat, pos, m);
      pos += m;
    } else if (ch == "\\") {
      out += "\\\\";
    } else {
      out.append(ch);
    }
  }
  return out;
}

}  // namespace

void RegisterLikeOperators(FunctionRegistry& r) {
  for (Type left : {kTextT, kBpcharT, kNameT}) {
    r.AddOperator(Fn("~~", {left, kTextT}, kBoolT, LikeKernel<false, false>));
    r.AddOperator(Fn("!~~", {left, kTextT}, kBoolT, LikeKernel<false, true>));
    r.AddOperator(Fn("~~*", {left, kTextT}, kBoolT, LikeKernel<true, false>));
    r.AddOperator(Fn("!~~*", {left, kTextT}, kBoolT, LikeKernel<true, true>));
  }
  r.AddFunction(Fn("like_escape", {kTextT, kTextT}, kTextT,
                   BinaryKernel<std::string, std::string, std::string, LikeEscape>));
}

}  // namespace firn::function_internal
