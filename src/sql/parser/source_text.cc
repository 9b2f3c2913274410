// Source text: see source_text.h. A small lexer that knows just enough of PostgreSQL's
// token rules to find where an expression ends: strings ('...', E'...' with backslash
// escapes, $tag$...$tag$), quoted identifiers, comments (nested /* */) and brackets.
#include "sql/parser/source_text.h"

#include <cctype>

namespace firn::pgtransform {
namespace {

bool IsWordChar(char c) {
  auto u = static_cast<unsigned char>(c);
  return std::isalnum(u) != 0 || c == '_' || c == '$' || u >= 0x80;
}

class Lexer {
 public:
  Lexer(std::string_view sql, size_t pos) : sql_(sql), pos_(pos) {}

  // Skips blanks and comments; false at the end of the text.
  bool SkipBlanks() {
    const size_t n = sql_.size();
    while (pos_ < n) {
      char c = sql_[pos_];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
        ++pos_;
      } else if (c == '-' && pos_ + 1 < n && sql_[pos_ + 1] == '-') {
        while (pos_ < n && sql_[pos_] != '\n') ++pos_;
      } else if (c == '/' && pos_ + 1 < n && sql_[pos_ + 1] == '*') {
        int depth = 0;
        while (pos_ < n) {
          if (sql_.compare(pos_, 2, "/*") == 0) {
            ++depth;
            pos_ += 2;
          } else if (sql_.compare(pos_, 2, "*/") == 0) {
            pos_ += 2;
            if (--depth == 0) break;
          } else {
            ++pos_;
          }
        }
      } else {
        return true;
      }
    }
    return false;
  }

  // Moves past the token at the current position (REQUIRES: SkipBlanks() was true).
  void SkipToken() {
    const size_t n = sql_.size();
    char c = sql_[pos_];
    if (c == '\'') {
      bool backslashes = pos_ > 0 && (sql_[pos_ - 1] == 'e' || sql_[pos_ - 1] == 'E');
      SkipQuoted('\'', backslashes);
    } else if (c == '"') {
      SkipQuoted('"', false);
    } else if (c == '$' && DollarQuote()) {
      return;
    } else if (IsWordChar(c)) {
      while (pos_ < n && IsWordChar(sql_[pos_])) ++pos_;
    } else {
      ++pos_;  // an operator character or a bracket: one at a time is enough here
    }
  }

  // The word at the current position, lower-cased ("" if it is not a word).
  std::string Word() const {
    std::string word;
    for (size_t i = pos_; i < sql_.size() && IsWordChar(sql_[i]); ++i) {
      word += static_cast<char>(std::tolower(static_cast<unsigned char>(sql_[i])));
    }
    return word;
  }

  size_t pos() const { return pos_; }
  char peek() const { return sql_[pos_]; }

 private:
  void SkipQuoted(char quote, bool backslashes) {
    const size_t n = sql_.size();
    ++pos_;
    while (pos_ < n) {
      char c = sql_[pos_++];
      if (backslashes && c == '\\') {
        ++pos_;
      } else if (c == quote) {
        if (pos_ < n && sql_[pos_] == quote) {
          ++pos_;  // a doubled quote
        } else {
          return;
        }
      }
    }
  }

  // $tag$ ... $tag$; false (nothing consumed) when `$` does not open one.
  bool DollarQuote() {
    size_t end = pos_ + 1;
    while (end < sql_.size() && sql_[end] != '$' &&
           (std::isalnum(static_cast<unsigned char>(sql_[end])) != 0 || sql_[end] == '_')) {
      ++end;
    }
    if (end >= sql_.size() || sql_[end] != '$') return false;
    std::string_view tag = sql_.substr(pos_, end - pos_ + 1);
    size_t close = sql_.find(tag, end + 1);
    pos_ = close == std::string_view::npos ? sql_.size() : close + tag.size();
    return true;
  }

  std::string_view sql_;
  size_t pos_;
};

// From the lexer's position: the expression's text up to a comma, closing parenthesis or
// semicolon outside brackets, or byte `limit`.
std::string ExpressionText(std::string_view sql, Lexer& lex, size_t limit) {
  if (!lex.SkipBlanks()) return "";
  const size_t first = lex.pos();
  size_t last = first;  // the end of the last token taken
  int depth = 0;
  while (lex.SkipBlanks() && lex.pos() < limit) {
    char c = lex.peek();
    if (depth == 0 && (c == ',' || c == ')' || c == ';')) break;
    if (c == '(' || c == '[') ++depth;
    if ((c == ')' || c == ']') && depth > 0) --depth;
    lex.SkipToken();
    last = lex.pos();
  }
  return std::string(sql.substr(first, last - first));
}

// Moves the lexer past `[CONSTRAINT name] keyword` at `start`; false if that is not there.
bool SkipConstraintStart(std::string_view sql, size_t start, const char* keyword, Lexer& lex) {
  if (start >= sql.size() || !lex.SkipBlanks()) return false;
  if (lex.Word() == "constraint") {
    lex.SkipToken();
    if (!lex.SkipBlanks()) return false;
    lex.SkipToken();  // the constraint's name
    if (!lex.SkipBlanks()) return false;
  }
  if (lex.Word() != keyword) return false;
  lex.SkipToken();
  return true;
}

}  // namespace

std::string DefaultExpressionText(std::string_view sql, size_t start, size_t limit) {
  Lexer lex(sql, start);
  if (!SkipConstraintStart(sql, start, "default", lex)) return "";
  return ExpressionText(sql, lex, limit);
}

std::string CheckExpressionText(std::string_view sql, size_t start) {
  Lexer lex(sql, start);
  if (!SkipConstraintStart(sql, start, "check", lex)) return "";
  if (!lex.SkipBlanks() || lex.peek() != '(') return "";
  lex.SkipToken();
  std::string text = ExpressionText(sql, lex, std::string_view::npos);
  if (!lex.SkipBlanks() || lex.peek() != ')') return "";
  return text;
}

std::string GeneratedExpressionText(std::string_view sql, size_t start, size_t* offset) {
  Lexer lex(sql, start);
  if (!SkipConstraintStart(sql, start, "generated", lex)) return "";
  for (const char* word : {"always", "as"}) {
    if (!lex.SkipBlanks() || lex.Word() != word) return "";
    lex.SkipToken();
  }
  if (!lex.SkipBlanks() || lex.peek() != '(') return "";
  lex.SkipToken();
  if (lex.SkipBlanks()) *offset = lex.pos();
  std::string text = ExpressionText(sql, lex, std::string_view::npos);
  if (!lex.SkipBlanks() || lex.peek() != ')') return "";
  return text;
}

std::string AlterDefaultText(std::string_view sql, size_t start, size_t command) {
  if (start >= sql.size()) return "";
  Lexer lex(sql, start);
  int depth = 0;
  size_t at = 0;  // the command the lexer is in
  std::string previous;
  while (lex.SkipBlanks()) {
    char c = lex.peek();
    if (depth == 0 && c == ';') break;
    if (depth == 0 && c == ',') {
      ++at;
      lex.SkipToken();
      previous.clear();
      continue;
    }
    if (c == '(' || c == '[') ++depth;
    if ((c == ')' || c == ']') && depth > 0) --depth;
    std::string word = lex.Word();
    lex.SkipToken();
    if (at == command && depth == 0 && previous == "set" && word == "default") {
      return ExpressionText(sql, lex, std::string_view::npos);
    }
    if (at > command) break;
    previous = word;
  }
  return "";
}

std::string ViewQueryText(std::string_view sql, size_t start) {
  if (start >= sql.size()) return "";
  Lexer lex(sql, start);
  int depth = 0;
  while (lex.SkipBlanks()) {
    char c = lex.peek();
    if (depth == 0 && c == ';') return "";
    if (c == '(' || c == '[') ++depth;
    if ((c == ')' || c == ']') && depth > 0) --depth;
    const bool as = depth == 0 && lex.Word() == "as";
    lex.SkipToken();
    if (as) break;
  }
  if (!lex.SkipBlanks()) return "";
  const size_t first = lex.pos();
  size_t last = first;
  depth = 0;
  while (lex.SkipBlanks()) {
    char c = lex.peek();
    if (depth == 0 && c == ';') break;
    if (c == '(' || c == '[') ++depth;
    if ((c == ')' || c == ']') && depth > 0) --depth;
    lex.SkipToken();
    last = lex.pos();
  }
  return std::string(sql.substr(first, last - first));
}

}  // namespace firn::pgtransform
