#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cstdlib>
#include <filesystem>
#include <thread>

#include "scratch_dir.h"
#include "storage/iceberg/file_io.h"
#include "storage/iceberg/sql_catalog.h"
#include "storage/iceberg/table_committer.h"

namespace firn::iceberg {
namespace {

std::unique_ptr<SqlCatalog> OpenCatalog(const ScratchDir& dir) {
  auto c = SqlCatalog::Open(dir.path() + "/catalog.db", "firn");
  EXPECT_TRUE(c.ok()) << c.status().ToString();
  return c.ok() ? std::move(c.value()) : nullptr;
}

// Column definitions of a table, as sqlite3 reports them: "name type notnull pk".
std::vector<std::string> TableInfo(const std::string& db_path, const std::string& table) {
  sqlite3* db = nullptr;
  sqlite3_open(db_path.c_str(), &db);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, ("PRAGMA table_info(" + table + ")").c_str(), -1, &st, nullptr);
  std::vector<std::string> out;
  while (sqlite3_step(st) == SQLITE_ROW) {
    out.push_back(std::string(reinterpret_cast<const char*>(sqlite3_column_text(st, 1))) + " " +
                  reinterpret_cast<const char*>(sqlite3_column_text(st, 2)) + " " +
                  std::to_string(sqlite3_column_int(st, 3)) + " " +
                  std::to_string(sqlite3_column_int(st, 5)));
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  return out;
}

TEST(IcebergSqlCatalog, TablesHavePyIcebergsColumns) {
  ScratchDir dir;
  auto cat = OpenCatalog(dir);
  ASSERT_NE(cat, nullptr);
  EXPECT_EQ(TableInfo(dir.path() + "/catalog.db", "iceberg_tables"),
            (std::vector<std::string>{
                "catalog_name VARCHAR(255) 1 1", "table_namespace VARCHAR(255) 1 2",
                "table_name VARCHAR(255) 1 3", "metadata_location VARCHAR(1000) 0 0",
                "previous_metadata_location VARCHAR(1000) 0 0"}));
  EXPECT_EQ(TableInfo(dir.path() + "/catalog.db", "iceberg_namespace_properties"),
            (std::vector<std::string>{"catalog_name VARCHAR(255) 1 1", "namespace VARCHAR(255) 1 2",
                                      "property_key VARCHAR(255) 1 3",
                                      "property_value VARCHAR(1000) 1 0"}));
  EXPECT_EQ(TableInfo(dir.path() + "/catalog.db", "firn_metadata"),
            (std::vector<std::string>{"key TEXT 0 1", "value TEXT 0 0"}));
}

TEST(IcebergSqlCatalog, CompareAndSwapRefusesStaleLocation) {
  ScratchDir dir;
  auto cat = OpenCatalog(dir);
  ASSERT_NE(cat, nullptr);
  ASSERT_TRUE(cat->CreateNamespace("db").ok());
  ASSERT_TRUE(cat->CreateNamespace("db").ok());  // idempotent
  EXPECT_TRUE(cat->NamespaceExists("db").value());
  EXPECT_FALSE(cat->NamespaceExists("other").value());
  ASSERT_TRUE(cat->CreateTable("db", "t", "/m/v1.json").ok());
  EXPECT_EQ(cat->CreateTable("db", "t", "/m/v1.json").code(), Status::Code::kInvalidArgument);

  auto first = cat->CommitTable("db", "t", "/m/v1.json", "/m/v2.json");
  ASSERT_TRUE(first.ok());
  EXPECT_TRUE(first.value());
  auto stale = cat->CommitTable("db", "t", "/m/v1.json", "/m/v2b.json");
  ASSERT_TRUE(stale.ok());
  EXPECT_FALSE(stale.value());
  EXPECT_EQ(*cat->LoadTable("db", "t").value(), "/m/v2.json");
  EXPECT_FALSE(cat->CommitTable("db", "missing", "/a", "/b").value());

  ASSERT_TRUE(cat->CreateTable("db", "a", "/m/a1.json").ok());
  ASSERT_TRUE(cat->CreateTable("ns2", "z", "/m/z1.json").ok());
  EXPECT_EQ(cat->ListTables().value(), (std::vector<std::pair<std::string, std::string>>{
                                           {"db", "a"}, {"db", "t"}, {"ns2", "z"}}));
  EXPECT_EQ(cat->DropNamespace("db").code(), Status::Code::kInvalidArgument);
  ASSERT_TRUE(cat->DropTable("db", "t").ok());
  EXPECT_EQ(cat->DropTable("db", "t").code(), Status::Code::kNotFound);
  EXPECT_FALSE(cat->LoadTable("db", "t").value().has_value());
  ASSERT_TRUE(cat->DropTable("db", "a").ok());
  EXPECT_TRUE(cat->DropNamespace("db").ok());
  EXPECT_EQ(cat->DropNamespace("db").code(), Status::Code::kNotFound);

  EXPECT_FALSE(cat->GetFirnValue("k").value().has_value());
  ASSERT_TRUE(cat->PutFirnValue("k", "v1").ok());
  ASSERT_TRUE(cat->PutFirnValue("k", "v2").ok());
  EXPECT_EQ(*cat->GetFirnValue("k").value(), "v2");

  // A second connection (another process would do the same) sees the committed state.
  auto other = SqlCatalog::Open(dir.path() + "/catalog.db", "firn");
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(*other.value()->GetFirnValue("k").value(), "v2");
  auto foreign = SqlCatalog::Open(dir.path() + "/catalog.db", "another_catalog");
  EXPECT_TRUE(foreign.value()->ListTables().value().empty());
}

TEST(IcebergSqlCatalog, ConcurrentCommitsExactlyOneWins) {
  ScratchDir dir;
  auto cat = OpenCatalog(dir);
  ASSERT_TRUE(cat->CreateTable("db", "t", "v0").ok());
  std::atomic<int> wins{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; i++) {
    threads.emplace_back([&, i] {
      auto r = cat->CommitTable("db", "t", "v0", "v1-" + std::to_string(i));
      if (r.ok() && r.value()) wins++;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(wins.load(), 1);
}

size_t CountFiles(const std::string& dir) {
  size_t n = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir)) n++;
  return n;
}

DataFile Parquet(const std::string& dir, const std::string& name, int64_t rows,
                 int32_t content = 0) {
  DataFile f;
  f.content = content;
  f.file_path = dir + "/data/" + name;
  f.record_count = rows;
  f.file_size_in_bytes = 100 * rows;
  f.value_counts = {{1, rows}};
  return f;
}

TEST(IcebergTable, CreateAppendTwiceTagLoadAndList) {
  ScratchDir dir;
  auto cat = OpenCatalog(dir);
  const std::string loc = dir.path() + "/wh/db/events";
  std::vector<Column> cols = {{"id", Type(TypeId::kInt8), true},
                              {"who", Type(TypeId::kVarchar, MakeVarcharTypmod(10))},
                              {"tags", Type::Array(TypeId::kText)}};
  auto created = CreateTable(*cat, "db", "events", loc, cols, {{"owner", "firn"}}, 1000);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  TableHandle t0 = created.take();
  EXPECT_EQ(t0.version, 1);
  EXPECT_EQ(t0.metadata_location, loc + "/metadata/v1.metadata.json");
  EXPECT_EQ(t0.metadata.last_column_id, 4);
  EXPECT_FALSE(t0.metadata.current_snapshot_id.has_value());
  EXPECT_TRUE(FileExists(loc + "/data"));
  EXPECT_EQ(ReadWholeFile(loc + "/metadata/version-hint.text").value(), "1");
  EXPECT_EQ(CreateTable(*cat, "db", "events", loc, cols, {}, 1000).status().code(),
            Status::Code::kInvalidArgument);

  auto c1 = CommitAppend(*cat, t0, {Parquet(loc, "a.parquet", 10), Parquet(loc, "b.parquet", 5)},
                         {}, {{"firn.wal-lsn", "123"}}, 2000);
  ASSERT_TRUE(c1.ok()) << c1.status().ToString();
  TableHandle t1 = c1.take();
  EXPECT_EQ(t1.version, 2);
  const Snapshot* s1 = t1.metadata.CurrentSnapshot();
  ASSERT_NE(s1, nullptr);
  EXPECT_GT(s1->snapshot_id, 0);
  EXPECT_EQ(s1->sequence_number, 1);
  EXPECT_FALSE(s1->parent_snapshot_id.has_value());
  EXPECT_EQ(s1->summary.at("operation"), "append");
  EXPECT_EQ(s1->summary.at("firn.wal-lsn"), "123");
  EXPECT_EQ(s1->summary.at("added-data-files"), "2");
  EXPECT_EQ(s1->summary.at("added-records"), "15");
  EXPECT_EQ(s1->summary.at("total-records"), "15");
  EXPECT_EQ(s1->summary.at("total-files-size"), "1500");
  EXPECT_EQ(s1->summary.at("total-delete-files"), "0");
  EXPECT_EQ(
      s1->manifest_list.rfind(loc + "/metadata/snap-" + std::to_string(s1->snapshot_id) + "-", 0),
      0u);

  auto c2 = CommitAppend(*cat, t1, {Parquet(loc, "c.parquet", 7)},
                         {Parquet(loc, "a-deletes.parquet", 2, kContentPositionDeletes)},
                         {{"firn.wal-lsn", "456"}}, 3000);
  ASSERT_TRUE(c2.ok()) << c2.status().ToString();
  TableHandle t2 = c2.take();
  const Snapshot* s2 = t2.metadata.CurrentSnapshot();
  EXPECT_EQ(s2->sequence_number, 2);
  EXPECT_EQ(s2->parent_snapshot_id, s1->snapshot_id);
  EXPECT_EQ(s2->summary.at("operation"), "overwrite");
  EXPECT_EQ(s2->summary.at("total-records"), "22");
  EXPECT_EQ(s2->summary.at("total-data-files"), "3");
  EXPECT_EQ(s2->summary.at("total-delete-files"), "1");
  EXPECT_EQ(s2->summary.at("total-position-deletes"), "2");
  EXPECT_EQ(t2.metadata.metadata_log.size(), 2u);
  EXPECT_EQ(t2.metadata.metadata_log[1].metadata_file, t1.metadata_location);
  EXPECT_EQ(t2.metadata.snapshot_log.size(), 2u);

  // The old handle is stale now: committing from it must fail and change nothing.
  const size_t files_before = CountFiles(loc + "/metadata");
  auto stale = CommitAppend(*cat, t1, {Parquet(loc, "x.parquet", 1)}, {}, {}, 3500);
  EXPECT_EQ(stale.status().code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(CountFiles(loc + "/metadata"), files_before);  // its manifests etc. are removed

  auto tagged = SetTag(*cat, t2, "v1", s1->snapshot_id, 4000);
  ASSERT_TRUE(tagged.ok()) << tagged.status().ToString();
  EXPECT_EQ(SetTag(*cat, tagged.value(), "v2", 12345, 4000).status().code(),
            Status::Code::kNotFound);
  EXPECT_FALSE(SetTag(*cat, tagged.value(), "main", s1->snapshot_id, 4000).ok());

  auto loaded = LoadTable(*cat, "db", "events");
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  const TableHandle& t = loaded.value();
  EXPECT_EQ(t.metadata, tagged.value().metadata);
  EXPECT_EQ(t.metadata_location, tagged.value().metadata_location);
  EXPECT_EQ(t.version, 4);
  EXPECT_EQ(ReadWholeFile(loc + "/metadata/version-hint.text").value(), "4");
  EXPECT_EQ(t.metadata.refs.at("v1").type, "tag");
  EXPECT_EQ(t.metadata.refs.at("v1").snapshot_id, s1->snapshot_id);
  EXPECT_EQ(t.metadata.refs.at("main").snapshot_id, s2->snapshot_id);
  EXPECT_EQ(t.metadata.CurrentSchema().columns[1].type,
            Type(TypeId::kVarchar, MakeVarcharTypmod(10)));

  auto files2 = ListFiles(t, s2->snapshot_id);
  ASSERT_TRUE(files2.ok()) << files2.status().ToString();
  std::map<std::string, std::pair<int64_t, int32_t>> seen;  // name -> (seq, content)
  for (const ManifestEntry& e : files2.value()) {
    std::string name = e.file.file_path.substr(e.file.file_path.rfind('/') + 1);
    seen[name] = {*e.sequence_number, e.file.content};
    EXPECT_EQ(e.sequence_number, e.file_sequence_number);
    EXPECT_EQ(*e.snapshot_id, *e.sequence_number == 1 ? s1->snapshot_id : s2->snapshot_id);
  }
  EXPECT_EQ(seen,
            (std::map<std::string, std::pair<int64_t, int32_t>>{{"a.parquet", {1, 0}},
                                                                {"b.parquet", {1, 0}},
                                                                {"c.parquet", {2, 0}},
                                                                {"a-deletes.parquet", {2, 1}}}));
  auto files1 = ListFiles(t, s1->snapshot_id);
  ASSERT_TRUE(files1.ok());
  EXPECT_EQ(files1.value().size(), 2u);
  EXPECT_EQ(ListFiles(t, 999).status().code(), Status::Code::kNotFound);
}

TEST(IcebergTable, FailedCommitLeavesAVersionThatIsSkipped) {
  ScratchDir dir;
  auto cat = OpenCatalog(dir);
  const std::string loc = dir.path() + "/t";
  auto t0 = CreateTable(*cat, "db", "t", loc, {{"id", Type(TypeId::kInt4)}}, {}, 1);
  ASSERT_TRUE(t0.ok());
  // Simulate a crash after writing v2 but before the catalog swap.
  ASSERT_TRUE(WriteNewFile(loc + "/metadata/v2.metadata.json", "{\"garbage\":true}").ok());
  auto t1 = CommitAppend(*cat, t0.value(), {Parquet(loc, "a.parquet", 1)}, {}, {}, 2);
  ASSERT_TRUE(t1.ok()) << t1.status().ToString();
  EXPECT_EQ(t1.value().version, 3);
  auto loaded = LoadTable(*cat, "db", "t");
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(loaded.value().version, 3);
}

TEST(IcebergTable, BrokenMetadataFileIsReportedWithItsPath) {
  ScratchDir dir;
  auto cat = OpenCatalog(dir);
  const std::string loc = dir.path() + "/t";
  auto t0 = CreateTable(*cat, "db", "t", "file://" + loc, {{"id", Type(TypeId::kInt4)}}, {}, 1);
  ASSERT_TRUE(t0.ok()) << t0.status().ToString();
  EXPECT_EQ(t0.value().metadata_location, "file://" + loc + "/metadata/v1.metadata.json");
  ASSERT_TRUE(ReplaceFile(loc + "/metadata/v1.metadata.json", "{not json").ok());
  auto r = LoadTable(*cat, "db", "t");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kCorruption);
  EXPECT_NE(r.status().message().find("v1.metadata.json"), std::string::npos);
  EXPECT_EQ(LoadTable(*cat, "db", "nope").status().code(), Status::Code::kNotFound);
}

}  // namespace
}  // namespace firn::iceberg
