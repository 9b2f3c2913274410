#include "exec/correlated_index.h"

#include <algorithm>

#include "exec/operators_internal.h"

namespace firn {

namespace {

// Reads no column of the scanned row and nothing that may change from row to row (no
// function call, which may be volatile): outer columns, constants and parameters, under
// casts. `outer` is set when it reads an outer column.
bool FixedPerRun(const BoundExpr& e, bool& outer) {
  switch (e.kind) {
    case BoundExprKind::kOuterColumn:
      outer = true;
      return true;
    case BoundExprKind::kConstant:
    case BoundExprKind::kParam:
      return true;
    case BoundExprKind::kCast:
      return e.children.size() == 1 && FixedPerRun(*e.children[0], outer);
    default:
      return false;
  }
}

// Types whose values KeyIndex groups exactly as `=` compares them (not floats, whose -0 and
// 0 are equal, nor numeric, bpchar or text-like values with other notions of equality).
bool ExactKeyType(TypeId id) {
  switch (id) {
    case TypeId::kBool:
    case TypeId::kInt2:
    case TypeId::kInt4:
    case TypeId::kInt8:
    case TypeId::kText:
    case TypeId::kVarchar:
    case TypeId::kOid:
    case TypeId::kDate:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
    case TypeId::kUuid:
      return true;
    default:
      return false;
  }
}

}  // namespace

std::optional<CorrelatedKey> FindEqualityKey(const BoundExprPtr& filter, const PlanNode& scan) {
  std::vector<BoundExprPtr> parts;
  Conjuncts(filter, parts);
  for (const BoundExprPtr& c : parts) {
    if (c->kind != BoundExprKind::kFunction || !c->function.fn || c->function.fn->name != "=" ||
        c->children.size() != 2) {
      continue;
    }
    for (size_t side = 0; side < 2; side++) {
      const BoundExpr& column = *c->children[side];
      const BoundExprPtr& key = c->children[1 - side];
      bool outer = false;
      if (column.kind != BoundExprKind::kColumn || column.column < 0 ||
          static_cast<size_t>(column.column) >= scan.types.size() ||
          !column.type.SameBase(key->type) || !ExactKeyType(column.type.id) ||
          !FixedPerRun(*key, outer) || !outer) {
        continue;
      }
      return CorrelatedKey{column.column, key};
    }
  }
  return std::nullopt;
}

CorrelatedIndex::CorrelatedIndex(Operator& rows, const std::vector<Type>& types, int column)
    : types_(types), keys_({types[static_cast<size_t>(column)]}) {
  const size_t key_column = static_cast<size_t>(column);
  rows_ = DataChunk(types_);
  for (const DataChunk& chunk : DrainOperator(rows)) {
    for (size_t c = 0; c < types_.size(); c++) {
      rows_.column(c).AppendRange(chunk.column(c), 0, chunk.size());
    }
    if (types_.empty()) rows_.set_row_count(rows_.size() + chunk.size());
  }
  const size_t n = rows_.size();
  std::vector<uint32_t> ids(n);
  keys_.Assign({&rows_.column(key_column)}, nullptr, n, ids.data());
  // Counting sort of the row positions by key id (stable: a key's rows keep the scan's order).
  starts_.assign(keys_.size() + 1, 0);
  for (uint32_t id : ids) starts_[id + 1]++;
  for (size_t k = 0; k < keys_.size(); k++) starts_[k + 1] += starts_[k];
  std::vector<size_t> next(starts_.begin(), starts_.end() - 1);
  std::vector<uint32_t> order(n);
  for (size_t r = 0; r < n; r++) order[next[ids[r]]++] = static_cast<uint32_t>(r);
  // One gather per column puts each key's rows side by side, so a run copies a range.
  rows_ = rows_.Select(order);
}

std::vector<DataChunk> CorrelatedIndex::Find(const Value& key) const {
  std::vector<DataChunk> out;
  if (key.is_null()) return out;  // `=` admits no row for NULL
  RowKey k;
  k.values.push_back(key);
  std::optional<uint32_t> id = keys_.Find(k);
  if (!id) return out;
  for (size_t from = starts_[*id]; from < starts_[*id + 1]; from += kChunkSize) {
    size_t count = std::min(kChunkSize, starts_[*id + 1] - from);
    DataChunk chunk(types_);
    for (size_t c = 0; c < types_.size(); c++) {
      chunk.column(c).AppendRange(rows_.column(c), from, count);
    }
    if (types_.empty()) chunk.set_row_count(count);
    out.push_back(std::move(chunk));
  }
  return out;
}

}  // namespace firn
