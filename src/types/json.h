// Json: PostgreSQL's json and jsonb values. A json value is its text exactly as written,
// checked to be valid JSON; a jsonb value is a parsed tree (object keys unique, the last of
// duplicates kept, ordered shorter first then bytewise; numbers as numeric) that Firn keeps
// as its canonical text (`{"a": 1, "b": [true, null]}`, jsonb_out's form). Both are stored
// as strings; the functions here parse and print them.
//
// Errors are PostgreSQL's: 22P02 "invalid input syntax for type json" with DETAIL
// (`Token "x" is invalid.`, `The input string ended unexpectedly.`, ...) and CONTEXT
// (`JSON data, line 1: ...`); 22P05 for a \u0000 escape in jsonb.
// Thread-safety: pure functions over values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "types/numeric.h"

namespace firn {

struct JsonValue {
  // In jsonb's sort order of kinds (see CompareJsonb for its exceptions).
  enum class Kind : uint8_t { kNull, kString, kNumber, kBool, kArray, kObject };
  Kind kind = Kind::kNull;
  bool boolean = false;                                    // kBool
  std::string string;                                      // kString: unescaped UTF-8
  Numeric number;                                          // kNumber
  std::vector<JsonValue> elements;                         // kArray
  std::vector<std::pair<std::string, JsonValue>> members;  // kObject: unique, in key order

  // Declared here, defaulted below where the type is complete: clang cannot instantiate
  // pair<std::string, JsonValue> for the implicit ones inside the definition.
  JsonValue();
  JsonValue(const JsonValue&);
  JsonValue(JsonValue&&) noexcept;
  JsonValue& operator=(const JsonValue&);
  JsonValue& operator=(JsonValue&&) noexcept;
  ~JsonValue();

  // The member named `key`, or nullptr (kObject only).
  const JsonValue* Find(std::string_view key) const;
};

inline JsonValue::JsonValue() = default;
inline JsonValue::JsonValue(const JsonValue&) = default;
inline JsonValue::JsonValue(JsonValue&&) noexcept = default;
inline JsonValue& JsonValue::operator=(const JsonValue&) = default;
inline JsonValue& JsonValue::operator=(JsonValue&&) noexcept = default;
inline JsonValue::~JsonValue() = default;

// json input: throws SqlError 22P02 unless `text` is one valid JSON value (surrounding
// whitespace allowed), as json_in does.
void ValidateJson(std::string_view text);

// jsonb input: the parsed tree. Duplicate keys keep the last value; \u0000 is 22P05
// "unsupported Unicode escape sequence".
JsonValue ParseJsonb(std::string_view text);

// jsonb_out's text: `{"a": 1, "b": [1, 2]}` (", " and ": " separators), strings escaped as
// PostgreSQL's escape_json does, numbers as numeric_out prints them.
std::string JsonbText(const JsonValue& value);
// The same without a parse when `text` came from JsonbText.
std::string JsonbText(std::string_view json_text);  // = JsonbText(ParseJsonb(json_text))

// A JSON string literal for `s` (escape_json: \" \\ \b \f \n \r \t, other controls \u00XX).
std::string JsonQuote(std::string_view s);

// The btree order of jsonb (PostgreSQL's compareJsonbContainers): <0, 0, >0. Numbers compare
// as numerics (1.0 = 1), strings bytewise.
int CompareJsonb(const JsonValue& a, const JsonValue& b);
// A hash consistent with CompareJsonb == 0.
uint64_t HashJsonb(const JsonValue& value);

// a @> b, as jsonb_contains (arrays contain each element of the other, in any order; a
// scalar array contains that scalar; objects contain each member recursively).
bool JsonbContains(const JsonValue& a, const JsonValue& b);

// The text of the value `json` holds at `path` (object keys, or array indexes written as
// decimal strings; negative indexes count from the end), for the json type's -> and #>:
// the original text of that part, unchanged. Returns false when there is none. The last
// of duplicate keys is the one found, as PostgreSQL does. Like PostgreSQL it decodes every
// string on the way, so a \u0000 or lone surrogate anywhere throws as in ParseJsonb.
bool JsonPathText(std::string_view json, const std::vector<std::string>& path, std::string* out);
// The same for -> with one step: a key finds only object members (json -> text), an index
// only array elements (json -> int); PostgreSQL's #> tries each path element as both.
bool JsonFieldText(std::string_view json, std::string_view key, std::string* out);
bool JsonElementText(std::string_view json, int index, std::string* out);

// A path element (#>, #-, jsonb_set) as an array index, read as PostgreSQL's strtoint reads
// it ("2", "-1", " +3"); nothing for "1 ", "x" or a value outside int.
std::optional<int> JsonPathIndex(std::string_view text);

// Lookups in jsonb's canonical text (what JsonbText prints) without parsing all of it: the
// text of the member `key` of an object, or of element `index` of an array (negative counts
// from the end); false when `jsonb` is not an object (an array) or has none. The text found
// is itself canonical jsonb. REQUIRES: `jsonb` came from JsonbText.
bool JsonbMemberText(std::string_view jsonb, std::string_view key, std::string_view* out);
bool JsonbElementText(std::string_view jsonb, int64_t index, std::string_view* out);

}  // namespace firn
