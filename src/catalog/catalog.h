// Catalog: the database's named objects — schemas, tables, plain and feature views,
// sequences, indexes and roles — with PostgreSQL-style OIDs so pg_catalog views and RowDescription
// can refer to them. DDL takes effect at once, visible to every session; a transaction undoes its
// own on ROLLBACK (docs/architecture.md "Transactions"). Thread-safety: all methods may be called
// concurrently; readers get shared_ptrs to immutable descriptions that stay valid after a
// DROP.
#pragma once

#include <atomic>
#include <compare>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "catalog/sequence.h"
#include "storage/table_data.h"
#include "types/type.h"

namespace firn {

class Catalog;
class FeatureSource;

struct ColumnInfo {
  ColumnInfo() = default;
  ColumnInfo(std::string column_name, Type column_type, bool is_not_null)
      : name(std::move(column_name)), type(column_type), not_null(is_not_null) {}

  std::string name;
  Type type;
  bool not_null = false;
  // DEFAULT: the expression's SQL text as written (empty = none, the NULL default), parsed
  // and bound again where it is used; default_oid is its pg_attrdef row's OID.
  std::string default_expr;
  uint32_t default_oid = 0;
  // A column added by ALTER TABLE ADD COLUMN has an OID of its own (0: one of the table's
  // original columns), so that one added where an undone one was is not taken for it.
  uint32_t column_oid = 0;
  // GENERATED ALWAYS ('a') / BY DEFAULT ('d') AS IDENTITY, '\0' for none. An identity
  // column's default_expr is its sequence's nextval, not shown as a DEFAULT.
  char identity = '\0';
  // GENERATED ALWAYS AS (default_expr) STORED: every row computes the column from its other
  // columns (sql/binder/generated_columns.h); default_expr is then not a DEFAULT.
  bool generated = false;
};

// CHECK (expression): every row a statement writes must make it true or NULL. The
// expression is kept as written and bound again where it is used (sql/binder/table_checks.h).
struct CheckConstraint {
  uint32_t oid = 0;  // its pg_constraint row
  std::string name;
  std::string expression;
  std::vector<int> columns;  // the table columns it reads (indexes, ascending)
  bool validated = true;     // false: added NOT VALID, so rows stored before may fail it

  bool operator==(const CheckConstraint&) const = default;
};

// PostgreSQL's makeObjectName: name1_name2_label (name2 may be empty) within 63 bytes, the
// longer of the two names shortened first.
std::string MakeObjectName(const std::string& name1, const std::string& name2,
                           const std::string& label);

struct TableInfo {
  uint32_t oid = 0;
  std::string schema;
  std::string name;
  std::vector<ColumnInfo> columns;
  std::vector<CheckConstraint> checks;
  std::vector<std::pair<std::string, std::string>> options;  // WITH (...) as given
  std::shared_ptr<TableData> data;
  // Set only for system tables (pg_catalog, information_schema; catalog/system/): computes
  // the rows from the live catalog at scan time. Empty for user tables.
  std::function<std::vector<DataChunk>(const Catalog&)> system_rows;

  // Index of the column named `name`, or -1.
  int FindColumn(const std::string& column) const;
  std::vector<Type> ColumnTypes() const;
};

// A feature view: CREATE MATERIALIZED VIEW ... WITH (entity = ...) AS SELECT ... over one
// table. The statement is kept as written and bound again at start-up; `runtime` is the
// running view (features/feature_view.h), nullptr until then.
struct FeatureViewInfo {
  uint32_t oid = 0;
  std::string schema;
  std::string name;
  std::string definition;  // the whole CREATE MATERIALIZED VIEW statement
  uint32_t source_oid = 0;
  std::vector<ColumnInfo> columns;
  std::shared_ptr<FeatureSource> runtime;
};

// A sequence (CREATE SEQUENCE, or made for a serial or identity column, which owns it: it is
// dropped with the column's table). The position lives in `state`, shared by every
// description of the sequence and moved outside transactions.
struct SequenceInfo {
  uint32_t oid = 0;
  std::string schema;
  std::string name;
  SequenceOptions options;
  uint32_t owner_table = 0;  // OWNED BY: the table's OID (0: none) ...
  int owner_column = -1;     // ... and the column's index in it
  std::shared_ptr<SequenceState> state;
};

// An index (CREATE INDEX, or made for a PRIMARY KEY or UNIQUE constraint): a catalog entry,
// shown by pg_index, pg_indexes and psql, dropped with its table. Firn's scans skip data by
// zone maps and file statistics, not by index structures, so an index changes no plan; a
// unique one is enforced by its table's key maps (storage/unique_keys.h).
struct IndexColumn {
  int column = 0;  // index in the table's columns
  bool descending = false;
  bool nulls_first = false;  // as written or implied (DESC implies NULLS FIRST)
};
struct IndexInfo {
  uint32_t oid = 0;
  std::string schema;  // the table's
  std::string name;
  uint32_t table_oid = 0;
  std::string method = "btree";      // btree, hash or brin
  std::vector<IndexColumn> columns;  // key columns
  std::vector<int> include;          // INCLUDE (...) columns
  bool unique = false;
  // The PRIMARY KEY ('p') or UNIQUE ('u') constraint that made it, '\0' for none (CREATE
  // INDEX); constraint_oid is the constraint's pg_constraint row, named as the index.
  char constraint = '\0';
  uint32_t constraint_oid = 0;

  // Whether every column it names is one of `table`'s: not so once an ALTER TABLE ADD
  // COLUMN it was made on (visible before COMMIT) is rolled back.
  bool Fits(const TableInfo& table) const;
};

// A plain view (CREATE VIEW, catalog_sql_views.cc): a stored SELECT that a query naming the
// view binds in its place, as a subquery. Distinct from feature views, which PostgreSQL calls
// materialized views. The SELECT is kept as written; the relations it names are pinned to
// the OIDs they had at CREATE (ViewDependency), so renaming them keeps the view working and
// DROP knows what depends on what.
struct ViewDependency {
  std::string schema;  // as written in the query ("" = found on the search path)
  std::string name;    // as written
  uint32_t oid = 0;    // the relation it named at CREATE (table, view, feature view, sequence)
  // How many of its columns existed at CREATE: a `*` keeps meaning those after ADD COLUMN.
  size_t columns = 0;
};
struct SqlViewInfo {
  uint32_t oid = 0;
  std::string schema;
  std::string name;
  std::string query;                 // the SELECT as written
  std::vector<ColumnInfo> columns;   // output names (after the column list) and types
  std::vector<ViewDependency> uses;  // every relation the query names, once each

  bool DependsOn(uint32_t relation) const;
};

// What a comment (COMMENT ON) is on, as pg_description keys it: the system catalog holding
// the object (pg_class for relations, pg_namespace for schemas), its OID, and a column's
// number (0 for the object itself).
inline constexpr uint32_t kPgClassOid = 1259, kPgNamespaceOid = 2615;
struct CommentKey {
  uint32_t classoid = kPgClassOid;
  uint32_t objoid = 0;
  int32_t objsubid = 0;
  auto operator<=>(const CommentKey&) const = default;
};

struct SchemaInfo {
  uint32_t oid = 0;
  std::string name;
  std::string owner;
};

struct RoleInfo {
  uint32_t oid = 0;
  std::string name;
  bool superuser = false;
  bool can_login = false;
  std::string scram_secret;  // empty = no password
};

// Throws 42701 when a name appears twice in `names`: the columns of a table or view made
// from a query (CREATE TABLE AS, CREATE MATERIALIZED VIEW).
void CheckUniqueColumnNames(const std::vector<std::string>& names);

// Throws PostgreSQL's 23502 when column `column` of `table` is NOT NULL and a row of `rows`
// (in the table's columns) is NULL there.
void CheckNotNull(const TableInfo& table, size_t column, const DataChunk& rows);
// The same for every column.
void CheckNotNull(const TableInfo& table, const DataChunk& rows);

class Catalog {
 public:
  Catalog();

  // Schemas. "public" and "pg_catalog" always exist.
  std::optional<SchemaInfo> GetSchema(const std::string& name) const;
  std::vector<SchemaInfo> ListSchemas() const;
  // Throws 42P06 when it exists (unless if_not_exists: then returns false).
  bool CreateSchema(const std::string& name, const std::string& owner, bool if_not_exists);
  // Throws 3F000 when missing (unless if_exists), 2BP01 when non-empty without cascade.
  bool DropSchema(const std::string& name, bool if_exists, bool cascade);

  // Tables. `schema` must be resolved (non-empty).
  std::shared_ptr<const TableInfo> GetTable(const std::string& schema,
                                            const std::string& name) const;
  std::shared_ptr<const TableInfo> GetTableByOid(uint32_t oid) const;
  std::vector<std::shared_ptr<const TableInfo>> ListTables() const;
  // Fills in oid, data and the columns' default_oids. Throws 42P07 if it exists (unless
  // if_not_exists -> nullptr).
  std::shared_ptr<const TableInfo> CreateTable(TableInfo info, bool if_not_exists);
  // Throws 42P01 when missing unless if_exists (then returns false).
  bool DropTable(const std::string& schema, const std::string& name, bool if_exists);

  // Puts back a dropped table (rollback of DROP TABLE); no-op if the name is taken again.
  void RestoreTable(std::shared_ptr<const TableInfo> table);
  // Makes `table` the description of the table with its OID (ALTER TABLE changed its columns
  // or its name; the data stays). False, and no change, when that table is gone; throws
  // 42P07 when it is renamed to a name a table or view has.
  bool ReplaceTable(std::shared_ptr<const TableInfo> table);

  // Feature views (catalog_views.cc). They share the relation namespace with tables.
  std::shared_ptr<const FeatureViewInfo> GetView(const std::string& schema,
                                                 const std::string& name) const;
  std::vector<std::shared_ptr<const FeatureViewInfo>> ListViews() const;
  // Fills in oid. Throws 42P07 when a table or view has the name.
  std::shared_ptr<const FeatureViewInfo> CreateView(FeatureViewInfo info);
  // Throws 42P01 when missing unless if_exists (then returns false).
  bool DropView(const std::string& schema, const std::string& name, bool if_exists);
  // Puts back a dropped view (rollback of DROP); no-op if the name is taken again.
  void RestoreView(std::shared_ptr<const FeatureViewInfo> view);
  // Attaches the running view to the view `oid` (after a restart); no-op if it is gone.
  void SetViewRuntime(uint32_t oid, std::shared_ptr<FeatureSource> runtime);
  // Feature views reading table `oid`.
  std::vector<std::shared_ptr<const FeatureViewInfo>> ViewsOnTable(uint32_t oid) const;

  // Sequences (catalog_sequences.cc). They share the relation namespace with tables.
  std::shared_ptr<const SequenceInfo> GetSequence(const std::string& schema,
                                                  const std::string& name) const;
  std::shared_ptr<const SequenceInfo> GetSequenceByOid(uint32_t oid) const;
  std::vector<std::shared_ptr<const SequenceInfo>> ListSequences() const;
  // Fills in oid (and a state at the start when it has none). Throws 42P07 when a relation
  // has the name (unless if_not_exists -> nullptr).
  std::shared_ptr<const SequenceInfo> CreateSequence(SequenceInfo info, bool if_not_exists);
  // Throws 42P01 when missing unless if_exists (then returns false).
  bool DropSequence(const std::string& schema, const std::string& name, bool if_exists);
  // Puts back a dropped sequence (rollback of DROP); no-op if the name is taken again.
  void RestoreSequence(std::shared_ptr<const SequenceInfo> sequence);
  // Makes `sequence` the description of the sequence with its OID (ALTER SEQUENCE); false
  // when it is gone.
  bool ReplaceSequence(std::shared_ptr<const SequenceInfo> sequence);
  // The sequences owned by a column of table `oid`.
  std::vector<std::shared_ptr<const SequenceInfo>> SequencesOwnedBy(uint32_t oid) const;
  // nextval/setval moved a sequence's durable position: the next commit logs an image.
  // Const because sequence positions change outside DDL, through the read-only catalog
  // that statements see.
  void NoteSequenceLogged() const { sequence_logs_.fetch_add(1, std::memory_order_acq_rel); }

  // Indexes (catalog_indexes.cc). They share the relation namespace with tables.
  std::shared_ptr<const IndexInfo> GetIndex(const std::string& schema,
                                            const std::string& name) const;
  std::vector<std::shared_ptr<const IndexInfo>> ListIndexes() const;
  std::vector<std::shared_ptr<const IndexInfo>> IndexesOn(uint32_t table_oid) const;
  // Fills in oid. Throws 42P07 when a relation has the name (unless if_not_exists ->
  // nullptr).
  std::shared_ptr<const IndexInfo> CreateIndex(IndexInfo info, bool if_not_exists);
  bool DropIndex(const std::string& schema, const std::string& name);
  // ALTER INDEX ... RENAME TO (and RENAME CONSTRAINT of a key): false when there is no such
  // index; 42P07 when a relation of the schema has the new name.
  bool RenameIndex(const std::string& schema, const std::string& name, const std::string& new_name);
  void RestoreIndex(std::shared_ptr<const IndexInfo> index);
  // PostgreSQL's ChooseRelationName: name1_name2_label within 63 bytes (the longer name
  // shortened first), then with label1, label2, ... until no relation of `schema` has it.
  std::string ChooseRelationName(const std::string& schema, const std::string& name1,
                                 const std::string& name2, const std::string& label) const;

  // Plain views (catalog_sql_views.cc). They share the relation namespace with tables.
  std::shared_ptr<const SqlViewInfo> GetSqlView(const std::string& schema,
                                                const std::string& name) const;
  std::shared_ptr<const SqlViewInfo> GetSqlViewByOid(uint32_t oid) const;
  std::vector<std::shared_ptr<const SqlViewInfo>> ListSqlViews() const;
  // The plain views whose query names relation `oid` directly.
  std::vector<std::shared_ptr<const SqlViewInfo>> SqlViewsUsing(uint32_t oid) const;
  // Fills in oid. Throws 42P07 when a relation has the name.
  std::shared_ptr<const SqlViewInfo> CreateSqlView(SqlViewInfo info);
  // Makes `view` the description of the view with its OID (CREATE OR REPLACE, ALTER VIEW
  // RENAME). False, and no change, when that view is gone; throws 42P07 when it is renamed
  // to a name a relation has.
  bool ReplaceSqlView(std::shared_ptr<const SqlViewInfo> view);
  bool DropSqlView(const std::string& schema, const std::string& name);
  // Puts back a dropped view (rollback of DROP); no-op if the name is taken again.
  void RestoreSqlView(std::shared_ptr<const SqlViewInfo> view);

  // Roles.
  std::optional<RoleInfo> GetRole(const std::string& name) const;
  std::vector<RoleInfo> ListRoles() const;
  void CreateRole(RoleInfo role);         // 42710 if it exists
  void UpdateRole(const RoleInfo& role);  // 42704 if missing

  // Comments (catalog_comments.cc). An empty text removes one, as in PostgreSQL; returns the
  // comment it replaces ("" for none). A dropped object's comment is not listed, and not
  // kept in the image: OIDs are not reused, so it can never reach another object.
  std::string SetComment(const CommentKey& key, std::string text);
  std::string GetComment(const CommentKey& key) const;  // "" for none
  std::vector<std::pair<CommentKey, std::string>> ListComments() const;

  uint32_t AllocateOid();

  // The durable part of the catalog — user schemas, tables, views, sequences, indexes, roles,
  // the OID counter — as JSON (catalog_image.cc), logged with every transaction that changes
  // it and saved at checkpoints. ApplyImage makes the catalog match an image: tables present
  // by OID keep their data, new ones start empty, the rest are dropped. Throws
  // std::runtime_error on a malformed image.
  std::string ExportImage() const;
  void ApplyImage(std::string_view json);

  // Changes whenever a schema, table or role is created, changed or dropped; prepared plans
  // bound at an older version are bound again before they run, and the next commit logs a
  // new catalog image.
  uint64_t version() const { return version_.load(std::memory_order_acquire); }
  // Changes whenever the image would: with version(), and when a sequence's durable
  // position moves.
  uint64_t image_version() const {
    return version() + sequence_logs_.load(std::memory_order_acquire);
  }

 private:
  mutable std::shared_mutex mutex_;
  std::atomic<uint64_t> version_{0};
  mutable std::atomic<uint64_t> sequence_logs_{0};
  uint32_t next_oid_ = 16384;                  // GUARDED_BY(mutex_)
  std::map<std::string, SchemaInfo> schemas_;  // GUARDED_BY(mutex_)
  std::map<std::pair<std::string, std::string>, std::shared_ptr<const TableInfo>>
      tables_;                             // GUARDED_BY(mutex_)
  std::map<std::string, RoleInfo> roles_;  // GUARDED_BY(mutex_)
  std::map<std::pair<std::string, std::string>, std::shared_ptr<const FeatureViewInfo>>
      views_;  // GUARDED_BY(mutex_)
  std::map<std::pair<std::string, std::string>, std::shared_ptr<const SequenceInfo>>
      sequences_;  // GUARDED_BY(mutex_)
  std::map<std::pair<std::string, std::string>, std::shared_ptr<const IndexInfo>>
      indexes_;  // GUARDED_BY(mutex_)
  std::map<std::pair<std::string, std::string>, std::shared_ptr<const SqlViewInfo>>
      sql_views_;                               // GUARDED_BY(mutex_)
  std::map<CommentKey, std::string> comments_;  // GUARDED_BY(mutex_)

  // Whether the object `key` names exists. REQUIRES: mutex_ held.
  bool CommentTargetExists(const CommentKey& key) const;

  // Whether a relation (table, view, sequence, index) has the name. REQUIRES: mutex_ held.
  bool RelationExists(const std::pair<std::string, std::string>& key) const;
  // For a relation about to be created as (schema, name): throws 3F000 for a missing schema,
  // 42501 for a system one, 42P07 when the name is taken unless if_not_exists (then returns
  // false). True when it may be created. REQUIRES: mutex_ held.
  bool CheckNewRelation(const std::pair<std::string, std::string>& key, bool if_not_exists) const;
};

}  // namespace firn
