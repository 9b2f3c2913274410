// UTF-8 helpers for the string functions: character counting, character-to-byte offsets,
// decoding/encoding code points and Unicode-aware case mapping (through the C.UTF-8 locale,
// ASCII-only if that locale is unavailable). Text values are valid UTF-8 (the input paths
// validate), so these helpers do not re-validate.
// Internal to src/exec/function/. Thread-safety: pure functions; the case-mapping locale is
// created once, immutably, on first use.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace firn::function_internal {

inline bool IsContinuationByte(unsigned char c) { return (c & 0xC0) == 0x80; }

// Number of characters in s.
inline size_t Utf8Length(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += IsContinuationByte(c) ? 0 : 1;
  return n;
}

// Byte length of the character starting with lead byte c.
inline size_t Utf8CharBytes(unsigned char c) {
  if (c < 0x80) return 1;
  if ((c & 0xE0) == 0xC0) return 2;
  if ((c & 0xF0) == 0xE0) return 3;
  if ((c & 0xF8) == 0xF0) return 4;
  return 1;
}

// Byte offset of character index `chars` (0-based) in s, or s.size() if beyond the end.
inline size_t Utf8Offset(std::string_view s, size_t chars) {
  size_t pos = 0;
  while (chars > 0 && pos < s.size()) {
    pos += Utf8CharBytes(static_cast<unsigned char>(s[pos]));
    --chars;
  }
  return pos < s.size() ? pos : s.size();
}

// Decodes the character at s[pos]; advances pos.
uint32_t Utf8Decode(std::string_view s, size_t& pos);
void Utf8Append(std::string& out, uint32_t cp);

uint32_t ToLowerCodePoint(uint32_t cp);
uint32_t ToUpperCodePoint(uint32_t cp);
bool IsAlnumCodePoint(uint32_t cp);

std::string Utf8Lower(std::string_view s);
std::string Utf8Upper(std::string_view s);

}  // namespace firn::function_internal
