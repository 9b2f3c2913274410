// Table checks: see table_checks.h.
#include "sql/binder/table_checks.h"

#include <algorithm>

#include "common/sql_error.h"
#include "sql/binder/column_default.h"
#include "sql/binder/expr_binder.h"
#include "sql/binder/scope.h"

namespace firn {
namespace {

void CollectColumns(const BoundExpr& e, std::vector<int>* out) {
  if (e.kind == BoundExprKind::kColumn) out->push_back(e.column);
  for (const BoundExprPtr& child : e.children) {
    if (child) CollectColumns(*child, out);
  }
  if (e.else_expr) CollectColumns(*e.else_expr, out);
}

}  // namespace

std::vector<int> ColumnsRead(const BoundExpr& e) {
  std::vector<int> columns;
  CollectColumns(e, &columns);
  std::sort(columns.begin(), columns.end());
  columns.erase(std::unique(columns.begin(), columns.end()), columns.end());
  return columns;
}

Scope TableRowScope(const TableInfo& table, const std::string& alias) {
  Scope scope;
  ScopeEntry entry;
  entry.alias = alias.empty() ? table.name : alias;
  entry.table_oid = table.oid;
  for (const ColumnInfo& c : table.columns) {
    entry.columns.push_back(c.name);
    entry.types.push_back(c.type);
  }
  scope.Add(entry);
  return scope;
}

ast::ExprPtr ParseKeptExpression(const std::string& text, const char* what) {
  try {
    return ParseDefaultText(text);
  } catch (const SqlError&) {
    throw SqlError(sqlstate::kSyntaxError, std::string(what) + " is not one expression: " + text);
  }
}

BoundExprPtr BindCheckExpr(Binder& binder, const TableInfo& table, const std::string& expression,
                           std::vector<int>* columns) {
  ast::ExprPtr parsed = ParseKeptExpression(expression, "a CHECK constraint's expression");
  Scope scope = TableRowScope(table);
  ExprBinder eb(binder, scope, "check constraints");
  eb.set_row_local("check constraint", true);
  BoundExprPtr bound;
  try {
    bound = eb.Bind(*parsed);
    if (bound->type.id == TypeId::kUnknown)
      bound = Coerce(binder, bound, Type(TypeId::kBool), parsed->location);
  } catch (SqlError& error) {
    error.set_position(0);  // a position in the kept text, not in the statement sent
    throw;
  }
  if (bound->type.id != TypeId::kBool) {
    throw SqlError(sqlstate::kDatatypeMismatch,
                   "argument of CHECK must be type boolean, not type " + bound->type.Name());
  }
  if (columns != nullptr) *columns = ColumnsRead(*bound);
  return bound;
}

std::vector<BoundCheck> BindTableChecks(Binder& binder, const TableInfo& table) {
  std::vector<BoundCheck> out;
  for (const CheckConstraint& check : table.checks) {
    out.push_back({check.name, BindCheckExpr(binder, table, check.expression)});
  }
  return out;
}

std::string ChooseCheckName(const TableInfo& table, const std::string& first_column,
                            const std::vector<std::string>& taken) {
  for (int pass = 0;; pass++) {
    std::string name = MakeObjectName(table.name, first_column,
                                      pass == 0 ? "check" : "check" + std::to_string(pass));
    if (std::find(taken.begin(), taken.end(), name) == taken.end()) return name;
  }
}

}  // namespace firn
