// Sequences in the system catalogs: pg_sequence, the pg_sequences view, pg_depend (owned
// sequences) and information_schema.sequences (their pg_class and pg_attribute rows come with the
// other relations: AllRelations lists sequences with relkind 'S'). pg_sequences.data_type is text
// here (PostgreSQL: regtype, which Firn has not), so it prints the same. Thread-safety: row
// functions only read the Catalog through its public methods.
#include "catalog/system/system_internal.h"

namespace firn::system_catalog {
namespace {

uint32_t TypeOidOf(TypeId type) { return Type(type).Oid(); }

// An identity column's sequence: an internal object information_schema does not list.
bool IsIdentitySequence(const Catalog& catalog, const SequenceInfo& s) {
  auto table = s.owner_table ? catalog.GetTableByOid(s.owner_table) : nullptr;
  return table && s.owner_column >= 0 &&
         static_cast<size_t>(s.owner_column) < table->columns.size() &&
         table->columns[static_cast<size_t>(s.owner_column)].identity != '\0';
}

std::vector<Row> PgSequenceRows(const Catalog& catalog) {
  std::vector<Row> rows;
  for (const auto& s : catalog.ListSequences()) {
    const SequenceOptions& o = s->options;
    rows.push_back(Row{OidV(s->oid), OidV(TypeOidOf(o.type)), Int8V(o.start), Int8V(o.increment),
                       Int8V(o.max), Int8V(o.min), Int8V(o.cache), BoolV(o.cycle)});
  }
  return rows;
}

std::vector<Row> PgSequencesRows(const Catalog& catalog) {
  std::vector<Row> rows;
  for (const auto& s : catalog.ListSequences()) {
    const SequenceOptions& o = s->options;
    SequencePosition at = s->state->Current();
    rows.push_back(Row{NameV(s->schema), NameV(s->name), NameV("firn"),
                       TextV(SequenceTypeName(o.type)), Int8V(o.start), Int8V(o.min), Int8V(o.max),
                       Int8V(o.increment), BoolV(o.cycle), Int8V(o.cache),
                       at.called ? Int8V(at.value) : NullV()});
  }
  return rows;
}

std::vector<Row> InformationSchemaSequencesRows(const Catalog& catalog) {
  std::vector<Row> rows;
  for (const auto& s : catalog.ListSequences()) {
    if (IsIdentitySequence(catalog, *s)) continue;
    const SequenceOptions& o = s->options;
    const int bits = o.type == TypeId::kInt2 ? 16 : o.type == TypeId::kInt4 ? 32 : 64;
    rows.push_back(Row{NameV(kDatabaseName), NameV(s->schema), NameV(s->name),
                       TextV(SequenceTypeName(o.type)), Int4V(bits), Int4V(2), Int4V(0),
                       VarcharV(std::to_string(o.start)), VarcharV(std::to_string(o.min)),
                       VarcharV(std::to_string(o.max)), VarcharV(std::to_string(o.increment)),
                       VarcharV(o.cycle ? "YES" : "NO")});
  }
  return rows;
}

// pg_depend: the one kind of dependency Firn records, a sequence owned by a column ('a' for
// serial and OWNED BY, 'i' for identity), which psql's \d of a sequence shows.
std::vector<Row> PgDependRows(const Catalog& catalog) {
  std::vector<Row> rows;
  for (const auto& s : catalog.ListSequences()) {
    if (s->owner_table == 0 || s->owner_column < 0) continue;
    rows.push_back(Row{OidV(kPgClassOid), OidV(s->oid), Int4V(0), OidV(kPgClassOid),
                       OidV(s->owner_table), Int4V(s->owner_column + 1),
                       CharV(IsIdentitySequence(catalog, *s) ? 'i' : 'a')});
  }
  return rows;
}

}  // namespace

void AddSequenceRelations(std::vector<SystemRelation>& out) {
  AddRelation(out, "pg_catalog", "pg_sequence", 2224, 'r',
              "seqrelid oid, seqtypid oid, seqstart int8, seqincrement int8, seqmax int8, "
              "seqmin int8, seqcache int8, seqcycle bool",
              PgSequenceRows);
  AddRelation(out, "pg_catalog", "pg_sequences", 12048, 'v',
              "schemaname name, sequencename name, sequenceowner name, data_type text, "
              "start_value int8, min_value int8, max_value int8, increment_by int8, cycle bool, "
              "cache_size int8, last_value int8",
              PgSequencesRows);
  AddRelation(out, "pg_catalog", "pg_depend", 2608, 'r',
              "classid oid, objid oid, objsubid int4, refclassid oid, refobjid oid, "
              "refobjsubid int4, deptype char",
              PgDependRows);
  AddRelation(out, "information_schema", "sequences", 13386, 'v',
              "sequence_catalog name, sequence_schema name, sequence_name name, data_type text, "
              "numeric_precision int4, numeric_precision_radix int4, numeric_scale int4, "
              "start_value varchar, minimum_value varchar, maximum_value varchar, increment "
              "varchar, cycle_option varchar",
              InformationSchemaSequencesRows);
}

}  // namespace firn::system_catalog
