// Array functions and operators over Firn's one-dimensional, lower-bound-1 arrays:
// array_length, array_lower, array_upper, cardinality, array_append, array_prepend,
// array_cat (and their || operators), array_position, array_to_string, string_to_array.
// Polymorphic signatures follow pg_proc (anyarray / anycompatible / anycompatiblearray), so
// the binder has already cast element and array arguments to one common type.
// NULL handling is PostgreSQL's: the append/prepend/cat/position/to_string(3)/string_to_array
// functions are not strict and treat a NULL array as empty where PostgreSQL does.
// Thread-safety: stateless functions; arrays are immutable and shared.
#include <memory>
#include <string>
#include <vector>

#include "common/sql_error.h"
#include "exec/function/kernels.h"
#include "exec/function/registration.h"
#include "exec/function/utf8.h"
#include "exec/function/value_text.h"

namespace firn::function_internal {
namespace {

using I = int64_t;

// array_length / array_lower / array_upper of dimension 1; NULL for empty arrays or other
// dimensions.
enum class Dimension { kLength, kLower, kUpper };

template <Dimension kWhat>
void DimensionKernel(const ScalarArgs& in, Vector& out, EvalContext&) {
  const auto& arrays = in.args[0]->arrays();
  const auto& dims = in.args[1]->ints();
  auto& r = out.ints();
  I lower = in.args[0]->type().LowerBound();
  for (size_t i = 0; i < in.count; ++i) {
    size_t n = arrays[i]->items.size();
    bool present = dims[i] == 1 && n > 0;
    I length = static_cast<I>(n);
    r[i] = kWhat == Dimension::kLength  ? length
           : kWhat == Dimension::kLower ? lower
                                        : lower + length - 1;
    out.SetNull(i, !present);
  }
}

I Cardinality(const ArrayPtr& a) { return static_cast<I>(a->items.size()); }

TypeId ElementOf(const Vector& out) { return out.type().elem; }

void AppendKernel(const ScalarArgs& in, Vector& out, EvalContext&) {
  const Vector& arr = *in.args[0];
  const Vector& elem = *in.args[1];
  auto& r = out.arrays();
  for (size_t i = 0; i < in.count; ++i) {
    std::vector<Value> items;
    if (!arr.IsNull(i)) items = arr.arrays()[i]->items;
    items.push_back(elem.IsNull(i) ? Value::Null(Type(ElementOf(out))) : elem.GetValue(i));
    r[i] = MakeArray(ElementOf(out), std::move(items));
    out.SetNull(i, false);
  }
}

void PrependKernel(const ScalarArgs& in, Vector& out, EvalContext&) {
  const Vector& elem = *in.args[0];
  const Vector& arr = *in.args[1];
  auto& r = out.arrays();
  for (size_t i = 0; i < in.count; ++i) {
    std::vector<Value> items;
    items.push_back(elem.IsNull(i) ? Value::Null(Type(ElementOf(out))) : elem.GetValue(i));
    if (!arr.IsNull(i)) {
      const auto& rest = arr.arrays()[i]->items;
      items.insert(items.end(), rest.begin(), rest.end());
    }
    r[i] = MakeArray(ElementOf(out), std::move(items));
    out.SetNull(i, false);
  }
}

// array_cat: a NULL side is ignored; both NULL gives NULL.
void CatKernel(const ScalarArgs& in, Vector& out, EvalContext&) {
  const Vector& a = *in.args[0];
  const Vector& b = *in.args[1];
  auto& r = out.arrays();
  for (size_t i = 0; i < in.count; ++i) {
    if (a.IsNull(i) && b.IsNull(i)) {
      out.SetNull(i, true);
      continue;
    }
    if (a.IsNull(i) || b.IsNull(i)) {
      r[i] = a.IsNull(i) ? b.arrays()[i] : a.arrays()[i];
    } else {
      std::vector<Value> items = a.arrays()[i]->items;
      const auto& rest = b.arrays()[i]->items;
      items.insert(items.end(), rest.begin(), rest.end());
      r[i] = MakeArray(ElementOf(out), std::move(items));
    }
    out.SetNull(i, false);
  }
}

// array_position(arr, elem [, start]): first 1-based index at or after start whose element
// IS NOT DISTINCT FROM elem; NULL when absent or when arr is NULL.
void PositionKernel(const ScalarArgs& in, Vector& out, EvalContext&) {
  const Vector& arr = *in.args[0];
  const Vector& elem = *in.args[1];
  const Vector* start = in.args.size() > 2 ? in.args[2] : nullptr;
  auto& r = out.ints();
  for (size_t i = 0; i < in.count; ++i) {
    out.SetNull(i, true);
    if (arr.IsNull(i)) continue;
    I from = 1;
    if (start != nullptr) {
      if (start->IsNull(i)) {
        throw SqlError(sqlstate::kNullValueNotAllowed, "initial position must not be null");
      }
      from = start->ints()[i];
    }
    const auto& items = arr.arrays()[i]->items;
    bool want_null = elem.IsNull(i);
    Value target = want_null ? Value() : elem.GetValue(i);
    for (I k = std::max<I>(from, 1); k <= static_cast<I>(items.size()); ++k) {
      const Value& item = items[static_cast<size_t>(k - 1)];
      bool match =
          want_null ? item.is_null() : (!item.is_null() && CompareValues(item, target) == 0);
      if (match) {
        r[i] = k;
        out.SetNull(i, false);
        break;
      }
    }
  }
}

// array_to_string(arr, delim [, null_text]): NULL elements are skipped unless null_text is
// given (and not NULL).
void ToStringKernel(const ScalarArgs& in, Vector& out, EvalContext& ctx) {
  const Vector& arr = *in.args[0];
  const Vector& delim = *in.args[1];
  const Vector* null_text = in.args.size() > 2 ? in.args[2] : nullptr;
  auto& r = out.strings();
  for (size_t i = 0; i < in.count; ++i) {
    if (arr.IsNull(i) || delim.IsNull(i)) {
      out.SetNull(i, true);
      continue;
    }
    const std::string* null_str =
        (null_text != nullptr && !null_text->IsNull(i)) ? &null_text->strings()[i] : nullptr;
    std::string s;
    bool first = true;
    for (const Value& item : arr.arrays()[i]->items) {
      if (item.is_null() && null_str == nullptr) continue;
      if (!first) s += delim.strings()[i];
      first = false;
      if (item.is_null()) {
        s += *null_str;
      } else {
        AppendValueText(item, ctx, &s);
      }
    }
    r[i] = std::move(s);
    out.SetNull(i, false);
  }
}

// string_to_array(str, delim [, null_text]): a NULL delimiter splits into characters, an
// empty one yields the whole string; an empty string yields an empty array.
void StringToArrayKernel(const ScalarArgs& in, Vector& out, EvalContext&) {
  const Vector& str = *in.args[0];
  const Vector& delim = *in.args[1];
  const Vector* null_text = in.args.size() > 2 ? in.args[2] : nullptr;
  auto& r = out.arrays();
  for (size_t i = 0; i < in.count; ++i) {
    if (str.IsNull(i)) {
      out.SetNull(i, true);
      continue;
    }
    const std::string& s = str.strings()[i];
    const std::string* null_str =
        (null_text != nullptr && !null_text->IsNull(i)) ? &null_text->strings()[i] : nullptr;
    std::vector<Value> items;
    auto add = [&](std::string field) {
      if (null_str != nullptr && field == *null_str) {
        items.push_back(Value::Null(kTextT));
      } else {
        items.push_back(Value::Text(std::move(field)));
      }
    };
    if (!s.empty()) {
      if (delim.IsNull(i)) {
        for (size_t pos = 0; pos < s.size();) {
          size_t n = std::min(Utf8CharBytes(static_cast<unsigned char>(s[pos])), s.size() - pos);
          add(s.substr(pos, n));
          pos += n;
        }
      } else if (delim.strings()[i].empty()) {
        add(s);
      } else {
        const std::string& d = delim.strings()[i];
        size_t pos = 0;
        for (size_t at; (at = s.find(d, pos)) != std::string::npos; pos = at + d.size()) {
          add(s.substr(pos, at - pos));
        }
        add(s.substr(pos));
      }
    }
    r[i] = MakeArray(TypeId::kText, std::move(items));
    out.SetNull(i, false);
  }
}

}  // namespace

void RegisterArrayFunctions(FunctionRegistry& r) {
  r.AddFunction(
      Fn("array_length", {kAnyArray, kInt4T}, kInt4T, DimensionKernel<Dimension::kLength>));
  r.AddFunction(Fn("array_upper", {kAnyArray, kInt4T}, kInt4T, DimensionKernel<Dimension::kUpper>));
  r.AddFunction(Fn("array_lower", {kAnyArray, kInt4T}, kInt4T, DimensionKernel<Dimension::kLower>));
  r.AddFunction(Fn("cardinality", {kAnyArray}, kInt4T, UnaryKernel<ArrayPtr, I, Cardinality>));

  const Type ca = kAnyCompatibleArray;
  const Type c = kAnyCompatible;
  r.AddFunction(NonStrict(Fn("array_append", {ca, c}, ca, AppendKernel)));
  r.AddFunction(NonStrict(Fn("array_prepend", {c, ca}, ca, PrependKernel)));
  r.AddFunction(NonStrict(Fn("array_cat", {ca, ca}, ca, CatKernel)));
  r.AddOperator(NonStrict(Fn("||", {ca, c}, ca, AppendKernel)));
  r.AddOperator(NonStrict(Fn("||", {c, ca}, ca, PrependKernel)));
  r.AddOperator(NonStrict(Fn("||", {ca, ca}, ca, CatKernel)));
  r.AddFunction(NonStrict(Fn("array_position", {ca, c}, kInt4T, PositionKernel)));
  r.AddFunction(NonStrict(Fn("array_position", {ca, c, kInt4T}, kInt4T, PositionKernel)));

  r.AddFunction(Fn("array_to_string", {kAnyArray, kTextT}, kTextT, ToStringKernel));
  r.AddFunction(
      NonStrict(Fn("array_to_string", {kAnyArray, kTextT, kTextT}, kTextT, ToStringKernel)));
  const Type text_array = Type::Array(TypeId::kText);
  r.AddFunction(
      NonStrict(Fn("string_to_array", {kTextT, kTextT}, text_array, StringToArrayKernel)));
  r.AddFunction(
      NonStrict(Fn("string_to_array", {kTextT, kTextT, kTextT}, text_array, StringToArrayKernel)));
}

}  // namespace firn::function_internal
