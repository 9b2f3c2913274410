// Coercion facts for overload resolution, from the cast catalogue in types/cast.h.
// Thread-safety: pure functions.
#include "exec/function/coercion.h"

#include "exec/function/function.h"
#include "types/cast.h"

namespace firn::function_internal {

bool CanCoerceImplicitly(const Type& from, const Type& to) {
  if (from.id == TypeId::kUnknown) return true;
  if (from.IsArray() != to.IsArray()) return false;
  return GetCastKind(from, to) == CastKind::kImplicit;
}

char CategoryOf(const Type& t) {
  if (IsPolymorphic(t)) return 'P';
  if (t.id == TypeId::kUnknown) return 'X';
  return TypeCategory(t.id);
}

bool IsPreferred(const Type& t) { return !IsPolymorphic(t) && IsPreferredType(t.id); }

std::optional<Type> CommonType(const std::vector<Type>& types) {
  std::optional<Type> common;
  for (const Type& t : types) {
    if (t.id == TypeId::kUnknown) continue;
    if (!common) {
      common = Type(t.id);
      common->elem = t.elem;
      continue;
    }
    if (t.SameBase(*common)) continue;
    if (CategoryOf(t) != CategoryOf(*common)) return std::nullopt;
    Type candidate(t.id);
    candidate.elem = t.elem;
    if (!IsPreferred(*common) && CanCoerceImplicitly(*common, candidate) &&
        !CanCoerceImplicitly(candidate, *common)) {
      common = candidate;
    }
  }
  if (!common) return Type(TypeId::kText);
  return common;
}

}  // namespace firn::function_internal
