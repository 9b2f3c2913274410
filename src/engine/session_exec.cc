// Statement execution for SessionState: DML, utility statements, SET/SHOW, roles, CALL,
// EXPLAIN (table DDL: session_tables.cc).
#include <algorithm>
#include <map>

#include "common/scram.h"
#include "common/sql_error.h"
#include "engine/session_state.h"
#include "engine/storage_manager.h"
#include "exec/evaluator.h"
#include "exec/operator.h"
#include "sql/binder/binder.h"
#include "sql/binder/scope.h"

namespace firn {
namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

}  // namespace

void SessionState::EmitReturning(const BoundStatement& b, const DataChunk& rows, ExecContext& ctx,
                                 ResultSink& sink) {
  if (b.returning.empty() || rows.size() == 0) return;
  DataChunk out;
  for (const BoundExprPtr& e : b.returning) out.AddColumn(Evaluate(*e, rows, ctx));
  out.set_row_count(rows.size());
  sink.OnRows(out, 0, out.size());
}

std::string SessionState::ExecuteInsert(const BoundStatement& b, ExecContext& ctx,
                                        ResultSink& sink) {
  std::vector<DataChunk> chunks = ExecutePlan(*b.query.plan, ctx);
  size_t total = 0;
  TableWrite& write = txn_.WriteFor(b.table);
  for (DataChunk& chunk : chunks) {
    if (!b.generated.empty()) FillGenerated(b.generated, chunk, ctx);
    CheckNotNull(*b.table, chunk);
    EnforceChecks(*b.table, b.checks, chunk, ctx);
  }
  // ON CONFLICT: chunk by chunk (the rows of earlier ones are the transaction's own by then),
  // the rows to append instead of the chunk's; RETURNING shows them.
  std::vector<UniqueIndexSpec> arbiters;
  if (b.on_conflict) arbiters = ArbiterIndexes(*b.table, *b.on_conflict);
  const size_t statement_start = write.inserts.size();
  std::vector<DataChunk> appended;
  for (DataChunk& chunk : chunks) {
    std::vector<DataChunk> rows;
    if (arbiters.empty()) {
      rows.push_back(std::move(chunk));
    } else {
      rows = ResolveConflicts(b, arbiters, chunk, statement_start, ctx);
    }
    for (DataChunk& part : rows) {
      write.inserts.Append(part);
      write.insert_deleted.resize(write.inserts.size(), 0);
      total += part.size();
      appended.push_back(std::move(part));
    }
  }
  CheckUniqueKeys(b.table);
  for (const DataChunk& chunk : appended) EmitReturning(b, chunk, ctx, sink);
  return "INSERT 0 " + std::to_string(total);
}

std::string SessionState::ExecuteDelete(const BoundStatement& b, ExecContext& ctx,
                                        ResultSink& sink) {
  // DELETE's plan yields [old row..., row id]; UPDATE's yields [new row..., row id]: the
  // old version is deleted and the new one inserted, in the same transaction.
  bool update = b.kind == ast::StatementKind::kUpdate;
  std::vector<DataChunk> chunks = ExecutePlan(*b.query.plan, ctx);
  size_t total = 0;
  TableWrite& write = txn_.WriteFor(b.table);
  size_t width = b.table->columns.size();
  for (DataChunk& chunk : chunks) {
    if (update) {
      // The generated columns read only the row's columns, not the row id after them.
      if (!b.generated.empty()) FillGenerated(b.generated, chunk, ctx);
      DataChunk rows;
      for (size_t c = 0; c < width; c++) rows.AddColumn(chunk.column(c));
      rows.set_row_count(chunk.size());
      CheckNotNull(*b.table, rows);
      EnforceChecks(*b.table, b.checks, rows, ctx);
    }
  }
  for (const DataChunk& chunk : chunks) {
    const Vector& ids = chunk.column(width);
    for (size_t r = 0; r < chunk.size(); r++) {
      uint64_t id = static_cast<uint64_t>(ids.ints()[r]);
      if (id >= kPendingRowIdBase) {
        write.insert_deleted.resize(write.inserts.size(), 0);
        write.insert_deleted[id - kPendingRowIdBase] = 1;
      } else {
        write.deletes.push_back(id);
      }
    }
    total += chunk.size();
    if (update) {
      DataChunk rows;
      for (size_t c = 0; c < width; c++) rows.AddColumn(chunk.column(c));
      rows.set_row_count(chunk.size());
      write.inserts.Append(rows);
      write.insert_deleted.resize(write.inserts.size(), 0);
    }
  }
  if (update) CheckUniqueKeys(b.table);
  for (const DataChunk& chunk : chunks) EmitReturning(b, chunk, ctx, sink);
  return (update ? "UPDATE " : "DELETE ") + std::to_string(total);
}

std::string SessionState::ExecuteUtility(const ast::Statement& stmt, ResultSink& sink) {
  switch (stmt.kind) {
    case ast::StatementKind::kTransaction:
      return ExecuteTransaction(*stmt.transaction, sink);
    case ast::StatementKind::kSet:
      return ExecuteSet(*stmt.set);
    case ast::StatementKind::kShow:
      return ExecuteShow(*stmt.show, sink, true);
    case ast::StatementKind::kCreateTable:
      if (stmt.create_table->materialized_view) {
        return ExecuteCreateFeatureView(*stmt.create_table, stmt.text, sink);
      }
      return ExecuteCreateTable(*stmt.create_table);
    case ast::StatementKind::kCreateSchema: {
      const std::string name = stmt.create_schema->name;
      if (db_.catalog().CreateSchema(name, startup_.user, stmt.create_schema->if_not_exists)) {
        Catalog& catalog = db_.catalog();
        txn_.AddUndo([&catalog, name] { catalog.DropSchema(name, true, true); });
      }
      return "CREATE SCHEMA";
    }
    case ast::StatementKind::kDrop:
      return ExecuteDrop(*stmt.drop, sink);
    case ast::StatementKind::kAlterTable:
      return ExecuteAlterTable(*stmt.alter_table, sink);
    case ast::StatementKind::kCreateRole:
    case ast::StatementKind::kAlterRole:
      return ExecuteRole(stmt);
    case ast::StatementKind::kCheckpoint: {
      std::optional<RoleInfo> role = db_.catalog().GetRole(startup_.user);
      if (!role || !role->superuser) {
        throw SqlError(sqlstate::kInsufficientPrivilege,
                       "must be superuser or have privileges of pg_checkpoint to do CHECKPOINT");
      }
      Status s = db_.storage().Checkpoint();
      if (!s.ok()) throw SqlError(SqlStateOf(s), "checkpoint failed: " + s.message());
      return "CHECKPOINT";
    }
    case ast::StatementKind::kCall:
      return ExecuteCall(stmt);
    case ast::StatementKind::kCreateIndex:
      return ExecuteCreateIndex(*stmt.index, sink);
    case ast::StatementKind::kCreateView:
      return ExecuteCreateView(*stmt.create_view);
    case ast::StatementKind::kComment:
      return ExecuteComment(*stmt.comment);
    case ast::StatementKind::kTruncate:
      return ExecuteTruncate(*stmt.truncate, sink);
    case ast::StatementKind::kCreateSequence:
    case ast::StatementKind::kAlterSequence:
      return ExecuteSequence(*stmt.sequence, stmt.kind == ast::StatementKind::kCreateSequence,
                             sink);
    case ast::StatementKind::kDiscard:
      sequences_ = SessionSequences{};
      settings_.ResetAll();
      UpdateTimeZone();
      return "DISCARD ALL";
    case ast::StatementKind::kDeallocate:
      return "DEALLOCATE";
    default:
      throw SqlError(sqlstate::kFeatureNotSupported, "statement is not supported");
  }
}

std::string SessionState::ExecuteSet(const ast::SetStmt& s) {
  if (s.kind == ast::SetKind::kResetAll) {
    settings_.ResetAll();
    UpdateTimeZone();
    return "RESET";
  }
  std::string name = Lower(s.name);
  if (name == "transaction_snapshot") {
    if (!in_block_) {
      throw SqlError(sqlstate::kNoActiveSqlTransaction,
                     "SET TRANSACTION can only be used in transaction blocks");
    }
    const std::string id = s.values.empty() ? "" : s.values[0];
    Result<StorageManager::ReadPoint> point = db_.storage().ResolveSnapshot(id);
    if (!point.ok()) {
      throw SqlError(sqlstate::kInvalidParameterValue,
                     "invalid snapshot identifier: \"" + id + "\"")
          .WithHint("Use a snapshot_id or a tag from firn_snapshots('table').");
    }
    txn_.SetSnapshotPoint(point.value());
    return "SET";
  }
  if (name == "transaction" || name == "session characteristics" ||
      name == "transaction_isolation") {
    return "SET";  // isolation levels are accepted; Firn runs read committed
  }
  if (s.kind == ast::SetKind::kReset || s.kind == ast::SetKind::kDefault) {
    std::string old = settings_.Get(name).value_or("");
    settings_.Reset(name);
    if (name == "timezone") UpdateTimeZone();
    return s.kind == ast::SetKind::kReset ? "RESET" : "SET";
  }
  std::string value;
  for (size_t i = 0; i < s.values.size(); i++) {
    if (i) value += ", ";
    value += s.values[i];
  }
  if (name == "timezone") {
    if (!db_.services().time_zones.Find(value)) {
      throw SqlError(sqlstate::kInvalidParameterValue,
                     "invalid value for parameter \"TimeZone\": \"" + value + "\"");
    }
  }
  if (name == "client_encoding") {
    std::string upper = value;
    std::transform(upper.begin(), upper.end(), upper.begin(), ::toupper);
    if (upper == "UNICODE" || upper == "UTF-8") upper = "UTF8";
    if (upper != "UTF8" && upper != "SQL_ASCII") {
      throw SqlError(sqlstate::kFeatureNotSupported,
                     "client encoding \"" + value + "\" is not supported; Firn speaks UTF8");
    }
    value = upper;
  }
  if ((name == "firn.as_of" || name == "firn.now") && !value.empty()) {
    ParseValueText(value, Type(TypeId::kTimestampTz), MakeIoContext());  // 22007 if invalid
  }
  settings_.Set(name, value);
  if (name == "timezone") UpdateTimeZone();
  return "SET";
}

std::string SessionState::ExecuteShow(const ast::ShowStmt& s, ResultSink& sink, bool) {
  std::string name = Lower(s.name);
  if (name == "all") {
    sink.OnRowDescription({{"name", Type(TypeId::kText)},
                           {"setting", Type(TypeId::kText)},
                           {"description", Type(TypeId::kText)}});
    DataChunk out({Type(TypeId::kText), Type(TypeId::kText), Type(TypeId::kText)});
    for (const auto& [n, v] : settings_.All()) {
      out.AppendRow({Value::Text(n), Value::Text(v), Value::Text("")});
    }
    sink.OnRows(out, 0, out.size());
    return "SHOW";
  }
  std::optional<std::string> value = settings_.Get(name);
  if (!value) {
    throw SqlError(sqlstate::kUndefinedObject,
                   "unrecognized configuration parameter \"" + s.name + "\"");
  }
  std::string display = Settings::CanonicalName(name);
  if (name == "transaction isolation level") display = "transaction_isolation";
  sink.OnRowDescription({{Lower(display), Type(TypeId::kText)}});
  DataChunk out({Type(TypeId::kText)});
  out.AppendRow({Value::Text(*value)});
  sink.OnRows(out, 0, 1);
  return "SHOW";
}

// CALL firn_create_tag('table', 'tag' [, snapshot_id]): names a snapshot (the current one
// by default) so that SET TRANSACTION SNAPSHOT 'tag' reads it for as long as it exists.
std::string SessionState::ExecuteCall(const ast::Statement& stmt) {
  const ast::Expr& call = *stmt.call;
  std::string name = call.names.back();
  if (name != "firn_create_tag") {
    throw SqlError(sqlstate::kUndefinedFunction, "procedure " + name + " does not exist")
        .WithHint("Firn's procedures: firn_create_tag(table, tag [, snapshot_id]).");
  }
  if (call.args.size() < 2 || call.args.size() > 3) {
    throw SqlError(sqlstate::kUndefinedFunction,
                   "procedure firn_create_tag takes (table text, tag text [, snapshot_id bigint])");
  }
  BinderContext bctx = MakeBinderContext(db_, startup_.user);
  Binder binder(bctx);
  Scope scope(nullptr);
  ExecContext ctx = MakeContext({});
  std::vector<Value> args;
  for (const auto& a : call.args)
    args.push_back(EvaluateConstant(*binder.BindExpr(*a, scope), ctx));
  for (const Value& v : args) {
    if (v.is_null())
      throw SqlError(sqlstate::kNullValueNotAllowed, "firn_create_tag arguments must not be NULL");
  }
  std::shared_ptr<const TableInfo> table = binder.ResolveTableText(ValueToText(args[0]), -1);
  std::optional<int64_t> snapshot;
  if (args.size() == 3) snapshot = ParseIntText(ValueToText(args[2]), TypeId::kInt8);
  std::string tag = ValueToText(args[1]);
  if (tag.empty() || tag == "main") {
    throw SqlError(sqlstate::kInvalidParameterValue, "invalid tag name \"" + tag + "\"");
  }
  Status s = db_.storage().CreateTag(*table, tag, snapshot);
  if (!s.ok()) {
    throw SqlError(
        s.code() == Status::Code::kNotFound ? sqlstate::kInvalidParameterValue : SqlStateOf(s),
        "could not create tag \"" + tag + "\": " + s.message());
  }
  return "CALL";
}

std::string SessionState::ExecuteRole(const ast::Statement& stmt) {
  bool create = stmt.kind == ast::StatementKind::kCreateRole;
  const std::string& name = create ? stmt.create_role->name : stmt.alter_role->name;
  const auto& options = create ? stmt.create_role->options : stmt.alter_role->options;
  std::optional<RoleInfo> current = db_.catalog().GetRole(startup_.user);
  if (!current || !current->superuser) {
    throw SqlError(sqlstate::kInsufficientPrivilege,
                   create ? "permission denied to create role" : "permission denied");
  }
  RoleInfo role;
  if (create) {
    role.name = name;
    role.can_login = stmt.create_role->is_user;
  } else {
    std::optional<RoleInfo> existing = db_.catalog().GetRole(name);
    if (!existing)
      throw SqlError(sqlstate::kUndefinedObject, "role \"" + name + "\" does not exist");
    role = *existing;
  }
  for (const ast::RoleOption& o : options) {
    if (o.name == "password") {
      role.scram_secret = o.is_null ? "" : MakeScramSecret(o.value);
    } else if (o.name == "login" || o.name == "canlogin") {
      role.can_login = o.value == "true";
    } else if (o.name == "superuser") {
      role.superuser = o.value == "true";
    }
  }
  if (create) {
    db_.catalog().CreateRole(role);
    return "CREATE ROLE";
  }
  db_.catalog().UpdateRole(role);
  return "ALTER ROLE";
}

namespace {

// One line per plan node; with `counters` (EXPLAIN ANALYZE), each table scan's segments.
void DescribePlan(const PlanNode& p, int depth, std::vector<std::string>& lines,
                  const std::map<const PlanNode*, ScanCounters>* counters) {
  std::string indent(static_cast<size_t>(depth * 2), ' ');
  std::string arrow = depth == 0 ? "" : "->  ";
  std::string line;
  switch (p.kind) {
    case PlanKind::kTableScan:
      line = "Seq Scan on " + p.table->name;
      break;
    case PlanKind::kValues:
      line = "Values (" + std::to_string(p.rows.size()) + " rows)";
      break;
    case PlanKind::kFilter:
      line = "Filter";
      break;
    case PlanKind::kProject:
      line = "Project (" + std::to_string(p.exprs.size()) + " columns)";
      break;
    case PlanKind::kAggregate:
      line = !p.grouping_sets.empty()
                 ? "MixedAggregate (" + std::to_string(p.grouping_sets.size()) + " grouping sets)"
             : p.group_exprs.empty() ? "Aggregate"
                                     : "HashAggregate";
      break;
    case PlanKind::kSort:
      line = "Sort";
      break;
    case PlanKind::kLimit:
      line = "Limit";
      break;
    case PlanKind::kDistinct:
      line = "HashDistinct";
      break;
    case PlanKind::kJoin:
      line = std::string(p.left_keys.empty() ? "Nested Loop" : "Hash Join");
      break;
    case PlanKind::kSetOp:
      line = "SetOp";
      break;
    case PlanKind::kCteScan:
      line = "CTE Scan";
      break;
    case PlanKind::kFunctionScan:
      line = "Function Scan on " + p.function_name;
      break;
    case PlanKind::kWindow:
      line = "WindowAgg";
      break;
    case PlanKind::kRecursiveCte:
      line = "Recursive Union";
      break;
    case PlanKind::kProjectSet:
      line = "ProjectSet";
      break;
    case PlanKind::kFeatureScan:
      line = std::string("Feature Lookup") + (p.feature_keys.empty() ? " (every entity)" : "");
      break;
    case PlanKind::kFeatureJoin:
      line = std::string("Feature Point-in-time ") +
             (p.join_kind == JoinKind::kLeft ? "Left " : "") + "Join";
      break;
    case PlanKind::kLateralJoin:  // PostgreSQL's name for the same plan shape
      line = std::string("Nested Loop") + (p.join_kind == JoinKind::kLeft ? " Left Join" : "");
      break;
  }
  lines.push_back(indent + arrow + line);
  if (counters && p.kind == PlanKind::kTableScan && !p.table->system_rows) {
    // Details under the node, indented as PostgreSQL indents "Filter:" lines.
    auto it = counters->find(&p);
    ScanCounters n = it == counters->end() ? ScanCounters{} : it->second;
    lines.push_back(indent + (depth == 0 ? "  " : "      ") + "Segments: read " +
                    std::to_string(n.segments_read) + ", skipped " +
                    std::to_string(n.segments_skipped));
  }
  for (const auto& c : p.children) DescribePlan(*c, depth + 1, lines, counters);
}

}  // namespace

std::string SessionState::ExecuteExplain(const BoundStatement& b, ExecContext& ctx,
                                         ResultSink& sink, bool simple) {
  if (simple) sink.OnRowDescription(b.columns);
  const bool analyze = b.ast && b.ast->explain && b.ast->explain->analyze;
  std::map<const PlanNode*, ScanCounters> counters;
  if (analyze) {
    // Run the query for its counters; its rows are discarded, as PostgreSQL does.
    ctx.scan_counters = &counters;
    auto op = BuildOperator(*b.query.plan, ctx);
    while (true) {
      DataChunk chunk;
      if (!op->Next(chunk)) break;
    }
    ctx.scan_counters = nullptr;
  }
  std::vector<std::string> lines;
  DescribePlan(*b.query.plan, 0, lines, analyze ? &counters : nullptr);
  DataChunk out({Type(TypeId::kText)});
  for (const std::string& l : lines) out.AppendRow({Value::Text(l)});
  sink.OnRows(out, 0, out.size());
  return "EXPLAIN";
}

}  // namespace firn
