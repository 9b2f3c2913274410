// The regular-expression match operators; see regex_operators.h.
#include "exec/function/regex_operators.h"

#include <optional>
#include <utility>

#include "common/sql_error.h"
#include "exec/function/kernels.h"
#include "exec/function/registration.h"

namespace firn::function_internal {
namespace {

// Rewrites the ARE escapes ECMAScript spells differently; everything else passes through.
std::string TranslatePattern(const std::string& pattern) {
  std::string out;
  out.reserve(pattern.size() + 8);
  for (size_t i = 0; i < pattern.size(); i++) {
    char c = pattern[i];
    if (c != '\\' || i + 1 == pattern.size()) {
      out += c;
      continue;
    }
    char next = pattern[++i];
    switch (next) {
      case 'm':  // start of word
      case 'M':  // end of word
      case 'y':  // either
        out += "\\b";
        break;
      case 'Y':
        out += "\\B";
        break;
      case 'A':
        out += '^';
        break;
      case 'Z':
        out += '$';
        break;
      default:
        out += '\\';
        out += next;
    }
  }
  return out;
}

template <bool kIcase, bool kNegate>
void RegexKernel(const ScalarArgs& in, Vector& out, EvalContext&) {
  const auto& text = in.args[0]->strings();
  const auto& pattern = in.args[1]->strings();
  auto& result = out.ints();
  // The pattern is nearly always a constant: compile once per distinct consecutive value.
  std::optional<std::regex> re;
  const std::string* compiled_for = nullptr;
  for (size_t i = 0; i < in.count; i++) {
    if (compiled_for == nullptr || *compiled_for != pattern[i]) {
      re = CompilePgRegex(pattern[i], kIcase);
      compiled_for = &pattern[i];
    }
    bool found = std::regex_search(text[i], *re);
    result[i] = (found != kNegate) ? 1 : 0;
  }
  SetAllValid(out, in.count);
}

}  // namespace

std::regex CompilePgRegex(const std::string& pattern, bool case_insensitive) {
  auto flags = std::regex::ECMAScript;
  if (case_insensitive) flags |= std::regex::icase;
  try {
    return std::regex(TranslatePattern(pattern), flags);
  } catch (const std::regex_error& e) {
    throw SqlError("2201B", "invalid regular expression: " + std::string(e.what()));
  }
}

void RegisterRegexOperators(FunctionRegistry& r) {
  for (Type left : {kTextT, kNameT, kBpcharT}) {
    r.AddOperator(Fn("~", {left, kTextT}, kBoolT, RegexKernel<false, false>));
    r.AddOperator(Fn("!~", {left, kTextT}, kBoolT, RegexKernel<false, true>));
    r.AddOperator(Fn("~*", {left, kTextT}, kBoolT, RegexKernel<true, false>));
    r.AddOperator(Fn("!~*", {left, kTextT}, kBoolT, RegexKernel<true, true>));
  }
}

}  // namespace firn::function_internal
