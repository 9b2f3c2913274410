// Catalogs Firn emulates as always empty because it does not have the objects they
// describe yet (row security policies, extended statistics, publications, foreign tables,
// views, materialized views, enums, triggers, rules, extensions,
// partitioning, user-defined casts/operators/languages/aggregates). psql's
// \d and \dm, pgjdbc and SQLAlchemy join or read them, so they exist with PostgreSQL 15's
// columns. Thread-safety: constant definitions.
#include "catalog/system/system_internal.h"

namespace firn::system_catalog {

void AddEmptyRelations(std::vector<SystemRelation>& out) {
  struct Empty {
    const char* name;
    uint32_t oid;
    char relkind;
    const char* columns;
  };
  static constexpr Empty kEmpty[] = {
      {"pg_policy", 3256, 'r',
       "oid oid, polname name, polrelid oid, polcmd char, polpermissive bool, polroles "
       "oid[], polqual text, polwithcheck text"},
      {"pg_statistic_ext", 3381, 'r',
       "oid oid, stxrelid oid, stxname name, stxnamespace oid, stxowner oid, stxstattarget "
       "int4, stxkeys int2vector, stxkind char[], stxexprs text"},
      {"pg_publication", 6104, 'r',
       "oid oid, pubname name, pubowner oid, puballtables bool, pubinsert bool, pubupdate "
       "bool, pubdelete bool, pubtruncate bool, pubviaroot bool"},
      {"pg_publication_namespace", 6237, 'r', "oid oid, pnpubid oid, pnnspid oid"},
      {"pg_publication_rel", 6106, 'r',
       "oid oid, prpubid oid, prrelid oid, prqual text, prattrs int2[]"},
      {"pg_foreign_table", 3118, 'r', "ftrelid oid, ftserver oid, ftoptions text[]"},
      {"pg_foreign_server", 1417, 'r',
       "oid oid, srvname name, srvowner oid, srvfdw oid, srvtype text, srvversion text, "
       "srvacl text[], srvoptions text[]"},
      {"pg_foreign_data_wrapper", 2328, 'r',
       "oid oid, fdwname name, fdwowner oid, fdwhandler oid, fdwvalidator oid, fdwacl "
       "text[], fdwoptions text[]"},
      {"pg_user_mapping", 1418, 'r', "oid oid, umuser oid, umserver oid, umoptions text[]"},
      {"pg_matviews", 12038, 'v',
       "schemaname name, matviewname name, matviewowner name, tablespace name, hasindexes "
       "bool, ispopulated bool, definition text"},
      {"pg_enum", 3501, 'r', "oid oid, enumtypid oid, enumsortorder float4, enumlabel name"},
      {"pg_range", 3541, 'r',
       "rngtypid oid, rngsubtype oid, rngmultitypid oid, rngcollation oid, rngsubopc oid, "
       "rngcanonical oid, rngsubdiff oid"},
      {"pg_trigger", 2620, 'r',
       "oid oid, tgrelid oid, tgparentid oid, tgname name, tgfoid oid, tgtype int2, "
       "tgenabled char, tgisinternal bool, tgconstrrelid oid, tgconstrindid oid, "
       "tgconstraint oid, tgdeferrable bool, tginitdeferred bool, tgnargs int2, tgattr "
       "int2vector, tgargs text, tgqual text, tgoldtable name, tgnewtable name"},
      {"pg_event_trigger", 3466, 'r',
       "oid oid, evtname name, evtevent name, evtowner oid, evtfoid oid, evtenabled char, "
       "evttags text[]"},
      {"pg_rewrite", 2618, 'r',
       "oid oid, rulename name, ev_class oid, ev_type char, ev_enabled char, is_instead "
       "bool, ev_qual text, ev_action text"},
      {"pg_extension", 3079, 'r',
       "oid oid, extname name, extowner oid, extnamespace oid, extrelocatable bool, "
       "extversion text, extconfig oid[], extcondition text[]"},
      {"pg_partitioned_table", 3350, 'r',
       "partrelid oid, partstrat char, partnatts int2, partdefid oid, partattrs int2vector, "
       "partclass oidvector, partcollation oidvector, partexprs text"},
      {"pg_shdepend", 1214, 'r',
       "dbid oid, classid oid, objid oid, objsubid int4, refclassid oid, refobjid oid, "
       "deptype char"},
      {"pg_cast", 2605, 'r',
       "oid oid, castsource oid, casttarget oid, castfunc oid, castcontext char, castmethod "
       "char"},
      {"pg_operator", 2617, 'r',
       "oid oid, oprname name, oprnamespace oid, oprowner oid, oprkind char, oprcanmerge "
       "bool, oprcanhash bool, oprleft oid, oprright oid, oprresult oid, oprcom oid, "
       "oprnegate oid, oprcode oid, oprrest oid, oprjoin oid"},
      {"pg_opclass", 2616, 'r',
       "oid oid, opcmethod oid, opcname name, opcnamespace oid, opcowner oid, opcfamily oid, "
       "opcintype oid, opcdefault bool, opckeytype oid"},
      {"pg_language", 2612, 'r',
       "oid oid, lanname name, lanowner oid, lanispl bool, lanpltrusted bool, lanplcallfoid "
       "oid, laninline oid, lanvalidator oid, lanacl text[]"},
      {"pg_conversion", 2607, 'r',
       "oid oid, conname name, connamespace oid, conowner oid, conforencoding int4, "
       "contoencoding int4, conproc oid, condefault bool"},
      {"pg_ts_config", 3602, 'r',
       "oid oid, cfgname name, cfgnamespace oid, cfgowner oid, cfgparser oid"},
      {"pg_aggregate", 2600, 'r',
       "aggfnoid oid, aggkind char, aggnumdirectargs int2, aggtransfn oid, aggfinalfn oid, "
       "aggcombinefn oid, aggserialfn oid, aggdeserialfn oid, aggmtransfn oid, "
       "aggminvtransfn oid, aggmfinalfn oid, aggfinalextra bool, aggmfinalextra bool, "
       "aggfinalmodify char, aggmfinalmodify char, aggsortop oid, aggtranstype oid, "
       "aggtransspace int4, aggmtranstype oid, aggmtransspace int4, agginitval text, "
       "aggminitval text"},
  };
  for (const Empty& e : kEmpty) {
    AddRelation(out, "pg_catalog", e.name, e.oid, e.relkind, e.columns, nullptr);
  }
}

}  // namespace firn::system_catalog
