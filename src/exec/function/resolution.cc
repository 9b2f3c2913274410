// FunctionRegistry::ResolveFunction / ResolveOperator: PostgreSQL 15's overload resolution
// (parse_func.c / parse_oper.c behaviour as documented in "Type Conversion"):
//   1. exact match on every argument type (for binary operators an unknown side is first
//      assumed to have the other side's type);
//   2. keep the candidates every argument can reach by implicit coercion (unknown reaches
//      anything; polymorphic groups must be consistent);
//   3. most exact matches; 4. most exact-or-preferred matches; 5. unknown arguments: the
//      string category wins, else a single category, preferring preferred types; 6. unknown
//      arguments take the type of the known ones when those all agree.
// Thread-safety: const methods over the immutable registry.
#include <string>

#include "common/sql_error.h"
#include "exec/function/coercion.h"
#include "exec/function/function_registry.h"

namespace firn {
namespace {

using function_internal::CanCoerceImplicitly;
using function_internal::CategoryOf;
using function_internal::CommonType;
using function_internal::IsPreferred;

struct Candidate {
  const ScalarFunction* fn;
  std::vector<Type> params;  // expanded to the call's arity (variadic)
};

bool IsUnknown(const Type& t) { return t.id == TypeId::kUnknown && !IsPolymorphic(t); }

bool ExactMatch(const Type& arg, const Type& param) {
  return !IsUnknown(arg) && !IsPolymorphic(param) && arg.SameBase(param);
}

bool ExpandParams(const ScalarFunction& fn, size_t nargs, std::vector<Type>* out) {
  if (!fn.variadic) {
    if (fn.params.size() != nargs) return false;
    *out = fn.params;
    return true;
  }
  if (nargs < fn.params.size()) return false;
  *out = fn.params;
  out->resize(nargs, fn.params.back());
  return true;
}

std::string TypeName(const Type& t) { return IsUnknown(t) ? "unknown" : t.Name(); }

// Bindings of the polymorphic groups of one candidate for one call.
struct PolyBinding {
  std::optional<Type> element;   // anyelement / element of anyarray
  bool element_seen = false;     // some anyelement/anyarray/anynonarray position exists
  std::vector<Type> compatible;  // known anycompatible types (array elements unwrapped)
  bool compatible_seen = false;
};

// PostgreSQL's check_generic_type_consistency plus implicit coercibility of the rest.
bool CanCoerceAll(const std::vector<Type>& args, const std::vector<Type>& params,
                  PolyBinding* binding) {
  PolyBinding b;
  for (size_t i = 0; i < args.size(); ++i) {
    const Type& arg = args[i];
    const Type& p = params[i];
    if (!IsPolymorphic(p)) {
      if (!CanCoerceImplicitly(arg, p)) return false;
      continue;
    }
    switch (p.typmod) {
      case poly::kAnyTypeMark:
        break;
      case poly::kAnyElementMark:
      case poly::kAnyNonArrayMark:
      case poly::kAnyArrayMark: {
        b.element_seen = true;
        if (IsUnknown(arg)) break;
        Type elem = arg;
        if (p.typmod == poly::kAnyArrayMark) {
          if (!arg.IsArray()) return false;
          elem = arg.ElementType();
        } else if (p.typmod == poly::kAnyNonArrayMark && arg.IsArray()) {
          return false;
        }
        if (b.element && !b.element->SameBase(elem)) return false;
        if (!b.element) {
          Type base(elem.id);
          base.elem = elem.elem;
          b.element = base;
        }
        break;
      }
      case poly::kAnyCompatibleMark:
      case poly::kAnyCompatibleArrayMark:
        b.compatible_seen = true;
        if (IsUnknown(arg)) break;
        if (p.typmod == poly::kAnyCompatibleArrayMark) {
          if (!arg.IsArray()) return false;
          b.compatible.push_back(arg.ElementType());
        } else {
          b.compatible.push_back(arg);
        }
        break;
    }
  }
  if (!b.compatible.empty()) {
    std::optional<Type> common = CommonType(b.compatible);
    if (!common) return false;
    for (const Type& t : b.compatible) {
      if (!CanCoerceImplicitly(t, *common)) return false;
    }
  }
  if (binding) *binding = std::move(b);
  return true;
}

// Firn arrays are one-dimensional: there is no array type of an array.
Type ArrayOf(const Type& element) {
  if (element.IsArray()) {
    throw SqlError(sqlstate::kUndefinedObject,
                   "could not find array type for data type " + element.Name());
  }
  return Type::Array(element.id);
}

[[noreturn]] void ThrowUndeterminedPolymorphic() {
  throw SqlError(sqlstate::kDatatypeMismatch,
                 "could not determine polymorphic type because input has type unknown");
}

// Turns a chosen candidate into concrete argument and return types.
ResolvedFunction Finalize(const Candidate& c, const std::vector<Type>& args) {
  PolyBinding b;
  CanCoerceAll(args, c.params, &b);
  Type element;
  if (b.element_seen) {
    if (!b.element) ThrowUndeterminedPolymorphic();
    element = *b.element;
  }
  Type common(TypeId::kText);
  if (b.compatible_seen) common = *CommonType(b.compatible);
  auto concrete = [&](const Type& p, const Type& arg) -> Type {
    if (!IsPolymorphic(p)) return arg.SameBase(p) ? arg : p;
    switch (p.typmod) {
      case poly::kAnyTypeMark:
        return IsUnknown(arg) ? Type(TypeId::kText) : arg;
      case poly::kAnyElementMark:
      case poly::kAnyNonArrayMark:
        return element;
      case poly::kAnyArrayMark:
        // int2vector / oidvector stay themselves: their subscripts start at 0.
        if (arg.catalog_vector && arg.ElementType().SameBase(element)) return arg;
        return ArrayOf(element);
      case poly::kAnyCompatibleMark:
        return common;
      default:
        return ArrayOf(common);
    }
  };
  ResolvedFunction r;
  r.fn = c.fn;
  for (size_t i = 0; i < args.size(); ++i) r.arg_types.push_back(concrete(c.params[i], args[i]));
  if (IsPolymorphic(c.fn->return_type)) {
    const int32_t mark = c.fn->return_type.typmod;
    if ((mark == poly::kAnyElementMark || mark == poly::kAnyArrayMark ||
         mark == poly::kAnyNonArrayMark) &&
        !b.element_seen) {
      ThrowUndeterminedPolymorphic();
    }
    r.return_type = concrete(c.fn->return_type, Type(TypeId::kUnknown));
  } else {
    r.return_type = c.fn->return_type;
  }
  if (c.fn->resolve_return) r.return_type = c.fn->resolve_return(r.arg_types);
  return r;
}

// func_select_candidate: narrows `cands` (all implicitly reachable); returns the single
// winner or nullopt when ambiguous.
std::optional<Candidate> SelectCandidate(std::vector<Candidate> cands,
                                         const std::vector<Type>& args) {
  const size_t nargs = args.size();
  // Keeps the candidates with the highest score.
  auto keep_best = [&](auto score) {
    int best = -1;
    std::vector<Candidate> kept;
    for (Candidate& c : cands) {
      int s = score(c);
      if (s > best) {
        best = s;
        kept.clear();
      }
      if (s == best) kept.push_back(std::move(c));
    }
    cands = std::move(kept);
  };
  keep_best([&](const Candidate& c) {
    int n = 0;
    for (size_t i = 0; i < nargs; ++i) n += ExactMatch(args[i], c.params[i]) ? 1 : 0;
    return n;
  });
  if (cands.size() == 1) return cands[0];
  keep_best([&](const Candidate& c) {
    int n = 0;
    for (size_t i = 0; i < nargs; ++i) {
      if (IsUnknown(args[i])) continue;
      const Type& p = c.params[i];
      if (ExactMatch(args[i], p) || (CategoryOf(p) == CategoryOf(args[i]) && IsPreferred(p))) {
        ++n;
      }
    }
    return n;
  });
  if (cands.size() == 1) return cands[0];

  // Unknown arguments: choose a category per position.
  size_t nunknowns = 0;
  for (const Type& a : args) nunknowns += IsUnknown(a) ? 1 : 0;
  if (nunknowns > 0) {
    std::vector<char> slot_category(nargs, 0);
    std::vector<bool> slot_preferred(nargs, false);
    bool resolved = true;
    for (size_t i = 0; i < nargs && resolved; ++i) {
      if (!IsUnknown(args[i])) continue;
      bool conflict = false;
      for (const Candidate& c : cands) {
        char cat = CategoryOf(c.params[i]);
        bool pref = IsPreferred(c.params[i]);
        if (slot_category[i] == 0) {
          slot_category[i] = cat;
          slot_preferred[i] = pref;
        } else if (cat == slot_category[i]) {
          slot_preferred[i] = slot_preferred[i] || pref;
        } else if (cat == 'S') {
          slot_category[i] = cat;
          slot_preferred[i] = pref;
        } else {
          conflict = true;
        }
      }
      if (conflict && slot_category[i] != 'S') resolved = false;
    }
    if (resolved) {
      std::vector<Candidate> kept;
      for (Candidate& c : cands) {
        bool keep = true;
        for (size_t i = 0; i < nargs && keep; ++i) {
          if (!IsUnknown(args[i])) continue;
          if (CategoryOf(c.params[i]) != slot_category[i]) keep = false;
          if (slot_preferred[i] && !IsPreferred(c.params[i])) keep = false;
        }
        if (keep) kept.push_back(std::move(c));
      }
      if (!kept.empty()) cands = std::move(kept);
      if (cands.size() == 1) return cands[0];
    }
  }

  // Unknowns take the one type all known arguments share.
  if (nunknowns > 0 && nunknowns < nargs) {
    std::optional<Type> known;
    bool same = true;
    for (const Type& a : args) {
      if (IsUnknown(a)) continue;
      if (!known) {
        known = a;
      } else if (!known->SameBase(a)) {
        same = false;
      }
    }
    if (same && known) {
      std::vector<Type> assumed(nargs, *known);
      const Candidate* only = nullptr;
      int matches = 0;
      for (const Candidate& c : cands) {
        if (CanCoerceAll(assumed, c.params, nullptr)) {
          only = &c;
          ++matches;
        }
      }
      if (matches == 1) return *only;
    }
  }
  return std::nullopt;
}

enum class Outcome { kFound, kNone, kAmbiguous };

Outcome Resolve(const std::vector<ScalarFunction>* overloads, const std::vector<Type>& args,
                const std::vector<Type>* exact_args, ResolvedFunction* out) {
  if (overloads == nullptr) return Outcome::kNone;
  std::vector<Candidate> cands;
  for (const ScalarFunction& fn : *overloads) {
    Candidate c{&fn, {}};
    if (ExpandParams(fn, args.size(), &c.params)) cands.push_back(std::move(c));
  }
  // 1. Exact match.
  for (const Candidate& c : cands) {
    bool exact = true;
    for (size_t i = 0; i < args.size() && exact; ++i) {
      exact = ExactMatch((*exact_args)[i], c.params[i]);
    }
    if (exact) {
      *out = Finalize(c, *exact_args);
      return Outcome::kFound;
    }
  }
  // 2. Implicitly reachable candidates.
  std::vector<Candidate> reachable;
  for (Candidate& c : cands) {
    if (CanCoerceAll(args, c.params, nullptr)) reachable.push_back(std::move(c));
  }
  if (reachable.empty()) return Outcome::kNone;
  if (reachable.size() == 1) {
    *out = Finalize(reachable[0], args);
    return Outcome::kFound;
  }
  std::optional<Candidate> best = SelectCandidate(std::move(reachable), args);
  if (!best) return Outcome::kAmbiguous;
  *out = Finalize(*best, args);
  return Outcome::kFound;
}

std::string ToLower(std::string_view s) {
  std::string r(s);
  for (char& ch : r) {
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  }
  return r;
}

}  // namespace

bool FunctionRegistry::HasFunction(std::string_view name) const {
  return functions_.count(ToLower(name)) > 0;
}

ResolvedFunction FunctionRegistry::ResolveFunction(std::string_view name,
                                                   const std::vector<Type>& arg_types) const {
  std::string key = ToLower(name);
  auto it = functions_.find(key);
  ResolvedFunction r;
  Outcome o = Resolve(it == functions_.end() ? nullptr : &it->second, arg_types, &arg_types, &r);
  if (o == Outcome::kFound) return r;
  std::string sig = key + "(";
  for (size_t i = 0; i < arg_types.size(); ++i) {
    if (i > 0) sig += ", ";
    sig += TypeName(arg_types[i]);
  }
  sig += ")";
  if (o == Outcome::kAmbiguous) {
    throw SqlError(sqlstate::kAmbiguousFunction, "function " + sig + " is not unique")
        .WithHint(
            "Could not choose a best candidate function. You might need to add explicit type "
            "casts.");
  }
  throw SqlError(sqlstate::kUndefinedFunction, "function " + sig + " does not exist")
      .WithHint(
          "No function matches the given name and argument types. You might need to add "
          "explicit type casts.");
}

ResolvedFunction FunctionRegistry::ResolveOperator(std::string_view op, std::optional<Type> left,
                                                   Type right) const {
  std::string key(op);
  std::vector<Type> args;
  if (left) args.push_back(*left);
  args.push_back(right);
  // binary_oper_exact: an unknown side is assumed to have the other side's type.
  std::vector<Type> exact_args = args;
  if (args.size() == 2) {
    if (IsUnknown(args[0]) && !IsUnknown(args[1])) exact_args[0] = args[1];
    if (IsUnknown(args[1]) && !IsUnknown(args[0])) exact_args[1] = args[0];
  }
  auto it = operators_.find(key);
  ResolvedFunction r;
  Outcome o = Resolve(it == operators_.end() ? nullptr : &it->second, args, &exact_args, &r);
  if (o == Outcome::kFound) return r;
  std::string sig =
      left ? TypeName(*left) + " " + key + " " + TypeName(right) : key + " " + TypeName(right);
  if (o == Outcome::kAmbiguous) {
    throw SqlError(sqlstate::kAmbiguousFunction, "operator is not unique: " + sig)
        .WithHint(
            "Could not choose a best candidate operator. You might need to add explicit type "
            "casts.");
  }
  throw SqlError(sqlstate::kUndefinedFunction, "operator does not exist: " + sig)
      .WithHint(left ? "No operator matches the given name and argument types. You might need "
                       "to add explicit type casts."
                     : "No operator matches the given name and argument type. You might need to "
                       "add an explicit type cast.");
}

}  // namespace firn
