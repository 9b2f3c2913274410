// COMMENT ON for SessionState: finds the object as PostgreSQL does (with its errors for a
// missing one or one of another kind) and sets its comment in the catalog, undone by
// ROLLBACK.
#include <string>

#include "common/sql_error.h"
#include "engine/session_state.h"

namespace firn {
namespace {

using O = ast::CommentObject;

// A relation by name, whatever its kind.
struct Relation {
  char kind = '\0';  // 'r' table, 'v' view, 'm' feature view, 'i' index, 'S' sequence
  uint32_t oid = 0;
  const std::vector<ColumnInfo>* columns = nullptr;
  std::shared_ptr<const void> keep;  // keeps `columns` alive
};

Relation FindRelation(const Catalog& catalog, const std::string& schema, const std::string& name) {
  if (auto t = catalog.GetTable(schema, name)) return {'r', t->oid, &t->columns, t};
  if (auto v = catalog.GetSqlView(schema, name)) return {'v', v->oid, &v->columns, v};
  if (auto m = catalog.GetView(schema, name)) return {'m', m->oid, &m->columns, m};
  if (auto i = catalog.GetIndex(schema, name)) return {'i', i->oid, nullptr, i};
  if (auto s = catalog.GetSequence(schema, name)) return {'S', s->oid, nullptr, s};
  return {};
}

const char* KindName(O object) {
  switch (object) {
    case O::kTable:
      return "a table";
    case O::kView:
      return "a view";
    case O::kMaterializedView:
      return "a materialized view";
    case O::kIndex:
      return "an index";
    case O::kSequence:
      return "a sequence";
    default:
      return "a relation";
  }
}

char KindOf(O object) {
  switch (object) {
    case O::kTable:
      return 'r';
    case O::kView:
      return 'v';
    case O::kMaterializedView:
      return 'm';
    case O::kIndex:
      return 'i';
    case O::kSequence:
      return 'S';
    default:
      return '\0';
  }
}

[[noreturn]] void ImproperName(const std::vector<std::string>& names) {
  std::string joined;
  for (const std::string& n : names) joined += (joined.empty() ? "" : ".") + n;
  throw SqlError(sqlstate::kSyntaxError,
                 "improper qualified name (too many dotted names): " + joined);
}

}  // namespace

std::string SessionState::ExecuteComment(const ast::CommentStmt& stmt) {
  Catalog& catalog = db_.catalog();
  const std::vector<std::string>& names = stmt.names;
  CommentKey key;
  if (stmt.object == O::kSchema) {
    if (names.size() != 1) ImproperName(names);
    std::optional<SchemaInfo> schema = catalog.GetSchema(names[0]);
    if (!schema) {
      throw SqlError(sqlstate::kInvalidSchemaName, "schema \"" + names[0] + "\" does not exist");
    }
    key = {kPgNamespaceOid, schema->oid, 0};
  } else {
    // [schema.]relation, then the column for COMMENT ON COLUMN.
    const size_t relation_names = names.size() - (stmt.object == O::kColumn ? 1 : 0);
    if (relation_names < 1 || relation_names > 2) ImproperName(names);
    const std::string schema = relation_names == 2 ? names[0] : "public";
    const std::string& name = names[relation_names - 1];
    Relation relation = FindRelation(catalog, schema, name);
    if (relation.kind == '\0') {
      throw SqlError(sqlstate::kUndefinedTable, "relation \"" + name + "\" does not exist");
    }
    key = {kPgClassOid, relation.oid, 0};
    if (stmt.object == O::kColumn) {
      const std::string& column = names.back();
      int found = -1;
      for (size_t c = 0; relation.columns != nullptr && c < relation.columns->size(); c++) {
        if ((*relation.columns)[c].name == column) found = static_cast<int>(c);
      }
      if (found < 0) {
        throw SqlError(sqlstate::kUndefinedColumn,
                       "column \"" + column + "\" of relation \"" + name + "\" does not exist");
      }
      key.objsubid = found + 1;
    } else if (relation.kind != KindOf(stmt.object)) {
      throw SqlError(sqlstate::kWrongObjectType,
                     "\"" + name + "\" is not " + KindName(stmt.object));
    }
  }
  std::string previous = catalog.SetComment(key, stmt.text.value_or(""));
  txn_.AddUndo([&catalog, key, previous] { catalog.SetComment(key, previous); });
  return "COMMENT";
}

}  // namespace firn
