// Tests for ParseSql (libpg_query -> Firn AST) and ResolveTypeName.
#include "sql/parser/parser.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "common/sql_error.h"
#include "sql/parser/type_name.h"

namespace firn {
namespace {

using ast::ExprKind;
using ast::StatementKind;

ast::StatementPtr ParseOne(const std::string& sql) {
  auto stmts = ParseSql(sql);
  EXPECT_EQ(stmts.size(), 1u) << sql;
  return stmts.empty() ? nullptr : std::move(stmts[0]);
}

std::shared_ptr<ast::SelectStmt> ParseSelect(const std::string& sql) {
  auto stmt = ParseOne(sql);
  EXPECT_EQ(stmt->kind, StatementKind::kSelect);
  return stmt->select;
}

// The first target expression of "SELECT <expr>". The statement is kept alive by the
// returned holder.
struct ExprHolder {
  std::shared_ptr<ast::SelectStmt> select;
  const ast::Expr& operator*() const { return *select->targets[0].expr; }
  const ast::Expr* operator->() const { return select->targets[0].expr.get(); }
};
ExprHolder Expr(const std::string& expr) { return {ParseSelect("SELECT " + expr)}; }

SqlError ErrorOf(const std::string& sql) {
  try {
    ParseSql(sql);
  } catch (const SqlError& e) {
    return e;
  }
  ADD_FAILURE() << "no error for: " << sql;
  return SqlError("00000", "");
}

TEST(ParserTest, EmptyAndCommentOnlyInputYieldNoStatements) {
  EXPECT_TRUE(ParseSql("").empty());
  EXPECT_TRUE(ParseSql("  ;  ; -- nothing").empty());
  EXPECT_TRUE(ParseSql("/* c */").empty());
}

TEST(ParserTest, SplitsStatementsWithOwnTextAndOffset) {
  std::string sql = "SELECT 1;  select 2 ;SELECT 3";
  auto stmts = ParseSql(sql);
  ASSERT_EQ(stmts.size(), 3u);
  EXPECT_EQ(stmts[0]->text, "SELECT 1");
  EXPECT_EQ(stmts[0]->location, 0);
  EXPECT_EQ(stmts[1]->text, "select 2");
  EXPECT_EQ(stmts[1]->location, 11);
  EXPECT_EQ(stmts[2]->text, "SELECT 3");
  EXPECT_EQ(stmts[2]->location, 21);
  // Node locations are offsets into the whole string.
  EXPECT_EQ(stmts[1]->select->targets[0].expr->location, 18);
}

TEST(ParserTest, SyntaxErrorCarriesMessageAndPosition) {
  SqlError e = ErrorOf("SELECT 1; SELEC 2");
  EXPECT_EQ(e.sqlstate(), sqlstate::kSyntaxError);
  EXPECT_STREQ(e.what(), "syntax error at or near \"SELEC\"");
  EXPECT_EQ(e.position(), 11);
  e = ErrorOf("SELECT 'abc");
  EXPECT_EQ(e.sqlstate(), sqlstate::kSyntaxError);
  EXPECT_EQ(e.position(), 8);
}

TEST(ParserTest, InvalidUtf8IsRejectedBeforeParsing) {
  SqlError e = ErrorOf(std::string("SELECT '\xff'"));
  EXPECT_EQ(e.sqlstate(), sqlstate::kCharacterNotInRepertoire);
  EXPECT_EQ(ErrorOf(std::string("SELECT 1\0", 9)).sqlstate(), sqlstate::kCharacterNotInRepertoire);
}

TEST(ParserTest, IntegerLiteralsAreInt4ThenInt8ThenNumeric) {
  EXPECT_EQ(Expr("42")->value.type().id, TypeId::kInt4);
  EXPECT_EQ(Expr("42")->value.GetInt64(), 42);
  auto big = Expr("3000000000");
  EXPECT_EQ(big->value.type().id, TypeId::kInt8);
  EXPECT_EQ(big->value.GetInt64(), 3000000000);
  auto huge = Expr("99999999999999999999");
  EXPECT_EQ(huge->value.type().id, TypeId::kNumeric);
  EXPECT_EQ(huge->text, "99999999999999999999");
  auto dec = Expr("1.50");
  EXPECT_EQ(dec->kind, ExprKind::kConstant);
  EXPECT_EQ(dec->value.type().id, TypeId::kNumeric);
  EXPECT_EQ(dec->text, "1.50");
}

TEST(ParserTest, ZeroAndNegativeIntegersSurviveLibpgQueryOmission) {
  EXPECT_EQ(Expr("0")->value.GetInt64(), 0);
  EXPECT_EQ(Expr("-7")->value.GetInt64(), -7);
  EXPECT_EQ(Expr("-7")->value.type().id, TypeId::kInt4);
  EXPECT_EQ(Expr("- /* c */ 7")->value.GetInt64(), -7);
  EXPECT_EQ(Expr("-(-(7))")->value.GetInt64(), 7);
  EXPECT_EQ(Expr("-(7)")->value.GetInt64(), -7);
  auto min_int4 = Expr("-2147483648");  // PostgreSQL types this bigint
  EXPECT_EQ(min_int4->value.type().id, TypeId::kInt8);
  EXPECT_EQ(min_int4->value.GetInt64(), -2147483648LL);
  auto sub = Expr("a - -3");
  ASSERT_EQ(sub->kind, ExprKind::kOperator);
  EXPECT_EQ(sub->args[1]->value.GetInt64(), -3);
  auto prefix = Expr("-x");
  EXPECT_EQ(prefix->kind, ExprKind::kOperator);
  ASSERT_EQ(prefix->args.size(), 1u);
  EXPECT_EQ(Expr("-1.5")->text, "-1.5");
  auto sel = ParseSelect("SELECT 1 LIMIT 0 OFFSET -1");
  EXPECT_EQ(sel->limit->value.GetInt64(), 0);
  EXPECT_EQ(sel->offset->value.GetInt64(), -1);
}

TEST(ParserTest, StringBooleanAndNullLiterals) {
  auto s = Expr("'it''s'");
  EXPECT_EQ(s->value.type().id, TypeId::kUnknown);
  EXPECT_FALSE(s->value.is_null());
  EXPECT_EQ(s->text, "it's");
  EXPECT_TRUE(Expr("true")->value.GetBool());
  EXPECT_EQ(Expr("false")->value.type().id, TypeId::kBool);
  EXPECT_FALSE(Expr("false")->value.GetBool());
  auto n = Expr("NULL");
  EXPECT_TRUE(n->value.is_null());
  EXPECT_EQ(n->value.type().id, TypeId::kUnknown);
}

TEST(ParserTest, ColumnRefsAndParams) {
  auto c = Expr("s.t.c");
  EXPECT_EQ(c->kind, ExprKind::kColumnRef);
  EXPECT_EQ(c->names, (std::vector<std::string>{"s", "t", "c"}));
  EXPECT_FALSE(c->star);
  auto star = Expr("t.*");
  EXPECT_TRUE(star->star);
  EXPECT_EQ(star->names, std::vector<std::string>{"t"});
  EXPECT_TRUE(Expr("*")->star);
  EXPECT_EQ(Expr("\"MiXed\"")->names[0], "MiXed");
  EXPECT_EQ(Expr("MiXed")->names[0], "mixed");
  auto p = Expr("$2");
  EXPECT_EQ(p->kind, ExprKind::kParam);
  EXPECT_EQ(p->param_number, 2);
}

TEST(ParserTest, OperatorsKeepNameAndOperands) {
  auto e = Expr("a || 'x'");
  EXPECT_EQ(e->kind, ExprKind::kOperator);
  EXPECT_EQ(e->names, std::vector<std::string>{"||"});
  ASSERT_EQ(e->args.size(), 2u);
  EXPECT_EQ(e->location, 9);  // the operator, as PostgreSQL reports it
  auto q = Expr("a OPERATOR(pg_catalog.+) b");
  EXPECT_EQ(q->names, (std::vector<std::string>{"pg_catalog", "+"}));
}

TEST(ParserTest, BooleanConnectivesAndNullTests) {
  auto e = Expr("a AND b OR NOT c");
  EXPECT_EQ(e->kind, ExprKind::kOr);
  EXPECT_EQ(e->args[0]->kind, ExprKind::kAnd);
  EXPECT_EQ(e->args[1]->kind, ExprKind::kNot);
  EXPECT_FALSE(Expr("a IS NULL")->negated);
  EXPECT_EQ(Expr("a IS NOT NULL")->kind, ExprKind::kIsNull);
  EXPECT_TRUE(Expr("a IS NOT NULL")->negated);
  auto bt = Expr("a IS NOT UNKNOWN");
  EXPECT_EQ(bt->kind, ExprKind::kBooleanTest);
  EXPECT_EQ(bt->variant, "unknown");
  EXPECT_TRUE(bt->negated);
  EXPECT_EQ(Expr("a IS TRUE")->variant, "true");
  auto d = Expr("a IS NOT DISTINCT FROM b");
  EXPECT_EQ(d->kind, ExprKind::kIsDistinctFrom);
  EXPECT_TRUE(d->negated);
  EXPECT_EQ(Expr("NULLIF(a, b)")->kind, ExprKind::kNullIf);
}

TEST(ParserTest, InListBetweenAndLike) {
  auto in = Expr("a NOT IN (1, 2)");
  EXPECT_EQ(in->kind, ExprKind::kInList);
  EXPECT_TRUE(in->negated);
  EXPECT_EQ(in->args.size(), 3u);
  auto b = Expr("a NOT BETWEEN SYMMETRIC 1 AND 2");
  EXPECT_EQ(b->kind, ExprKind::kBetween);
  EXPECT_TRUE(b->negated);
  EXPECT_EQ(b->variant, "symmetric");
  EXPECT_EQ(b->args.size(), 3u);
  auto l = Expr("a LIKE 'x!%' ESCAPE '!'");
  EXPECT_EQ(l->kind, ExprKind::kLike);
  EXPECT_EQ(l->variant, "like");
  ASSERT_EQ(l->args.size(), 3u);
  EXPECT_EQ(l->args[2]->text, "!");
  auto il = Expr("a NOT ILIKE 'y'");
  EXPECT_EQ(il->variant, "ilike");
  EXPECT_TRUE(il->negated);
  EXPECT_EQ(il->args.size(), 2u);
}

TEST(ParserTest, CastsKeepTypeNameAsWritten) {
  auto c = Expr("x::numeric(10, -2)[]");
  EXPECT_EQ(c->kind, ExprKind::kCast);
  EXPECT_EQ(c->type_name.names, (std::vector<std::string>{"pg_catalog", "numeric"}));
  EXPECT_EQ(c->type_name.modifiers, (std::vector<int64_t>{10, -2}));
  EXPECT_EQ(c->type_name.array_bounds, 1);
  auto lit = Expr("interval '1 day'");
  EXPECT_EQ(lit->kind, ExprKind::kCast);
  EXPECT_EQ(lit->location, 7);
  EXPECT_EQ(lit->args[0]->text, "1 day");
  EXPECT_EQ(Expr("CAST(a AS varchar(0))")->type_name.modifiers, std::vector<int64_t>{0});
}

TEST(ParserTest, FunctionCallsCarryAggregateDetails) {
  auto count = Expr("count(*)");
  EXPECT_EQ(count->kind, ExprKind::kFuncCall);
  EXPECT_TRUE(count->agg_star);
  auto agg = Expr("array_agg(DISTINCT a ORDER BY b DESC NULLS FIRST) FILTER (WHERE a > 0)");
  EXPECT_TRUE(agg->agg_distinct);
  ASSERT_EQ(agg->agg_order.size(), 1u);
  EXPECT_EQ(agg->agg_order[0].direction, ast::SortDirection::kDesc);
  EXPECT_EQ(agg->agg_order[0].nulls, ast::NullsOrder::kFirst);
  ASSERT_TRUE(agg->agg_filter);
  auto ext = Expr("extract(year FROM d)");
  EXPECT_EQ(ext->names, (std::vector<std::string>{"pg_catalog", "extract"}));
  EXPECT_TRUE(Expr("f(VARIADIC ARRAY[1])")->variadic);
}

TEST(ParserTest, WindowFunctionsAndFrames) {
  auto w = Expr(
      "sum(a) OVER (PARTITION BY b ORDER BY c ROWS BETWEEN 2 PRECEDING AND UNBOUNDED "
      "FOLLOWING)");
  ASSERT_TRUE(w->over);
  EXPECT_EQ(w->over->partition_by.size(), 1u);
  EXPECT_EQ(w->over->order_by.size(), 1u);
  EXPECT_TRUE(w->over->has_frame);
  EXPECT_EQ(w->over->frame_mode, ast::FrameMode::kRows);
  EXPECT_EQ(w->over->frame_start.kind, ast::FrameBoundKind::kPreceding);
  EXPECT_EQ(w->over->frame_start.offset->value.GetInt64(), 2);
  EXPECT_EQ(w->over->frame_end.kind, ast::FrameBoundKind::kUnboundedFollowing);
  auto r = Expr("rank() OVER w");
  EXPECT_EQ(r->over->name, "w");
  EXPECT_FALSE(r->over->has_frame);
  auto g = Expr("sum(a) OVER (w RANGE CURRENT ROW)");
  EXPECT_EQ(g->over->ref_name, "w");
  EXPECT_EQ(g->over->frame_mode, ast::FrameMode::kRange);
  EXPECT_EQ(g->over->frame_start.kind, ast::FrameBoundKind::kCurrentRow);
  auto sel = ParseSelect("SELECT rank() OVER w FROM t WINDOW w AS (ORDER BY a)");
  ASSERT_EQ(sel->windows.size(), 1u);
  EXPECT_EQ(sel->windows[0].name, "w");
  EXPECT_EQ(sel->windows[0].spec->order_by.size(), 1u);
  EXPECT_EQ(sel->windows[0].spec->name, "");
}

TEST(ParserTest, CaseCoalesceGreatestLeast) {
  auto c = Expr("CASE a WHEN 1 THEN 'x' WHEN 2 THEN 'y' ELSE 'z' END");
  EXPECT_EQ(c->kind, ExprKind::kCase);
  ASSERT_EQ(c->args.size(), 5u);
  EXPECT_TRUE(c->args[0]);
  ASSERT_TRUE(c->else_expr);
  auto s = Expr("CASE WHEN a THEN 1 END");
  EXPECT_EQ(s->args[0], nullptr);
  EXPECT_EQ(s->else_expr, nullptr);
  EXPECT_EQ(Expr("COALESCE(a, b, c)")->args.size(), 3u);
  EXPECT_EQ(Expr("GREATEST(a, b)")->kind, ExprKind::kGreatest);
  EXPECT_EQ(Expr("LEAST(a, b)")->kind, ExprKind::kLeast);
}

TEST(ParserTest, SubqueryExpressions) {
  EXPECT_EQ(Expr("(SELECT 1)")->kind, ExprKind::kSubquery);
  EXPECT_TRUE(Expr("(SELECT 1)")->subquery);
  EXPECT_EQ(Expr("EXISTS (SELECT 1)")->kind, ExprKind::kExists);
  auto in = Expr("a IN (SELECT b FROM t)");
  EXPECT_EQ(in->kind, ExprKind::kInSubquery);
  EXPECT_FALSE(in->negated);
  EXPECT_EQ(in->args.size(), 1u);
  auto not_in = Expr("a NOT IN (SELECT b FROM t)");
  EXPECT_EQ(not_in->kind, ExprKind::kInSubquery);
  EXPECT_TRUE(not_in->negated);
  auto all = Expr("a < ALL (SELECT b FROM t)");
  EXPECT_EQ(all->kind, ExprKind::kAnyAll);
  EXPECT_EQ(all->variant, "all");
  EXPECT_EQ(all->op, "<");
  EXPECT_TRUE(all->subquery);
  auto any = Expr("a = ANY (ARRAY[1, 2])");
  EXPECT_EQ(any->kind, ExprKind::kAnyAll);
  EXPECT_EQ(any->variant, "any");
  EXPECT_EQ(any->args.size(), 2u);
  EXPECT_EQ(any->args[1]->kind, ExprKind::kArray);
}

TEST(ParserTest, ArraysSubscriptsSpecialValuesAndRows) {
  auto a = Expr("ARRAY[1, 2]");
  EXPECT_EQ(a->kind, ExprKind::kArray);
  EXPECT_EQ(a->args.size(), 2u);
  EXPECT_TRUE(Expr("ARRAY(SELECT 1)")->subquery);
  auto s = Expr("a[1]");
  EXPECT_EQ(s->kind, ExprKind::kSubscript);
  EXPECT_FALSE(s->is_slice);
  EXPECT_EQ(s->args.size(), 2u);
  auto slice = Expr("a[:2]");
  EXPECT_TRUE(slice->is_slice);
  ASSERT_EQ(slice->args.size(), 3u);
  EXPECT_EQ(slice->args[1], nullptr);
  EXPECT_EQ(Expr("a[1][2]")->args[0]->kind, ExprKind::kSubscript);
  auto ts = Expr("CURRENT_TIMESTAMP(3)");
  EXPECT_EQ(ts->kind, ExprKind::kSpecialValue);
  EXPECT_EQ(ts->names, std::vector<std::string>{"current_timestamp"});
  ASSERT_EQ(ts->args.size(), 1u);
  EXPECT_EQ(ts->args[0]->value.GetInt64(), 3);
  EXPECT_EQ(Expr("current_user")->names, std::vector<std::string>{"current_user"});
  EXPECT_EQ(Expr("(1, 2)")->kind, ExprKind::kRowExpr);
}

TEST(ParserTest, SelectClauses) {
  auto s = ParseSelect(
      "SELECT DISTINCT ON (a) a AS x, count(*) FROM s.t AS u (c1) WHERE a > 1 GROUP BY a "
      "HAVING count(*) > 1 ORDER BY 1 DESC LIMIT 10 OFFSET 5");
  EXPECT_TRUE(s->distinct);
  EXPECT_EQ(s->distinct_on.size(), 1u);
  ASSERT_EQ(s->targets.size(), 2u);
  EXPECT_EQ(s->targets[0].alias, "x");
  ASSERT_EQ(s->from.size(), 1u);
  EXPECT_EQ(s->from[0]->schema, "s");
  EXPECT_EQ(s->from[0]->name, "t");
  EXPECT_EQ(s->from[0]->alias, "u");
  EXPECT_EQ(s->from[0]->column_aliases, std::vector<std::string>{"c1"});
  EXPECT_TRUE(s->where);
  EXPECT_EQ(s->group_by.size(), 1u);
  EXPECT_TRUE(s->having);
  EXPECT_EQ(s->order_by[0].direction, ast::SortDirection::kDesc);
  EXPECT_EQ(s->limit->value.GetInt64(), 10);
  EXPECT_EQ(s->offset->value.GetInt64(), 5);
  auto d = ParseSelect("SELECT DISTINCT a FROM t LIMIT ALL");
  EXPECT_TRUE(d->distinct);
  EXPECT_TRUE(d->distinct_on.empty());
  EXPECT_EQ(d->limit, nullptr);
  EXPECT_EQ(ParseSelect("SELECT a FROM t FETCH FIRST 3 ROWS ONLY")->limit->value.GetInt64(), 3);
}

TEST(ParserTest, GroupingSetsAndGroupingKeepTheirStructure) {
  auto s = ParseSelect(
      "SELECT grouping(a, b) FROM t GROUP BY DISTINCT a, ROLLUP (b, (c, d)), CUBE (e), "
      "GROUPING SETS ((a), (), ROLLUP (b)), ()");
  EXPECT_TRUE(s->group_distinct);
  const ast::Expr& grouping = *s->targets[0].expr;
  EXPECT_EQ(grouping.kind, ExprKind::kGrouping);
  EXPECT_EQ(grouping.args.size(), 2u);
  ASSERT_EQ(s->group_by.size(), 5u);
  EXPECT_EQ(s->group_by[0]->kind, ExprKind::kColumnRef);
  const ast::Expr& rollup = *s->group_by[1];
  EXPECT_EQ(rollup.kind, ExprKind::kGroupingSet);
  EXPECT_EQ(rollup.variant, "rollup");
  ASSERT_EQ(rollup.args.size(), 2u);
  EXPECT_EQ(rollup.args[1]->kind, ExprKind::kRowExpr);
  EXPECT_EQ(rollup.args[1]->variant, "implicit");
  EXPECT_EQ(s->group_by[2]->variant, "cube");
  const ast::Expr& sets = *s->group_by[3];
  EXPECT_EQ(sets.variant, "sets");
  ASSERT_EQ(sets.args.size(), 3u);
  EXPECT_EQ(sets.args[1]->variant, "empty");
  EXPECT_EQ(sets.args[2]->variant, "rollup");
  EXPECT_EQ(s->group_by[4]->variant, "empty");
  EXPECT_FALSE(ParseSelect("SELECT a FROM t GROUP BY a")->group_distinct);
  EXPECT_EQ(Expr("ROW(1, 2)")->variant, "");
}

TEST(ParserTest, SetOperationsAndValues) {
  auto s = ParseSelect("SELECT 1 UNION SELECT 2 EXCEPT ALL SELECT 3 ORDER BY 1 LIMIT 1");
  EXPECT_EQ(s->op, ast::SetOpKind::kExcept);
  EXPECT_TRUE(s->set_all);
  EXPECT_EQ(s->larg->op, ast::SetOpKind::kUnion);
  EXPECT_FALSE(s->larg->set_all);
  EXPECT_EQ(s->order_by.size(), 1u);
  EXPECT_TRUE(s->limit);
  auto v = ParseSelect("VALUES (1, 'a'), (2, DEFAULT)");
  ASSERT_EQ(v->values.size(), 2u);
  EXPECT_EQ(v->values[1][1]->kind, ExprKind::kDefault);
}

TEST(ParserTest, WithRecursiveCtes) {
  auto s = ParseSelect(
      "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 3), "
      "q AS MATERIALIZED (SELECT 2) SELECT * FROM r");
  EXPECT_TRUE(s->recursive_with);
  ASSERT_EQ(s->ctes.size(), 2u);
  EXPECT_EQ(s->ctes[0].name, "r");
  EXPECT_EQ(s->ctes[0].column_names, std::vector<std::string>{"n"});
  EXPECT_TRUE(s->ctes[0].recursive);
  EXPECT_EQ(s->ctes[0].query->op, ast::SetOpKind::kUnion);
}

TEST(ParserTest, JoinsAndFromItems) {
  auto s = ParseSelect(
      "SELECT * FROM a JOIN b USING (x) LEFT JOIN LATERAL (SELECT 1) q ON true "
      "CROSS JOIN generate_series(1, 3) WITH ORDINALITY g NATURAL FULL JOIN c, d RIGHT JOIN e "
      "ON d.x = e.x");
  ASSERT_EQ(s->from.size(), 2u);
  const ast::TableRef& full = *s->from[0];
  EXPECT_EQ(full.kind, ast::TableRefKind::kJoin);
  EXPECT_EQ(full.join_type, ast::JoinType::kFull);
  EXPECT_TRUE(full.natural);
  const ast::TableRef& cross = *full.left;
  EXPECT_EQ(cross.join_type, ast::JoinType::kCross);
  EXPECT_EQ(cross.right->kind, ast::TableRefKind::kFunction);
  EXPECT_TRUE(cross.right->with_ordinality);
  EXPECT_EQ(cross.right->alias, "g");
  EXPECT_EQ(cross.right->function->names, std::vector<std::string>{"generate_series"});
  const ast::TableRef& left = *cross.left;
  EXPECT_EQ(left.join_type, ast::JoinType::kLeft);
  EXPECT_EQ(left.right->kind, ast::TableRefKind::kSubquery);
  EXPECT_TRUE(left.right->lateral);
  EXPECT_EQ(left.right->alias, "q");
  EXPECT_TRUE(left.join_condition);
  EXPECT_EQ(left.left->using_columns, std::vector<std::string>{"x"});
  EXPECT_EQ(left.left->join_type, ast::JoinType::kInner);
  EXPECT_EQ(s->from[1]->join_type, ast::JoinType::kRight);
}

TEST(ParserTest, KeyConstraints) {
  auto stmt = ParseOne(
      "CREATE TABLE t (a int CONSTRAINT a_pk PRIMARY KEY, b text UNIQUE, c int, "
      "UNIQUE (b, c), CONSTRAINT bc UNIQUE (c))");
  const ast::CreateTableStmt& ct = *stmt->create_table;
  ASSERT_EQ(ct.columns[0].keys.size(), 1u);
  EXPECT_EQ(ct.columns[0].keys[0].name, "a_pk");
  EXPECT_TRUE(ct.columns[0].keys[0].primary);
  ASSERT_EQ(ct.columns[1].keys.size(), 1u);
  EXPECT_FALSE(ct.columns[1].keys[0].primary);
  EXPECT_EQ(ct.columns[1].keys[0].columns, std::vector<std::string>{"b"});
  ASSERT_EQ(ct.keys.size(), 2u);
  EXPECT_EQ(ct.keys[0].columns, (std::vector<std::string>{"b", "c"}));
  EXPECT_EQ(ct.keys[1].name, "bc");

  auto alter = ParseOne("ALTER TABLE t ADD PRIMARY KEY (a), DROP CONSTRAINT IF EXISTS bc");
  const auto& commands = alter->alter_table->commands;
  ASSERT_EQ(commands.size(), 2u);
  EXPECT_EQ(commands[0].kind, ast::AlterTableKind::kAddConstraint);
  EXPECT_TRUE(commands[0].constraint.primary);
  EXPECT_EQ(commands[1].kind, ast::AlterTableKind::kDropConstraint);
  EXPECT_EQ(commands[1].column, "bc");
  EXPECT_TRUE(commands[1].if_exists);
  EXPECT_TRUE(ParseOne("CREATE UNIQUE INDEX i ON t (a)")->index->unique);
}

TEST(ParserTest, CreateTable) {
  auto stmt = ParseOne(
      "CREATE TEMP TABLE IF NOT EXISTS s.t (a int PRIMARY KEY, b varchar(10) NOT NULL DEFAULT "
      "'x', c numeric(10,2) NULL, PRIMARY KEY (a)) WITH (format = 'parquet', level = -3, "
      "sorted)");
  ASSERT_EQ(stmt->kind, StatementKind::kCreateTable);
  const ast::CreateTableStmt& ct = *stmt->create_table;
  EXPECT_TRUE(ct.temporary);
  EXPECT_TRUE(ct.if_not_exists);
  EXPECT_EQ(ct.schema, "s");
  EXPECT_EQ(ct.name, "t");
  ASSERT_EQ(ct.columns.size(), 3u);
  EXPECT_TRUE(ct.columns[0].primary_key);
  EXPECT_TRUE(ct.columns[1].not_null);
  EXPECT_EQ(ct.columns[1].type.modifiers, std::vector<int64_t>{10});
  EXPECT_EQ(ct.columns[1].default_value->text, "x");
  EXPECT_FALSE(ct.columns[2].not_null);
  ASSERT_EQ(ct.keys.size(), 1u);
  EXPECT_TRUE(ct.keys[0].primary);
  EXPECT_EQ(ct.keys[0].columns, std::vector<std::string>{"a"});
  ASSERT_EQ(ct.options.size(), 3u);
  EXPECT_EQ(ct.options[0].value, "parquet");
  EXPECT_EQ(ct.options[1].value, "-3");
  EXPECT_EQ(ct.options[2].value, "true");
  EXPECT_EQ(ErrorOf("CREATE TABLE t (a int NULL NOT NULL)").sqlstate(), sqlstate::kSyntaxError);
}

TEST(ParserTest, CreateTableAsSelect) {
  auto stmt = ParseOne("CREATE TABLE t2 AS SELECT a FROM t");
  ASSERT_EQ(stmt->kind, StatementKind::kCreateTable);
  EXPECT_EQ(stmt->create_table->name, "t2");
  ASSERT_TRUE(stmt->create_table->as_select);
  EXPECT_EQ(stmt->create_table->as_select->targets.size(), 1u);
}

TEST(ParserTest, DropAndCreateSchema) {
  auto drop = ParseOne("DROP TABLE IF EXISTS a, s.b CASCADE");
  ASSERT_EQ(drop->kind, StatementKind::kDrop);
  EXPECT_EQ(drop->drop->object, ast::ObjectKind::kTable);
  EXPECT_TRUE(drop->drop->if_exists);
  EXPECT_TRUE(drop->drop->cascade);
  ASSERT_EQ(drop->drop->names.size(), 2u);
  EXPECT_EQ(drop->drop->names[1].schema, "s");
  EXPECT_EQ(drop->drop->names[1].name, "b");
  auto schema = ParseOne("DROP SCHEMA x");
  EXPECT_EQ(schema->drop->object, ast::ObjectKind::kSchema);
  EXPECT_EQ(schema->drop->names[0].name, "x");
  EXPECT_FALSE(schema->drop->cascade);
  auto role = ParseOne("DROP ROLE IF EXISTS r");
  EXPECT_EQ(role->drop->object, ast::ObjectKind::kRole);
  EXPECT_EQ(role->drop->names[0].name, "r");
  auto cs = ParseOne("CREATE SCHEMA IF NOT EXISTS x");
  ASSERT_EQ(cs->kind, StatementKind::kCreateSchema);
  EXPECT_EQ(cs->create_schema->name, "x");
  EXPECT_TRUE(cs->create_schema->if_not_exists);
}

TEST(ParserTest, InsertStatement) {
  auto stmt = ParseOne(
      "WITH w AS (SELECT 1) INSERT INTO s.t AS x (a, b) VALUES (1, DEFAULT) RETURNING *, a AS z");
  ASSERT_EQ(stmt->kind, StatementKind::kInsert);
  const ast::InsertStmt& ins = *stmt->insert;
  EXPECT_EQ(ins.table.schema, "s");
  EXPECT_EQ(ins.table.name, "t");
  EXPECT_EQ(ins.alias, "x");
  EXPECT_EQ(ins.columns, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(ins.column_locations.size(), 2u);
  ASSERT_TRUE(ins.source);
  EXPECT_EQ(ins.source->values.size(), 1u);
  EXPECT_EQ(ins.returning.size(), 2u);
  EXPECT_EQ(ins.returning[1].alias, "z");
  EXPECT_EQ(ins.ctes.size(), 1u);
  EXPECT_EQ(ParseOne("INSERT INTO t DEFAULT VALUES")->insert->source, nullptr);
}

TEST(ParserTest, DeleteAndUpdateStatements) {
  auto del = ParseOne("DELETE FROM t AS x WHERE a = 1 RETURNING a");
  ASSERT_EQ(del->kind, StatementKind::kDelete);
  EXPECT_EQ(del->del->alias, "x");
  EXPECT_TRUE(del->del->where);
  EXPECT_EQ(del->del->returning.size(), 1u);
  auto upd = ParseOne("UPDATE t SET a = 1, b = DEFAULT, (c, d) = (2, 3) WHERE e");
  ASSERT_EQ(upd->kind, StatementKind::kUpdate);
  const auto& as = upd->update->assignments;
  ASSERT_EQ(as.size(), 4u);
  EXPECT_EQ(as[0].first, "a");
  EXPECT_EQ(as[1].second->kind, ExprKind::kDefault);
  EXPECT_EQ(as[2].first, "c");
  EXPECT_EQ(as[2].second->value.GetInt64(), 2);
  EXPECT_EQ(as[3].first, "d");
  EXPECT_EQ(as[3].second->value.GetInt64(), 3);
  EXPECT_TRUE(upd->update->where);
}

TEST(ParserTest, CopyStatement) {
  auto from = ParseOne("COPY s.t (a, b) FROM STDIN WITH (FORMAT csv, HEADER true, NULL '')");
  ASSERT_EQ(from->kind, StatementKind::kCopy);
  EXPECT_TRUE(from->copy->is_from);
  EXPECT_EQ(from->copy->table.name, "t");
  EXPECT_EQ(from->copy->columns, (std::vector<std::string>{"a", "b"}));
  ASSERT_EQ(from->copy->options.size(), 3u);
  EXPECT_EQ(from->copy->options[0].name, "format");
  EXPECT_EQ(from->copy->options[0].value, "csv");
  EXPECT_EQ(from->copy->options[2].value, "");
  auto to = ParseOne("COPY (SELECT 1) TO STDOUT CSV HEADER");
  EXPECT_FALSE(to->copy->is_from);
  EXPECT_TRUE(to->copy->query);
  EXPECT_EQ(to->copy->options[1].value, "true");
  EXPECT_EQ(ParseOne("COPY t TO '/tmp/x'")->copy->filename, "/tmp/x");
}

TEST(ParserTest, TransactionStatements) {
  auto begin = ParseOne("BEGIN ISOLATION LEVEL SERIALIZABLE, READ WRITE");
  ASSERT_EQ(begin->kind, StatementKind::kTransaction);
  EXPECT_EQ(begin->transaction->kind, ast::TransactionKind::kBegin);
  ASSERT_EQ(begin->transaction->options.size(), 2u);
  EXPECT_EQ(begin->transaction->options[0].value, "serializable");
  EXPECT_EQ(begin->transaction->options[1].name, "transaction_read_only");
  EXPECT_EQ(begin->transaction->options[1].value, "0");
  EXPECT_EQ(ParseOne("START TRANSACTION")->transaction->kind, ast::TransactionKind::kBegin);
  EXPECT_EQ(ParseOne("END")->transaction->kind, ast::TransactionKind::kCommit);
  EXPECT_TRUE(ParseOne("COMMIT AND CHAIN")->transaction->chain);
  EXPECT_EQ(ParseOne("ABORT")->transaction->kind, ast::TransactionKind::kRollback);
  auto sp = ParseOne("SAVEPOINT s1");
  EXPECT_EQ(sp->transaction->kind, ast::TransactionKind::kSavepoint);
  EXPECT_EQ(sp->transaction->savepoint, "s1");
  EXPECT_EQ(ParseOne("RELEASE s1")->transaction->kind, ast::TransactionKind::kRelease);
  EXPECT_EQ(ParseOne("ROLLBACK TO s1")->transaction->kind, ast::TransactionKind::kRollbackTo);
  auto prep = ParseOne("PREPARE TRANSACTION 'g'");
  EXPECT_EQ(prep->transaction->kind, ast::TransactionKind::kPrepare);
  EXPECT_EQ(prep->transaction->savepoint, "g");
}

TEST(ParserTest, SetShowAndReset) {
  auto set = ParseOne("SET search_path = a, 'b'");
  ASSERT_EQ(set->kind, StatementKind::kSet);
  EXPECT_EQ(set->set->kind, ast::SetKind::kValue);
  EXPECT_EQ(set->set->name, "search_path");
  EXPECT_EQ(set->set->values, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(ParseOne("SET extra_float_digits = -1")->set->values[0], "-1");
  auto tz = ParseOne("SET LOCAL TIME ZONE 'UTC'");
  EXPECT_EQ(tz->set->name, "timezone");
  EXPECT_TRUE(tz->set->is_local);
  EXPECT_EQ(ParseOne("SET x TO DEFAULT")->set->kind, ast::SetKind::kDefault);
  EXPECT_EQ(ParseOne("RESET x")->set->kind, ast::SetKind::kReset);
  EXPECT_EQ(ParseOne("RESET ALL")->set->kind, ast::SetKind::kResetAll);
  auto txn = ParseOne("SET TRANSACTION ISOLATION LEVEL READ COMMITTED");
  EXPECT_EQ(txn->set->name, "transaction_isolation");
  EXPECT_EQ(txn->set->values[0], "read committed");
  EXPECT_TRUE(txn->set->is_local);
  auto session = ParseOne("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY");
  EXPECT_EQ(session->set->name, "default_transaction_read_only");
  EXPECT_EQ(ParseOne("SHOW ALL")->show->name, "all");
  EXPECT_EQ(ParseOne("SHOW TIME ZONE")->show->name, "timezone");
}

TEST(ParserTest, ExplainWrapsItsStatement) {
  auto e = ParseOne("EXPLAIN (ANALYZE, VERBOSE false, COSTS off) SELECT 1");
  ASSERT_EQ(e->kind, StatementKind::kExplain);
  EXPECT_TRUE(e->explain->analyze);
  EXPECT_FALSE(e->explain->verbose);
  ASSERT_EQ(e->explain->options.size(), 1u);
  EXPECT_EQ(e->explain->options[0].name, "costs");
  EXPECT_EQ(e->explain->options[0].value, "off");
  EXPECT_EQ(e->explain->statement->kind, StatementKind::kSelect);
  EXPECT_EQ(e->explain->statement->text, e->text);
  EXPECT_TRUE(ParseOne("EXPLAIN ANALYZE INSERT INTO t VALUES (1)")->explain->analyze);
}

TEST(ParserTest, RoleStatements) {
  auto cr = ParseOne("CREATE USER u WITH PASSWORD 'pw' SUPERUSER CONNECTION LIMIT -1");
  ASSERT_EQ(cr->kind, StatementKind::kCreateRole);
  EXPECT_TRUE(cr->create_role->is_user);
  EXPECT_EQ(cr->create_role->name, "u");
  ASSERT_EQ(cr->create_role->options.size(), 3u);
  EXPECT_EQ(cr->create_role->options[0].name, "password");
  EXPECT_EQ(cr->create_role->options[0].value, "pw");
  EXPECT_EQ(cr->create_role->options[1].name, "superuser");
  EXPECT_EQ(cr->create_role->options[1].value, "true");
  EXPECT_EQ(cr->create_role->options[2].name, "connection_limit");
  EXPECT_EQ(cr->create_role->options[2].value, "-1");
  auto ar = ParseOne("ALTER ROLE r WITH NOLOGIN PASSWORD NULL");
  ASSERT_EQ(ar->kind, StatementKind::kAlterRole);
  EXPECT_EQ(ar->alter_role->options[0].name, "login");
  EXPECT_EQ(ar->alter_role->options[0].value, "false");
  EXPECT_TRUE(ar->alter_role->options[1].is_null);
}

TEST(ParserTest, CheckpointDiscardDeallocate) {
  EXPECT_EQ(ParseOne("CHECKPOINT")->kind, StatementKind::kCheckpoint);
  EXPECT_EQ(ParseOne("DISCARD ALL")->kind, StatementKind::kDiscard);
  EXPECT_EQ(ParseOne("DEALLOCATE PREPARE p1")->deallocate_name, "p1");
  EXPECT_EQ(ParseOne("DEALLOCATE ALL")->deallocate_name, "");
}

TEST(ParserTest, UnsupportedConstructsAreRefusedWithPosition) {
  struct Case {
    const char* sql;
    const char* message;
    int position;  // 0 = not checked
  };
  const Case cases[] = {
      {"SELECT * FROM t FOR UPDATE", "SELECT FOR UPDATE is not supported", 0},
      {"SELECT a INTO t2 FROM t", "SELECT INTO is not supported", 15},
      {"SELECT sum(a) OVER (ORDER BY a ROWS CURRENT ROW EXCLUDE TIES) FROM t",
       "window frame EXCLUDE is not supported", 20},
      {"SELECT a SIMILAR TO 'x'", "SIMILAR TO is not supported", 10},
      {"SELECT a COLLATE \"de_DE\"", "COLLATE \"de_DE\" is not supported", 10},
      {"SELECT f(a => 1)", "named function arguments are not supported", 10},
      {"SELECT * FROM t TABLESAMPLE system (1)", "TABLESAMPLE is not supported", 0},
      {"INSERT INTO t VALUES (1) ON CONFLICT (a) WHERE a > 0 DO NOTHING",
       "ON CONFLICT ... WHERE is not supported", 26},
      {"CREATE TABLE t (a int UNIQUE NULLS NOT DISTINCT)", "NULLS NOT DISTINCT is not supported",
       23},
      {"CREATE TABLE t (a int) PARTITION BY RANGE (a)", "PARTITION BY is not supported", 0},
      {"CREATE TABLE t (a int, UNIQUE (a) INCLUDE (a))", "INCLUDE in a constraint is not supported",
       24},
      {"SELECT 1; VACUUM", "VACUUM is not supported", 11},
      {"WITH x AS (DELETE FROM t RETURNING *) SELECT 1",
       "data-modifying statement in WITH is not supported", 6},
      {"SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY a) FROM t",
       "WITHIN GROUP is not supported", 8},
      {"SELECT a FROM t ORDER BY a USING <", "ORDER BY USING is not supported", 0},
      {"UPDATE t SET a = 1 FROM u", "UPDATE ... FROM is not supported", 0},
      {"DELETE FROM t USING u", "DELETE ... USING is not supported", 0},
      {"COPY t FROM PROGRAM 'x'", "COPY PROGRAM is not supported", 0},
      {"SELECT * FROM f() AS x(a int)", "column definition list for a function is not supported",
       0},
      {"SELECT B'101'", "bit string constants are not supported", 8},
      {"SELECT (a).b FROM t", "field selection from a composite value is not supported", 0},
      {"DISCARD PLANS", "DISCARD PLANS is not supported", 0},
      {"COMMENT ON FUNCTION f() IS 'x'", "COMMENT ON FUNCTION is not supported", 0},
      {"COMMENT ON FOREIGN TABLE f IS 'x'", "COMMENT ON FOREIGN TABLE is not supported", 0},
      {"SELECT 'é' SIMILAR TO 'x'", "SIMILAR TO is not supported", 12},  // characters, not bytes
  };
  for (const Case& c : cases) {
    SqlError e = ErrorOf(c.sql);
    EXPECT_EQ(e.sqlstate(), sqlstate::kFeatureNotSupported) << c.sql << ": " << e.what();
    EXPECT_STREQ(e.what(), c.message) << c.sql;
    if (c.position != 0) {
      EXPECT_EQ(e.position(), c.position) << c.sql;
    }
  }
}

TEST(ParserTest, CommentOn) {
  auto stmts = ParseSql(
      "COMMENT ON TABLE s.t IS 'it''s'; COMMENT ON COLUMN t.c IS NULL; COMMENT ON SCHEMA s IS ''");
  ASSERT_EQ(stmts.size(), 3u);
  EXPECT_EQ(stmts[0]->kind, ast::StatementKind::kComment);
  EXPECT_EQ(stmts[0]->comment->object, ast::CommentObject::kTable);
  EXPECT_EQ(stmts[0]->comment->names, (std::vector<std::string>{"s", "t"}));
  EXPECT_EQ(stmts[0]->comment->text, "it's");
  EXPECT_EQ(stmts[1]->comment->object, ast::CommentObject::kColumn);
  EXPECT_EQ(stmts[1]->comment->names, (std::vector<std::string>{"t", "c"}));
  EXPECT_FALSE(stmts[1]->comment->text.has_value());
  EXPECT_EQ(stmts[2]->comment->object, ast::CommentObject::kSchema);
  EXPECT_EQ(stmts[2]->comment->names, std::vector<std::string>{"s"});
}

TEST(ParserTest, DeepNestingRaisesStackDepthErrorInsteadOfCrashing) {
  std::string sql = "SELECT ";
  for (int i = 0; i < 5000; ++i) sql += "1+";
  sql += "1";
  EXPECT_EQ(ErrorOf(sql).sqlstate(), sqlstate::kStatementTooComplex);
  std::string long_sum = "SELECT ";  // long input: parsed on the big-stack helper thread
  for (int i = 0; i < 100000; ++i) long_sum += "1+";
  long_sum += "1";
  EXPECT_EQ(ErrorOf(long_sum).sqlstate(), sqlstate::kStatementTooComplex);
  std::string wide = "SELECT 1 WHERE a IN (";  // wide lists are fine
  for (int i = 0; i < 20000; ++i) wide += std::to_string(i) + ",";
  wide += "0)";
  EXPECT_EQ(ParseOne(wide)->select->where->args.size(), 20002u);
}

TEST(ParserTest, ConcurrentCallsAreIndependent) {
  std::string long_query = "SELECT 1";
  for (int i = 0; i < 300; ++i) long_query += " + " + std::to_string(i);  // helper-thread path
  std::vector<std::thread> threads;
  std::vector<int> ok(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        auto stmts =
            ParseSql(t % 2 ? long_query : "SELECT a FROM t WHERE b = " + std::to_string(i));
        ok[t] += stmts.size() == 1 && stmts[0]->kind == StatementKind::kSelect;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(ok, std::vector<int>(4, 50));
}

// ---- ResolveTypeName ----------------------------------------------------------------------

Type Resolve(const std::string& type) {
  auto e = Expr("x::" + type);
  return ResolveTypeName(e->type_name);
}

SqlError ResolveError(const std::string& type) {
  try {
    Resolve(type);
  } catch (const SqlError& e) {
    return e;
  }
  ADD_FAILURE() << "no error for type " << type;
  return SqlError("00000", "");
}

TEST(TypeNameTest, ResolvesPostgresSpellings) {
  EXPECT_EQ(Resolve("boolean"), Type(TypeId::kBool));
  EXPECT_EQ(Resolve("smallint"), Type(TypeId::kInt2));
  EXPECT_EQ(Resolve("integer"), Type(TypeId::kInt4));
  EXPECT_EQ(Resolve("int4"), Type(TypeId::kInt4));
  EXPECT_EQ(Resolve("bigint"), Type(TypeId::kInt8));
  EXPECT_EQ(Resolve("real"), Type(TypeId::kFloat4));
  EXPECT_EQ(Resolve("float(24)"), Type(TypeId::kFloat4));
  EXPECT_EQ(Resolve("float(25)"), Type(TypeId::kFloat8));
  EXPECT_EQ(Resolve("double precision"), Type(TypeId::kFloat8));
  EXPECT_EQ(Resolve("decimal(12,2)"), Type(TypeId::kNumeric, MakeNumericTypmod(12, 2)));
  EXPECT_EQ(Resolve("numeric(5)"), Type(TypeId::kNumeric, MakeNumericTypmod(5, 0)));
  EXPECT_EQ(Resolve("numeric(5,-2)"), Type(TypeId::kNumeric, MakeNumericTypmod(5, -2)));
  EXPECT_EQ(Resolve("text"), Type(TypeId::kText));
  EXPECT_EQ(Resolve("character varying(10)"), Type(TypeId::kVarchar, MakeVarcharTypmod(10)));
  EXPECT_EQ(Resolve("varchar"), Type(TypeId::kVarchar));
  EXPECT_EQ(Resolve("char(3)"), Type(TypeId::kBpchar, MakeVarcharTypmod(3)));
  EXPECT_EQ(Resolve("character"), Type(TypeId::kBpchar, MakeVarcharTypmod(1)));
  EXPECT_EQ(Resolve("bpchar"), Type(TypeId::kBpchar));
  EXPECT_EQ(Resolve("\"char\""), Type(TypeId::kChar));
  EXPECT_EQ(Resolve("name"), Type(TypeId::kName));
  EXPECT_EQ(Resolve("oid"), Type(TypeId::kOid));
  EXPECT_EQ(Resolve("date"), Type(TypeId::kDate));
  EXPECT_EQ(Resolve("timestamp"), Type(TypeId::kTimestamp));
  EXPECT_EQ(Resolve("timestamp(3) without time zone"), Type(TypeId::kTimestamp, 3));
  EXPECT_EQ(Resolve("timestamp with time zone"), Type(TypeId::kTimestampTz));
  EXPECT_EQ(Resolve("timestamptz(9)"), Type(TypeId::kTimestampTz, 6));
  EXPECT_EQ(Resolve("interval"), Type(TypeId::kInterval));
  EXPECT_EQ(Resolve("json"), Type(TypeId::kJson));
  EXPECT_EQ(Resolve("jsonb[]"), Type::Array(TypeId::kJsonb));
  EXPECT_EQ(Resolve("int[]"), Type::Array(TypeId::kInt4));
  EXPECT_EQ(Resolve("varchar(4)[][]"), Type::Array(TypeId::kVarchar, MakeVarcharTypmod(4)));
  EXPECT_EQ(Resolve("_text"), Type::Array(TypeId::kText));
  EXPECT_EQ(Resolve("pg_catalog.int8"), Type(TypeId::kInt8));
}

TEST(TypeNameTest, RejectsUnknownAndUnsupportedTypes) {
  SqlError e = ResolveError("foo");
  EXPECT_EQ(e.sqlstate(), sqlstate::kUndefinedObject);
  EXPECT_STREQ(e.what(), "type \"foo\" does not exist");
  EXPECT_EQ(e.position(), 11);
  EXPECT_STREQ(ResolveError("public.int4").what(), "type \"public.int4\" does not exist");
  EXPECT_EQ(ResolveError("serial").sqlstate(), sqlstate::kFeatureNotSupported);
  EXPECT_EQ(ResolveError("bigserial").sqlstate(), sqlstate::kFeatureNotSupported);
  EXPECT_EQ(ResolveError("xml").sqlstate(), sqlstate::kFeatureNotSupported);
  EXPECT_EQ(ResolveError("interval day").sqlstate(), sqlstate::kFeatureNotSupported);
}

TEST(TypeNameTest, EnforcesTypmodRules) {
  SqlError v = ResolveError("varchar(0)");
  EXPECT_EQ(v.sqlstate(), sqlstate::kInvalidParameterValue);
  EXPECT_STREQ(v.what(), "length for type varchar must be at least 1");
  EXPECT_STREQ(ResolveError("char(0)").what(), "length for type char must be at least 1");
  EXPECT_STREQ(ResolveError("varchar(10485761)").what(),
               "length for type varchar cannot exceed 10485760");
  SqlError p = ResolveError("numeric(1001)");
  EXPECT_EQ(p.sqlstate(), sqlstate::kInvalidParameterValue);
  EXPECT_STREQ(p.what(), "NUMERIC precision 1001 must be between 1 and 1000");
  EXPECT_STREQ(ResolveError("numeric(0)").what(), "NUMERIC precision 0 must be between 1 and 1000");
  EXPECT_STREQ(ResolveError("numeric(5,1001)").what(),
               "NUMERIC scale 1001 must be between -1000 and 1000");
  ast::TypeName negative;  // the grammar refuses timestamp(-1); other callers may not
  negative.names = {"timestamptz"};
  negative.modifiers = {-1};
  try {
    ResolveTypeName(negative);
    ADD_FAILURE() << "no error for timestamptz(-1)";
  } catch (const SqlError& e) {
    EXPECT_STREQ(e.what(), "TIMESTAMP(-1) WITH TIME ZONE precision must not be negative");
  }
  SqlError t = ResolveError("text(3)");
  EXPECT_EQ(t.sqlstate(), sqlstate::kSyntaxError);
  EXPECT_STREQ(t.what(), "type modifier is not allowed for type \"text\"");
}

}  // namespace
}  // namespace firn
