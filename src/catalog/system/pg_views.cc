// Plain views in the system catalogs: the pg_views view and information_schema.views. Their
// definitions are the queries as written (PostgreSQL shows its deparsed form), shaped as
// pg_get_viewdef prints them. pg_class, pg_attribute and information_schema.tables/columns
// list views through AllRelations (relkind 'v').
// Thread-safety: row functions only read the Catalog through its public methods.
#include "catalog/system/system_internal.h"

namespace firn::system_catalog {
namespace {

std::string Definition(const SqlViewInfo& view) { return " " + view.query + ";"; }

std::vector<Row> PgViewsRows(const Catalog& catalog) {
  std::vector<Row> rows;
  for (const auto& view : catalog.ListSqlViews()) {
    rows.push_back(
        Row{NameV(view->schema), NameV(view->name), NameV("firn"), TextV(Definition(*view))});
  }
  return rows;
}

// Firn writes through no view, so none is updatable or insertable into.
std::vector<Row> ViewsRows(const Catalog& catalog) {
  std::vector<Row> rows;
  for (const auto& view : catalog.ListSqlViews()) {
    rows.push_back(Row{NameV(kDatabaseName), NameV(view->schema), NameV(view->name),
                       TextV(Definition(*view)), TextV("NONE"), VarcharV("NO"), VarcharV("NO"),
                       VarcharV("NO"), VarcharV("NO"), VarcharV("NO")});
  }
  return rows;
}

}  // namespace

void AddViewRelations(std::vector<SystemRelation>& out) {
  AddRelation(out, "pg_catalog", "pg_views", 12028, 'v',
              "schemaname name, viewname name, viewowner name, definition text", PgViewsRows);
  AddRelation(out, "information_schema", "views", 13483, 'v',
              "table_catalog name, table_schema name, table_name name, view_definition text, "
              "check_option text, is_updatable varchar, is_insertable_into varchar, "
              "is_trigger_updatable varchar, is_trigger_deletable varchar, "
              "is_trigger_insertable_into varchar",
              ViewsRows);
}

}  // namespace firn::system_catalog
