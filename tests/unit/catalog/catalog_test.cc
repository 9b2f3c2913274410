#include "catalog/catalog.h"

#include <gtest/gtest.h>

#include "common/sql_error.h"

namespace firn {
namespace {

TableInfo MakeTable(const std::string& schema, const std::string& name) {
  TableInfo t;
  t.schema = schema;
  t.name = name;
  t.columns.push_back({"a", Type(TypeId::kInt4), false});
  return t;
}

std::string StateOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const SqlError& e) {
    return e.sqlstate();
  }
  return "ok";
}

TEST(CatalogTest, CreateTableTwiceIsDuplicateUnlessIfNotExists) {
  Catalog catalog;
  ASSERT_NE(catalog.CreateTable(MakeTable("public", "t"), false), nullptr);
  EXPECT_EQ(StateOf([&] { catalog.CreateTable(MakeTable("public", "t"), false); }), "42P07");
  EXPECT_EQ(catalog.CreateTable(MakeTable("public", "t"), true), nullptr);
}

TEST(CatalogTest, TablesGetDistinctOidsAndData) {
  Catalog catalog;
  auto a = catalog.CreateTable(MakeTable("public", "a"), false);
  auto b = catalog.CreateTable(MakeTable("public", "b"), false);
  EXPECT_NE(a->oid, b->oid);
  EXPECT_GE(a->oid, 16384u);
  EXPECT_NE(a->data, b->data);
  EXPECT_EQ(catalog.GetTableByOid(b->oid), b);
}

TEST(CatalogTest, DefaultsGetOidsAndTravelInTheImage) {
  Catalog catalog;
  TableInfo t = MakeTable("public", "d");
  t.columns.push_back({"b", Type(TypeId::kText), true});
  t.columns[1].default_expr = "'x' || 'y'";
  auto created = catalog.CreateTable(std::move(t), false);
  EXPECT_EQ(created->columns[0].default_oid, 0u);  // no default, no pg_attrdef row
  EXPECT_GT(created->columns[1].default_oid, created->oid);

  Catalog restored;
  restored.ApplyImage(catalog.ExportImage());
  auto back = restored.GetTable("public", "d");
  ASSERT_NE(back, nullptr);
  EXPECT_EQ(back->columns[0].default_expr, "");
  EXPECT_EQ(back->columns[1].default_expr, "'x' || 'y'");
  EXPECT_EQ(back->columns[1].default_oid, created->columns[1].default_oid);
  EXPECT_TRUE(back->columns[1].not_null);
  // The OID counter moved past the default's OID too.
  EXPECT_GT(restored.AllocateOid(), created->columns[1].default_oid);

  // A later image of the same table (ALTER TABLE changed a default) keeps the table's data.
  TableInfo altered = *created;
  altered.columns[0].default_expr = "7";
  altered.columns[0].default_oid = catalog.AllocateOid();
  ASSERT_TRUE(catalog.ReplaceTable(std::make_shared<const TableInfo>(altered)));
  auto data = restored.GetTable("public", "d")->data;
  restored.ApplyImage(catalog.ExportImage());
  EXPECT_EQ(restored.GetTable("public", "d")->columns[0].default_expr, "7");
  EXPECT_EQ(restored.GetTable("public", "d")->data, data);
}

// ALTER TABLE ... RENAME TO and ADD COLUMN: an image with the table under a new name and
// with one more column keeps its data, under the new name (the description's too), and the
// rows get the new column, NULL.
TEST(CatalogTest, ApplyImageOfARenamedWiderTableKeepsItsRows) {
  Catalog catalog, restored;
  auto created = catalog.CreateTable(MakeTable("public", "t"), false);
  restored.ApplyImage(catalog.ExportImage());
  auto data = restored.GetTable("public", "t")->data;
  TableWrite write(data->column_types());
  DataChunk rows(data->column_types());
  rows.AppendRow({Value::Int4(5)});
  write.inserts.Append(rows);
  data->Commit(write);

  TableInfo changed = *created;
  changed.name = "u";
  changed.columns.push_back({"b", Type(TypeId::kText), false});
  ASSERT_TRUE(catalog.ReplaceTable(std::make_shared<const TableInfo>(changed)));
  EXPECT_EQ(catalog.GetTable("public", "t"), nullptr);
  EXPECT_EQ(StateOf([&] {
              TableInfo clash = changed;
              clash.oid = catalog.CreateTable(MakeTable("public", "v"), false)->oid;
              catalog.ReplaceTable(std::make_shared<const TableInfo>(clash));
            }),
            "42P07");
  restored.ApplyImage(catalog.ExportImage());
  auto back = restored.GetTable("public", "u");
  ASSERT_NE(back, nullptr);
  EXPECT_EQ(back->name, "u");
  EXPECT_EQ(back->data, data);
  EXPECT_EQ(restored.GetTable("public", "t"), nullptr);
  auto version = data->Snapshot();
  ASSERT_EQ(version->segments.size(), 1u);
  ASSERT_EQ(version->segments[0].rows->column_count(), 2u);
  EXPECT_EQ(version->segments[0].rows->GetValue(0, 0).GetInt64(), 5);
  EXPECT_TRUE(version->segments[0].rows->column(1).IsNull(0));
}

TEST(CatalogTest, DropMissingTableIs42P01UnlessIfExists) {
  Catalog catalog;
  EXPECT_EQ(StateOf([&] { catalog.DropTable("public", "nope", false); }), "42P01");
  EXPECT_FALSE(catalog.DropTable("public", "nope", true));
}

TEST(CatalogTest, DropNonEmptySchemaNeedsCascade) {
  Catalog catalog;
  catalog.CreateSchema("s", "firn", false);
  catalog.CreateTable(MakeTable("s", "t"), false);
  EXPECT_EQ(StateOf([&] { catalog.DropSchema("s", false, false); }), "2BP01");
  EXPECT_TRUE(catalog.DropSchema("s", false, true));
  EXPECT_EQ(catalog.GetTable("s", "t"), nullptr);
}

TEST(CatalogTest, TableInSchemaThatDoesNotExistIs3F000) {
  Catalog catalog;
  EXPECT_EQ(StateOf([&] { catalog.CreateTable(MakeTable("nope", "t"), false); }), "3F000");
}

TEST(CatalogTest, RolesCreateAndUpdate) {
  Catalog catalog;
  catalog.CreateRole(RoleInfo{0, "alice", false, true, ""});
  EXPECT_EQ(StateOf([&] { catalog.CreateRole(RoleInfo{0, "alice", false, true, ""}); }), "42710");
  RoleInfo r = *catalog.GetRole("alice");
  r.scram_secret = "x";
  catalog.UpdateRole(r);
  EXPECT_EQ(catalog.GetRole("alice")->scram_secret, "x");
  EXPECT_EQ(StateOf([&] { catalog.UpdateRole(RoleInfo{0, "bob", false, true, ""}); }), "42704");
}

TEST(CatalogTest, ChosenNamesAreNumberedAndFitSixtyThreeBytes) {
  Catalog catalog;
  ASSERT_NE(catalog.CreateTable(MakeTable("public", "t"), false), nullptr);
  EXPECT_EQ(catalog.ChooseRelationName("public", "t", "a", "idx"), "t_a_idx");
  IndexInfo index;
  index.schema = "public";
  index.name = "t_a_idx";
  index.table_oid = catalog.GetTable("public", "t")->oid;
  index.columns.push_back(IndexColumn{0, true, true});
  ASSERT_NE(catalog.CreateIndex(index, false), nullptr);
  EXPECT_EQ(catalog.ChooseRelationName("public", "t", "a", "idx"), "t_a_idx1");
  std::string long_table(60, 'x');
  std::string name = catalog.ChooseRelationName("public", long_table, "col", "seq");
  EXPECT_EQ(name.size(), 63u);
  EXPECT_EQ(name.substr(name.size() - 8), "_col_seq");
  // A name already used by the index is a relation name like any other.
  EXPECT_EQ(StateOf([&] { catalog.CreateTable(MakeTable("public", "t_a_idx"), false); }), "42P07");
}

TEST(CatalogTest, IndexesRoundTripThroughTheImage) {
  Catalog catalog;
  auto table = catalog.CreateTable(MakeTable("public", "t"), false);
  IndexInfo index;
  index.schema = "public";
  index.name = "ix";
  index.table_oid = table->oid;
  index.method = "hash";
  index.columns.push_back(IndexColumn{0, false, false});
  auto made = catalog.CreateIndex(index, false);
  Catalog restored;
  restored.ApplyImage(catalog.ExportImage());
  auto back = restored.GetIndex("public", "ix");
  ASSERT_NE(back, nullptr);
  EXPECT_EQ(back->oid, made->oid);
  EXPECT_EQ(back->method, "hash");
  EXPECT_EQ(back->table_oid, table->oid);
  ASSERT_EQ(back->columns.size(), 1u);
  EXPECT_EQ(restored.IndexesOn(table->oid).size(), 1u);
}

TEST(CatalogTest, SqlViewsRoundTripThroughTheImage) {
  Catalog catalog;
  auto table = catalog.CreateTable(MakeTable("public", "t"), false);
  SqlViewInfo info;
  info.schema = "public";
  info.name = "v";
  info.query = "SELECT * FROM t";
  info.columns.push_back(ColumnInfo{"a", Type(TypeId::kInt4), false});
  info.uses.push_back(ViewDependency{"", "t", table->oid, 1});
  auto made = catalog.CreateSqlView(info);
  ASSERT_NE(made, nullptr);
  Catalog restored;
  restored.ApplyImage(catalog.ExportImage());
  auto back = restored.GetSqlView("public", "v");
  ASSERT_NE(back, nullptr);
  EXPECT_EQ(back->oid, made->oid);
  EXPECT_EQ(back->query, "SELECT * FROM t");
  ASSERT_EQ(back->columns.size(), 1u);
  EXPECT_EQ(back->columns[0].name, "a");
  ASSERT_EQ(back->uses.size(), 1u);
  EXPECT_EQ(back->uses[0].oid, table->oid);
  EXPECT_EQ(back->uses[0].columns, 1u);
  EXPECT_EQ(restored.SqlViewsUsing(table->oid).size(), 1u);
}

TEST(CatalogTest, CommentsFollowTheirObjectsAndTravelInTheImage) {
  Catalog catalog;
  auto kept = catalog.CreateTable(MakeTable("public", "kept"), false);
  auto dropped = catalog.CreateTable(MakeTable("public", "dropped"), false);
  const CommentKey table{kPgClassOid, kept->oid, 0}, column{kPgClassOid, kept->oid, 1};
  EXPECT_EQ(catalog.SetComment(table, "first"), "");
  EXPECT_EQ(catalog.SetComment(table, "second"), "first");
  catalog.SetComment(column, "a column");
  catalog.SetComment({kPgClassOid, kept->oid, 2}, "no such column");
  catalog.SetComment({kPgClassOid, dropped->oid, 0}, "gone soon");
  ASSERT_TRUE(catalog.DropTable("public", "dropped", false));
  EXPECT_EQ(catalog.GetComment({kPgClassOid, dropped->oid, 0}), "");
  EXPECT_EQ(catalog.ListComments().size(), 2u);  // the table's and its one column's

  Catalog restored;
  restored.ApplyImage(catalog.ExportImage());
  EXPECT_EQ(restored.GetComment(table), "second");
  EXPECT_EQ(restored.GetComment(column), "a column");
  EXPECT_EQ(restored.ListComments().size(), 2u);
  EXPECT_EQ(restored.SetComment(column, ""), "a column");  // '' removes it
  EXPECT_EQ(restored.GetComment(column), "");
}

TEST(CatalogTest, SqlViewsShareTheRelationNamespace) {
  Catalog catalog;
  ASSERT_NE(catalog.CreateTable(MakeTable("public", "t"), false), nullptr);
  SqlViewInfo info;
  info.schema = "public";
  info.name = "t";
  EXPECT_EQ(StateOf([&] { catalog.CreateSqlView(info); }), "42P07");
  info.name = "v";
  auto view = catalog.CreateSqlView(info);
  EXPECT_EQ(StateOf([&] { catalog.CreateTable(MakeTable("public", "v"), false); }), "42P07");
  // A rename onto a taken name is refused; a dropped view can be put back.
  SqlViewInfo renamed = *view;
  renamed.name = "t";
  EXPECT_EQ(StateOf([&] { catalog.ReplaceSqlView(std::make_shared<SqlViewInfo>(renamed)); }),
            "42P07");
  EXPECT_TRUE(catalog.DropSqlView("public", "v"));
  EXPECT_EQ(catalog.GetSqlView("public", "v"), nullptr);
  catalog.RestoreSqlView(view);
  EXPECT_NE(catalog.GetSqlView("public", "v"), nullptr);
  // DROP SCHEMA refuses a schema with a view unless CASCADE.
  catalog.CreateSchema("s", "firn", false);
  info.schema = "s";
  catalog.CreateSqlView(info);
  EXPECT_EQ(StateOf([&] { catalog.DropSchema("s", false, false); }), "2BP01");
  EXPECT_TRUE(catalog.DropSchema("s", false, true));
  EXPECT_EQ(catalog.GetSqlView("s", "v"), nullptr);
}

}  // namespace
}  // namespace firn
