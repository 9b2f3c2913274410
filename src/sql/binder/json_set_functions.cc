// The JSON set-returning functions as unnest over arrays.
// Thread-safety: stateless.
#include "sql/binder/json_set_functions.h"

#include "common/sql_error.h"
#include "exec/function/function_registry.h"
#include "sql/binder/expr_binder.h"

namespace firn {

std::vector<JsonSetColumn> JsonSetColumns(const std::string& name) {
  struct Function {
    const char* name;
    std::vector<JsonSetColumn> columns;
  };
  static const Function kFunctions[] = {
      {"jsonb_array_elements", {{"value", "firn_jsonb_array_elements"}}},
      {"jsonb_array_elements_text", {{"value", "firn_jsonb_array_elements_text"}}},
      {"json_array_elements", {{"value", "firn_json_array_elements"}}},
      {"json_array_elements_text", {{"value", "firn_json_array_elements_text"}}},
      {"jsonb_object_keys", {{nullptr, "firn_jsonb_object_keys"}}},
      {"json_object_keys", {{nullptr, "firn_json_object_keys"}}},
      {"jsonb_each", {{"key", "firn_jsonb_each_keys"}, {"value", "firn_jsonb_each_values"}}},
      {"jsonb_each_text",
       {{"key", "firn_jsonb_each_text_keys"}, {"value", "firn_jsonb_each_text_values"}}},
      {"json_each", {{"key", "firn_json_each_keys"}, {"value", "firn_json_each_values"}}},
      {"json_each_text",
       {{"key", "firn_json_each_text_keys"}, {"value", "firn_json_each_text_values"}}},
  };
  for (const Function& f : kFunctions) {
    if (name == f.name) return f.columns;
  }
  return {};
}

BoundExprPtr BindJsonSetRows(Binder& binder, const std::string& function, const char* builder,
                             std::vector<BoundExprPtr> args, int location) {
  std::vector<Type> types;
  for (const BoundExprPtr& a : args) types.push_back(a->type);
  ResolvedFunction rows;
  try {
    rows = binder.context().functions->ResolveFunction(builder, types);
  } catch (const SqlError& err) {
    std::string signature;
    for (size_t i = 0; i < types.size(); i++) signature += (i ? ", " : "") + types[i].Name();
    throw SqlError(err.sqlstate(), "function " + function + "(" + signature + ") does not exist")
        .WithHint(err.hint())
        .WithPosition(location + 1);
  }
  return MakeCall(binder, rows, std::move(args), location);
}

}  // namespace firn
