// Generated columns: see generated_columns.h.
#include "sql/binder/generated_columns.h"

#include "common/sql_error.h"
#include "sql/binder/column_default.h"
#include "sql/binder/expr_binder.h"
#include "sql/binder/scope.h"
#include "sql/binder/table_checks.h"

namespace firn {
namespace {

// The functions over timestamptz PostgreSQL marks immutable: comparisons, the difference of
// two instants, and to_timestamp(seconds since the epoch).
bool ImmutableOverTimestampTz(const BoundExpr& call) {
  const std::string& name = call.function.fn->name;
  const std::vector<Type>& args = call.function.arg_types;
  if (name == "=" || name == "<>" || name == "<" || name == "<=" || name == ">" || name == ">=") {
    return true;
  }
  if (name == "-" && args.size() == 2) return args[1].id == TypeId::kTimestampTz;
  return name == "to_timestamp" && args.size() == 1;
}

// What makes an expression not immutable, as PostgreSQL marks its functions: volatile ones,
// the clock and the session, and most functions and casts over timestamptz (they read the
// session's time zone).
bool NotImmutable(const BoundExpr& e) {
  const TypeId tz = TypeId::kTimestampTz;
  if (e.kind == BoundExprKind::kFunction && e.function.fn) {
    const ScalarFunction& fn = *e.function.fn;
    if (fn.is_volatile || fn.reads_session || fn.name == "now" || fn.name == "current_date" ||
        fn.name == "clock_timestamp" || fn.name == "timeofday") {
      return true;
    }
    bool reads_tz = e.type.id == tz;
    for (const Type& t : e.function.arg_types) reads_tz = reads_tz || t.id == tz;
    if (reads_tz && !ImmutableOverTimestampTz(e)) return true;
  }
  if (e.kind == BoundExprKind::kCast && e.children.size() == 1 &&
      e.children[0]->kind != BoundExprKind::kConstant &&
      (e.type.id == tz) != (e.children[0]->type.id == tz)) {
    return true;
  }
  for (const BoundExprPtr& c : e.children) {
    if (c && NotImmutable(*c)) return true;
  }
  return e.else_expr && NotImmutable(*e.else_expr);
}

// The first reference in `e` to a generated column of `table`, or nullptr.
const BoundExpr* GeneratedReference(const BoundExpr& e, const TableInfo& table) {
  if (e.kind == BoundExprKind::kColumn && e.column >= 0 &&
      table.columns[static_cast<size_t>(e.column)].generated) {
    return &e;
  }
  for (const BoundExprPtr& c : e.children) {
    if (!c) continue;
    if (const BoundExpr* found = GeneratedReference(*c, table)) return found;
  }
  return e.else_expr ? GeneratedReference(*e.else_expr, table) : nullptr;
}

}  // namespace

BoundExprPtr BindGeneratedExpr(Binder& binder, const TableInfo& table, size_t column,
                               const std::string& expression, int text_location) {
  ast::ExprPtr parsed = ParseKeptExpression(expression, "a generation expression");
  Scope scope = TableRowScope(table);
  ExprBinder eb(binder, scope, "column generation expressions");
  eb.set_row_local("column generation expression", true);
  const ColumnInfo& target = table.columns[column];
  BoundExprPtr bound;
  try {
    bound = eb.Bind(*parsed);
  } catch (SqlError& error) {
    // A position in the kept text: into the statement, when it is there.
    error.set_position(text_location >= 0 && error.position() > kDefaultTextOffset
                           ? text_location + error.position() - kDefaultTextOffset
                           : 0);
    throw;
  }
  try {
    bound = Coerce(binder, bound, target.type, -1, true);
  } catch (SqlError& err) {
    if (err.sqlstate() != sqlstate::kDatatypeMismatch) throw;
    throw SqlError(sqlstate::kDatatypeMismatch,
                   "column \"" + target.name + "\" is of type " + target.type.Name() +
                       " but default expression is of type " + bound->type.Name())
        .WithHint("You will need to rewrite or cast the expression.");
  }
  if (const BoundExpr* other = GeneratedReference(*bound, table)) {
    int at = other->location;  // in "SELECT " + text
    throw SqlError(sqlstate::kInvalidObjectDefinition,
                   "cannot use generated column \"" +
                       table.columns[static_cast<size_t>(other->column)].name +
                       "\" in column generation expression")
        .WithDetail("A generated column cannot reference another generated column.")
        .WithPosition(text_location >= 0 && at >= kDefaultTextOffset
                          ? text_location + at - kDefaultTextOffset + 1
                          : 0);
  }
  if (NotImmutable(*bound)) {
    throw SqlError(sqlstate::kInvalidObjectDefinition, "generation expression is not immutable");
  }
  return bound;
}

std::vector<BoundGenerated> BindGeneratedColumns(Binder& binder, const TableInfo& table) {
  std::vector<BoundGenerated> out;
  for (size_t c = 0; c < table.columns.size(); c++) {
    if (!table.columns[c].generated) continue;
    out.push_back(
        {static_cast<int>(c), BindGeneratedExpr(binder, table, c, table.columns[c].default_expr)});
  }
  return out;
}

}  // namespace firn
