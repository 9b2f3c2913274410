// POSIX regular-expression match operators ~, !~, ~*, !~* on text, name and bpchar.
// PostgreSQL's patterns are "advanced regular expressions"; Firn translates the subset
// clients send (anchors, alternation, groups, bracket classes including [[:alpha:]],
// quantifiers, the escapes \d \s \w \m \M \y \Y \A \Z) to std::regex ECMAScript. Invalid
// patterns raise 2201B as PostgreSQL does.
// Internal to src/exec/function/. Thread-safety: stateless; each kernel call compiles its
// own patterns.
#pragma once

#include <regex>
#include <string>

#include "exec/function/function_registry.h"

namespace firn::function_internal {

// Compiles a PostgreSQL regular expression; 2201B when it is invalid.
std::regex CompilePgRegex(const std::string& pattern, bool case_insensitive);

void RegisterRegexOperators(FunctionRegistry& r);  // regex_operators.cc

}  // namespace firn::function_internal
