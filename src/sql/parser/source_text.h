// Source text: slices of a statement's SQL text that Firn keeps as written, because it
// stores no PostgreSQL expression trees. A column's DEFAULT is kept as its expression's
// text and parsed again wherever it is used (INSERT, UPDATE, COPY, pg_attrdef); a view's
// query likewise, wherever the view is named.
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace firn::pgtransform {

// The expression of the column constraint `[CONSTRAINT name] DEFAULT expr` that starts at
// byte `start` of `sql`: the text from the expression's first token to its last, ending
// before a comma or closing parenthesis at its own nesting level, before byte `limit` (where
// the column's next constraint starts), or at the end of the statement. Comments between
// the tokens are kept; around them they are not. Empty if `start` does not begin such a
// constraint.
std::string DefaultExpressionText(std::string_view sql, size_t start, size_t limit);

// The expression of the constraint `[CONSTRAINT name] CHECK (expr)` that starts at byte
// `start` of `sql`: the text between the parentheses, without the blanks at either end.
// Empty if `start` does not begin such a constraint.
std::string CheckExpressionText(std::string_view sql, size_t start);

// The expression of the column constraint `[CONSTRAINT name] GENERATED ALWAYS AS (expr)
// STORED` that starts at byte `start` of `sql`: the text between the parentheses, without
// the blanks at either end, and in `offset` where it starts. Empty if `start` does not begin
// such a constraint.
std::string GeneratedExpressionText(std::string_view sql, size_t start, size_t* offset);

// The expression of `SET DEFAULT expr` in the command numbered `command` (from 0) of the
// ALTER TABLE whose relation name starts at byte `start` of `sql` (commands are separated
// by commas outside brackets). Empty if that command has no SET DEFAULT.
std::string AlterDefaultText(std::string_view sql, size_t start, size_t command);

// The query of `CREATE VIEW name [(columns)] [WITH (...)] AS query` whose name starts at byte
// `start` of `sql`: from the first token after the AS outside brackets to the last token
// before a semicolon outside brackets or the end of the text. Empty if there is no AS.
std::string ViewQueryText(std::string_view sql, size_t start);

}  // namespace firn::pgtransform
