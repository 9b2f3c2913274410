// Parser: SQL text -> Firn parse trees, using the real PostgreSQL grammar (libpg_query).
// This folder is the only place that sees PostgreSQL's node types.
// Errors: SqlError 42601 with PostgreSQL's message and 1-based position for syntax errors;
// 0A000 naming the construct for valid PostgreSQL that Firn does not support.
// Thread-safety: Parse() may be called concurrently.
#pragma once

#include <string_view>
#include <vector>

#include "sql/parser/ast.h"

namespace firn {

// Parses every statement in `sql`. An empty or comment-only string yields no statements.
std::vector<ast::StatementPtr> ParseSql(std::string_view sql);

}  // namespace firn
