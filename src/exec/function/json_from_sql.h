// SQL values as JSON text, as PostgreSQL's to_json (datum_to_json) writes them: numbers and
// booleans bare (NaN and infinities quoted), json and jsonb as they are, dates and timestamps
// as quoted ISO 8601 ("2026-01-15T10:00:00+00:00"), arrays as JSON arrays, anything else as
// the quoted text of its output function. Shared by to_json, the json_build_* functions and
// the json aggregates (exec/aggregate.cc).
// Thread-safety: pure functions.
#pragma once

#include <string>

#include "exec/function/function.h"
#include "types/value.h"

namespace firn {

// Appends `v` as JSON to *out (NULL as null).
void AppendSqlAsJson(const Value& v, const EvalContext& ctx, std::string* out);

// The text `v` names an object key with (json_build_object's keys: a timestamp as in JSON,
// unquoted); 22023 for NULL, arrays, json and jsonb (`argument` is 1-based, for the message,
// which differs between json and jsonb as in PostgreSQL).
std::string JsonKeyText(const Value& v, const EvalContext& ctx, size_t argument, bool jsonb);

}  // namespace firn
