// FROM items that name relations, and plain views (CREATE VIEW): a view binds as the subquery
// of its stored query. That query names relations as they were named at CREATE; each name is
// pinned to the OID it had then (SqlViewInfo::uses), so a renamed table or view is still
// found, and a `*` keeps meaning the columns that existed then.
#include <algorithm>
#include <limits>

#include "catalog/system/system_tables.h"
#include "common/sql_error.h"
#include "sql/binder/expr_binder.h"
#include "sql/binder/select_binder.h"
#include "sql/parser/parser.h"

namespace firn {
namespace {

std::shared_ptr<const FeatureViewInfo> FeatureViewByOid(const Catalog& catalog, uint32_t oid) {
  for (auto& view : catalog.ListViews()) {
    if (view->oid == oid) return view;
  }
  return nullptr;
}

// Restores the binder's view state however the binding of a view's query ends.
template <typename T>
class Restore {
 public:
  Restore(T& slot, T value) : slot_(slot), saved_(std::move(slot)) { slot_ = std::move(value); }
  ~Restore() { slot_ = std::move(saved_); }
  Restore(const Restore&) = delete;
  Restore& operator=(const Restore&) = delete;

 private:
  T& slot_;
  T saved_;
};

}  // namespace

const ViewDependency* Binder::FindPin(const std::string& schema, const std::string& name) const {
  if (pinned_ == nullptr) return nullptr;
  for (const ViewDependency& d : *pinned_) {
    if (d.schema == schema && d.name == name) return &d;
  }
  return nullptr;
}

void Binder::NoteUse(const std::string& schema, const std::string& name, uint32_t oid,
                     size_t columns) {
  if (record_uses_ == nullptr) return;
  for (const ViewDependency& d : *record_uses_) {
    if (d.schema == schema && d.name == name) return;
  }
  record_uses_->push_back(ViewDependency{schema, name, oid, columns});
}

BoundQuery Binder::BindViewQuery(const SqlViewInfo& view) {
  if (std::find(expanding_.begin(), expanding_.end(), view.oid) != expanding_.end()) {
    throw SqlError(sqlstate::kInvalidObjectDefinition,
                   "infinite recursion detected in rules for relation \"" + view.name + "\"");
  }
  std::vector<ast::StatementPtr> parsed = ParseSql(view.query);
  if (parsed.size() != 1 || parsed.front()->kind != ast::StatementKind::kSelect) {
    throw SqlError(sqlstate::kInternalError, "view \"" + view.name + "\" has no query");
  }
  BoundQuery q;
  {
    // The query sees none of the outer statement's CTEs, records nothing of its own (a view
    // over this view depends on this view, not on what it reads), and finds its relations
    // by the OIDs they had at CREATE.
    std::vector<uint32_t> expanding = expanding_;
    expanding.push_back(view.oid);
    Restore<std::vector<uint32_t>> unwind(expanding_, std::move(expanding));
    Restore<std::vector<std::map<std::string, int>>> frames(cte_frames_, {});
    Restore<std::vector<ViewDependency>*> recording(record_uses_, nullptr);
    Restore<const std::vector<ViewDependency>*> pins(pinned_, &view.uses);
    try {
      SelectBinder select(*this, nullptr);  // the outer statement marks used columns
      q = select.Bind(*parsed.front()->select);
    } catch (SqlError& e) {
      e.set_position(0);  // a position in the view's text, not in the statement's
      throw;
    }
  }
  bool same = q.types.size() == view.columns.size();
  bool untyped = false;  // an untyped literal's column, which the view made text
  for (size_t i = 0; same && i < q.types.size(); i++) {
    untyped |= q.types[i].id == TypeId::kUnknown;
    same = q.types[i] == view.columns[i].type ||
           (q.types[i].id == TypeId::kUnknown && view.columns[i].type.id == TypeId::kText);
  }
  if (!same) {
    throw SqlError(sqlstate::kObjectNotInPrerequisiteState,
                   "view \"" + view.name + "\" no longer returns the columns it was created with");
  }
  if (untyped) {
    std::vector<BoundExprPtr> exprs;
    for (size_t i = 0; i < q.types.size(); i++) {
      exprs.push_back(
          Coerce(*this, MakeColumnRef(static_cast<int>(i), q.types[i]), view.columns[i].type, -1));
      q.types[i] = view.columns[i].type;
    }
    q.plan = MakeProjectPlan(q.plan, std::move(exprs));
  }
  return q;
}

PlanPtr SelectBinder::BindRelation(const ast::TableRef& ref, Scope& scope) {
  const Catalog& catalog = *binder_.ctx_.catalog;
  std::shared_ptr<const FeatureViewInfo> feature;
  std::shared_ptr<const SqlViewInfo> view;
  std::shared_ptr<const SequenceInfo> sequence;
  std::shared_ptr<const TableInfo> table;
  size_t limit = std::numeric_limits<size_t>::max();
  if (const ViewDependency* pin = binder_.FindPin(ref.schema, ref.name)) {
    limit = pin->columns;
    view = catalog.GetSqlViewByOid(pin->oid);
    if (!view) feature = FeatureViewByOid(catalog, pin->oid);
    if (!view && !feature) sequence = catalog.GetSequenceByOid(pin->oid);
    if (!view && !feature && !sequence) table = catalog.GetTableByOid(pin->oid);
    if (!view && !feature && !sequence && !table) {
      // Gone without the view (DROP SCHEMA ... CASCADE of the schema it was in).
      throw SqlError(sqlstate::kUndefinedTable, "relation \"" + ref.name + "\" does not exist");
    }
  } else {
    feature = binder_.ResolveView(ref.schema, ref.name);
    if (!feature) view = binder_.ResolveSqlView(ref.schema, ref.name);
    if (!feature && !view) sequence = binder_.ResolveSequence(ref.schema, ref.name);
    if (!feature && !view && !sequence) {
      table = binder_.ResolveTable(ref.schema, ref.name, ref.location);
    }
  }
  if (feature) {
    PlanPtr plan = BindFeatureView(*feature, ref, scope);
    binder_.NoteUse(ref.schema, ref.name, feature->oid, feature->columns.size());
    return plan;
  }
  if (view) {
    PlanPtr plan = BindSqlView(*view, ref, scope, limit);
    binder_.NoteUse(ref.schema, ref.name, view->oid, view->columns.size());
    return plan;
  }
  if (sequence) table = system_catalog::SequenceRelation(*sequence);
  auto p = std::make_shared<PlanNode>(PlanKind::kTableScan);
  p->table = table;
  ScopeEntry entry;
  entry.alias = ref.alias.empty() ? ref.name : ref.alias;
  entry.table_oid = table->oid;
  const size_t width = std::min(limit, table->columns.size());
  for (size_t c = 0; c < width; c++) {
    p->scan_columns.push_back(static_cast<int>(c));
    p->types.push_back(table->columns[c].type);
    entry.columns.push_back(c < ref.column_aliases.size() ? ref.column_aliases[c]
                                                          : table->columns[c].name);
    entry.types.push_back(table->columns[c].type);
  }
  scope.Add(std::move(entry));
  binder_.NoteUse(ref.schema, ref.name, table->oid, table->columns.size());
  return p;
}

PlanPtr SelectBinder::BindSqlView(const SqlViewInfo& view, const ast::TableRef& ref, Scope& scope,
                                  size_t columns) {
  BoundQuery q = binder_.BindViewQuery(view);
  PlanPtr plan = q.plan;
  // A view that gained columns (CREATE OR REPLACE) since a view over it was created shows
  // that one only the columns it had then.
  const size_t width = std::min(columns, view.columns.size());
  if (width < view.columns.size()) {
    std::vector<BoundExprPtr> exprs;
    for (size_t c = 0; c < width; c++) {
      exprs.push_back(MakeColumnRef(static_cast<int>(c), view.columns[c].type));
    }
    plan = MakeProjectPlan(plan, std::move(exprs));
  }
  ScopeEntry entry;
  entry.alias = ref.alias.empty() ? ref.name : ref.alias;
  for (size_t c = 0; c < width; c++) {
    entry.columns.push_back(c < ref.column_aliases.size() ? ref.column_aliases[c]
                                                          : view.columns[c].name);
    entry.types.push_back(view.columns[c].type);
  }
  scope.Add(std::move(entry));
  return plan;
}

}  // namespace firn
