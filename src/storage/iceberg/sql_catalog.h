// SqlCatalog: the Iceberg SQL catalog in a SQLite file — the same tables PyIceberg's
// SqlCatalog and Iceberg's JdbcCatalog read, so those tools find Firn's tables:
//
//   iceberg_tables(catalog_name VARCHAR(255) NOT NULL, table_namespace VARCHAR(255) NOT NULL,
//                  table_name VARCHAR(255) NOT NULL, metadata_location VARCHAR(1000),
//                  previous_metadata_location VARCHAR(1000),
//                  PRIMARY KEY (catalog_name, table_namespace, table_name))
//   iceberg_namespace_properties(catalog_name VARCHAR(255) NOT NULL,
//                  namespace VARCHAR(255) NOT NULL, property_key VARCHAR(255) NOT NULL,
//                  property_value VARCHAR(1000) NOT NULL,
//                  PRIMARY KEY (catalog_name, namespace, property_key))
//   firn_metadata(key TEXT PRIMARY KEY, value TEXT)   -- Firn's own key/value state
//
// A commit is a compare-and-swap of metadata_location (UPDATE ... WHERE metadata_location =
// expected), the atomic step of every Iceberg commit. The database runs in WAL mode with
// synchronous=FULL and a busy timeout, so other processes may read it concurrently.
// Thread-safety: all methods are thread-safe (one mutex around the connection).
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"

struct sqlite3;

namespace firn::iceberg {

class SqlCatalog {
 public:
  // Opens (creating if missing) the SQLite database and the catalog tables.
  static Result<std::unique_ptr<SqlCatalog>> Open(const std::string& sqlite_path,
                                                  std::string catalog_name);
  ~SqlCatalog();
  SqlCatalog(const SqlCatalog&) = delete;
  SqlCatalog& operator=(const SqlCatalog&) = delete;

  const std::string& catalog_name() const { return catalog_name_; }

  // Records the namespace (property "exists" = "true", as PyIceberg does). Idempotent.
  Status CreateNamespace(const std::string& ns);
  Result<bool> NamespaceExists(const std::string& ns);
  // InvalidArgument when the namespace still has tables; NotFound when it does not exist.
  Status DropNamespace(const std::string& ns);

  // InvalidArgument when the table exists already.
  Status CreateTable(const std::string& ns, const std::string& name,
                     const std::string& metadata_location);
  // Compare-and-swap: sets metadata_location to `new_location` (previous to `expected`) only
  // if it is still `expected`. false (not an error) when another writer moved it or the table
  // is gone.
  Result<bool> CommitTable(const std::string& ns, const std::string& name,
                           const std::string& expected_location, const std::string& new_location);
  // NotFound when there is no such table.
  Status DropTable(const std::string& ns, const std::string& name);
  // InvalidArgument when a table has the new name; NotFound when there is no such table.
  Status RenameTable(const std::string& ns, const std::string& name, const std::string& new_name);
  // The current metadata location, nullopt when there is no such table.
  Result<std::optional<std::string>> LoadTable(const std::string& ns, const std::string& name);
  // (namespace, table name) of this catalog's tables, sorted.
  Result<std::vector<std::pair<std::string, std::string>>> ListTables();

  Result<std::optional<std::string>> GetFirnValue(const std::string& key);
  Status PutFirnValue(const std::string& key, const std::string& value);

 private:
  SqlCatalog(sqlite3* db, std::string path, std::string catalog_name)
      : db_(db), path_(std::move(path)), catalog_name_(std::move(catalog_name)) {}

  Status Exec(const char* sql);
  Status Error(const std::string& what) const;

  std::mutex mu_;
  sqlite3* const db_;  // guarded by mu_
  const std::string path_;
  const std::string catalog_name_;
};

}  // namespace firn::iceberg
