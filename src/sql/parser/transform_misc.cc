// Utility statements: transaction control, SET/SHOW/RESET, EXPLAIN, CHECKPOINT, COMMENT,
// DISCARD and DEALLOCATE.
// Thread-safety: see transform.h.
#include <algorithm>
#include <iterator>
#include <string>

#include "sql/parser/transform.h"

namespace firn::pgtransform {

ast::StatementPtr Transformer::TransformTransaction(const Json& body) {
  NodeReader r("TransactionStmt", body);
  auto txn = std::make_unique<ast::TransactionStmt>();
  std::string kind = r.String("kind");
  if (kind == "TRANS_STMT_BEGIN" || kind == "TRANS_STMT_START") {
    txn->kind = ast::TransactionKind::kBegin;
  } else if (kind == "TRANS_STMT_COMMIT") {
    txn->kind = ast::TransactionKind::kCommit;
  } else if (kind == "TRANS_STMT_ROLLBACK") {
    txn->kind = ast::TransactionKind::kRollback;
  } else if (kind == "TRANS_STMT_SAVEPOINT") {
    txn->kind = ast::TransactionKind::kSavepoint;
  } else if (kind == "TRANS_STMT_RELEASE") {
    txn->kind = ast::TransactionKind::kRelease;
  } else if (kind == "TRANS_STMT_ROLLBACK_TO") {
    txn->kind = ast::TransactionKind::kRollbackTo;
  } else if (kind == "TRANS_STMT_PREPARE") {
    txn->kind = ast::TransactionKind::kPrepare;
  } else if (kind == "TRANS_STMT_COMMIT_PREPARED") {
    Unsupported("COMMIT PREPARED", -1);
  } else if (kind == "TRANS_STMT_ROLLBACK_PREPARED") {
    Unsupported("ROLLBACK PREPARED", -1);
  } else {
    Unsupported("transaction statement " + kind, -1);
  }
  txn->savepoint = r.String("savepoint_name");
  if (txn->kind == ast::TransactionKind::kPrepare) txn->savepoint = r.String("gid");
  txn->chain = r.Bool("chain");
  for (const Json& opt : r.List("options")) txn->options.push_back(TransformOption(opt));
  Finish(r, -1);
  auto stmt = std::make_unique<ast::Statement>(ast::StatementKind::kTransaction);
  stmt->transaction = std::move(txn);
  return stmt;
}

ast::StatementPtr Transformer::TransformSetMulti(NodeReader& r) {
  // SET TRANSACTION ... applies to the current transaction (like SET LOCAL of the
  // transaction_* setting); SET SESSION CHARACTERISTICS AS TRANSACTION sets the default_*.
  std::string name = r.String("name");
  if (name == "TRANSACTION SNAPSHOT") {
    // Firn's meaning: read at an Iceberg snapshot (id or tag) of the tables.
    const Json& args = r.List("args");
    if (args.size() != 1) Unsupported("SET TRANSACTION SNAPSHOT without one value", -1);
    auto set = std::make_unique<ast::SetStmt>();
    set->kind = ast::SetKind::kValue;
    set->name = "transaction_snapshot";
    set->values.push_back(OptionValue(&args[0], name, NodeBody(args[0]).value("location", -1)));
    set->is_local = true;
    r.Ignore({"is_local"});
    Finish(r, -1);
    auto stmt = std::make_unique<ast::Statement>(ast::StatementKind::kSet);
    stmt->set = std::move(set);
    return stmt;
  }
  bool session = name == "SESSION CHARACTERISTICS";
  if (name != "TRANSACTION" && !session) Unsupported("SET " + name, -1);
  const Json& args = r.List("args");
  if (args.size() != 1) Unsupported("SET TRANSACTION with more than one mode", -1);
  ast::Option option = TransformOption(args[0]);
  auto set = std::make_unique<ast::SetStmt>();
  set->kind = ast::SetKind::kValue;
  set->name = session ? "default_" + option.name : option.name;
  set->values.push_back(option.value);
  set->is_local = !session;
  r.Ignore({"is_local"});
  Finish(r, -1);
  auto stmt = std::make_unique<ast::Statement>(ast::StatementKind::kSet);
  stmt->set = std::move(set);
  return stmt;
}

ast::StatementPtr Transformer::TransformVariableSet(const Json& body) {
  NodeReader r("VariableSetStmt", body);
  std::string kind = r.String("kind");
  if (kind == "VAR_SET_MULTI") return TransformSetMulti(r);
  auto set = std::make_unique<ast::SetStmt>();
  set->name = r.String("name");
  set->is_local = r.Bool("is_local");
  if (kind == "VAR_SET_VALUE") {
    set->kind = ast::SetKind::kValue;
    for (const Json& arg : r.List("args")) {
      int loc = NodeBody(arg).value("location", -1);
      if (NodeName(arg) != "A_Const") Unsupported("this form of SET " + set->name, loc);
      set->values.push_back(OptionValue(&arg, set->name, loc));
    }
  } else if (kind == "VAR_SET_DEFAULT") {
    set->kind = ast::SetKind::kDefault;
  } else if (kind == "VAR_RESET") {
    set->kind = ast::SetKind::kReset;
  } else if (kind == "VAR_RESET_ALL") {
    set->kind = ast::SetKind::kResetAll;
  } else {
    Unsupported("SET ... FROM CURRENT", -1);
  }
  Finish(r, -1);
  auto stmt = std::make_unique<ast::Statement>(ast::StatementKind::kSet);
  stmt->set = std::move(set);
  return stmt;
}

ast::StatementPtr Transformer::TransformVariableShow(const Json& body) {
  NodeReader r("VariableShowStmt", body);
  auto show = std::make_unique<ast::ShowStmt>();
  show->name = r.String("name");
  Finish(r, -1);
  auto stmt = std::make_unique<ast::Statement>(ast::StatementKind::kShow);
  stmt->show = std::move(show);
  return stmt;
}

ast::StatementPtr Transformer::TransformExplain(const Json& body) {
  NodeReader r("ExplainStmt", body);
  auto explain = std::make_unique<ast::ExplainStmt>();
  for (const Json& node : r.List("options")) {
    ast::Option option = TransformOption(node);
    if (option.name != "analyze" && option.name != "verbose") {
      explain->options.push_back(std::move(option));
      continue;
    }
    // PostgreSQL's boolean option spellings.
    const std::string& v = option.value;
    bool on = v == "true" || v == "on" || v == "1";
    if (!on && v != "false" && v != "off" && v != "0") {
      Error(sqlstate::kSyntaxError, option.name + " requires a Boolean value", option.location);
    }
    (option.name == "analyze" ? explain->analyze : explain->verbose) = on;
  }
  const Json* query = r.Get("query");
  if (query == nullptr) Unsupported("EXPLAIN without a statement", -1);
  explain->statement = TransformStatement(*query, -1);
  Finish(r, -1);
  auto stmt = std::make_unique<ast::Statement>(ast::StatementKind::kExplain);
  stmt->explain = std::move(explain);
  return stmt;
}

ast::StatementPtr Transformer::TransformCheckpoint(const Json& body) {
  NodeReader r("CheckPointStmt", body);
  Finish(r, -1);
  return std::make_unique<ast::Statement>(ast::StatementKind::kCheckpoint);
}

ast::StatementPtr Transformer::TransformComment(const Json& body) {
  NodeReader r("CommentStmt", body);
  auto comment = std::make_unique<ast::CommentStmt>();
  const std::string type = r.String("objtype");
  using O = ast::CommentObject;
  static const std::pair<const char*, O> kObjects[] = {
      {"OBJECT_TABLE", O::kTable},  {"OBJECT_COLUMN", O::kColumn},
      {"OBJECT_VIEW", O::kView},    {"OBJECT_MATVIEW", O::kMaterializedView},
      {"OBJECT_INDEX", O::kIndex},  {"OBJECT_SEQUENCE", O::kSequence},
      {"OBJECT_SCHEMA", O::kSchema}};
  auto known = std::find_if(std::begin(kObjects), std::end(kObjects),
                            [&](const auto& entry) { return type == entry.first; });
  if (known == std::end(kObjects)) {
    std::string what = type.rfind("OBJECT_", 0) == 0 ? type.substr(7) : type;
    std::replace(what.begin(), what.end(), '_', ' ');
    Unsupported("COMMENT ON " + what, -1);
  }
  comment->object = known->second;
  const Json* object = r.Get("object");
  if (object == nullptr) Unsupported("COMMENT ON without an object", -1);
  if (NodeName(*object) == "List") {
    comment->names = StringList(NodeBody(*object).value("items", Json::array()));
  } else {
    comment->names.push_back(StringValue(*object));
  }
  if (r.Has("comment")) comment->text = r.String("comment");
  Finish(r, -1);
  auto stmt = std::make_unique<ast::Statement>(ast::StatementKind::kComment);
  stmt->comment = std::move(comment);
  return stmt;
}

ast::StatementPtr Transformer::TransformCall(const Json& body) {
  NodeReader r("CallStmt", body);
  const Json* call = r.Get("funccall");
  if (call == nullptr) Unsupported("CALL without a procedure", -1);
  r.Ignore({"funcexpr", "outargs"});
  auto stmt = std::make_unique<ast::Statement>(ast::StatementKind::kCall);
  stmt->call = TransformExpr(Json{{"FuncCall", *call}});
  Finish(r, -1);
  return stmt;
}

ast::StatementPtr Transformer::TransformDiscard(const Json& body) {
  NodeReader r("DiscardStmt", body);
  std::string target = r.String("target");
  if (target != "DISCARD_ALL") {
    Unsupported("DISCARD " + (target.rfind("DISCARD_", 0) == 0 ? target.substr(8) : target), -1);
  }
  Finish(r, -1);
  return std::make_unique<ast::Statement>(ast::StatementKind::kDiscard);
}

ast::StatementPtr Transformer::TransformDeallocate(const Json& body) {
  NodeReader r("DeallocateStmt", body);
  auto stmt = std::make_unique<ast::Statement>(ast::StatementKind::kDeallocate);
  stmt->deallocate_name = r.String("name");
  Finish(r, -1);
  return stmt;
}

}  // namespace firn::pgtransform
