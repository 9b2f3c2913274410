// CREATE SEQUENCE, ALTER SEQUENCE and the sequence options of identity columns; CREATE
// INDEX.
// Thread-safety: see transform.h.
#include <string>

#include "sql/parser/transform.h"

namespace firn::pgtransform {

std::vector<ast::SequenceOption> Transformer::TransformSequenceOptions(const Json& list) {
  std::vector<ast::SequenceOption> out;
  for (const Json& item : list) {
    NodeReader r("DefElem", NodeBody(item));
    ast::SequenceOption option;
    option.location = r.Location();
    option.name = r.String("defname");
    for (const ast::SequenceOption& seen : out) {
      // RESTART is the one option PostgreSQL lets ALTER SEQUENCE repeat (the last counts).
      if (seen.name == option.name && option.name != "restart") {
        Error(sqlstate::kSyntaxError, "conflicting or redundant options", option.location);
      }
    }
    std::string action = r.String("defaction");
    if (!action.empty() && action != "DEFELEM_UNSPEC") {
      Unsupported("option action", option.location);
    }
    const Json* arg = r.Get("arg");
    option.has_value = arg != nullptr;
    if (arg != nullptr) {
      if (option.name == "as") {
        option.type = TransformTypeName(NodeBody(*arg));
      } else if (option.name == "owned_by" || option.name == "sequence_name") {
        option.names = StringList(ListItems(*arg));
      } else {
        option.value = OptionValue(arg, option.name, option.location);
      }
    }
    r.Ignore({"defnamespace"});
    Finish(r, option.location);
    out.push_back(std::move(option));
  }
  return out;
}

ast::StatementPtr Transformer::TransformSequence(const Json& body, bool create) {
  NodeReader r(create ? "CreateSeqStmt" : "AlterSeqStmt", body);
  auto seq = std::make_unique<ast::SequenceStmt>();
  const Json* rel = r.Get("sequence");
  if (rel == nullptr) Unsupported("a sequence without a name", -1);
  seq->name = TransformRangeVarName(*rel, nullptr);
  std::string persistence = rel->value("relpersistence", "p");
  if (persistence == "u") Unsupported("UNLOGGED sequences", seq->name.location);
  if (persistence == "t") Unsupported("temporary sequences", seq->name.location);
  if (create) {
    seq->if_not_exists = r.Bool("if_not_exists");
    r.Ignore({"ownerId"});
  } else {
    seq->if_exists = r.Bool("missing_ok");
  }
  if (r.Bool("for_identity")) Unsupported("ALTER SEQUENCE of an identity column", -1);
  seq->options = TransformSequenceOptions(r.List("options"));
  for (const ast::SequenceOption& o : seq->options) {
    if (o.name == "sequence_name") Unsupported("SEQUENCE NAME", o.location);
    if (create && o.name == "restart") {
      Error(sqlstate::kSyntaxError, "option \"restart\" not recognized", o.location);
    }
  }
  Finish(r, seq->name.location);
  auto stmt = std::make_unique<ast::Statement>(create ? ast::StatementKind::kCreateSequence
                                                      : ast::StatementKind::kAlterSequence);
  stmt->sequence = std::move(seq);
  return stmt;
}

ast::StatementPtr Transformer::TransformIndex(const Json& body) {
  NodeReader r("IndexStmt", body);
  auto index = std::make_unique<ast::IndexStmt>();
  const Json* rel = r.Get("relation");
  if (rel == nullptr) Unsupported("CREATE INDEX without a table", -1);
  index->table = TransformRangeVarName(*rel, nullptr);
  const int loc = index->table.location;
  index->name = r.String("idxname");
  index->if_not_exists = r.Bool("if_not_exists");
  index->method = r.String("accessMethod");
  index->unique = r.Bool("unique");
  if (r.Has("whereClause")) Unsupported("partial indexes (CREATE INDEX ... WHERE)", loc);
  if (r.Has("options")) Unsupported("index storage parameters", loc);
  if (r.Has("tableSpace")) Unsupported("TABLESPACE", loc);
  if (r.Bool("nulls_not_distinct")) Unsupported("NULLS NOT DISTINCT", loc);
  r.Ignore({"concurrent"});  // no index is built, so nothing is locked either way
  auto element = [&](const Json& node, bool key) {
    NodeReader e("IndexElem", NodeBody(node));
    ast::IndexElem elem;
    if (e.Has("expr")) Unsupported("index expressions", loc);
    if (e.Has("collation")) Unsupported("COLLATE in an index", loc);
    if (e.Has("opclass")) Unsupported("operator classes", loc);
    elem.column = e.String("name");
    std::string ordering = e.String("ordering");
    std::string nulls = e.String("nulls_ordering");
    if (!key && (ordering != "SORTBY_DEFAULT" || nulls != "SORTBY_NULLS_DEFAULT")) {
      Error(sqlstate::kSyntaxError, "including column does not support ASC/DESC/NULLS options",
            loc);
    }
    elem.descending = ordering == "SORTBY_DESC";
    if (ordering == "SORTBY_USING") Unsupported("USING in an index", loc);
    elem.nulls = nulls == "SORTBY_NULLS_FIRST" ? 1 : nulls == "SORTBY_NULLS_LAST" ? 2 : 0;
    e.Ignore({"indexcolname", "opclassopts"});
    Finish(e, loc);
    return elem;
  };
  for (const Json& p : r.List("indexParams")) index->columns.push_back(element(p, true));
  for (const Json& p : r.List("indexIncludingParams")) {
    index->include.push_back(element(p, false).column);
  }
  Finish(r, loc);
  auto stmt = std::make_unique<ast::Statement>(ast::StatementKind::kCreateIndex);
  stmt->index = std::move(index);
  return stmt;
}

}  // namespace firn::pgtransform
