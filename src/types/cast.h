// PostgreSQL's casts between Firn types: the catalogue (pg_cast's castcontext, plus the
// automatic I/O-conversion casts to and from string types) and the conversion functions
// with PostgreSQL's rounding, range errors and type-modifier coercion.
// Thread-safety: pure functions.
#pragma once

#include "types/type.h"
#include "types/value.h"
#include "types/value_io.h"

namespace firn {

// pg_cast.castcontext: the weakest context in which a cast may be applied.
enum class CastKind : uint8_t { kNone, kExplicit, kAssignment, kImplicit };

// The context a cast is being applied in; decides e.g. varchar(n) truncation vs 22001.
enum class CastMode : uint8_t { kImplicit, kAssignment, kExplicit };

struct CastContext {
  IoContext io;  // session time zone, now, float digits (for casts through text)
  CastMode mode = CastMode::kExplicit;
};

// pg_cast lookup ignoring typmods. Same type -> kImplicit; kUnknown source -> kImplicit
// (an untyped literal coerces to anything); casts to string types through I/O are
// assignment, from string types explicit; arrays follow their element types.
CastKind GetCastKind(TypeId from, TypeId to);
CastKind GetCastKind(const Type& from, const Type& to);  // handles array element types
// True when a cast of `kind` may be applied in `mode`.
inline bool CastAllowed(CastKind kind, CastMode mode) {
  switch (mode) {
    case CastMode::kImplicit:
      return kind == CastKind::kImplicit;
    case CastMode::kAssignment:
      return kind == CastKind::kImplicit || kind == CastKind::kAssignment;
    case CastMode::kExplicit:
      return kind != CastKind::kNone;
  }
  return false;
}

// pg_type.typispreferred: float8, text, timestamptz, interval, bool, oid.
bool IsPreferredType(TypeId id);

// Converts `v` to `target` (including its typmod) with PostgreSQL semantics. NULL stays
// NULL (typed as target). Errors: 22003 out of range ("integer out of range"), 22001
// string too long (non-explicit), 22P02/22007/22008 from input functions, 42846 when no
// cast exists. Does not check CastAllowed(); the binder does.
Value CastValue(const Value& v, const Type& target, const CastContext& ctx);

// Rounds a timestamp to timestamp(p)'s precision (0..6); p < 0 or >= 6 leaves it unchanged.
int64_t AdjustTimestampPrecision(int64_t ts, int32_t precision);

}  // namespace firn
