// libFuzzer target for the SQL parser: ParseSql (libpg_query + transform) on arbitrary bytes
// must either return statements or throw SqlError — never crash, hang or throw anything else.
// Type names found in top-level casts also go through ResolveTypeName.
// Thread-safety: single-threaded fuzzing entry point.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common/sql_error.h"
#include "sql/parser/parser.h"
#include "sql/parser/type_name.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view sql(reinterpret_cast<const char*>(data), size);
  try {
    for (const auto& stmt : firn::ParseSql(sql)) {
      if (stmt->location < 0 || stmt->location + stmt->text.size() > size) __builtin_trap();
      if (stmt->kind != firn::ast::StatementKind::kSelect || !stmt->select) continue;
      for (const auto& target : stmt->select->targets) {
        if (!target.expr || target.expr->kind != firn::ast::ExprKind::kCast) continue;
        try {
          firn::ResolveTypeName(target.expr->type_name);
        } catch (const firn::SqlError&) {
        }
      }
    }
  } catch (const firn::SqlError&) {
  }
  return 0;
}
