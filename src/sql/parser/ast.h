// Firn's own parse tree. libpg_query's PostgreSQL parse tree is turned into these nodes in
// src/sql/parser/ (transform_*.cc) and no PostgreSQL node type leaves that folder. The
// nodes are syntax only: names are unresolved and types unknown until the binder runs.
// Every node keeps `location`, the 0-based byte offset of its first token in the statement
// text (-1 = unknown), so errors can point at it.
// Thread-safety: immutable after construction; shared freely.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "types/value.h"

namespace firn::ast {

struct Expr;
struct SelectStmt;
using ExprPtr = std::unique_ptr<Expr>;

// A type as written: `varchar(10)`, `numeric(12,2)`, `timestamptz`, `int[]`.
struct TypeName {
  std::vector<std::string> names;  // e.g. {"pg_catalog", "int4"} or {"varchar"}
  std::vector<int64_t> modifiers;  // integer typmods as written: varchar(10) -> {10}
  int array_bounds = 0;            // number of [] suffixes
  int location = -1;
};

enum class ExprKind {
  kColumnRef,  // names: a / t.a / s.t.a; star: t.* or *
  kConstant,   // value (typed int4/int8/numeric/bool/null) or an untyped string literal
  kParam,      // $n
  kFuncCall,   // name(args) [FILTER] [OVER], aggregates included
  kOperator,   // binary or prefix operator by name: + - * / % ^ = <> < <= > >= || ~~ ...
  kAnd,
  kOr,
  kNot,
  kIsNull,          // arg IS NULL (negated: IS NOT NULL)
  kBooleanTest,     // IS [NOT] TRUE/FALSE/UNKNOWN
  kIsDistinctFrom,  // a IS [NOT] DISTINCT FROM b (negated = NOT DISTINCT)
  kCast,            // arg::type
  kCase,            // CASE [arg] WHEN .. THEN .. ELSE .. END
  kCoalesce,
  kNullIf,
  kGreatest,
  kLeast,
  kInList,        // arg [NOT] IN (list)
  kBetween,       // arg [NOT] BETWEEN [SYMMETRIC] lo AND hi
  kLike,          // arg [NOT] LIKE/ILIKE pattern [ESCAPE e]
  kSubquery,      // (SELECT ...) scalar subquery
  kExists,        // EXISTS (SELECT ...)
  kInSubquery,    // arg [NOT] IN (SELECT ...)
  kAnyAll,        // arg op ANY/ALL (array expr) or (SELECT ...)
  kArray,         // ARRAY[a, b] / ARRAY(SELECT ...)
  kSubscript,     // arg[i] or arg[lo:hi]
  kSpecialValue,  // CURRENT_DATE, CURRENT_TIMESTAMP, CURRENT_USER, ... (name holds which)
  kRowExpr,       // (a, b) row constructor — only accepted in a few places; variant
                  // "implicit" when written without ROW (a GROUP BY list of columns)
  kDefault,       // DEFAULT in INSERT VALUES
  kGrouping,      // GROUPING(args): which of the args the row's grouping set leaves out
  kGroupingSet,   // only as a SelectStmt::group_by item: variant "rollup" / "cube" /
                  // "sets" (GROUPING SETS) / "empty" (the empty set ()); args = content
};

enum class SortDirection { kDefault, kAsc, kDesc };
enum class NullsOrder { kDefault, kFirst, kLast };

struct SortItem {
  ExprPtr expr;
  SortDirection direction = SortDirection::kDefault;
  NullsOrder nulls = NullsOrder::kDefault;
};

enum class FrameMode { kRows, kRange, kGroups };
enum class FrameBoundKind {
  kUnboundedPreceding,
  kPreceding,  // offset PRECEDING
  kCurrentRow,
  kFollowing,  // offset FOLLOWING
  kUnboundedFollowing,
};
struct FrameBound {
  FrameBoundKind kind = FrameBoundKind::kUnboundedPreceding;
  ExprPtr offset;
};
struct WindowSpec {
  std::string name;      // OVER w (a reference to WINDOW w AS (...)), else empty
  std::string ref_name;  // OVER (w ORDER BY ...) base window
  std::vector<ExprPtr> partition_by;
  std::vector<SortItem> order_by;
  bool has_frame = false;  // false: the default frame
  FrameMode frame_mode = FrameMode::kRange;
  FrameBound frame_start;
  FrameBound frame_end{FrameBoundKind::kCurrentRow, nullptr};
  // EXCLUDE clauses are refused in the transform (0A000).
  int location = -1;
};

struct Expr {
  ExprKind kind;
  int location = -1;

  // kColumnRef: qualified name parts; star == true for `*` / `t.*` (names excludes the star).
  // kFuncCall: function name parts ({"count"}, {"pg_catalog", "extract"}).
  // kOperator: {op} or {schema, op}. kSpecialValue: {"current_date"} etc.
  std::vector<std::string> names;
  bool star = false;

  // kConstant: the literal. An untyped string literal ('abc', no cast) has
  // value.type().id == kUnknown and holds the text in `text`.
  Value value;
  std::string text;
  int param_number = 0;  // kParam

  // Children. Meaning by kind:
  //   kOperator: args = {left, right} or {right} for prefix operators
  //   kAnd/kOr: args = operands; kNot/kIsNull/kBooleanTest/kCast: args = {arg}
  //   kFuncCall: args; kCoalesce/kGreatest/kLeast/kArray/kRowExpr: args
  //   kNullIf / kIsDistinctFrom: args = {a, b}
  //   kCase: args = {arg or nullptr, when1, then1, when2, then2, ...}; else_expr
  //   kInList: args = {arg, item1, item2, ...}
  //   kBetween: args = {arg, low, high}
  //   kLike: args = {arg, pattern[, escape]}
  //   kInSubquery / kAnyAll: args = {arg[, array expr for AnyAll over an array]}
  //   kSubscript: args = {arg, index} or {arg, lower-or-null, upper-or-null} when is_slice
  //   kGrouping: args; kGroupingSet: its items (expressions, implicit rows, nested sets)
  std::vector<ExprPtr> args;
  ExprPtr else_expr;

  bool negated = false;  // NOT IN, NOT LIKE, IS NOT NULL, NOT BETWEEN, IS NOT DISTINCT
  // kBooleanTest: "true" / "false" / "unknown". kAnyAll: "any" / "all".
  // kLike: "like" / "ilike". kBetween: "symmetric" or empty.
  std::string variant;
  std::string op;  // kAnyAll: the comparison operator ("=", "<", ...)
  bool is_slice = false;

  TypeName type_name;  // kCast

  // kFuncCall details.
  bool agg_star = false;             // count(*)
  bool agg_distinct = false;         // count(DISTINCT x)
  ExprPtr agg_filter;                // FILTER (WHERE ...)
  std::vector<SortItem> agg_order;   // array_agg(x ORDER BY y)
  std::unique_ptr<WindowSpec> over;  // OVER (...)
  bool variadic = false;

  // kSubquery / kExists / kInSubquery / kAnyAll over a subquery / kArray over a subquery.
  std::shared_ptr<SelectStmt> subquery;

  explicit Expr(ExprKind k, int loc = -1) : kind(k), location(loc) {}
};

// ---- FROM clause -------------------------------------------------------------------------

enum class TableRefKind { kTable, kSubquery, kJoin, kFunction };
enum class JoinType { kInner, kLeft, kRight, kFull, kCross };

struct TableRef {
  TableRefKind kind = TableRefKind::kTable;
  int location = -1;

  // kTable
  std::string schema;  // empty = search path
  std::string name;

  // Alias: AS a (c1, c2)
  std::string alias;
  std::vector<std::string> column_aliases;

  // kSubquery
  std::shared_ptr<SelectStmt> subquery;
  bool lateral = false;

  // kFunction: generate_series(...), unnest(...), firn_snapshots(...)
  ExprPtr function;
  bool with_ordinality = false;

  // kJoin
  JoinType join_type = JoinType::kInner;
  std::unique_ptr<TableRef> left;
  std::unique_ptr<TableRef> right;
  ExprPtr join_condition;                  // ON
  std::vector<std::string> using_columns;  // USING (...)
  bool natural = false;
};
using TableRefPtr = std::unique_ptr<TableRef>;

// ---- SELECT ------------------------------------------------------------------------------

struct ResultTarget {
  ExprPtr expr;
  std::string alias;  // AS name; empty = derived by the binder like PostgreSQL ("?column?")
  int location = -1;
};

struct CommonTableExpr {
  std::string name;
  std::vector<std::string> column_names;
  std::shared_ptr<SelectStmt> query;
  bool recursive = false;
  int location = -1;
};

enum class SetOpKind { kNone, kUnion, kIntersect, kExcept };

struct WindowDef {
  std::string name;
  std::unique_ptr<WindowSpec> spec;
};

struct SelectStmt {
  // WITH
  std::vector<CommonTableExpr> ctes;
  bool recursive_with = false;

  // Set operation node: op != kNone -> larg op [ALL] rarg; the fields below it do not apply
  // except ORDER BY / LIMIT / OFFSET, which apply to the whole set operation.
  SetOpKind op = SetOpKind::kNone;
  bool set_all = false;
  std::shared_ptr<SelectStmt> larg;
  std::shared_ptr<SelectStmt> rarg;

  // VALUES (...), (...) — when non-empty this node is a VALUES list.
  std::vector<std::vector<ExprPtr>> values;

  bool distinct = false;
  std::vector<ExprPtr> distinct_on;  // DISTINCT ON (...)
  std::vector<ResultTarget> targets;
  std::vector<TableRefPtr> from;  // comma-separated items are an implicit cross join
  ExprPtr where;
  // GROUP BY items as written: expressions and kGroupingSet constructs (the binder expands
  // them into grouping sets, sql/binder/grouping_sets.h). group_distinct: GROUP BY DISTINCT.
  std::vector<ExprPtr> group_by;
  bool group_distinct = false;
  ExprPtr having;
  std::vector<WindowDef> windows;  // WINDOW w AS (...)
  std::vector<SortItem> order_by;
  ExprPtr limit;  // nullptr = none; LIMIT ALL = nullptr
  ExprPtr offset;
  int location = -1;
};

// ---- Statements --------------------------------------------------------------------------

// A CREATE / ALTER SEQUENCE option, or one of an identity column's, as written.
struct SequenceOption {
  std::string name;        // as, increment, minvalue, maxvalue, start, restart, cache, cycle,
                           // owned_by, sequence_name
  bool has_value = false;  // false: NO MINVALUE, NO MAXVALUE, a bare RESTART
  std::string value;       // a number as written; "true"/"false" for cycle
  TypeName type;           // as
  std::vector<std::string> names;  // owned_by (or "none"), sequence_name
  int location = -1;
};

// PRIMARY KEY or UNIQUE, of a column or of a table (CREATE TABLE, ALTER TABLE ADD).
struct KeyConstraintDef {
  std::string name;  // CONSTRAINT name; empty: chosen
  bool primary = false;
  std::vector<std::string> columns;
  int location = -1;
};

// CHECK (expression), of a column or of a table. The expression is kept as written and
// parsed again where it is used, as a DEFAULT is.
struct CheckConstraintDef {
  std::string name;      // CONSTRAINT name; empty: chosen
  std::string column;    // a column constraint's column (names the constraint), else empty
  std::string text;      // the expression between CHECK's parentheses
  bool validate = true;  // false: NOT VALID (rows already stored are not checked)
  int location = -1;
};

struct ColumnDef {
  std::string name;
  TypeName type;
  bool not_null = false;
  bool primary_key = false;
  std::vector<KeyConstraintDef> keys;  // the column's PRIMARY KEY / UNIQUE, in order
  std::vector<CheckConstraintDef> checks;
  ExprPtr default_value;
  std::string default_text;  // default_value as written (sql/parser/source_text.h)
  // GENERATED ALWAYS ('a') / BY DEFAULT ('d') AS IDENTITY [(options)]; '\0': not identity.
  char identity = '\0';
  std::vector<SequenceOption> identity_options;
  // GENERATED ALWAYS AS (expr) STORED: the expression as written (empty: not generated).
  std::string generated_text;
  // A column copied by LIKE: its type, resolved (`type` is then empty).
  std::optional<Type> resolved_type;
  int generated_location = -1;
  int generated_text_location = -1;  // where generated_text starts in the statement
  int default_location = -1;         // where its DEFAULT constraint starts
  int location = -1;
};

struct Option {  // WITH (name = value) and similar; value as text
  std::string name;
  std::string value;
  int location = -1;
};

struct QualifiedName {
  std::string schema;
  std::string name;
  int location = -1;
};

// LIKE source [INCLUDING | EXCLUDING ...] in CREATE TABLE's column list.
struct TableLikeDef {
  QualifiedName source;
  uint32_t options = 0;  // PostgreSQL's CREATE_TABLE_LIKE_* bits (kLike* below)
  size_t position = 0;   // the source's columns go before columns[position]
  int location = -1;
};
inline constexpr uint32_t kLikeComments = 1u << 0, kLikeConstraints = 1u << 2,
                          kLikeDefaults = 1u << 3, kLikeGenerated = 1u << 4,
                          kLikeIdentity = 1u << 5, kLikeIndexes = 1u << 6;

struct CreateTableStmt {
  std::string schema;
  std::string name;
  bool if_not_exists = false;
  std::vector<ColumnDef> columns;
  std::vector<TableLikeDef> likes;
  std::vector<KeyConstraintDef> keys;      // table-level PRIMARY KEY / UNIQUE (...)
  std::vector<CheckConstraintDef> checks;  // table-level CHECK (...)
  std::vector<Option> options;             // WITH (...)
  std::shared_ptr<SelectStmt> as_select;   // CREATE TABLE ... AS SELECT
  bool temporary = false;
  bool materialized_view = false;  // CREATE MATERIALIZED VIEW ... AS SELECT (a feature view)
};

// CREATE [OR REPLACE] VIEW name [(column, ...)] AS query.
struct CreateViewStmt {
  QualifiedName name;
  bool replace = false;
  std::vector<std::string> column_names;
  std::shared_ptr<SelectStmt> query;
  std::string query_text;  // `query` as written (sql/parser/source_text.h)
};

enum class ObjectKind { kTable, kSchema, kView, kMaterializedView, kRole, kIndex, kSequence };

// CREATE SEQUENCE [IF NOT EXISTS] name options / ALTER SEQUENCE [IF EXISTS] name options.
struct SequenceStmt {
  QualifiedName name;
  bool if_not_exists = false;  // CREATE
  bool if_exists = false;      // ALTER
  std::vector<SequenceOption> options;
};

struct DropStmt {
  ObjectKind object = ObjectKind::kTable;
  std::vector<QualifiedName> names;
  bool if_exists = false;
  bool cascade = false;
};

// CREATE INDEX [IF NOT EXISTS] [name] ON table [USING method] (col [ASC|DESC] [NULLS
// FIRST|LAST], ...) [INCLUDE (col, ...)].
struct IndexElem {
  std::string column;
  bool descending = false;
  int nulls = 0;  // 0 default, 1 NULLS FIRST, 2 NULLS LAST
  int location = -1;
};
struct IndexStmt {
  QualifiedName table;
  std::string name;  // empty: chosen
  bool if_not_exists = false;
  bool unique = false;
  std::string method;
  std::vector<IndexElem> columns;
  std::vector<std::string> include;
};

// TRUNCATE [TABLE] name, ... [RESTART IDENTITY | CONTINUE IDENTITY] [CASCADE | RESTRICT].
struct TruncateStmt {
  std::vector<QualifiedName> tables;
  bool restart_identity = false;
};

struct CreateSchemaStmt {
  std::string name;
  bool if_not_exists = false;
};

// ON CONFLICT [(column, ...) | ON CONSTRAINT name] DO NOTHING | DO UPDATE SET ... [WHERE].
struct OnConflict {
  std::vector<std::string> columns;  // the conflict target (empty: none given)
  std::string constraint;            // ON CONSTRAINT name
  bool do_update = false;
  std::vector<std::pair<std::string, ExprPtr>> assignments;  // DO UPDATE SET
  ExprPtr where;                                             // DO UPDATE ... WHERE
  int location = -1;
};

struct InsertStmt {
  QualifiedName table;
  std::string alias;
  std::vector<std::string> columns;  // explicit column list, empty = all
  std::vector<int> column_locations;
  std::shared_ptr<SelectStmt> source;    // VALUES or SELECT; nullptr = DEFAULT VALUES
  bool overriding_system_value = false;  // OVERRIDING SYSTEM VALUE
  bool overriding_user_value = false;    // OVERRIDING USER VALUE
  std::optional<OnConflict> on_conflict;
  std::vector<ResultTarget> returning;
  std::vector<CommonTableExpr> ctes;
};

struct DeleteStmt {
  QualifiedName table;
  std::string alias;
  ExprPtr where;
  std::vector<ResultTarget> returning;
};

struct UpdateStmt {
  QualifiedName table;
  std::string alias;
  std::vector<std::pair<std::string, ExprPtr>> assignments;
  ExprPtr where;
  std::vector<ResultTarget> returning;
};

enum class TransactionKind {
  kBegin,
  kCommit,
  kRollback,
  kSavepoint,
  kRelease,
  kRollbackTo,
  kPrepare,
};
struct TransactionStmt {
  TransactionKind kind = TransactionKind::kBegin;
  std::vector<Option> options;  // isolation level etc., accepted and ignored
  std::string savepoint;
  bool chain = false;
};

enum class SetKind { kValue, kDefault, kReset, kResetAll, kLocal };
struct SetStmt {
  SetKind kind = SetKind::kValue;
  std::string name;                 // lower-cased: "timezone", "datestyle", "application_name"
  std::vector<std::string> values;  // each value as text (numbers as written)
  bool is_local = false;
};

struct ShowStmt {
  std::string name;  // "all" for SHOW ALL
};

struct CopyStmt {
  QualifiedName table;  // COPY table [(cols)]
  std::vector<std::string> columns;
  std::shared_ptr<SelectStmt> query;  // COPY (SELECT ...) TO
  bool is_from = false;               // FROM STDIN vs TO STDOUT
  std::string filename;               // empty = STDIN/STDOUT
  std::vector<Option> options;        // format, header, null, delimiter, quote, escape
};

struct ExplainStmt;
struct RoleOption {
  std::string name;   // "password", "login", "superuser", ...
  std::string value;  // text value for password; "true"/"false" for flags
  bool is_null = false;
};
struct CreateRoleStmt {
  std::string name;
  std::vector<RoleOption> options;
  bool is_user = false;  // CREATE USER implies LOGIN
};
// ALTER TABLE [IF EXISTS] name cmd, ...: ADD COLUMN, the column-default and NOT NULL
// commands; ALTER TABLE ... RENAME [COLUMN] a TO b and RENAME TO b (RenameStmts in
// PostgreSQL's grammar) are one kRenameColumn / kRenameTable command.
enum class AlterTableKind {
  kAddColumn,
  kSetDefault,
  kDropDefault,
  kSetNotNull,
  kDropNotNull,
  kRenameColumn,
  kRenameTable,
  kAddConstraint,  // PRIMARY KEY or UNIQUE
  kAddCheck,
  kRenameConstraint,  // column: the constraint's name
  kDropConstraint
};
struct AlterTableCommand {
  AlterTableKind kind = AlterTableKind::kSetDefault;
  std::string column;
  std::string new_name;         // kRenameColumn, kRenameTable
  ExprPtr default_value;        // kSetDefault
  std::string default_text;     // default_value as written
  ColumnDef column_def;         // kAddColumn
  bool if_not_exists = false;   // kAddColumn: ADD COLUMN IF NOT EXISTS
  bool if_exists = false;       // kDropConstraint: DROP CONSTRAINT IF EXISTS (name in column)
  KeyConstraintDef constraint;  // kAddConstraint
  CheckConstraintDef check;     // kAddCheck
};
struct AlterTableStmt {
  QualifiedName table;
  bool if_exists = false;
  bool alter_view = false;   // written ALTER VIEW (only RENAME [COLUMN])
  bool alter_index = false;  // ALTER INDEX name RENAME TO (one kRenameTable command)
  std::vector<AlterTableCommand> commands;
};

struct AlterRoleStmt {
  std::string name;
  std::vector<RoleOption> options;
};

struct Statement;
struct ExplainStmt {
  std::unique_ptr<Statement> statement;
  bool analyze = false;
  bool verbose = false;
  std::vector<Option> options;  // other EXPLAIN (...) options as written: costs, format, ...
};

enum class StatementKind {
  kSelect,
  kInsert,
  kDelete,
  kUpdate,
  kCreateTable,
  kCreateSchema,
  kDrop,
  kTransaction,
  kSet,
  kShow,
  kCopy,
  kExplain,
  kCreateRole,
  kAlterRole,
  kAlterTable,
  kCheckpoint,
  kCall,     // CALL procedure(args): Firn's procedures (firn_create_tag)
  kDiscard,  // DISCARD ALL
  kDeallocate,
  kCreateSequence,
  kAlterSequence,
  kTruncate,
  kCreateIndex,
  kCreateView,
  kComment,
};

// COMMENT ON <object> name IS 'text' | NULL.
enum class CommentObject { kTable, kColumn, kView, kMaterializedView, kIndex, kSequence, kSchema };
struct CommentStmt {
  CommentObject object = CommentObject::kTable;
  std::vector<std::string> names;   // [schema.]name, or [schema.]relation.column
  std::optional<std::string> text;  // nullopt: IS NULL (removes the comment)
};

struct Statement {
  StatementKind kind;
  std::string text;  // the statement's own text
  int location = 0;  // its offset in the query string (errors point into the whole string)

  std::shared_ptr<SelectStmt> select;
  std::unique_ptr<InsertStmt> insert;
  std::unique_ptr<DeleteStmt> del;
  std::unique_ptr<UpdateStmt> update;
  std::unique_ptr<CreateTableStmt> create_table;
  std::unique_ptr<CreateSchemaStmt> create_schema;
  std::unique_ptr<DropStmt> drop;
  std::unique_ptr<TransactionStmt> transaction;
  std::unique_ptr<SetStmt> set;
  std::unique_ptr<ShowStmt> show;
  std::unique_ptr<CopyStmt> copy;
  std::unique_ptr<ExplainStmt> explain;
  std::unique_ptr<CreateRoleStmt> create_role;
  std::unique_ptr<AlterRoleStmt> alter_role;
  std::unique_ptr<AlterTableStmt> alter_table;
  std::unique_ptr<SequenceStmt> sequence;  // kCreateSequence, kAlterSequence
  std::unique_ptr<TruncateStmt> truncate;
  std::unique_ptr<IndexStmt> index;  // kCreateIndex
  std::unique_ptr<CreateViewStmt> create_view;
  std::unique_ptr<CommentStmt> comment;
  std::string deallocate_name;  // kDeallocate ("" = ALL)
  ExprPtr call;                 // kCall: the procedure call

  explicit Statement(StatementKind k) : kind(k) {}
};
using StatementPtr = std::unique_ptr<Statement>;

}  // namespace firn::ast
