// FunctionRegistry construction (every family registers itself) and Invoke, which applies
// strictness generically: rows with a NULL argument are removed before the implementation
// runs and come back as NULL.
// Thread-safety: construction is single-threaded; Invoke is const and touches only its
// arguments.
#include "exec/function/function_registry.h"

#include <utility>

#include "exec/function/registration.h"

namespace firn {
namespace {

// dst[sel[j]] = src[j] (moved) for every j.
template <typename T>
void ScatterColumn(std::vector<T>& src, const std::vector<uint32_t>& sel, std::vector<T>& dst) {
  for (size_t j = 0; j < sel.size(); ++j) dst[sel[j]] = std::move(src[j]);
}

void Scatter(Vector& src, const std::vector<uint32_t>& sel, Vector& dst) {
  switch (src.physical()) {
    case PhysicalType::kInt64:
      ScatterColumn(src.ints(), sel, dst.ints());
      break;
    case PhysicalType::kDouble:
      ScatterColumn(src.doubles(), sel, dst.doubles());
      break;
    case PhysicalType::kString:
      ScatterColumn(src.strings(), sel, dst.strings());
      break;
    case PhysicalType::kNumeric:
      ScatterColumn(src.numerics(), sel, dst.numerics());
      break;
    case PhysicalType::kInterval:
      ScatterColumn(src.intervals(), sel, dst.intervals());
      break;
    case PhysicalType::kArray:
      ScatterColumn(src.arrays(), sel, dst.arrays());
      break;
    case PhysicalType::kUuid:
      ScatterColumn(src.uuids(), sel, dst.uuids());
      break;
  }
  for (size_t j = 0; j < sel.size(); ++j) dst.SetNull(sel[j], src.IsNull(j));
}

}  // namespace

FunctionRegistry::FunctionRegistry() {
  using namespace function_internal;
  RegisterArithmeticOperators(*this);
  RegisterComparisonOperators(*this);
  RegisterStringFunctions(*this);
  RegisterTextFunctions(*this);
  RegisterLikeOperators(*this);
  RegisterMathFunctions(*this);
  RegisterDatetimeOperators(*this);
  RegisterDatetimeFunctions(*this);
  RegisterTimezoneFunctions(*this);
  RegisterArrayFunctions(*this);
  RegisterCatalogFunctions(*this);
  RegisterSequenceFunctions(*this);
  RegisterUuidFunctions(*this);
  RegisterJsonFunctions(*this);
}

void FunctionRegistry::AddFunction(ScalarFunction fn) {
  std::string key = fn.name;
  functions_[key].push_back(std::move(fn));
}

void FunctionRegistry::AddOperator(ScalarFunction op) {
  std::string key = op.name;
  operators_[key].push_back(std::move(op));
}

void FunctionRegistry::Invoke(const ResolvedFunction& f, const ScalarArgs& in, Vector& out,
                              EvalContext& ctx) const {
  if (out.size() != in.count) out.Resize(in.count);
  bool any_null = false;
  if (f.fn->strict) {
    for (size_t i = 0; i < in.args.size(); ++i) {
      if (!in.IsConstant(i)) {
        any_null = any_null || in.args[i]->HasNulls();
      } else if (in.args[i]->IsNull(0)) {  // a NULL constant: NULL everywhere
        for (size_t row = 0; row < in.count; ++row) out.SetNull(row, true);
        return;
      }
    }
  }
  if (!any_null) {
    f.fn->impl(in, out, ctx);
    return;
  }
  std::vector<uint32_t> sel;
  sel.reserve(in.count);
  for (size_t row = 0; row < in.count; ++row) {
    bool has_null = false;
    for (size_t i = 0; i < in.args.size(); ++i) {
      has_null = has_null || (!in.IsConstant(i) && in.args[i]->IsNull(row));
    }
    if (!has_null) sel.push_back(static_cast<uint32_t>(row));
  }
  for (size_t row = 0; row < in.count; ++row) out.SetNull(row, true);
  if (sel.empty()) return;
  std::vector<Vector> compact(in.args.size());
  ScalarArgs sub;
  sub.count = sel.size();
  sub.constant = in.constant;
  for (size_t i = 0; i < in.args.size(); ++i) {
    if (in.IsConstant(i)) {
      sub.args.push_back(in.args[i]);
    } else {
      compact[i] = in.args[i]->Select(sel);
      sub.args.push_back(&compact[i]);
    }
  }
  Vector part(out.type());
  part.Resize(sel.size());
  f.fn->impl(sub, part, ctx);
  Scatter(part, sel, out);
}

Value FunctionRegistry::InvokeValues(const ResolvedFunction& f, const std::vector<Value>& args,
                                     EvalContext& ctx) const {
  std::vector<Vector> columns;
  columns.reserve(args.size());
  ScalarArgs in;
  in.count = 1;
  for (size_t i = 0; i < args.size(); ++i) {
    columns.emplace_back(f.arg_types[i]);
    columns.back().Append(args[i]);
  }
  for (const Vector& v : columns) in.args.push_back(&v);
  Vector out(f.return_type);
  out.Resize(1);
  Invoke(f, in, out, ctx);
  return out.GetValue(0);
}

}  // namespace firn
