// Generated columns: `GENERATED ALWAYS AS (expr) STORED`, a column whose value every row
// computes from the row's other columns when it is written (INSERT, UPDATE, ON CONFLICT DO
// UPDATE, COPY FROM), after DEFAULTs and before NOT NULL and CHECK. The catalog keeps the
// expression as written (ColumnInfo::default_expr with ColumnInfo::generated, as PostgreSQL
// keeps it in pg_attrdef); it is parsed and bound again here.
// Thread-safety: as Binder.
#pragma once

#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "sql/binder/binder.h"
#include "sql/binder/bound_statement.h"

namespace firn {

// Binds `expression`, the generation expression of column `column` of `table`, over the
// table's row with an assignment cast to the column's type, with PostgreSQL's errors:
// 42P17 when it reads a generated column (itself included) or is not immutable (volatile
// functions, the clock, the session, time zone dependent timestamptz arithmetic and casts),
// 0A000 for a subquery, 42803 / 42P20 / 0A000 for aggregate, window and set-returning
// functions, 42804 when no assignment cast reaches the column's type.
// `text_location`: where the text starts in the statement being run (CREATE TABLE), so that
// errors point into it; -1 when the text is the catalog's (errors then have no position).
BoundExprPtr BindGeneratedExpr(Binder& binder, const TableInfo& table, size_t column,
                               const std::string& expression, int text_location = -1);

// Every generated column of `table`, in column order.
std::vector<BoundGenerated> BindGeneratedColumns(Binder& binder, const TableInfo& table);

}  // namespace firn
