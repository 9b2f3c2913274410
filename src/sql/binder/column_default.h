// Column defaults: a column's DEFAULT expression, bound as CREATE TABLE checks it and as
// INSERT (columns left out, DEFAULT in VALUES, DEFAULT VALUES), UPDATE ... SET c = DEFAULT
// and COPY (columns left out) evaluate it: once per row, with an assignment cast to the
// column's type. The catalog keeps the expression as SQL text (ColumnInfo::default_expr).
#pragma once

#include <string>

#include "catalog/catalog.h"
#include "sql/binder/binder.h"
#include "sql/binder/bound_statement.h"
#include "sql/parser/ast.h"

namespace firn {

// Binds `expr`, the DEFAULT of `column`, with PostgreSQL's rules and errors: 0A000 for a
// column reference or a subquery, 42803 / 42P20 / 0A000 for aggregate, window and
// set-returning functions, 42804 when its type has no assignment cast to the column's.
BoundExprPtr BindDefaultExpr(Binder& binder, const ast::Expr& expr, const ColumnInfo& column);

// The value a new row gets for `column` when it names none: its DEFAULT, or NULL.
BoundExprPtr BindColumnDefault(Binder& binder, const ColumnInfo& column);

// A DEFAULT's stored text as an expression. Throws XX000 if the text is not one expression.
// Its locations count from kDefaultTextOffset before the text (it is parsed in a SELECT).
ast::ExprPtr ParseDefaultText(const std::string& text);
inline constexpr int kDefaultTextOffset = 7;  // "SELECT "

}  // namespace firn
