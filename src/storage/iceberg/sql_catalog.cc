#include "storage/iceberg/sql_catalog.h"

#include <sqlite3.h>

namespace firn::iceberg {

namespace {

constexpr const char* kSchema =
    "CREATE TABLE IF NOT EXISTS iceberg_tables ("
    " catalog_name VARCHAR(255) NOT NULL,"
    " table_namespace VARCHAR(255) NOT NULL,"
    " table_name VARCHAR(255) NOT NULL,"
    " metadata_location VARCHAR(1000),"
    " previous_metadata_location VARCHAR(1000),"
    " PRIMARY KEY (catalog_name, table_namespace, table_name));"
    "CREATE TABLE IF NOT EXISTS iceberg_namespace_properties ("
    " catalog_name VARCHAR(255) NOT NULL,"
    " namespace VARCHAR(255) NOT NULL,"
    " property_key VARCHAR(255) NOT NULL,"
    " property_value VARCHAR(1000) NOT NULL,"
    " PRIMARY KEY (catalog_name, namespace, property_key));"
    "CREATE TABLE IF NOT EXISTS firn_metadata (key TEXT PRIMARY KEY, value TEXT);";

// A prepared statement with positional text parameters, finalized on scope exit.
class Stmt {
 public:
  Stmt(sqlite3* db, const char* sql) { rc_ = sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr); }
  ~Stmt() { sqlite3_finalize(stmt_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  bool ok() const { return rc_ == SQLITE_OK; }
  Stmt& Bind(const std::string& v) {
    if (rc_ == SQLITE_OK) {
      rc_ = sqlite3_bind_text(stmt_, ++bound_, v.data(), static_cast<int>(v.size()),
                              SQLITE_TRANSIENT);
    }
    return *this;
  }
  // SQLITE_ROW, SQLITE_DONE or an error code.
  int Step() { return rc_ == SQLITE_OK ? sqlite3_step(stmt_) : rc_; }
  std::optional<std::string> Text(int col) const {
    if (sqlite3_column_type(stmt_, col) == SQLITE_NULL) return std::nullopt;
    const unsigned char* t = sqlite3_column_text(stmt_, col);
    return std::string(reinterpret_cast<const char*>(t), sqlite3_column_bytes(stmt_, col));
  }

 private:
  sqlite3_stmt* stmt_ = nullptr;
  int rc_ = SQLITE_OK;
  int bound_ = 0;
};

}  // namespace

Result<std::unique_ptr<SqlCatalog>> SqlCatalog::Open(const std::string& sqlite_path,
                                                     std::string catalog_name) {
  sqlite3* db = nullptr;
  int rc =
      sqlite3_open_v2(sqlite_path.c_str(), &db,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close(db);
    return Status::IoError("cannot open catalog " + sqlite_path + ": " + msg);
  }
  std::unique_ptr<SqlCatalog> cat(new SqlCatalog(db, sqlite_path, std::move(catalog_name)));
  sqlite3_busy_timeout(db, 10000);
  for (const char* sql : {"PRAGMA journal_mode=WAL;", "PRAGMA synchronous=FULL;", kSchema}) {
    Status st = cat->Exec(sql);
    if (!st.ok()) return st;
  }
  return cat;
}

SqlCatalog::~SqlCatalog() { sqlite3_close(db_); }

Status SqlCatalog::Exec(const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err != nullptr ? err : "unknown error";
    sqlite3_free(err);
    return Status::IoError("catalog " + path_ + ": " + msg);
  }
  return Status::OK();
}

Status SqlCatalog::Error(const std::string& what) const {
  return Status::IoError("catalog " + path_ + ": " + what + ": " + sqlite3_errmsg(db_));
}

Status SqlCatalog::CreateNamespace(const std::string& ns) {
  std::lock_guard<std::mutex> lock(mu_);
  Stmt s(
      db_,
      "INSERT OR IGNORE INTO iceberg_namespace_properties"
      " (catalog_name, namespace, property_key, property_value) VALUES (?, ?, 'exists', 'true')");
  if (s.Bind(catalog_name_).Bind(ns).Step() != SQLITE_DONE) return Error("create namespace " + ns);
  return Status::OK();
}

Result<bool> SqlCatalog::NamespaceExists(const std::string& ns) {
  std::lock_guard<std::mutex> lock(mu_);
  // PyIceberg counts a namespace as existing if it has properties or tables.
  Stmt s(db_,
         "SELECT 1 FROM iceberg_namespace_properties WHERE catalog_name = ? AND namespace = ?"
         " UNION ALL SELECT 1 FROM iceberg_tables WHERE catalog_name = ? AND table_namespace = ?"
         " LIMIT 1");
  int rc = s.Bind(catalog_name_).Bind(ns).Bind(catalog_name_).Bind(ns).Step();
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return Error("namespace lookup " + ns);
}

Status SqlCatalog::DropNamespace(const std::string& ns) {
  std::lock_guard<std::mutex> lock(mu_);
  {
    Stmt s(db_,
           "SELECT 1 FROM iceberg_tables WHERE catalog_name = ? AND table_namespace = ? LIMIT 1");
    int rc = s.Bind(catalog_name_).Bind(ns).Step();
    if (rc == SQLITE_ROW) return Status::InvalidArgument("namespace " + ns + " is not empty");
    if (rc != SQLITE_DONE) return Error("drop namespace " + ns);
  }
  Stmt s(db_, "DELETE FROM iceberg_namespace_properties WHERE catalog_name = ? AND namespace = ?");
  if (s.Bind(catalog_name_).Bind(ns).Step() != SQLITE_DONE) return Error("drop namespace " + ns);
  if (sqlite3_changes(db_) == 0) return Status::NotFound("namespace " + ns + " does not exist");
  return Status::OK();
}

Status SqlCatalog::CreateTable(const std::string& ns, const std::string& name,
                               const std::string& metadata_location) {
  std::lock_guard<std::mutex> lock(mu_);
  Stmt s(db_,
         "INSERT INTO iceberg_tables (catalog_name, table_namespace, table_name,"
         " metadata_location, previous_metadata_location) VALUES (?, ?, ?, ?, NULL)");
  int rc = s.Bind(catalog_name_).Bind(ns).Bind(name).Bind(metadata_location).Step();
  if (rc == SQLITE_CONSTRAINT)
    return Status::InvalidArgument("table " + ns + "." + name + " exists");
  if (rc != SQLITE_DONE) return Error("create table " + ns + "." + name);
  return Status::OK();
}

Result<bool> SqlCatalog::CommitTable(const std::string& ns, const std::string& name,
                                     const std::string& expected_location,
                                     const std::string& new_location) {
  std::lock_guard<std::mutex> lock(mu_);
  Stmt s(db_,
         "UPDATE iceberg_tables SET metadata_location = ?, previous_metadata_location = ?"
         " WHERE catalog_name = ? AND table_namespace = ? AND table_name = ?"
         " AND metadata_location = ?");
  int rc = s.Bind(new_location)
               .Bind(expected_location)
               .Bind(catalog_name_)
               .Bind(ns)
               .Bind(name)
               .Bind(expected_location)
               .Step();
  if (rc != SQLITE_DONE) return Error("commit " + ns + "." + name);
  return sqlite3_changes(db_) == 1;
}

Status SqlCatalog::DropTable(const std::string& ns, const std::string& name) {
  std::lock_guard<std::mutex> lock(mu_);
  Stmt s(db_,
         "DELETE FROM iceberg_tables WHERE catalog_name = ? AND table_namespace = ? AND table_name "
         "= ?");
  if (s.Bind(catalog_name_).Bind(ns).Bind(name).Step() != SQLITE_DONE) {
    return Error("drop table " + ns + "." + name);
  }
  if (sqlite3_changes(db_) == 0)
    return Status::NotFound("table " + ns + "." + name + " does not exist");
  return Status::OK();
}

Status SqlCatalog::RenameTable(const std::string& ns, const std::string& name,
                               const std::string& new_name) {
  std::lock_guard<std::mutex> lock(mu_);
  Stmt s(db_,
         "UPDATE iceberg_tables SET table_name = ? WHERE catalog_name = ? AND table_namespace = ?"
         " AND table_name = ?");
  int rc = s.Bind(new_name).Bind(catalog_name_).Bind(ns).Bind(name).Step();
  if (rc == SQLITE_CONSTRAINT) {
    return Status::InvalidArgument("table " + ns + "." + new_name + " exists");
  }
  if (rc != SQLITE_DONE) return Error("rename table " + ns + "." + name);
  if (sqlite3_changes(db_) == 0)
    return Status::NotFound("table " + ns + "." + name + " does not exist");
  return Status::OK();
}

Result<std::optional<std::string>> SqlCatalog::LoadTable(const std::string& ns,
                                                         const std::string& name) {
  std::lock_guard<std::mutex> lock(mu_);
  Stmt s(db_,
         "SELECT metadata_location FROM iceberg_tables"
         " WHERE catalog_name = ? AND table_namespace = ? AND table_name = ?");
  int rc = s.Bind(catalog_name_).Bind(ns).Bind(name).Step();
  if (rc == SQLITE_DONE) return std::optional<std::string>();
  if (rc != SQLITE_ROW) return Error("load table " + ns + "." + name);
  auto loc = s.Text(0);
  if (!loc)
    return Status::Corruption("catalog " + path_ + ": table " + ns + "." + name +
                              " has no metadata location");
  return loc;
}

Result<std::vector<std::pair<std::string, std::string>>> SqlCatalog::ListTables() {
  std::lock_guard<std::mutex> lock(mu_);
  Stmt s(db_,
         "SELECT table_namespace, table_name FROM iceberg_tables WHERE catalog_name = ?"
         " ORDER BY table_namespace, table_name");
  s.Bind(catalog_name_);
  std::vector<std::pair<std::string, std::string>> out;
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) out.emplace_back(*s.Text(0), *s.Text(1));
  if (rc != SQLITE_DONE) return Error("list tables");
  return out;
}

Result<std::optional<std::string>> SqlCatalog::GetFirnValue(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  Stmt s(db_, "SELECT value FROM firn_metadata WHERE key = ?");
  int rc = s.Bind(key).Step();
  if (rc == SQLITE_DONE) return std::optional<std::string>();
  if (rc != SQLITE_ROW) return Error("read firn_metadata " + key);
  return std::optional<std::string>(s.Text(0).value_or(""));
}

Status SqlCatalog::PutFirnValue(const std::string& key, const std::string& value) {
  std::lock_guard<std::mutex> lock(mu_);
  Stmt s(db_, "INSERT OR REPLACE INTO firn_metadata (key, value) VALUES (?, ?)");
  if (s.Bind(key).Bind(value).Step() != SQLITE_DONE) return Error("write firn_metadata " + key);
  return Status::OK();
}

}  // namespace firn::iceberg
