// Binding of reg* casts; see reg_casts.h.
#include "sql/binder/reg_casts.h"

#include <string>

#include "common/sql_error.h"
#include "exec/evaluator.h"
#include "sql/parser/type_name.h"

namespace firn {
namespace {

// "regclass", "regtype", ... for a reg* type name; "" otherwise.
std::string RegFamily(const ast::TypeName& tn) {
  if (tn.names.empty() || tn.array_bounds > 0) return "";
  if (tn.names.size() == 2 && tn.names[0] != "pg_catalog") return "";
  if (tn.names.size() > 2) return "";
  const std::string& n = tn.names.back();
  if (n == "regprocedure") return "regproc";
  if (n == "regclass" || n == "regtype" || n == "regproc" || n == "regnamespace" ||
      n == "regrole") {
    return n;
  }
  return "";
}

BoundExprPtr Call(Binder& binder, const std::string& fn, BoundExprPtr arg, Type arg_type,
                  int location) {
  ResolvedFunction f = binder.context().functions->ResolveFunction(fn, {arg_type});
  auto out = std::make_shared<BoundExpr>();
  out->kind = BoundExprKind::kFunction;
  out->function = f;
  out->type = f.return_type;
  out->children.push_back(Coerce(binder, std::move(arg), f.arg_types[0], location));
  return out;
}

BoundExprPtr ToRegOid(Binder& binder, BoundExprPtr arg, const std::string& family, int location) {
  TypeId id = arg->type.id;
  if (id == TypeId::kUnknown || IsStringType(id)) {
    const bool literal = arg->kind == BoundExprKind::kConstant && !arg->value.is_null();
    BoundExprPtr call = Call(binder, family + "in", std::move(arg), Type(TypeId::kText), location);
    if (!literal) return call;
    // A literal name is looked up once, here, as PostgreSQL does at parse time: a serial
    // column's nextval('t_id_seq'::regclass) costs no lookup per row, and the OID shows
    // which objects a default uses. Plans are bound again when the catalog changes.
    ExecContext ctx;
    ctx.functions = binder.context().functions;
    ctx.eval.catalog = binder.context().catalog;
    try {
      return MakeConstant(EvaluateConstant(*call, ctx));
    } catch (SqlError& err) {
      if (err.position() == 0 && location >= 0) err.set_position(location + 1);
      throw;
    }
  }
  if (IsIntegerType(id) || id == TypeId::kOid) {
    return ExplicitCast(binder, std::move(arg), Type(TypeId::kOid), location);
  }
  throw SqlError(sqlstate::kCannotCoerce, "cannot cast type " + arg->type.Name() + " to " + family)
      .WithPosition(location + 1);
}

}  // namespace

BoundExprPtr BindRegTypeCast(Binder& binder, ExprBinder& eb, const ast::Expr& cast) {
  if (cast.args.empty() || !cast.args[0]) return nullptr;
  std::string family = RegFamily(cast.type_name);
  if (!family.empty()) return ToRegOid(binder, eb.Bind(*cast.args[0]), family, cast.location);
  const ast::Expr& inner = *cast.args[0];
  if (inner.kind != ast::ExprKind::kCast) return nullptr;
  std::string inner_family = RegFamily(inner.type_name);
  if (inner_family.empty()) return nullptr;
  Type target = ResolveTypeName(cast.type_name);
  if (!IsStringType(target.id)) return nullptr;  // ::oid, ::int8 ... keep the number
  BoundExprPtr oid = eb.Bind(inner);
  BoundExprPtr text =
      Call(binder, inner_family + "out", std::move(oid), Type(TypeId::kOid), cast.location);
  return ExplicitCast(binder, std::move(text), target, cast.location);
}

}  // namespace firn
