// The per-family registration entry points the FunctionRegistry constructor calls. Each
// family lives in its own .cc file under src/exec/function/.
// Internal to src/exec/function/. Thread-safety: called only while constructing a registry.
#pragma once

#include "exec/function/function_registry.h"

namespace firn::function_internal {

void RegisterArithmeticOperators(FunctionRegistry& r);  // arithmetic_operators.cc
void RegisterComparisonOperators(FunctionRegistry& r);  // comparison_operators.cc
void RegisterStringFunctions(FunctionRegistry& r);      // string_functions.cc
void RegisterTextFunctions(FunctionRegistry& r);        // text_functions.cc
void RegisterLikeOperators(FunctionRegistry& r);        // like_operators.cc
void RegisterMathFunctions(FunctionRegistry& r);        // math_functions.cc
void RegisterDatetimeOperators(FunctionRegistry& r);    // datetime_operators.cc
void RegisterDatetimeFunctions(FunctionRegistry& r);    // datetime_functions.cc
void RegisterTimezoneFunctions(FunctionRegistry& r);    // timezone_functions.cc
void RegisterArrayFunctions(FunctionRegistry& r);       // array_functions.cc
void RegisterCatalogFunctions(FunctionRegistry& r);     // catalog_functions.cc
void RegisterSequenceFunctions(FunctionRegistry& r);    // sequence_functions.cc
void RegisterUuidFunctions(FunctionRegistry& r);        // uuid_functions.cc
void RegisterJsonFunctions(FunctionRegistry& r);        // json_functions.cc, json_builders.cc

// Element functions shared between families.
double Float8Power(double x, double y);  // arithmetic_operators.cc; '^' and power()

}  // namespace firn::function_internal
