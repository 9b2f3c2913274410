// Real-client tests with pgjdbc (Debian libpostgresql-jdbc-java): run by test_jdbc.py, which
// compiles this file and passes the server as arguments: host port user database.
// Covers PreparedStatement parameters of several types (and NULL), addBatch/executeBatch
// inserts, transactions (commit/rollback), generated keys of identity and serial columns,
// uuid parameters and results (java.util.UUID), ResultSetMetaData, and DatabaseMetaData.getTables /
// getColumns / getSchemas. Every test uses its own table. The last line printed is
// `N passed, M failed`; the exit status is non-zero on any failure.
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

public class TestJdbc {
  private static String url;
  private static String user;
  private static int passed = 0;
  private static int failed = 0;

  interface Body {
    void run(Connection c, String table) throws Exception;
  }

  private static void check(boolean ok, String what) {
    if (!ok) throw new AssertionError(what);
  }

  private static void checkEq(Object expected, Object actual, String what) {
    boolean same = expected == null ? actual == null : expected.equals(actual);
    if (!same) throw new AssertionError(what + ": expected <" + expected + "> got <" + actual + ">");
  }

  private static void test(String name, Body body) {
    String table = "jdbc_" + name;
    try (Connection c = DriverManager.getConnection(url, user, "")) {
      try (Statement s = c.createStatement()) {
        s.execute("DROP TABLE IF EXISTS " + table);
        s.execute("CREATE TABLE " + table + " (id int NOT NULL, name varchar(20), amount "
            + "numeric(10,2), score double precision, big bigint, flag boolean)");
      }
      try {
        body.run(c, table);
        passed++;
        System.out.println("ok   " + name);
      } finally {
        if (!c.getAutoCommit()) c.rollback();
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
          s.execute("DROP TABLE IF EXISTS " + table);
        }
      }
    } catch (Throwable e) {
      failed++;
      System.out.println("FAIL " + name + ": " + e);
    }
  }

  public static void main(String[] args) {
    url = "jdbc:postgresql://" + args[0] + ":" + args[1] + "/" + args[3];
    user = args[2];

    test("prepared_parameters", (c, t) -> {
      try (PreparedStatement ps = c.prepareStatement(
               "INSERT INTO " + t + " VALUES (?, ?, ?, ?, ?, ?)")) {
        ps.setInt(1, 1);
        ps.setString(2, "ann");
        ps.setBigDecimal(3, new BigDecimal("12.34"));
        ps.setDouble(4, 0.25);
        ps.setLong(5, 9000000000L);
        ps.setBoolean(6, true);
        checkEq(1, ps.executeUpdate(), "insert count");
        ps.setInt(1, 2);
        ps.setNull(2, Types.VARCHAR);
        ps.setNull(3, Types.NUMERIC);
        ps.setNull(4, Types.DOUBLE);
        ps.setNull(5, Types.BIGINT);
        ps.setNull(6, Types.BOOLEAN);
        checkEq(1, ps.executeUpdate(), "insert count");
      }
      // Run the same statement often enough for pgjdbc to switch to a named server statement.
      try (PreparedStatement ps = c.prepareStatement(
               "SELECT name, amount, score, big, flag FROM " + t + " WHERE id = ?")) {
        for (int i = 0; i < 7; i++) {
          ps.setInt(1, 1);
          try (ResultSet rs = ps.executeQuery()) {
            check(rs.next(), "one row");
            checkEq("ann", rs.getString(1), "name");
            checkEq(new BigDecimal("12.34"), rs.getBigDecimal(2), "amount");
            checkEq(0.25, rs.getDouble(3), "score");
            checkEq(9000000000L, rs.getLong(4), "big");
            checkEq(true, rs.getBoolean(5), "flag");
            check(!rs.next(), "only one row");
          }
        }
        ps.setInt(1, 2);
        try (ResultSet rs = ps.executeQuery()) {
          check(rs.next(), "row 2");
          checkEq(null, rs.getString(1), "NULL name");
          checkEq(null, rs.getBigDecimal(2), "NULL amount");
          rs.getDouble(3);
          check(rs.wasNull(), "NULL score");
        }
      }
    });

    test("batch_insert", (c, t) -> {
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement(
               "INSERT INTO " + t + " (id, name) VALUES (?, ?)")) {
        for (int i = 1; i <= 100; i++) {
          ps.setInt(1, i);
          ps.setString(2, "n" + i);
          ps.addBatch();
        }
        int[] counts = ps.executeBatch();
        checkEq(100, counts.length, "batch size");
        for (int n : counts) check(n == 1 || n == Statement.SUCCESS_NO_INFO, "count " + n);
      }
      c.commit();
      try (Statement s = c.createStatement();
           ResultSet rs = s.executeQuery("SELECT count(*), sum(id) FROM " + t)) {
        check(rs.next(), "row");
        checkEq(100L, rs.getLong(1), "count");
        checkEq(5050L, rs.getLong(2), "sum");
      }
    });

    test("rollback", (c, t) -> {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.executeUpdate("INSERT INTO " + t + " (id) VALUES (1)");
        c.rollback();
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + t)) {
          check(rs.next(), "row");
          checkEq(0L, rs.getLong(1), "rolled back");
        }
      }
    });

    test("savepoint", (c, t) -> {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.executeUpdate("INSERT INTO " + t + " (id) VALUES (1)");
        java.sql.Savepoint sp = c.setSavepoint("before_two");
        s.executeUpdate("INSERT INTO " + t + " (id) VALUES (2)");
        c.rollback(sp);
        java.sql.Savepoint kept = c.setSavepoint();
        s.executeUpdate("INSERT INTO " + t + " (id) VALUES (3)");
        c.releaseSavepoint(kept);
        c.commit();
        try (ResultSet rs = s.executeQuery("SELECT count(*), sum(id) FROM " + t)) {
          check(rs.next(), "row");
          checkEq(2L, rs.getLong(1), "rows kept");
          checkEq(4L, rs.getLong(2), "ids 1 and 3");
        }
      }
    });

    test("generated_keys", (c, t) -> {
      // What JPA/Hibernate do for an IDENTITY or serial key: pgjdbc appends RETURNING.
      String keyed = t + "_keyed";
      try (Statement s = c.createStatement()) {
        s.execute("DROP TABLE IF EXISTS " + keyed);
        s.execute("CREATE TABLE " + keyed + " (id bigint GENERATED BY DEFAULT AS IDENTITY, "
            + "n serial, name text)");
        try (PreparedStatement ps = c.prepareStatement(
                 "INSERT INTO " + keyed + " (name) VALUES (?)", new String[] {"id", "n"})) {
          for (String name : new String[] {"a", "b"}) {
            ps.setString(1, name);
            ps.executeUpdate();
          }
          try (ResultSet keys = ps.getGeneratedKeys()) {
            check(keys.next(), "a generated key");
            checkEq(2L, keys.getLong("id"), "second id");
            checkEq(2, keys.getInt("n"), "second serial");
          }
        }
        s.executeUpdate("INSERT INTO " + keyed + " (name) VALUES ('c')",
            Statement.RETURN_GENERATED_KEYS);
        try (ResultSet keys = s.getGeneratedKeys()) {
          check(keys.next(), "RETURN_GENERATED_KEYS row");
          checkEq(3L, keys.getLong("id"), "third id");
          checkEq("c", keys.getString("name"), "whole row returned");
        }
        try (ResultSet rs = s.executeQuery("SELECT currval('" + keyed + "_n_seq')")) {
          check(rs.next(), "currval row");
          checkEq(3L, rs.getLong(1), "currval");
        }
      } finally {
        try (Statement s = c.createStatement()) {
          s.execute("DROP TABLE IF EXISTS " + keyed);
        }
      }
    });

    test("server_error", (c, t) -> {
      try (Statement s = c.createStatement()) {
        s.executeQuery("SELECT * FROM jdbc_no_such_table");
        throw new AssertionError("expected an error");
      } catch (SQLException e) {
        checkEq("42P01", e.getSQLState(), "SQLSTATE");
      }
    });

    test("result_set_metadata", (c, t) -> {
      try (Statement s = c.createStatement();
           ResultSet rs = s.executeQuery("SELECT id, name, amount, score FROM " + t)) {
        ResultSetMetaData md = rs.getMetaData();
        checkEq(4, md.getColumnCount(), "columns");
        checkEq("id", md.getColumnName(1), "name 1");
        checkEq(Types.INTEGER, md.getColumnType(1), "type 1");
        checkEq(Types.VARCHAR, md.getColumnType(2), "type 2");
        checkEq(Types.NUMERIC, md.getColumnType(3), "type 3");
        checkEq(Types.DOUBLE, md.getColumnType(4), "type 4");
      }
    });

    test("metadata_get_tables", (c, t) -> {
      DatabaseMetaData md = c.getMetaData();
      List<String> names = new ArrayList<>();
      try (ResultSet rs = md.getTables(null, "public", "jdbc_%", new String[] {"TABLE"})) {
        while (rs.next()) {
          names.add(rs.getString("TABLE_NAME"));
          checkEq("public", rs.getString("TABLE_SCHEM"), "schema");
          checkEq("TABLE", rs.getString("TABLE_TYPE"), "type");
        }
      }
      check(names.contains(t), "getTables lists " + t + ": " + names);
      try (ResultSet rs = md.getTables(null, "pg_catalog", "pg_class", null)) {
        check(rs.next(), "pg_class listed");
        checkEq("SYSTEM TABLE", rs.getString("TABLE_TYPE"), "pg_class type");
      }
    });

    test("metadata_get_columns", (c, t) -> {
      DatabaseMetaData md = c.getMetaData();
      List<String> got = new ArrayList<>();
      try (ResultSet rs = md.getColumns(null, "public", t, "%")) {
        while (rs.next()) {
          got.add(rs.getString("COLUMN_NAME") + ":" + rs.getInt("DATA_TYPE") + ":"
              + rs.getString("TYPE_NAME") + ":" + rs.getInt("COLUMN_SIZE") + ":"
              + rs.getInt("NULLABLE") + ":" + rs.getInt("ORDINAL_POSITION"));
        }
      }
      List<String> want = List.of("id:4:int4:10:0:1", "name:12:varchar:20:1:2",
          "amount:2:numeric:10:1:3", "score:8:float8:17:1:4", "big:-5:int8:19:1:5",
          "flag:-7:bool:1:1:6");
      checkEq(want, got, "getColumns");
    });

    test("uuid_values", (c, t) -> {
      UUID u = UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE " + t + "_u (id uuid, k int)");
      }
      try {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + t + "_u VALUES (?, ?)")) {
          ps.setObject(1, u);
          ps.setInt(2, 1);
          ps.executeUpdate();
          ps.setNull(1, Types.OTHER);
          ps.setInt(2, 2);
          ps.executeUpdate();
        }
        try (PreparedStatement ps =
                 c.prepareStatement("SELECT id, k FROM " + t + "_u WHERE id = ? OR id IS NULL "
                     + "ORDER BY k")) {
          ps.setObject(1, u);
          try (ResultSet rs = ps.executeQuery()) {
            check(rs.next(), "row 1");
            checkEq(u, rs.getObject(1), "getObject is a java.util.UUID");
            checkEq("uuid", rs.getMetaData().getColumnTypeName(1), "type name");
            checkEq(Types.OTHER, rs.getMetaData().getColumnType(1), "java.sql type");
            check(rs.next(), "row 2");
            checkEq(null, rs.getObject(1), "NULL uuid");
          }
        }
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT gen_random_uuid()")) {
          check(rs.next(), "a row");
          checkEq(4, ((UUID) rs.getObject(1)).version(), "version 4");
        }
      } finally {
        try (Statement s = c.createStatement()) {
          s.execute("DROP TABLE IF EXISTS " + t + "_u");
        }
      }
    });

    test("metadata_get_schemas", (c, t) -> {
      List<String> schemas = new ArrayList<>();
      try (ResultSet rs = c.getMetaData().getSchemas()) {
        while (rs.next()) schemas.add(rs.getString("TABLE_SCHEM"));
      }
      check(schemas.contains("public") && schemas.contains("pg_catalog"), "schemas " + schemas);
    });

    System.out.println(passed + " passed, " + failed + " failed");
    System.exit(failed == 0 ? 0 : 1);
  }
}
