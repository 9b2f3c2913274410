#include "engine/database.h"

#include <filesystem>

#include "catalog/catalog.h"
#include "common/scram.h"
#include "engine/database_services.h"

namespace firn {

Database::Database(DatabaseOptions options)
    : options_(std::move(options)),
      catalog_(std::make_unique<Catalog>()),
      services_(std::make_unique<DatabaseServices>()) {
  std::error_code ec;
  std::filesystem::create_directories(options_.data_dir, ec);
  if (ec) {
    options_.logger->Warning("cannot create data directory " + options_.data_dir + ": " +
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
  catalog_->CreateRole(std::move(superuser));
}

Database::~Database() = default;

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
