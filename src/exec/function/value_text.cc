// Text output of vector rows and values for concat(), ||, array_to_string(): the types'
// output functions (types/value_io.h) with the statement's time zone, plus fast paths for
// strings and integers.
// Thread-safety: pure functions.
#include "exec/function/value_text.h"

#include "types/value_io.h"

namespace firn::function_internal {
namespace {

IoContext IoOf(const EvalContext& ctx) {
  IoContext io;
  io.time_zone = ctx.time_zone;
  io.now_micros = ctx.statement_time_us;
  io.zones = ctx.zones;
  return io;
}

}  // namespace

void AppendValueText(const Value& v, const EvalContext& ctx, std::string* out) {
  firn::AppendValueText(v, IoOf(ctx), out);
}

void AppendValueText(const Vector& v, size_t row, const EvalContext& ctx, std::string* out) {
  if (v.physical() == PhysicalType::kString) {
    *out += v.strings()[row];
    return;
  }
  if (IsIntegerType(v.type().id)) {
    AppendInt64Text(v.ints()[row], out);
    return;
  }
  firn::AppendValueText(v.GetValue(row), IoOf(ctx), out);
}

}  // namespace firn::function_internal
