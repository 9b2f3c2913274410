// Helpers shared by the system relation definitions in catalog/system/: column lists written
// as PostgreSQL-style "name type, ..." strings, row values, and the per-group registration
// functions that system_tables.cc calls once to build the relation list.
// Internal to src/catalog/system/. Thread-safety: stateless helpers.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "catalog/system/system_tables.h"
#include "types/value.h"

namespace firn::system_catalog {

using Row = std::vector<Value>;
// Computes a relation's rows; every row has one value per column, in column order.
using RowsFn = std::vector<Row> (*)(const Catalog&);

// The list being built: `columns` is "attname type, attname type, ..." with the types
// oid, name, char, bool, int2, int4, int8, float4, text, varchar, timestamptz, interval
// and their arrays ("text[]"). `rows` may be nullptr for an always-empty relation.
void AddRelation(std::vector<SystemRelation>& out, const char* schema, const char* name,
                 uint32_t oid, char relkind, const char* columns, RowsFn rows);

// Registration, one function per file.
void AddClassRelations(std::vector<SystemRelation>& out);     // pg_class.cc
void AddTypeRelations(std::vector<SystemRelation>& out);      // pg_type.cc
void AddRoleRelations(std::vector<SystemRelation>& out);      // pg_roles.cc
void AddEmptyRelations(std::vector<SystemRelation>& out);     // pg_misc.cc
void AddInformationSchema(std::vector<SystemRelation>& out);  // information_schema.cc
void AddSequenceRelations(std::vector<SystemRelation>& out);  // pg_sequence.cc
void AddIndexRelations(std::vector<SystemRelation>& out);     // pg_index.cc
void AddViewRelations(std::vector<SystemRelation>& out);      // pg_views.cc

// An index as a relation (relkind 'i'): its key and INCLUDE columns; nullptr when its table
// is gone. The access method's pg_am OID.
std::shared_ptr<const TableInfo> IndexRelation(const Catalog& catalog, const IndexInfo& index);
uint32_t IndexAmOid(const std::string& method);

// Value constructors for rows.
inline Value OidV(int64_t v) { return Value::Oid(v); }
inline Value NameV(std::string s) { return Value::String(Type(TypeId::kName), std::move(s)); }
inline Value TextV(std::string s) { return Value::Text(std::move(s)); }
inline Value VarcharV(std::string s) { return Value::String(Type(TypeId::kVarchar), std::move(s)); }
// A "char" value; '\0' is the empty string, as PostgreSQL prints it.
inline Value CharV(char c) {
  return Value::String(Type(TypeId::kChar), c == '\0' ? std::string() : std::string(1, c));
}
inline Value BoolV(bool b) { return Value::Bool(b); }
inline Value Int2V(int64_t v) { return Value::Int2(v); }
inline Value Int4V(int64_t v) { return Value::Int4(v); }
inline Value Int8V(int64_t v) { return Value::Int8(v); }
inline Value Float4V(double v) { return Value::Float4(v); }
inline Value NullV() { return Value(); }  // typed by its column when the chunk is built
Value TextArrayV(const std::vector<std::string>& items);

// All tables of the live catalog followed by the system relations, as (table, relkind).
struct RelationRef {
  std::shared_ptr<const TableInfo> table;
  char relkind;
};
std::vector<RelationRef> AllRelations(const Catalog& catalog);
// The OID of a schema by name (0 if it does not exist).
uint32_t NamespaceOid(const Catalog& catalog, const std::string& schema);

}  // namespace firn::system_catalog
