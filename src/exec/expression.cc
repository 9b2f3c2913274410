#include "exec/expression.h"

namespace firn {

void Conjuncts(const BoundExprPtr& e, std::vector<BoundExprPtr>& out) {
  if (e->kind == BoundExprKind::kAnd) {
    for (const BoundExprPtr& c : e->children) Conjuncts(c, out);
  } else {
    out.push_back(e);
  }
}

BoundExprPtr AndOf(std::vector<BoundExprPtr> parts) {
  if (parts.empty()) return nullptr;
  if (parts.size() == 1) return parts[0];
  auto all = std::make_shared<BoundExpr>();
  all->kind = BoundExprKind::kAnd;
  all->type = Type(TypeId::kBool);
  all->children = std::move(parts);
  return all;
}

}  // namespace firn
