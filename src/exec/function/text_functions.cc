// String functions, part 2: split_part, repeat, reverse, starts_with, md5, initcap, concat,
// concat_ws and the || operators (text || text, text || anynonarray, anynonarray || text).
// concat/concat_ws/|| with a non-text side format that value with its type's output function
// (value_text.h), as PostgreSQL does.
// Thread-safety: stateless functions.
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/sql_error.h"
#include "exec/function/kernels.h"
#include "exec/function/md5.h"
#include "exec/function/registration.h"
#include "exec/function/utf8.h"
#include "exec/function/value_text.h"

namespace firn::function_internal {
namespace {

using S = std::string;
using I = int64_t;

S SplitPart(const S& s, const S& delim, int64_t field) {
  if (field == 0) {
    throw SqlError(sqlstate::kInvalidParameterValue, "field position must not be zero");
  }
  if (s.empty()) return S();
  if (delim.empty()) return (field == 1 || field == -1) ? s : S();
  // Field boundaries: starts[i] .. ends[i].
  std::vector<std::pair<size_t, size_t>> fields;
  size_t pos = 0;
  for (size_t at; (at = s.find(delim, pos)) != S::npos; pos = at + delim.size()) {
    fields.emplace_back(pos, at);
  }
  fields.emplace_back(pos, s.size());
  int64_t n = static_cast<int64_t>(fields.size());
  int64_t index = field > 0 ? field - 1 : n + field;
  if (index < 0 || index >= n) return S();
  return s.substr(fields[index].first, fields[index].second - fields[index].first);
}

S Repeat(const S& s, int64_t count) {
  if (count <= 0 || s.empty()) return S();
  if (static_cast<int64_t>(s.size()) > ((int64_t{1} << 30) - 1) / count) {
    throw SqlError(sqlstate::kProgramLimitExceeded, "requested length too large");
  }
  S out;
  out.reserve(s.size() * static_cast<size_t>(count));
  for (int64_t i = 0; i < count; ++i) out += s;
  return out;
}

S Reverse(const S& s) {
  S out;
  out.reserve(s.size());
  size_t end = s.size();
  while (end > 0) {
    size_t start = end - 1;
    while (start > 0 && IsContinuationByte(static_cast<unsigned char>(s[start]))) --start;
    out.append(s, start, end - start);
    end = start;
  }
  return out;
}

int64_t StartsWith(const S& s, const S& prefix) {
  return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0 ? 1 : 0;
}

S Md5(const S& s) { return Md5Hex(s); }

// Words are maximal runs of alphanumerics: their first letter is upper-cased, the rest
// lower-cased.
S Initcap(const S& s) {
  S out;
  out.reserve(s.size());
  bool in_word = false;
  for (size_t pos = 0; pos < s.size();) {
    uint32_t cp = Utf8Decode(s, pos);
    Utf8Append(out, in_word ? ToLowerCodePoint(cp) : ToUpperCodePoint(cp));
    in_word = IsAlnumCodePoint(cp);
  }
  return out;
}

S TextConcat(const S& a, const S& b) { return a + b; }

// text || anynonarray and anynonarray || text: the non-text side is formatted.
template <bool kTextLeft>
void TextAnyConcatKernel(const ScalarArgs& in, Vector& out, EvalContext& ctx) {
  const Vector& text = *in.args[kTextLeft ? 0 : 1];
  const Vector& other = *in.args[kTextLeft ? 1 : 0];
  auto& r = out.strings();
  for (size_t i = 0; i < in.count; ++i) {
    S s;
    if (kTextLeft) {
      s = text.strings()[i];
      AppendValueText(other, i, ctx, &s);
    } else {
      AppendValueText(other, i, ctx, &s);
      s += text.strings()[i];
    }
    r[i] = std::move(s);
  }
  SetAllValid(out, in.count);
}

// concat(VARIADIC "any"): NULL arguments are skipped. Not strict.
void ConcatKernel(const ScalarArgs& in, Vector& out, EvalContext& ctx) {
  auto& r = out.strings();
  for (size_t i = 0; i < in.count; ++i) {
    S s;
    for (const Vector* a : in.args) {
      if (!a->IsNull(i)) AppendValueText(*a, i, ctx, &s);
    }
    r[i] = std::move(s);
    out.SetNull(i, false);
  }
}

// concat_ws(sep, VARIADIC "any"): NULL when sep is NULL; NULL values are skipped.
void ConcatWsKernel(const ScalarArgs& in, Vector& out, EvalContext& ctx) {
  auto& r = out.strings();
  const Vector& sep = *in.args[0];
  for (size_t i = 0; i < in.count; ++i) {
    if (sep.IsNull(i)) {
      out.SetNull(i, true);
      continue;
    }
    S s;
    bool first = true;
    for (size_t k = 1; k < in.args.size(); ++k) {
      const Vector& a = *in.args[k];
      if (a.IsNull(i)) continue;
      if (!first) s += sep.strings()[i];
      first = false;
      AppendValueText(a, i, ctx, &s);
    }
    r[i] = std::move(s);
    out.SetNull(i, false);
  }
}

}  // namespace

void RegisterTextFunctions(FunctionRegistry& r) {
  r.AddFunction(
      Fn("split_part", {kTextT, kTextT, kInt4T}, kTextT, TernaryKernel<S, S, I, S, SplitPart>));
  r.AddFunction(Fn("repeat", {kTextT, kInt4T}, kTextT, BinaryKernel<S, I, S, Repeat>));
  r.AddFunction(Fn("reverse", {kTextT}, kTextT, UnaryKernel<S, S, Reverse>));
  r.AddFunction(Fn("starts_with", {kTextT, kTextT}, kBoolT, BinaryKernel<S, S, I, StartsWith>));
  r.AddFunction(Fn("md5", {kTextT}, kTextT, UnaryKernel<S, S, Md5>));
  r.AddFunction(Fn("initcap", {kTextT}, kTextT, UnaryKernel<S, S, Initcap>));

  ScalarFunction concat = Fn("concat", {kAnyType}, kTextT, ConcatKernel);
  concat.strict = false;
  concat.variadic = true;
  r.AddFunction(concat);
  ScalarFunction concat_ws = Fn("concat_ws", {kTextT, kAnyType}, kTextT, ConcatWsKernel);
  concat_ws.strict = false;
  concat_ws.variadic = true;
  r.AddFunction(concat_ws);

  r.AddOperator(Fn("||", {kTextT, kTextT}, kTextT, BinaryKernel<S, S, S, TextConcat>));
  r.AddOperator(Fn("||", {kTextT, kAnyNonArray}, kTextT, TextAnyConcatKernel<true>));
  r.AddOperator(Fn("||", {kAnyNonArray, kTextT}, kTextT, TextAnyConcatKernel<false>));
}

}  // namespace firn::function_internal
