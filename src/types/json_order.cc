// jsonb's order, hash and containment: PostgreSQL's compareJsonbContainers (the btree order
// ORDER BY and comparisons use), a hash consistent with it, and JsonbDeepContains (@>).
// Thread-safety: pure functions.
#include <algorithm>
#include <cstring>
#include <functional>

#include "types/json.h"

namespace firn {
namespace {

using Kind = JsonValue::Kind;

bool IsContainer(const JsonValue& v) { return v.kind == Kind::kArray || v.kind == Kind::kObject; }

// varstr_cmp under the C collation.
int CompareStrings(std::string_view a, std::string_view b) {
  int c = std::memcmp(a.data(), b.data(), std::min(a.size(), b.size()));
  if (c != 0) return c < 0 ? -1 : 1;
  return a.size() == b.size() ? 0 : a.size() < b.size() ? -1 : 1;
}

template <typename T>
int Sign(T a, T b) {
  return a == b ? 0 : a < b ? -1 : 1;
}

// compareJsonbContainers below the top level, where no value is a raw scalar: kinds first,
// then containers by size, then member by member (key, then value) or element by element.
int CompareNested(const JsonValue& a, const JsonValue& b) {
  if (a.kind != b.kind) return a.kind < b.kind ? -1 : 1;
  if (a.kind == Kind::kString) return CompareStrings(a.string, b.string);
  if (a.kind == Kind::kNumber) return Sign(a.number.Compare(b.number), 0);
  if (a.kind == Kind::kBool) return Sign(a.boolean, b.boolean);
  if (a.kind == Kind::kArray) {
    if (a.elements.size() != b.elements.size()) return Sign(a.elements.size(), b.elements.size());
    for (size_t i = 0; i < a.elements.size(); ++i) {
      if (int c = CompareNested(a.elements[i], b.elements[i]); c != 0) return c;
    }
  }
  if (a.kind == Kind::kObject) {
    if (a.members.size() != b.members.size()) return Sign(a.members.size(), b.members.size());
    // Members come in jsonb key order (length first) but keys compare as strings.
    for (size_t i = 0; i < a.members.size(); ++i) {
      if (int c = CompareStrings(a.members[i].first, b.members[i].first); c != 0) return c;
      if (int c = CompareNested(a.members[i].second, b.members[i].second); c != 0) return c;
    }
  }
  return 0;
}

// equalsJsonbScalarValue.
bool ScalarEquals(const JsonValue& a, const JsonValue& b) {
  return a.kind == b.kind && CompareNested(a, b) == 0;
}

// JsonbDeepContains for two nested containers.
bool DeepContains(const JsonValue& a, const JsonValue& b) {
  if (a.kind != b.kind) return false;
  if (a.kind == Kind::kObject) {
    if (a.members.size() < b.members.size()) return false;
    for (const auto& [key, want] : b.members) {
      const JsonValue* have = a.Find(key);
      if (!have || IsContainer(*have) != IsContainer(want)) return false;
      if (IsContainer(want) ? !DeepContains(*have, want) : !ScalarEquals(*have, want)) {
        return false;
      }
    }
    return true;
  }
  // Arrays: each rhs scalar must be an lhs element; each rhs container must be contained
  // by some lhs container element.
  for (const JsonValue& want : b.elements) {
    auto matches = [&](const JsonValue& have) {
      if (!IsContainer(want)) return ScalarEquals(have, want);
      return IsContainer(have) && DeepContains(have, want);
    };
    if (std::none_of(a.elements.begin(), a.elements.end(), matches)) return false;
  }
  return true;
}

uint64_t Mix(uint64_t h, uint64_t v) {
  h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
  return h;
}

}  // namespace

int CompareJsonb(const JsonValue& a, const JsonValue& b) {
  // At the top level a scalar is PostgreSQL's "raw scalar", a one-element pseudo array. It
  // sorts below any real array of one or more elements, but above the empty array, whose
  // smaller element count decides first.
  bool a_raw = !IsContainer(a);
  bool b_raw = !IsContainer(b);
  if (a_raw != b_raw) {
    const JsonValue& container = a_raw ? b : a;
    int raw_vs_container = container.kind == Kind::kArray && container.elements.empty() ? 1 : -1;
    return a_raw ? raw_vs_container : -raw_vs_container;
  }
  return CompareNested(a, b);
}

uint64_t HashJsonb(const JsonValue& value) {
  uint64_t h = static_cast<uint64_t>(value.kind) + 1;
  if (value.kind == Kind::kBool) h = Mix(h, value.boolean);
  if (value.kind == Kind::kNumber) h = Mix(h, value.number.Hash());
  if (value.kind == Kind::kString) h = Mix(h, std::hash<std::string_view>()(value.string));
  if (value.kind == Kind::kArray) {
    h = Mix(h, value.elements.size());
    for (const JsonValue& e : value.elements) h = Mix(h, HashJsonb(e));
  }
  if (value.kind == Kind::kObject) {
    h = Mix(h, value.members.size());
    for (const auto& [key, v] : value.members) {
      h = Mix(Mix(h, std::hash<std::string_view>()(key)), HashJsonb(v));
    }
  }
  return h;
}

bool JsonbContains(const JsonValue& a, const JsonValue& b) {
  bool a_object = a.kind == Kind::kObject;
  if (a_object != (b.kind == Kind::kObject)) return false;
  if (a_object) return DeepContains(a, b);
  // Top-level scalars are one-element pseudo arrays: an array may contain one, but one
  // cannot contain an array.
  bool a_raw = a.kind != Kind::kArray;
  bool b_raw = b.kind != Kind::kArray;
  if (a_raw && !b_raw) return false;
  auto as_array = [](const JsonValue& scalar) {
    JsonValue array;
    array.kind = Kind::kArray;
    array.elements.push_back(scalar);
    return array;
  };
  if (b_raw) return DeepContains(a_raw ? as_array(a) : a, as_array(b));
  return DeepContains(a, b);
}

}  // namespace firn
