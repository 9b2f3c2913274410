// ResolveTypeName: a type as written in SQL (ast::TypeName) -> Firn's Type. Accepts the
// names PostgreSQL's grammar produces (pg_catalog.int4, varchar, timestamptz, ...), the SQL
// spellings (integer, double precision, character varying, ...) and PostgreSQL's array names
// (_int4), and applies PostgreSQL's type-modifier rules and errors:
//   42704 type "foo" does not exist; 0A000 for PostgreSQL types Firn lacks (serial, json, ...);
//   22023 for out-of-range modifiers (varchar(0), numeric(1001)); 42601 for modifiers on a
//   type that takes none. Error positions are the type name's location + 1.
// Thread-safety: pure function.
#pragma once

#include "sql/parser/ast.h"
#include "types/type.h"

namespace firn {

Type ResolveTypeName(const ast::TypeName& name);

}  // namespace firn
