// SessionState: the private half of Session — settings, the open transaction and the
// statement executor. Internal to src/engine/.
// Thread-safety: one session thread.
#pragma once

#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "engine/database.h"
#include "engine/database_services.h"
#include "engine/session.h"
#include "engine/settings.h"
#include "engine/storage_manager.h"
#include "exec/exec_context.h"
#include "sql/binder/bound_statement.h"
#include "types/value_io.h"

namespace firn {

struct PreparedPlan {
  std::string sql;
  std::shared_ptr<const ast::Statement> statement;  // nullptr: empty query
  BoundStatement bound;
  bool is_bound = false;
  uint64_t catalog_version = 0;  // the catalog the plan was bound against
  std::vector<Type> param_types;
};

// The unique indexes on `table` that fit its columns, as its key maps take them.
std::vector<UniqueIndexSpec> UniqueIndexesOf(const Catalog& catalog, const TableInfo& table);
// PostgreSQL's error for a pending row of `write` whose key `conflict` says another row has:
// 23505 naming the index and the key, or 40001 for a concurrent update of the row.
SqlError DuplicateKeyError(const Catalog& catalog, const TableInfo& table, const TableWrite& write,
                           const KeyConflict& conflict);
// Throws 23514, naming the check and showing the row, for the first row of `rows` (the
// table's columns) one of `checks` is false for (session_checks.cc).
void EnforceChecks(const TableInfo& table, const std::vector<BoundCheck>& checks,
                   const DataChunk& rows, ExecContext& ctx);
// Computes the generated columns of `rows` (whole table rows) from their other columns.
void FillGenerated(const std::vector<BoundGenerated>& generated, DataChunk& rows, ExecContext& ctx);

// The open transaction: its pending writes per table, visible only to itself.
class Transaction : public TableAccess {
 public:
  Transaction(StorageManager& storage, const Catalog& catalog)
      : storage_(storage), catalog_(catalog) {}
  std::shared_ptr<const TableVersion> Snapshot(const TableInfo& table) override;
  const TableWrite* PendingWrite(const TableInfo& table) override;
  std::vector<std::vector<Value>> History(const TableInfo& table) override;
  ColumnCache::Stats CacheStats() override { return storage_.cache().stats(); }

  // Time travel: reads see the tables' Iceberg history at `point` and writes are refused
  // (25006). The snapshot point (SET TRANSACTION SNAPSHOT) lasts until the transaction
  // ends; the as-of point (firn.as_of) is set again for every statement.
  void SetSnapshotPoint(StorageManager::ReadPoint point);
  void SetAsOfPoint(std::optional<StorageManager::ReadPoint> point);
  bool has_snapshot_point() const { return snapshot_point_.has_value(); }
  TableWrite& WriteFor(const std::shared_ptr<const TableInfo>& table);
  // Checks the unique keys of the rows written to `table` since the last check against
  // every other row (throws DuplicateKeyError's error).
  void CheckKeys(const std::shared_ptr<const TableInfo>& table);
  // ON CONFLICT: per row of `rows` (for `table`), the row holding its key in one of
  // `indexes` (UniqueKeys::Holders), the transaction's own rows included.
  std::vector<KeyHolder> KeyHolders(const std::shared_ptr<const TableInfo>& table,
                                    const std::vector<UniqueIndexSpec>& indexes,
                                    const DataChunk& rows, bool updating);
  // Claims the writes' unique keys, then logs and applies the pending writes (and any
  // catalog change); on failure rolls back and throws SqlError (23505 for a key another
  // transaction committed first, 53100 when the disk is full).
  void Commit(bool sync);
  // Drops the pending writes and undoes the transaction's DDL, newest first; the undone
  // catalog is logged at once so that a crash cannot bring the DDL back.
  void Rollback();
  // Registers how to undo a catalog change if the transaction rolls back.
  void AddUndo(std::function<void()> undo) { undo_.push_back(std::move(undo)); }

  // SAVEPOINT name: remembers the writes and catalog changes made so far.
  void Savepoint(const std::string& name);
  // RELEASE [SAVEPOINT] name: forgets it and the savepoints made after it (the writes
  // stay). ROLLBACK TO [SAVEPOINT] name: undoes what was done after it (the savepoint
  // stays). Both throw 3B001 when no savepoint has the name (the newest one of a name
  // counts).
  void ReleaseSavepoint(const std::string& name);
  void RollbackToSavepoint(const std::string& name);

 private:
  struct Pending {
    std::shared_ptr<const TableInfo> table;
    TableWrite write;
    PendingKeys keys = {};  // the write's keys checked so far
  };
  // Undoes the claims of `claims` (a commit that failed).
  static void ReleaseClaims(
      const std::vector<std::pair<const TableData*, std::unique_ptr<KeyChanges>>>& claims);
  std::optional<StorageManager::ReadPoint> CurrentReadPoint() const;
  void EndTransaction();
  static void FitColumns(TableWrite& write, const TableInfo& table);

  StorageManager& storage_;
  const Catalog& catalog_;
  std::optional<StorageManager::ReadPoint> snapshot_point_, as_of_point_;
  std::map<uint32_t, std::shared_ptr<const TableVersion>> history_cache_;  // at CurrentReadPoint()
  std::map<uint32_t, Pending> writes_;
  std::vector<std::function<void()>> undo_;
  struct SavepointMark {
    std::string name;
    size_t undo = 0;  // undo_.size() then
    struct TableMark {
      size_t inserts = 0, deletes = 0;
      std::vector<uint8_t> insert_deleted;
    };
    std::map<uint32_t, TableMark> tables;  // the tables written before it
  };
  // The index of the newest savepoint named `name`; throws 3B001 when there is none.
  size_t FindSavepoint(const std::string& name) const;
  std::vector<SavepointMark> savepoints_;  // oldest first
};

class SessionState {
 public:
  SessionState(Database& db, Session& session, SessionStartup startup);

  void ExecuteSimple(std::string_view sql, ResultSink& sink);
  std::shared_ptr<PreparedPlan> Prepare(std::string_view sql, const std::vector<uint32_t>& oids);
  // Runs a bound plan; for row-returning statements, streams rows to sink.OnRows and
  // returns the command tag.
  std::string Execute(PreparedPlan& plan, const std::vector<Value>& params, ResultSink& sink,
                      bool simple_protocol);

  void OnError();
  char TransactionStatus() const;
  Settings& settings() { return settings_; }
  const Settings& settings() const { return settings_; }
  const std::string& user() const { return startup_.user; }
  ExecContext MakeContext(const std::vector<Value>& params);
  // now() for the next statement: the transaction's start, or the test clock firn.now.
  int64_t StatementTime() const;
  // The firn.as_of setting as a read point (nullopt when unset).
  std::optional<StorageManager::ReadPoint> AsOfSetting() const;
  IoContext MakeIoContext() const;
  void BindPlan(PreparedPlan& plan);
  // Binds the plan again if a schema or table changed since it was bound; throws 0A000
  // if that changes its result columns (the client already described them).
  void EnsureCurrent(PreparedPlan& plan);

  // Ends the statement's implicit transaction (autocommit) unless a block is open.
  void FinishStatement(bool ok);

 private:
  std::string ExecuteUtility(const ast::Statement& stmt, ResultSink& sink);
  std::string ExecuteTransaction(const ast::TransactionStmt& stmt, ResultSink& sink);
  std::string ExecuteSavepoint(const ast::TransactionStmt& stmt);
  std::string ExecuteSet(const ast::SetStmt& stmt);
  std::string ExecuteShow(const ast::ShowStmt& stmt, ResultSink& sink, bool simple);
  std::string ExecuteCreateTable(const ast::CreateTableStmt& stmt);
  std::string ExecuteAlterTable(const ast::AlterTableStmt& stmt, ResultSink& sink);
  // ALTER TABLE ... ADD COLUMN `command` to `table` (a description being changed), with
  // PostgreSQL's checks.
  void AddColumn(const ast::AlterTableCommand& command, TableInfo& table, ResultSink& sink,
                 std::vector<uint32_t>* made_sequences);
  // ALTER TABLE ... ALTER COLUMN ... SET NOT NULL on `changed`, the new description of
  // `table`; 23502 when a row is NULL there.
  void SetNotNull(const TableInfo& table, TableInfo& changed,
                  const ast::AlterTableCommand& command);
  // ALTER TABLE ... RENAME COLUMN: `column` of `table` (being changed) gets its new name.
  void RenameColumn(const ast::AlterTableCommand& command, const TableInfo& table,
                    ColumnInfo& column);
  // Throws 2BP01 when a feature view reads `table`: renaming `what` would break its text.
  void RefuseIfViewsRead(const TableInfo& table, const std::string& what);
  // Whether `table` has a row this transaction sees (with `null_column` NULL, if given).
  bool HasRows(const TableInfo& table, const std::string& null_column = "");
  // The first row of `sql`, a query Firn writes to look at the rows this transaction sees
  // (as the session's user); nullopt when it has none.
  std::optional<std::vector<Value>> FirstRow(const std::string& sql);
  // The text to keep as `column`'s DEFAULT, `expr` written as `text`: "" for a NULL
  // default. Throws PostgreSQL's errors for a default the column cannot have.
  std::string CheckedDefault(const ast::Expr& expr, const std::string& text,
                             const ColumnInfo& column);
  // session_table_like.cc: CREATE TABLE's column definitions in order, LIKE's included (made
  // in *copied), with the checks and keys its INCLUDING options copy added to *checks, *keys.
  std::vector<const ast::ColumnDef*> ExpandLike(const ast::CreateTableStmt& s,
                                                std::deque<ast::ColumnDef>* copied,
                                                std::vector<ast::CheckConstraintDef>* checks,
                                                std::vector<ast::KeyConstraintDef>* keys);
  // Binds `table`'s generation expressions: PostgreSQL's errors for one it cannot have,
  // pointing into the statement where text_locations[c] says column c's text starts.
  void CheckGeneratedColumns(const TableInfo& table, const std::vector<int>& text_locations);
  std::string ExecuteCreateTableAs(const ast::CreateTableStmt& stmt);
  // session_keys.cc
  // Throws 23505 when a row written to `table` since the last check shares a unique key.
  void CheckUniqueKeys(const std::shared_ptr<const TableInfo>& table);
  // The unique indexes ON CONFLICT `on` names on `table` (all of them without a target);
  // PostgreSQL's errors when none matches.
  std::vector<UniqueIndexSpec> ArbiterIndexes(const TableInfo& table, const BoundOnConflict& on);
  // ON CONFLICT for one chunk of an INSERT's rows: what to append — the rows no key conflict
  // stops, then the new versions of the rows DO UPDATE changes (their old versions are
  // deleted). `statement_start`: the transaction's pending rows before the statement.
  std::vector<DataChunk> ResolveConflicts(const BoundStatement& b,
                                          const std::vector<UniqueIndexSpec>& arbiters,
                                          const DataChunk& rows, size_t statement_start,
                                          ExecContext& ctx);
  // Makes the indexes of PRIMARY KEY / UNIQUE constraints `keys` on `table` (CREATE TABLE,
  // ALTER TABLE ADD), as PostgreSQL does: the primary key's first, duplicates skipped.
  void AddKeyConstraints(const TableInfo& table, std::vector<ast::KeyConstraintDef> keys);
  void AddKeyConstraint(const TableInfo& table, const ast::KeyConstraintDef& key);
  // 42P16 when `keys` and `table`'s constraints have more than one primary key.
  void CheckOnePrimaryKey(const TableInfo& table, const std::vector<ast::KeyConstraintDef>& keys);
  // Creates the unique index `info` on `table` unless two rows the transaction sees share
  // its key (23505); nullptr when if_not_exists and the name is taken.
  std::shared_ptr<const IndexInfo> CreateUniqueIndex(const TableInfo& table, IndexInfo info,
                                                     bool if_not_exists);
  // ALTER TABLE ... DROP CONSTRAINT [IF EXISTS] name.
  void DropConstraint(const TableInfo& table, const ast::AlterTableCommand& command,
                      ResultSink& sink);
  // session_checks.cc
  // The CHECK constraints `defs` on `table` (with its final columns): bound to find their
  // errors, named as PostgreSQL names them (42710 for a name the table's constraints have).
  std::vector<CheckConstraint> NewChecks(const TableInfo& table,
                                         const std::vector<ast::CheckConstraintDef>& defs);
  // ALTER TABLE ADD: 23514 when a row the transaction sees fails one of `checks` (those
  // not added NOT VALID).
  void ValidateChecks(const TableInfo& table, const std::vector<CheckConstraint>& checks);
  // ALTER TABLE ... RENAME CONSTRAINT of a check (in `table`, the table's new description)
  // or of a key (its index); 42704 when there is none, 42710 when the name is taken.
  void RenameConstraint(TableInfo& table, const ast::AlterTableCommand& command);
  // Renaming `column`, or the table when `column` is -1, would leave a check's kept text
  // naming what is gone: 0A000.
  void RefuseIfChecksRead(const TableInfo& renamed, int column);
  // session_sequences.cc
  struct SequenceOwner {  // OWNED BY table.column (no table: OWNED BY NONE)
    std::shared_ptr<const TableInfo> table;
    int column = -1;
  };
  std::string ExecuteSequence(const ast::SequenceStmt& stmt, bool create, ResultSink& sink);
  std::string ExecuteDropSequences(const ast::DropStmt& stmt, ResultSink& sink);
  // CREATE/ALTER SEQUENCE options (OWNED BY into *owner; refused when owner is nullptr).
  SequenceChanges ReadSequenceOptions(const std::vector<ast::SequenceOption>& options,
                                      std::optional<SequenceOwner>* owner);
  static void CheckOwner(const SequenceInfo& sequence, const SequenceOwner& owner);
  // DROP SEQUENCE of a sequence a column DEFAULT calls (a serial column's, or any default
  // naming it): 2BP01, or with CASCADE drops those defaults. An identity column's sequence
  // cannot be dropped.
  void DetachDependents(const SequenceInfo& sequence, bool cascade, ResultSink& sink);
  // DROP TABLE: the sequences its serial and identity columns own go with it.
  void DropOwnedSequences(const TableInfo& table);
  // A serial or identity column `def` of `table` (schema and name known, no OID yet): makes
  // its sequence (OID appended to *made) and gives `column` its type, NOT NULL and
  // default. False, and nothing done, for any other column.
  bool MakeColumnSequence(const ast::ColumnDef& def, const TableInfo& table, ColumnInfo& column,
                          std::vector<uint32_t>* made);
  // serial, bigserial, smallserial (serial4, serial8, serial2).
  static bool IsSerialType(const ast::TypeName& type);
  // Once `table` exists: the sequences made for its columns become owned by them.
  void OwnColumnSequences(const TableInfo& table, const std::vector<uint32_t>& made);
  static void ValidateTableOption(const TableInfo& table, const std::string& name,
                                  const std::string& value);
  std::string ExecuteDrop(const ast::DropStmt& stmt, ResultSink& sink);
  // session_indexes.cc
  std::string ExecuteCreateIndex(const ast::IndexStmt& stmt, ResultSink& sink);
  std::string ExecuteDropIndexes(const ast::DropStmt& stmt, ResultSink& sink);
  // ALTER INDEX [IF EXISTS] name RENAME TO new_name.
  std::string ExecuteAlterIndex(const ast::AlterTableStmt& stmt, ResultSink& sink);
  // Renames an index (and the key constraint it is), undone by ROLLBACK.
  void RenameIndex(const std::string& schema, const std::string& name, const std::string& new_name);
  void DropTableIndexes(const TableInfo& table);  // DROP TABLE takes its indexes
  // TRUNCATE: deletes every row of the tables in this transaction; RESTART IDENTITY restarts
  // the sequences their columns own (undone by ROLLBACK, as in PostgreSQL).
  std::string ExecuteTruncate(const ast::TruncateStmt& stmt, ResultSink& sink);
  // session_features.cc
  std::string ExecuteCreateFeatureView(const ast::CreateTableStmt& stmt, const std::string& text,
                                       ResultSink& sink);
  std::string ExecuteDropViews(const ast::DropStmt& stmt, ResultSink& sink);
  // Plain views (session_views.cc).
  std::string ExecuteCreateView(const ast::CreateViewStmt& stmt);
  // session_comments.cc
  std::string ExecuteComment(const ast::CommentStmt& stmt);
  std::string ExecuteDropSqlViews(const ast::DropStmt& stmt, ResultSink& sink);
  // ALTER VIEW / ALTER TABLE ... RENAME TO and RENAME COLUMN of a view.
  void ExecuteRenameView(const SqlViewInfo& view, const ast::AlterTableCommand& command);
  // Drops the plain views that read relation `oid` (`what`: "table t"), at any depth, with
  // PostgreSQL's NOTICE (CASCADE), or throws 2BP01 listing them.
  void DropDependentViews(uint32_t oid, const std::string& what, bool cascade, ResultSink& sink);
  // DROP SCHEMA ... CASCADE: drops the views, in any schema, that read its relations.
  void DropViewsReadingSchema(const std::string& schema, ResultSink& sink);
  // Drops the feature views on `table` (CASCADE), or throws 2BP01 naming one.
  void DropViewsOnTable(const TableInfo& table, bool cascade, ResultSink& sink);
  std::string ExecuteRole(const ast::Statement& stmt);
  std::string ExecuteCall(const ast::Statement& stmt);
  std::string ExecuteInsert(const BoundStatement& b, ExecContext& ctx, ResultSink& sink);
  std::string ExecuteDelete(const BoundStatement& b, ExecContext& ctx, ResultSink& sink);
  std::string ExecuteCopy(const BoundStatement& b, ExecContext& ctx, ResultSink& sink);
  std::string ExecuteExplain(const BoundStatement& b, ExecContext& ctx, ResultSink& sink,
                             bool simple);
  void EmitReturning(const BoundStatement& b, const DataChunk& rows, ExecContext& ctx,
                     ResultSink& sink);
  void UpdateTimeZone();
  void CommitTransaction();

  Database& db_;
  Session& session_;
  SessionStartup startup_;
  Settings settings_;
  std::shared_ptr<const TimeZone> time_zone_;
  struct PinnedNow {  // firn.now as last parsed
    std::string text;
    std::shared_ptr<const TimeZone> zone;
    int64_t micros = 0;
  };
  mutable PinnedNow pinned_now_;
  Transaction txn_;
  SessionSequences sequences_;  // currval / lastval
  bool in_block_ = false;
  bool failed_ = false;
  bool implicit_multi_ = false;  // inside a multi-statement simple query
  int64_t txn_start_us_ = 0;

  friend class Session;
};

}  // namespace firn
