// Column defaults: see column_default.h.
#include "sql/binder/column_default.h"

#include "common/sql_error.h"
#include "sql/binder/expr_binder.h"
#include "sql/binder/scope.h"
#include "sql/parser/parser.h"

namespace firn {

BoundExprPtr BindDefaultExpr(Binder& binder, const ast::Expr& expr, const ColumnInfo& column) {
  Scope none;
  ExprBinder eb(binder, none, "DEFAULT expressions");
  eb.set_row_local("DEFAULT expression", false);
  BoundExprPtr bound = eb.Bind(expr);
  try {
    return Coerce(binder, bound, column.type, expr.location, true);
  } catch (SqlError& err) {
    if (err.sqlstate() != sqlstate::kDatatypeMismatch) throw;
    throw SqlError(sqlstate::kDatatypeMismatch,
                   "column \"" + column.name + "\" is of type " + column.type.Name() +
                       " but default expression is of type " + bound->type.Name())
        .WithHint("You will need to rewrite or cast the expression.");
  }
}

BoundExprPtr BindColumnDefault(Binder& binder, const ColumnInfo& column) {
  // A generated column's value is computed after the row is built (generated_columns.h).
  if (column.default_expr.empty() || column.generated) {
    return MakeConstant(Value::Null(column.type));
  }
  ast::ExprPtr expr = ParseDefaultText(column.default_expr);
  return BindDefaultExpr(binder, *expr, column);
}

ast::ExprPtr ParseDefaultText(const std::string& text) {
  std::vector<ast::StatementPtr> statements;
  try {
    statements = ParseSql("SELECT " + text);  // kDefaultTextOffset
  } catch (const SqlError&) {
    statements.clear();
  }
  if (statements.size() == 1 && statements[0]->kind == ast::StatementKind::kSelect) {
    ast::SelectStmt& select = *statements[0]->select;
    if (select.targets.size() == 1 && select.from.empty() && select.values.empty() &&
        select.op == ast::SetOpKind::kNone && !select.where && select.group_by.empty()) {
      return std::move(select.targets[0].expr);
    }
  }
  throw SqlError(sqlstate::kInternalError,
                 "a column's DEFAULT text is not one expression: " + text);
}

}  // namespace firn
