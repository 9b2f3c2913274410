// Functions that build json: to_json / to_jsonb / array_to_json, json[b]_build_object and
// _array, and the rows of the set-returning functions (jsonb_array_elements, jsonb_each,
// ...) as arrays the binder unnests (sql/binder/json_set_functions.h).
// Thread-safety: stateless functions.
#include <optional>

#include "common/sql_error.h"
#include "exec/function/json_from_sql.h"
#include "exec/function/json_internal.h"
#include "exec/function/kernels.h"
#include "exec/function/registration.h"

namespace firn::function_internal {
namespace {

using S = std::string;
using Kind = JsonValue::Kind;

// The top-level parts of valid json text as written: an array's elements, or an object's
// keys (still quoted) and values; a scalar has none.
struct JsonParts {
  Kind kind = Kind::kNull;
  std::vector<std::string_view> keys, values;
};
JsonParts SplitJson(std::string_view json) {
  JsonParts parts;
  size_t p = json.find_first_not_of(" \t\n\r");
  if (p == std::string_view::npos || (json[p] != '[' && json[p] != '{')) return parts;
  parts.kind = json[p] == '[' ? Kind::kArray : Kind::kObject;
  int depth = 0;
  size_t start = p + 1;
  bool in_string = false;
  for (size_t i = p; i < json.size(); i++) {
    char c = json[i];
    if (in_string) {
      if (c == '\\') {
        i++;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      depth++;
    } else if (depth == 1 && c == ':') {
      parts.keys.push_back(json.substr(start, i - start));
      start = i + 1;
    } else if ((depth == 1 && c == ',') || ((c == ']' || c == '}') && --depth == 0)) {
      std::string_view part = json.substr(start, i - start);
      size_t b = part.find_first_not_of(" \t\n\r");
      if (b != std::string_view::npos) {
        part = part.substr(b, part.find_last_not_of(" \t\n\r") - b + 1);
        parts.values.push_back(part);
      }
      start = i + 1;
      if (depth == 0) break;
    }
  }
  for (std::string_view& k : parts.keys) {
    size_t b = k.find('"');
    k = k.substr(b, k.rfind('"') - b + 1);
  }
  return parts;
}

[[noreturn]] void NotAnArray(Kind kind) {
  Refuse(kind == Kind::kObject ? "cannot extract elements from an object"
                               : "cannot extract elements from a scalar");
}

// jsonb_array_elements[_text] and json_array_elements[_text].
template <bool kJsonb, bool kText>
ArrayPtr ArrayElements(const S& json) {
  TypeId elem = kText ? TypeId::kText : kJsonb ? TypeId::kJsonb : TypeId::kJson;
  std::vector<Value> items;
  if constexpr (kJsonb) {
    JsonValue v = ParseJsonb(json);
    if (v.kind != Kind::kArray) NotAnArray(v.kind);
    for (const JsonValue& e : v.elements) {
      std::optional<S> text = kText ? AsText(&e) : JsonbText(e);
      items.push_back(text ? Value::String(Type(elem), std::move(*text)) : Value::Null(Type(elem)));
    }
  } else {
    JsonParts parts = SplitJson(json);
    if (parts.kind != Kind::kArray) NotAnArray(parts.kind);
    for (std::string_view e : parts.values) {
      std::optional<S> text = S(e);
      if (kText && e == "null") text.reset();
      if (kText && !e.empty() && e[0] == '"') text = ParseJsonb(e).string;
      items.push_back(text ? Value::String(Type(elem), std::move(*text)) : Value::Null(Type(elem)));
    }
  }
  return MakeArray(elem, std::move(items));
}

// jsonb_object_keys (in jsonb's key order) and json_object_keys (as written, repeats too).
template <bool kJsonb>
ArrayPtr ObjectKeys(const S& json) {
  std::vector<Value> items;
  Kind kind;
  if constexpr (kJsonb) {
    JsonValue v = ParseJsonb(json);
    kind = v.kind;
    for (const auto& m : v.members) items.push_back(Value::Text(m.first));
  } else {
    JsonParts parts = SplitJson(json);
    kind = parts.kind;
    for (std::string_view k : parts.keys) items.push_back(Value::Text(ParseJsonb(k).string));
  }
  if (kind != Kind::kObject) {
    std::string function = kJsonb ? "jsonb_object_keys" : "json_object_keys";
    throw SqlError(
        sqlstate::kInvalidParameterValue,
        "cannot call " + function + " on " + (kind == Kind::kArray ? "an array" : "a scalar"));
  }
  return MakeArray(TypeId::kText, std::move(items));
}

// The key and value columns of jsonb_each, jsonb_each_text, json_each and json_each_text.
enum class Each { kJsonb, kJsonbText, kJson, kJsonText };
template <Each kEach, bool kKeys>
ArrayPtr EachColumn(const S& json) {
  constexpr bool kJsonbInput = kEach == Each::kJsonb || kEach == Each::kJsonbText;
  constexpr bool kText = kEach == Each::kJsonbText || kEach == Each::kJsonText;
  TypeId elem = kKeys || kText ? TypeId::kText : kJsonbInput ? TypeId::kJsonb : TypeId::kJson;
  std::vector<Value> items;
  auto add = [&](std::optional<S> v) {
    items.push_back(v ? Value::String(Type(elem), std::move(*v)) : Value::Null(Type(elem)));
  };
  if constexpr (kJsonbInput) {
    JsonValue v = ParseJsonb(json);
    if (v.kind != Kind::kObject) {
      Refuse(kText ? "cannot call jsonb_each_text on a non-object"
                   : "cannot call jsonb_each on a non-object");
    }
    for (const auto& m : v.members) {
      add(kKeys ? m.first : kText ? AsText(&m.second) : JsonbText(m.second));
    }
  } else {
    JsonParts parts = SplitJson(json);
    if (parts.kind != Kind::kObject) {
      Refuse(parts.kind == Kind::kArray ? "cannot deconstruct an array as an object"
                                        : "cannot deconstruct a scalar");
    }
    for (size_t i = 0; i < parts.keys.size(); i++) {
      if (kKeys) {
        add(ParseJsonb(parts.keys[i]).string);
      } else {
        add(JsonPart(true, S(parts.values[i]), kText));
      }
    }
  }
  return MakeArray(elem, std::move(items));
}

// --- builders ---

// Row i of a json result, or of a jsonb one from its JSON text.
template <bool kJsonb>
void SetJson(Vector& out, size_t i, S text) {
  out.strings()[i] = kJsonb ? JsonbText(text) : std::move(text);
  out.SetNull(i, false);
}

template <bool kJsonb>
void BuildObjectKernel(const ScalarArgs& in, Vector& out, EvalContext& ctx) {
  if (in.args.size() % 2 != 0) {
    throw SqlError(sqlstate::kInvalidParameterValue,
                   "argument list must have even number of elements")
        .WithHint(std::string("The arguments of ") +
                  (kJsonb ? "jsonb_build_object" : "json_build_object") +
                  "() must consist of alternating keys and values.");
  }
  for (size_t i = 0; i < in.count; i++) {
    S s = "{";
    for (size_t a = 0; a < in.args.size(); a += 2) {
      if (a > 0) s += ", ";
      s += JsonQuote(JsonKeyText(in.args[a]->GetValue(i), ctx, a + 1, kJsonb));
      s += " : ";
      AppendSqlAsJson(in.args[a + 1]->GetValue(i), ctx, &s);
    }
    SetJson<kJsonb>(out, i, s + '}');
  }
}

template <bool kJsonb>
void BuildArrayKernel(const ScalarArgs& in, Vector& out, EvalContext& ctx) {
  for (size_t i = 0; i < in.count; i++) {
    S s = "[";
    for (size_t a = 0; a < in.args.size(); a++) {
      if (a > 0) s += ", ";
      AppendSqlAsJson(in.args[a]->GetValue(i), ctx, &s);
    }
    SetJson<kJsonb>(out, i, s + ']');
  }
}

template <bool kJsonb>
void ToJsonKernel(const ScalarArgs& in, Vector& out, EvalContext& ctx) {
  for (size_t i = 0; i < in.count; i++) {
    S s;
    AppendSqlAsJson(in.args[0]->GetValue(i), ctx, &s);
    SetJson<kJsonb>(out, i, std::move(s));
  }
}

}  // namespace

void RegisterJsonBuilders(FunctionRegistry& r) {
  // The rows of jsonb_array_elements(j) and the like (sql/binder/json_set_functions.h).
  auto add_rows = [&r](const char* name, Type arg, TypeId elem, ScalarImpl impl) {
    r.AddFunction(Fn(name, {arg}, Type::Array(elem), impl));
  };
  add_rows("firn_jsonb_array_elements", kJsonbT, TypeId::kJsonb,
           UnaryKernel<S, ArrayPtr, ArrayElements<true, false>>);
  add_rows("firn_jsonb_array_elements_text", kJsonbT, TypeId::kText,
           UnaryKernel<S, ArrayPtr, ArrayElements<true, true>>);
  add_rows("firn_json_array_elements", kJsonT, TypeId::kJson,
           UnaryKernel<S, ArrayPtr, ArrayElements<false, false>>);
  add_rows("firn_json_array_elements_text", kJsonT, TypeId::kText,
           UnaryKernel<S, ArrayPtr, ArrayElements<false, true>>);
  add_rows("firn_jsonb_object_keys", kJsonbT, TypeId::kText,
           UnaryKernel<S, ArrayPtr, ObjectKeys<true>>);
  add_rows("firn_json_object_keys", kJsonT, TypeId::kText,
           UnaryKernel<S, ArrayPtr, ObjectKeys<false>>);

  auto add_each = [&](const char* name, Type arg, TypeId elem, ScalarImpl keys, ScalarImpl values) {
    r.AddFunction(Fn(std::string(name) + "_keys", {arg}, Type::Array(TypeId::kText), keys));
    r.AddFunction(Fn(std::string(name) + "_values", {arg}, Type::Array(elem), values));
  };
  add_each("firn_jsonb_each", kJsonbT, TypeId::kJsonb,
           UnaryKernel<S, ArrayPtr, EachColumn<Each::kJsonb, true>>,
           UnaryKernel<S, ArrayPtr, EachColumn<Each::kJsonb, false>>);
  add_each("firn_jsonb_each_text", kJsonbT, TypeId::kText,
           UnaryKernel<S, ArrayPtr, EachColumn<Each::kJsonbText, true>>,
           UnaryKernel<S, ArrayPtr, EachColumn<Each::kJsonbText, false>>);
  add_each("firn_json_each", kJsonT, TypeId::kJson,
           UnaryKernel<S, ArrayPtr, EachColumn<Each::kJson, true>>,
           UnaryKernel<S, ArrayPtr, EachColumn<Each::kJson, false>>);
  add_each("firn_json_each_text", kJsonT, TypeId::kText,
           UnaryKernel<S, ArrayPtr, EachColumn<Each::kJsonText, true>>,
           UnaryKernel<S, ArrayPtr, EachColumn<Each::kJsonText, false>>);

  // Builders.
  r.AddFunction(Fn("to_json", {kAnyElement}, kJsonT, ToJsonKernel<false>));
  r.AddFunction(Fn("to_jsonb", {kAnyElement}, kJsonbT, ToJsonKernel<true>));
  r.AddFunction(Fn("array_to_json", {kAnyArray}, kJsonT, ToJsonKernel<false>));
  r.AddFunction(
      NonStrict(Fn("json_build_object", {kAnyType}, kJsonT, BuildObjectKernel<false>), true));
  r.AddFunction(
      NonStrict(Fn("jsonb_build_object", {kAnyType}, kJsonbT, BuildObjectKernel<true>), true));
  r.AddFunction(NonStrict(Fn("json_build_object", {}, kJsonT, BuildObjectKernel<false>), false));
  r.AddFunction(NonStrict(Fn("jsonb_build_object", {}, kJsonbT, BuildObjectKernel<true>), false));
  r.AddFunction(
      NonStrict(Fn("json_build_array", {kAnyType}, kJsonT, BuildArrayKernel<false>), true));
  r.AddFunction(
      NonStrict(Fn("jsonb_build_array", {kAnyType}, kJsonbT, BuildArrayKernel<true>), true));
  r.AddFunction(NonStrict(Fn("json_build_array", {}, kJsonT, BuildArrayKernel<false>), false));
  r.AddFunction(NonStrict(Fn("jsonb_build_array", {}, kJsonbT, BuildArrayKernel<true>), false));
}

}  // namespace firn::function_internal
