// json and jsonb operators and functions, as PostgreSQL 15 has them: -> ->> #> #>> on both
// types; jsonb's = < ... (btree order), @> <@ ? ?| ?& || - #-; jsonb_typeof, the array
// length, extract_path, strip_nulls, pretty and set. The functions that build json are in
// json_builders.cc.
// A jsonb argument is its canonical text, parsed per row (types/json.h); a json argument is
// walked as written so -> returns the original text of the part.
// Thread-safety: stateless functions.
#include <optional>

#include "common/sql_error.h"
#include "exec/function/json_internal.h"
#include "exec/function/kernels.h"
#include "exec/function/registration.h"
#include "types/json.h"

namespace firn::function_internal {
namespace {

using S = std::string;
using Kind = JsonValue::Kind;

inline constexpr Type kTextArrayT = Type::Array(TypeId::kText);

const S& Str(const ScalarArgs& in, size_t arg, size_t row) { return in.args[arg]->strings()[row]; }
JsonValue Jsonb(const ScalarArgs& in, size_t arg, size_t row) {
  return ParseJsonb(Str(in, arg, row));
}

// A text[] argument's elements, or nothing when one is NULL (the path then finds nothing).
std::optional<std::vector<S>> TextPath(const ScalarArgs& in, size_t arg, size_t row) {
  std::vector<S> path;
  for (const Value& item : in.args[arg]->arrays()[row]->items) {
    if (item.is_null()) return std::nullopt;
    path.push_back(item.GetString());
  }
  return path;
}

// The array position `index` names (negative counts from the end), if inside.
std::optional<size_t> Position(int64_t index, size_t size) {
  int64_t n = static_cast<int64_t>(size);
  if (index < 0) index += n;
  if (index < 0 || index >= n) return std::nullopt;
  return static_cast<size_t>(index);
}

}  // namespace

// ->> and #>>: a string's contents, NULL for null, else the value's jsonb text.
std::optional<S> AsText(const JsonValue* v) {
  if (v == nullptr || v->kind == Kind::kNull) return std::nullopt;
  if (v->kind == Kind::kString) return v->string;
  return JsonbText(*v);
}

// The part found (or nothing) as json, or for ->> as text: a string's contents, NULL for null.
std::optional<S> JsonPart(bool found, S part, bool as_text) {
  if (!found) return std::nullopt;
  if (!as_text) return part;
  if (part == "null") return std::nullopt;
  if (!part.empty() && part[0] == '"') return ParseJsonb(part).string;
  return part;
}

[[noreturn]] void Refuse(const char* message) {
  throw SqlError(sqlstate::kInvalidParameterValue, message);
}

namespace {

// --- jsonb accessors: slices of the canonical text, found without parsing it all ---

using Slice = std::optional<std::string_view>;

Slice Member(std::string_view jsonb, std::string_view key) {
  std::string_view v;
  return JsonbMemberText(jsonb, key, &v) ? Slice(v) : std::nullopt;
}
// jsonb -> int: a top-level scalar is a one-element array there (PostgreSQL stores it as
// one), though not for #>.
Slice ElementOrScalar(std::string_view jsonb, int64_t index) {
  if (jsonb.empty()) return std::nullopt;
  if (jsonb[0] != '{' && jsonb[0] != '[')
    return index == 0 || index == -1 ? Slice(jsonb) : std::nullopt;
  std::string_view v;
  return JsonbElementText(jsonb, index, &v) ? Slice(v) : std::nullopt;
}
// The value at `path` (keys, or array indexes as text), as #> and jsonb_extract_path find it.
Slice AtPath(std::string_view jsonb, const std::vector<S>& path) {
  std::string_view v = jsonb;
  for (const S& key : path) {
    bool found = false;
    if (v.empty()) return std::nullopt;
    if (v[0] == '{') {
      found = JsonbMemberText(v, key, &v);
    } else if (v[0] == '[') {
      std::optional<int> index = JsonPathIndex(key);
      found = index && JsonbElementText(v, *index, &v);
    }
    if (!found) return std::nullopt;
  }
  return v;
}

std::optional<S> AsJsonb(Slice v) { return v ? std::optional<S>(S(*v)) : std::nullopt; }
// ->> and #>>: a string's contents, NULL for null, else the text.
std::optional<S> SliceText(Slice v) {
  if (!v || *v == "null") return std::nullopt;
  if (!v->empty() && (*v)[0] == '"') return ParseJsonb(*v).string;
  return S(*v);
}

std::optional<S> JsonbField(const ScalarArgs& in, size_t i, EvalContext&) {
  return AsJsonb(Member(Str(in, 0, i), Str(in, 1, i)));
}
std::optional<S> JsonbFieldText(const ScalarArgs& in, size_t i, EvalContext&) {
  return SliceText(Member(Str(in, 0, i), Str(in, 1, i)));
}
std::optional<S> JsonbElement(const ScalarArgs& in, size_t i, EvalContext&) {
  return AsJsonb(ElementOrScalar(Str(in, 0, i), in.args[1]->ints()[i]));
}
std::optional<S> JsonbElementText(const ScalarArgs& in, size_t i, EvalContext&) {
  return SliceText(ElementOrScalar(Str(in, 0, i), in.args[1]->ints()[i]));
}
template <std::optional<S> (*Convert)(Slice)>
std::optional<S> JsonbPath(const ScalarArgs& in, size_t i, EvalContext&) {
  std::optional<std::vector<S>> path = TextPath(in, 1, i);
  if (!path) return std::nullopt;
  return Convert(AtPath(Str(in, 0, i), *path));
}
template <std::optional<S> (*Convert)(Slice)>
std::optional<S> JsonbExtractPath(const ScalarArgs& in, size_t i, EvalContext&) {
  std::vector<S> path;
  for (size_t a = 1; a < in.args.size(); a++) {
    if (in.args[a]->IsNull(i)) return std::nullopt;
    path.push_back(Str(in, a, i));
  }
  if (in.args[0]->IsNull(i)) return std::nullopt;
  return Convert(AtPath(Str(in, 0, i), path));
}

// --- json accessors: the part as written ---

template <bool kAsText>
std::optional<S> JsonField(const ScalarArgs& in, size_t i, EvalContext&) {
  S part;
  bool found = JsonFieldText(Str(in, 0, i), Str(in, 1, i), &part);
  return JsonPart(found, std::move(part), kAsText);
}
template <bool kAsText>
std::optional<S> JsonElement(const ScalarArgs& in, size_t i, EvalContext&) {
  S part;
  bool found = JsonElementText(Str(in, 0, i), static_cast<int>(in.args[1]->ints()[i]), &part);
  return JsonPart(found, std::move(part), kAsText);
}
template <bool kAsText>
std::optional<S> JsonPath(const ScalarArgs& in, size_t i, EvalContext&) {
  std::optional<std::vector<S>> path = TextPath(in, 1, i);
  if (!path) return std::nullopt;
  S part;
  bool found = JsonPathText(Str(in, 0, i), *path, &part);
  return JsonPart(found, std::move(part), kAsText);
}

// --- jsonb predicates and comparison ---

int CompareJsonbText(const S& a, const S& b, EvalContext&) {
  return CompareJsonb(ParseJsonb(a), ParseJsonb(b));
}
// jsonb @> (and <@ with the sides swapped). A constant side is parsed once; when it is an
// object of strings, booleans and nulls (WHERE doc @> '{"channel": "web"}'), each row is
// checked by finding those members in its canonical text, where equal values have equal
// text (numbers do not: 1.0 = 1), without parsing the row.
template <bool kSwapped>
void ContainsKernel(const ScalarArgs& in, Vector& out, EvalContext&) {
  const size_t doc_arg = kSwapped ? 1 : 0, want_arg = 1 - doc_arg;
  const std::vector<S>& docs = in.args[doc_arg]->strings();
  const std::vector<S>& wants = in.args[want_arg]->strings();
  auto doc_at = [&](size_t i) -> const S& { return docs[in.IsConstant(doc_arg) ? 0 : i]; };
  std::vector<int64_t>& r = out.ints();
  if (!in.IsConstant(want_arg)) {
    for (size_t i = 0; i < in.count; i++) {
      r[i] = JsonbContains(ParseJsonb(doc_at(i)), ParseJsonb(wants[i]));
    }
    SetAllValid(out, in.count);
    return;
  }
  JsonValue want = ParseJsonb(wants[0]);
  bool by_text = want.kind == Kind::kObject;
  std::vector<std::pair<S, S>> members;  // key, canonical value text
  for (const auto& [key, value] : want.members) {
    Kind k = value.kind;
    by_text = by_text && (k == Kind::kString || k == Kind::kBool || k == Kind::kNull);
    members.emplace_back(key, JsonbText(value));
  }
  for (size_t i = 0; i < in.count; i++) {
    const S& doc = doc_at(i);
    if (!by_text) {
      r[i] = JsonbContains(ParseJsonb(doc), want);
      continue;
    }
    bool all = !doc.empty() && doc[0] == '{';
    std::string_view found;
    for (size_t m = 0; all && m < members.size(); m++) {
      all = JsonbMemberText(doc, members[m].first, &found) && found == members[m].second;
    }
    r[i] = all;
  }
  SetAllValid(out, in.count);
}

// jsonb ? key: a top-level key, a string element of a top-level array, or that string.
bool HasKey(const JsonValue& v, const S& key) {
  switch (v.kind) {
    case Kind::kObject:
      return v.Find(key) != nullptr;
    case Kind::kArray:
      for (const JsonValue& e : v.elements) {
        if (e.kind == Kind::kString && e.string == key) return true;
      }
      return false;
    case Kind::kString:
      return v.string == key;
    default:
      return false;
  }
}
int64_t Exists(const S& json, const S& key) { return HasKey(ParseJsonb(json), key); }

template <bool kAll>
void ExistsKeysKernel(const ScalarArgs& in, Vector& out, EvalContext&) {
  for (size_t i = 0; i < in.count; i++) {
    JsonValue v = Jsonb(in, 0, i);
    bool result = kAll;
    for (const Value& key : in.args[1]->arrays()[i]->items) {
      if (key.is_null()) continue;  // PostgreSQL skips NULL keys
      if (HasKey(v, key.GetString()) != kAll) {
        result = !kAll;
        break;
      }
    }
    out.ints()[i] = result;
  }
  SetAllValid(out, in.count);
}

// --- jsonb modification ---

// jsonb || jsonb: objects merge (the right side's keys win); otherwise both sides as arrays
// (a non-array is one element) are concatenated.
S Concat(const S& a, const S& b) {
  JsonValue x = ParseJsonb(a), y = ParseJsonb(b);
  if (x.kind == Kind::kObject && y.kind == Kind::kObject) {
    for (auto& member : y.members) {
      JsonValue* existing = nullptr;
      for (auto& m : x.members) {
        if (m.first == member.first) existing = &m.second;
      }
      if (existing != nullptr) {
        *existing = std::move(member.second);
      } else {
        x.members.push_back(std::move(member));
      }
    }
    return JsonbText(JsonbText(x));  // re-sorts the appended keys
  }
  JsonValue result;
  result.kind = Kind::kArray;
  for (JsonValue* side : {&x, &y}) {
    if (side->kind == Kind::kArray) {
      for (JsonValue& e : side->elements) result.elements.push_back(std::move(e));
    } else {
      result.elements.push_back(std::move(*side));
    }
  }
  return JsonbText(result);
}

// Removes `keys` from an object's members, or the string elements equal to one of them from
// an array.
S DeleteKeys(JsonValue v, const std::vector<S>& keys) {
  if (v.kind != Kind::kObject && v.kind != Kind::kArray) Refuse("cannot delete from scalar");
  auto named = [&](const S& s) {
    for (const S& k : keys) {
      if (k == s) return true;
    }
    return false;
  };
  if (v.kind == Kind::kObject) {
    std::erase_if(v.members, [&](const auto& m) { return named(m.first); });
  } else {
    std::erase_if(v.elements,
                  [&](const JsonValue& e) { return e.kind == Kind::kString && named(e.string); });
  }
  return JsonbText(v);
}
S DeleteKey(const S& json, const S& key) { return DeleteKeys(ParseJsonb(json), {key}); }
void DeleteKeysKernel(const ScalarArgs& in, Vector& out, EvalContext&) {
  for (size_t i = 0; i < in.count; i++) {
    std::vector<S> keys;
    for (const Value& k : in.args[1]->arrays()[i]->items) {
      if (!k.is_null()) keys.push_back(k.GetString());
    }
    out.strings()[i] = DeleteKeys(Jsonb(in, 0, i), keys);
  }
  SetAllValid(out, in.count);
}
S DeleteIndex(const S& json, int64_t index) {
  JsonValue v = ParseJsonb(json);
  if (v.kind == Kind::kObject) Refuse("cannot delete from object using integer index");
  if (v.kind != Kind::kArray) Refuse("cannot delete from scalar");
  if (std::optional<size_t> at = Position(index, v.elements.size())) {
    v.elements.erase(v.elements.begin() + static_cast<std::ptrdiff_t>(*at));
  }
  return JsonbText(v);
}

// The path of #- and jsonb_set, where a NULL element is 22004.
std::vector<S> PathWithoutNulls(const ScalarArgs& in, size_t arg, size_t row) {
  std::vector<S> path;
  for (const Value& item : in.args[arg]->arrays()[row]->items) {
    if (item.is_null()) {
      throw SqlError(sqlstate::kNullValueNotAllowed,
                     "path element at position " + std::to_string(path.size() + 1) + " is null");
    }
    path.push_back(item.GetString());
  }
  return path;
}

// A path step into an array (#-, jsonb_set): an integer, else 22P02.
int64_t ArrayPathIndex(const S& key, size_t depth) {
  std::optional<int> index = JsonPathIndex(key);
  if (!index) {
    throw SqlError(sqlstate::kInvalidTextRepresentation, "path element at position " +
                                                             std::to_string(depth + 1) +
                                                             " is not an integer: \"" + key + "\"");
  }
  return *index;
}

// jsonb #- path: removes what the path names, if it is there.
void DeletePath(JsonValue& v, const std::vector<S>& path, size_t depth) {
  if (depth == path.size()) return;
  const S& key = path[depth];
  bool last = depth + 1 == path.size();
  if (v.kind == Kind::kObject) {
    for (auto it = v.members.begin(); it != v.members.end(); ++it) {
      if (it->first != key) continue;
      if (last) {
        v.members.erase(it);
      } else {
        DeletePath(it->second, path, depth + 1);
      }
      return;
    }
  } else if (v.kind == Kind::kArray) {
    std::optional<size_t> at = Position(ArrayPathIndex(key, depth), v.elements.size());
    if (!at) return;
    if (last) {
      v.elements.erase(v.elements.begin() + static_cast<std::ptrdiff_t>(*at));
    } else {
      DeletePath(v.elements[*at], path, depth + 1);
    }
  }
}
void DeletePathKernel(const ScalarArgs& in, Vector& out, EvalContext&) {
  for (size_t i = 0; i < in.count; i++) {
    JsonValue v = Jsonb(in, 0, i);
    if (v.kind != Kind::kObject && v.kind != Kind::kArray) Refuse("cannot delete path in scalar");
    DeletePath(v, PathWithoutNulls(in, 1, i), 0);
    out.strings()[i] = JsonbText(v);
  }
  SetAllValid(out, in.count);
}

// jsonb_set(target, path, value, create_missing): replaces what the path names; when only
// its last step is missing and create_missing holds, adds it (past either end of an array:
// at that end).
void SetPath(JsonValue& v, const std::vector<S>& path, size_t depth, const JsonValue& value,
             bool create) {
  const S& key = path[depth];
  bool last = depth + 1 == path.size();
  if (v.kind == Kind::kObject) {
    for (auto& member : v.members) {
      if (member.first != key) continue;
      if (last) {
        member.second = value;
      } else {
        SetPath(member.second, path, depth + 1, value, create);
      }
      return;
    }
    if (last && create) v.members.emplace_back(key, value);
  } else if (v.kind == Kind::kArray) {
    int64_t index = ArrayPathIndex(key, depth);
    std::optional<size_t> at = Position(index, v.elements.size());
    if (at) {
      if (last) {
        v.elements[*at] = value;
      } else {
        SetPath(v.elements[*at], path, depth + 1, value, create);
      }
    } else if (last && create) {
      auto where = index < 0 ? v.elements.begin() : v.elements.end();
      v.elements.insert(where, value);
    }
  }
}
S JsonbSet(const ScalarArgs& in, size_t i, EvalContext&) {
  bool create = in.args.size() < 4 || in.args[3]->ints()[i] != 0;
  JsonValue v = Jsonb(in, 0, i);
  if (v.kind != Kind::kObject && v.kind != Kind::kArray) Refuse("cannot set path in scalar");
  std::vector<S> path = PathWithoutNulls(in, 1, i);
  if (!path.empty()) SetPath(v, path, 0, Jsonb(in, 2, i), create);
  return JsonbText(JsonbText(v));  // re-sorts an added key
}

// jsonb_strip_nulls: drops object members whose value is null, at every depth.
void StripNulls(JsonValue& v) {
  if (v.kind == Kind::kObject) {
    std::erase_if(v.members, [](const auto& m) { return m.second.kind == Kind::kNull; });
    for (auto& m : v.members) StripNulls(m.second);
  } else if (v.kind == Kind::kArray) {
    for (JsonValue& e : v.elements) StripNulls(e);
  }
}
S StripNullsText(const S& json) {
  JsonValue v = ParseJsonb(json);
  StripNulls(v);
  return JsonbText(v);
}

// jsonb_pretty: four spaces per level, every element on its own line.
void AppendPretty(const JsonValue& v, int depth, S* out) {
  auto indent = [&](int d) { out->append(static_cast<size_t>(d) * 4, ' '); };
  if (v.kind == Kind::kArray || v.kind == Kind::kObject) {
    bool object = v.kind == Kind::kObject;
    *out += object ? "{\n" : "[\n";
    size_t n = object ? v.members.size() : v.elements.size();
    for (size_t k = 0; k < n; k++) {
      indent(depth + 1);
      if (object) *out += JsonQuote(v.members[k].first) + ": ";
      AppendPretty(object ? v.members[k].second : v.elements[k], depth + 1, out);
      *out += k + 1 < n ? ",\n" : "\n";
    }
    indent(depth);
    *out += object ? '}' : ']';
    return;
  }
  *out += JsonbText(v);
}
S Pretty(const S& json) {
  S out;
  AppendPretty(ParseJsonb(json), 0, &out);
  return out;
}

// --- inspection ---

const char* TypeofName(Kind kind) {
  static const char* const kNames[] = {"null", "string", "number", "boolean", "array", "object"};
  return kNames[static_cast<int>(kind)];
}
S JsonbTypeof(const S& json) { return TypeofName(ParseJsonb(json).kind); }

int64_t ArrayLength(const S& json) {
  JsonValue v = ParseJsonb(json);
  if (v.kind == Kind::kArray) return static_cast<int64_t>(v.elements.size());
  Refuse(v.kind == Kind::kObject ? "cannot get array length of a non-array"
                                 : "cannot get array length of a scalar");
}

}  // namespace

void RegisterJsonFunctions(FunctionRegistry& r) {
  // Accessors.
  r.AddOperator(Fn("->", {kJsonbT, kTextT}, kJsonbT, NullableRowKernel<S, JsonbField>));
  r.AddOperator(Fn("->", {kJsonbT, kInt4T}, kJsonbT, NullableRowKernel<S, JsonbElement>));
  r.AddOperator(Fn("->>", {kJsonbT, kTextT}, kTextT, NullableRowKernel<S, JsonbFieldText>));
  r.AddOperator(Fn("->>", {kJsonbT, kInt4T}, kTextT, NullableRowKernel<S, JsonbElementText>));
  r.AddOperator(
      Fn("#>", {kJsonbT, kTextArrayT}, kJsonbT, NullableRowKernel<S, JsonbPath<AsJsonb>>));
  r.AddOperator(
      Fn("#>>", {kJsonbT, kTextArrayT}, kTextT, NullableRowKernel<S, JsonbPath<SliceText>>));
  r.AddOperator(Fn("->", {kJsonT, kTextT}, kJsonT, NullableRowKernel<S, JsonField<false>>));
  r.AddOperator(Fn("->", {kJsonT, kInt4T}, kJsonT, NullableRowKernel<S, JsonElement<false>>));
  r.AddOperator(Fn("->>", {kJsonT, kTextT}, kTextT, NullableRowKernel<S, JsonField<true>>));
  r.AddOperator(Fn("->>", {kJsonT, kInt4T}, kTextT, NullableRowKernel<S, JsonElement<true>>));
  r.AddOperator(Fn("#>", {kJsonT, kTextArrayT}, kJsonT, NullableRowKernel<S, JsonPath<false>>));
  r.AddOperator(Fn("#>>", {kJsonT, kTextArrayT}, kTextT, NullableRowKernel<S, JsonPath<true>>));
  for (bool text : {false, true}) {
    const char* name = text ? "jsonb_extract_path_text" : "jsonb_extract_path";
    ScalarImpl impl = text ? NullableRowKernel<S, JsonbExtractPath<SliceText>>
                           : NullableRowKernel<S, JsonbExtractPath<AsJsonb>>;
    r.AddFunction(NonStrict(Fn(name, {kJsonbT, kTextT}, text ? kTextT : kJsonbT, impl), true));
  }

  // Comparison in jsonb's btree order, containment and existence.
  r.AddOperator(
      Fn("=", {kJsonbT, kJsonbT}, kBoolT, CompareKernel<S, S, CompareJsonbText, CmpOp::kEq>));
  r.AddOperator(
      Fn("<>", {kJsonbT, kJsonbT}, kBoolT, CompareKernel<S, S, CompareJsonbText, CmpOp::kNe>));
  r.AddOperator(
      Fn("<", {kJsonbT, kJsonbT}, kBoolT, CompareKernel<S, S, CompareJsonbText, CmpOp::kLt>));
  r.AddOperator(
      Fn("<=", {kJsonbT, kJsonbT}, kBoolT, CompareKernel<S, S, CompareJsonbText, CmpOp::kLe>));
  r.AddOperator(
      Fn(">", {kJsonbT, kJsonbT}, kBoolT, CompareKernel<S, S, CompareJsonbText, CmpOp::kGt>));
  r.AddOperator(
      Fn(">=", {kJsonbT, kJsonbT}, kBoolT, CompareKernel<S, S, CompareJsonbText, CmpOp::kGe>));
  for (bool swapped : {false, true}) {
    ScalarFunction contains = Fn(swapped ? "<@" : "@>", {kJsonbT, kJsonbT}, kBoolT,
                                 swapped ? ContainsKernel<true> : ContainsKernel<false>);
    contains.constant_args = true;
    r.AddOperator(contains);
  }
  r.AddOperator(Fn("?", {kJsonbT, kTextT}, kBoolT, BinaryKernel<S, S, int64_t, Exists>));
  r.AddOperator(Fn("?|", {kJsonbT, kTextArrayT}, kBoolT, ExistsKeysKernel<false>));
  r.AddOperator(Fn("?&", {kJsonbT, kTextArrayT}, kBoolT, ExistsKeysKernel<true>));

  // Modification.
  r.AddOperator(Fn("||", {kJsonbT, kJsonbT}, kJsonbT, BinaryKernel<S, S, S, Concat>));
  r.AddOperator(Fn("-", {kJsonbT, kTextT}, kJsonbT, BinaryKernel<S, S, S, DeleteKey>));
  r.AddOperator(Fn("-", {kJsonbT, kInt4T}, kJsonbT, BinaryKernel<S, int64_t, S, DeleteIndex>));
  r.AddOperator(Fn("-", {kJsonbT, kTextArrayT}, kJsonbT, DeleteKeysKernel));
  r.AddOperator(Fn("#-", {kJsonbT, kTextArrayT}, kJsonbT, DeletePathKernel));
  r.AddFunction(Fn("jsonb_set", {kJsonbT, kTextArrayT, kJsonbT}, kJsonbT, RowKernel<S, JsonbSet>));
  r.AddFunction(
      Fn("jsonb_set", {kJsonbT, kTextArrayT, kJsonbT, kBoolT}, kJsonbT, RowKernel<S, JsonbSet>));
  r.AddFunction(Fn("jsonb_strip_nulls", {kJsonbT}, kJsonbT, UnaryKernel<S, S, StripNullsText>));
  r.AddFunction(Fn("jsonb_pretty", {kJsonbT}, kTextT, UnaryKernel<S, S, Pretty>));

  // Inspection. json's forms parse the text the jsonb way, which answers the same.
  for (Type t : {kJsonT, kJsonbT}) {
    bool b = t.id == TypeId::kJsonb;
    r.AddFunction(
        Fn(b ? "jsonb_typeof" : "json_typeof", {t}, kTextT, UnaryKernel<S, S, JsonbTypeof>));
    r.AddFunction(Fn(b ? "jsonb_array_length" : "json_array_length", {t}, kInt4T,
                     UnaryKernel<S, int64_t, ArrayLength>));
  }

  RegisterJsonBuilders(r);
}

}  // namespace firn::function_internal
