// Array text I/O with PostgreSQL's quoting: elements are double-quoted when empty, equal
// to NULL (any case), or containing braces, quotes, commas, backslashes or whitespace;
// '"' and '\' are backslash-escaped; NULL elements print as unquoted NULL.
// Thread-safety: pure functions.
#include "types/array_io.h"

#include <cctype>

#include "common/sql_error.h"
#include "types/value_io.h"

namespace firn {
namespace {

bool NeedsQuotes(std::string_view s) {
  if (s.empty()) return true;
  if (s.size() == 4 && (s[0] == 'N' || s[0] == 'n') && (s[1] == 'U' || s[1] == 'u') &&
      (s[2] == 'L' || s[2] == 'l') && (s[3] == 'L' || s[3] == 'l')) {
    return true;
  }
  for (char c : s) {
    if (c == '{' || c == '}' || c == '"' || c == ',' || c == '\\' ||
        std::isspace(static_cast<unsigned char>(c))) {
      return true;
    }
  }
  return false;
}

[[noreturn]] void Malformed(std::string_view text, const char* detail) {
  throw SqlError(sqlstate::kInvalidTextRepresentation,
                 "malformed array literal: \"" + std::string(text) + "\"")
      .WithDetail(detail);
}

// int2vector / oidvector text: "1 2 3", elements separated by spaces, no braces.
Value ParseCatalogVectorText(std::string_view text, Type type, const IoContext& ctx) {
  std::vector<Value> items;
  size_t i = 0;
  for (;;) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    if (i == text.size()) break;
    size_t start = i;
    while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    items.push_back(ParseValueText(text.substr(start, i - start), Type(type.elem), ctx));
  }
  return Value::MakeArray(type.elem, std::move(items)).WithType(type);
}

}  // namespace

void AppendArrayText(const Value& v, const IoContext& ctx, std::string* out) {
  if (v.type().catalog_vector) {
    for (const Value& e : v.GetArray().items) {
      if (&e != v.GetArray().items.data()) out->push_back(' ');
      AppendValueText(e, ctx, out);
    }
    return;
  }
  out->push_back('{');
  bool first = true;
  std::string item;
  for (const Value& e : v.GetArray().items) {
    if (!first) out->push_back(',');
    first = false;
    if (e.is_null()) {
      out->append("NULL");
      continue;
    }
    item.clear();
    AppendValueText(e, ctx, &item);
    if (!NeedsQuotes(item)) {
      out->append(item);
      continue;
    }
    out->push_back('"');
    for (char c : item) {
      if (c == '"' || c == '\\') out->push_back('\\');
      out->push_back(c);
    }
    out->push_back('"');
  }
  out->push_back('}');
}

Value ParseArrayText(std::string_view text, Type type, const IoContext& ctx) {
  if (type.catalog_vector) return ParseCatalogVectorText(text, type, ctx);
  Type elem(type.elem, type.typmod);
  size_t i = 0;
  auto skip_space = [&] {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
  };
  skip_space();
  if (i < text.size() && text[i] == '[') {
    // Optional dimension decoration "[1:3]=": only lower bound 1 is supported.
    size_t eq = text.find('=', i);
    if (eq == std::string_view::npos) Malformed(text, "Missing \"=\" after array dimensions.");
    i = eq + 1;
    skip_space();
  }
  if (i >= text.size() || text[i] != '{') {
    Malformed(text, "Array value must start with \"{\" or dimension information.");
  }
  ++i;
  std::vector<Value> items;
  skip_space();
  if (i < text.size() && text[i] == '}') {
    ++i;
  } else {
    for (;;) {
      skip_space();
      if (i >= text.size()) Malformed(text, "Unexpected end of input.");
      if (text[i] == '{') {
        throw SqlError(sqlstate::kFeatureNotSupported, "multidimensional arrays are not supported");
      }
      std::string token;
      bool quoted = false;
      if (text[i] == '"') {
        quoted = true;
        ++i;
        for (;;) {
          if (i >= text.size()) Malformed(text, "Unexpected end of input.");
          char c = text[i++];
          if (c == '"') break;
          if (c == '\\') {
            if (i >= text.size()) Malformed(text, "Unexpected end of input.");
            c = text[i++];
          }
          token.push_back(c);
        }
        skip_space();
      } else {
        size_t last_nonspace = 0;
        while (i < text.size() && text[i] != ',' && text[i] != '}') {
          char c = text[i++];
          if (c == '"' || c == '{') Malformed(text, "Unexpected array element.");
          if (c == '\\') {
            if (i >= text.size()) Malformed(text, "Unexpected end of input.");
            c = text[i++];
            token.push_back(c);
            last_nonspace = token.size();
            continue;
          }
          token.push_back(c);
          if (!std::isspace(static_cast<unsigned char>(c))) last_nonspace = token.size();
        }
        token.resize(last_nonspace);
        if (token.empty()) Malformed(text, "Unexpected \",\" character.");
      }
      bool is_null = !quoted && token.size() == 4 &&
                     (token == "NULL" || token == "null" || token == "Null" ||
                      (std::tolower(token[0]) == 'n' && std::tolower(token[1]) == 'u' &&
                       std::tolower(token[2]) == 'l' && std::tolower(token[3]) == 'l'));
      items.push_back(is_null ? Value::Null(elem) : ParseValueText(token, elem, ctx));
      if (i >= text.size()) Malformed(text, "Unexpected end of input.");
      if (text[i] == ',') {
        ++i;
        continue;
      }
      if (text[i] == '}') {
        ++i;
        break;
      }
      Malformed(text, "Unexpected array element.");
    }
  }
  skip_space();
  if (i != text.size()) Malformed(text, "Junk after closing right brace.");
  Value v = Value::MakeArray(type.elem, std::move(items));
  return v.WithType(type);
}

}  // namespace firn
