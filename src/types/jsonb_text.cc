// Lookups in jsonb's canonical text. That text is valid JSON with no whitespace but the
// single space after each ':' and ',', so a value is skipped by counting brackets outside
// strings, and a member found is returned as the slice it is: the -> of a wide document
// costs a scan, not a parse into a tree.
// Thread-safety: pure functions.
#include <vector>

#include "types/json.h"

namespace firn {
namespace {

// The end of the string whose opening quote is at `p`.
size_t SkipString(std::string_view s, size_t p) {
  for (p++; p < s.size(); p++) {
    if (s[p] == '\\') {
      p++;
    } else if (s[p] == '"') {
      return p + 1;
    }
  }
  return s.size();
}

// The end of the value starting at `p`.
size_t SkipValue(std::string_view s, size_t p) {
  if (p >= s.size()) return s.size();
  if (s[p] == '"') return SkipString(s, p);
  if (s[p] != '{' && s[p] != '[') {  // a number, true, false or null
    while (p < s.size() && s[p] != ',' && s[p] != '}' && s[p] != ']') p++;
    return p;
  }
  int depth = 0;
  for (; p < s.size(); p++) {
    char c = s[p];
    if (c == '"') {
      p = SkipString(s, p) - 1;
    } else if (c == '{' || c == '[') {
      depth++;
    } else if ((c == '}' || c == ']') && --depth == 0) {
      return p + 1;
    }
  }
  return s.size();
}

// Whether the quoted key `raw` (quotes included) names `key`.
bool KeyMatches(std::string_view raw, std::string_view key) {
  std::string_view inner = raw.substr(1, raw.size() - 2);
  if (inner.find('\\') == std::string_view::npos) return inner == key;
  return ParseJsonb(raw).string == key;  // escapes: compare the decoded key
}

}  // namespace

bool JsonbMemberText(std::string_view jsonb, std::string_view key, std::string_view* out) {
  if (jsonb.empty() || jsonb[0] != '{') return false;
  size_t p = 1;
  while (p < jsonb.size() && jsonb[p] == '"') {
    size_t key_end = SkipString(jsonb, p);
    size_t value = key_end + 2;  // past ": "
    size_t value_end = SkipValue(jsonb, value);
    if (KeyMatches(jsonb.substr(p, key_end - p), key)) {
      *out = jsonb.substr(value, value_end - value);
      return true;
    }
    if (value_end >= jsonb.size() || jsonb[value_end] != ',') break;
    p = value_end + 2;  // past ", "
  }
  return false;
}

bool JsonbElementText(std::string_view jsonb, int64_t index, std::string_view* out) {
  if (jsonb.empty() || jsonb[0] != '[') return false;
  std::vector<std::string_view> elements;
  size_t p = 1;
  while (p < jsonb.size() && jsonb[p] != ']') {
    size_t end = SkipValue(jsonb, p);
    elements.push_back(jsonb.substr(p, end - p));
    if (index >= 0 && elements.size() > static_cast<size_t>(index)) break;
    if (end >= jsonb.size() || jsonb[end] != ',') break;
    p = end + 2;
  }
  int64_t n = static_cast<int64_t>(elements.size());
  if (index < 0) index += n;
  if (index < 0 || index >= n) return false;
  *out = elements[static_cast<size_t>(index)];
  return true;
}

}  // namespace firn
