// CREATE [OR REPLACE] VIEW (ViewStmt): a plain view, kept as its query's text.
// Thread-safety: see transform.h.
#include <algorithm>
#include <cctype>
#include <string>

#include "sql/parser/source_text.h"
#include "sql/parser/transform.h"

namespace firn::pgtransform {

ast::StatementPtr Transformer::TransformView(const Json& body) {
  NodeReader r("ViewStmt", body);
  const Json* rel = r.Get("view");
  const Json* query = r.Get("query");
  if (rel == nullptr || query == nullptr) Unsupported("CREATE VIEW without a query", -1);
  auto view = std::make_unique<ast::CreateViewStmt>();
  const int loc = rel->value("location", -1);
  std::string persistence = rel->value("relpersistence", "p");
  if (persistence == "t") Unsupported("temporary views", loc);
  if (persistence == "u") Unsupported("UNLOGGED views", loc);
  view->name = TransformRangeVarName(*rel, nullptr);
  view->replace = r.Bool("replace");
  view->column_names = StringList(r.List("aliases"));
  if (r.Has("options")) Unsupported("view options", loc);
  std::string check = r.String("withCheckOption");
  if (!check.empty() && check != "NO_CHECK_OPTION") Unsupported("WITH CHECK OPTION", loc);
  if (NodeName(*query) != "SelectStmt") Unsupported("CREATE VIEW of this query", loc);
  view->query = TransformSelectNode(*query);
  view->query_text = ViewQueryText(query_, static_cast<size_t>(std::max(loc, 0)));
  // CREATE RECURSIVE VIEW arrives rewritten as a WITH RECURSIVE the text does not have.
  size_t first = view->query_text.find_first_not_of("( \t\r\n");
  // (A query's first word starting with "w" can only be WITH.)
  bool text_has_with = first != std::string::npos &&
                       std::tolower(static_cast<unsigned char>(view->query_text[first])) == 'w';
  if (view->query_text.empty() || (!view->query->ctes.empty() && !text_has_with)) {
    Unsupported("CREATE RECURSIVE VIEW", loc);
  }
  Finish(r, loc);
  auto stmt = std::make_unique<ast::Statement>(ast::StatementKind::kCreateView);
  stmt->create_view = std::move(view);
  return stmt;
}

}  // namespace firn::pgtransform
