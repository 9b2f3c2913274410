// Types and functions: pg_type (Firn's types, their arrays and the reg* types, with
// PostgreSQL's OIDs and attributes), pg_proc (type I/O functions and Firn's SQL functions,
// by name: enough for regproc input and psql's tab completion), pg_am and pg_collation.
// Thread-safety: constant tables built once.
#include <string_view>

#include "catalog/system/system_internal.h"

namespace firn::system_catalog {
namespace {

// oid, name, len, byval, category, preferred, elem, array, align, storage, collation,
// input, output, receive, send, modin, modout, subscript, input name, output name.
const PgTypeInfo kTypes[] = {
    {16, "bool", 1,    true, 'B',  true, 0, 1000, 'c',      'p',
     0,  1242,   1243, 2436, 2437, 0,    0, 0,    "boolin", "boolout"},
    {18, "char", 1,  true, 'Z',  false, 0, 1002, 'c',      'p',
     0,  1245,   33, 2434, 2435, 0,     0, 0,    "charin", "charout"},
    {19,  "name", 64, false, 'S',  false, 18, 1003, 'c',      'p',
     950, 34,     35, 2422,  2423, 0,     0,  6180, "namein", "nameout"},
    {20, "int8", 8,   true, 'N',  false, 0, 1016, 'd',      'p',
     0,  460,    461, 2408, 2409, 0,     0, 0,    "int8in", "int8out"},
    {21, "int2", 2,  true, 'N',  false, 0, 1005, 's',      'p',
     0,  38,     39, 2404, 2405, 0,     0, 0,    "int2in", "int2out"},
    {22,
     "int2vector",
     -1,
     false,
     'A',
     false,
     21,
     1006,
     'i',
     'p',
     0,
     40,
     41,
     2410,
     2411,
     0,
     0,
     6179,
     "int2vectorin",
     "int2vectorout"},
    {23, "int4", 4,  true, 'N',  false, 0, 1007, 'i',      'p',
     0,  42,     43, 2406, 2407, 0,     0, 0,    "int4in", "int4out"},
    {24, "regproc", 4,  true, 'N',  false, 0, 1008, 'i',         'p',
     0,  44,        45, 2444, 2445, 0,     0, 0,    "regprocin", "regprocout"},
    {25,  "text", -1, false, 'S',  true, 0, 1009, 'i',      'x',
     100, 46,     47, 2414,  2415, 0,    0, 0,    "textin", "textout"},
    {26, "oid", 4,    true, 'N',  true, 0, 1028, 'i',     'p',
     0,  1798,  1799, 2418, 2419, 0,    0, 0,    "oidin", "oidout"},
    {30, "oidvector", -1, false, 'A',  false, 26, 1013, 'i',           'p',
     0,  54,          55, 2420,  2421, 0,     0,  6179, "oidvectorin", "oidvectorout"},
    {114, "json", -1,  false, 'U', false, 0, 199, 'i',       'x',
     0,   321,    322, 323,   324, 0,     0, 0,   "json_in", "json_out"},
    {199, "_json", -1,  false, 'A',  false, 114, 0,    'i',        'x',
     0,   750,     751, 2400,  2401, 0,     0,   6179, "array_in", "array_out"},
    {700, "float4", 4,   true, 'N',  false, 0, 1021, 'i',        'p',
     0,   200,      201, 2424, 2425, 0,     0, 0,    "float4in", "float4out"},
    {701, "float8", 8,   true, 'N',  true, 0, 1022, 'd',        'p',
     0,   214,      215, 2426, 2427, 0,    0, 0,    "float8in", "float8out"},
    {705, "unknown", -2,  false, 'X',  false, 0, 0, 'c',         'p',
     0,   109,       110, 2416,  2417, 0,     0, 0, "unknownin", "unknownout"},
    {1000, "_bool", -1,  false, 'A',  false, 16, 0,    'i',        'x',
     0,    750,     751, 2400,  2401, 0,     0,  6179, "array_in", "array_out"},
    {1002, "_char", -1,  false, 'A',  false, 18, 0,    'i',        'x',
     0,    750,     751, 2400,  2401, 0,     0,  6179, "array_in", "array_out"},
    {1003, "_name", -1,  false, 'A',  false, 19, 0,    'i',        'x',
     950,  750,     751, 2400,  2401, 0,     0,  6179, "array_in", "array_out"},
    {1005, "_int2", -1,  false, 'A',  false, 21, 0,    'i',        'x',
     0,    750,     751, 2400,  2401, 0,     0,  6179, "array_in", "array_out"},
    {1006, "_int2vector", -1,  false, 'A',  false, 22, 0,    'i',        'x',
     0,    750,           751, 2400,  2401, 0,     0,  6179, "array_in", "array_out"},
    {1007, "_int4", -1,  false, 'A',  false, 23, 0,    'i',        'x',
     0,    750,     751, 2400,  2401, 0,     0,  6179, "array_in", "array_out"},
    {1008, "_regproc", -1,  false, 'A',  false, 24, 0,    'i',        'x',
     0,    750,        751, 2400,  2401, 0,     0,  6179, "array_in", "array_out"},
    {1009, "_text", -1,  false, 'A',  false, 25, 0,    'i',        'x',
     100,  750,     751, 2400,  2401, 0,     0,  6179, "array_in", "array_out"},
    {1013, "_oidvector", -1,  false, 'A',  false, 30, 0,    'i',        'x',
     0,    750,          751, 2400,  2401, 0,     0,  6179, "array_in", "array_out"},
    {1014, "_bpchar", -1,  false, 'A',  false, 1042, 0,    'i',        'x',
     100,  750,       751, 2400,  2401, 2913,  2914, 6179, "array_in", "array_out"},
    {1015, "_varchar", -1,  false, 'A',  false, 1043, 0,    'i',        'x',
     100,  750,        751, 2400,  2401, 2915,  2916, 6179, "array_in", "array_out"},
    {1016, "_int8", -1,  false, 'A',  false, 20, 0,    'd',        'x',
     0,    750,     751, 2400,  2401, 0,     0,  6179, "array_in", "array_out"},
    {1021, "_float4", -1,  false, 'A',  false, 700, 0,    'i',        'x',
     0,    750,       751, 2400,  2401, 0,     0,   6179, "array_in", "array_out"},
    {1022, "_float8", -1,  false, 'A',  false, 701, 0,    'd',        'x',
     0,    750,       751, 2400,  2401, 0,     0,   6179, "array_in", "array_out"},
    {1028, "_oid", -1,  false, 'A',  false, 26, 0,    'i',        'x',
     0,    750,    751, 2400,  2401, 0,     0,  6179, "array_in", "array_out"},
    {1042, "bpchar", -1,   false, 'S',  false, 0,    1014, 'i',        'x',
     100,  1044,     1045, 2430,  2431, 2913,  2914, 0,    "bpcharin", "bpcharout"},
    {1043, "varchar", -1,   false, 'S',  false, 0,    1015, 'i',         'x',
     100,  1046,      1047, 2432,  2433, 2915,  2916, 0,    "varcharin", "varcharout"},
    {1082, "date", 4,    true, 'D',  false, 0, 1182, 'i',       'p',
     0,    1084,   1085, 2468, 2469, 0,     0, 0,    "date_in", "date_out"},
    {1114,
     "timestamp",
     8,
     true,
     'D',
     false,
     0,
     1115,
     'd',
     'p',
     0,
     1312,
     1313,
     2474,
     2475,
     2905,
     2906,
     0,
     "timestamp_in",
     "timestamp_out"},
    {1115, "_timestamp", -1,  false, 'A',  false, 1114, 0,    'd',        'x',
     0,    750,          751, 2400,  2401, 2905,  2906, 6179, "array_in", "array_out"},
    {1182, "_date", -1,  false, 'A',  false, 1082, 0,    'i',        'x',
     0,    750,     751, 2400,  2401, 0,     0,    6179, "array_in", "array_out"},
    {1184,
     "timestamptz",
     8,
     true,
     'D',
     true,
     0,
     1185,
     'd',
     'p',
     0,
     1150,
     1151,
     2476,
     2477,
     2907,
     2908,
     0,
     "timestamptz_in",
     "timestamptz_out"},
    {1185, "_timestamptz", -1,   false, 'A',  false, 1184,       0,          'd', 'x', 0, 750,
     751,  2400,           2401, 2907,  2908, 6179,  "array_in", "array_out"},
    {1186, "interval", 16,   false, 'T',  true, 0,    1187, 'd',           'p',
     0,    1160,       1161, 2478,  2479, 2903, 2904, 0,    "interval_in", "interval_out"},
    {1187, "_interval", -1,  false, 'A',  false, 1186, 0,    'd',        'x',
     0,    750,         751, 2400,  2401, 2903,  2904, 6179, "array_in", "array_out"},
    {1231, "_numeric", -1,  false, 'A',  false, 1700, 0,    'i',        'x',
     0,    750,        751, 2400,  2401, 2917,  2918, 6179, "array_in", "array_out"},
    {1700, "numeric", -1,   false, 'N',  false, 0,    1231, 'i',          'm',
     0,    1701,      1702, 2460,  2461, 2917,  2918, 0,    "numeric_in", "numeric_out"},
    {2205, "regclass", 4,    true, 'N',  false, 0, 2210, 'i',          'p',
     0,    2218,       2219, 2452, 2453, 0,     0, 0,    "regclassin", "regclassout"},
    {2206, "regtype", 4,    true, 'N',  false, 0, 2211, 'i',         'p',
     0,    2220,      2221, 2454, 2455, 0,     0, 0,    "regtypein", "regtypeout"},
    {2210, "_regclass", -1,  false, 'A',  false, 2205, 0,    'i',        'x',
     0,    750,         751, 2400,  2401, 0,     0,    6179, "array_in", "array_out"},
    {2211, "_regtype", -1,  false, 'A',  false, 2206, 0,    'i',        'x',
     0,    750,        751, 2400,  2401, 0,     0,    6179, "array_in", "array_out"},
    {2950, "uuid", 16,   false, 'U',  false, 0, 2951, 'c',       'p',
     0,    2952,   2953, 2961,  2962, 0,     0, 0,    "uuid_in", "uuid_out"},
    {2951, "_uuid", -1,  false, 'A',  false, 2950, 0,    'i',        'x',
     0,    750,     751, 2400,  2401, 0,     0,    6179, "array_in", "array_out"},
    {3802, "jsonb", -1,   false, 'U',  false, 0, 3807, 'i',        'x',
     0,    3806,    3804, 3805,  3803, 0,     0, 0,    "jsonb_in", "jsonb_out"},
    {3807, "_jsonb", -1,  false, 'A',  false, 3802, 0,    'i',        'x',
     0,    750,      751, 2400,  2401, 0,     0,    6179, "array_in", "array_out"},
    {4089,
     "regnamespace",
     4,
     true,
     'N',
     false,
     0,
     4090,
     'i',
     'p',
     0,
     4084,
     4085,
     4087,
     4088,
     0,
     0,
     0,
     "regnamespacein",
     "regnamespaceout"},
    {4090,       "_regnamespace",
     -1,         false,
     'A',        false,
     4089,       0,
     'i',        'x',
     0,          750,
     751,        2400,
     2401,       0,
     0,          6179,
     "array_in", "array_out"},
};

// SQL-callable functions listed in pg_proc (OIDs from 9000 on: Firn's own numbering for
// these rows; the type I/O functions keep PostgreSQL's OIDs).
constexpr const char* kFunctionNames[] = {
    "abs",
    "age",
    "array_append",
    "array_cat",
    "array_length",
    "array_lower",
    "array_position",
    "array_prepend",
    "array_to_string",
    "array_to_json",
    "array_upper",
    "avg",
    "bool_and",
    "bool_or",
    "btrim",
    "cardinality",
    "ceil",
    "char_length",
    "coalesce",
    "col_description",
    "concat",
    "concat_ws",
    "count",
    "current_database",
    "current_schema",
    "current_schemas",
    "date_part",
    "date_trunc",
    "exp",
    "extract",
    "floor",
    "format_type",
    "gen_random_uuid",
    "generate_series",
    "greatest",
    "has_database_privilege",
    "has_schema_privilege",
    "has_table_privilege",
    "initcap",
    "json_agg",
    "json_array_elements",
    "json_array_elements_text",
    "json_array_length",
    "json_build_array",
    "json_build_object",
    "json_object_agg",
    "json_object_keys",
    "json_typeof",
    "jsonb_agg",
    "jsonb_array_elements",
    "jsonb_array_elements_text",
    "jsonb_array_length",
    "jsonb_build_array",
    "jsonb_build_object",
    "jsonb_extract_path",
    "jsonb_extract_path_text",
    "jsonb_object_agg",
    "jsonb_object_keys",
    "jsonb_pretty",
    "jsonb_set",
    "jsonb_strip_nulls",
    "jsonb_typeof",
    "justify_days",
    "justify_hours",
    "justify_interval",
    "least",
    "left",
    "length",
    "ln",
    "log",
    "lower",
    "lpad",
    "ltrim",
    "make_date",
    "max",
    "md5",
    "min",
    "mod",
    "now",
    "nullif",
    "obj_description",
    "octet_length",
    "pg_backend_pid",
    "pg_get_expr",
    "pg_get_userbyid",
    "pg_relation_size",
    "pg_size_pretty",
    "pg_table_is_visible",
    "pg_table_size",
    "pg_total_relation_size",
    "pg_typeof",
    "pi",
    "position",
    "power",
    "quote_ident",
    "random",
    "repeat",
    "replace",
    "reverse",
    "right",
    "round",
    "rpad",
    "rtrim",
    "sign",
    "split_part",
    "sqrt",
    "starts_with",
    "string_agg",
    "string_to_array",
    "strpos",
    "substr",
    "substring",
    "to_json",
    "to_jsonb",
    "sum",
    "to_char",
    "to_date",
    "to_number",
    "to_timestamp",
    "trim",
    "trunc",
    "unnest",
    "upper",
    "version",
};

std::vector<Row> PgTypeRows(const Catalog&) {
  std::vector<Row> rows;
  for (const PgTypeInfo& t : PgTypes()) {
    rows.push_back(Row{OidV(t.oid),
                       NameV(t.name),
                       OidV(kPgCatalogNamespaceOid),
                       OidV(kBootstrapSuperuserOid),
                       Int2V(t.len),
                       BoolV(t.byval),
                       CharV(t.oid == 705 ? 'p' : 'b'),
                       CharV(t.category),
                       BoolV(t.preferred),
                       BoolV(true),
                       CharV(','),
                       OidV(0),
                       OidV(t.subscript),
                       OidV(t.elem),
                       OidV(t.array),
                       OidV(t.input),
                       OidV(t.output),
                       OidV(t.receive),
                       OidV(t.send),
                       OidV(t.modin),
                       OidV(t.modout),
                       OidV(0),
                       CharV(t.align),
                       CharV(t.storage),
                       BoolV(false),
                       OidV(0),
                       Int4V(-1),
                       Int4V(0),
                       OidV(t.collation),
                       NullV(),
                       NullV(),
                       NullV()});
  }
  return rows;
}

std::vector<Row> PgProcRows(const Catalog&) {
  std::vector<Row> rows;
  for (const PgProcInfo& p : PgProcs()) {
    rows.push_back(Row{OidV(p.oid),
                       NameV(p.name),
                       OidV(kPgCatalogNamespaceOid),
                       OidV(kBootstrapSuperuserOid),
                       OidV(12),  // prolang: internal
                       Float4V(1),
                       Float4V(0),
                       OidV(0),
                       OidV(0),
                       CharV('f'),
                       BoolV(false),
                       BoolV(false),
                       BoolV(true),
                       BoolV(false),
                       CharV('i'),
                       CharV('s'),
                       Int2V(0),
                       Int2V(0),
                       OidV(25),
                       Value::MakeArray(TypeId::kOid, {}),
                       NullV(),
                       NullV(),
                       NullV(),
                       NullV(),
                       NullV(),
                       TextV(p.name),
                       NullV(),
                       NullV(),
                       NullV(),
                       NullV()});
  }
  return rows;
}

std::vector<Row> PgAmRows(const Catalog&) {
  return {Row{OidV(kHeapAmOid), NameV("heap"), OidV(3), CharV('t')},
          Row{OidV(403), NameV("btree"), OidV(330), CharV('i')},
          Row{OidV(405), NameV("hash"), OidV(331), CharV('i')}};
}

std::vector<Row> PgCollationRows(const Catalog&) {
  auto row = [](int64_t oid, const char* name, char provider, int64_t encoding,
                const char* locale) {
    return Row{OidV(oid),
               NameV(name),
               OidV(kPgCatalogNamespaceOid),
               OidV(kBootstrapSuperuserOid),
               CharV(provider),
               BoolV(true),
               Int4V(encoding),
               locale ? TextV(locale) : NullV(),
               locale ? TextV(locale) : NullV(),
               NullV(),
               NullV()};
  };
  return {row(kDefaultCollationOid, "default", 'd', -1, nullptr), row(950, "C", 'c', -1, "C"),
          row(951, "POSIX", 'c', -1, "POSIX")};
}

std::vector<PgProcInfo> BuildProcs() {
  std::vector<PgProcInfo> out;
  for (const PgTypeInfo& t : kTypes) {
    bool seen = false;
    for (const PgProcInfo& p : out) seen = seen || p.oid == t.input;
    if (!seen) {
      out.push_back(PgProcInfo{t.input, t.input_name});
      out.push_back(PgProcInfo{t.output, t.output_name});
    }
  }
  uint32_t next = 9000;
  for (const char* name : kFunctionNames) out.push_back(PgProcInfo{next++, name});
  return out;
}

}  // namespace

const std::vector<PgTypeInfo>& PgTypes() {
  static const std::vector<PgTypeInfo> types(std::begin(kTypes), std::end(kTypes));
  return types;
}

const PgTypeInfo* FindPgType(uint32_t oid) {
  for (const PgTypeInfo& t : kTypes) {
    if (t.oid == oid) return &t;
  }
  return nullptr;
}

const PgTypeInfo* FindPgTypeByName(std::string_view name) {
  for (const PgTypeInfo& t : kTypes) {
    if (name == t.name) return &t;
  }
  return nullptr;
}

const std::vector<PgProcInfo>& PgProcs() {
  static const std::vector<PgProcInfo> procs = BuildProcs();
  return procs;
}

void AddTypeRelations(std::vector<SystemRelation>& out) {
  AddRelation(out, "pg_catalog", "pg_type", 1247, 'r',
              "oid oid, typname name, typnamespace oid, typowner oid, typlen int2, "
              "typbyval bool, typtype char, typcategory char, typispreferred bool, "
              "typisdefined bool, typdelim char, typrelid oid, typsubscript oid, typelem oid, "
              "typarray oid, typinput oid, typoutput oid, typreceive oid, typsend oid, "
              "typmodin oid, typmodout oid, typanalyze oid, typalign char, typstorage char, "
              "typnotnull bool, typbasetype oid, typtypmod int4, typndims int4, "
              "typcollation oid, typdefaultbin text, typdefault text, typacl text[]",
              PgTypeRows);
  AddRelation(out, "pg_catalog", "pg_proc", 1255, 'r',
              "oid oid, proname name, pronamespace oid, proowner oid, prolang oid, "
              "procost float4, prorows float4, provariadic oid, prosupport oid, prokind char, "
              "prosecdef bool, proleakproof bool, proisstrict bool, proretset bool, "
              "provolatile char, proparallel char, pronargs int2, pronargdefaults int2, "
              "prorettype oid, proargtypes oidvector, proallargtypes oid[], proargmodes char[], "
              "proargnames text[], proargdefaults text, protrftypes oid[], prosrc text, "
              "probin text, prosqlbody text, proconfig text[], proacl text[]",
              PgProcRows);
  AddRelation(out, "pg_catalog", "pg_am", 2601, 'r',
              "oid oid, amname name, amhandler oid, amtype char", PgAmRows);
  AddRelation(out, "pg_catalog", "pg_collation", 3456, 'r',
              "oid oid, collname name, collnamespace oid, collowner oid, collprovider char, "
              "collisdeterministic bool, collencoding int4, collcollate text, collctype text, "
              "colliculocale text, collversion text",
              PgCollationRows);
}

}  // namespace firn::system_catalog
