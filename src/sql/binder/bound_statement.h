// BoundStatement: a statement after name resolution and type checking — a plan for
// queries and DML, the resolved target for DDL — ready to execute any number of times.
// Thread-safety: immutable after binding.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "engine/result_sink.h"
#include "exec/plan.h"
#include "sql/parser/ast.h"

namespace firn {

struct BoundQuery {
  PlanPtr plan;
  std::vector<std::string> names;
  std::vector<Type> types;
  // Source table/column per output column, for RowDescription (0 = none).
  std::vector<uint32_t> table_oids;
  std::vector<int16_t> column_numbers;
};

// INSERT ... ON CONFLICT: its target as written (the engine picks the unique indexes it
// names when the statement runs) and, for DO UPDATE, the new version of a row and the WHERE,
// both over [the existing row's columns..., the proposed (EXCLUDED) row's columns...].
struct BoundOnConflict {
  std::vector<std::string> columns;
  std::string constraint;
  int location = -1;
  bool do_update = false;
  std::vector<BoundExprPtr> update_row;  // one per table column
  BoundExprPtr update_where;             // nullptr: none
};

// A CHECK constraint of the table a statement writes (sql/binder/table_checks.h).
struct BoundCheck {
  std::string name;
  BoundExprPtr condition;  // boolean, over the table's columns in order
};

// A generated column of the table a statement writes (sql/binder/generated_columns.h).
struct BoundGenerated {
  int column = -1;
  BoundExprPtr value;  // of the column's type, over the table's columns in order
};

struct BoundStatement {
  ast::StatementKind kind;
  std::shared_ptr<const ast::Statement> ast;  // for statements executed from their syntax
  std::vector<ColumnDescription> columns;     // result columns (empty: no rows)
  std::vector<PlanPtr> ctes;

  // SELECT / EXPLAIN / COPY (query) TO: the query. INSERT: the rows to insert, already in
  // the table's column order and types. DELETE: a scan producing row ids (last column)
  // plus the RETURNING inputs.
  BoundQuery query;

  std::shared_ptr<const TableInfo> table;      // INSERT / DELETE / COPY table
  std::optional<BoundOnConflict> on_conflict;  // INSERT ... ON CONFLICT
  std::vector<BoundExprPtr> returning;         // over the table's columns (+ row id for DELETE)
  std::vector<int> copy_columns;               // COPY table (cols): table column indexes
  // COPY FROM: per table column, its DEFAULT when the column list leaves it out and it has
  // one; nullptr otherwise (the column is NULL or filled from the input).
  std::vector<BoundExprPtr> copy_defaults;
  // INSERT / UPDATE / COPY FROM: the table's CHECK constraints, over its row.
  std::vector<BoundCheck> checks;
  // INSERT / UPDATE / COPY FROM: the table's generated columns, computed before the checks.
  std::vector<BoundGenerated> generated;
};

}  // namespace firn
