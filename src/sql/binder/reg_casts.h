// Casts to and from PostgreSQL's OID alias types regclass, regtype, regproc(edure),
// regnamespace and regrole. Firn has no such types: a reg* value is a plain oid, so
// x::regclass = y, 't'::regclass::oid and pg_relation_size('t'::regclass) work; the name
// conversions happen where the SQL asks for text:
//   'name'::regclass, text_expr::regclass -> regclassin(text) -> oid (42P01 if missing)
//   int_or_oid::regclass                  -> the oid itself
//   x::regclass::text (varchar, name)     -> regclassout(oid) -> the relation's name
// Divergence: a bare `SELECT 't'::regclass` shows the OID, not the name.
// The I/O functions live in exec/function/catalog_functions.cc.
// Thread-safety: used by one Binder.
#pragma once

#include "sql/binder/expr_binder.h"

namespace firn {

// The bound expression when `cast` (an ast kCast node) involves a reg* type as described
// above; nullptr when it does not, so the ordinary cast rules apply.
BoundExprPtr BindRegTypeCast(Binder& binder, ExprBinder& eb, const ast::Expr& cast);

}  // namespace firn
