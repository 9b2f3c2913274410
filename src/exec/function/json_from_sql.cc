// to_json's conversion of SQL values (PostgreSQL's datum_to_json).
// Thread-safety: pure functions.
#include "exec/function/json_from_sql.h"

#include <cmath>

#include "common/sql_error.h"
#include "exec/function/value_text.h"
#include "types/datetime.h"
#include "types/json.h"
#include "types/timezone.h"

namespace firn {
namespace {

using function_internal::AppendValueText;

// ISO 8601 as JSON writes timestamps: "2026-01-15T10:00:00.5", offsets as "+05:30".
void AppendIsoTimestamp(const Value& v, const EvalContext& ctx, std::string* out) {
  std::string text;
  if (v.type().id == TypeId::kTimestamp) {
    AppendTimestamp(v.GetInt64(), &text);
  } else {
    AppendTimestampTz(v.GetInt64(), ctx.time_zone ? *ctx.time_zone : TimeZone::Utc(), &text);
  }
  size_t space = text.find(' ');
  if (space != std::string::npos && space + 3 < text.size() && text[space + 3] == ':') {
    text[space] = 'T';
    if (v.type().id == TypeId::kTimestampTz) {
      size_t sign = text.find_last_of("+-");
      if (sign != std::string::npos && sign > space && text.find(':', sign) == std::string::npos) {
        text += ":00";
      }
    }
  }
  *out += JsonQuote(text);
}

bool IsBareNumber(const Value& v) {
  switch (v.type().id) {
    case TypeId::kInt2:
    case TypeId::kInt4:
    case TypeId::kInt8:
    case TypeId::kOid:
      return true;
    case TypeId::kFloat4:
    case TypeId::kFloat8:
      return std::isfinite(v.GetDouble());
    case TypeId::kNumeric:
      return !v.GetNumeric().IsNaN() && !v.GetNumeric().IsInf();
    default:
      return false;
  }
}

}  // namespace

void AppendSqlAsJson(const Value& v, const EvalContext& ctx, std::string* out) {
  if (v.is_null()) {
    *out += "null";
    return;
  }
  switch (v.type().id) {
    case TypeId::kBool:
      *out += v.GetBool() ? "true" : "false";
      return;
    case TypeId::kJson:
    case TypeId::kJsonb:
      *out += v.GetString();
      return;
    case TypeId::kDate: {
      std::string text;
      AppendDate(v.GetInt64(), &text);
      *out += JsonQuote(text);
      return;
    }
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
      AppendIsoTimestamp(v, ctx, out);
      return;
    case TypeId::kArray: {
      *out += '[';
      const std::vector<Value>& items = v.GetArray().items;
      for (size_t i = 0; i < items.size(); i++) {
        if (i > 0) *out += ',';
        AppendSqlAsJson(items[i], ctx, out);
      }
      *out += ']';
      return;
    }
    default:
      break;
  }
  if (IsBareNumber(v)) {
    AppendValueText(v, ctx, out);
    return;
  }
  std::string text;
  AppendValueText(v, ctx, &text);
  *out += JsonQuote(text);
}

std::string JsonKeyText(const Value& v, const EvalContext& ctx, size_t argument, bool jsonb) {
  if (v.is_null()) {
    if (jsonb) {
      throw SqlError(sqlstate::kInvalidParameterValue,
                     "argument " + std::to_string(argument) + ": key must not be null");
    }
    throw SqlError(sqlstate::kInvalidParameterValue,
                   "argument " + std::to_string(argument) + " cannot be null")
        .WithHint("Object keys should be text.");
  }
  TypeId id = v.type().id;
  if (id == TypeId::kArray || id == TypeId::kJson || id == TypeId::kJsonb) {
    throw SqlError(sqlstate::kInvalidParameterValue,
                   "key value must be scalar, not array, composite, or json");
  }
  std::string json;
  AppendSqlAsJson(v, ctx, &json);
  return json.front() == '"' ? ParseJsonb(json).string : json;  // the key unquoted
}

}  // namespace firn
