// Scalar functions and operators: the descriptor the FunctionRegistry stores, the per-statement
// EvalContext and the vectorized calling convention. Every implementation is a plain function
// pointer that loops over whole Vectors; there is no per-row dispatch.
//
// Polymorphic parameters. Firn's TypeId has no pseudo-types, so a placeholder is
// Type(TypeId::kUnknown) carrying a negative marker typmod (a real "unknown" argument always
// has typmod -1). They behave like PostgreSQL's pseudo-types of the same names:
//   kAnyElement         any type; all kAnyElement/kAnyArray positions must agree
//   kAnyArray           any array; its element type is the kAnyElement type
//   kAnyNonArray        like kAnyElement but must not be an array
//   kAnyCompatible      any type; all kAnyCompatible/kAnyCompatibleArray positions are
//                       promoted to one common type (implicit casts, like CASE/UNION)
//   kAnyCompatibleArray an array of that common type
//   kAnyType            PostgreSQL's "any": anything, no consistency check, no cast
// ResolvedFunction::arg_types and return_type never contain placeholders: they are the
// concrete types the binder must cast each argument to: an unknown literal bound to kAnyType
// or to an all-unknown anycompatible group becomes text; an all-unknown anyelement/anyarray
// group is 42804 "could not determine polymorphic type ...", as in PostgreSQL.
//
// Thread-safety: ScalarFunction descriptors are immutable once registered; EvalContext belongs
// to one executing statement.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "types/type.h"
#include "types/vector.h"

namespace firn {

class TimeZone;           // types/timezone.h
class TimeZoneRegistry;   // types/timezone.h
class Catalog;            // catalog/catalog.h
struct SessionSequences;  // catalog/sequence.h

// Per statement execution.
struct EvalContext {
  // now()/current_timestamp/transaction timestamp, microseconds since 1970-01-01 UTC.
  int64_t statement_time_us = 0;
  const TimeZone* time_zone = nullptr;  // session TimeZone; nullptr means UTC
  // Resolves zone names given as arguments (date_trunc(..., 'Asia/Tokyo')); optional.
  const TimeZoneRegistry* zones = nullptr;
  // State of random()'s generator for this statement; 0 = not seeded yet (random() seeds it
  // from std::random_device on first use).
  uint64_t random_state = 0;
  // The live catalog and the session's user, for the catalog functions (pg_get_userbyid,
  // pg_table_is_visible, ...; catalog_functions.cc) and system table scans. Optional.
  const Catalog* catalog = nullptr;
  std::string user;
  // The session's currval/lastval state (sequence_functions.cc). Optional.
  SessionSequences* sequences = nullptr;
};

// The arguments of one call: every vector has `count` rows, except those whose bit is set
// in `constant` (only for functions with ScalarFunction::constant_args): they have one row,
// the argument's value in every row.
struct ScalarArgs {
  std::vector<const Vector*> args;
  size_t count = 0;
  uint32_t constant = 0;
  bool IsConstant(size_t i) const { return (constant >> i) & 1u; }
};

// Writes `in.count` results into `out`, which the caller has sized to in.count rows of the
// resolved return type. The implementation sets every row's value and null flag. For strict
// functions it is only ever called with rows whose arguments are all non-NULL.
using ScalarImpl = void (*)(const ScalarArgs& in, Vector& out, EvalContext& ctx);

namespace poly {
inline constexpr int32_t kAnyElementMark = -100;
inline constexpr int32_t kAnyArrayMark = -101;
inline constexpr int32_t kAnyNonArrayMark = -102;
inline constexpr int32_t kAnyCompatibleMark = -103;
inline constexpr int32_t kAnyCompatibleArrayMark = -104;
inline constexpr int32_t kAnyTypeMark = -105;
}  // namespace poly

inline constexpr Type kAnyElement = Type(TypeId::kUnknown, poly::kAnyElementMark);
inline constexpr Type kAnyArray = Type(TypeId::kUnknown, poly::kAnyArrayMark);
inline constexpr Type kAnyNonArray = Type(TypeId::kUnknown, poly::kAnyNonArrayMark);
inline constexpr Type kAnyCompatible = Type(TypeId::kUnknown, poly::kAnyCompatibleMark);
inline constexpr Type kAnyCompatibleArray = Type(TypeId::kUnknown, poly::kAnyCompatibleArrayMark);
inline constexpr Type kAnyType = Type(TypeId::kUnknown, poly::kAnyTypeMark);

inline bool IsPolymorphic(const Type& t) {
  return t.id == TypeId::kUnknown && t.typmod <= poly::kAnyElementMark &&
         t.typmod >= poly::kAnyTypeMark;
}

struct ScalarFunction {
  // Lower case; operators by symbol: "+", "=", "||", "~~" (LIKE), "~~*" (ILIKE), "!~~", "!~~*".
  std::string name;
  std::vector<Type> params;  // may contain the placeholders above
  Type return_type;          // may be a placeholder resolved from the arguments
  ScalarImpl impl = nullptr;
  // NULL in any argument -> NULL out, applied by FunctionRegistry::Invoke.
  bool strict = true;
  bool is_volatile = false;  // random(), clock_timestamp()
  // Reads the catalog or the session (pg_get_userbyid, current_schemas, ...): its result
  // may change while its arguments stay the same.
  bool reads_session = false;
  // When the result type depends on the argument types or typmods; gets the resolved
  // (concrete) argument types.
  Type (*resolve_return)(const std::vector<Type>& args) = nullptr;
  // The last parameter may repeat one or more times (PostgreSQL's VARIADIC "any").
  bool variadic = false;
  // The implementation reads ScalarArgs::constant: a literal or parameter argument is then
  // passed as one row instead of being copied into every row (col = 'x' over a chunk).
  bool constant_args = false;
};

// The outcome of overload resolution.
struct ResolvedFunction {
  const ScalarFunction* fn = nullptr;
  std::vector<Type> arg_types;  // cast each argument to this before calling
  Type return_type;
};

}  // namespace firn
