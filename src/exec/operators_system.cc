// System functions about storage: firn_tables() (where each table's rows are: memory since
// the last checkpoint, data files before it) and firn_cache() (the column cache those file
// reads go through).
#include <set>

#include "catalog/catalog.h"
#include "exec/operators_internal.h"

namespace firn {

std::unique_ptr<Operator> MakeTablesOperator(const PlanNode& plan, ExecContext& ctx) {
  std::vector<std::vector<Value>> rows;
  if (ctx.eval.catalog) {
    for (const auto& table : ctx.eval.catalog->ListTables()) {
      if (!table->data || table->data->Unavailable()) continue;
      std::shared_ptr<const TableVersion> version = table->data->Snapshot();
      uint64_t memory = 0, files = 0;
      std::set<const ColdFile*> data_files;
      for (const TableSegment& seg : version->segments) {
        (seg.file ? files : memory) += seg.size();
        if (seg.file) data_files.insert(seg.file.get());
      }
      rows.push_back({Value::Text(table->schema), Value::Text(table->name),
                      Value::Int8(static_cast<int64_t>(version->live_rows)),
                      Value::Int8(static_cast<int64_t>(memory)),
                      Value::Int8(static_cast<int64_t>(files)),
                      Value::Int8(static_cast<int64_t>(data_files.size()))});
    }
  }
  return Buffered(plan.types, std::move(rows));
}

std::unique_ptr<Operator> MakeCacheOperator(const PlanNode& plan, ExecContext& ctx) {
  ColumnCache::Stats s = ctx.tables->CacheStats();
  return Buffered(
      plan.types,
      {{Value::Int8(static_cast<int64_t>(s.budget)), Value::Int8(static_cast<int64_t>(s.bytes)),
        Value::Int8(static_cast<int64_t>(s.entries)), Value::Int8(static_cast<int64_t>(s.hits)),
        Value::Int8(static_cast<int64_t>(s.misses))}});
}

}  // namespace firn
