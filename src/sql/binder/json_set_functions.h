// The JSON set-returning functions (jsonb_array_elements[_text], jsonb_object_keys,
// jsonb_each[_text] and their json forms). Each output column is unnest over an array a
// firn_-prefixed scalar builds from the argument (exec/function/json_builders.cc), so a
// select list runs them in its ProjectSet, and a FROM item as a ProjectSet over the items
// before it: their arguments may read those items, as PostgreSQL's functions in FROM may.
// Thread-safety: stateless.
#pragma once

#include <string>
#include <vector>

#include "sql/binder/binder.h"

namespace firn {

// One output column: its name in FROM and the scalar building its rows.
struct JsonSetColumn {
  const char* name;     // nullptr: the function's name (or the item's alias)
  const char* builder;  // the firn_ scalar
};

// The function's columns; empty when `name` is not a JSON set-returning function.
std::vector<JsonSetColumn> JsonSetColumns(const std::string& name);

// firn_<builder>(args), an array of the column's rows. Resolution errors name `function`
// (42883 "function jsonb_each(integer) does not exist").
BoundExprPtr BindJsonSetRows(Binder& binder, const std::string& function, const char* builder,
                             std::vector<BoundExprPtr> args, int location);

}  // namespace firn
