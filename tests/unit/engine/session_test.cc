// Session-level tests: what one or several sessions see, through the same entry points the
// wire layer uses. Cross-session visibility lives here because the SQL logic tests run one
// connection per file.
#include "engine/session.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "common/sql_error.h"
#include "engine/database.h"
#include "types/value_io.h"

namespace firn {
namespace {

// Collects what a statement sends back, as text.
class CollectingSink : public ResultSink {
 public:
  void OnRowDescription(const std::vector<ColumnDescription>& columns) override {
    this->columns = columns;
  }
  void OnRows(const DataChunk& chunk, size_t begin, size_t end) override {
    for (size_t r = begin; r < end; r++) {
      std::string line;
      for (size_t c = 0; c < chunk.column_count(); c++) {
        if (c) line += "|";
        Value v = chunk.GetValue(c, r);
        line += v.is_null() ? "NULL" : ValueToText(v);
      }
      rows.push_back(line);
    }
  }
  void OnCommandComplete(const std::string& tag) override { tags.push_back(tag); }
  void OnEmptyQuery() override { tags.push_back("EMPTY"); }
  void OnNotice(const Notice& notice) override { notices.push_back(notice.message); }
  void BeginCopyIn(const CopyFormat&) override {}
  bool ReadCopyData(std::string* data) override {
    if (copy_in.empty()) return false;
    *data += copy_in.front();
    copy_in.erase(copy_in.begin());
    return true;
  }
  void BeginCopyOut(const CopyFormat&) override {}
  void WriteCopyData(std::string_view data) override { copy_out += data; }
  void EndCopyOut() override {}

  std::vector<ColumnDescription> columns;
  std::vector<std::string> rows;
  std::vector<std::string> tags;
  std::vector<std::string> notices;
  std::vector<std::string> copy_in;
  std::string copy_out;
};

class SessionTest : public ::testing::Test {
 protected:
  SessionTest() {
    dir_ = std::filesystem::temp_directory_path() /
           ("firn-session-test-" + std::to_string(::getpid()));
    DatabaseOptions options;
    options.data_dir = dir_.string();
    options.logger = &logger_;
    db_ = std::make_unique<Database>(options);
  }
  ~SessionTest() override { std::filesystem::remove_all(dir_); }

  std::unique_ptr<Session> Open() {
    SessionStartup startup;
    startup.user = "firn";
    startup.database = "firn";
    return std::make_unique<Session>(*db_, startup);
  }

  static std::vector<std::string> Rows(Session& s, const std::string& sql) {
    CollectingSink sink;
    s.ExecuteSimple(sql, sink);
    return sink.rows;
  }

  static std::string ErrorOf(Session& s, const std::string& sql) {
    CollectingSink sink;
    try {
      s.ExecuteSimple(sql, sink);
    } catch (const SqlError& e) {
      return e.sqlstate();
    }
    return "ok";
  }

  Logger logger_{LogLevel::kError};
  std::filesystem::path dir_;
  std::unique_ptr<Database> db_;
};

TEST_F(SessionTest, UncommittedWritesAreInvisibleToOtherSessions) {
  auto a = Open();
  auto b = Open();
  Rows(*a, "CREATE TABLE t (x int)");
  Rows(*a, "BEGIN");
  Rows(*a, "INSERT INTO t VALUES (1), (2)");
  EXPECT_EQ(Rows(*a, "SELECT count(*) FROM t"), std::vector<std::string>{"2"});
  EXPECT_EQ(Rows(*b, "SELECT count(*) FROM t"), std::vector<std::string>{"0"});
  Rows(*a, "COMMIT");
  EXPECT_EQ(Rows(*b, "SELECT count(*) FROM t"), std::vector<std::string>{"2"});
}

TEST_F(SessionTest, TableOptionsAreChecked) {
  auto a = Open();
  EXPECT_EQ(ErrorOf(*a, "CREATE TABLE t (x int) WITH (fillfactor = 70)"), "22023");
  EXPECT_EQ(ErrorOf(*a, "CREATE TABLE t (x int) WITH (event_time = 'y')"), "42703");
  EXPECT_EQ(ErrorOf(*a, "CREATE TABLE t (x int) WITH (event_time = 'x')"), "42804");
  EXPECT_EQ(ErrorOf(*a, "CREATE TABLE t (ts date) WITH (partition_by = 'week(ts)')"), "22023");
  EXPECT_EQ(ErrorOf(*a, "CREATE TABLE t (ts date) WITH (partition_by = 'bucket(x, ts)')"), "22023");
  EXPECT_EQ(ErrorOf(*a, "CREATE TABLE t (ts date) WITH (partition_by = 'day(nope)')"), "42703");
  EXPECT_EQ(ErrorOf(*a,
                    "CREATE TABLE t (ts timestamptz, u int8) WITH (event_time = 'ts', "
                    "partition_by = 'day(ts)')"),
            "ok");
  EXPECT_EQ(ErrorOf(*a, "CREATE TABLE t2 (u int8) WITH (partition_by = 'bucket(16, u)')"), "ok");
}

TEST_F(SessionTest, ReopenedDatabaseHasEveryCommittedRow) {
  {
    auto a = Open();
    Rows(*a, "CREATE TABLE t (x int, s text)");
    Rows(*a, "INSERT INTO t SELECT g, 'v' || g FROM generate_series(1, 3000) g");
    Rows(*a, "CHECKPOINT");
    Rows(*a, "DELETE FROM t WHERE x % 2 = 0");
    Rows(*a, "INSERT INTO t VALUES (-1, 'after the checkpoint')");
    Rows(*a, "BEGIN; INSERT INTO t VALUES (-2, 'never committed')");
  }
  db_.reset();
  DatabaseOptions options;
  options.data_dir = dir_.string();
  options.logger = &logger_;
  db_ = std::make_unique<Database>(options);
  auto b = Open();
  EXPECT_EQ(Rows(*b, "SELECT count(*), sum(x), min(s) FROM t"),
            (std::vector<std::string>{"1501|2249999|after the checkpoint"}));
}

TEST_F(SessionTest, NaNIsRefusedWhereIcebergStoresADecimal) {
  auto a = Open();
  Rows(*a, "CREATE TABLE n (d numeric(12,3), u numeric)");
  EXPECT_EQ(ErrorOf(*a, "INSERT INTO n VALUES ('NaN', 1)"), "0A000");
  EXPECT_EQ(ErrorOf(*a, "INSERT INTO n VALUES (1.5, 'NaN')"), "ok");
  EXPECT_EQ(ErrorOf(*a, "CHECKPOINT"), "ok");
  EXPECT_EQ(Rows(*a, "SELECT d, u FROM n"), std::vector<std::string>{"1.500|NaN"});
}

TEST_F(SessionTest, RollbackDiscardsWritesAndDeletes) {
  auto a = Open();
  Rows(*a, "CREATE TABLE t (x int)");
  Rows(*a, "INSERT INTO t VALUES (1), (2), (3)");
  Rows(*a, "BEGIN; DELETE FROM t WHERE x = 2; INSERT INTO t VALUES (4)");
  EXPECT_EQ(Rows(*a, "SELECT x FROM t ORDER BY x"), (std::vector<std::string>{"1", "3", "4"}));
  Rows(*a, "ROLLBACK");
  EXPECT_EQ(Rows(*a, "SELECT x FROM t ORDER BY x"), (std::vector<std::string>{"1", "2", "3"}));
}

TEST_F(SessionTest, FailedBlockRejectsStatementsUntilRollback) {
  auto a = Open();
  Rows(*a, "BEGIN");
  EXPECT_EQ(ErrorOf(*a, "SELECT 1/0"), "22012");
  EXPECT_EQ(a->TransactionStatus(), 'E');
  EXPECT_EQ(ErrorOf(*a, "SELECT 1"), "25P02");
  CollectingSink sink;
  a->ExecuteSimple("COMMIT", sink);
  EXPECT_EQ(sink.tags, std::vector<std::string>{"ROLLBACK"});
  EXPECT_EQ(a->TransactionStatus(), 'I');
}

TEST_F(SessionTest, PreparedStatementInfersParameterTypesAndRunsTwice) {
  auto a = Open();
  Rows(*a, "CREATE TABLE t (id bigint, name text)");
  Rows(*a, "INSERT INTO t VALUES (1, 'one'), (2, 'two')");
  auto stmt = a->Prepare("SELECT name FROM t WHERE id = $1", {});
  ASSERT_EQ(stmt->param_types().size(), 1u);
  EXPECT_EQ(stmt->param_types()[0].id, TypeId::kInt8);
  ASSERT_EQ(stmt->columns().size(), 1u);
  EXPECT_EQ(stmt->columns()[0].name, "name");
  for (auto [id, name] : {std::pair{"1", "one"}, std::pair{"2", "two"}}) {
    BindParameters params;
    params.values.push_back(std::string(id));
    auto portal = a->Bind(stmt, params);
    CollectingSink sink;
    ExecuteResult r = portal->Execute(0, sink);
    EXPECT_EQ(r.command_tag, "SELECT 1");
    EXPECT_EQ(sink.rows, std::vector<std::string>{name});
  }
}

TEST_F(SessionTest, PreparedStatementSeesTableRecreatedAfterPrepare) {
  auto a = Open();
  Rows(*a, "CREATE TABLE t (x int)");
  Rows(*a, "INSERT INTO t VALUES (1)");
  auto stmt = a->Prepare("SELECT x FROM t", {});
  Rows(*a, "DROP TABLE t");
  Rows(*a, "CREATE TABLE t (x int)");
  Rows(*a, "INSERT INTO t VALUES (2)");
  CollectingSink sink;
  a->Bind(stmt, BindParameters{})->Execute(0, sink);
  EXPECT_EQ(sink.rows, std::vector<std::string>{"2"});

  Rows(*a, "DROP TABLE t");
  CollectingSink gone;
  try {
    a->Bind(stmt, BindParameters{})->Execute(0, gone);
    FAIL() << "expected 42P01";
  } catch (const SqlError& e) {
    EXPECT_EQ(e.sqlstate(), "42P01");
  }
  Rows(*a, "CREATE TABLE t (x text)");
  try {
    CollectingSink changed;
    a->Bind(stmt, BindParameters{})->Execute(0, changed);
    FAIL() << "expected 0A000";
  } catch (const SqlError& e) {
    EXPECT_EQ(e.sqlstate(), "0A000");
  }
}

TEST_F(SessionTest, PortalRowLimitSuspendsAndResumes) {
  auto a = Open();
  auto stmt = a->Prepare("SELECT g FROM generate_series(1, 5) g", {});
  auto portal = a->Bind(stmt, BindParameters{});
  CollectingSink sink;
  EXPECT_EQ(portal->Execute(2, sink).status, ExecuteStatus::kSuspended);
  EXPECT_EQ(portal->Execute(2, sink).status, ExecuteStatus::kSuspended);
  ExecuteResult last = portal->Execute(2, sink);
  EXPECT_EQ(last.status, ExecuteStatus::kComplete);
  EXPECT_EQ(last.command_tag, "SELECT 5");
  EXPECT_EQ(sink.rows, (std::vector<std::string>{"1", "2", "3", "4", "5"}));
}

TEST_F(SessionTest, CopyInThenOutRoundTripsEscapesAndNulls) {
  auto a = Open();
  Rows(*a, "CREATE TABLE t (id int, note text)");
  CollectingSink in;
  in.copy_in = {"1\ttab\\there\n2\t\\N\n", "3\tback\\\\slash\n"};
  a->ExecuteSimple("COPY t FROM STDIN", in);
  EXPECT_EQ(in.tags, std::vector<std::string>{"COPY 3"});
  CollectingSink out;
  a->ExecuteSimple("COPY (SELECT * FROM t ORDER BY id) TO STDOUT", out);
  EXPECT_EQ(out.copy_out, "1\ttab\\there\n2\t\\N\n3\tback\\\\slash\n");
}

TEST_F(SessionTest, CopyErrorKeepsNothingAndNamesTheLine) {
  auto a = Open();
  Rows(*a, "CREATE TABLE t (id int)");
  CollectingSink in;
  in.copy_in = {"1\n2\nnot a number\n4\n"};
  try {
    a->ExecuteSimple("COPY t FROM STDIN", in);
    FAIL() << "expected an error";
  } catch (const SqlError& e) {
    EXPECT_EQ(e.sqlstate(), "22P02");
    EXPECT_EQ(e.context(), "COPY t, line 3, column id: \"not a number\"");
  }
  EXPECT_EQ(Rows(*a, "SELECT count(*) FROM t"), std::vector<std::string>{"0"});
}

TEST_F(SessionTest, CancelStopsALongQuery) {
  auto a = Open();
  a->Cancel();  // a cancel that arrives before the statement starts is not sticky
  EXPECT_EQ(Rows(*a, "SELECT 1"), std::vector<std::string>{"1"});
}

TEST_F(SessionTest, SetTimeZoneIsReportedAndChangesOutput) {
  auto a = Open();
  a->TakeParameterStatusChanges();
  Rows(*a, "SET TimeZone = 'America/New_York'");
  auto changes = a->TakeParameterStatusChanges();
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].first, "TimeZone");
  EXPECT_EQ(changes[0].second, "America/New_York");
  EXPECT_EQ(a->OutputContext().zone().name(), "America/New_York");
  EXPECT_EQ(ErrorOf(*a, "SET TimeZone = 'Mars/Olympus'"), "22023");
  EXPECT_EQ(ErrorOf(*a, "SET no_such_setting = 1"), "42704");
}

TEST_F(SessionTest, DropTableRollsBack) {
  auto a = Open();
  Rows(*a, "CREATE TABLE t (x int)");
  Rows(*a, "INSERT INTO t VALUES (7)");
  Rows(*a, "BEGIN; DROP TABLE t");
  EXPECT_EQ(ErrorOf(*a, "SELECT * FROM t"), "42P01");
  Rows(*a, "ROLLBACK");
  EXPECT_EQ(Rows(*a, "SELECT x FROM t"), std::vector<std::string>{"7"});
}

}  // namespace
}  // namespace firn
