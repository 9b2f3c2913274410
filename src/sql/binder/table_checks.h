// Table checks: a table's CHECK constraints bound over its row, for the statements that
// write rows (INSERT, UPDATE, ON CONFLICT DO UPDATE, COPY FROM) to evaluate on each row
// they write. The catalog keeps each expression as written (CheckConstraint::expression);
// it is parsed and bound again here, with PostgreSQL's rules for CHECK expressions.
// Thread-safety: as Binder.
#pragma once

#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "exec/expression.h"
#include "sql/binder/binder.h"
#include "sql/binder/scope.h"

namespace firn {

// Binds `expression`, the text of a CHECK on `table`: 42601 when it is not one expression,
// 42703 for an unknown column, 0A000 for a subquery, 42803 / 42P20 / 0A000 for aggregate,
// window and set-returning functions, 42804 when it is not boolean. `columns`, when given,
// gets the table columns it reads (ascending, each once).
BoundExprPtr BindCheckExpr(Binder& binder, const TableInfo& table, const std::string& expression,
                           std::vector<int>* columns = nullptr);

// A scope of `table`'s row, its columns in order, named `alias` (the table's name when empty):
// what a CHECK or a generation expression reads, and UPDATE's and DELETE's WHERE.
Scope TableRowScope(const TableInfo& table, const std::string& alias = "");

// An expression kept in the catalog as text (a CHECK's, a generation expression's), parsed
// again; 42601 naming `what` when the text is not one expression.
ast::ExprPtr ParseKeptExpression(const std::string& text, const char* what);

// The input columns `e` reads (ascending, each once).
std::vector<int> ColumnsRead(const BoundExpr& e);

// All of `table`'s checks, in the order they were made.
std::vector<BoundCheck> BindTableChecks(Binder& binder, const TableInfo& table);

// The check's name PostgreSQL would choose: <table>_<column>_check for a column constraint
// or one reading columns (the first it names), else <table>_check, numbered 1, 2, ... past
// the names `taken`.
std::string ChooseCheckName(const TableInfo& table, const std::string& first_column,
                            const std::vector<std::string>& taken);

}  // namespace firn
