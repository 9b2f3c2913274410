// System relations: Firn's emulation of PostgreSQL 15's pg_catalog tables and views and of
// information_schema.tables / columns / schemata, so psql's backslash commands, pgjdbc's
// DatabaseMetaData and SQLAlchemy's introspection run unchanged. Each relation is an
// ordinary TableInfo (PostgreSQL's column names and types, its fixed relation OID) whose
// `system_rows` computes the rows from the live Catalog at scan time; nothing is stored.
//
// Emulation choices:
//   - one database, "firn", OID 5 (PostgreSQL's OID for its first database "postgres");
//   - every object is owned by the bootstrap superuser, OID 10;
//   - regproc/regclass/regtype/xid columns are plain oid columns, pg_node_tree and anyarray
//     columns are text, aclitem[] is text[] (always NULL); information_schema domains are
//     their base types (sql_identifier = name, cardinal_number = integer, character_data =
//     text, yes_or_no = varchar);
//   - Firn has no foreign-key or CHECK constraints, comments, inheritance, policies or
//     publications: those catalogs exist and have no rows.
// Thread-safety: the relation list is built once (thread-safe static initialization) and is
// immutable; system_rows only reads the Catalog through its locking public methods.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/catalog.h"

namespace firn::system_catalog {

// Fixed OIDs (PostgreSQL's values where PostgreSQL has one).
inline constexpr uint32_t kDatabaseOid = 5;
inline constexpr uint32_t kBootstrapSuperuserOid = 10;
inline constexpr uint32_t kPgCatalogNamespaceOid = 11;
inline constexpr uint32_t kHeapAmOid = 2;
inline constexpr uint32_t kDefaultTablespaceOid = 1663;
inline constexpr uint32_t kDefaultCollationOid = 100;
inline constexpr const char* kDatabaseName = "firn";
// kPgClassOid and kPgNamespaceOid: catalog/catalog.h (comments are keyed by them).

struct SystemRelation {
  std::shared_ptr<const TableInfo> table;  // schema, name, oid, columns, system_rows
  char relkind = 'r';                      // 'r' table, 'v' view
};

// A sequence as a relation (relkind 'S'): its one row of last_value, log_cnt and is_called,
// read at scan time, as SELECT * FROM a_sequence shows it.
std::shared_ptr<const TableInfo> SequenceRelation(const SequenceInfo& sequence);

// CREATE INDEX text of an index, as pg_get_indexdef and pg_indexes show it ("" when its table
// is gone).
std::string IndexDefinition(const Catalog& catalog, const IndexInfo& index);
// The definition pg_get_constraintdef shows for the constraint `constraint_oid`: "PRIMARY
// KEY (a, b)", "UNIQUE (a)", "CHECK ((a > 0))" ("CHECK (a > 0)" when `pretty`); nullopt
// when there is no such constraint.
std::optional<std::string> ConstraintDefinition(const Catalog& catalog, uint32_t constraint_oid,
                                                bool pretty = false);

// Every system relation, in a fixed order.
const std::vector<SystemRelation>& SystemRelations();
std::shared_ptr<const TableInfo> FindSystemTable(std::string_view schema, std::string_view name);
const SystemRelation* FindSystemRelationByOid(uint32_t oid);

// One pg_type row: the types Firn has, their array types and the reg* types, with
// PostgreSQL's OIDs and attributes.
struct PgTypeInfo {
  uint32_t oid;
  const char* name;
  int16_t len;
  bool byval;
  char category;
  bool preferred;
  uint32_t elem;
  uint32_t array;
  char align;
  char storage;
  uint32_t collation;
  uint32_t input, output, receive, send, modin, modout, subscript;
  const char* input_name;
  const char* output_name;
};
const std::vector<PgTypeInfo>& PgTypes();
const PgTypeInfo* FindPgType(uint32_t oid);
const PgTypeInfo* FindPgTypeByName(std::string_view name);

// A function name with the OID pg_proc gives it (regproc input, tab completion).
struct PgProcInfo {
  uint32_t oid;
  std::string name;
};
// The functions pg_proc lists: the type I/O functions and Firn's SQL-callable functions.
const std::vector<PgProcInfo>& PgProcs();

// Throws 42501 when `table` is a system relation: they are computed, never written.
void CheckWritable(const TableInfo& table);

// pg_class.relkind of a relation of the live catalog or a system relation; 0 if unknown.
char RelationKind(const TableInfo& table);

}  // namespace firn::system_catalog
