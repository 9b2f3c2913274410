#include "engine/database.h"

#include <filesystem>
#include <stdexcept>

#include "catalog/catalog.h"
#include "common/scram.h"
#include "engine/database_services.h"
#include "engine/feature_views.h"
#include "engine/storage_manager.h"

namespace firn {

Database::Database(DatabaseOptions options)
    : options_(std::move(options)),
      catalog_(std::make_unique<Catalog>()),
      services_(std::make_unique<DatabaseServices>()) {
  std::error_code ec;
  std::filesystem::create_directories(options_.data_dir, ec);
  if (ec) {
    throw std::runtime_error("cannot create data directory " + options_.data_dir + ": " +
                             ec.message());
  }
  RoleInfo superuser;
  superuser.oid = 10;  // PostgreSQL's bootstrap superuser OID
  superuser.name = kSuperuser;
  superuser.superuser = true;
  superuser.can_login = true;
  if (!options_.superuser_password.empty()) {
    superuser.scram_secret = MakeScramSecret(options_.superuser_password);
  }
  catalog_->CreateRole(superuser);
  StorageOptions storage;
  storage.data_dir = std::filesystem::absolute(options_.data_dir).lexically_normal().string();
  storage.checkpoint_bytes = options_.checkpoint_bytes;
  storage.checkpoint_interval = options_.checkpoint_interval;
  storage.cache_bytes = options_.cache_bytes;
  storage_ = std::make_unique<StorageManager>(storage, *catalog_, *options_.logger);
  Status s = storage_->Recover();
  if (!s.ok()) throw std::runtime_error(s.ToString());
  RestoreFeatureViews(*this);
  // The configured password wins over the one recovered with the catalog.
  std::optional<RoleInfo> recovered = catalog_->GetRole(kSuperuser);
  if (!recovered) {
    catalog_->CreateRole(superuser);
  } else if (!options_.superuser_password.empty()) {
    recovered->scram_secret = superuser.scram_secret;
    catalog_->UpdateRole(*recovered);
  }
}

Database::~Database() = default;

BinderContext MakeBinderContext(Database& db, const std::string& user) {
  BinderContext context;
  context.catalog = &db.catalog();
  context.functions = &db.services().functions;
  context.user = user;
  return context;
}

std::optional<RoleLogin> Database::LookupRole(const std::string& name) const {
  std::optional<RoleInfo> role = catalog_->GetRole(name);
  if (!role) return std::nullopt;
  RoleLogin login;
  login.can_login = role->can_login;
  login.is_superuser = role->superuser;
  login.scram_secret = role->scram_secret;
  return login;
}

}  // namespace firn
