// Relations and their columns: pg_class, pg_namespace, pg_attribute, pg_attrdef and the
// pg_tables view, computed from the live catalog (user tables and the system relations
// themselves), pg_description (COMMENT ON), plus pg_inherits, which describes what Firn's
// tables do not have.
// Thread-safety: row functions only read the Catalog through its public methods.
#include "catalog/system/system_internal.h"

namespace firn::system_catalog {
namespace {

std::vector<Row> PgClassRows(const Catalog& catalog) {
  std::vector<Row> rows;
  for (const RelationRef& ref : AllRelations(catalog)) {
    const TableInfo& t = *ref.table;
    bool is_table = ref.relkind == 'r';
    uint32_t am = is_table ? kHeapAmOid : 0;
    if (ref.relkind == 'i') {
      if (auto index = catalog.GetIndex(t.schema, t.name)) am = IndexAmOid(index->method);
    }
    Value options = NullV();
    if (!t.options.empty()) {
      std::vector<std::string> items;
      for (const auto& [k, v] : t.options) items.push_back(k + "=" + v);
      options = TextArrayV(items);
    }
    rows.push_back(Row{
        OidV(t.oid),                                           // oid
        NameV(t.name),                                         // relname
        OidV(NamespaceOid(catalog, t.schema)),                 // relnamespace
        OidV(0),                                               // reltype
        OidV(0),                                               // reloftype
        OidV(kBootstrapSuperuserOid),                          // relowner
        OidV(am),                                              // relam
        OidV(is_table ? t.oid : 0),                            // relfilenode
        OidV(0),                                               // reltablespace
        Int4V(0),                                              // relpages
        Float4V(-1),                                           // reltuples
        Int4V(0),                                              // relallvisible
        OidV(0),                                               // reltoastrelid
        BoolV(is_table && !catalog.IndexesOn(t.oid).empty()),  // relhasindex
        BoolV(false),                                          // relisshared
        CharV('p'),                                            // relpersistence
        CharV(ref.relkind),                                    // relkind
        Int2V(static_cast<int64_t>(t.columns.size())),         // relnatts
        Int2V(static_cast<int64_t>(t.checks.size())),          // relchecks
        BoolV(false),                                          // relhasrules
        BoolV(false),                                          // relhastriggers
        BoolV(false),                                          // relhassubclass
        BoolV(false),                                          // relrowsecurity
        BoolV(false),                                          // relforcerowsecurity
        BoolV(true),                                           // relispopulated
        CharV(is_table ? 'd' : 'n'),                           // relreplident
        BoolV(false),                                          // relispartition
        OidV(0),                                               // relrewrite
        OidV(0),                                               // relfrozenxid
        OidV(0),                                               // relminmxid
        NullV(),                                               // relacl
        options,                                               // reloptions
        NullV(),                                               // relpartbound
    });
  }
  return rows;
}

std::vector<Row> PgNamespaceRows(const Catalog& catalog) {
  std::vector<Row> rows;
  for (const SchemaInfo& s : catalog.ListSchemas()) {
    auto owner = catalog.GetRole(s.owner);
    rows.push_back(Row{OidV(s.oid), NameV(s.name),
                       OidV(owner ? owner->oid : kBootstrapSuperuserOid), NullV()});
  }
  return rows;
}

std::vector<Row> PgAttributeRows(const Catalog& catalog) {
  std::vector<Row> rows;
  for (const RelationRef& ref : AllRelations(catalog)) {
    const TableInfo& t = *ref.table;
    for (size_t i = 0; i < t.columns.size(); i++) {
      const ColumnInfo& c = t.columns[i];
      const PgTypeInfo* info = FindPgType(c.type.Oid());
      rows.push_back(Row{
          OidV(t.oid),                                           // attrelid
          NameV(c.name),                                         // attname
          OidV(c.type.Oid()),                                    // atttypid
          Int4V(-1),                                             // attstattarget
          Int2V(c.type.TypeLength()),                            // attlen
          Int2V(static_cast<int64_t>(i + 1)),                    // attnum
          Int4V(c.type.IsArray() ? 1 : 0),                       // attndims
          Int4V(-1),                                             // attcacheoff
          Int4V(c.type.typmod),                                  // atttypmod
          BoolV(info ? info->byval : false),                     // attbyval
          CharV(info ? info->align : 'i'),                       // attalign
          CharV(info ? info->storage : 'x'),                     // attstorage
          CharV('\0'),                                           // attcompression
          BoolV(c.not_null),                                     // attnotnull
          BoolV(!c.default_expr.empty() && c.identity == '\0'),  // atthasdef
          BoolV(false),                                          // atthasmissing
          CharV(c.identity),                                     // attidentity
          CharV(c.generated ? 's' : '\0'),                       // attgenerated
          BoolV(false),                                          // attisdropped
          BoolV(true),                                           // attislocal
          Int4V(0),                                              // attinhcount
          OidV(info ? info->collation : 0),                      // attcollation
          NullV(),
          NullV(),
          NullV(),
          NullV(),  // attacl .. attmissingval
      });
    }
  }
  return rows;
}

// One row per column DEFAULT; adbin holds the expression's text, which pg_get_expr
// returns as it is (Firn keeps no expression trees).
std::vector<Row> PgAttrdefRows(const Catalog& catalog) {
  std::vector<Row> rows;
  for (const RelationRef& ref : AllRelations(catalog)) {
    const TableInfo& t = *ref.table;
    for (size_t i = 0; i < t.columns.size(); i++) {
      const ColumnInfo& c = t.columns[i];
      if (c.default_expr.empty() || c.identity != '\0') continue;  // identity: no DEFAULT
      // PostgreSQL prints a generation expression in parentheses (psql wraps it in
      // "generated always as ... stored").
      rows.push_back(Row{OidV(c.default_oid), OidV(t.oid), Int2V(static_cast<int64_t>(i + 1)),
                         TextV(c.generated ? "(" + c.default_expr + ")" : c.default_expr)});
    }
  }
  return rows;
}

std::vector<Row> PgTablesRows(const Catalog& catalog) {
  std::vector<Row> rows;
  for (const RelationRef& ref : AllRelations(catalog)) {
    if (ref.relkind != 'r') continue;
    rows.push_back(Row{NameV(ref.table->schema), NameV(ref.table->name), NameV("firn"), NullV(),
                       BoolV(!catalog.IndexesOn(ref.table->oid).empty()), BoolV(false),
                       BoolV(false), BoolV(false)});
  }
  return rows;
}

// pg_description: COMMENT ON's comments.
std::vector<Row> PgDescriptionRows(const Catalog& catalog) {
  std::vector<Row> rows;
  for (const auto& [key, text] : catalog.ListComments()) {
    rows.push_back(Row{OidV(key.objoid), OidV(key.classoid), Int4V(key.objsubid), TextV(text)});
  }
  return rows;
}

}  // namespace

void AddClassRelations(std::vector<SystemRelation>& out) {
  AddRelation(out, "pg_catalog", "pg_class", kPgClassOid, 'r',
              "oid oid, relname name, relnamespace oid, reltype oid, reloftype oid, "
              "relowner oid, relam oid, relfilenode oid, reltablespace oid, relpages int4, "
              "reltuples float4, relallvisible int4, reltoastrelid oid, relhasindex bool, "
              "relisshared bool, relpersistence char, relkind char, relnatts int2, "
              "relchecks int2, relhasrules bool, relhastriggers bool, relhassubclass bool, "
              "relrowsecurity bool, relforcerowsecurity bool, relispopulated bool, "
              "relreplident char, relispartition bool, relrewrite oid, relfrozenxid oid, "
              "relminmxid oid, relacl text[], reloptions text[], relpartbound text",
              PgClassRows);
  AddRelation(out, "pg_catalog", "pg_namespace", 2615, 'r',
              "oid oid, nspname name, nspowner oid, nspacl text[]", PgNamespaceRows);
  AddRelation(out, "pg_catalog", "pg_attribute", 1249, 'r',
              "attrelid oid, attname name, atttypid oid, attstattarget int4, attlen int2, "
              "attnum int2, attndims int4, attcacheoff int4, atttypmod int4, attbyval bool, "
              "attalign char, attstorage char, attcompression char, attnotnull bool, "
              "atthasdef bool, atthasmissing bool, attidentity char, attgenerated char, "
              "attisdropped bool, attislocal bool, attinhcount int4, attcollation oid, "
              "attacl text[], attoptions text[], attfdwoptions text[], attmissingval text",
              PgAttributeRows);
  AddRelation(out, "pg_catalog", "pg_tables", 12033, 'v',
              "schemaname name, tablename name, tableowner name, tablespace name, "
              "hasindexes bool, hasrules bool, hastriggers bool, rowsecurity bool",
              PgTablesRows);
  AddRelation(out, "pg_catalog", "pg_attrdef", 2604, 'r',
              "oid oid, adrelid oid, adnum int2, adbin text", PgAttrdefRows);
  AddRelation(out, "pg_catalog", "pg_inherits", 2611, 'r',
              "inhrelid oid, inhparent oid, inhseqno int4, inhdetachpending bool", nullptr);
  AddRelation(out, "pg_catalog", "pg_description", 2609, 'r',
              "objoid oid, classoid oid, objsubid int4, description text", PgDescriptionRows);
  AddRelation(out, "pg_catalog", "pg_shdescription", 2396, 'r',
              "objoid oid, classoid oid, description text", nullptr);
}

}  // namespace firn::system_catalog
