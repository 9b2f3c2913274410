#include "sql/optimizer/used_columns.h"

#include <map>

namespace firn {

namespace {

using Need = std::vector<bool>;

class UsedColumns {
 public:
  void Visit(const PlanNode& node, Need need) {
    need.resize(node.types.size(), false);
    auto [it, first] = seen_.try_emplace(&node, need);
    if (!first) {  // a node reached twice needs the union, and its children again
      bool grew = false;
      for (size_t i = 0; i < need.size(); i++) {
        if (need[i] && !it->second[i]) it->second[i] = grew = true;
      }
      if (!grew) return;
      need = it->second;
    }
    Descend(node, need);
  }

  void Apply() {
    for (const auto& [node, need] : seen_) {
      if (node->kind != PlanKind::kTableScan) continue;
      // The plan is not shared yet (see the header); this is its last write.
      const_cast<PlanNode*>(node)->used_columns = need;
    }
  }

 private:
  static Need All(const PlanNode& node) { return Need(node.types.size(), true); }

  // Marks in `need` the input columns `e` reads (all of them when it has a subquery) and
  // visits the subqueries' plans.
  void Mark(const BoundExprPtr& e, Need& need) {
    if (!e) return;
    if (e->kind == BoundExprKind::kColumn && e->column >= 0) {
      if (static_cast<size_t>(e->column) < need.size()) need[static_cast<size_t>(e->column)] = true;
    } else if (e->kind == BoundExprKind::kSubquery) {
      need.assign(need.size(), true);
      if (e->subplan) Visit(*e->subplan, All(*e->subplan));
    }
    for (const BoundExprPtr& c : e->children) Mark(c, need);
    Mark(e->else_expr, need);
  }
  void Mark(const std::vector<BoundExprPtr>& exprs, Need& need) {
    for (const BoundExprPtr& e : exprs) Mark(e, need);
  }
  void Mark(const AggregateSpec& a, Need& need) {
    Mark(a.args, need);
    Mark(a.filter, need);
    Mark(a.order_exprs, need);
  }

  // `need` over the first input.size() columns of the node's output (the columns it passes
  // through), sized to the input.
  static Need PassThrough(const Need& need, const PlanNode& input) {
    Need out(input.types.size(), false);
    for (size_t i = 0; i < out.size() && i < need.size(); i++) out[i] = need[i];
    return out;
  }

  void Descend(const PlanNode& node, const Need& need) {
    if (node.children.empty()) return;  // scans, VALUES, functions, CTE and feature scans
    const PlanNode& in = *node.children[0];
    Need child;
    switch (node.kind) {
      case PlanKind::kFilter:
        child = PassThrough(need, in);
        Mark(node.predicate, child);
        break;
      case PlanKind::kProject:
        child.assign(in.types.size(), false);
        for (size_t i = 0; i < node.exprs.size(); i++) {
          if (i >= need.size() || need[i]) Mark(node.exprs[i], child);
        }
        break;
      case PlanKind::kAggregate:
        child.assign(in.types.size(), false);
        Mark(node.group_exprs, child);
        for (const AggregateSpec& a : node.aggregates) Mark(a, child);
        break;
      case PlanKind::kSort:
        child = PassThrough(need, in);
        for (const SortKey& k : node.sort_keys) Mark(k.expr, child);
        break;
      case PlanKind::kLimit:
        child = PassThrough(need, in);
        Mark(node.limit, child);
        Mark(node.offset, child);
        break;
      case PlanKind::kWindow:
        child = PassThrough(need, in);
        for (const WindowFunction& w : node.window_functions) {
          Mark(w.aggregate, child);
          Mark(w.args, child);
          Mark(w.partition_by, child);
          for (const SortKey& k : w.order_by) Mark(k.expr, child);
          Mark(w.start_offset, child);
          Mark(w.end_offset, child);
        }
        break;
      case PlanKind::kProjectSet:
        child = PassThrough(need, in);
        for (const auto& args : node.set_function_args) Mark(args, child);
        break;
      case PlanKind::kFeatureJoin:
        child = PassThrough(need, in);
        for (const auto& key : node.feature_keys) Mark(key, child);
        Mark(node.feature_as_of, child);
        break;
      case PlanKind::kJoin:
        if (node.children.size() == 2) return DescendJoin(node, need);
        [[fallthrough]];
      // DISTINCT, set operations, recursive CTEs, LATERAL joins (whose right side may read
      // any column of the left row): every column
      case PlanKind::kLateralJoin:
      default:
        for (const auto& c : node.children) Visit(*c, All(*c));
        return;
    }
    Visit(in, std::move(child));
  }

  void DescendJoin(const PlanNode& node, const Need& need) {
    const PlanNode& left = *node.children[0];
    const PlanNode& right = *node.children[1];
    const size_t lw = left.types.size(), rw = right.types.size();
    // The condition is over left ++ right whatever the output (semi and anti joins output
    // the left side only).
    Need both(lw + rw, false);
    if (node.types.size() == lw + rw || node.types.size() == lw) {
      for (size_t i = 0; i < need.size() && i < both.size(); i++) both[i] = need[i];
    } else {
      both.assign(lw + rw, true);
    }
    Mark(node.predicate, both);
    Need l(both.begin(), both.begin() + static_cast<std::ptrdiff_t>(lw));
    Need r(both.begin() + static_cast<std::ptrdiff_t>(lw), both.end());
    Mark(node.left_keys, l);
    Mark(node.right_keys, r);
    Visit(left, std::move(l));
    Visit(right, std::move(r));
  }

  std::map<const PlanNode*, Need> seen_;
};

}  // namespace

void MarkUsedColumns(const PlanPtr& root) {
  if (!root) return;
  UsedColumns used;
  used.Visit(*root, Need(root->types.size(), true));
  used.Apply();
}

}  // namespace firn
