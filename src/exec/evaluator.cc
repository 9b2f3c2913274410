#include "exec/evaluator.h"

#include "common/sql_error.h"
#include "exec/operator.h"
#include "types/cast.h"

namespace firn {
namespace {

Vector ConstantVector(const Value& value, Type type, size_t n) {
  Vector out(type);
  out.AppendRepeated(value.is_null() ? value : value.WithType(type), n);
  return out;
}

// Three-valued logic helpers: a bool vector row is true/false/null.
enum Tri : uint8_t { kFalse = 0, kTrue = 1, kNull = 2 };
inline Tri GetTri(const Vector& v, size_t i) {
  if (v.IsNull(i)) return kNull;
  return v.ints()[i] ? kTrue : kFalse;
}
inline void SetTri(Vector& v, size_t i, Tri t) {
  if (t == kNull) {
    v.SetNull(i, true);
  } else {
    v.SetNull(i, false);
    v.ints()[i] = t == kTrue;
  }
}

Vector EvalFunction(const ResolvedFunction& fn, const ScalarArgs& in, ExecContext& ctx) {
  Vector out(fn.return_type);
  out.Resize(in.count);
  ctx.functions->Invoke(fn, in, out, ctx.eval);
  return out;
}

// Compares a[i] with b[i] using a resolved comparison operator; returns a bool vector.
Vector Compare(const ResolvedFunction& fn, const Vector& a, const Vector& b, size_t n,
               ExecContext& ctx) {
  ScalarArgs in;
  in.count = n;
  in.args = {&a, &b};
  return EvalFunction(fn, in, ctx);
}

std::shared_ptr<const std::vector<DataChunk>> RunSubquery(const BoundExpr& expr, ExecContext& ctx) {
  if (!expr.correlated) {
    auto it = ctx.subquery_cache.find(&expr);
    if (it != ctx.subquery_cache.end()) return it->second;
  }
  auto rows = std::make_shared<const std::vector<DataChunk>>(ExecutePlan(*expr.subplan, ctx));
  if (!expr.correlated) ctx.subquery_cache[&expr] = rows;
  return rows;
}

size_t RowCount(const std::vector<DataChunk>& chunks) {
  size_t n = 0;
  for (const DataChunk& c : chunks) n += c.size();
  return n;
}

// One row's subquery result, as the expression's value.
Value SubqueryValue(const BoundExpr& expr, const std::vector<DataChunk>& rows, const Value& test,
                    ExecContext& ctx) {
  switch (expr.subquery_kind) {
    case SubqueryKind::kExists:
      return Value::Bool(RowCount(rows) > 0);
    case SubqueryKind::kScalar: {
      size_t n = RowCount(rows);
      if (n > 1) {
        throw SqlError(sqlstate::kCardinalityViolation,
                       "more than one row returned by a subquery used as an expression");
      }
      for (const DataChunk& c : rows) {
        if (c.size() > 0) return c.GetValue(0, 0).WithType(expr.type);
      }
      return Value::Null(expr.type);
    }
    case SubqueryKind::kArray: {
      std::vector<Value> items;
      for (const DataChunk& c : rows) {
        for (size_t r = 0; r < c.size(); r++) items.push_back(c.GetValue(0, r));
      }
      return Value::MakeArray(expr.type.elem, std::move(items));
    }
    case SubqueryKind::kAny:
    case SubqueryKind::kAll: {
      bool any = expr.subquery_kind == SubqueryKind::kAny;
      // ANY: true if some comparison is true, else null if some was null, else false.
      // ALL: false if some comparison is false, else null if some was null, else true.
      bool saw_null = false;
      Vector left(test.type());
      left.Append(test);
      for (const DataChunk& c : rows) {
        for (size_t r = 0; r < c.size(); r++) {
          Vector right(c.column(0).type());
          right.Append(c.GetValue(0, r));
          Vector result = Compare(expr.function, left, right, 1, ctx);
          Tri t = GetTri(result, 0);
          if (t == kNull) {
            saw_null = true;
          } else if (any && t == kTrue) {
            return Value::Bool(true);
          } else if (!any && t == kFalse) {
            return Value::Bool(false);
          }
        }
      }
      if (saw_null) return Value::Null(Type(TypeId::kBool));
      return Value::Bool(!any);
    }
  }
  return Value::Null(expr.type);
}

Vector EvalSubquery(const BoundExpr& expr, const DataChunk& input, ExecContext& ctx) {
  size_t n = input.size();
  Vector out(expr.type);
  out.Resize(n);
  Vector test;
  bool has_test = !expr.children.empty();
  if (has_test) test = Evaluate(*expr.children[0], input, ctx);
  if (!expr.correlated) {
    auto rows = RunSubquery(expr, ctx);
    for (size_t i = 0; i < n; i++) {
      ctx.CheckCancel();
      Value t = has_test ? test.GetValue(i) : Value();
      out.SetValue(i, SubqueryValue(expr, *rows, t, ctx));
    }
    return out;
  }
  for (size_t i = 0; i < n; i++) {
    ctx.CheckCancel();
    std::vector<Value> row = input.GetRow(i);
    ctx.outer_rows.push_back(&row);
    try {
      auto rows = RunSubquery(expr, ctx);
      Value t = has_test ? test.GetValue(i) : Value();
      out.SetValue(i, SubqueryValue(expr, *rows, t, ctx));
    } catch (...) {
      ctx.outer_rows.pop_back();
      throw;
    }
    ctx.outer_rows.pop_back();
  }
  return out;
}

Vector EvalCase(const BoundExpr& expr, const DataChunk& input, ExecContext& ctx) {
  size_t n = input.size();
  Vector out(expr.type);
  out.Resize(n);
  // Rows still looking for their branch; branches are evaluated only on those rows so an
  // error in a branch not taken (1/0) does not fire, as in PostgreSQL.
  std::vector<uint32_t> pending(n);
  for (size_t i = 0; i < n; i++) pending[i] = static_cast<uint32_t>(i);
  for (size_t w = 0; w + 1 < expr.children.size() && !pending.empty(); w += 2) {
    DataChunk sub = input.Select(pending);
    if (input.column_count() == 0) sub.set_row_count(pending.size());
    Vector cond = Evaluate(*expr.children[w], sub, ctx);
    std::vector<uint32_t> taken, taken_pos, rest;
    for (size_t j = 0; j < pending.size(); j++) {
      if (GetTri(cond, j) == kTrue) {
        taken.push_back(pending[j]);
        taken_pos.push_back(static_cast<uint32_t>(j));
      } else {
        rest.push_back(pending[j]);
      }
    }
    if (!taken.empty()) {
      DataChunk tsub = input.Select(taken);
      if (input.column_count() == 0) tsub.set_row_count(taken.size());
      Vector val = Evaluate(*expr.children[w + 1], tsub, ctx);
      for (size_t j = 0; j < taken.size(); j++) out.SetValue(taken[j], val.GetValue(j));
    }
    pending = std::move(rest);
  }
  if (!pending.empty() && expr.else_expr) {
    DataChunk sub = input.Select(pending);
    if (input.column_count() == 0) sub.set_row_count(pending.size());
    Vector val = Evaluate(*expr.else_expr, sub, ctx);
    for (size_t j = 0; j < pending.size(); j++) out.SetValue(pending[j], val.GetValue(j));
  }
  return out;
}

Value Subscript(const Value& array, const std::vector<Value>& idx, const BoundExpr& expr) {
  if (array.is_null()) return Value::Null(expr.type);
  const ArrayValue& arr = array.GetArray();
  // Subscripts run from `lower` (1; 0 for int2vector) to `upper`.
  int64_t lower = array.type().LowerBound();
  int64_t upper = lower + static_cast<int64_t>(arr.items.size()) - 1;
  if (!expr.is_slice) {
    if (idx[0].is_null()) return Value::Null(expr.type);
    int64_t i = idx[0].GetInt64();
    if (i < lower || i > upper) return Value::Null(expr.type);
    return arr.items[static_cast<size_t>(i - lower)];
  }
  size_t k = 0;
  int64_t lo = lower, hi = upper;
  if (expr.slice_has_lower) {
    if (idx[k].is_null()) return Value::Null(expr.type);
    lo = std::max<int64_t>(lower, idx[k].GetInt64());
    k++;
  }
  if (expr.slice_has_upper) {
    if (idx[k].is_null()) return Value::Null(expr.type);
    hi = std::min<int64_t>(upper, idx[k].GetInt64());
  }
  std::vector<Value> items;
  for (int64_t i = lo; i <= hi; i++) items.push_back(arr.items[static_cast<size_t>(i - lower)]);
  return Value::MakeArray(arr.elem, std::move(items));
}

}  // namespace

void ExecContext::CheckCancel() const {
  if (cancel && cancel->load(std::memory_order_relaxed)) {
    throw SqlError(sqlstate::kQueryCanceled, "canceling statement due to user request");
  }
  if (deadline != std::chrono::steady_clock::time_point::max() &&
      std::chrono::steady_clock::now() >= deadline) {
    throw SqlError(sqlstate::kQueryCanceled, "canceling statement due to statement timeout");
  }
}

Vector CastVector(const Vector& input, Type target, bool explicit_cast, ExecContext& ctx) {
  Vector out(target);
  size_t n = input.size();
  out.Resize(n);
  CastContext cc;
  cc.io.time_zone = ctx.eval.time_zone;
  cc.io.now_micros = ctx.eval.statement_time_us;
  cc.io.zones = ctx.eval.zones;
  cc.mode = explicit_cast ? CastMode::kExplicit : CastMode::kAssignment;
  for (size_t i = 0; i < n; i++) {
    if (input.IsNull(i)) continue;
    out.SetValue(i, CastValue(input.GetValue(i), target, cc));
  }
  return out;
}

const Vector& EvaluateRef(const BoundExpr& expr, const DataChunk& input, ExecContext& ctx,
                          Vector& scratch) {
  if (expr.kind == BoundExprKind::kColumn && expr.column >= 0 &&
      static_cast<size_t>(expr.column) < input.column_count() &&
      input.column(static_cast<size_t>(expr.column)).size() == input.size()) {
    return input.column(static_cast<size_t>(expr.column));
  }
  scratch = Evaluate(expr, input, ctx);
  return scratch;
}

Vector Evaluate(const BoundExpr& expr, const DataChunk& input, ExecContext& ctx) {
  size_t n = input.size();
  // An expression that cannot depend on the row (a cast of a literal, now() - interval
  // '7 days') is computed once and broadcast, not once per row.
  if (expr.is_constant && n > 1 && expr.kind != BoundExprKind::kConstant &&
      expr.kind != BoundExprKind::kParam) {
    return ConstantVector(EvaluateConstant(expr, ctx), expr.type, n);
  }
  switch (expr.kind) {
    case BoundExprKind::kColumn: {
      Vector v = input.column(static_cast<size_t>(expr.column));
      return v;
    }
    case BoundExprKind::kOuterColumn: {
      const std::vector<Value>& row = *ctx.outer_rows[ctx.outer_rows.size() - expr.depth];
      return ConstantVector(row[static_cast<size_t>(expr.column)], expr.type, n);
    }
    case BoundExprKind::kConstant:
      return ConstantVector(expr.value, expr.type, n);
    case BoundExprKind::kParam:
      return ConstantVector(ctx.params[static_cast<size_t>(expr.param_index)], expr.type, n);
    case BoundExprKind::kFunction: {
      // Column arguments are read in place: a copy of a text column copies every string.
      std::vector<Vector> scratch(expr.children.size());
      ScalarArgs in;
      in.count = n;
      for (size_t i = 0; i < expr.children.size(); i++) {
        const BoundExpr& arg = *expr.children[i];
        bool constant = arg.is_constant || arg.kind == BoundExprKind::kConstant ||
                        arg.kind == BoundExprKind::kParam;
        if (constant && n > 1 && expr.function.fn->constant_args && i < 32) {
          scratch[i] = Vector(arg.type);
          Value v = EvaluateConstant(arg, ctx);
          scratch[i].Append(v.is_null() ? v : v.WithType(arg.type));
          in.args.push_back(&scratch[i]);
          in.constant |= 1u << i;
          continue;
        }
        in.args.push_back(&EvaluateRef(arg, input, ctx, scratch[i]));
      }
      return EvalFunction(expr.function, in, ctx);
    }
    case BoundExprKind::kCast: {
      Vector scratch;
      return CastVector(EvaluateRef(*expr.children[0], input, ctx, scratch), expr.type,
                        expr.cast_explicit, ctx);
    }
    case BoundExprKind::kAnd:
    case BoundExprKind::kOr: {
      bool is_and = expr.kind == BoundExprKind::kAnd;
      Vector out{Type(TypeId::kBool)};
      out.Resize(n);
      for (size_t i = 0; i < n; i++) SetTri(out, i, is_and ? kTrue : kFalse);
      for (const BoundExprPtr& c : expr.children) {
        Vector v = Evaluate(*c, input, ctx);
        for (size_t i = 0; i < n; i++) {
          Tri a = GetTri(out, i), b = GetTri(v, i);
          Tri r;
          if (is_and) {
            r = (a == kFalse || b == kFalse) ? kFalse : (a == kNull || b == kNull) ? kNull : kTrue;
          } else {
            r = (a == kTrue || b == kTrue) ? kTrue : (a == kNull || b == kNull) ? kNull : kFalse;
          }
          SetTri(out, i, r);
        }
      }
      return out;
    }
    case BoundExprKind::kNot: {
      Vector v = Evaluate(*expr.children[0], input, ctx);
      for (size_t i = 0; i < n; i++) {
        if (!v.IsNull(i)) v.ints()[i] = !v.ints()[i];
      }
      return v;
    }
    case BoundExprKind::kIsNull: {
      Vector v = Evaluate(*expr.children[0], input, ctx);
      Vector out{Type(TypeId::kBool)};
      out.Resize(n);
      for (size_t i = 0; i < n; i++) {
        out.SetNull(i, false);
        out.ints()[i] = v.IsNull(i) != expr.negated;
      }
      return out;
    }
    case BoundExprKind::kBooleanTest: {
      Vector v = Evaluate(*expr.children[0], input, ctx);
      Vector out{Type(TypeId::kBool)};
      out.Resize(n);
      Tri want = expr.variant == "true" ? kTrue : expr.variant == "false" ? kFalse : kNull;
      for (size_t i = 0; i < n; i++) {
        out.SetNull(i, false);
        out.ints()[i] = (GetTri(v, i) == want) != expr.negated;
      }
      return out;
    }
    case BoundExprKind::kIsDistinct: {
      Vector a = Evaluate(*expr.children[0], input, ctx);
      Vector b = Evaluate(*expr.children[1], input, ctx);
      Vector eq = Compare(expr.function, a, b, n, ctx);
      Vector out{Type(TypeId::kBool)};
      out.Resize(n);
      for (size_t i = 0; i < n; i++) {
        bool distinct;
        if (a.IsNull(i) || b.IsNull(i)) {
          distinct = a.IsNull(i) != b.IsNull(i);
        } else {
          distinct = !eq.ints()[i];
        }
        out.SetNull(i, false);
        out.ints()[i] = distinct != expr.negated;
      }
      return out;
    }
    case BoundExprKind::kCase:
      return EvalCase(expr, input, ctx);
    case BoundExprKind::kCoalesce: {
      Vector out(expr.type);
      out.Resize(n);
      std::vector<uint32_t> pending(n);
      for (size_t i = 0; i < n; i++) pending[i] = static_cast<uint32_t>(i);
      for (const BoundExprPtr& c : expr.children) {
        if (pending.empty()) break;
        DataChunk sub = input.Select(pending);
        if (input.column_count() == 0) sub.set_row_count(pending.size());
        Vector v = Evaluate(*c, sub, ctx);
        std::vector<uint32_t> rest;
        for (size_t j = 0; j < pending.size(); j++) {
          if (v.IsNull(j)) {
            rest.push_back(pending[j]);
          } else {
            out.SetValue(pending[j], v.GetValue(j));
          }
        }
        pending = std::move(rest);
      }
      return out;
    }
    case BoundExprKind::kGreatest:
    case BoundExprKind::kLeast: {
      bool greatest = expr.kind == BoundExprKind::kGreatest;
      Vector out(expr.type);
      out.Resize(n);
      for (const BoundExprPtr& c : expr.children) {
        Vector v = Evaluate(*c, input, ctx);
        for (size_t i = 0; i < n; i++) {
          if (v.IsNull(i)) continue;
          if (out.IsNull(i)) {
            out.SetValue(i, v.GetValue(i));
            continue;
          }
          int cmp = CompareValues(v.GetValue(i), out.GetValue(i));
          if (greatest ? cmp > 0 : cmp < 0) out.SetValue(i, v.GetValue(i));
        }
      }
      return out;
    }
    case BoundExprKind::kNullIf: {
      Vector a = Evaluate(*expr.children[0], input, ctx);
      Vector b = Evaluate(*expr.children[1], input, ctx);
      Vector eq = Compare(expr.function, a, b, n, ctx);
      for (size_t i = 0; i < n; i++) {
        if (!eq.IsNull(i) && eq.ints()[i]) a.SetNull(i, true);
      }
      return a;
    }
    case BoundExprKind::kInList: {
      Vector arg = Evaluate(*expr.children[0], input, ctx);
      Vector out{Type(TypeId::kBool)};
      out.Resize(n);
      for (size_t i = 0; i < n; i++) SetTri(out, i, kFalse);
      for (size_t k = 1; k < expr.children.size(); k++) {
        Vector item = Evaluate(*expr.children[k], input, ctx);
        Vector eq = Compare(expr.function, arg, item, n, ctx);
        for (size_t i = 0; i < n; i++) {
          Tri a = GetTri(out, i), b = GetTri(eq, i);
          SetTri(out, i,
                 (a == kTrue || b == kTrue)   ? kTrue
                 : (a == kNull || b == kNull) ? kNull
                                              : kFalse);
        }
      }
      if (expr.negated) {
        for (size_t i = 0; i < n; i++) {
          if (!out.IsNull(i)) out.ints()[i] = !out.ints()[i];
        }
      }
      return out;
    }
    case BoundExprKind::kAnyArray: {
      Vector arg = Evaluate(*expr.children[0], input, ctx);
      Vector arr = Evaluate(*expr.children[1], input, ctx);
      bool any = expr.variant != "all";
      Vector out{Type(TypeId::kBool)};
      out.Resize(n);
      Type elem =
          expr.function.arg_types.size() > 1 ? expr.function.arg_types[1] : Type(arr.type().elem);
      for (size_t i = 0; i < n; i++) {
        if (arr.IsNull(i)) continue;  // NULL array -> NULL
        const ArrayValue& a = *arr.arrays()[i];
        if (a.items.empty()) {
          SetTri(out, i, any ? kFalse : kTrue);
          continue;
        }
        Vector left(arg.type());
        Vector right(elem);
        for (const Value& item : a.items) {
          left.Append(arg.GetValue(i));
          right.Append(item.is_null() ? Value::Null(elem) : item.WithType(elem));
        }
        Vector cmp = Compare(expr.function, left, right, a.items.size(), ctx);
        bool saw_null = false;
        Tri result = any ? kFalse : kTrue;
        for (size_t k = 0; k < a.items.size(); k++) {
          Tri t = GetTri(cmp, k);
          if (t == kNull) saw_null = true;
          if (any && t == kTrue) result = kTrue;
          if (!any && t == kFalse) result = kFalse;
        }
        if (result == (any ? kFalse : kTrue) && saw_null) result = kNull;
        SetTri(out, i, result);
      }
      return out;
    }
    case BoundExprKind::kSubquery:
      return EvalSubquery(expr, input, ctx);
    case BoundExprKind::kArray: {
      std::vector<Vector> items;
      for (const BoundExprPtr& c : expr.children) items.push_back(Evaluate(*c, input, ctx));
      Vector out(expr.type);
      out.Resize(n);
      for (size_t i = 0; i < n; i++) {
        std::vector<Value> values;
        for (const Vector& v : items) values.push_back(v.GetValue(i));
        out.SetValue(i, Value::MakeArray(expr.type.elem, std::move(values)));
      }
      return out;
    }
    case BoundExprKind::kSubscript: {
      Vector arr = Evaluate(*expr.children[0], input, ctx);
      std::vector<Vector> idx;
      for (size_t k = 1; k < expr.children.size(); k++) {
        idx.push_back(Evaluate(*expr.children[k], input, ctx));
      }
      Vector out(expr.type);
      out.Resize(n);
      for (size_t i = 0; i < n; i++) {
        std::vector<Value> iv;
        for (const Vector& v : idx) iv.push_back(v.GetValue(i));
        Value r = Subscript(arr.GetValue(i), iv, expr);
        out.SetValue(i, r.is_null() ? Value::Null(expr.type) : r.WithType(expr.type));
      }
      return out;
    }
  }
  throw SqlError(sqlstate::kInternalError, "unhandled expression kind");
}

Value EvaluateConstant(const BoundExpr& expr, ExecContext& ctx) {
  // A literal or parameter of a scalar type (a lookup's key) needs no vector: it is the
  // value ConstantVector would store and GetValue read back.
  if (expr.kind == BoundExprKind::kConstant || expr.kind == BoundExprKind::kParam) {
    PhysicalType physical = PhysicalTypeOf(expr.type.id);
    if (physical == PhysicalType::kInt64 || physical == PhysicalType::kDouble ||
        physical == PhysicalType::kString) {
      const Value& v = expr.kind == BoundExprKind::kConstant
                           ? expr.value
                           : ctx.params[static_cast<size_t>(expr.param_index)];
      if (v.is_null()) return Value::Null(expr.type);
      if (PhysicalTypeOf(v.type().id) == physical) return v.WithType(expr.type);
    }
  }
  DataChunk one;
  one.set_row_count(1);
  return Evaluate(expr, one, ctx).GetValue(0);
}

std::vector<uint32_t> EvaluateFilter(const BoundExpr& predicate, const DataChunk& input,
                                     ExecContext& ctx) {
  const Vector v = Evaluate(predicate, input, ctx);
  const size_t n = input.size();
  std::vector<uint32_t> sel(n);
  const int64_t* data = v.ints().data();
  const uint8_t* nulls = v.nulls();
  size_t kept = 0;
  for (size_t i = 0; i < n; i++) {  // without a branch per row: selectivity is anyone's guess
    sel[kept] = static_cast<uint32_t>(i);
    kept += static_cast<size_t>((nulls[i] == 0) & (data[i] != 0));
  }
  sel.resize(kept);
  return sel;
}

std::vector<DataChunk> ExecutePlan(const PlanNode& plan, ExecContext& ctx) {
  std::unique_ptr<Operator> op = BuildOperator(plan, ctx);
  std::vector<DataChunk> out;
  while (true) {
    DataChunk chunk;
    bool more = op->Next(chunk);
    if (chunk.size() > 0) out.push_back(std::move(chunk));
    if (!more) break;
  }
  return out;
}

}  // namespace firn
