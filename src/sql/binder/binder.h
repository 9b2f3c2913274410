// Binder: resolves names and types in a parsed statement and builds its plan, following
// PostgreSQL's rules for name lookup, type coercion and operator resolution, and its
// errors (42P01, 42703, 42702, 42803, 42804, ...) with positions.
// Thread-safety: one Binder binds one statement on one thread.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "exec/function/function_registry.h"
#include "sql/binder/bound_statement.h"
#include "sql/parser/ast.h"

namespace firn {

class Scope;

struct BinderContext {
  Catalog* catalog = nullptr;
  const FunctionRegistry* functions = nullptr;
  std::string user;
  std::vector<std::string> search_path = {"public"};
  // Parameter types: given by the client (kUnknown = infer) and filled in by inference.
  std::vector<Type> param_types;
};

class Binder {
 public:
  explicit Binder(BinderContext& context) : ctx_(context) {}

  BoundStatement Bind(std::shared_ptr<const ast::Statement> statement);

  // Pieces used by the engine for statements it executes itself.
  BoundQuery BindQuery(const ast::SelectStmt& select, const Scope* outer);
  std::shared_ptr<const TableInfo> ResolveTable(const std::string& schema, const std::string& name,
                                                int location) const;
  // The feature view a FROM item names, or nullptr when it names something else (a table
  // earlier on the search path wins, as relations share one namespace).
  std::shared_ptr<const FeatureViewInfo> ResolveView(const std::string& schema,
                                                     const std::string& name) const;
  // The sequence a relation name means, or nullptr (as ResolveView).
  std::shared_ptr<const SequenceInfo> ResolveSequence(const std::string& schema,
                                                      const std::string& name) const;
  // The plain view a FROM item names, or nullptr (as ResolveView).
  std::shared_ptr<const SqlViewInfo> ResolveSqlView(const std::string& schema,
                                                    const std::string& name) const;
  // CREATE VIEW: while set, every relation a FROM item names is added to *uses (once per
  // name as written), with the OID it names now; nullptr stops recording.
  void RecordUses(std::vector<ViewDependency>* uses) { record_uses_ = uses; }
  // The stored query of `view`, bound as a FROM subquery: its relations found by the OIDs
  // they had at CREATE, the outer statement's CTEs out of sight. Throws 42P17 when views
  // name each other in a cycle (select_binder_views.cc).
  BoundQuery BindViewQuery(const SqlViewInfo& view);

  // A table named by text, as regclass input is ('t', 's.t', '"T"').
  std::shared_ptr<const TableInfo> ResolveTableText(const std::string& text, int location) const;

  // Binds an expression against `scope`. Used for RETURNING and DDL defaults.
  BoundExprPtr BindExpr(const ast::Expr& expr, const Scope& scope);

  std::vector<PlanPtr>& ctes() { return ctes_; }
  BinderContext& context() { return ctx_; }

 private:
  friend class ExprBinder;
  friend class SelectBinder;
  BinderContext& ctx_;
  std::vector<PlanPtr> ctes_;
  // CTEs visible by name: a stack of frames (inner WITH shadows outer).
  std::vector<std::map<std::string, int>> cte_frames_;
  std::vector<std::vector<std::string>> cte_names_;
  std::vector<std::vector<Type>> cte_types_;

  friend struct CteLookup;

  // The relation that `schema`.`name` named when the view being bound was created; nullptr
  // when no view is being bound or it named none.
  const ViewDependency* FindPin(const std::string& schema, const std::string& name) const;
  // Adds a relation a FROM item names to record_uses_, if recording.
  void NoteUse(const std::string& schema, const std::string& name, uint32_t oid, size_t columns);

  std::vector<ViewDependency>* record_uses_ = nullptr;
  const std::vector<ViewDependency>* pinned_ = nullptr;  // the view being bound's uses
  std::vector<uint32_t> expanding_;                      // views being bound, outermost first
};

// Throws SqlError with a 1-based position from a 0-based location (-1 = none).
[[noreturn]] void ThrowAt(const char* sqlstate, std::string message, int location,
                          std::string hint = "", std::string detail = "");

}  // namespace firn
