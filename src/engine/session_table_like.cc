// CREATE TABLE (LIKE source [INCLUDING ...]): the source table's columns, written out as
// column definitions where the LIKE stands, so CREATE TABLE makes them as if typed.
#include <deque>

#include "common/sql_error.h"
#include "engine/session_state.h"
#include "sql/binder/binder.h"
#include "sql/binder/column_default.h"

namespace firn {

std::vector<const ast::ColumnDef*> SessionState::ExpandLike(
    const ast::CreateTableStmt& s, std::deque<ast::ColumnDef>* copied,
    std::vector<ast::CheckConstraintDef>* checks, std::vector<ast::KeyConstraintDef>* keys) {
  std::vector<const ast::ColumnDef*> defs;
  size_t next_like = 0;
  BinderContext bctx = MakeBinderContext(db_, startup_.user);
  Binder binder(bctx);
  for (size_t i = 0; i <= s.columns.size(); i++) {
    for (; next_like < s.likes.size() && s.likes[next_like].position == i; next_like++) {
      const ast::TableLikeDef& like = s.likes[next_like];
      auto source = binder.ResolveTable(like.source.schema, like.source.name, like.location);
      const uint32_t o = like.options;
      for (const ColumnInfo& c : source->columns) {
        if (c.identity != '\0' && (o & ast::kLikeIdentity) != 0) {
          throw SqlError(sqlstate::kFeatureNotSupported,
                         "LIKE ... INCLUDING IDENTITY is not supported")
              .WithHint("Copy the columns without it, then add an identity column.");
        }
        ast::ColumnDef& def = copied->emplace_back();
        def.name = c.name;
        def.resolved_type = c.type;
        def.not_null = c.not_null;  // always copied, as in PostgreSQL
        def.location = like.location;
        if (c.generated && (o & ast::kLikeGenerated) != 0) {
          def.generated_text = c.default_expr;
        } else if (!c.generated && c.identity == '\0' && !c.default_expr.empty() &&
                   (o & ast::kLikeDefaults) != 0) {
          def.default_value = ParseDefaultText(c.default_expr);
          def.default_text = c.default_expr;
        }
        defs.push_back(&def);
      }
      if ((o & ast::kLikeConstraints) != 0) {
        for (const CheckConstraint& check : source->checks) {
          checks->push_back({check.name, "", check.expression, true, like.location});
        }
      }
      if ((o & ast::kLikeIndexes) != 0) {
        // The keys (PRIMARY KEY, UNIQUE constraints), under names chosen for the new table.
        for (const auto& index : db_.catalog().IndexesOn(source->oid)) {
          if (index->constraint == '\0' || !index->Fits(*source)) continue;
          ast::KeyConstraintDef key;
          key.primary = index->constraint == 'p';
          for (const IndexColumn& k : index->columns) {
            key.columns.push_back(source->columns[static_cast<size_t>(k.column)].name);
          }
          key.location = like.location;
          keys->push_back(std::move(key));
        }
      }
    }
    if (i < s.columns.size()) defs.push_back(&s.columns[i]);
  }
  return defs;
}

}  // namespace firn
