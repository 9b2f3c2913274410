// Sequence functions: nextval, currval, setval, lastval and pg_get_serial_sequence. A
// sequence is named by OID (a regclass cast: nextval('s'::regclass), which serial columns'
// defaults use) or by text (nextval('s'), resolved on the search path at each call, as
// PostgreSQL does for a text argument). Positions move outside transactions
// (catalog/sequence.h); what the session saw is EvalContext::sequences.
// Thread-safety: stateless functions; SequenceState synchronizes itself.
#include <cstdint>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "catalog/qualified_name.h"
#include "common/sql_error.h"
#include "exec/function/kernels.h"
#include "exec/function/registration.h"

namespace firn::function_internal {
namespace {

using SequencePtr = std::shared_ptr<const SequenceInfo>;

const Catalog& CatalogOf(const EvalContext& ctx) {
  if (ctx.catalog == nullptr) {
    throw SqlError(sqlstate::kUndefinedTable, "sequences need a database catalog");
  }
  return *ctx.catalog;
}

[[noreturn]] void NotASequence(const std::string& name) {
  throw SqlError(sqlstate::kWrongObjectType, "\"" + name + "\" is not a sequence");
}

SequencePtr SequenceByOid(const EvalContext& ctx, int64_t oid) {
  const Catalog& catalog = CatalogOf(ctx);
  if (oid > 0 && oid <= UINT32_MAX) {
    if (auto s = catalog.GetSequenceByOid(static_cast<uint32_t>(oid))) return s;
    if (auto t = catalog.GetTableByOid(static_cast<uint32_t>(oid))) NotASequence(t->name);
  }
  throw SqlError(sqlstate::kUndefinedTable,
                 "could not open relation with OID " + std::to_string(oid));
}

// The search path the binder uses (fixed: SET search_path does not change it yet).
SequencePtr SequenceByName(const EvalContext& ctx, const std::string& text) {
  const Catalog& catalog = CatalogOf(ctx);
  std::vector<std::string> parts = SplitQualifiedName(text);
  std::vector<std::pair<std::string, std::string>> candidates;
  if (parts.size() == 2) {
    candidates.emplace_back(parts[0], parts[1]);
  } else if (parts.size() == 1) {
    candidates.emplace_back("pg_catalog", parts[0]);
    candidates.emplace_back("public", parts[0]);
  }
  for (const auto& [schema, name] : candidates) {
    if (auto s = catalog.GetSequence(schema, name)) return s;
    if (catalog.GetTable(schema, name) || catalog.GetView(schema, name)) NotASequence(name);
  }
  throw SqlError(sqlstate::kUndefinedTable, "relation \"" + text + "\" does not exist");
}

// The sequence row i names: by OID or by text.
SequencePtr SequenceArg(const ScalarArgs& in, size_t i, const EvalContext& ctx) {
  const Vector& arg = *in.args[0];
  if (arg.type().id == TypeId::kOid) return SequenceByOid(ctx, arg.ints()[i]);
  return SequenceByName(ctx, arg.strings()[i]);
}

int64_t Advance(const SequenceInfo& s, EvalContext& ctx) {
  bool must_log = false;
  int64_t value = s.state->Next(s.options, s.name, &must_log);
  if (must_log) ctx.catalog->NoteSequenceLogged();
  if (ctx.sequences != nullptr) {
    ctx.sequences->last[s.oid] = value;
    ctx.sequences->last_used = s.oid;
  }
  return value;
}

void NextvalKernel(const ScalarArgs& in, Vector& out, EvalContext& ctx) {
  auto& r = MutCol<int64_t>(out);
  SequencePtr s;
  for (size_t i = 0; i < in.count; i++) {
    // One lookup per chunk when every row names the same sequence (a serial default).
    if (!s || i == 0 || in.args[0]->type().id != TypeId::kOid ||
        in.args[0]->ints()[i] != in.args[0]->ints()[i - 1]) {
      s = SequenceArg(in, i, ctx);
    }
    r[i] = Advance(*s, ctx);
  }
  SetAllValid(out, in.count);
}

void CurrvalKernel(const ScalarArgs& in, Vector& out, EvalContext& ctx) {
  auto& r = MutCol<int64_t>(out);
  for (size_t i = 0; i < in.count; i++) {
    SequencePtr s = SequenceArg(in, i, ctx);
    const int64_t* seen = nullptr;
    if (ctx.sequences != nullptr) {
      auto it = ctx.sequences->last.find(s->oid);
      if (it != ctx.sequences->last.end()) seen = &it->second;
    }
    if (seen == nullptr) {
      throw SqlError(sqlstate::kObjectNotInPrerequisiteState,
                     "currval of sequence \"" + s->name + "\" is not yet defined in this session");
    }
    r[i] = *seen;
  }
  SetAllValid(out, in.count);
}

void LastvalKernel(const ScalarArgs& in, Vector& out, EvalContext& ctx) {
  auto& r = MutCol<int64_t>(out);
  for (size_t i = 0; i < in.count; i++) {
    SequencePtr s;
    if (ctx.sequences != nullptr && ctx.sequences->last_used != 0 && ctx.catalog != nullptr) {
      s = ctx.catalog->GetSequenceByOid(ctx.sequences->last_used);
    }
    if (!s) {
      throw SqlError(sqlstate::kObjectNotInPrerequisiteState,
                     "lastval is not yet defined in this session");
    }
    r[i] = ctx.sequences->last.at(s->oid);
  }
  SetAllValid(out, in.count);
}

// setval(seq, value [, is_called]): strict, so no argument is NULL here.
void SetvalKernel(const ScalarArgs& in, Vector& out, EvalContext& ctx) {
  auto& r = MutCol<int64_t>(out);
  for (size_t i = 0; i < in.count; i++) {
    SequencePtr s = SequenceArg(in, i, ctx);
    int64_t value = in.args[1]->ints()[i];
    bool called = in.args.size() < 3 || in.args[2]->ints()[i] != 0;
    if (value < s->options.min || value > s->options.max) {
      throw SqlError(sqlstate::kNumericValueOutOfRange, "setval: value " + std::to_string(value) +
                                                            " is out of bounds for sequence \"" +
                                                            s->name + "\" (" +
                                                            std::to_string(s->options.min) + ".." +
                                                            std::to_string(s->options.max) + ")");
    }
    s->state->Set(SequencePosition{value, called});
    ctx.catalog->NoteSequenceLogged();
    if (called && ctx.sequences != nullptr) ctx.sequences->last[s->oid] = value;
    r[i] = value;
  }
  SetAllValid(out, in.count);
}

// pg_get_serial_sequence(table, column): the sequence a serial or identity column owns, as
// 'schema.name', or NULL.
void SerialSequenceKernel(const ScalarArgs& in, Vector& out, EvalContext& ctx) {
  auto& r = MutCol<std::string>(out);
  const Catalog& catalog = CatalogOf(ctx);
  for (size_t i = 0; i < in.count; i++) {
    const std::string& table_text = in.args[0]->strings()[i];
    std::vector<std::string> parts = SplitQualifiedName(table_text);
    std::shared_ptr<const TableInfo> table;
    if (parts.size() == 2) table = catalog.GetTable(parts[0], parts[1]);
    if (parts.size() == 1) table = catalog.GetTable("public", parts[0]);
    if (!table) {
      throw SqlError(sqlstate::kUndefinedTable, "relation \"" + table_text + "\" does not exist");
    }
    const std::string& column_name = in.args[1]->strings()[i];
    int column = table->FindColumn(column_name);
    if (column < 0) {
      throw SqlError(sqlstate::kUndefinedColumn, "column \"" + column_name + "\" of relation \"" +
                                                     table->name + "\" does not exist");
    }
    out.SetNull(i, true);
    for (const SequencePtr& s : catalog.SequencesOwnedBy(table->oid)) {
      if (s->owner_column != column) continue;
      r[i] = QuoteIdent(s->schema) + "." + QuoteIdent(s->name);
      out.SetNull(i, false);
    }
  }
}

}  // namespace

void RegisterSequenceFunctions(FunctionRegistry& r) {
  auto add = [&r](ScalarFunction fn) {
    fn.is_volatile = true;
    fn.reads_session = true;
    r.AddFunction(std::move(fn));
  };
  const Type oid_t(TypeId::kOid);
  for (const Type& seq : {oid_t, kTextT}) {
    add(Fn("nextval", {seq}, kInt8T, NextvalKernel));
    add(Fn("currval", {seq}, kInt8T, CurrvalKernel));
    add(Fn("setval", {seq, kInt8T}, kInt8T, SetvalKernel));
    add(Fn("setval", {seq, kInt8T, kBoolT}, kInt8T, SetvalKernel));
  }
  add(Fn("lastval", {}, kInt8T, LastvalKernel));
  add(Fn("pg_get_serial_sequence", {kTextT, kTextT}, kTextT, SerialSequenceKernel));
}

}  // namespace firn::function_internal
