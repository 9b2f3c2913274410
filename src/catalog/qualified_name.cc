#include "catalog/qualified_name.h"

namespace firn {

std::vector<std::string> SplitQualifiedName(const std::string& text) {
  std::vector<std::string> parts(1);
  bool quoted = false;
  for (size_t i = 0; i < text.size(); i++) {
    char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        parts.back() += '"';
        i++;
      } else if (c == '"') {
        quoted = false;
      } else {
        parts.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == '.') {
      parts.emplace_back();
    } else if (c != ' ') {
      parts.back() += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
  }
  return parts;
}

namespace {

// Whether an identifier must be quoted: not all lower-case letters, digits and _, starting
// with a letter or _, or a reserved word.
bool NeedsQuotes(const std::string& id) {
  static const char* const kReserved[] = {"all",          "analyse",
                                          "analyze",      "and",
                                          "any",          "array",
                                          "as",           "asc",
                                          "both",         "case",
                                          "cast",         "check",
                                          "collate",      "column",
                                          "constraint",   "create",
                                          "current_date", "current_role",
                                          "current_time", "current_timestamp",
                                          "current_user", "default",
                                          "deferrable",   "desc",
                                          "distinct",     "do",
                                          "else",         "end",
                                          "except",       "false",
                                          "fetch",        "for",
                                          "foreign",      "from",
                                          "grant",        "group",
                                          "having",       "in",
                                          "initially",    "intersect",
                                          "into",         "lateral",
                                          "leading",      "limit",
                                          "localtime",    "localtimestamp",
                                          "not",          "null",
                                          "offset",       "on",
                                          "only",         "or",
                                          "order",        "placing",
                                          "primary",      "references",
                                          "returning",    "select",
                                          "session_user", "some",
                                          "symmetric",    "table",
                                          "then",         "to",
                                          "trailing",     "true",
                                          "union",        "unique",
                                          "user",         "using",
                                          "variadic",     "when",
                                          "where",        "window",
                                          "with"};
  if (id.empty() || (id[0] >= '0' && id[0] <= '9')) return true;
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
              static_cast<unsigned char>(c) >= 0x80;
    if (!ok) return true;
  }
  for (const char* k : kReserved) {
    if (id == k) return true;
  }
  return false;
}

}  // namespace

std::string QuoteIdent(const std::string& id) {
  if (!NeedsQuotes(id)) return id;
  std::string out = "\"";
  for (char c : id) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace firn
