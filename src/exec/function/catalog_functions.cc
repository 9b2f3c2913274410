// System information and catalog functions that psql, pgjdbc and SQLAlchemy call:
// format_type, pg_get_userbyid, pg_*_is_visible, obj/col/shobj_description, pg_get_expr and
// the other pg_get_*def functions, privileges (always granted: Firn has no GRANT yet),
// current_schema(s), current_database, version, sizes, quote_ident, and the reg* type I/O
// functions the binder uses for casts (regclassin(text) -> oid, regclassout(oid) -> text,
// likewise regtype, regproc, regnamespace, regrole; see sql/binder/reg_casts.h).
// Catalog lookups go through EvalContext::catalog; without one they behave as on an empty
// catalog. Thread-safety: stateless functions.
#include <unistd.h>

#include <cstdint>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "catalog/qualified_name.h"
#include "catalog/system/system_tables.h"
#include "common/sql_error.h"
#include "exec/function/kernels.h"
#include "exec/function/regex_operators.h"
#include "exec/function/registration.h"

namespace firn::function_internal {
namespace {

namespace sys = system_catalog;
using S = std::string;

// ---- helpers -----------------------------------------------------------------------------

void NullKernel(const ScalarArgs& in, Vector& out, EvalContext&) {
  for (size_t i = 0; i < in.count; i++) out.SetNull(i, true);
}

void TrueKernel(const ScalarArgs& in, Vector& out, EvalContext&) {
  for (size_t i = 0; i < in.count; i++) out.ints()[i] = 1;
  SetAllValid(out, in.count);
}

ScalarFunction NonStrictFn(std::string name, std::vector<Type> params, Type ret, ScalarImpl f) {
  ScalarFunction fn = Fn(std::move(name), std::move(params), ret, f);
  fn.strict = false;
  return fn;
}

// The search path the binder uses (fixed: SET search_path does not change it yet).
const std::vector<S>& SearchPath() {
  static const std::vector<S> path = {"public"};
  return path;
}

std::shared_ptr<const TableInfo> TableByOid(const EvalContext& ctx, int64_t oid) {
  if (ctx.catalog == nullptr || oid <= 0 || oid > UINT32_MAX) return nullptr;
  return ctx.catalog->GetTableByOid(static_cast<uint32_t>(oid));
}

bool TableVisible(const EvalContext& ctx, const TableInfo& t) {
  if (t.schema == "pg_catalog") return true;
  bool in_path = false;
  for (const S& s : SearchPath()) in_path = in_path || s == t.schema;
  if (!in_path || ctx.catalog == nullptr) return false;
  // Shadowed by a relation of the same name earlier in the path (pg_catalog comes first).
  auto first = ctx.catalog->GetTable("pg_catalog", t.name);
  for (size_t i = 0; !first && i < SearchPath().size(); i++) {
    first = ctx.catalog->GetTable(SearchPath()[i], t.name);
  }
  return first && first->oid == t.oid;
}

bool IsAllDigits(const S& s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

S FormatType(int64_t type_oid, int32_t typmod) {
  if (auto t = Type::FromOid(static_cast<uint32_t>(type_oid))) {
    t->typmod = typmod;
    return t->Name();
  }
  const sys::PgTypeInfo* info = sys::FindPgType(static_cast<uint32_t>(type_oid));
  if (info == nullptr) return "???";
  if (info->category == 'A' && info->elem != 0) {
    if (const sys::PgTypeInfo* elem = sys::FindPgType(info->elem)) return S(elem->name) + "[]";
  }
  return info->name;
}

// ---- reg* input and output ------------------------------------------------------------------

int64_t RegclassIn(const S& text, const EvalContext& ctx) {
  if (IsAllDigits(text)) return std::stoll(text);
  std::vector<S> parts = SplitQualifiedName(text);
  // Tables, sequences and feature views share the namespace.
  auto find = [&ctx](const S& schema, const S& name) -> uint32_t {
    if (auto t = ctx.catalog->GetTable(schema, name)) return t->oid;
    if (auto s = ctx.catalog->GetSequence(schema, name)) return s->oid;
    if (auto v = ctx.catalog->GetView(schema, name)) return v->oid;
    if (auto v = ctx.catalog->GetSqlView(schema, name)) return v->oid;
    if (auto i = ctx.catalog->GetIndex(schema, name)) return i->oid;
    return 0;
  };
  uint32_t oid = 0;
  if (ctx.catalog != nullptr) {
    if (parts.size() == 2) {
      oid = find(parts[0], parts[1]);
    } else if (parts.size() == 1) {
      oid = find("pg_catalog", parts[0]);
      for (size_t i = 0; oid == 0 && i < SearchPath().size(); i++) {
        oid = find(SearchPath()[i], parts[0]);
      }
    }
  }
  if (oid == 0)
    throw SqlError(sqlstate::kUndefinedTable, "relation \"" + text + "\" does not exist");
  return oid;
}

// The schema of a sequence, index or feature view by OID ("" when none has it).
S OtherRelationSchema(const EvalContext& ctx, int64_t oid, S* name) {
  if (ctx.catalog == nullptr || oid <= 0 || oid > UINT32_MAX) return "";
  if (auto s = ctx.catalog->GetSequenceByOid(static_cast<uint32_t>(oid))) {
    *name = s->name;
    return s->schema;
  }
  for (const auto& i : ctx.catalog->ListIndexes()) {
    if (i->oid != oid) continue;
    *name = i->name;
    return i->schema;
  }
  for (const auto& v : ctx.catalog->ListViews()) {
    if (v->oid != oid) continue;
    *name = v->name;
    return v->schema;
  }
  if (auto v = ctx.catalog->GetSqlViewByOid(static_cast<uint32_t>(oid))) {
    *name = v->name;
    return v->schema;
  }
  return "";
}

bool InSearchPath(const S& schema) {
  for (const S& s : SearchPath()) {
    if (s == schema) return true;
  }
  return false;
}

S RegclassOut(int64_t oid, const EvalContext& ctx) {
  auto t = TableByOid(ctx, oid);
  if (!t) {
    S name;
    S schema = OtherRelationSchema(ctx, oid, &name);
    if (schema.empty()) return std::to_string(oid);
    return InSearchPath(schema) ? QuoteIdent(name) : QuoteIdent(schema) + "." + QuoteIdent(name);
  }
  return TableVisible(ctx, *t) ? QuoteIdent(t->name)
                               : QuoteIdent(t->schema) + "." + QuoteIdent(t->name);
}

int64_t RegtypeIn(const S& text, const EvalContext&) {
  if (IsAllDigits(text)) return std::stoll(text);
  std::vector<S> parts = SplitQualifiedName(text);
  S name = parts.back();
  if (parts.size() == 2 && parts[0] != "pg_catalog") name.clear();
  static const std::pair<const char*, const char*> kAliases[] = {
      {"int", "int4"},
      {"integer", "int4"},
      {"smallint", "int2"},
      {"bigint", "int8"},
      {"real", "float4"},
      {"float", "float8"},
      {"boolean", "bool"},
      {"decimal", "numeric"},
      {"character varying", "varchar"},
      {"character", "bpchar"},
      {"double precision", "float8"},
      {"timestamp without time zone", "timestamp"},
      {"timestamp with time zone", "timestamptz"},
      {"\"char\"", "char"}};
  for (const auto& [alias, typname] : kAliases) {
    if (name == alias) name = typname;
  }
  bool array = name.size() > 2 && name.compare(name.size() - 2, 2, "[]") == 0;
  if (array) name = "_" + name.substr(0, name.size() - 2);
  if (const sys::PgTypeInfo* info = sys::FindPgTypeByName(name)) return info->oid;
  throw SqlError(sqlstate::kUndefinedObject, "type \"" + text + "\" does not exist");
}

S RegtypeOut(int64_t oid, const EvalContext&) { return oid == 0 ? "-" : FormatType(oid, -1); }

int64_t RegprocIn(const S& text, const EvalContext&) {
  if (IsAllDigits(text) || text == "-") return text == "-" ? 0 : std::stoll(text);
  std::vector<S> parts = SplitQualifiedName(text);
  if (parts.size() <= 2 && (parts.size() == 1 || parts[0] == "pg_catalog")) {
    for (const sys::PgProcInfo& p : sys::PgProcs()) {
      if (p.name == parts.back()) return p.oid;
    }
  }
  throw SqlError(sqlstate::kUndefinedFunction, "function \"" + text + "\" does not exist");
}

S RegprocOut(int64_t oid, const EvalContext&) {
  if (oid == 0) return "-";
  for (const sys::PgProcInfo& p : sys::PgProcs()) {
    if (p.oid == oid) return p.name;
  }
  return std::to_string(oid);
}

int64_t RegnamespaceIn(const S& text, const EvalContext& ctx) {
  if (IsAllDigits(text)) return std::stoll(text);
  std::vector<S> parts = SplitQualifiedName(text);
  if (ctx.catalog != nullptr && parts.size() == 1) {
    if (auto s = ctx.catalog->GetSchema(parts[0])) return s->oid;
  }
  throw SqlError(sqlstate::kInvalidSchemaName, "schema \"" + text + "\" does not exist");
}

S RegnamespaceOut(int64_t oid, const EvalContext& ctx) {
  if (ctx.catalog != nullptr) {
    for (const SchemaInfo& s : ctx.catalog->ListSchemas()) {
      if (s.oid == oid) return QuoteIdent(s.name);
    }
  }
  return std::to_string(oid);
}

int64_t RegroleIn(const S& text, const EvalContext& ctx) {
  if (IsAllDigits(text)) return std::stoll(text);
  std::vector<S> parts = SplitQualifiedName(text);
  if (ctx.catalog != nullptr && parts.size() == 1) {
    if (auto r = ctx.catalog->GetRole(parts[0])) return r->oid;
  }
  throw SqlError(sqlstate::kUndefinedObject, "role \"" + text + "\" does not exist");
}

S RoleName(int64_t oid, const EvalContext& ctx) {
  if (ctx.catalog != nullptr) {
    for (const RoleInfo& r : ctx.catalog->ListRoles()) {
      if (r.oid == oid) return r.name;
    }
  }
  return "unknown (OID=" + std::to_string(oid) + ")";
}

template <int64_t (*In)(const S&, const EvalContext&)>
int64_t RegInRow(const ScalarArgs& in, size_t i, EvalContext& ctx) {
  return In(in.args[0]->strings()[i], ctx);
}
template <S (*Out)(int64_t, const EvalContext&)>
S RegOutRow(const ScalarArgs& in, size_t i, EvalContext& ctx) {
  return Out(in.args[0]->ints()[i], ctx);
}

// to_regclass / to_regtype...: NULL instead of an error.
template <int64_t (*In)(const S&, const EvalContext&)>
void ToRegKernel(const ScalarArgs& in, Vector& out, EvalContext& ctx) {
  for (size_t i = 0; i < in.count; i++) {
    try {
      out.ints()[i] = In(in.args[0]->strings()[i], ctx);
      out.SetNull(i, false);
    } catch (const SqlError&) {
      out.SetNull(i, true);
    }
  }
}

// ---- the functions ------------------------------------------------------------------------

// format_type(oid, int4): not strict; a NULL typmod means none.
void FormatTypeKernel(const ScalarArgs& in, Vector& out, EvalContext&) {
  for (size_t i = 0; i < in.count; i++) {
    if (in.args[0]->IsNull(i)) {
      out.SetNull(i, true);
      continue;
    }
    bool has_mod = in.args.size() > 1 && !in.args[1]->IsNull(i);
    int32_t typmod = has_mod ? static_cast<int32_t>(in.args[1]->ints()[i]) : -1;
    out.strings()[i] = FormatType(in.args[0]->ints()[i], typmod);
    out.SetNull(i, false);
  }
}

S UserByIdRow(const ScalarArgs& in, size_t i, EvalContext& ctx) {
  return RoleName(in.args[0]->ints()[i], ctx);
}

int64_t TableIsVisibleRow(const ScalarArgs& in, size_t i, EvalContext& ctx) {
  int64_t oid = in.args[0]->ints()[i];
  auto t = TableByOid(ctx, oid);
  if (!t) {  // a view, sequence or index: visible when its schema is on the path
    S name;
    S schema = OtherRelationSchema(ctx, oid, &name);
    return !schema.empty() && InSearchPath(schema) ? 1 : 0;
  }
  return TableVisible(ctx, *t) ? 1 : 0;
}

// A view's definition: a plain view's query as written, shaped as PostgreSQL's deparsed
// text is (a leading space, a closing semicolon); a feature view's whole statement as
// written; '' for other relations.
S ViewDefinition(int64_t oid, const EvalContext& ctx) {
  if (ctx.catalog == nullptr || oid <= 0 || oid > UINT32_MAX) return "";
  if (auto v = ctx.catalog->GetSqlViewByOid(static_cast<uint32_t>(oid))) {
    return " " + v->query + ";";
  }
  for (const auto& v : ctx.catalog->ListViews()) {
    if (v->oid == oid) return v->definition;
  }
  return "";
}

// obj_description(oid [, catalog name]) and col_description(table oid, column number): the
// object's COMMENT, NULL for none. Without a catalog name, pg_class's and then
// pg_namespace's (PostgreSQL's one-argument form takes any catalog).
enum class Description { kAnyCatalog, kNamed, kColumn };
template <Description kWhich>
void DescriptionKernel(const ScalarArgs& in, Vector& out, EvalContext& ctx) {
  for (size_t i = 0; i < in.count; i++) {
    out.SetNull(i, true);
    if (ctx.catalog == nullptr) continue;
    const auto oid = static_cast<uint32_t>(in.args[0]->ints()[i]);
    std::vector<CommentKey> keys;
    if (kWhich == Description::kColumn) {
      keys.push_back({kPgClassOid, oid, static_cast<int32_t>(in.args[1]->ints()[i])});
    } else if (kWhich == Description::kNamed) {
      const std::string_view catalog = in.args[1]->strings()[i];
      if (catalog == "pg_class") keys.push_back({kPgClassOid, oid, 0});
      if (catalog == "pg_namespace") keys.push_back({kPgNamespaceOid, oid, 0});
    } else {
      keys = {{kPgClassOid, oid, 0}, {kPgNamespaceOid, oid, 0}};
    }
    for (const CommentKey& key : keys) {
      std::string text = ctx.catalog->GetComment(key);
      if (text.empty()) continue;
      out.strings()[i] = std::move(text);
      out.SetNull(i, false);
      break;
    }
  }
}

// pg_get_constraintdef(oid [, pretty]): a constraint's definition; NULL for an OID that is
// no constraint.
void ConstraintDefKernel(const ScalarArgs& in, Vector& out, EvalContext& ctx) {
  for (size_t i = 0; i < in.count; i++) {
    out.SetNull(i, true);
    if (ctx.catalog == nullptr) continue;
    const bool pretty = in.args.size() > 1 && !in.args[1]->IsNull(i) && in.args[1]->ints()[i] != 0;
    std::optional<std::string> definition = sys::ConstraintDefinition(
        *ctx.catalog, static_cast<uint32_t>(in.args[0]->ints()[i]), pretty);
    if (!definition) continue;
    out.strings()[i] = std::move(*definition);
    out.SetNull(i, false);
  }
}

// pg_get_viewdef(oid [, pretty])
S ViewDefRow(const ScalarArgs& in, size_t i, EvalContext& ctx) {
  return ViewDefinition(in.args[0]->ints()[i], ctx);
}

// pg_get_viewdef(name text [, pretty]): the view's name as regclass input reads it.
S ViewDefByNameRow(const ScalarArgs& in, size_t i, EvalContext& ctx) {
  return ViewDefinition(RegclassIn(S(in.args[0]->strings()[i]), ctx), ctx);
}

// pg_get_indexdef(oid [, column, pretty]): the CREATE INDEX text, or with column k > 0 the
// name of its k-th column (key, then INCLUDE); NULL for an OID that is no index.
void IndexDefKernel(const ScalarArgs& in, Vector& out, EvalContext& ctx) {
  for (size_t i = 0; i < in.count; i++) {
    out.SetNull(i, true);
    if (ctx.catalog == nullptr) continue;
    int64_t oid = in.args[0]->ints()[i];
    int64_t column = in.args.size() > 1 ? in.args[1]->ints()[i] : 0;
    for (const auto& index : ctx.catalog->ListIndexes()) {
      if (index->oid != oid) continue;
      auto table = ctx.catalog->GetTableByOid(index->table_oid);
      if (!table || !index->Fits(*table)) break;
      if (column <= 0) {
        out.strings()[i] = sys::IndexDefinition(*ctx.catalog, *index);
      } else if (static_cast<size_t>(column) <= index->columns.size() + index->include.size()) {
        auto k = static_cast<size_t>(column - 1);
        int c = k < index->columns.size() ? index->columns[k].column
                                          : index->include[k - index->columns.size()];
        out.strings()[i] = QuoteIdent(table->columns[static_cast<size_t>(c)].name);
      } else {
        break;
      }
      out.SetNull(i, false);
      break;
    }
  }
}

// pg_get_expr(text, oid[, bool]): Firn stores no expression trees; the text is the source.
S GetExprRow(const ScalarArgs& in, size_t i, EvalContext&) { return in.args[0]->strings()[i]; }

// Whether `text` is one parenthesized expression, "(...)" with the first parenthesis closed
// by the last (quotes are skipped).
bool WrappedInParentheses(const std::string& text) {
  if (text.size() < 2 || text.front() != '(' || text.back() != ')') return false;
  int depth = 0;
  char quote = '\0';
  for (size_t i = 0; i < text.size(); i++) {
    char c = text[i];
    if (quote != '\0') {
      if (c == quote) quote = '\0';
      continue;
    }
    if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '(') {
      depth++;
    } else if (c == ')' && --depth == 0 && i + 1 < text.size()) {
      return false;
    }
  }
  return depth == 0;
}

// pg_get_expr(text, oid, pretty): pretty printing drops the parentheses around the whole
// expression (a generation expression's, which pg_attrdef keeps in them, as PostgreSQL).
S GetExprPrettyRow(const ScalarArgs& in, size_t i, EvalContext&) {
  const std::string& text = in.args[0]->strings()[i];
  bool pretty = !in.args[2]->IsNull(i) && in.args[2]->ints()[i] != 0;
  return pretty && WrappedInParentheses(text) ? text.substr(1, text.size() - 2) : text;
}

S EncodingRow(const ScalarArgs& in, size_t i, EvalContext&) {
  int64_t encoding = in.args[0]->ints()[i];
  return encoding == 6 ? "UTF8" : encoding == 0 ? "SQL_ASCII" : "";
}

void CurrentSchemasKernel(const ScalarArgs& in, Vector& out, EvalContext&) {
  for (size_t i = 0; i < in.count; i++) {
    std::vector<Value> items;
    if (in.args[0]->ints()[i] != 0) items.push_back(Value::String(kNameT, "pg_catalog"));
    for (const S& s : SearchPath()) items.push_back(Value::String(kNameT, s));
    out.arrays()[i] = Value::MakeArray(TypeId::kName, std::move(items)).GetArrayPtr();
  }
  SetAllValid(out, in.count);
}

template <const char* kValue>
void ConstNameKernel(const ScalarArgs& in, Vector& out, EvalContext&) {
  for (size_t i = 0; i < in.count; i++) out.strings()[i] = kValue;
  SetAllValid(out, in.count);
}
constexpr char kPublic[] = "public";
constexpr char kFirn[] = "firn";
constexpr char kVersion[] =
    "PostgreSQL 15.0 (Firn 0.1) on x86_64-pc-linux-gnu, compiled by g++, 64-bit";

void BackendPidKernel(const ScalarArgs& in, Vector& out, EvalContext&) {
  for (size_t i = 0; i < in.count; i++) out.ints()[i] = static_cast<int64_t>(getpid());
  SetAllValid(out, in.count);
}

void FalseKernel(const ScalarArgs& in, Vector& out, EvalContext&) {
  for (size_t i = 0; i < in.count; i++) out.ints()[i] = 0;
  SetAllValid(out, in.count);
}

S QuoteIdentRow(const ScalarArgs& in, size_t i, EvalContext&) {
  return QuoteIdent(in.args[0]->strings()[i]);
}

// An estimate of a table's size: committed rows times a per-row width from the types.
int64_t RelationSizeRow(const ScalarArgs& in, size_t i, EvalContext& ctx) {
  auto t = TableByOid(ctx, in.args[0]->ints()[i]);
  if (!t || t->system_rows || !t->data) return 0;
  int64_t width = 24;  // tuple header
  for (const ColumnInfo& c : t->columns) {
    int16_t len = c.type.TypeLength();
    width += len > 0 ? len : 16;
  }
  return static_cast<int64_t>(t->data->Snapshot()->live_rows) * width;
}

S SizePretty(int64_t bytes) {
  const int64_t limit = 10 * 1024;
  auto abs = [](int64_t v) { return v < 0 ? -v : v; };
  if (abs(bytes) < limit) return std::to_string(bytes) + " bytes";
  const char* units[] = {"kB", "MB", "GB", "TB", "PB"};
  // Keep one extra bit for rounding half away from zero.
  int64_t v = bytes / 512;
  for (int u = 0;; u++) {
    if (abs(v) < limit * 2 - 1 || u == 4) {
      int64_t rounded = (v + (v < 0 ? -1 : 1)) / 2;
      return std::to_string(rounded) + " " + units[u];
    }
    v /= 1024;
  }
}

S SizePrettyRow(const ScalarArgs& in, size_t i, EvalContext&) {
  return SizePretty(in.args[0]->ints()[i]);
}

}  // namespace

void RegisterCatalogFunctions(FunctionRegistry& r) {
  RegisterRegexOperators(r);
  auto add = [&r](ScalarFunction fn) {
    fn.reads_session = true;
    r.AddFunction(std::move(fn));
  };
  const Type oid_t(TypeId::kOid);
  const Type name_array = Type::Array(TypeId::kName);

  add(NonStrictFn("format_type", {oid_t, kInt4T}, kTextT, FormatTypeKernel));
  add(Fn("pg_get_userbyid", {oid_t}, kNameT, RowKernel<S, UserByIdRow>));
  add(Fn("pg_table_is_visible", {oid_t}, kBoolT, RowKernel<int64_t, TableIsVisibleRow>));
  for (const char* name :
       {"pg_type_is_visible", "pg_function_is_visible", "pg_relation_is_publishable"}) {
    add(Fn(name, {oid_t}, kBoolT, TrueKernel));
  }
  // Comments: Firn has no COMMENT ON yet.
  add(Fn("obj_description", {oid_t}, kTextT, DescriptionKernel<Description::kAnyCatalog>));
  add(Fn("obj_description", {oid_t, kNameT}, kTextT, DescriptionKernel<Description::kNamed>));
  add(Fn("col_description", {oid_t, kInt4T}, kTextT, DescriptionKernel<Description::kColumn>));
  add(NonStrictFn("shobj_description", {oid_t, kNameT}, kTextT, NullKernel));
  add(Fn("pg_get_expr", {kTextT, oid_t}, kTextT, RowKernel<S, GetExprRow>));
  add(Fn("pg_get_expr", {kTextT, oid_t, kBoolT}, kTextT, RowKernel<S, GetExprPrettyRow>));
  // Definitions of objects Firn does not have (constraints, partitioning,
  // extended statistics): NULL, as PostgreSQL returns for an unknown OID.
  add(Fn("pg_get_indexdef", {oid_t}, kTextT, IndexDefKernel));
  add(Fn("pg_get_indexdef", {oid_t, kInt4T, kBoolT}, kTextT, IndexDefKernel));
  add(Fn("pg_get_constraintdef", {oid_t}, kTextT, ConstraintDefKernel));
  add(Fn("pg_get_constraintdef", {oid_t, kBoolT}, kTextT, ConstraintDefKernel));
  add(NonStrictFn("pg_get_partkeydef", {oid_t}, kTextT, NullKernel));
  add(NonStrictFn("pg_get_statisticsobjdef_columns", {oid_t}, kTextT, NullKernel));
  add(Fn("pg_get_viewdef", {oid_t}, kTextT, RowKernel<S, ViewDefRow>));
  add(Fn("pg_get_viewdef", {oid_t, kBoolT}, kTextT, RowKernel<S, ViewDefRow>));
  add(Fn("pg_get_viewdef", {kTextT}, kTextT, RowKernel<S, ViewDefByNameRow>));
  add(Fn("pg_get_viewdef", {kTextT, kBoolT}, kTextT, RowKernel<S, ViewDefByNameRow>));
  add(Fn("pg_encoding_to_char", {kInt4T}, kNameT, RowKernel<S, EncodingRow>));
  // Privileges: every role may do everything until Firn has GRANT.
  for (const char* name :
       {"has_table_privilege", "has_schema_privilege", "has_database_privilege",
        "has_column_privilege", "has_function_privilege", "has_sequence_privilege"}) {
    add(Fn(name, {kAnyType, kTextT}, kBoolT, TrueKernel));
    add(Fn(name, {kAnyType, kAnyType, kTextT}, kBoolT, TrueKernel));
    add(Fn(name, {kAnyType, kAnyType, kAnyType, kTextT}, kBoolT, TrueKernel));
  }
  add(Fn("current_schemas", {kBoolT}, name_array, CurrentSchemasKernel));
  add(Fn("current_schema", {}, kNameT, ConstNameKernel<kPublic>));
  add(Fn("current_database", {}, kNameT, ConstNameKernel<kFirn>));
  add(Fn("version", {}, kTextT, ConstNameKernel<kVersion>));
  add(Fn("pg_backend_pid", {}, kInt4T, BackendPidKernel));
  add(Fn("pg_is_in_recovery", {}, kBoolT, FalseKernel));
  add(Fn("quote_ident", {kTextT}, kTextT, RowKernel<S, QuoteIdentRow>));
  for (const char* name : {"pg_relation_size", "pg_total_relation_size", "pg_table_size"}) {
    add(Fn(name, {oid_t}, kInt8T, RowKernel<int64_t, RelationSizeRow>));
  }
  add(Fn("pg_indexes_size", {oid_t}, kInt8T, FalseKernel));
  add(Fn("pg_size_pretty", {kInt8T}, kTextT, RowKernel<S, SizePrettyRow>));

  // reg* I/O, used by the binder for casts (sql/binder/reg_casts.cc).
  add(Fn("regclassin", {kTextT}, oid_t, RowKernel<int64_t, RegInRow<RegclassIn>>));
  add(Fn("regclassout", {oid_t}, kTextT, RowKernel<S, RegOutRow<RegclassOut>>));
  add(Fn("regtypein", {kTextT}, oid_t, RowKernel<int64_t, RegInRow<RegtypeIn>>));
  add(Fn("regtypeout", {oid_t}, kTextT, RowKernel<S, RegOutRow<RegtypeOut>>));
  add(Fn("regprocin", {kTextT}, oid_t, RowKernel<int64_t, RegInRow<RegprocIn>>));
  add(Fn("regprocout", {oid_t}, kTextT, RowKernel<S, RegOutRow<RegprocOut>>));
  add(Fn("regnamespacein", {kTextT}, oid_t, RowKernel<int64_t, RegInRow<RegnamespaceIn>>));
  add(Fn("regnamespaceout", {oid_t}, kTextT, RowKernel<S, RegOutRow<RegnamespaceOut>>));
  add(Fn("regrolein", {kTextT}, oid_t, RowKernel<int64_t, RegInRow<RegroleIn>>));
  add(Fn("regroleout", {oid_t}, kTextT, RowKernel<S, RegOutRow<RoleName>>));
  add(Fn("to_regclass", {kTextT}, oid_t, ToRegKernel<RegclassIn>));
  add(Fn("to_regtype", {kTextT}, oid_t, ToRegKernel<RegtypeIn>));
  add(Fn("to_regnamespace", {kTextT}, oid_t, ToRegKernel<RegnamespaceIn>));
}

}  // namespace firn::function_internal
