// Set-returning functions as FROM items: unnest and the JSON ones (json_set_functions.h).
// Each is a ProjectSet over the items before it, so its arguments may read them: PostgreSQL's
// functions in FROM are implicitly LATERAL (FROM events e, unnest(e.tags) tag).
// Thread-safety: used by one Binder.
#include "common/sql_error.h"
#include "sql/binder/expr_binder.h"
#include "sql/binder/json_set_functions.h"
#include "sql/binder/select_binder.h"

namespace firn {

PlanPtr SelectBinder::BindSetFunctionItem(const ast::TableRef& ref, PlanPtr left,
                                          const Scope& left_scope, Scope& item) {
  if (ref.kind != ast::TableRefKind::kFunction) return nullptr;
  const ast::Expr& call = *ref.function;
  const std::string& name = call.names.back();
  std::vector<JsonSetColumn> columns = JsonSetColumns(name);
  bool unnest = name == "unnest";
  if (columns.empty() && !unnest) return nullptr;
  if (unnest) columns.push_back({nullptr, nullptr});
  if (!left) {
    auto one_row = std::make_shared<PlanNode>(PlanKind::kValues);
    one_row->rows.push_back({});
    left = one_row;
  }
  ExprBinder eb(binder_, left_scope, "functions in FROM");
  std::vector<BoundExprPtr> args;
  for (const auto& a : call.args) args.push_back(eb.Bind(*a));

  auto p = std::make_shared<PlanNode>(PlanKind::kProjectSet);
  p->types = left->types;
  p->children.push_back(left);
  ScopeEntry entry;
  entry.alias = ref.alias.empty() ? name : ref.alias;
  if (unnest && (args.size() != 1 || !args[0]->type.IsArray())) {
    ThrowAt(sqlstate::kUndefinedFunction,
            "function unnest(" + (args.empty() ? std::string() : args[0]->type.Name()) +
                ") does not exist",
            call.location);
  }
  for (const JsonSetColumn& c : columns) {
    BoundExprPtr rows =
        unnest ? args[0] : BindJsonSetRows(binder_, name, c.builder, args, call.location);
    Type type = rows->type.ElementType();
    p->set_functions.push_back("unnest");
    p->set_function_args.push_back({rows});
    p->types.push_back(type);
    entry.columns.push_back(c.name ? c.name : entry.alias);
    entry.types.push_back(type);
  }
  if (ref.with_ordinality) {  // 1, 2, ... beside the rows: the first column's subscripts
    const BoundExprPtr& rows = p->set_function_args[0][0];
    p->set_functions.push_back("generate_subscripts");
    p->set_function_args.push_back({rows, MakeConstant(Value::Int4(1))});
    p->types.push_back(Type(TypeId::kInt8));
    entry.columns.push_back("ordinality");
    entry.types.push_back(Type(TypeId::kInt8));
  }
  for (size_t i = 0; i < ref.column_aliases.size() && i < entry.columns.size(); i++) {
    entry.columns[i] = ref.column_aliases[i];
  }
  if (columns.size() == 1 && !ref.alias.empty() && entry.columns[0] != ref.alias) {
    // FROM jsonb_array_elements(j) e: `e` alone names the value too (PostgreSQL's whole-row
    // reference to a one-column function), though * shows only `value`.
    p->set_functions.push_back("unnest");
    p->set_function_args.push_back(p->set_function_args[0]);
    p->types.push_back(entry.types[0]);
    entry.columns.push_back(ref.alias);
    entry.types.push_back(entry.types[0]);
    entry.pseudo.assign(entry.columns.size(), false);
    entry.pseudo.back() = true;
  }
  item.Add(std::move(entry));
  return p;
}

}  // namespace firn
