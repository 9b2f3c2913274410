// SELECT: SelectStmt (simple selects, VALUES lists, set operations, WITH), FROM items
// (RangeVar, RangeSubselect, RangeFunction, JoinExpr), sort lists and window definitions.
// Thread-safety: see transform.h.
#include <string>

#include "sql/parser/transform.h"

namespace firn::pgtransform {
namespace {

// PostgreSQL's WindowDef.frameOptions bits (parsenodes.h, FRAMEOPTION_*).
constexpr int64_t kFrameNonDefault = 0x1, kFrameRange = 0x2, kFrameRows = 0x4, kFrameGroups = 0x8,
                  kFrameStartUnboundedPreceding = 0x20, kFrameEndUnboundedPreceding = 0x40,
                  kFrameStartUnboundedFollowing = 0x80, kFrameEndUnboundedFollowing = 0x100,
                  kFrameStartCurrentRow = 0x200, kFrameEndCurrentRow = 0x400,
                  kFrameStartOffsetPreceding = 0x800, kFrameEndOffsetPreceding = 0x1000,
                  kFrameStartOffsetFollowing = 0x2000, kFrameEndOffsetFollowing = 0x4000,
                  kFrameExclusion = 0x8000 | 0x10000 | 0x20000;

ast::FrameBoundKind BoundKind(int64_t opts, bool start) {
  if (opts & (start ? kFrameStartUnboundedPreceding : kFrameEndUnboundedPreceding)) {
    return ast::FrameBoundKind::kUnboundedPreceding;
  }
  if (opts & (start ? kFrameStartUnboundedFollowing : kFrameEndUnboundedFollowing)) {
    return ast::FrameBoundKind::kUnboundedFollowing;
  }
  if (opts & (start ? kFrameStartOffsetPreceding : kFrameEndOffsetPreceding)) {
    return ast::FrameBoundKind::kPreceding;
  }
  if (opts & (start ? kFrameStartOffsetFollowing : kFrameEndOffsetFollowing)) {
    return ast::FrameBoundKind::kFollowing;
  }
  if (opts & (start ? kFrameStartCurrentRow : kFrameEndCurrentRow)) {
    return ast::FrameBoundKind::kCurrentRow;
  }
  return start ? ast::FrameBoundKind::kUnboundedPreceding : ast::FrameBoundKind::kCurrentRow;
}

}  // namespace

std::vector<ast::SortItem> Transformer::TransformSortList(const Json& list) {
  std::vector<ast::SortItem> items;
  for (const Json& node : list) {
    NodeReader r("SortBy", NodeBody(node));
    int loc = r.Location();
    ast::SortItem item;
    item.expr = TransformOptionalExpr(r.Get("node"));
    std::string dir = r.String("sortby_dir");
    if (dir == "SORTBY_USING") Unsupported("ORDER BY USING", loc);
    item.direction = dir == "SORTBY_ASC"    ? ast::SortDirection::kAsc
                     : dir == "SORTBY_DESC" ? ast::SortDirection::kDesc
                                            : ast::SortDirection::kDefault;
    std::string nulls = r.String("sortby_nulls");
    item.nulls = nulls == "SORTBY_NULLS_FIRST"  ? ast::NullsOrder::kFirst
                 : nulls == "SORTBY_NULLS_LAST" ? ast::NullsOrder::kLast
                                                : ast::NullsOrder::kDefault;
    Finish(r, loc);
    items.push_back(std::move(item));
  }
  return items;
}

std::unique_ptr<ast::WindowSpec> Transformer::TransformWindowSpec(NodeReader& w, bool in_over) {
  auto spec = std::make_unique<ast::WindowSpec>();
  spec->location = w.Location();
  if (in_over) spec->name = w.String("name");
  spec->ref_name = w.String("refname");
  spec->partition_by = TransformExprList(w.List("partitionClause"));
  spec->order_by = TransformSortList(w.List("orderClause"));
  int64_t opts = w.Int("frameOptions");
  if (opts & kFrameExclusion) Unsupported("window frame EXCLUDE", spec->location);
  spec->has_frame = (opts & kFrameNonDefault) != 0;
  spec->frame_mode = (opts & kFrameRows)     ? ast::FrameMode::kRows
                     : (opts & kFrameGroups) ? ast::FrameMode::kGroups
                                             : ast::FrameMode::kRange;
  spec->frame_start.kind = BoundKind(opts, true);
  spec->frame_start.offset = TransformOptionalExpr(w.Get("startOffset"));
  spec->frame_end.kind = BoundKind(opts, false);
  spec->frame_end.offset = TransformOptionalExpr(w.Get("endOffset"));
  (void)kFrameRange;
  Finish(w, spec->location);
  return spec;
}

std::shared_ptr<ast::SelectStmt> Transformer::TransformSelectNode(const Json& node) {
  std::string_view name = NodeName(node);
  if (name != "SelectStmt") {
    Unsupported(std::string(name) + " as a subquery", NodeBody(node).value("location", -1));
  }
  return TransformSelectBody(NodeBody(node));
}

std::shared_ptr<ast::SelectStmt> Transformer::TransformSelectBody(const Json& body) {
  DepthGuard guard(this);
  NodeReader r("SelectStmt", body);
  auto stmt = std::make_shared<ast::SelectStmt>();
  if (const Json* into = r.Get("intoClause")) {
    Unsupported("SELECT INTO", into->contains("rel") ? (*into)["rel"].value("location", -1) : -1);
  }
  for (const Json& lock : r.List("lockingClause")) {
    std::string strength = NodeBody(lock).value("strength", "");
    std::string what = strength == "LCS_FORNOKEYUPDATE" ? "FOR NO KEY UPDATE"
                       : strength == "LCS_FORSHARE"     ? "FOR SHARE"
                       : strength == "LCS_FORKEYSHARE"  ? "FOR KEY SHARE"
                                                        : "FOR UPDATE";
    Unsupported("SELECT " + what, -1);
  }
  if (const Json* with = r.Get("withClause")) {
    TransformWithClause(*with, &stmt->ctes, &stmt->recursive_with);
  }
  std::string op = r.String("op");
  if (op == "SETOP_UNION" || op == "SETOP_INTERSECT" || op == "SETOP_EXCEPT") {
    stmt->op = op == "SETOP_UNION"       ? ast::SetOpKind::kUnion
               : op == "SETOP_INTERSECT" ? ast::SetOpKind::kIntersect
                                         : ast::SetOpKind::kExcept;
    TransformSetOperands(r, stmt.get());
  } else {
    TransformSimpleSelect(r, stmt.get());
  }
  stmt->order_by = TransformSortList(r.List("sortClause"));
  std::string limit_option = r.String("limitOption");
  if (limit_option == "LIMIT_OPTION_WITH_TIES") Unsupported("FETCH FIRST ... WITH TIES", -1);
  auto limit_value = [&](const Json* node) -> ast::ExprPtr {
    ast::ExprPtr e = TransformOptionalExpr(node);
    // LIMIT ALL and LIMIT NULL both arrive as a NULL constant: no limit.
    if (e && e->kind == ast::ExprKind::kConstant && e->value.is_null()) return nullptr;
    return e;
  };
  stmt->limit = limit_value(r.Get("limitCount"));
  stmt->offset = TransformOptionalExpr(r.Get("limitOffset"));
  Finish(r, -1);
  return stmt;
}

void Transformer::TransformSetOperands(NodeReader& r, ast::SelectStmt* stmt) {
  stmt->set_all = r.Bool("all");
  const Json* larg = r.Get("larg");
  const Json* rarg = r.Get("rarg");
  if (larg == nullptr || rarg == nullptr) Unsupported("set operation without operands", -1);
  stmt->larg = TransformSelectBody(*larg);
  stmt->rarg = TransformSelectBody(*rarg);
}

void Transformer::TransformSimpleSelect(NodeReader& r, ast::SelectStmt* stmt) {
  for (const Json& row : r.List("valuesLists")) {
    stmt->values.push_back(TransformExprList(ListItems(row)));
  }
  const Json& distinct = r.List("distinctClause");
  if (!distinct.empty()) {
    stmt->distinct = true;
    // Plain DISTINCT is a list holding one empty element; DISTINCT ON lists expressions.
    if (!(distinct.size() == 1 && distinct[0].empty())) {
      stmt->distinct_on = TransformExprList(distinct);
    }
  }
  stmt->targets = TransformTargetList(r.List("targetList"));
  for (const Json& item : r.List("fromClause")) stmt->from.push_back(TransformTableRef(item));
  stmt->where = TransformOptionalExpr(r.Get("whereClause"));
  stmt->group_distinct = r.Bool("groupDistinct");
  for (const Json& item : r.List("groupClause")) stmt->group_by.push_back(TransformGroupItem(item));
  stmt->having = TransformOptionalExpr(r.Get("havingClause"));
  for (const Json& item : r.List("windowClause")) {
    NodeReader w("WindowDef", NodeBody(item));
    ast::WindowDef def;
    def.name = w.String("name");
    def.spec = TransformWindowSpec(w, /*in_over=*/false);
    stmt->windows.push_back(std::move(def));
  }
  if (!stmt->targets.empty()) stmt->location = stmt->targets.front().location;
}

ast::ExprPtr Transformer::TransformGroupItem(const Json& item) {
  if (NodeName(item) != "GroupingSet") return TransformExpr(item);
  NodeReader r("GroupingSet", NodeBody(item));
  int loc = r.Location();
  auto e = std::make_unique<ast::Expr>(ast::ExprKind::kGroupingSet, loc);
  std::string kind = r.String("kind");
  e->variant = kind == "GROUPING_SET_ROLLUP"  ? "rollup"
               : kind == "GROUPING_SET_CUBE"  ? "cube"
               : kind == "GROUPING_SET_EMPTY" ? "empty"
               : kind == "GROUPING_SET_SETS"  ? "sets"
                                              : "";
  if (e->variant.empty()) Unsupported("grouping set kind " + kind, loc);
  for (const Json& c : r.List("content")) e->args.push_back(TransformGroupItem(c));
  Finish(r, loc);
  return e;
}

std::vector<ast::ResultTarget> Transformer::TransformTargetList(const Json& list) {
  std::vector<ast::ResultTarget> targets;
  for (const Json& node : list) {
    NodeReader r("ResTarget", NodeBody(node));
    ast::ResultTarget target;
    target.location = r.Location();
    target.alias = r.String("name");
    if (!r.List("indirection").empty()) Unsupported("target indirection", target.location);
    target.expr = TransformOptionalExpr(r.Get("val"));
    Finish(r, target.location);
    targets.push_back(std::move(target));
  }
  return targets;
}

void Transformer::TransformWithClause(const Json& with, std::vector<ast::CommonTableExpr>* ctes,
                                      bool* recursive) {
  NodeReader r("WithClause", with);
  int loc = r.Location();
  *recursive = r.Bool("recursive");
  for (const Json& node : r.List("ctes")) {
    NodeReader c("CommonTableExpr", NodeBody(node));
    ast::CommonTableExpr cte;
    cte.location = c.Location();
    cte.name = c.String("ctename");
    cte.column_names = StringList(c.List("aliascolnames"));
    cte.recursive = *recursive;
    if (c.Has("search_clause")) Unsupported("SEARCH clause", cte.location);
    if (c.Has("cycle_clause")) Unsupported("CYCLE clause", cte.location);
    const Json* query = c.Get("ctequery");
    if (query == nullptr || NodeName(*query) != "SelectStmt") {
      Unsupported("data-modifying statement in WITH", cte.location);
    }
    cte.query = TransformSelectNode(*query);
    // [NOT] MATERIALIZED is a planner hint; results are the same either way.
    c.Ignore({"ctematerialized"});
    Finish(c, cte.location);
    ctes->push_back(std::move(cte));
  }
  Finish(r, loc);
}

void Transformer::TransformAlias(const Json* alias, ast::TableRef* ref) {
  if (alias == nullptr) return;
  NodeReader a("Alias", *alias);
  ref->alias = a.String("aliasname");
  ref->column_aliases = StringList(a.List("colnames"));
  Finish(a, ref->location);
}

ast::QualifiedName Transformer::TransformRangeVarName(const Json& body, std::string* alias,
                                                      std::vector<std::string>* columns) {
  NodeReader r("RangeVar", body);
  ast::QualifiedName name;
  name.location = r.Location();
  if (r.Has("catalogname")) {
    Unsupported("cross-database reference", name.location);
  }
  name.schema = r.String("schemaname");
  name.name = r.String("relname");
  if (const Json* a = r.Get("alias")) {
    ast::TableRef ref;
    ref.location = name.location;
    TransformAlias(a, &ref);
    if (alias == nullptr || (columns == nullptr && !ref.column_aliases.empty())) {
      Unsupported("table alias here", name.location);
    }
    *alias = ref.alias;
    if (columns) *columns = std::move(ref.column_aliases);
  }
  // inh: ONLY t is t, Firn has no inheritance. relpersistence: checked by CREATE TABLE.
  r.Ignore({"inh", "relpersistence"});
  Finish(r, name.location);
  return name;
}

ast::TableRefPtr Transformer::TransformTableRef(const Json& node) {
  DepthGuard guard(this);
  std::string_view name = NodeName(node);
  const Json& body = NodeBody(node);
  auto ref = std::make_unique<ast::TableRef>();
  if (name == "RangeVar") {
    ref->kind = ast::TableRefKind::kTable;
    ast::QualifiedName qn = TransformRangeVarName(body, &ref->alias, &ref->column_aliases);
    ref->schema = std::move(qn.schema);
    ref->name = std::move(qn.name);
    ref->location = qn.location;
    return ref;
  }
  NodeReader r(name, body);
  if (name == "JoinExpr") return TransformJoin(r);
  if (name == "RangeFunction") return TransformRangeFunction(r);
  if (name == "RangeSubselect") {
    ref->kind = ast::TableRefKind::kSubquery;
    ref->lateral = r.Bool("lateral");
    const Json* sub = r.Get("subquery");
    if (sub == nullptr) Unsupported("subquery in FROM without a query", -1);
    ref->subquery = TransformSelectNode(*sub);
    ref->location = ref->subquery->location;
    TransformAlias(r.Get("alias"), ref.get());
    Finish(r, ref->location);
    return ref;
  }
  int loc = r.Location();
  if (name == "RangeTableSample") Unsupported("TABLESAMPLE", loc);
  if (name == "RangeTableFunc") Unsupported("XMLTABLE", loc);
  Unsupported("FROM item " + std::string(name), loc);
}

ast::TableRefPtr Transformer::TransformJoin(NodeReader& r) {
  auto ref = std::make_unique<ast::TableRef>();
  ref->kind = ast::TableRefKind::kJoin;
  std::string type = r.String("jointype");
  const Json* larg = r.Get("larg");
  const Json* rarg = r.Get("rarg");
  if (larg == nullptr || rarg == nullptr) Unsupported("JOIN without two sides", -1);
  ref->left = TransformTableRef(*larg);
  ref->right = TransformTableRef(*rarg);
  ref->location = ref->left->location;
  ref->natural = r.Bool("isNatural");
  ref->using_columns = StringList(r.List("usingClause"));
  if (r.Has("join_using_alias")) Unsupported("JOIN USING alias", ref->location);
  ref->join_condition = TransformOptionalExpr(r.Get("quals"));
  if (type == "JOIN_INNER") {
    bool cross = !ref->natural && ref->using_columns.empty() && !ref->join_condition;
    ref->join_type = cross ? ast::JoinType::kCross : ast::JoinType::kInner;
  } else if (type == "JOIN_LEFT") {
    ref->join_type = ast::JoinType::kLeft;
  } else if (type == "JOIN_RIGHT") {
    ref->join_type = ast::JoinType::kRight;
  } else if (type == "JOIN_FULL") {
    ref->join_type = ast::JoinType::kFull;
  } else {
    Unsupported("join type " + type, ref->location);
  }
  TransformAlias(r.Get("alias"), ref.get());
  Finish(r, ref->location);
  return ref;
}

ast::TableRefPtr Transformer::TransformRangeFunction(NodeReader& r) {
  auto ref = std::make_unique<ast::TableRef>();
  ref->kind = ast::TableRefKind::kFunction;
  ref->lateral = r.Bool("lateral");
  ref->with_ordinality = r.Bool("ordinality");
  const Json& functions = r.List("functions");
  if (r.Bool("is_rowsfrom") || functions.size() != 1) Unsupported("ROWS FROM", -1);
  // Each entry is a two-element List: the call and its column definition list (or empty).
  const Json& pair = ListItems(functions[0]);
  if (pair.empty()) Unsupported("empty table function", -1);
  ref->function = TransformExpr(pair[0]);
  ref->location = ref->function->location;
  if (r.Has("coldeflist") || (pair.size() > 1 && !pair[1].empty())) {
    Unsupported("column definition list for a function", ref->location);
  }
  TransformAlias(r.Get("alias"), ref.get());
  Finish(r, ref->location);
  return ref;
}

}  // namespace firn::pgtransform
