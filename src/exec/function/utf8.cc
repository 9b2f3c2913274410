// UTF-8 decoding/encoding and case mapping for the string functions.
// Thread-safety: the C.UTF-8 locale handle is created once (thread-safe static init) and
// only read afterwards.
#include "exec/function/utf8.h"

#include <locale.h>
#include <wctype.h>

namespace firn::function_internal {
namespace {

// The locale PostgreSQL's lower()/upper()/initcap() follow in a C.UTF-8 database.
locale_t CaseLocale() {
  static const locale_t loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(0));
  return loc;
}

}  // namespace

uint32_t Utf8Decode(std::string_view s, size_t& pos) {
  unsigned char c = static_cast<unsigned char>(s[pos]);
  size_t n = Utf8CharBytes(c);
  if (pos + n > s.size()) n = 1;
  uint32_t cp;
  switch (n) {
    case 1:
      cp = c;
      break;
    case 2:
      cp = c & 0x1F;
      break;
    case 3:
      cp = c & 0x0F;
      break;
    default:
      cp = c & 0x07;
      break;
  }
  for (size_t i = 1; i < n; ++i) cp = (cp << 6) | (static_cast<unsigned char>(s[pos + i]) & 0x3F);
  pos += n;
  return cp;
}

void Utf8Append(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

uint32_t ToLowerCodePoint(uint32_t cp) {
  if (cp < 0x80) return (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
  locale_t loc = CaseLocale();
  return loc ? static_cast<uint32_t>(towlower_l(static_cast<wint_t>(cp), loc)) : cp;
}

uint32_t ToUpperCodePoint(uint32_t cp) {
  if (cp < 0x80) return (cp >= 'a' && cp <= 'z') ? cp - 32 : cp;
  locale_t loc = CaseLocale();
  return loc ? static_cast<uint32_t>(towupper_l(static_cast<wint_t>(cp), loc)) : cp;
}

bool IsAlnumCodePoint(uint32_t cp) {
  if (cp < 0x80) {
    return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
  }
  locale_t loc = CaseLocale();
  return loc && iswalnum_l(static_cast<wint_t>(cp), loc);
}

namespace {

template <uint32_t (*Map)(uint32_t), char kFrom, char kTo>
std::string MapCase(std::string_view s) {
  std::string out(s);
  bool ascii = true;
  for (char& ch : out) {
    if (static_cast<unsigned char>(ch) >= 0x80) {
      ascii = false;
      break;
    }
    if (ch >= kFrom && ch <= kTo) ch = static_cast<char>(ch ^ 0x20);
  }
  if (ascii) return out;
  out.clear();
  for (size_t pos = 0; pos < s.size();) Utf8Append(out, Map(Utf8Decode(s, pos)));
  return out;
}

}  // namespace

std::string Utf8Lower(std::string_view s) { return MapCase<ToLowerCodePoint, 'A', 'Z'>(s); }
std::string Utf8Upper(std::string_view s) { return MapCase<ToUpperCodePoint, 'a', 'z'>(s); }

}  // namespace firn::function_internal
