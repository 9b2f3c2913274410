// Scope: the columns visible to an expression — the FROM items of a query, each with its
// alias and columns, laid out left to right in the input row — and the enclosing query's
// scope for correlated references.
// Thread-safety: used by one Binder.
#pragma once

#include <string>
#include <vector>

#include "types/type.h"

namespace firn {

struct ScopeEntry {
  std::string alias;  // table name or alias; empty for an unnamed join/subquery
  std::vector<std::string> columns;
  std::vector<Type> types;
  int offset = 0;  // position of the first column in the input row
  uint32_t table_oid = 0;
  std::vector<bool> hidden;  // columns merged away by USING/NATURAL (not in *)
  // Pseudo-columns (a feature view's as_of): answer to their name, never part of * or t.*.
  std::vector<bool> pseudo;
  bool IsPseudo(size_t c) const { return c < pseudo.size() && pseudo[c]; }
};

// Whether a scope's columns may be read from where it is visible. FROM items that may not
// read the items before them (a subquery without LATERAL, anything right of a RIGHT or FULL
// JOIN) still see them, so that a reference gets PostgreSQL's error rather than "does not
// exist".
enum class ScopeAccess {
  kOpen,
  kHintOnly,       // a name found only here: 42P01 / 42703 with PostgreSQL's HINT
  kWrongJoinType,  // a name found here: 42P10, LATERAL under a RIGHT or FULL JOIN
};

class Scope {
 public:
  explicit Scope(const Scope* outer = nullptr) : outer_(outer) {}

  // The entries of `items` behind `access`, enclosed by `outer`. `is_level` says whether it
  // stands for a row the plan pushes as an outer row (ExecContext::outer_rows), so that it
  // counts in the depth of the references that pass it.
  static Scope Restricted(const Scope& items, const Scope* outer, ScopeAccess access,
                          bool is_level) {
    Scope s(outer);
    s.Append(items);
    s.access_ = access;
    s.is_level_ = is_level;
    return s;
  }

  const Scope* outer() const { return outer_; }
  ScopeAccess access() const { return access_; }
  bool is_level() const { return is_level_; }
  std::vector<ScopeEntry>& entries() { return entries_; }
  const std::vector<ScopeEntry>& entries() const { return entries_; }
  int width() const { return width_; }

  void Add(ScopeEntry entry) {
    entry.offset = width_;
    if (entry.hidden.empty()) entry.hidden.assign(entry.columns.size(), false);
    width_ += static_cast<int>(entry.columns.size());
    entries_.push_back(std::move(entry));
  }
  // Appends all of `other`'s entries (for joins).
  void Append(const Scope& other) {
    for (ScopeEntry e : other.entries_) {
      int off = e.offset;
      e.offset = width_ + off;
      entries_.push_back(std::move(e));
    }
    width_ += other.width_;
  }

  // Adds an entry whose columns sit at the end of the row but which comes first in `*`
  // expansion (the merged columns of JOIN ... USING).
  void AddMergedColumns(ScopeEntry entry) {
    entry.offset = width_;
    if (entry.hidden.empty()) entry.hidden.assign(entry.columns.size(), false);
    width_ += static_cast<int>(entry.columns.size());
    entries_.insert(entries_.begin(), std::move(entry));
  }

  std::vector<Type> Types() const {
    std::vector<Type> out;
    for (const ScopeEntry& e : entries_) out.insert(out.end(), e.types.begin(), e.types.end());
    return out;
  }

 private:
  const Scope* outer_;
  std::vector<ScopeEntry> entries_;
  int width_ = 0;
  ScopeAccess access_ = ScopeAccess::kOpen;
  bool is_level_ = true;
};

}  // namespace firn
