// Tests for ExpandGroupBy: the grouping sets a GROUP BY clause stands for, as PostgreSQL
// expands them (the rows they produce are tested against PostgreSQL in
// tests/sqllogic/basic/grouping_sets.test).
#include "sql/binder/grouping_sets.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/sql_error.h"
#include "sql/parser/parser.h"

namespace firn {
namespace {

// The sets of "SELECT 1 FROM t GROUP BY <clause>", each written as the column names it
// groups by ("a,b"; "" for the empty set).
std::vector<std::string> SetsOf(const std::string& clause, bool* has_sets = nullptr) {
  auto stmts = ParseSql("SELECT 1 FROM t GROUP BY " + clause);
  ExpandedGroupBy e = ExpandGroupBy(stmts.at(0)->select->group_by);
  if (has_sets) *has_sets = e.has_sets;
  std::vector<std::string> out;
  for (const std::vector<int>& set : e.sets) {
    std::string s;
    for (int i : set) {
      if (!s.empty()) s += ",";
      s += e.exprs[static_cast<size_t>(i)]->names.back();
    }
    out.push_back(s);
  }
  return out;
}

using Sets = std::vector<std::string>;

TEST(GroupingSetsTest, PlainGroupByIsOneSet) {
  bool has_sets = true;
  EXPECT_EQ(SetsOf("a, b", &has_sets), Sets{"a,b"});
  EXPECT_FALSE(has_sets);
  EXPECT_EQ(SetsOf("(a, b)", &has_sets), Sets{"a,b"});  // a list of columns, not a row
  EXPECT_FALSE(has_sets);
  EXPECT_EQ(SetsOf("()", &has_sets), Sets{""});
  EXPECT_TRUE(has_sets);
}

TEST(GroupingSetsTest, RollupCubeAndGroupingSets) {
  EXPECT_EQ(SetsOf("ROLLUP (a, b, c)"), (Sets{"a,b,c", "a,b", "a", ""}));
  EXPECT_EQ(SetsOf("ROLLUP (a, (b, c))"), (Sets{"a,b,c", "a", ""}));
  EXPECT_EQ(SetsOf("CUBE (a, b)"), (Sets{"a,b", "b", "a", ""}));
  EXPECT_EQ(SetsOf("GROUPING SETS ((a, b), a, (), ROLLUP (c), GROUPING SETS (d))"),
            (Sets{"a,b", "a", "", "c", "", "d"}));
}

TEST(GroupingSetsTest, ItemsCombineAsACrossProduct) {
  EXPECT_EQ(SetsOf("a, ROLLUP (b, c)"), (Sets{"a,b,c", "a,b", "a"}));
  EXPECT_EQ(SetsOf("GROUPING SETS (a, b), GROUPING SETS (c, ())"), (Sets{"a,c", "a", "b,c", "b"}));
  EXPECT_EQ(SetsOf("a, ()"), Sets{"a"});
  EXPECT_EQ(SetsOf("(), ()"), Sets{""});
  EXPECT_EQ(SetsOf("GROUPING SETS ((), ())"), (Sets{"", ""}));
}

TEST(GroupingSetsTest, LimitsAreEnforcedWithPostgresCodes) {
  try {
    SetsOf("CUBE (a, b, c, d, e, f, g, h, i, j, k, l, m)");
    ADD_FAILURE() << "a CUBE of 13 elements was accepted";
  } catch (const SqlError& e) {
    EXPECT_EQ(e.sqlstate(), sqlstate::kTooManyColumns);
  }
  EXPECT_EQ(SetsOf("CUBE (a, b, c, d, e, f, g, h, i, j, k, l)").size(), 4096u);
  try {
    SetsOf("CUBE (a, b, c, d, e, f, g, h, i, j, k, l), ROLLUP (m)");
    ADD_FAILURE() << "8192 grouping sets were accepted";
  } catch (const SqlError& e) {
    EXPECT_EQ(e.sqlstate(), sqlstate::kStatementTooComplex);
  }
}

}  // namespace
}  // namespace firn
