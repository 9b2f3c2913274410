// CREATE SEQUENCE, ALTER SEQUENCE and the sequence options of identity columns.
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

}  // namespace firn::pgtransform
