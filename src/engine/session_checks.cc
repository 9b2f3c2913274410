// CHECK constraints for SessionState: the ones CREATE TABLE and ALTER TABLE ADD make (their
// names, the look at the rows already stored), and the check of the rows a statement writes.
#include <algorithm>
#include <string>

#include "catalog/qualified_name.h"
#include "common/sql_error.h"
#include "engine/session_state.h"
#include "exec/evaluator.h"
#include "sql/binder/binder.h"
#include "sql/binder/generated_columns.h"
#include "sql/binder/table_checks.h"
#include "types/value_io.h"

namespace firn {

void EnforceChecks(const TableInfo& table, const std::vector<BoundCheck>& checks,
                   const DataChunk& rows, ExecContext& ctx) {
  for (const BoundCheck& check : checks) {
    Vector ok = Evaluate(*check.condition, rows, ctx);
    for (size_t r = 0; r < rows.size(); r++) {
      if (ok.IsNull(r) || ok.ints()[r] != 0) continue;
      std::string values;
      for (size_t c = 0; c < table.columns.size(); c++) {
        Value v = rows.GetValue(c, r);
        values += (c ? ", " : "") + (v.is_null() ? std::string("null") : ValueToText(v));
      }
      throw SqlError(sqlstate::kCheckViolation, "new row for relation \"" + table.name +
                                                    "\" violates check constraint \"" + check.name +
                                                    "\"")
          .WithDetail("Failing row contains (" + values + ").")
          .WithSubject({table.schema, table.name, "", check.name});
    }
  }
}

void FillGenerated(const std::vector<BoundGenerated>& generated, DataChunk& rows,
                   ExecContext& ctx) {
  // Every expression reads the row before any is stored: none reads a generated column.
  std::vector<Vector> values;
  for (const BoundGenerated& g : generated) values.push_back(Evaluate(*g.value, rows, ctx));
  for (size_t i = 0; i < generated.size(); i++) {
    rows.column(static_cast<size_t>(generated[i].column)) = std::move(values[i]);
  }
}

std::vector<CheckConstraint> SessionState::NewChecks(
    const TableInfo& table, const std::vector<ast::CheckConstraintDef>& defs) {
  std::vector<std::string> taken;
  for (const CheckConstraint& c : table.checks) taken.push_back(c.name);
  for (const auto& index : db_.catalog().IndexesOn(table.oid)) {
    if (index->constraint != '\0') taken.push_back(index->name);
  }
  // Named ones first: an unnamed one must not take a name given later in the statement.
  const size_t existing = taken.size();
  for (const ast::CheckConstraintDef& def : defs) {
    if (def.name.empty()) continue;
    auto same = std::find(taken.begin(), taken.end(), def.name);
    if (same != taken.end()) {
      throw SqlError(
          sqlstate::kDuplicateObject,
          same - taken.begin() < static_cast<std::ptrdiff_t>(existing)
              ? "constraint \"" + def.name + "\" for relation \"" + table.name + "\" already exists"
              : "check constraint \"" + def.name + "\" already exists");
    }
    taken.push_back(def.name);
  }
  BinderContext bctx = MakeBinderContext(db_, startup_.user);
  Binder binder(bctx);
  std::vector<CheckConstraint> out;
  for (const ast::CheckConstraintDef& def : defs) {
    std::vector<int> columns;
    BindCheckExpr(binder, table, def.text, &columns);
    CheckConstraint check;
    check.oid = db_.catalog().AllocateOid();
    check.expression = def.text;
    check.columns = columns;
    check.validated = def.validate;
    check.name = def.name;
    if (check.name.empty()) {
      // PostgreSQL names it after the one column it reads, if it reads just one.
      const std::string column =
          columns.size() == 1 ? table.columns[static_cast<size_t>(columns[0])].name : "";
      check.name = ChooseCheckName(table, column, taken);
      taken.push_back(check.name);
    }
    out.push_back(std::move(check));
  }
  return out;
}

void SessionState::ValidateChecks(const TableInfo& table,
                                  const std::vector<CheckConstraint>& checks) {
  for (const CheckConstraint& check : checks) {
    if (!check.validated) continue;
    std::string sql = "SELECT 1 FROM " + QuoteIdent(table.schema) + "." + QuoteIdent(table.name) +
                      " WHERE NOT (" + check.expression + ") LIMIT 1";
    if (!FirstRow(sql)) continue;
    throw SqlError(sqlstate::kCheckViolation, "check constraint \"" + check.name +
                                                  "\" of relation \"" + table.name +
                                                  "\" is violated by some row")
        .WithSubject({table.schema, table.name, "", check.name});
  }
}

void SessionState::RenameConstraint(TableInfo& table, const ast::AlterTableCommand& command) {
  const std::string& name = command.column;
  const std::string& new_name = command.new_name;
  Catalog& catalog = db_.catalog();
  const auto indexes = catalog.IndexesOn(table.oid);
  auto taken = [&](const std::string& n) {
    return std::any_of(table.checks.begin(), table.checks.end(),
                       [&](const CheckConstraint& c) { return c.name == n; }) ||
           std::any_of(indexes.begin(), indexes.end(), [&](const auto& index) {
             return index->constraint != '\0' && index->name == n;
           });
  };
  if (!taken(name)) {
    throw SqlError(sqlstate::kUndefinedObject,
                   "constraint \"" + name + "\" for table \"" + table.name + "\" does not exist");
  }
  if (taken(new_name)) {
    throw SqlError(sqlstate::kDuplicateObject, "constraint \"" + new_name + "\" for relation \"" +
                                                   table.name + "\" already exists");
  }
  for (CheckConstraint& check : table.checks) {
    if (check.name != name) continue;
    check.name = new_name;  // the table's new description takes it
    return;
  }
  RenameIndex(table.schema, name, new_name);  // a key: its index has its name
}

void SessionState::RefuseIfChecksRead(const TableInfo& table, int column) {
  BinderContext bctx = MakeBinderContext(db_, startup_.user);
  Binder binder(bctx);
  for (const CheckConstraint& check : table.checks) {
    if (column < 0) {  // `table` has its new name: a check naming the old one fails to bind
      try {
        BindCheckExpr(binder, table, check.expression);
      } catch (const SqlError&) {
        throw SqlError(
            sqlstate::kFeatureNotSupported,
            "cannot rename the table because check constraint \"" + check.name + "\" names it")
            .WithHint("Drop the constraint, rename, then add the constraint again.");
      }
      continue;
    }
    if (std::find(check.columns.begin(), check.columns.end(), column) == check.columns.end()) {
      continue;
    }
    throw SqlError(sqlstate::kFeatureNotSupported,
                   "cannot rename column \"" + table.columns[static_cast<size_t>(column)].name +
                       "\" of table \"" + table.name + "\" because check constraint \"" +
                       check.name + "\" uses it")
        .WithHint("Drop the constraint, rename, then add the constraint again.");
  }
  // Generation expressions are kept as text too.
  for (size_t g = 0; g < table.columns.size(); g++) {
    const ColumnInfo& generated = table.columns[g];
    if (!generated.generated) continue;
    BoundExprPtr value;
    try {
      value = BindGeneratedExpr(binder, table, g, generated.default_expr);
    } catch (const SqlError&) {
      throw SqlError(
          sqlstate::kFeatureNotSupported,
          "cannot rename the table because generated column \"" + generated.name + "\" names it")
          .WithHint("Create the table again under the new name, and copy the rows into it.");
    }
    std::vector<int> reads = ColumnsRead(*value);
    if (column < 0 || std::find(reads.begin(), reads.end(), column) == reads.end()) continue;
    throw SqlError(sqlstate::kFeatureNotSupported,
                   "cannot rename column \"" + table.columns[static_cast<size_t>(column)].name +
                       "\" of table \"" + table.name + "\" because generated column \"" +
                       generated.name + "\" uses it")
        .WithHint("Create the table again with the new name, and copy the rows into it.");
  }
}

}  // namespace firn
