// String functions, part 1: length/char_length/character_length/octet_length, lower, upper,
// substr/substring, position/strpos, replace, btrim/ltrim/rtrim, left, right, lpad, rpad.
// Lengths and positions count UTF-8 characters, as PostgreSQL does in a UTF8 database;
// character(n) lengths ignore trailing blanks (octet_length keeps them).
// Thread-safety: stateless functions.
#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include "common/sql_error.h"
#include "exec/function/kernels.h"
#include "exec/function/registration.h"
#include "exec/function/utf8.h"

namespace firn::function_internal {
namespace {

using S = std::string;
using I = int64_t;

int64_t CharLength(const S& s) { return static_cast<int64_t>(Utf8Length(s)); }
int64_t BpcharLength(const S& s) {
  std::string_view v(s);
  while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
  return static_cast<int64_t>(Utf8Length(v));
}
int64_t OctetLength(const S& s) { return static_cast<int64_t>(s.size()); }
S Lower(const S& s) { return Utf8Lower(s); }
S Upper(const S& s) { return Utf8Upper(s); }

// Characters [start, start + count) of s with 1-based start, clipped to the string.
S Substring(const S& s, int64_t start, int64_t count) {
  // The window is [start, start + count); positions before 1 are simply absent.
  int64_t end;
  if (__builtin_add_overflow(start, count, &end)) end = std::numeric_limits<int64_t>::max();
  int64_t from = std::max<int64_t>(start, 1);
  if (end <= from) return S();
  size_t b = Utf8Offset(s, static_cast<size_t>(from - 1));
  size_t e = (end - 1 >= static_cast<int64_t>(s.size()))
                 ? s.size()
                 : Utf8Offset(s, static_cast<size_t>(end - 1));
  return s.substr(b, e - b);
}

S Substr3(const S& s, int64_t start, int64_t count) {
  if (count < 0) {
    throw SqlError("22011", "negative substring length not allowed");
  }
  return Substring(s, start, count);
}
S Substr2(const S& s, int64_t start) {
  return Substring(s, start, std::numeric_limits<int64_t>::max());
}

int64_t Strpos(const S& haystack, const S& needle) {
  size_t at = haystack.find(needle);
  if (at == S::npos) return 0;
  return static_cast<int64_t>(Utf8Length(std::string_view(haystack).substr(0, at))) + 1;
}

void ReplaceKernel(const ScalarArgs& in, Vector& out, EvalContext&) {
  const auto& src = in.args[0]->strings();
  const auto& from = in.args[1]->strings();
  const auto& to = in.args[2]->strings();
  auto& r = out.strings();
  for (size_t i = 0; i < in.count; ++i) {
    const S& s = src[i];
    const S& f = from[i];
    if (f.empty() || s.find(f) == S::npos) {
      r[i] = s;
      continue;
    }
    S result;
    size_t pos = 0;
    for (size_t at; (at = s.find(f, pos)) != S::npos; pos = at + f.size()) {
      result.append(s, pos, at - pos);
      result.append(to[i]);
    }
    result.append(s, pos, S::npos);
    r[i] = std::move(result);
  }
  SetAllValid(out, in.count);
}

// ---- trimming: the characters of `set` are removed from the chosen ends ----

bool InSet(std::string_view set, std::string_view ch) {
  if (ch.size() == 1) return set.find(ch[0]) != std::string_view::npos;
  for (size_t pos = 0; pos < set.size();) {
    size_t n = Utf8CharBytes(static_cast<unsigned char>(set[pos]));
    if (set.substr(pos, n) == ch) return true;
    pos += n;
  }
  return false;
}

template <bool kLeft, bool kRight>
S Trim(const S& s, const S& set) {
  std::string_view v(s);
  if (kLeft) {
    while (!v.empty()) {
      size_t n = std::min(Utf8CharBytes(static_cast<unsigned char>(v[0])), v.size());
      if (!InSet(set, v.substr(0, n))) break;
      v.remove_prefix(n);
    }
  }
  if (kRight) {
    while (!v.empty()) {
      size_t start = v.size() - 1;
      while (start > 0 && IsContinuationByte(static_cast<unsigned char>(v[start]))) --start;
      if (!InSet(set, v.substr(start))) break;
      v.remove_suffix(v.size() - start);
    }
  }
  return S(v);
}

template <bool kLeft, bool kRight>
S TrimSpaces(const S& s) {
  static const S kSpace(" ");
  return Trim<kLeft, kRight>(s, kSpace);
}

// left(s, n): the first n characters; negative n drops the last |n|.
S Left(const S& s, int64_t n) {
  int64_t len = static_cast<int64_t>(Utf8Length(s));
  int64_t keep = n >= 0 ? std::min(n, len) : std::max<int64_t>(len + n, 0);
  return s.substr(0, Utf8Offset(s, static_cast<size_t>(keep)));
}

// right(s, n): the last n characters; negative n drops the first |n|.
S Right(const S& s, int64_t n) {
  int64_t len = static_cast<int64_t>(Utf8Length(s));
  int64_t skip = n >= 0 ? std::max<int64_t>(len - n, 0) : std::min(-n, len);
  return s.substr(Utf8Offset(s, static_cast<size_t>(skip)));
}

constexpr int64_t kMaxStringBytes = (int64_t{1} << 30) - 1;

[[noreturn]] void TooLarge() {
  throw SqlError(sqlstate::kProgramLimitExceeded, "requested length too large");
}

template <bool kLeftPad>
S Pad(const S& s, int64_t len, const S& fill) {
  if (len <= 0) return S();
  int64_t have = static_cast<int64_t>(Utf8Length(s));
  if (have >= len || fill.empty()) {
    return s.substr(0, Utf8Offset(s, static_cast<size_t>(std::min(have, len))));
  }
  int64_t need = len - have;
  if (need * 4 > kMaxStringBytes) TooLarge();
  S padding;
  size_t fill_chars = Utf8Length(fill);
  while (need > 0) {
    int64_t take = std::min<int64_t>(need, static_cast<int64_t>(fill_chars));
    padding.append(fill, 0, Utf8Offset(fill, static_cast<size_t>(take)));
    need -= take;
  }
  return kLeftPad ? padding + s : s + padding;
}
template <bool kLeftPad>
S PadSpaces(const S& s, int64_t len) {
  static const S kSpace(" ");
  return Pad<kLeftPad>(s, len, kSpace);
}

}  // namespace

void RegisterStringFunctions(FunctionRegistry& r) {
  for (const char* name : {"length", "char_length", "character_length"}) {
    r.AddFunction(Fn(name, {kTextT}, kInt4T, UnaryKernel<S, I, CharLength>));
    r.AddFunction(Fn(name, {kBpcharT}, kInt4T, UnaryKernel<S, I, BpcharLength>));
  }
  r.AddFunction(Fn("octet_length", {kTextT}, kInt4T, UnaryKernel<S, I, OctetLength>));
  r.AddFunction(Fn("octet_length", {kBpcharT}, kInt4T, UnaryKernel<S, I, OctetLength>));
  r.AddFunction(Fn("lower", {kTextT}, kTextT, UnaryKernel<S, S, Lower>));
  r.AddFunction(Fn("upper", {kTextT}, kTextT, UnaryKernel<S, S, Upper>));
  for (const char* name : {"substr", "substring"}) {
    r.AddFunction(Fn(name, {kTextT, kInt4T}, kTextT, BinaryKernel<S, I, S, Substr2>));
    r.AddFunction(Fn(name, {kTextT, kInt4T, kInt4T}, kTextT, TernaryKernel<S, I, I, S, Substr3>));
  }
  r.AddFunction(Fn("strpos", {kTextT, kTextT}, kInt4T, BinaryKernel<S, S, I, Strpos>));
  // POSITION(needle IN haystack) arrives as position(haystack, needle).
  r.AddFunction(Fn("position", {kTextT, kTextT}, kInt4T, BinaryKernel<S, S, I, Strpos>));
  r.AddFunction(Fn("replace", {kTextT, kTextT, kTextT}, kTextT, ReplaceKernel));
  r.AddFunction(Fn("btrim", {kTextT}, kTextT, UnaryKernel<S, S, TrimSpaces<true, true>>));
  r.AddFunction(Fn("ltrim", {kTextT}, kTextT, UnaryKernel<S, S, TrimSpaces<true, false>>));
  r.AddFunction(Fn("rtrim", {kTextT}, kTextT, UnaryKernel<S, S, TrimSpaces<false, true>>));
  r.AddFunction(Fn("btrim", {kTextT, kTextT}, kTextT, BinaryKernel<S, S, S, Trim<true, true>>));
  r.AddFunction(Fn("ltrim", {kTextT, kTextT}, kTextT, BinaryKernel<S, S, S, Trim<true, false>>));
  r.AddFunction(Fn("rtrim", {kTextT, kTextT}, kTextT, BinaryKernel<S, S, S, Trim<false, true>>));
  r.AddFunction(Fn("left", {kTextT, kInt4T}, kTextT, BinaryKernel<S, I, S, Left>));
  r.AddFunction(Fn("right", {kTextT, kInt4T}, kTextT, BinaryKernel<S, I, S, Right>));
  r.AddFunction(Fn("lpad", {kTextT, kInt4T}, kTextT, BinaryKernel<S, I, S, PadSpaces<true>>));
  r.AddFunction(Fn("rpad", {kTextT, kInt4T}, kTextT, BinaryKernel<S, I, S, PadSpaces<false>>));
  r.AddFunction(Fn("lpad", {kTextT, kInt4T, kTextT}, kTextT, TernaryKernel<S, I, S, S, Pad<true>>));
  r.AddFunction(
      Fn("rpad", {kTextT, kInt4T, kTextT}, kTextT, TernaryKernel<S, I, S, S, Pad<false>>));
}

}  // namespace firn::function_internal
