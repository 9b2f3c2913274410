// What the json function files share: the types, ->>'s text of a value, and 22023.
// Internal to src/exec/function/. Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>

#include "exec/function/function_registry.h"
#include "types/json.h"

namespace firn::function_internal {

inline constexpr Type kJsonT{TypeId::kJson};
inline constexpr Type kJsonbT{TypeId::kJsonb};

// ->> and #>> of jsonb: a string's contents, nothing (NULL) for null or no value, else the
// value's jsonb text.
std::optional<std::string> AsText(const JsonValue* v);

// A part of a json value as written (`found` false: there is none), as json or, with
// `as_text`, as ->> gives it.
std::optional<std::string> JsonPart(bool found, std::string part, bool as_text);

// 22023 with `message` ("cannot delete from scalar").
[[noreturn]] void Refuse(const char* message);

// json_builders.cc: to_json, the json_build_* functions and the rows of the set-returning
// functions.
void RegisterJsonBuilders(FunctionRegistry& r);

}  // namespace firn::function_internal
