// Database: the one database a Firn server serves ("firn") — catalog, storage and roles.
// Sessions are opened against it; it outlives them all.
// Thread-safety: all public methods may be called concurrently.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "common/logger.h"

namespace firn {

class Catalog;
class StorageManager;
struct DatabaseServices;

struct DatabaseOptions {
  std::string data_dir = "./firn-data";
  // Password of the superuser "firn"; empty = none configured.
  std::string superuser_password;
  Logger* logger = nullptr;  // REQUIRES: non-null, outlives the Database
  // Background checkpoints (memtable -> Parquet + Iceberg snapshot): after this much WAL,
  // or when anything has waited this long.
  uint64_t checkpoint_bytes = 256ull << 20;
  std::chrono::milliseconds checkpoint_interval{std::chrono::minutes(5)};
  size_t cache_bytes = size_t{1} << 30;  // StorageOptions::cache_bytes
};

// How a role may log in, for the wire layer's authentication.
struct RoleLogin {
  bool can_login = false;
  bool is_superuser = false;
  // PostgreSQL's SCRAM secret "SCRAM-SHA-256$<iter>:<salt>$<StoredKey>:<ServerKey>",
  // empty when the role has no password.
  std::string scram_secret;
};

class Database {
 public:
  // Recovers the durable state in options.data_dir; throws std::runtime_error when it
  // cannot (the message says which file and why).
  explicit Database(DatabaseOptions options);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  static constexpr const char* kName = "firn";
  static constexpr const char* kSuperuser = "firn";

  // nullopt when no such role exists.
  std::optional<RoleLogin> LookupRole(const std::string& name) const;

  Catalog& catalog() { return *catalog_; }
  DatabaseServices& services() { return *services_; }
  StorageManager& storage() { return *storage_; }
  Logger& logger() { return *options_.logger; }
  const DatabaseOptions& options() const { return options_; }

 private:
  DatabaseOptions options_;
  std::unique_ptr<Catalog> catalog_;
  std::unique_ptr<DatabaseServices> services_;
  std::unique_ptr<StorageManager> storage_;
};

}  // namespace firn
