// Private to src/sql/parser/: turns libpg_query's JSON parse tree (PostgreSQL 15 node names
// and field names) into Firn's AST (ast.h). One Transformer per query string; parser.cc holds
// the shared plumbing and each transform_*.cc implements one family of its methods.
//
// JSON shape: a node is {"NodeName": {fields}}; fields that hold a fixed node type (SelectStmt
// larg/rarg, FuncCall over, ...) hold the bare field object. Zero, false and empty values
// are omitted. Every field a transform does not consume must be listed as harmless, else the
// statement is refused with 0A000 (NodeReader::Finish), so no clause is dropped silently.
// Thread-safety: a Transformer is used by one thread; distinct instances are independent.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "common/sql_error.h"
#include "sql/parser/ast.h"

namespace firn::pgtransform {

using Json = nlohmann::json;

// Name of a wrapped node ({"A_Const": {...}} -> "A_Const"); "" when not a node.
std::string_view NodeName(const Json& node);
// The field object of a wrapped node; an empty object when not a node.
const Json& NodeBody(const Json& node);
// The items of a {"List": {"items": [...]}} node; an empty array otherwise.
const Json& ListItems(const Json& node);

// Reads one node's field object and remembers which fields were consumed.
class NodeReader {
 public:
  NodeReader(std::string_view node_name, const Json& body) : node_name_(node_name), body_(body) {}

  // The field, or nullptr when absent. Marks it consumed.
  const Json* Get(std::string_view key);
  bool Has(std::string_view key) const;
  std::string String(std::string_view key);  // "" when absent
  int64_t Int(std::string_view key, int64_t absent = 0);
  bool Bool(std::string_view key);  // false when absent
  // A list field (empty when absent).
  const Json& List(std::string_view key);
  // Marks fields consumed without reading them (their value never matters to Firn).
  void Ignore(std::initializer_list<std::string_view> keys);
  int Location() { return static_cast<int>(Int("location", -1)); }
  const Json& body() const { return body_; }
  std::string_view node_name() const { return node_name_; }

  // First field present but not consumed, or "" when every field was consumed.
  std::string_view Leftover() const;

 private:
  std::string_view node_name_;
  const Json& body_;
  std::vector<std::string_view> used_;
};

class Transformer {
 public:
  explicit Transformer(std::string_view query) : query_(query) {}

  // A statement node (the "stmt" of one top-level "stmts" entry, or EXPLAIN's query) whose
  // text starts at byte `stmt_location` of the query.
  ast::StatementPtr TransformStatement(const Json& node, int stmt_location);

  // ---- errors and statement dispatch (parser.cc) ----
  // 1-based character position of a byte offset in the query, 0 when unknown.
  int Position(int location) const;
  [[noreturn]] void Unsupported(const std::string& what, int location) const;
  [[noreturn]] void Error(const char* sqlstate, const std::string& message, int location) const;
  // Refuses the node if a field remains unconsumed.
  void Finish(const NodeReader& reader, int location) const;

  // ---- scalar helpers (transform_expr.cc) ----
  std::string StringValue(const Json& node) const;  // {"String":{"sval":..}}
  std::vector<std::string> StringList(const Json& list) const;
  // The value of an A_Const/Integer whose ival the JSON omitted (zero or negative), read
  // back from the query text at `location`.
  int64_t RecoverInteger(int location, bool after_name) const;
  // An option argument (DefElem arg) as text; "true" when absent (transform_ddl.cc).
  std::string OptionValue(const Json* arg, const std::string& name, int location) const;
  ast::Option TransformOption(const Json& def_elem);
  ast::TypeName TransformTypeName(const Json& body);

  // ---- expressions (transform_expr.cc; sort lists and windows in transform_select.cc) ----
  ast::ExprPtr TransformExpr(const Json& node);
  ast::ExprPtr TransformOptionalExpr(const Json* node);  // nullptr stays nullptr
  std::vector<ast::ExprPtr> TransformExprList(const Json& list);
  // A GROUP BY item: an expression or a GroupingSet (ROLLUP, CUBE, GROUPING SETS, ()).
  ast::ExprPtr TransformGroupItem(const Json& item);
  std::vector<ast::SortItem> TransformSortList(const Json& list);
  std::unique_ptr<ast::WindowSpec> TransformWindowSpec(NodeReader& reader, bool in_over);

  // ---- SELECT (transform_select.cc) ----
  std::shared_ptr<ast::SelectStmt> TransformSelectNode(const Json& node);  // wrapped node
  std::shared_ptr<ast::SelectStmt> TransformSelectBody(const Json& body);
  std::vector<ast::ResultTarget> TransformTargetList(const Json& list);
  void TransformWithClause(const Json& body, std::vector<ast::CommonTableExpr>* ctes,
                           bool* recursive);
  ast::TableRefPtr TransformTableRef(const Json& node);
  // A RangeVar's name. Its alias goes to *alias (refused when alias is null) and the alias's
  // column names to *columns (refused when columns is null).
  ast::QualifiedName TransformRangeVarName(const Json& body, std::string* alias,
                                           std::vector<std::string>* columns = nullptr);

  // ---- statements (transform_ddl.cc, transform_dml.cc, transform_misc.cc) ----
  ast::StatementPtr TransformCreateTable(const Json& body);
  ast::StatementPtr TransformCreateTableAs(const Json& body);
  ast::StatementPtr TransformDrop(const Json& body);
  ast::StatementPtr TransformDropRole(const Json& body);
  ast::StatementPtr TransformCreateSchema(const Json& body);
  ast::StatementPtr TransformCreateRole(const Json& body);
  ast::StatementPtr TransformAlterRole(const Json& body);
  ast::StatementPtr TransformAlterTable(const Json& body);
  ast::StatementPtr TransformRename(const Json& body);
  ast::StatementPtr TransformInsert(const Json& body);
  ast::StatementPtr TransformDelete(const Json& body);
  ast::StatementPtr TransformUpdate(const Json& body);
  ast::StatementPtr TransformCopy(const Json& body);
  ast::StatementPtr TransformTruncate(const Json& body);
  ast::StatementPtr TransformIndex(const Json& body);
  ast::StatementPtr TransformView(const Json& body);  // transform_view.cc
  ast::StatementPtr TransformTransaction(const Json& body);
  ast::StatementPtr TransformVariableSet(const Json& body);
  ast::StatementPtr TransformVariableShow(const Json& body);
  ast::StatementPtr TransformExplain(const Json& body);
  ast::StatementPtr TransformCheckpoint(const Json& body);
  ast::StatementPtr TransformComment(const Json& body);
  ast::StatementPtr TransformCall(const Json& body);
  ast::StatementPtr TransformDiscard(const Json& body);
  ast::StatementPtr TransformDeallocate(const Json& body);
  // transform_sequence.cc: CreateSeqStmt, AlterSeqStmt, and the DefElem list they and an
  // identity column's options share.
  ast::StatementPtr TransformSequence(const Json& body, bool create);
  std::vector<ast::SequenceOption> TransformSequenceOptions(const Json& list);

  // Nesting guard: expressions and subqueries deeper than kMaxDepth raise 54001 instead of
  // exhausting the stack (here, in the binder, or when the tree is destroyed).
  static constexpr int kMaxDepth = 1000;
  class DepthGuard {
   public:
    explicit DepthGuard(Transformer* t);
    ~DepthGuard() { --t_->depth_; }
    DepthGuard(const DepthGuard&) = delete;
    DepthGuard& operator=(const DepthGuard&) = delete;

   private:
    Transformer* t_;
  };

 private:
  ast::ExprPtr TransformConstant(NodeReader& r);
  ast::ExprPtr TransformAExpr(NodeReader& r);
  ast::ExprPtr TransformFuncCall(NodeReader& r);
  ast::ExprPtr TransformSubLink(NodeReader& r);
  ast::ExprPtr TransformIndirection(NodeReader& r);
  ast::ExprPtr TransformSqlValueFunction(NodeReader& r);
  ast::ExprPtr TransformBoolExpr(NodeReader& r);
  ast::ExprPtr TransformCase(NodeReader& r);
  void TransformSetOperands(NodeReader& r, ast::SelectStmt* stmt);
  void TransformSimpleSelect(NodeReader& r, ast::SelectStmt* stmt);
  ast::TableRefPtr TransformJoin(NodeReader& r);
  ast::TableRefPtr TransformRangeFunction(NodeReader& r);
  void TransformAlias(const Json* alias, ast::TableRef* ref);
  ast::ColumnDef TransformColumnDef(const Json& body, const std::string& table_name);
  // SET column = value, ... (UPDATE, ON CONFLICT DO UPDATE).
  std::vector<std::pair<std::string, ast::ExprPtr>> TransformAssignments(const Json& target_list);
  // A PRIMARY KEY or UNIQUE Constraint node; a column's when `column` is not empty.
  ast::KeyConstraintDef TransformKeyConstraint(NodeReader& c, const std::string& column);
  // CHECK (expr); `column` is a column constraint's column, empty for a table constraint.
  ast::CheckConstraintDef TransformCheckConstraint(NodeReader& c, const std::string& column);
  std::vector<ast::RoleOption> TransformRoleOptions(const Json& list);
  ast::StatementPtr TransformSetMulti(NodeReader& r);

  std::string_view query_;
  int depth_ = 0;
};

}  // namespace firn::pgtransform
