// DML: INSERT, DELETE, UPDATE, COPY and TRUNCATE.
// Thread-safety: see transform.h.
#include <string>

#include "sql/parser/transform.h"

namespace firn::pgtransform {

ast::StatementPtr Transformer::TransformInsert(const Json& body) {
  NodeReader r("InsertStmt", body);
  auto ins = std::make_unique<ast::InsertStmt>();
  const Json* rel = r.Get("relation");
  if (rel == nullptr) Unsupported("INSERT without a table", -1);
  ins->table = TransformRangeVarName(*rel, &ins->alias);
  int loc = ins->table.location;
  if (const Json* with = r.Get("withClause")) {
    bool recursive = false;
    TransformWithClause(*with, &ins->ctes, &recursive);
  }
  for (const Json& col : r.List("cols")) {
    NodeReader c("ResTarget", NodeBody(col));
    int cloc = c.Location();
    if (!c.List("indirection").empty()) {
      Unsupported("INSERT into a field or subscript of a column", cloc);
    }
    ins->columns.push_back(c.String("name"));
    ins->column_locations.push_back(cloc);
    Finish(c, cloc);
  }
  if (const Json* source = r.Get("selectStmt")) ins->source = TransformSelectNode(*source);
  if (const Json* conflict = r.Get("onConflictClause")) {
    NodeReader c("OnConflictClause", *conflict);
    ast::OnConflict on;
    on.location = c.Location();
    on.do_update = c.String("action") == "ONCONFLICT_UPDATE";
    on.assignments = TransformAssignments(c.List("targetList"));
    on.where = TransformOptionalExpr(c.Get("whereClause"));
    if (const Json* infer = c.Get("infer")) {
      NodeReader i("InferClause", *infer);
      if (i.Has("whereClause")) Unsupported("ON CONFLICT ... WHERE", on.location);
      on.constraint = i.String("conname");
      for (const Json& elem : i.List("indexElems")) {
        NodeReader e("IndexElem", NodeBody(elem));
        if (e.Has("expr")) Unsupported("an expression as ON CONFLICT target", on.location);
        if (e.Has("collation") || e.Has("opclass")) {
          Unsupported("COLLATE or an operator class in ON CONFLICT", on.location);
        }
        on.columns.push_back(e.String("name"));
        e.Ignore({"ordering", "nulls_ordering"});
        Finish(e, on.location);
      }
      i.Ignore({"location"});
      Finish(i, on.location);
    }
    Finish(c, on.location);
    ins->on_conflict = std::move(on);
  }
  std::string override = r.String("override");
  ins->overriding_system_value = override == "OVERRIDING_SYSTEM_VALUE";
  ins->overriding_user_value = override == "OVERRIDING_USER_VALUE";
  ins->returning = TransformTargetList(r.List("returningList"));
  Finish(r, loc);
  auto stmt = std::make_unique<ast::Statement>(ast::StatementKind::kInsert);
  stmt->insert = std::move(ins);
  return stmt;
}

ast::StatementPtr Transformer::TransformDelete(const Json& body) {
  NodeReader r("DeleteStmt", body);
  auto del = std::make_unique<ast::DeleteStmt>();
  const Json* rel = r.Get("relation");
  if (rel == nullptr) Unsupported("DELETE without a table", -1);
  del->table = TransformRangeVarName(*rel, &del->alias);
  int loc = del->table.location;
  if (r.Has("withClause")) Unsupported("WITH in DELETE", loc);
  if (r.Has("usingClause")) Unsupported("DELETE ... USING", loc);
  del->where = TransformOptionalExpr(r.Get("whereClause"));
  del->returning = TransformTargetList(r.List("returningList"));
  Finish(r, loc);
  auto stmt = std::make_unique<ast::Statement>(ast::StatementKind::kDelete);
  stmt->del = std::move(del);
  return stmt;
}

ast::StatementPtr Transformer::TransformUpdate(const Json& body) {
  NodeReader r("UpdateStmt", body);
  auto upd = std::make_unique<ast::UpdateStmt>();
  const Json* rel = r.Get("relation");
  if (rel == nullptr) Unsupported("UPDATE without a table", -1);
  upd->table = TransformRangeVarName(*rel, &upd->alias);
  int loc = upd->table.location;
  if (r.Has("withClause")) Unsupported("WITH in UPDATE", loc);
  if (r.Has("fromClause")) Unsupported("UPDATE ... FROM", loc);
  upd->assignments = TransformAssignments(r.List("targetList"));
  upd->where = TransformOptionalExpr(r.Get("whereClause"));
  upd->returning = TransformTargetList(r.List("returningList"));
  Finish(r, loc);
  auto stmt = std::make_unique<ast::Statement>(ast::StatementKind::kUpdate);
  stmt->update = std::move(upd);
  return stmt;
}

std::vector<std::pair<std::string, ast::ExprPtr>> Transformer::TransformAssignments(
    const Json& target_list) {
  std::vector<std::pair<std::string, ast::ExprPtr>> assignments;
  for (const Json& node : target_list) {
    NodeReader t("ResTarget", NodeBody(node));
    int tloc = t.Location();
    std::string column = t.String("name");
    if (!t.List("indirection").empty()) {
      Unsupported("UPDATE of a field or subscript of a column", tloc);
    }
    const Json* val = t.Get("val");
    ast::ExprPtr value;
    if (val && NodeName(*val) == "MultiAssignRef") {
      // SET (a, b) = (x, y): each column takes its element of the row constructor.
      NodeReader m("MultiAssignRef", NodeBody(*val));
      const Json* source = m.Get("source");
      int64_t colno = m.Int("colno");
      int64_t ncolumns = m.Int("ncolumns");
      NodeReader row("RowExpr", source ? NodeBody(*source) : NodeBody(Json()));
      const Json& items = row.List("args");
      if (source == nullptr || NodeName(*source) != "RowExpr") ncolumns = -1;
      if (items.size() != static_cast<size_t>(ncolumns) || colno < 1 || colno > ncolumns) {
        Unsupported("multiple-column assignment from a subquery", tloc);
      }
      value = TransformExpr(items[colno - 1]);
      Finish(m, tloc);
    } else {
      value = TransformOptionalExpr(val);
    }
    assignments.emplace_back(std::move(column), std::move(value));
    Finish(t, tloc);
  }
  return assignments;
}

ast::StatementPtr Transformer::TransformCopy(const Json& body) {
  NodeReader r("CopyStmt", body);
  auto copy = std::make_unique<ast::CopyStmt>();
  int loc = -1;
  if (const Json* rel = r.Get("relation")) {
    copy->table = TransformRangeVarName(*rel, nullptr);
    loc = copy->table.location;
  }
  if (const Json* query = r.Get("query")) {
    if (NodeName(*query) != "SelectStmt") Unsupported("COPY of a data-modifying statement", loc);
    copy->query = TransformSelectNode(*query);
  }
  copy->columns = StringList(r.List("attlist"));
  copy->is_from = r.Bool("is_from");
  if (r.Bool("is_program")) Unsupported("COPY PROGRAM", loc);
  copy->filename = r.String("filename");
  if (r.Has("whereClause")) Unsupported("COPY FROM ... WHERE", loc);
  for (const Json& opt : r.List("options")) copy->options.push_back(TransformOption(opt));
  Finish(r, loc);
  auto stmt = std::make_unique<ast::Statement>(ast::StatementKind::kCopy);
  stmt->copy = std::move(copy);
  return stmt;
}

ast::StatementPtr Transformer::TransformTruncate(const Json& body) {
  NodeReader r("TruncateStmt", body);
  auto truncate = std::make_unique<ast::TruncateStmt>();
  for (const Json& rel : r.List("relations")) {
    // ONLY and * (inheritance) change nothing: Firn tables have no children.
    truncate->tables.push_back(TransformRangeVarName(NodeBody(rel), nullptr));
  }
  truncate->restart_identity = r.Bool("restart_seqs");
  r.Ignore({"behavior"});  // CASCADE / RESTRICT: no foreign keys refer to a table
  Finish(r, -1);
  auto stmt = std::make_unique<ast::Statement>(ast::StatementKind::kTruncate);
  stmt->truncate = std::move(truncate);
  return stmt;
}

}  // namespace firn::pgtransform
