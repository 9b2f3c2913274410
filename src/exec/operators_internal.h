// Factories for the operators defined in the operators_*.cc files (internal to exec/).
#pragma once

#include <memory>
#include <unordered_set>

#include "exec/operator.h"

namespace firn {

std::unique_ptr<Operator> MakeAggregateOperator(const PlanNode& plan, ExecContext& ctx);
std::unique_ptr<Operator> MakeSortOperator(const PlanNode& plan, ExecContext& ctx);
std::unique_ptr<Operator> MakeDistinctOperator(const PlanNode& plan, ExecContext& ctx);
std::unique_ptr<Operator> MakeJoinOperator(const PlanNode& plan, ExecContext& ctx);
std::unique_ptr<Operator> MakeSetOpOperator(const PlanNode& plan, ExecContext& ctx);
std::unique_ptr<Operator> MakeFunctionScanOperator(const PlanNode& plan, ExecContext& ctx);
std::unique_ptr<Operator> MakeProjectSetOperator(const PlanNode& plan, ExecContext& ctx);
std::unique_ptr<Operator> MakeRecursiveCteOperator(const PlanNode& plan, ExecContext& ctx);
std::unique_ptr<Operator> MakeWindowOperator(const PlanNode& plan, ExecContext& ctx);
std::unique_ptr<Operator> MakeFeatureScanOperator(const PlanNode& plan, ExecContext& ctx);
std::unique_ptr<Operator> MakeFeatureJoinOperator(const PlanNode& plan, ExecContext& ctx);
// operators_lateral.cc
std::unique_ptr<Operator> MakeLateralJoinOperator(const PlanNode& plan, ExecContext& ctx);
// firn_feature_views(): one row per feature view with the size of its online state.
std::unique_ptr<Operator> MakeFeatureViewsOperator(const PlanNode& plan, ExecContext& ctx);
// operators_system.cc: firn_tables(), firn_cache().
std::unique_ptr<Operator> MakeTablesOperator(const PlanNode& plan, ExecContext& ctx);
std::unique_ptr<Operator> MakeCacheOperator(const PlanNode& plan, ExecContext& ctx);
// Serves already-computed rows, a chunk at a time.
std::unique_ptr<Operator> Buffered(std::vector<Type> types, std::vector<std::vector<Value>> rows);
std::unique_ptr<Operator> MakeChunkListOperator(
    std::shared_ptr<const std::vector<DataChunk>> chunks, std::vector<Type> types);

// Reads every chunk of `op` into one list.
std::vector<DataChunk> DrainOperator(Operator& op);

// Compares two rows on sort keys (already evaluated into per-key vectors).
int CompareSortValues(const Value& a, const Value& b, bool descending, bool nulls_first);

}  // namespace firn
