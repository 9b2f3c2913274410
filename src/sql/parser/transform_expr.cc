// Expressions: libpg_query's expression nodes (A_Const, ColumnRef, A_Expr, FuncCall, SubLink,
// ...) -> ast::Expr, plus the small scalar helpers every transform uses (names, type names,
// integer constants).
//
// libpg_query 15-4.0.0 omits an Integer's ival when it is zero or negative ({"ival":{}});
// RecoverInteger reads such constants back from the query text, where the grammar's folded
// "-" signs and the digits are still visible.
// Thread-safety: see transform.h.
#include <cstdint>
#include <limits>
#include <string>

#include "sql/parser/transform.h"

namespace firn::pgtransform {
namespace {

bool IsIdentStart(char c) {
  auto u = static_cast<unsigned char>(c);
  return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || c == '_' || u >= 0x80;
}
bool IsIdentChar(char c) { return IsIdentStart(c) || (c >= '0' && c <= '9') || c == '$'; }

// Integer syntax only ([-]digits) that fits int64.
bool ParseInt64(const std::string& text, int64_t* out) {
  size_t i = text.empty() || text[0] != '-' ? 0 : 1;
  if (i == text.size()) return false;
  uint64_t limit = i ? uint64_t{1} << 63 : (uint64_t{1} << 63) - 1;
  uint64_t v = 0;
  for (; i < text.size(); ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    uint64_t d = static_cast<uint64_t>(text[i] - '0');
    if (v > (limit - d) / 10) return false;
    v = v * 10 + d;
  }
  *out = text[0] == '-' ? static_cast<int64_t>(0 - v) : static_cast<int64_t>(v);
  return true;
}

bool FitsInt32(int64_t v) {
  return v >= std::numeric_limits<int32_t>::min() && v <= std::numeric_limits<int32_t>::max();
}

Value IntegerValue(int64_t v) { return FitsInt32(v) ? Value::Int4(v) : Value::Int8(v); }

}  // namespace

std::string Transformer::StringValue(const Json& node) const {
  const Json& body = NodeBody(node);
  if (NodeName(node) != "String") Unsupported("name part " + std::string(NodeName(node)), -1);
  return body.value("sval", std::string());
}

std::vector<std::string> Transformer::StringList(const Json& list) const {
  std::vector<std::string> out;
  for (const Json& item : list) out.push_back(StringValue(item));
  return out;
}

int64_t Transformer::RecoverInteger(int location, bool after_name) const {
  if (location < 0 || static_cast<size_t>(location) >= query_.size()) return 0;
  size_t i = static_cast<size_t>(location);
  const size_t n = query_.size();
  auto skip_blanks = [&] {
    for (;;) {
      if (i < n && (query_[i] == ' ' || query_[i] == '\t' || query_[i] == '\n' ||
                    query_[i] == '\r' || query_[i] == '\f')) {
        ++i;
      } else if (i + 1 < n && query_[i] == '-' && query_[i + 1] == '-') {
        while (i < n && query_[i] != '\n') ++i;
      } else if (i + 1 < n && query_[i] == '/' && query_[i + 1] == '*') {
        int nesting = 0;
        do {
          if (i + 1 < n && query_[i] == '/' && query_[i + 1] == '*') {
            ++nesting, i += 2;
          } else if (i + 1 < n && query_[i] == '*' && query_[i + 1] == '/') {
            --nesting, i += 2;
          } else {
            ++i;
          }
        } while (nesting > 0 && i < n);
      } else {
        return;
      }
    }
  };
  if (after_name) {  // DefElem: skip "name [words] [=]" before the value
    for (;;) {
      skip_blanks();
      if (i < n && IsIdentStart(query_[i])) {
        while (i < n && IsIdentChar(query_[i])) ++i;
      } else if (i < n && query_[i] == '"') {
        for (++i; i < n && query_[i] != '"'; ++i) {
        }
        ++i;
      } else if (i < n && query_[i] == '=') {
        ++i;
      } else {
        break;
      }
    }
  }
  bool negative = false;
  for (;;) {
    skip_blanks();
    if (i < n && query_[i] == '(') {
      ++i;
    } else if (i < n && query_[i] == '-') {
      negative = !negative;
      ++i;
    } else {
      break;
    }
  }
  std::string digits = negative ? "-" : "";
  while (i < n && query_[i] >= '0' && query_[i] <= '9') digits += query_[i++];
  // No digits at the location: a constant the grammar made up (READ WRITE's 0, say).
  int64_t value = 0;
  if (!ParseInt64(digits, &value)) return 0;
  return value;
}

ast::TypeName Transformer::TransformTypeName(const Json& body) {
  NodeReader r("TypeName", body);
  ast::TypeName type;
  type.location = r.Location();
  type.names = StringList(r.List("names"));
  if (r.Bool("setof")) Unsupported("SETOF", type.location);
  if (r.Bool("pct_type")) Unsupported("%TYPE", type.location);
  for (const Json& mod : r.List("typmods")) {
    const Json& mb = NodeBody(mod);
    int loc = mb.value("location", type.location);
    if (NodeName(mod) == "A_Const" && mb.contains("ival")) {
      const Json& iv = mb["ival"];
      type.modifiers.push_back(iv.contains("ival") ? iv["ival"].get<int64_t>()
                                                   : RecoverInteger(loc, false));
      continue;
    }
    std::string text;
    if (NodeName(mod) == "A_Const" && mb.contains("sval")) {
      text = mb["sval"].value("sval", "");
    } else if (NodeName(mod) == "A_Const" && mb.contains("fval")) {
      text = mb["fval"].value("fval", "");
    } else if (NodeName(mod) == "ColumnRef" && mb.value("fields", Json::array()).size() == 1) {
      text = NodeBody(mb["fields"][0]).value("sval", "");
    } else {
      Error(sqlstate::kSyntaxError, "type modifiers must be simple constants or identifiers", loc);
    }
    Error(sqlstate::kInvalidTextRepresentation,
          "invalid input syntax for type integer: \"" + text + "\"", loc);
  }
  type.array_bounds = static_cast<int>(r.List("arrayBounds").size());
  r.Ignore({"typemod", "typeOid"});
  Finish(r, type.location);
  return type;
}

ast::ExprPtr Transformer::TransformOptionalExpr(const Json* node) {
  if (node == nullptr) return nullptr;
  return TransformExpr(*node);
}

std::vector<ast::ExprPtr> Transformer::TransformExprList(const Json& list) {
  std::vector<ast::ExprPtr> out;
  for (const Json& item : list) out.push_back(TransformExpr(item));
  return out;
}

ast::ExprPtr Transformer::TransformExpr(const Json& node) {
  DepthGuard guard(this);
  std::string_view name = NodeName(node);
  NodeReader r(name, NodeBody(node));
  int loc = r.Location();
  ast::ExprPtr e;
  if (name == "A_Const") {
    e = TransformConstant(r);
  } else if (name == "ColumnRef") {
    e = std::make_unique<ast::Expr>(ast::ExprKind::kColumnRef, loc);
    const Json& fields = r.List("fields");
    for (size_t i = 0; i < fields.size(); ++i) {
      if (NodeName(fields[i]) == "A_Star" && i + 1 == fields.size()) {
        e->star = true;
      } else {
        e->names.push_back(StringValue(fields[i]));
      }
    }
  } else if (name == "ParamRef") {
    e = std::make_unique<ast::Expr>(ast::ExprKind::kParam, loc);
    e->param_number = static_cast<int>(r.Int("number"));
  } else if (name == "A_Expr") {
    e = TransformAExpr(r);
  } else if (name == "BoolExpr") {
    e = TransformBoolExpr(r);
  } else if (name == "NullTest") {
    e = std::make_unique<ast::Expr>(ast::ExprKind::kIsNull, loc);
    e->args.push_back(TransformOptionalExpr(r.Get("arg")));
    e->negated = r.String("nulltesttype") == "IS_NOT_NULL";
    r.Ignore({"argisrow"});
  } else if (name == "BooleanTest") {
    e = std::make_unique<ast::Expr>(ast::ExprKind::kBooleanTest, loc);
    e->args.push_back(TransformOptionalExpr(r.Get("arg")));
    std::string test = r.String("booltesttype");  // IS_[NOT_]TRUE / FALSE / UNKNOWN
    e->negated = test.rfind("IS_NOT_", 0) == 0;
    std::string what = test.substr(e->negated ? 7 : 3);
    e->variant = what == "TRUE" ? "true" : what == "FALSE" ? "false" : "unknown";
  } else if (name == "TypeCast") {
    const Json* type = r.Get("typeName");
    e = std::make_unique<ast::Expr>(ast::ExprKind::kCast, loc);
    e->args.push_back(TransformOptionalExpr(r.Get("arg")));
    if (type) e->type_name = TransformTypeName(*type);
    if (e->location < 0) e->location = e->type_name.location;
  } else if (name == "FuncCall") {
    e = TransformFuncCall(r);
  } else if (name == "CaseExpr") {
    e = TransformCase(r);
  } else if (name == "CoalesceExpr") {
    e = std::make_unique<ast::Expr>(ast::ExprKind::kCoalesce, loc);
    e->args = TransformExprList(r.List("args"));
  } else if (name == "MinMaxExpr") {
    bool greatest = r.String("op") == "IS_GREATEST";
    e = std::make_unique<ast::Expr>(greatest ? ast::ExprKind::kGreatest : ast::ExprKind::kLeast,
                                    loc);
    e->args = TransformExprList(r.List("args"));
  } else if (name == "SubLink") {
    e = TransformSubLink(r);
  } else if (name == "A_ArrayExpr") {
    e = std::make_unique<ast::Expr>(ast::ExprKind::kArray, loc);
    e->args = TransformExprList(r.List("elements"));
  } else if (name == "A_Indirection") {
    e = TransformIndirection(r);
  } else if (name == "SQLValueFunction") {
    e = TransformSqlValueFunction(r);
  } else if (name == "RowExpr") {
    e = std::make_unique<ast::Expr>(ast::ExprKind::kRowExpr, loc);
    e->args = TransformExprList(r.List("args"));
    // (a, b) without ROW: a list of columns in GROUP BY, a row value elsewhere.
    if (r.String("row_format") == "COERCE_IMPLICIT_CAST") e->variant = "implicit";
    r.Ignore({"colnames"});
  } else if (name == "SetToDefault") {
    e = std::make_unique<ast::Expr>(ast::ExprKind::kDefault, loc);
  } else if (name == "CollateClause") {
    // Firn compares text bytewise, which is what "default" (C.UTF-8 here), "C" and "POSIX"
    // mean; those are accepted as no-ops (psql sends COLLATE pg_catalog.default).
    std::vector<std::string> coll = StringList(r.List("collname"));
    bool known = coll.size() == 1 || (coll.size() == 2 && coll[0] == "pg_catalog");
    std::string collation = coll.empty() ? "" : coll.back();
    if (!known || (collation != "default" && collation != "C" && collation != "POSIX")) {
      Unsupported("COLLATE \"" + collation + "\"", loc);
    }
    e = TransformOptionalExpr(r.Get("arg"));
  } else if (name == "NamedArgExpr") {
    Unsupported("named function arguments", loc);
  } else if (name == "GroupingFunc") {
    e = std::make_unique<ast::Expr>(ast::ExprKind::kGrouping, loc);
    e->args = TransformExprList(r.List("args"));
  } else if (name == "XmlExpr" || name == "XmlSerialize") {
    Unsupported("XML", loc);
  } else if (name == "CurrentOfExpr") {
    Unsupported("WHERE CURRENT OF", loc);
  } else if (name == "MultiAssignRef") {
    Unsupported("multiple-column assignment", loc);
  } else {
    Unsupported("expression type " + std::string(name), loc);
  }
  Finish(r, loc);
  return e;
}

ast::ExprPtr Transformer::TransformConstant(NodeReader& r) {
  int loc = r.Location();
  auto e = std::make_unique<ast::Expr>(ast::ExprKind::kConstant, loc);
  if (const Json* ival = r.Get("ival")) {
    int64_t v =
        ival->contains("ival") ? (*ival)["ival"].get<int64_t>() : RecoverInteger(loc, false);
    e->value = IntegerValue(v);
    e->text = std::to_string(v);
  } else if (const Json* fval = r.Get("fval")) {
    // PostgreSQL: an integer too wide for int4 is int8 when it fits, else numeric.
    e->text = fval->value("fval", "0");
    int64_t v = 0;
    if (ParseInt64(e->text, &v)) {
      e->value = Value::Int8(v);
    } else {
      try {
        e->value = Value::MakeNumeric(Numeric::Parse(e->text));
      } catch (SqlError& err) {
        if (err.position() == 0) err.set_position(Position(loc));
        throw;
      }
    }
  } else if (const Json* sval = r.Get("sval")) {
    e->text = sval->value("sval", "");
    e->value = Value::String(Type(TypeId::kUnknown), e->text);
  } else if (const Json* bval = r.Get("boolval")) {
    e->value = Value::Bool(bval->value("boolval", false));
  } else if (r.Get("bsval")) {
    Unsupported("bit string constants", loc);
  } else if (r.Bool("isnull")) {
    e->value = Value();
  } else {
    Unsupported("constant", loc);
  }
  return e;
}

ast::ExprPtr Transformer::TransformAExpr(NodeReader& r) {
  int loc = r.Location();
  std::string kind = r.String("kind");
  std::vector<std::string> names = StringList(r.List("name"));
  std::string op = names.empty() ? "" : names.back();
  const Json* lexpr = r.Get("lexpr");
  const Json* rexpr = r.Get("rexpr");
  auto make = [&](ast::ExprKind k) { return std::make_unique<ast::Expr>(k, loc); };
  auto list_items = [](const Json* list) -> const Json& {
    static const Json kNone = Json::array();  // immutable after construction
    return list ? ListItems(*list) : kNone;
  };
  ast::ExprPtr e;
  if (kind == "AEXPR_OP") {
    e = make(ast::ExprKind::kOperator);
    if (lexpr) e->args.push_back(TransformExpr(*lexpr));
    e->args.push_back(TransformOptionalExpr(rexpr));
    e->names = std::move(names);
    // Prefix minus over a numeric constant is the constant (PostgreSQL folds it likewise).
    ast::Expr* arg = e->args.back().get();
    if (!lexpr && e->names.size() == 1 && op == "-" && arg &&
        arg->kind == ast::ExprKind::kConstant && !arg->value.is_null()) {
      TypeId id = arg->value.type().id;
      if (id == TypeId::kInt4 || id == TypeId::kInt8) {
        int64_t v = arg->value.GetInt64();
        if (v != std::numeric_limits<int64_t>::min()) {
          arg->value = id == TypeId::kInt8 ? Value::Int8(-v) : IntegerValue(-v);
          arg->text = std::to_string(-v);
          arg->location = loc;
          return std::move(e->args.back());
        }
      } else if (id == TypeId::kNumeric) {
        arg->value = Value::MakeNumeric(arg->value.GetNumeric().Neg());
        arg->text = arg->text.rfind('-', 0) == 0 ? arg->text.substr(1) : "-" + arg->text;
        arg->location = loc;
        return std::move(e->args.back());
      }
    }
  } else if (kind == "AEXPR_OP_ANY" || kind == "AEXPR_OP_ALL") {
    e = make(ast::ExprKind::kAnyAll);
    e->args.push_back(TransformOptionalExpr(lexpr));
    e->args.push_back(TransformOptionalExpr(rexpr));
    e->variant = kind == "AEXPR_OP_ANY" ? "any" : "all";
    e->op = op;
    e->names = std::move(names);
  } else if (kind == "AEXPR_DISTINCT" || kind == "AEXPR_NOT_DISTINCT" || kind == "AEXPR_NULLIF") {
    e = make(kind == "AEXPR_NULLIF" ? ast::ExprKind::kNullIf : ast::ExprKind::kIsDistinctFrom);
    e->negated = kind == "AEXPR_NOT_DISTINCT";
    e->args.push_back(TransformOptionalExpr(lexpr));
    e->args.push_back(TransformOptionalExpr(rexpr));
  } else if (kind == "AEXPR_IN") {
    e = make(ast::ExprKind::kInList);
    e->negated = op == "<>";
    e->args.push_back(TransformOptionalExpr(lexpr));
    for (const Json& item : list_items(rexpr)) e->args.push_back(TransformExpr(item));
  } else if (kind == "AEXPR_LIKE" || kind == "AEXPR_ILIKE") {
    e = make(ast::ExprKind::kLike);
    e->variant = kind == "AEXPR_LIKE" ? "like" : "ilike";
    e->negated = !op.empty() && op[0] == '!';
    e->args.push_back(TransformOptionalExpr(lexpr));
    // LIKE ... ESCAPE e arrives as pattern = pg_catalog.like_escape(pattern, e).
    const Json* rb = rexpr && NodeName(*rexpr) == "FuncCall" ? &NodeBody(*rexpr) : nullptr;
    std::vector<std::string> fname;
    if (rb && rb->contains("funcname")) fname = StringList((*rb)["funcname"]);
    if (fname == std::vector<std::string>{"pg_catalog", "like_escape"} && rb->contains("args") &&
        (*rb)["args"].size() == 2) {
      e->args.push_back(TransformExpr((*rb)["args"][0]));
      e->args.push_back(TransformExpr((*rb)["args"][1]));
    } else {
      e->args.push_back(TransformOptionalExpr(rexpr));
    }
  } else if (kind == "AEXPR_BETWEEN" || kind == "AEXPR_NOT_BETWEEN" ||
             kind == "AEXPR_BETWEEN_SYM" || kind == "AEXPR_NOT_BETWEEN_SYM") {
    e = make(ast::ExprKind::kBetween);
    e->negated = kind.find("NOT") != std::string::npos;
    if (kind.find("SYM") != std::string::npos) e->variant = "symmetric";
    e->args.push_back(TransformOptionalExpr(lexpr));
    const Json& bounds = list_items(rexpr);
    if (bounds.size() != 2) Unsupported("BETWEEN form", loc);
    for (const Json& b : bounds) e->args.push_back(TransformExpr(b));
  } else if (kind == "AEXPR_SIMILAR") {
    Unsupported("SIMILAR TO", loc);
  } else {
    Unsupported("operator kind " + kind, loc);
  }
  return e;
}

ast::ExprPtr Transformer::TransformBoolExpr(NodeReader& r) {
  int loc = r.Location();
  std::string op = r.String("boolop");
  std::vector<ast::ExprPtr> args = TransformExprList(r.List("args"));
  if (op == "NOT_EXPR") {
    // NOT (a IN (SELECT ...)) is how the grammar writes a NOT IN subquery.
    if (args.size() == 1 && args[0]->kind == ast::ExprKind::kInSubquery && !args[0]->negated) {
      args[0]->negated = true;
      args[0]->location = loc;
      return std::move(args[0]);
    }
    auto e = std::make_unique<ast::Expr>(ast::ExprKind::kNot, loc);
    e->args = std::move(args);
    return e;
  }
  auto e =
      std::make_unique<ast::Expr>(op == "AND_EXPR" ? ast::ExprKind::kAnd : ast::ExprKind::kOr, loc);
  if (op != "AND_EXPR" && op != "OR_EXPR") Unsupported("boolean operator " + op, loc);
  e->args = std::move(args);
  return e;
}

ast::ExprPtr Transformer::TransformCase(NodeReader& r) {
  auto e = std::make_unique<ast::Expr>(ast::ExprKind::kCase, r.Location());
  e->args.push_back(TransformOptionalExpr(r.Get("arg")));
  for (const Json& when : r.List("args")) {
    NodeReader w("CaseWhen", NodeBody(when));
    int wloc = w.Location();
    e->args.push_back(TransformOptionalExpr(w.Get("expr")));
    e->args.push_back(TransformOptionalExpr(w.Get("result")));
    Finish(w, wloc);
  }
  e->else_expr = TransformOptionalExpr(r.Get("defresult"));
  r.Ignore({"casetype", "casecollid"});
  return e;
}

ast::ExprPtr Transformer::TransformFuncCall(NodeReader& r) {
  int loc = r.Location();
  auto e = std::make_unique<ast::Expr>(ast::ExprKind::kFuncCall, loc);
  e->names = StringList(r.List("funcname"));
  e->args = TransformExprList(r.List("args"));
  if (r.Bool("agg_within_group")) Unsupported("WITHIN GROUP", loc);
  e->agg_order = TransformSortList(r.List("agg_order"));
  e->agg_filter = TransformOptionalExpr(r.Get("agg_filter"));
  e->agg_star = r.Bool("agg_star");
  e->agg_distinct = r.Bool("agg_distinct");
  e->variadic = r.Bool("func_variadic");
  if (const Json* over = r.Get("over")) {
    NodeReader w("WindowDef", *over);
    e->over = TransformWindowSpec(w, /*in_over=*/true);
  }
  r.Ignore({"funcformat"});
  return e;
}

ast::ExprPtr Transformer::TransformSubLink(NodeReader& r) {
  int loc = r.Location();
  std::string type = r.String("subLinkType");
  std::vector<std::string> oper = StringList(r.List("operName"));
  ast::ExprPtr test = TransformOptionalExpr(r.Get("testexpr"));
  const Json* sub = r.Get("subselect");
  if (sub == nullptr) Unsupported("subquery without SELECT", loc);
  ast::ExprPtr e;
  if (type == "EXISTS_SUBLINK") {
    e = std::make_unique<ast::Expr>(ast::ExprKind::kExists, loc);
  } else if (type == "EXPR_SUBLINK") {
    e = std::make_unique<ast::Expr>(ast::ExprKind::kSubquery, loc);
  } else if (type == "ARRAY_SUBLINK") {
    e = std::make_unique<ast::Expr>(ast::ExprKind::kArray, loc);
  } else if (type == "ANY_SUBLINK" && oper.empty()) {
    e = std::make_unique<ast::Expr>(ast::ExprKind::kInSubquery, loc);
    e->args.push_back(std::move(test));
  } else if (type == "ANY_SUBLINK" || type == "ALL_SUBLINK") {
    e = std::make_unique<ast::Expr>(ast::ExprKind::kAnyAll, loc);
    e->args.push_back(std::move(test));
    e->variant = type == "ANY_SUBLINK" ? "any" : "all";
    e->op = oper.back();
    e->names = std::move(oper);
  } else {
    Unsupported("row comparison with a subquery", loc);
  }
  e->subquery = TransformSelectNode(*sub);
  return e;
}

ast::ExprPtr Transformer::TransformIndirection(NodeReader& r) {
  ast::ExprPtr e = TransformOptionalExpr(r.Get("arg"));
  for (const Json& ind : r.List("indirection")) {
    int loc = e ? e->location : -1;
    if (NodeName(ind) != "A_Indices") Unsupported("field selection from a composite value", loc);
    NodeReader ir("A_Indices", NodeBody(ind));
    auto sub = std::make_unique<ast::Expr>(ast::ExprKind::kSubscript, loc);
    sub->args.push_back(std::move(e));
    sub->is_slice = ir.Bool("is_slice");
    if (sub->is_slice) sub->args.push_back(TransformOptionalExpr(ir.Get("lidx")));
    sub->args.push_back(TransformOptionalExpr(ir.Get("uidx")));
    if (!sub->is_slice && ir.Has("lidx")) Unsupported("subscript form", loc);
    ir.Ignore({"lidx"});
    Finish(ir, loc);
    e = std::move(sub);
  }
  return e;
}

ast::ExprPtr Transformer::TransformSqlValueFunction(NodeReader& r) {
  int loc = r.Location();
  std::string op = r.String("op");  // SVFOP_CURRENT_DATE, SVFOP_CURRENT_TIMESTAMP_N, ...
  int64_t typmod = r.Int("typmod", -1);
  if (op.rfind("SVFOP_", 0) != 0) Unsupported("SQL value function " + op, loc);
  std::string name = op.substr(6);
  if (name.size() > 2 && name.compare(name.size() - 2, 2, "_N") == 0) {
    name.resize(name.size() - 2);
  }
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto e = std::make_unique<ast::Expr>(ast::ExprKind::kSpecialValue, loc);
  e->names = {name};
  if (typmod >= 0) {  // CURRENT_TIMESTAMP(p): the precision as an int4 constant argument
    auto p = std::make_unique<ast::Expr>(ast::ExprKind::kConstant, loc);
    p->value = Value::Int4(typmod);
    p->text = std::to_string(typmod);
    e->args.push_back(std::move(p));
  }
  r.Ignore({"type"});
  return e;
}

}  // namespace firn::pgtransform
