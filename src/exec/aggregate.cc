#include "exec/aggregate.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <unordered_set>

#include "common/sql_error.h"
#include "exec/expression.h"
#include "exec/function/json_from_sql.h"
#include "types/datetime.h"
#include "types/json.h"

namespace firn {
namespace {

const std::set<std::string>& AggregateNames() {
  static const std::set<std::string> kNames = {"count",
                                               "sum",
                                               "avg",
                                               "min",
                                               "max",
                                               "bool_and",
                                               "bool_or",
                                               "every",
                                               "stddev",
                                               "stddev_samp",
                                               "stddev_pop",
                                               "variance",
                                               "var_samp",
                                               "var_pop",
                                               "array_agg",
                                               "string_agg",
                                               "json_agg",
                                               "jsonb_agg",
                                               "json_object_agg",
                                               "jsonb_object_agg"};
  return kNames;
}

[[noreturn]] void NoSuchAggregate(const std::string& name, const std::vector<Type>& args) {
  std::string sig = name + "(";
  for (size_t i = 0; i < args.size(); i++) {
    if (i) sig += ", ";
    sig += args[i].Name();
  }
  sig += ")";
  throw SqlError(sqlstate::kUndefinedFunction, "function " + sig + " does not exist")
      .WithHint(
          "No function matches the given name and argument types. You might need to add "
          "explicit type casts.");
}

bool IsFloat(TypeId id) { return id == TypeId::kFloat4 || id == TypeId::kFloat8; }

}  // namespace

bool IsAggregateName(const std::string& name) { return AggregateNames().count(name) > 0; }

Type ResolveAggregate(const std::string& name, std::vector<Type>& args, bool star) {
  auto unknown_to_text = [&args] {
    for (Type& t : args) {
      if (t.id == TypeId::kUnknown) t = Type(TypeId::kText);
    }
  };
  if (name == "count") {
    if (star || args.size() == 1) {
      unknown_to_text();
      return Type(TypeId::kInt8);
    }
    NoSuchAggregate(name, args);
  }
  bool object_agg = name == "json_object_agg" || name == "jsonb_object_agg";
  if (object_agg || name == "json_agg" || name == "jsonb_agg") {
    if (args.size() != (object_agg ? 2u : 1u)) NoSuchAggregate(name, args);
    unknown_to_text();
    return Type(name[4] == 'b' ? TypeId::kJsonb : TypeId::kJson);
  }
  if (args.size() != 1 && name != "string_agg") NoSuchAggregate(name, args);
  TypeId in = args.empty() ? TypeId::kUnknown : args[0].id;
  if (name == "sum") {
    switch (in) {
      case TypeId::kInt2:
      case TypeId::kInt4:
        return Type(TypeId::kInt8);
      case TypeId::kInt8:
      case TypeId::kNumeric:
        return Type(TypeId::kNumeric);
      case TypeId::kFloat4:
        return Type(TypeId::kFloat4);
      case TypeId::kFloat8:
        return Type(TypeId::kFloat8);
      case TypeId::kInterval:
        return Type(TypeId::kInterval);
      case TypeId::kUnknown:
        args[0] = Type(TypeId::kFloat8);
        return Type(TypeId::kFloat8);
      default:
        NoSuchAggregate(name, args);
    }
  }
  if (name == "avg") {
    switch (in) {
      case TypeId::kInt2:
      case TypeId::kInt4:
      case TypeId::kInt8:
      case TypeId::kNumeric:
        return Type(TypeId::kNumeric);
      case TypeId::kFloat4:
      case TypeId::kFloat8:
        return Type(TypeId::kFloat8);
      case TypeId::kInterval:
        return Type(TypeId::kInterval);
      case TypeId::kUnknown:
        args[0] = Type(TypeId::kFloat8);
        return Type(TypeId::kFloat8);
      default:
        NoSuchAggregate(name, args);
    }
  }
  if (name == "min" || name == "max") {
    if (in == TypeId::kUnknown) args[0] = Type(TypeId::kText);
    if (args[0].id == TypeId::kVarchar) return Type(TypeId::kText);  // PG: min(varchar) is text
    // PostgreSQL 15 has no min/max for bool or uuid (uuid's came in 16).
    if (args[0].id == TypeId::kBool || args[0].id == TypeId::kUuid) NoSuchAggregate(name, args);
    return Type(args[0].id == TypeId::kArray ? args[0] : Type(args[0].id));
  }
  if (name == "bool_and" || name == "bool_or" || name == "every") {
    if (in == TypeId::kUnknown) args[0] = Type(TypeId::kBool);
    if (args[0].id != TypeId::kBool) NoSuchAggregate(name, args);
    return Type(TypeId::kBool);
  }
  if (name == "stddev" || name == "stddev_samp" || name == "stddev_pop" || name == "variance" ||
      name == "var_samp" || name == "var_pop") {
    if (in == TypeId::kUnknown) args[0] = Type(TypeId::kFloat8);
    if (IsFloat(args[0].id)) return Type(TypeId::kFloat8);
    if (IsIntegerType(args[0].id) || args[0].id == TypeId::kNumeric) {
      return Type(TypeId::kNumeric);
    }
    NoSuchAggregate(name, args);
  }
  if (name == "array_agg") {
    if (in == TypeId::kUnknown) args[0] = Type(TypeId::kText);
    if (args[0].IsArray()) {
      throw SqlError(sqlstate::kFeatureNotSupported, "array_agg over arrays is not supported");
    }
    return Type::Array(args[0].id);
  }
  if (name == "string_agg") {
    if (args.size() != 2) NoSuchAggregate(name, args);
    for (Type& t : args) {
      if (t.id == TypeId::kUnknown || t.id == TypeId::kVarchar || t.id == TypeId::kName) {
        t = Type(TypeId::kText);  // name: psql's \d sends string_agg(attname, ', ')
      }
    }
    if (args[0].id != TypeId::kText || args[1].id != TypeId::kText) NoSuchAggregate(name, args);
    return Type(TypeId::kText);
  }
  NoSuchAggregate(name, args);
}

namespace {

// count(*) and count(x).
class CountAggregate : public GroupedAggregate {
 public:
  explicit CountAggregate(bool star) : star_(star) {}
  void Resize(size_t groups) override { counts_.resize(groups, 0); }
  void Update(const uint32_t* groups, const std::vector<const Vector*>& args,
              const std::vector<const Vector*>&, const uint8_t* active, size_t n) override {
    if (star_) {
      Add(groups, n, [active](size_t i) { return active[i]; });
      return;
    }
    const uint8_t* nulls = args[0]->nulls();
    Add(groups, n, [active, nulls](size_t i) { return active[i] & (nulls[i] ^ 1); });
  }
  Value Finalize(size_t g) override { return Value::Int8(counts_[g]); }

 private:
  // counts_[groups[i]] += one(i) for i < n. With few groups, consecutive rows hit the same
  // counter and each increment waits for the last one's store; lanes of partial
  // counts, summed at the end, let several run at once.
  template <typename One>
  void Add(const uint32_t* groups, size_t n, One one) {
    constexpr size_t kLanes = 8;
    const size_t g = counts_.size();
    if (g * kLanes * 2 > n) {
      for (size_t i = 0; i < n; i++) counts_[groups[i]] += one(i);
      return;
    }
    lanes_.assign(g * kLanes, 0);
    uint32_t* lane = lanes_.data();
    size_t i = 0;
    for (; i + kLanes <= n; i += kLanes) {
      for (size_t k = 0; k < kLanes; k++) lane[k * g + groups[i + k]] += one(i + k);
    }
    for (; i < n; i++) lane[groups[i]] += one(i);
    for (size_t k = 0; k < g; k++) {
      for (size_t l = 0; l < kLanes; l++) counts_[k] += lane[l * g + k];
    }
  }

  bool star_;
  std::vector<int64_t> counts_;
  std::vector<uint32_t> lanes_;  // Add's partial counts, lane-major
};

// count(DISTINCT x) over a type stored as int64 (integers, dates, timestamps, ...): the
// distinct non-NULL values, kept unboxed and counted by sorting at the end.
class IntDistinctCountAggregate : public GroupedAggregate {
 public:
  void Resize(size_t groups) override { values_.resize(groups); }
  void Update(const uint32_t* groups, const std::vector<const Vector*>& args,
              const std::vector<const Vector*>&, const uint8_t* active, size_t n) override {
    const uint8_t* nulls = args[0]->nulls();
    const int64_t* data = args[0]->ints().data();
    for (size_t i = 0; i < n; i++) {
      if (active[i] && !nulls[i]) values_[groups[i]].push_back(data[i]);
    }
  }
  Value Finalize(size_t g) override {
    std::vector<int64_t>& v = values_[g];
    std::sort(v.begin(), v.end());
    return Value::Int8(std::unique(v.begin(), v.end()) - v.begin());
  }

 private:
  std::vector<std::vector<int64_t>> values_;
};

// sum/avg over integers: exact in 128 bits.
class IntSumAggregate : public GroupedAggregate {
 public:
  IntSumAggregate(bool avg, Type result) : avg_(avg), result_(result) {}
  void Resize(size_t groups) override {
    sums_.resize(groups, 0);
    counts_.resize(groups, 0);
  }
  void Update(const uint32_t* groups, const std::vector<const Vector*>& args,
              const std::vector<const Vector*>&, const uint8_t* active, size_t n) override {
    const Vector& v = *args[0];
    const int64_t* data = v.ints().data();
    const uint8_t* nulls = v.nulls();
    for (size_t i = 0; i < n; i++) {
      if (!active[i] || nulls[i]) continue;
      sums_[groups[i]] += data[i];
      counts_[groups[i]]++;
    }
  }
  Value Finalize(size_t g) override {
    return FinishIntegerSum(sums_[g], counts_[g], avg_, result_);
  }

 private:
  bool avg_;
  Type result_;
  std::vector<__int128> sums_;
  std::vector<int64_t> counts_;
};

// sum/avg over float4/float8, summed in input order as PostgreSQL does.
class FloatSumAggregate : public GroupedAggregate {
 public:
  FloatSumAggregate(bool avg, Type result) : avg_(avg), result_(result) {}
  void Resize(size_t groups) override {
    sums_.resize(groups, 0);
    counts_.resize(groups, 0);
  }
  void Update(const uint32_t* groups, const std::vector<const Vector*>& args,
              const std::vector<const Vector*>&, const uint8_t* active, size_t n) override {
    const Vector& v = *args[0];
    const double* data = v.doubles().data();
    const uint8_t* nulls = v.nulls();
    bool f4 = result_.id == TypeId::kFloat4;
    for (size_t i = 0; i < n; i++) {
      if (!active[i] || nulls[i]) continue;
      double s = sums_[groups[i]] + data[i];
      sums_[groups[i]] = f4 ? static_cast<double>(static_cast<float>(s)) : s;
      counts_[groups[i]]++;
    }
  }
  Value Finalize(size_t g) override {
    if (counts_[g] == 0) return Value::Null(result_);
    if (avg_) return Value::Float8(sums_[g] / static_cast<double>(counts_[g]));
    return Value::FromDouble(result_, sums_[g]);
  }

 private:
  bool avg_;
  Type result_;
  std::vector<double> sums_;
  std::vector<int64_t> counts_;
};

// Everything else: collect each group's values, compute at the end. Handles DISTINCT and
// ORDER BY inside the call uniformly.
class CollectingAggregate : public GroupedAggregate {
 public:
  CollectingAggregate(const AggregateSpec& spec, const TimeZone* time_zone)
      : spec_(spec), time_zone_(time_zone) {}
  void Resize(size_t groups) override { rows_.resize(groups); }
  void Update(const uint32_t* groups, const std::vector<const Vector*>& args,
              const std::vector<const Vector*>& order, const uint8_t* active, size_t n) override {
    for (size_t i = 0; i < n; i++) {
      if (!active[i]) continue;
      Row row;
      for (const Vector* a : args) row.args.push_back(a->GetValue(i));
      for (const Vector* o : order) row.keys.push_back(o->GetValue(i));
      rows_[groups[i]].push_back(std::move(row));
    }
  }
  Value Finalize(size_t g) override;

 private:
  struct Row {
    std::vector<Value> args;
    std::vector<Value> keys;
  };
  std::vector<Value> Inputs(size_t g);
  // json_agg, jsonb_agg: [a, b]; json_object_agg, jsonb_object_agg: { "k" : v, ... }.
  Value FinalizeJson(size_t g);

  const AggregateSpec& spec_;
  const TimeZone* time_zone_;
  std::vector<std::vector<Row>> rows_;
};

int CompareNullable(const Value& a, const Value& b, bool nulls_first) {
  if (a.is_null() || b.is_null()) {
    if (a.is_null() && b.is_null()) return 0;
    return a.is_null() == nulls_first ? -1 : 1;
  }
  return CompareValues(a, b);
}

std::vector<Value> CollectingAggregate::Inputs(size_t g) {
  std::vector<Row>& rows = rows_[g];
  if (!spec_.order_exprs.empty()) {
    std::stable_sort(rows.begin(), rows.end(), [this](const Row& a, const Row& b) {
      for (size_t k = 0; k < a.keys.size(); k++) {
        int c = CompareNullable(a.keys[k], b.keys[k], spec_.order_nulls_first[k]);
        if (c != 0) return spec_.order_desc[k] ? c > 0 : c < 0;
      }
      return false;
    });
  }
  std::vector<Value> values;
  values.reserve(rows.size());
  for (const Row& r : rows) values.push_back(r.args.empty() ? Value() : r.args[0]);
  if (spec_.distinct) {
    std::vector<Value> unique;
    std::stable_sort(values.begin(), values.end(), [](const Value& a, const Value& b) {
      return CompareNullable(a, b, false) < 0;
    });
    for (Value& v : values) {
      if (unique.empty() || CompareNullable(unique.back(), v, false) != 0) unique.push_back(v);
    }
    values = std::move(unique);
  }
  return values;
}

Value CollectingAggregate::FinalizeJson(size_t g) {
  bool object = spec_.args.size() == 2;
  std::vector<Value> values = Inputs(g);  // sorts rows_[g] as a side effect
  if (values.empty()) return Value::Null(spec_.result_type);
  EvalContext ctx;
  ctx.time_zone = time_zone_;
  std::string out = object ? "{ " : "[";
  size_t n = object ? rows_[g].size() : values.size();
  for (size_t i = 0; i < n; i++) {
    if (i > 0) out += ", ";
    if (!object) {
      AppendSqlAsJson(values[i], ctx, &out);
      continue;
    }
    const Row& row = rows_[g][i];
    if (row.args[0].is_null()) {
      throw SqlError(sqlstate::kInvalidParameterValue, "field name must not be null");
    }
    out += JsonQuote(JsonKeyText(row.args[0], ctx, 1, false)) + " : ";
    AppendSqlAsJson(row.args[1], ctx, &out);
  }
  out += object ? " }" : "]";
  if (spec_.result_type.id == TypeId::kJsonb) out = JsonbText(out);
  return Value::String(spec_.result_type, std::move(out));
}

Value CollectingAggregate::Finalize(size_t g) {
  const std::string& name = spec_.name;
  const Type result = spec_.result_type;
  if (name == "array_agg") {
    std::vector<Value> values = Inputs(g);
    if (values.empty()) return Value::Null(result);
    for (Value& v : values) {
      if (v.is_null()) v = Value::Null(Type(result.elem));
    }
    return Value::MakeArray(result.elem, std::move(values));
  }
  if (name == "string_agg") {
    std::vector<Row>& rows = rows_[g];
    std::vector<Value> values = Inputs(g);  // sorts rows as a side effect
    std::string out;
    bool any = false;
    for (const Row& r : rows) {
      if (r.args[0].is_null()) continue;
      if (any && !r.args[1].is_null()) out += r.args[1].GetString();
      out += r.args[0].GetString();
      any = true;
    }
    return any ? Value::Text(std::move(out)) : Value::Null(result);
  }
  if (result.id == TypeId::kJson || result.id == TypeId::kJsonb) return FinalizeJson(g);
  std::vector<Value> values;
  for (Value& v : Inputs(g)) {
    if (!v.is_null()) values.push_back(std::move(v));
  }
  if (name == "count") return Value::Int8(static_cast<int64_t>(values.size()));
  if (values.empty()) return Value::Null(result);
  if (name == "min" || name == "max") {
    const Value* best = &values[0];
    for (const Value& v : values) {
      // On ties the later value wins, as in PostgreSQL (max of 1.0, 1.00 is 1.00).
      int c = CompareValues(v, *best);
      if (name == "min" ? c <= 0 : c >= 0) best = &v;
    }
    return best->WithType(result);
  }
  if (name == "bool_and" || name == "every" || name == "bool_or") {
    bool is_and = name != "bool_or";
    bool acc = is_and;
    for (const Value& v : values) acc = is_and ? (acc && v.GetBool()) : (acc || v.GetBool());
    return Value::Bool(acc);
  }
  TypeId in = spec_.arg_types[0].id;
  bool is_float = IsFloat(in);
  if (name == "sum" || name == "avg") {
    if (is_float) {
      double s = 0;
      for (const Value& v : values) s += v.GetDouble();
      if (name == "avg") return Value::Float8(s / static_cast<double>(values.size()));
      return Value::FromDouble(result, s);
    }
    if (in == TypeId::kInterval) {
      Interval total;
      for (const Value& v : values) total = IntervalAdd(total, v.GetInterval());
      if (name == "avg") total = IntervalDiv(total, static_cast<double>(values.size()));
      return Value::MakeInterval(total);
    }
    Numeric s;
    for (const Value& v : values) {
      s = s.Add(v.type().id == TypeId::kNumeric ? v.GetNumeric()
                                                : Numeric::FromInt64(v.GetInt64()));
    }
    if (name == "avg") {
      return Value::MakeNumeric(s.Div(Numeric::FromInt64(static_cast<int64_t>(values.size()))));
    }
    if (result.id == TypeId::kInt8) return Value::Int8(s.ToInt64());
    return Value::MakeNumeric(s);
  }
  // Variance family.
  bool pop = name == "stddev_pop" || name == "var_pop";
  bool is_stddev = name.rfind("stddev", 0) == 0;
  size_t n = values.size();
  if (!pop && n < 2) return Value::Null(result);
  if (is_float) {
    // Youngs-Cramer, as PostgreSQL's float8_accum.
    double N = 0, Sx = 0, Sxx = 0;
    for (const Value& v : values) {
      double x = v.GetDouble();
      N += 1.0;
      Sx += x;
      if (N > 1.0) {
        double tmp = x * N - Sx;
        Sxx += tmp * tmp / (N * (N - 1.0));
      }
    }
    double var = Sxx / (pop ? N : N - 1.0);
    return Value::Float8(is_stddev ? std::sqrt(var) : var);
  }
  Numeric N = Numeric::FromInt64(static_cast<int64_t>(n));
  Numeric sx, sxx;
  for (const Value& v : values) {
    Numeric x = v.type().id == TypeId::kNumeric ? v.GetNumeric() : Numeric::FromInt64(v.GetInt64());
    sx = sx.Add(x);
    sxx = sxx.Add(x.Mul(x));
  }
  Numeric numerator = N.Mul(sxx).Sub(sx.Mul(sx));
  if (numerator.IsNegative() || numerator.IsZero()) {
    return Value::MakeNumeric(Numeric());  // roundoff can make it negative; PG says 0
  }
  Numeric denom = pop ? N.Mul(N) : N.Mul(N.Sub(Numeric::FromInt64(1)));
  Numeric var = numerator.Div(denom);
  return Value::MakeNumeric(is_stddev ? var.Sqrt() : var);
}

}  // namespace

Value FinishIntegerSum(__int128 sum, int64_t count, bool avg, Type result) {
  if (count == 0) return Value::Null(result);
  if (avg) return Value::MakeNumeric(Numeric::FromInt128(sum).Div(Numeric::FromInt64(count)));
  if (result.id == TypeId::kInt8) {
    if (sum > INT64_MAX || sum < INT64_MIN) {
      throw SqlError(sqlstate::kNumericValueOutOfRange, "bigint out of range");
    }
    return Value::Int8(static_cast<int64_t>(sum));
  }
  return Value::MakeNumeric(Numeric::FromInt128(sum));
}

std::unique_ptr<GroupedAggregate> MakeGroupedAggregate(const AggregateSpec& spec,
                                                       const TimeZone* time_zone) {
  bool plain = !spec.distinct && spec.order_exprs.empty();
  if (spec.name == "count" && plain) return std::make_unique<CountAggregate>(spec.star);
  if (spec.name == "count" && spec.distinct && spec.order_exprs.empty() &&
      spec.arg_types.size() == 1 && PhysicalTypeOf(spec.arg_types[0].id) == PhysicalType::kInt64) {
    return std::make_unique<IntDistinctCountAggregate>();
  }
  if ((spec.name == "sum" || spec.name == "avg") && plain && !spec.arg_types.empty()) {
    TypeId in = spec.arg_types[0].id;
    bool avg = spec.name == "avg";
    if (IsIntegerType(in)) return std::make_unique<IntSumAggregate>(avg, spec.result_type);
    if (IsFloat(in)) return std::make_unique<FloatSumAggregate>(avg, spec.result_type);
  }
  return std::make_unique<CollectingAggregate>(spec, time_zone);
}

}  // namespace firn
