#include "engine/session.h"

#include <cctype>

#include "common/clock.h"
#include "common/sql_error.h"
#include "engine/session_state.h"

#include <nlohmann/json.hpp>
#include "exec/evaluator.h"
#include "exec/operator.h"
#include "sql/binder/binder.h"
#include "sql/parser/parser.h"
#include "types/value_io.h"

namespace firn {

// ---- Transaction -------------------------------------------------------------------------

std::optional<StorageManager::ReadPoint> Transaction::CurrentReadPoint() const {
  return snapshot_point_ ? snapshot_point_ : as_of_point_;
}

namespace {

// A data file a unique-key check had to read failed (the keys are built from the rows).
SqlError KeyCheckError(const TableInfo& table, const Status& status) {
  return SqlError(SqlStateOf(status), "could not check the unique keys of table \"" + table.name +
                                          "\": " + status.message());
}

void ThrowIfUnavailable(const TableInfo& table) {
  if (!table.data) return;
  if (std::optional<std::string> reason = table.data->Unavailable()) {
    throw SqlError(sqlstate::kDataCorrupted,
                   "table \"" + table.name + "\" is unavailable: " + *reason);
  }
}

}  // namespace

std::shared_ptr<const TableVersion> Transaction::Snapshot(const TableInfo& table) {
  ThrowIfUnavailable(table);
  std::optional<StorageManager::ReadPoint> point = CurrentReadPoint();
  if (!point || !table.data) return table.data->Snapshot();
  auto cached = history_cache_.find(table.oid);
  if (cached != history_cache_.end()) return cached->second;
  Result<std::shared_ptr<const TableVersion>> version = storage_.ReadAt(table, *point);
  if (!version.ok()) {
    const Status& s = version.status();
    throw SqlError(SqlStateOf(s),
                   "could not read the history of table \"" + table.name + "\": " + s.message());
  }
  history_cache_[table.oid] = version.value();
  return version.value();
}

void Transaction::SetSnapshotPoint(StorageManager::ReadPoint point) {
  snapshot_point_ = point;
  history_cache_.clear();
}

void Transaction::SetAsOfPoint(std::optional<StorageManager::ReadPoint> point) {
  bool same = point.has_value() == as_of_point_.has_value() &&
              (!point || point->time_us == as_of_point_->time_us);
  as_of_point_ = point;
  if (!same && !snapshot_point_) history_cache_.clear();
}

std::vector<std::vector<Value>> Transaction::History(const TableInfo& table) {
  std::vector<std::vector<Value>> rows;
  std::optional<iceberg::TableHandle> handle = storage_.Handle(table.oid);
  if (!handle) return rows;
  std::map<int64_t, std::vector<Value>> tags;
  for (const auto& [name, ref] : handle->metadata.refs) {
    if (ref.type == "tag") tags[ref.snapshot_id].push_back(Value::Text(name));
  }
  for (const iceberg::Snapshot& snap : handle->metadata.snapshots) {
    nlohmann::json summary(snap.summary);
    auto op = snap.summary.find("operation");
    rows.push_back(
        {Value::Int8(snap.snapshot_id),
         snap.parent_snapshot_id ? Value::Int8(*snap.parent_snapshot_id)
                                 : Value::Null(Type(TypeId::kInt8)),
         Value::TimestampTz(snap.timestamp_ms * 1000),
         op == snap.summary.end() ? Value::Null(Type(TypeId::kText)) : Value::Text(op->second),
         Value::Text(summary.dump()), Value::MakeArray(TypeId::kText, tags[snap.snapshot_id])});
  }
  return rows;
}

const TableWrite* Transaction::PendingWrite(const TableInfo& table) {
  auto it = writes_.find(table.oid);
  if (it == writes_.end()) return nullptr;
  FitColumns(it->second.write, table);
  return &it->second.write;
}

void Transaction::FitColumns(TableWrite& write, const TableInfo& table) {
  // Another session added columns since this transaction first wrote the table; a
  // statement bound since reads and writes them.
  if (table.columns.size() > write.inserts.types().size()) {
    write.inserts.AddColumns(table.ColumnTypes());
  }
}

TableWrite& Transaction::WriteFor(const std::shared_ptr<const TableInfo>& table) {
  ThrowIfUnavailable(*table);
  if (CurrentReadPoint()) {
    throw SqlError(sqlstate::kReadOnlySqlTransaction,
                   "cannot write to table \"" + table->name +
                       "\" while reading at a snapshot (SET TRANSACTION SNAPSHOT or firn.as_of)");
  }
  auto it = writes_.find(table->oid);
  if (it == writes_.end()) {
    it = writes_.emplace(table->oid, Pending{table, TableWrite(table->ColumnTypes())}).first;
  } else if (table->columns.size() > it->second.table->columns.size()) {
    FitColumns(it->second.write, *table);
    it->second.table = table;
  }
  return it->second.write;
}

void Transaction::CheckKeys(const std::shared_ptr<const TableInfo>& table) {
  auto it = writes_.find(table->oid);
  if (it == writes_.end()) return;
  std::vector<UniqueIndexSpec> indexes = UniqueIndexesOf(catalog_, *table);
  if (indexes.empty()) return;
  Pending& pending = it->second;
  FitColumns(pending.write, *table);
  const TableData& data = *table->data;
  auto checked = data.unique_keys().Check(indexes, data, pending.write, pending.keys);
  if (!checked.ok()) throw KeyCheckError(*table, checked.status());
  if (checked.value()) {
    throw DuplicateKeyError(catalog_, *table, pending.write, *checked.value());
  }
}

std::vector<KeyHolder> Transaction::KeyHolders(const std::shared_ptr<const TableInfo>& table,
                                               const std::vector<UniqueIndexSpec>& indexes,
                                               const DataChunk& rows, bool updating) {
  CheckKeys(table);  // brings the write's own keys up to date
  TableWrite& write = WriteFor(table);
  const TableData& data = *table->data;
  auto holders =
      data.unique_keys().Holders(indexes, data, write, writes_.at(table->oid).keys, rows, updating);
  if (!holders.ok()) throw KeyCheckError(*table, holders.status());
  return holders.take();
}

void Transaction::ReleaseClaims(
    const std::vector<std::pair<const TableData*, std::unique_ptr<KeyChanges>>>& claims) {
  for (const auto& [data, changes] : claims) data->unique_keys().Release(*changes);
}

void Transaction::Commit(bool sync) {
  std::vector<TableChangeRef> changes;
  std::vector<std::pair<const TableData*, std::unique_ptr<KeyChanges>>> claims;
  for (auto& [oid, pending] : writes_) {
    TableChangeRef change{pending.table, &pending.write};
    std::shared_ptr<const TableInfo> table = catalog_.GetTableByOid(oid);
    if (!table) table = pending.table;
    std::vector<UniqueIndexSpec> indexes;
    if (!pending.write.empty()) indexes = UniqueIndexesOf(catalog_, *table);
    if (!indexes.empty()) {
      const TableData& data = *table->data;
      auto keys = std::make_unique<KeyChanges>();
      auto claimed = data.unique_keys().Claim(indexes, data, pending.write, *keys);
      if (!claimed.ok() || claimed.value()) {
        ReleaseClaims(claims);
        SqlError error = claimed.ok()
                             ? DuplicateKeyError(catalog_, *table, pending.write, *claimed.value())
                             : KeyCheckError(*table, claimed.status());
        Rollback();
        throw error;
      }
      change.keys = keys.get();
      claims.emplace_back(&data, std::move(keys));
    }
    changes.push_back(change);
  }
  Status s = storage_.Commit(changes, sync);
  if (!s.ok()) {
    ReleaseClaims(claims);
    Rollback();
    throw SqlError(SqlStateOf(s), "could not commit the transaction: " + s.message());
  }
  EndTransaction();
}

void Transaction::Savepoint(const std::string& name) {
  SavepointMark mark;
  mark.name = name;
  mark.undo = undo_.size();
  for (const auto& [oid, pending] : writes_) {
    const TableWrite& w = pending.write;
    mark.tables[oid] = {w.inserts.size(), w.deletes.size(), w.insert_deleted};
  }
  savepoints_.push_back(std::move(mark));
}

size_t Transaction::FindSavepoint(const std::string& name) const {
  for (size_t i = savepoints_.size(); i-- > 0;) {
    if (savepoints_[i].name == name) return i;
  }
  throw SqlError(sqlstate::kInvalidSavepointSpecification,
                 "savepoint \"" + name + "\" does not exist");
}

void Transaction::ReleaseSavepoint(const std::string& name) {
  savepoints_.resize(FindSavepoint(name));
}

void Transaction::RollbackToSavepoint(const std::string& name) {
  const size_t index = FindSavepoint(name);
  savepoints_.resize(index + 1);
  const SavepointMark& mark = savepoints_.back();
  const bool undone = undo_.size() > mark.undo;
  while (undo_.size() > mark.undo) {
    undo_.back()();
    undo_.pop_back();
  }
  for (auto it = writes_.begin(); it != writes_.end();) {
    auto kept = mark.tables.find(it->first);
    if (kept == mark.tables.end()) {
      it = writes_.erase(it);
      continue;
    }
    TableWrite& w = it->second.write;
    it->second.keys.Reset();
    w.inserts.Truncate(kept->second.inserts);
    w.deletes.resize(kept->second.deletes);
    w.insert_deleted = kept->second.insert_deleted;
    ++it;
  }
  history_cache_.clear();
  // As ROLLBACK: others may have logged the undone DDL with a commit of theirs.
  if (undone) (void)storage_.Commit({}, true);
}

void Transaction::EndTransaction() {
  writes_.clear();
  undo_.clear();
  savepoints_.clear();
  snapshot_point_.reset();
  history_cache_.clear();
}

void Transaction::Rollback() {
  bool logged_undo = !undo_.empty();
  for (auto it = undo_.rbegin(); it != undo_.rend(); ++it) (*it)();
  EndTransaction();
  if (!logged_undo) return;
  // Others may have logged the DDL with a commit of theirs; log the catalog without it.
  (void)storage_.Commit({}, true);  // best effort: a failure here leaves the WAL as it was
}

// ---- PreparedStatement -------------------------------------------------------------------

PreparedStatement::PreparedStatement(std::shared_ptr<PreparedPlan> plan) : plan_(std::move(plan)) {}
PreparedStatement::~PreparedStatement() = default;
const std::vector<Type>& PreparedStatement::param_types() const { return plan_->param_types; }
const std::vector<ColumnDescription>& PreparedStatement::columns() const {
  return plan_->bound.columns;
}
bool PreparedStatement::returns_rows() const { return !plan_->bound.columns.empty(); }
const std::string& PreparedStatement::sql() const { return plan_->sql; }

// ---- SessionState ------------------------------------------------------------------------

SessionState::SessionState(Database& db, Session& session, SessionStartup startup)
    : db_(db), session_(session), startup_(std::move(startup)), txn_(db.storage(), db.catalog()) {
  settings_.Set("application_name", startup_.application_name);
  settings_.Set("session_authorization", startup_.user);
  for (const auto& [name, value] : startup_.settings) settings_.Set(name, value);
  UpdateTimeZone();
  settings_.TakeChangedReported();
}

void SessionState::UpdateTimeZone() {
  std::string name = settings_.Get("TimeZone").value_or("UTC");
  auto tz = db_.services().time_zones.Find(name);
  if (!tz) {
    throw SqlError(sqlstate::kInvalidParameterValue,
                   "invalid value for parameter \"TimeZone\": \"" + name + "\"");
  }
  time_zone_ = tz;
}

std::optional<StorageManager::ReadPoint> SessionState::AsOfSetting() const {
  const std::string* as_of = settings_.Find("firn.as_of");
  if (!as_of || as_of->empty()) return std::nullopt;
  Value t = ParseValueText(*as_of, Type(TypeId::kTimestampTz), MakeIoContext());
  return StorageManager::ReadPoint{std::nullopt, t.GetInt64()};
}

int64_t SessionState::StatementTime() const {
  // firn.now, the test clock: pins now() for this session (docs/features.md).
  const std::string* pinned = settings_.Find("firn.now");
  if (pinned && !pinned->empty()) {
    // Parsed once per value and time zone (a text without an offset is local time), not
    // at every statement of a session that serves lookups; words such as 'now' or
    // 'today' mean something else at every statement.
    bool dated = std::isdigit(static_cast<unsigned char>((*pinned)[0])) != 0;
    if (!dated || *pinned != pinned_now_.text || time_zone_ != pinned_now_.zone) {
      IoContext io;
      io.time_zone = time_zone_.get();
      io.zones = &db_.services().time_zones;
      int64_t us = ParseValueText(*pinned, Type(TypeId::kTimestampTz), io).GetInt64();
      pinned_now_ = PinnedNow{*pinned, time_zone_, us};
    }
    return pinned_now_.micros;
  }
  return in_block_ ? txn_start_us_ : WallClockMicros();
}

ExecContext SessionState::MakeContext(const std::vector<Value>& params) {
  txn_.SetAsOfPoint(AsOfSetting());
  ExecContext ctx;
  ctx.functions = &db_.services().functions;
  ctx.eval.statement_time_us = StatementTime();
  ctx.eval.time_zone = time_zone_.get();
  ctx.eval.zones = &db_.services().time_zones;
  ctx.eval.catalog = &db_.catalog();
  ctx.eval.user = user();
  ctx.eval.sequences = &sequences_;
  ctx.params = params;
  ctx.tables = &txn_;
  ctx.cancel = &session_.cancel_requested_;
  if (const std::string* timeout = settings_.Find("statement_timeout");
      timeout && *timeout != "0") {
    ctx.deadline =
        std::chrono::steady_clock::now() + std::chrono::milliseconds(Settings::Millis(*timeout));
  }
  return ctx;
}

IoContext SessionState::MakeIoContext() const {
  IoContext io;
  io.time_zone = time_zone_.get();
  io.now_micros = StatementTime();
  io.zones = &db_.services().time_zones;
  return io;
}

char SessionState::TransactionStatus() const {
  if (!in_block_) return 'I';
  return failed_ ? 'E' : 'T';
}

void SessionState::OnError() {
  if (in_block_) {
    failed_ = true;
  } else if (!implicit_multi_) {
    txn_.Rollback();
  }
}

void SessionState::CommitTransaction() {
  const std::string* mode = settings_.Find("synchronous_commit");
  txn_.Commit(!mode || *mode != "off");
}

void SessionState::FinishStatement(bool ok) {
  if (in_block_ || implicit_multi_) return;
  if (ok) {
    CommitTransaction();
  } else {
    txn_.Rollback();
  }
}

void SessionState::EnsureCurrent(PreparedPlan& plan) {
  if (!plan.is_bound || plan.catalog_version == db_.catalog().version()) return;
  std::vector<ColumnDescription> described = plan.bound.columns;
  BindPlan(plan);
  bool same = described.size() == plan.bound.columns.size();
  for (size_t i = 0; same && i < described.size(); i++) {
    same = described[i].type == plan.bound.columns[i].type;
  }
  if (!same) {
    throw SqlError(sqlstate::kFeatureNotSupported, "cached plan must not change result type");
  }
}

void SessionState::BindPlan(PreparedPlan& plan) {
  plan.catalog_version = db_.catalog().version();
  BinderContext bctx = MakeBinderContext(db_, startup_.user);
  bctx.param_types = plan.param_types;
  Binder binder(bctx);
  plan.bound = binder.Bind(plan.statement);
  plan.param_types = bctx.param_types;
  plan.is_bound = true;
}

std::shared_ptr<PreparedPlan> SessionState::Prepare(std::string_view sql,
                                                    const std::vector<uint32_t>& oids) {
  std::vector<ast::StatementPtr> stmts = ParseSql(sql);
  if (stmts.size() > 1) {
    throw SqlError(sqlstate::kSyntaxError,
                   "cannot insert multiple commands into a prepared statement");
  }
  auto plan = std::make_shared<PreparedPlan>();
  plan->sql = std::string(sql);
  for (uint32_t oid : oids) {
    if (oid == 0) {
      plan->param_types.push_back(Type(TypeId::kUnknown));
      continue;
    }
    std::optional<Type> t = Type::FromOid(oid);
    if (!t) {
      throw SqlError(sqlstate::kUndefinedObject,
                     "type with OID " + std::to_string(oid) + " is not supported");
    }
    plan->param_types.push_back(*t);
  }
  if (stmts.empty()) return plan;
  plan->statement = std::shared_ptr<const ast::Statement>(std::move(stmts[0]));
  if (failed_ && in_block_) {
    // Only transaction control parses in a failed block; binding would be pointless.
    return plan;
  }
  BindPlan(*plan);
  return plan;
}

void SessionState::ExecuteSimple(std::string_view sql, ResultSink& sink) {
  std::vector<ast::StatementPtr> stmts = ParseSql(sql);
  if (stmts.empty()) {
    sink.OnEmptyQuery();
    return;
  }
  // Several statements in one Query message run as one implicit transaction, as in
  // PostgreSQL: an error rolls back the earlier ones too (unless a block was opened).
  implicit_multi_ = stmts.size() > 1 && !in_block_;
  try {
    for (ast::StatementPtr& s : stmts) {
      PreparedPlan plan;
      plan.sql = s->text;
      plan.statement = std::shared_ptr<const ast::Statement>(std::move(s));
      std::string tag = Execute(plan, {}, sink, /*simple_protocol=*/true);
      sink.OnCommandComplete(tag);
    }
  } catch (...) {
    if (implicit_multi_) {
      implicit_multi_ = false;
      OnError();
    }
    throw;
  }
  if (implicit_multi_) {
    implicit_multi_ = false;
    FinishStatement(true);
  }
}

std::string SessionState::Execute(PreparedPlan& plan, const std::vector<Value>& params,
                                  ResultSink& sink, bool simple) {
  session_.cancel_requested_.store(false);
  if (!plan.statement) return "";
  const ast::Statement& stmt = *plan.statement;
  bool is_txn_control = stmt.kind == ast::StatementKind::kTransaction;
  if (in_block_ && failed_ && !is_txn_control) {
    throw SqlError(sqlstate::kInFailedSqlTransaction,
                   "current transaction is aborted, commands ignored until end of transaction "
                   "block");
  }
  try {
    std::string tag;
    switch (stmt.kind) {
      case ast::StatementKind::kSelect:
      case ast::StatementKind::kInsert:
      case ast::StatementKind::kDelete:
      case ast::StatementKind::kUpdate:
      case ast::StatementKind::kCopy:
      case ast::StatementKind::kExplain: {
        if (!plan.is_bound) BindPlan(plan);
        EnsureCurrent(plan);
        const BoundStatement& b = plan.bound;
        ExecContext ctx = MakeContext(params);
        ctx.ctes = b.ctes;
        ctx.cte_results.resize(b.ctes.size());
        if (stmt.kind == ast::StatementKind::kSelect) {
          if (simple) sink.OnRowDescription(b.columns);
          std::vector<std::vector<Value>> looked_up;
          if (TryFeatureLookup(*b.query.plan, ctx, &looked_up)) {
            sink.OnValueRows(looked_up, b.query.plan->types);
            tag = "SELECT " + std::to_string(looked_up.size());
            break;
          }
          auto op = BuildOperator(*b.query.plan, ctx);
          size_t rows = 0;
          while (true) {
            DataChunk chunk;
            bool more = op->Next(chunk);
            if (chunk.size() > 0) {
              rows += chunk.size();
              sink.OnRows(chunk, 0, chunk.size());
            }
            if (!more) break;
          }
          tag = "SELECT " + std::to_string(rows);
        } else if (stmt.kind == ast::StatementKind::kInsert) {
          if (simple && !b.columns.empty()) sink.OnRowDescription(b.columns);
          tag = ExecuteInsert(b, ctx, sink);
        } else if (stmt.kind == ast::StatementKind::kDelete ||
                   stmt.kind == ast::StatementKind::kUpdate) {
          if (simple && !b.columns.empty()) sink.OnRowDescription(b.columns);
          tag = ExecuteDelete(b, ctx, sink);
        } else if (stmt.kind == ast::StatementKind::kCopy) {
          tag = ExecuteCopy(b, ctx, sink);
        } else {
          tag = ExecuteExplain(b, ctx, sink, simple);
        }
        break;
      }
      default:
        tag = ExecuteUtility(stmt, sink);
        break;
    }
    if (!is_txn_control) FinishStatement(true);
    return tag;
  } catch (...) {
    OnError();
    throw;
  }
}

std::string SessionState::ExecuteTransaction(const ast::TransactionStmt& t, ResultSink& sink) {
  switch (t.kind) {
    case ast::TransactionKind::kBegin:
      if (in_block_) {
        sink.OnNotice(Notice{"WARNING", sqlstate::kActiveSqlTransaction,
                             "there is already a transaction in progress", "", ""});
        return "BEGIN";
      }
      in_block_ = true;
      failed_ = false;
      txn_start_us_ = WallClockMicros();
      return "BEGIN";
    case ast::TransactionKind::kCommit:
    case ast::TransactionKind::kRollback: {
      bool commit = t.kind == ast::TransactionKind::kCommit;
      if (!in_block_) {
        sink.OnNotice(Notice{"WARNING", sqlstate::kNoActiveSqlTransaction,
                             "there is no transaction in progress", "", ""});
        return commit ? "COMMIT" : "ROLLBACK";
      }
      bool was_failed = failed_;
      in_block_ = false;
      failed_ = false;
      if (commit && !was_failed) {
        CommitTransaction();
        return "COMMIT";
      }
      txn_.Rollback();
      return "ROLLBACK";
    }
    case ast::TransactionKind::kSavepoint:
    case ast::TransactionKind::kRelease:
    case ast::TransactionKind::kRollbackTo:
      return ExecuteSavepoint(t);
    default:
      throw SqlError(sqlstate::kFeatureNotSupported, "two-phase commit is not supported");
  }
}

std::string SessionState::ExecuteSavepoint(const ast::TransactionStmt& t) {
  const char* what = t.kind == ast::TransactionKind::kSavepoint ? "SAVEPOINT"
                     : t.kind == ast::TransactionKind::kRelease ? "RELEASE SAVEPOINT"
                                                                : "ROLLBACK TO SAVEPOINT";
  if (!in_block_) {
    throw SqlError(sqlstate::kNoActiveSqlTransaction,
                   std::string(what) + " can only be used in transaction blocks");
  }
  if (t.kind == ast::TransactionKind::kRollbackTo) {
    txn_.RollbackToSavepoint(t.savepoint);
    failed_ = false;
    return "ROLLBACK";
  }
  if (failed_) {
    throw SqlError(sqlstate::kInFailedSqlTransaction,
                   "current transaction is aborted, commands ignored until end of transaction "
                   "block");
  }
  if (t.kind == ast::TransactionKind::kSavepoint) {
    txn_.Savepoint(t.savepoint);
    return "SAVEPOINT";
  }
  txn_.ReleaseSavepoint(t.savepoint);
  return "RELEASE";
}

// ---- Session -----------------------------------------------------------------------------

Session::Session(Database& database, SessionStartup startup)
    : database_(database),
      state_(std::make_unique<SessionState>(database, *this, std::move(startup))) {}

Session::~Session() = default;

void Session::ExecuteSimple(std::string_view sql, ResultSink& sink) {
  state_->ExecuteSimple(sql, sink);
}

std::shared_ptr<PreparedStatement> Session::Prepare(std::string_view sql,
                                                    const std::vector<uint32_t>& oids) {
  try {
    return std::shared_ptr<PreparedStatement>(new PreparedStatement(state_->Prepare(sql, oids)));
  } catch (...) {
    state_->OnError();
    throw;
  }
}

namespace {

class BoundPortal : public Portal {
 public:
  BoundPortal(SessionState& state, std::shared_ptr<PreparedPlan> plan, std::vector<Value> params)
      : state_(state), plan_(std::move(plan)), params_(std::move(params)) {}

  const std::vector<ColumnDescription>& columns() const override { return plan_->bound.columns; }

  ExecuteResult Execute(int64_t max_rows, ResultSink& sink) override {
    bool streaming = plan_->statement && plan_->statement->kind == ast::StatementKind::kSelect;
    if (!streaming || (max_rows <= 0 && !op_)) {
      ExecuteResult r;
      r.command_tag = state_.Execute(*plan_, params_, sink, /*simple_protocol=*/false);
      return r;
    }
    // A SELECT run in pieces: keep the operator tree between Execute calls.
    try {
      if (!op_) {
        if (state_.TransactionStatus() == 'E') {
          throw SqlError(sqlstate::kInFailedSqlTransaction,
                         "current transaction is aborted, commands ignored until end of "
                         "transaction block");
        }
        state_.EnsureCurrent(*plan_);
        ctx_ = std::make_unique<ExecContext>(state_.MakeContext(params_));
        ctx_->ctes = plan_->bound.ctes;
        ctx_->cte_results.resize(plan_->bound.ctes.size());
        // Keep this plan alive even if the statement is bound again while suspended.
        root_ = plan_->bound.query.plan;
        op_ = BuildOperator(*root_, *ctx_);
      }
      int64_t sent = 0;
      while (max_rows <= 0 || sent < max_rows) {
        if (offset_ >= chunk_.size()) {
          if (done_) break;
          chunk_ = DataChunk();
          done_ = !op_->Next(chunk_);
          offset_ = 0;
          continue;
        }
        size_t take = chunk_.size() - offset_;
        if (max_rows > 0) take = std::min<size_t>(take, static_cast<size_t>(max_rows - sent));
        sink.OnRows(chunk_, offset_, offset_ + take);
        offset_ += take;
        sent += static_cast<int64_t>(take);
        total_ += take;
      }
      ExecuteResult r;
      if (offset_ >= chunk_.size() && done_) {
        r.command_tag = "SELECT " + std::to_string(total_);
        state_.FinishStatement(true);
      } else {
        r.status = ExecuteStatus::kSuspended;
      }
      return r;
    } catch (...) {
      state_.OnError();
      throw;
    }
  }

 private:
  SessionState& state_;
  std::shared_ptr<PreparedPlan> plan_;
  std::vector<Value> params_;
  std::unique_ptr<ExecContext> ctx_;
  PlanPtr root_;
  std::unique_ptr<Operator> op_;
  DataChunk chunk_;
  size_t offset_ = 0;
  bool done_ = false;
  size_t total_ = 0;
};

}  // namespace

std::unique_ptr<Portal> Session::Bind(std::shared_ptr<PreparedStatement> statement,
                                      const BindParameters& params) {
  try {
    std::shared_ptr<PreparedPlan> plan = statement->plan_;
    const std::vector<Type>& types = plan->param_types;
    if (params.values.size() != types.size()) {
      throw SqlError(sqlstate::kProtocolViolation,
                     "bind message supplies " + std::to_string(params.values.size()) +
                         " parameters, but prepared statement \"\" requires " +
                         std::to_string(types.size()));
    }
    std::vector<Value> values;
    values.reserve(types.size());
    std::optional<IoContext> io;  // for text parameters
    for (size_t i = 0; i < types.size(); i++) {
      int16_t format = params.formats.empty()       ? 0
                       : params.formats.size() == 1 ? params.formats[0]
                                                    : params.formats[i];
      const auto& raw = params.values[i];
      if (!raw) {
        values.push_back(Value::Null(types[i]));
        continue;
      }
      if (format == 1) {
        values.push_back(ParseValueBinary(*raw, types[i]));
      } else {
        if (!io) io = state_->MakeIoContext();
        values.push_back(ParseValueText(*raw, types[i], *io));
      }
    }
    return std::make_unique<BoundPortal>(*state_, plan, std::move(values));
  } catch (...) {
    state_->OnError();
    throw;
  }
}

void Session::OnError() { state_->OnError(); }
void Session::Sync() {}
char Session::TransactionStatus() const { return state_->TransactionStatus(); }

int64_t Session::IdleTimeoutMillis() const {
  const char* name = state_->TransactionStatus() == 'I' ? "idle_session_timeout"
                                                        : "idle_in_transaction_session_timeout";
  const std::string* value = state_->settings().Find(name);
  return value == nullptr || *value == "0" ? 0 : Settings::Millis(*value);
}

std::vector<std::pair<std::string, std::string>> Session::InitialParameterStatus() const {
  return state_->settings().Reported();
}

std::vector<std::pair<std::string, std::string>> Session::TakeParameterStatusChanges() {
  return state_->settings().TakeChangedReported();
}

const std::string& Session::user() const { return state_->user(); }

IoContext Session::OutputContext() const {
  IoContext io = state_->MakeIoContext();
  const std::string* digits = state_->settings().Find("extra_float_digits");
  io.extra_float_digits = digits ? std::atoi(digits->c_str()) : 1;
  return io;
}

}  // namespace firn
