// Binding of whole statements: queries, INSERT, DELETE and COPY. Other statements (DDL,
// transaction control, SET) are executed straight from their syntax by the engine.
#include <algorithm>

#include "catalog/system/system_tables.h"
#include "common/sql_error.h"
#include "sql/binder/column_default.h"
#include "sql/binder/expr_binder.h"
#include "sql/binder/generated_columns.h"
#include "sql/binder/table_checks.h"
#include "sql/parser/type_name.h"

namespace firn {
namespace {

// INSERT, UPDATE and DELETE name a table. PostgreSQL also writes through a view that
// selects from one relation without aggregates, joins or the like; Firn refuses every view
// (docs/sql.md), with PostgreSQL's error for one it cannot write through.
void RefuseViewWrite(const Binder& binder, const ast::QualifiedName& name, const char* verb,
                     const char* event) {
  if (!binder.ResolveSqlView(name.schema, name.name)) return;
  throw SqlError(sqlstate::kObjectNotInPrerequisiteState,
                 std::string("cannot ") + verb + " view \"" + name.name + "\"")
      .WithDetail("Firn's views are not automatically updatable.")
      .WithHint(std::string("Write to the tables the view reads instead (") + event +
                " through a view is not supported).");
}

// GENERATED ALWAYS AS IDENTITY: a value for the column needs OVERRIDING SYSTEM VALUE (or is
// replaced by the identity with OVERRIDING USER VALUE).
void CheckIdentityValue(const ColumnInfo& col, const ast::InsertStmt& ins) {
  if (col.identity != 'a' || ins.overriding_system_value || ins.overriding_user_value) return;
  throw SqlError(sqlstate::kGeneratedAlways,
                 "cannot insert a non-DEFAULT value into column \"" + col.name + "\"")
      .WithDetail("Column \"" + col.name + "\" is an identity column defined as GENERATED ALWAYS.")
      .WithHint("Use OVERRIDING SYSTEM VALUE to override.");
}

// A generated column takes no value but DEFAULT (its value is computed).
void RefuseGeneratedValue(const ColumnInfo& col, bool update) {
  if (!col.generated) return;
  throw SqlError(sqlstate::kGeneratedAlways,
                 update ? "column \"" + col.name + "\" can only be updated to DEFAULT"
                        : "cannot insert a non-DEFAULT value into column \"" + col.name + "\"")
      .WithDetail("Column \"" + col.name + "\" is a generated column.");
}

std::vector<ColumnDescription> Describe(const BoundQuery& q) {
  std::vector<ColumnDescription> cols;
  for (size_t i = 0; i < q.types.size(); i++) {
    ColumnDescription d;
    d.name = q.names[i];
    d.type = q.types[i];
    d.table_oid = i < q.table_oids.size() ? q.table_oids[i] : 0;
    d.column_number = i < q.column_numbers.size() ? q.column_numbers[i] : 0;
    cols.push_back(std::move(d));
  }
  return cols;
}

// UPDATE's SET (and ON CONFLICT DO UPDATE's): per table column, its new value over `scope`
// (the column itself when not assigned), with UPDATE's checks and assignment casts.
std::vector<BoundExprPtr> BindAssignments(
    Binder& binder, const Scope& scope, const TableInfo& table,
    const std::vector<std::pair<std::string, ast::ExprPtr>>& assignments) {
  std::vector<BoundExprPtr> row;
  for (size_t c = 0; c < table.columns.size(); c++) {
    row.push_back(MakeColumnRef(static_cast<int>(c), table.columns[c].type));
  }
  std::vector<bool> assigned(table.columns.size(), false);
  for (const auto& [name, expr] : assignments) {
    int c = table.FindColumn(name);
    if (c < 0) {
      throw SqlError(sqlstate::kUndefinedColumn,
                     "column \"" + name + "\" of relation \"" + table.name + "\" does not exist");
    }
    if (assigned[static_cast<size_t>(c)]) {
      throw SqlError(sqlstate::kSyntaxError,
                     "multiple assignments to same column \"" + name + "\"");
    }
    assigned[static_cast<size_t>(c)] = true;
    const ColumnInfo& col = table.columns[static_cast<size_t>(c)];
    if (expr->kind == ast::ExprKind::kDefault) {
      row[static_cast<size_t>(c)] = BindColumnDefault(binder, col);
      continue;
    }
    RefuseGeneratedValue(col, true);
    if (col.identity == 'a') {
      throw SqlError(sqlstate::kGeneratedAlways,
                     "column \"" + col.name + "\" can only be updated to DEFAULT")
          .WithDetail("Column \"" + col.name +
                      "\" is an identity column defined as GENERATED ALWAYS.");
    }
    ExprBinder eb(binder, scope, "UPDATE");
    BoundExprPtr e = eb.Bind(*expr);
    try {
      row[static_cast<size_t>(c)] = Coerce(binder, e, col.type, expr->location, true);
    } catch (SqlError& err) {
      if (err.sqlstate() != sqlstate::kDatatypeMismatch) throw;
      ThrowAt(sqlstate::kDatatypeMismatch,
              "column \"" + col.name + "\" is of type " + col.type.Name() +
                  " but expression is of type " + e->type.Name(),
              expr->location);
    }
  }
  return row;
}

// ON CONFLICT's target, and DO UPDATE's SET and WHERE over the existing row (named by the
// table or its alias) and the proposed one (EXCLUDED).
BoundOnConflict BindOnConflict(Binder& binder, const ast::OnConflict& on, const TableInfo& table,
                               const std::string& alias) {
  BoundOnConflict out;
  out.columns = on.columns;
  out.constraint = on.constraint;
  out.location = on.location;
  out.do_update = on.do_update;
  if (!on.do_update) return out;
  if (on.columns.empty() && on.constraint.empty()) {
    SqlError error(sqlstate::kSyntaxError,
                   "ON CONFLICT DO UPDATE requires inference specification or constraint name");
    if (on.location >= 0) error.set_position(on.location + 1);
    throw std::move(error).WithHint("For example, ON CONFLICT (column_name).");
  }
  Scope scope = TableRowScope(table, alias);
  ScopeEntry excluded = scope.entries().front();
  excluded.alias = "excluded";
  excluded.table_oid = 0;
  scope.Add(excluded);
  out.update_row = BindAssignments(binder, scope, table, on.assignments);
  if (on.where) {
    ExprBinder eb(binder, scope, "WHERE");
    out.update_where = eb.BindCondition(*on.where);
  }
  return out;
}

std::vector<BoundExprPtr> BindReturning(Binder& binder,
                                        const std::vector<ast::ResultTarget>& targets,
                                        const TableInfo& table, const std::string& alias,
                                        std::vector<ColumnDescription>& columns) {
  std::vector<BoundExprPtr> out;
  Scope scope = TableRowScope(table, alias);
  for (const ast::ResultTarget& t : targets) {
    if (t.expr->kind == ast::ExprKind::kColumnRef && t.expr->star) {
      for (size_t c = 0; c < table.columns.size(); c++) {
        out.push_back(MakeColumnRef(static_cast<int>(c), table.columns[c].type));
        columns.push_back(
            {table.columns[c].name, table.columns[c].type, table.oid, static_cast<int16_t>(c + 1)});
      }
      continue;
    }
    BoundExprPtr e = binder.BindExpr(*t.expr, scope);
    if (e->type.id == TypeId::kUnknown) e = Coerce(binder, e, Type(TypeId::kText), t.location);
    out.push_back(e);
    columns.push_back({t.alias.empty() ? FigureColumnName(*t.expr) : t.alias, e->type, 0, 0});
  }
  return out;
}

// All columns of `table` plus its row id as a last int8 column (DELETE, UPDATE).
PlanPtr ScanWithRowIds(const std::shared_ptr<const TableInfo>& table) {
  auto scan = std::make_shared<PlanNode>(PlanKind::kTableScan);
  scan->table = table;
  for (size_t c = 0; c < table->columns.size(); c++) {
    scan->scan_columns.push_back(static_cast<int>(c));
    scan->types.push_back(table->columns[c].type);
  }
  scan->emit_row_id = true;
  scan->types.push_back(Type(TypeId::kInt8));
  return scan;
}

}  // namespace

BoundStatement Binder::Bind(std::shared_ptr<const ast::Statement> statement) {
  BoundStatement out;
  out.kind = statement->kind;
  out.ast = statement;
  const ast::Statement& s = *statement;
  switch (s.kind) {
    case ast::StatementKind::kSelect: {
      out.query = BindQuery(*s.select, nullptr);
      out.columns = Describe(out.query);
      break;
    }
    case ast::StatementKind::kExplain: {
      const ast::Statement& inner = *s.explain->statement;
      if (inner.kind != ast::StatementKind::kSelect) {
        throw SqlError(sqlstate::kFeatureNotSupported, "EXPLAIN is supported for SELECT only");
      }
      out.query = BindQuery(*inner.select, nullptr);
      out.columns.push_back({"QUERY PLAN", Type(TypeId::kText), 0, 0});
      break;
    }
    case ast::StatementKind::kInsert: {
      const ast::InsertStmt& ins = *s.insert;
      RefuseViewWrite(*this, ins.table, "insert into", "INSERT");
      auto table = ResolveTable(ins.table.schema, ins.table.name, ins.table.location);
      system_catalog::CheckWritable(*table);  // system relations are read-only
      out.table = table;
      if (ins.on_conflict)
        out.on_conflict = BindOnConflict(*this, *ins.on_conflict, *table, ins.alias);
      // Target columns.
      std::vector<int> target;
      if (ins.columns.empty()) {
        for (size_t c = 0; c < table->columns.size(); c++) target.push_back(static_cast<int>(c));
      } else {
        for (size_t i = 0; i < ins.columns.size(); i++) {
          int c = table->FindColumn(ins.columns[i]);
          if (c < 0) {
            ThrowAt(sqlstate::kUndefinedColumn,
                    "column \"" + ins.columns[i] + "\" of relation \"" + table->name +
                        "\" does not exist",
                    i < ins.column_locations.size() ? ins.column_locations[i] : -1);
          }
          if (std::find(target.begin(), target.end(), c) != target.end()) {
            ThrowAt(sqlstate::kDuplicateColumn,
                    "column \"" + ins.columns[i] + "\" specified more than once",
                    i < ins.column_locations.size() ? ins.column_locations[i] : -1);
          }
          target.push_back(c);
        }
      }
      PlanPtr source;
      std::vector<Type> source_types;
      if (!ins.source) {
        auto v = std::make_shared<PlanNode>(PlanKind::kValues);
        v->rows.push_back({});
        source = v;
        target.clear();
      } else if (!ins.source->values.empty() && ins.source->order_by.empty() &&
                 !ins.source->limit) {
        // VALUES rows are coerced straight to the target column types (assignment casts).
        Scope empty;
        auto v = std::make_shared<PlanNode>(PlanKind::kValues);
        // Without a column list, a shorter row fills the leading columns (the rest take
        // their defaults), as in PostgreSQL.
        if (ins.columns.empty() && ins.source->values[0].size() < target.size()) {
          target.resize(ins.source->values[0].size());
        }
        for (const auto& row : ins.source->values) {
          if (row.size() != ins.source->values[0].size()) {
            ThrowAt(sqlstate::kSyntaxError, "VALUES lists must all be the same length",
                    row.empty() ? -1 : row[0]->location);
          }
          if (row.size() > target.size()) {
            ThrowAt(sqlstate::kSyntaxError, "INSERT has more expressions than target columns",
                    row[target.size()]->location);
          }
          if (row.size() < target.size()) {
            ThrowAt(sqlstate::kSyntaxError, "INSERT has more target columns than expressions",
                    row.empty() ? -1 : row[0]->location);
          }
          std::vector<BoundExprPtr> bound;
          for (size_t i = 0; i < row.size(); i++) {
            const ColumnInfo& col = table->columns[static_cast<size_t>(target[i])];
            if (row[i]->kind == ast::ExprKind::kDefault) {
              bound.push_back(BindColumnDefault(*this, col));
              continue;
            }
            if (ins.overriding_user_value && col.identity != '\0') {
              bound.push_back(MakeConstant(Value::Null(col.type)));  // the identity replaces it
              continue;
            }
            RefuseGeneratedValue(col, false);
            CheckIdentityValue(col, ins);
            BoundExprPtr e = BindExpr(*row[i], empty);
            try {
              bound.push_back(Coerce(*this, e, col.type, row[i]->location, true));
            } catch (SqlError& err) {
              if (err.sqlstate() != sqlstate::kDatatypeMismatch) throw;
              ThrowAt(sqlstate::kDatatypeMismatch,
                      "column \"" + col.name + "\" is of type " + col.type.Name() +
                          " but expression is of type " + e->type.Name(),
                      row[i]->location);
            }
          }
          v->rows.push_back(std::move(bound));
        }
        for (int c : target) v->types.push_back(table->columns[static_cast<size_t>(c)].type);
        source = v;
      } else {
        BoundQuery q = BindQuery(*ins.source, nullptr);
        if (ins.columns.empty() && q.types.size() < target.size()) target.resize(q.types.size());
        if (q.types.size() > target.size()) {
          ThrowAt(sqlstate::kSyntaxError, "INSERT has more expressions than target columns", -1);
        }
        if (q.types.size() < target.size()) {
          ThrowAt(sqlstate::kSyntaxError, "INSERT has more target columns than expressions", -1);
        }
        std::vector<BoundExprPtr> casts;
        for (size_t i = 0; i < q.types.size(); i++) {
          const ColumnInfo& col = table->columns[static_cast<size_t>(target[i])];
          RefuseGeneratedValue(col, false);
          CheckIdentityValue(col, ins);
          BoundExprPtr ref = MakeColumnRef(static_cast<int>(i), q.types[i]);
          try {
            casts.push_back(Coerce(*this, ref, col.type, -1, true));
          } catch (SqlError& err) {
            if (err.sqlstate() != sqlstate::kDatatypeMismatch) throw;
            throw SqlError(sqlstate::kDatatypeMismatch,
                           "column \"" + col.name + "\" is of type " + col.type.Name() +
                               " but expression is of type " + q.types[i].Name())
                .WithHint("You will need to rewrite or cast the expression.");
          }
        }
        source = MakeProjectPlan(q.plan, casts);
      }
      // Expand to the full table row: missing columns take their defaults.
      std::vector<BoundExprPtr> full;
      for (size_t c = 0; c < table->columns.size(); c++) {
        auto it = std::find(target.begin(), target.end(), static_cast<int>(c));
        if (it == target.end() || (ins.overriding_user_value && table->columns[c].identity)) {
          full.push_back(BindColumnDefault(*this, table->columns[c]));
        } else {
          full.push_back(
              MakeColumnRef(static_cast<int>(it - target.begin()), table->columns[c].type));
        }
      }
      out.query.plan = MakeProjectPlan(source, full);
      out.returning = BindReturning(*this, ins.returning, *table, ins.alias, out.columns);
      out.checks = BindTableChecks(*this, *table);
      out.generated = BindGeneratedColumns(*this, *table);
      break;
    }
    case ast::StatementKind::kUpdate: {
      const ast::UpdateStmt& upd = *s.update;
      RefuseViewWrite(*this, upd.table, "update", "UPDATE");
      auto table = ResolveTable(upd.table.schema, upd.table.name, upd.table.location);
      system_catalog::CheckWritable(*table);  // system relations are read-only
      out.table = table;
      Scope scope = TableRowScope(*table, upd.alias);
      PlanPtr plan = ScanWithRowIds(table);
      if (upd.where) {
        ExprBinder eb(*this, scope, "WHERE");
        plan = MakeFilterPlan(plan, eb.BindCondition(*upd.where));
      }
      std::vector<BoundExprPtr> row = BindAssignments(*this, scope, *table, upd.assignments);
      row.push_back(MakeColumnRef(static_cast<int>(table->columns.size()), Type(TypeId::kInt8)));
      out.query.plan = MakeProjectPlan(plan, row);
      out.returning = BindReturning(*this, upd.returning, *table, upd.alias, out.columns);
      out.checks = BindTableChecks(*this, *table);
      out.generated = BindGeneratedColumns(*this, *table);
      break;
    }
    case ast::StatementKind::kDelete: {
      const ast::DeleteStmt& del = *s.del;
      RefuseViewWrite(*this, del.table, "delete from", "DELETE");
      auto table = ResolveTable(del.table.schema, del.table.name, del.table.location);
      system_catalog::CheckWritable(*table);  // system relations are read-only
      out.table = table;
      PlanPtr plan = ScanWithRowIds(table);
      if (del.where) {
        Scope scope = TableRowScope(*table, del.alias);
        ExprBinder eb(*this, scope, "WHERE");
        plan = MakeFilterPlan(plan, eb.BindCondition(*del.where));
      }
      out.query.plan = plan;
      out.returning = BindReturning(*this, del.returning, *table, del.alias, out.columns);
      break;
    }
    case ast::StatementKind::kCopy: {
      const ast::CopyStmt& copy = *s.copy;
      if (!copy.filename.empty()) {
        throw SqlError(sqlstate::kFeatureNotSupported,
                       "COPY to or from a file is not supported; use STDIN/STDOUT (psql \\copy)");
      }
      if (copy.query) {
        if (copy.is_from) {
          throw SqlError(sqlstate::kSyntaxError, "COPY FROM does not accept a query");
        }
        out.query = BindQuery(*copy.query, nullptr);
        break;
      }
      if (ResolveSqlView(copy.table.schema, copy.table.name)) {
        if (copy.is_from) {
          throw SqlError(sqlstate::kWrongObjectType,
                         "cannot copy to view \"" + copy.table.name + "\"");
        }
        throw SqlError(sqlstate::kWrongObjectType,
                       "cannot copy from view \"" + copy.table.name + "\"")
            .WithHint("Try the COPY (SELECT ...) TO variant.");
      }
      auto table = ResolveTable(copy.table.schema, copy.table.name, copy.table.location);
      if (copy.is_from) system_catalog::CheckWritable(*table);
      out.table = table;
      if (copy.columns.empty()) {  // every column but the generated ones, as in PostgreSQL
        for (size_t c = 0; c < table->columns.size(); c++) {
          if (!table->columns[c].generated) out.copy_columns.push_back(static_cast<int>(c));
        }
      } else {
        for (const std::string& name : copy.columns) {
          int c = table->FindColumn(name);
          if (c < 0) {
            throw SqlError(sqlstate::kUndefinedColumn, "column \"" + name + "\" of relation \"" +
                                                           table->name + "\" does not exist");
          }
          if (table->columns[static_cast<size_t>(c)].generated) {
            throw SqlError(sqlstate::kInvalidColumnReference,
                           "column \"" + name + "\" is a generated column")
                .WithDetail("Generated columns cannot be used in COPY.");
          }
          out.copy_columns.push_back(c);
        }
      }
      if (copy.is_from) {
        out.checks = BindTableChecks(*this, *table);
        out.generated = BindGeneratedColumns(*this, *table);
        out.copy_defaults.resize(table->columns.size());
        for (size_t c = 0; c < table->columns.size(); c++) {
          const ColumnInfo& col = table->columns[c];
          bool given = std::find(out.copy_columns.begin(), out.copy_columns.end(),
                                 static_cast<int>(c)) != out.copy_columns.end();
          if (!given && !col.default_expr.empty() && !col.generated) {
            out.copy_defaults[c] = BindColumnDefault(*this, col);
          }
        }
      } else {
        auto scan = std::make_shared<PlanNode>(PlanKind::kTableScan);
        scan->table = table;
        for (int c : out.copy_columns) {
          scan->scan_columns.push_back(c);
          scan->types.push_back(table->columns[static_cast<size_t>(c)].type);
        }
        out.query.plan = scan;
        out.query.types = scan->types;
      }
      break;
    }
    default:
      break;
  }
  out.ctes = ctes_;
  // Parameters nobody gave a type to are read as text.
  for (Type& t : ctx_.param_types) {
    if (t.id == TypeId::kUnknown) t = Type(TypeId::kText);
  }
  return out;
}

}  // namespace firn
