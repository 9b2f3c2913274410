// Type-coercion facts that overload resolution needs: implicit castability (pg_cast entries
// with castcontext 'i', plus array coercion), type categories and preferred types, and
// PostgreSQL's select_common_type for anycompatible arguments.
// Internal to src/exec/function/. Thread-safety: pure functions.
#pragma once

#include <optional>
#include <vector>

#include "types/type.h"

namespace firn::function_internal {

// True if a value of `from` may be cast to `to` implicitly (identity included). `from` may be
// kUnknown (an untyped literal), which coerces to anything. Neither may be a placeholder.
bool CanCoerceImplicitly(const Type& from, const Type& to);

// pg_type.typcategory of a concrete type ('X' for unknown, 'P' for placeholders).
char CategoryOf(const Type& t);
// pg_type.typispreferred.
bool IsPreferred(const Type& t);

// PostgreSQL's select_common_type over the non-unknown types: nullopt when two types are in
// different categories; text when every input is unknown.
std::optional<Type> CommonType(const std::vector<Type>& types);

}  // namespace firn::function_internal
