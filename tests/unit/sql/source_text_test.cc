// Tests for DefaultExpressionText, AlterDefaultText and CheckExpressionText, and for CREATE
// TABLE and ALTER TABLE keeping each DEFAULT's and CHECK's text.
#include "sql/parser/source_text.h"

#include <gtest/gtest.h>

#include <string>

#include "sql/parser/parser.h"

namespace firn::pgtransform {
namespace {

// The text of the DEFAULT starting at the first "DEFAULT" or "CONSTRAINT" of `sql`.
std::string TextAt(const std::string& sql, const std::string& from,
                   size_t limit = std::string::npos) {
  return DefaultExpressionText(sql, sql.find(from), limit);
}

TEST(DefaultExpressionText, EndsAtTheColumnsCommaOrTheTablesParenthesis) {
  EXPECT_EQ(TextAt("CREATE TABLE t (a int DEFAULT 1, b int)", "DEFAULT"), "1");
  EXPECT_EQ(TextAt("CREATE TABLE t (a int DEFAULT 1 + 2)", "DEFAULT"), "1 + 2");
  EXPECT_EQ(TextAt("CREATE TABLE t (a int DEFAULT f(1, (2)), b int)", "DEFAULT"), "f(1, (2))");
  EXPECT_EQ(TextAt("CREATE TABLE t (a int[] DEFAULT ARRAY[1, 2])", "DEFAULT"), "ARRAY[1, 2]");
  EXPECT_EQ(TextAt("CREATE TABLE t (a int DEFAULT 1)  WITH (x = 'y');", "DEFAULT"), "1");
}

TEST(DefaultExpressionText, QuotesHideCommasAndParentheses) {
  EXPECT_EQ(TextAt("CREATE TABLE t (a text DEFAULT 'x, y)', b int)", "DEFAULT"), "'x, y)'");
  EXPECT_EQ(TextAt("CREATE TABLE t (a text DEFAULT 'it''s,', b int)", "DEFAULT"), "'it''s,'");
  EXPECT_EQ(TextAt("CREATE TABLE t (a text DEFAULT E'a\\',b', c int)", "DEFAULT"), "E'a\\',b'");
  EXPECT_EQ(TextAt("CREATE TABLE t (a text DEFAULT $q$),$q$, b int)", "DEFAULT"), "$q$),$q$");
  EXPECT_EQ(TextAt("CREATE TABLE t (a text DEFAULT $$,$$)", "DEFAULT"), "$$,$$");
  EXPECT_EQ(TextAt("CREATE TABLE t (a int DEFAULT \"f,\"(1), b int)", "DEFAULT"), "\"f,\"(1)");
}

TEST(DefaultExpressionText, CommentsAroundItAreLeftOut) {
  EXPECT_EQ(TextAt("CREATE TABLE t (a int /* c */ DEFAULT /* , */ 1 /* ) */ , b int)", "DEFAULT"),
            "1");
  EXPECT_EQ(TextAt("CREATE TABLE t (a int DEFAULT 1 -- ),\n + 2\n)", "DEFAULT"), "1 -- ),\n + 2");
  EXPECT_EQ(TextAt("CREATE TABLE t (a int DEFAULT 1 /* /* nested */ ) */)", "DEFAULT"), "1");
}

TEST(DefaultExpressionText, NamedConstraintAndTheNextConstraint) {
  std::string sql = "CREATE TABLE t (a int CONSTRAINT \"d 1\" DEFAULT 7 NOT NULL)";
  EXPECT_EQ(TextAt(sql, "CONSTRAINT", sql.find("NOT")), "7");
  EXPECT_EQ(TextAt(sql, "CONSTRAINT"), "7 NOT NULL");  // no limit: only brackets end it
  EXPECT_EQ(TextAt("CREATE TABLE t (a int NOT NULL)", "NOT"), "");  // not a DEFAULT
}

TEST(AlterDefaultText, FindsTheSetDefaultOfEachCommand) {
  std::string sql =
      "ALTER TABLE s.t ALTER a SET DEFAULT f(1, 2), ALTER COLUMN b DROP DEFAULT, "
      "ALTER \"set\" SET /* , */ DEFAULT 'x,' || (3); SELECT 1";
  size_t start = sql.find("s.t");
  EXPECT_EQ(AlterDefaultText(sql, start, 0), "f(1, 2)");
  EXPECT_EQ(AlterDefaultText(sql, start, 1), "");  // DROP DEFAULT
  EXPECT_EQ(AlterDefaultText(sql, start, 2), "'x,' || (3)");
  EXPECT_EQ(AlterDefaultText(sql, start, 3), "");  // no such command: the next statement
}

TEST(DefaultExpressionText, CreateTableKeepsEachDefaultAsWritten) {
  auto stmts = ParseSql(
      "CREATE TABLE t (a int DEFAULT 1 + 1 NOT NULL, b text DEFAULT 'x' || 'y', "
      "c timestamptz CONSTRAINT now_default DEFAULT now() /* why */, d int, "
      "e int DEFAULT -1 PRIMARY KEY)");
  ASSERT_EQ(stmts.size(), 1u);
  const auto& columns = stmts[0]->create_table->columns;
  ASSERT_EQ(columns.size(), 5u);
  EXPECT_EQ(columns[0].default_text, "1 + 1");
  EXPECT_EQ(columns[1].default_text, "'x' || 'y'");
  EXPECT_EQ(columns[2].default_text, "now()");
  EXPECT_EQ(columns[3].default_text, "");
  EXPECT_EQ(columns[4].default_text, "-1");
  EXPECT_TRUE(columns[0].not_null);
  EXPECT_TRUE(columns[4].primary_key);
}

TEST(AlterDefaultText, AlterTableKeepsEachDefaultAsWritten) {
  auto stmts = ParseSql(
      "ALTER TABLE IF EXISTS t ALTER a SET DEFAULT 1 + 1, ALTER b DROP DEFAULT, "
      "ALTER c SET DEFAULT now()");
  ASSERT_EQ(stmts.size(), 1u);
  const ast::AlterTableStmt& alter = *stmts[0]->alter_table;
  EXPECT_TRUE(alter.if_exists);
  EXPECT_EQ(alter.table.name, "t");
  ASSERT_EQ(alter.commands.size(), 3u);
  EXPECT_EQ(alter.commands[0].kind, ast::AlterTableKind::kSetDefault);
  EXPECT_EQ(alter.commands[0].default_text, "1 + 1");
  EXPECT_EQ(alter.commands[1].kind, ast::AlterTableKind::kDropDefault);
  EXPECT_EQ(alter.commands[1].column, "b");
  EXPECT_EQ(alter.commands[2].default_text, "now()");
}

TEST(CheckExpressionText, TheTextBetweenTheParentheses) {
  auto at = [](const std::string& sql, const std::string& from) {
    return CheckExpressionText(sql, sql.find(from));
  };
  EXPECT_EQ(at("CREATE TABLE t (a int CHECK ( a > 0 ), b int)", "CHECK"), "a > 0");
  EXPECT_EQ(at("CREATE TABLE t (a int CHECK ((a > 0) AND a IN (1, 2)))", "CHECK"),
            "(a > 0) AND a IN (1, 2)");
  EXPECT_EQ(at("CREATE TABLE t (a text CONSTRAINT \"c)\" CHECK (a <> ')'))", "CONSTRAINT"),
            "a <> ')'");
  EXPECT_EQ(at("CREATE TABLE t (a int DEFAULT 1)", "DEFAULT"), "");  // not a CHECK
}

TEST(CheckExpressionText, CreateAndAlterTableKeepEachCheckAsWritten) {
  auto stmts = ParseSql(
      "CREATE TABLE t (a int CHECK (a > 0) CONSTRAINT small CHECK (a < 10), b int, "
      "CHECK (a < b) NO INHERIT); ALTER TABLE t ADD CONSTRAINT c CHECK (b <> 3) NOT VALID");
  ASSERT_EQ(stmts.size(), 2u);
  const ast::CreateTableStmt& create = *stmts[0]->create_table;
  ASSERT_EQ(create.columns[0].checks.size(), 2u);
  EXPECT_EQ(create.columns[0].checks[0].text, "a > 0");
  EXPECT_EQ(create.columns[0].checks[0].column, "a");
  EXPECT_EQ(create.columns[0].checks[1].name, "small");
  ASSERT_EQ(create.checks.size(), 1u);
  EXPECT_EQ(create.checks[0].text, "a < b");
  EXPECT_EQ(create.checks[0].column, "");
  const ast::AlterTableCommand& add = stmts[1]->alter_table->commands.at(0);
  EXPECT_EQ(add.kind, ast::AlterTableKind::kAddCheck);
  EXPECT_EQ(add.check.name, "c");
  EXPECT_EQ(add.check.text, "b <> 3");
  EXPECT_FALSE(add.check.validate);
}

}  // namespace
}  // namespace firn::pgtransform
