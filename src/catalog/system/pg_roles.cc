// Roles, the database and server-wide settings: pg_authid, pg_roles, pg_user,
// pg_auth_members (empty: Firn has no role membership), pg_database (the one database
// "firn"), pg_tablespace and pg_settings (the server defaults, not the session's values).
// Thread-safety: row functions only read the Catalog through its public methods.
#include "catalog/system/system_internal.h"

namespace firn::system_catalog {
namespace {

std::vector<Row> PgAuthidRows(const Catalog& catalog) {
  std::vector<Row> rows;
  for (const RoleInfo& r : catalog.ListRoles()) {
    rows.push_back(Row{OidV(r.oid), NameV(r.name), BoolV(r.superuser), BoolV(true),
                       BoolV(r.superuser), BoolV(r.superuser), BoolV(r.can_login),
                       BoolV(r.superuser), BoolV(r.superuser), Int4V(-1),
                       r.scram_secret.empty() ? NullV() : TextV(r.scram_secret), NullV()});
  }
  return rows;
}

std::vector<Row> PgRolesRows(const Catalog& catalog) {
  std::vector<Row> rows;
  for (const RoleInfo& r : catalog.ListRoles()) {
    rows.push_back(Row{NameV(r.name), BoolV(r.superuser), BoolV(true), BoolV(r.superuser),
                       BoolV(r.superuser), BoolV(r.can_login), BoolV(r.superuser), Int4V(-1),
                       TextV("********"), NullV(), BoolV(r.superuser), NullV(), OidV(r.oid)});
  }
  return rows;
}

std::vector<Row> PgUserRows(const Catalog& catalog) {
  std::vector<Row> rows;
  for (const RoleInfo& r : catalog.ListRoles()) {
    if (!r.can_login) continue;
    rows.push_back(Row{NameV(r.name), OidV(r.oid), BoolV(r.superuser), BoolV(r.superuser),
                       BoolV(r.superuser), BoolV(r.superuser), TextV("********"), NullV(),
                       NullV()});
  }
  return rows;
}

std::vector<Row> PgDatabaseRows(const Catalog&) {
  return {Row{OidV(kDatabaseOid), NameV(kDatabaseName), OidV(kBootstrapSuperuserOid),
              Int4V(6),  // UTF8
              CharV('c'), BoolV(false), BoolV(true), Int4V(-1), OidV(0), OidV(0),
              OidV(kDefaultTablespaceOid), TextV("C.UTF-8"), TextV("C.UTF-8"), NullV(), NullV(),
              NullV()}};
}

std::vector<Row> PgTablespaceRows(const Catalog&) {
  return {Row{OidV(kDefaultTablespaceOid), NameV("pg_default"), OidV(kBootstrapSuperuserOid),
              NullV(), NullV()},
          Row{OidV(1664), NameV("pg_global"), OidV(kBootstrapSuperuserOid), NullV(), NullV()}};
}

std::vector<Row> PgSettingsRows(const Catalog&) {
  struct Setting {
    const char* name;
    const char* value;
    const char* category;
    const char* type;
  };
  static constexpr Setting kSettings[] = {
      {"DateStyle", "ISO, MDY", "Client Connection Defaults / Locale and Formatting", "string"},
      {"IntervalStyle", "postgres", "Client Connection Defaults / Locale and Formatting", "enum"},
      {"TimeZone", "UTC", "Client Connection Defaults / Locale and Formatting", "string"},
      {"client_encoding", "UTF8", "Client Connection Defaults / Locale and Formatting", "string"},
      {"extra_float_digits", "1", "Client Connection Defaults / Locale and Formatting", "integer"},
      {"integer_datetimes", "on", "Preset Options", "bool"},
      {"max_connections", "200", "Connections and Authentication / Connection Settings", "integer"},
      {"search_path", "\"$user\", public", "Client Connection Defaults / Statement Behavior",
       "string"},
      {"server_encoding", "UTF8", "Preset Options", "string"},
      {"server_version", "15.0", "Preset Options", "string"},
      {"server_version_num", "150000", "Preset Options", "integer"},
      {"standard_conforming_strings", "on", "Version and Platform Compatibility", "bool"},
      {"transaction_isolation", "read committed", "Client Connection Defaults", "enum"},
  };
  std::vector<Row> rows;
  for (const Setting& s : kSettings) {
    rows.push_back(Row{TextV(s.name), TextV(s.value), NullV(), TextV(s.category), TextV(""),
                       NullV(), TextV("user"), TextV(s.type), TextV("default"), NullV(), NullV(),
                       NullV(), TextV(s.value), TextV(s.value), NullV(), NullV(), BoolV(false)});
  }
  return rows;
}

}  // namespace

void AddRoleRelations(std::vector<SystemRelation>& out) {
  AddRelation(out, "pg_catalog", "pg_authid", 1260, 'r',
              "oid oid, rolname name, rolsuper bool, rolinherit bool, rolcreaterole bool, "
              "rolcreatedb bool, rolcanlogin bool, rolreplication bool, rolbypassrls bool, "
              "rolconnlimit int4, rolpassword text, rolvaliduntil timestamptz",
              PgAuthidRows);
  AddRelation(out, "pg_catalog", "pg_roles", 12000, 'v',
              "rolname name, rolsuper bool, rolinherit bool, rolcreaterole bool, "
              "rolcreatedb bool, rolcanlogin bool, rolreplication bool, rolconnlimit int4, "
              "rolpassword text, rolvaliduntil timestamptz, rolbypassrls bool, "
              "rolconfig text[], oid oid",
              PgRolesRows);
  AddRelation(out, "pg_catalog", "pg_user", 12014, 'v',
              "usename name, usesysid oid, usecreatedb bool, usesuper bool, userepl bool, "
              "usebypassrls bool, passwd text, valuntil timestamptz, useconfig text[]",
              PgUserRows);
  AddRelation(out, "pg_catalog", "pg_auth_members", 1261, 'r',
              "roleid oid, member oid, grantor oid, admin_option bool", nullptr);
  AddRelation(out, "pg_catalog", "pg_database", 1262, 'r',
              "oid oid, datname name, datdba oid, encoding int4, datlocprovider char, "
              "datistemplate bool, datallowconn bool, datconnlimit int4, datfrozenxid oid, "
              "datminmxid oid, dattablespace oid, datcollate text, datctype text, "
              "daticulocale text, datcollversion text, datacl text[]",
              PgDatabaseRows);
  AddRelation(out, "pg_catalog", "pg_tablespace", 1213, 'r',
              "oid oid, spcname name, spcowner oid, spcacl text[], spcoptions text[]",
              PgTablespaceRows);
  AddRelation(out, "pg_catalog", "pg_settings", 12104, 'v',
              "name text, setting text, unit text, category text, short_desc text, "
              "extra_desc text, context text, vartype text, source text, min_val text, "
              "max_val text, enumvals text[], boot_val text, reset_val text, sourcefile text, "
              "sourceline int4, pending_restart bool",
              PgSettingsRows);
  AddRelation(out, "pg_catalog", "pg_db_role_setting", 2964, 'r',
              "setdatabase oid, setrole oid, setconfig text[]", nullptr);
}

}  // namespace firn::system_catalog
