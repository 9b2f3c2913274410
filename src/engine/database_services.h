// DatabaseServices: the database-wide, immutable-after-start helpers every session uses —
// the function catalogue and the time zone registry. Internal to src/engine/.
// Thread-safety: both members are safe for concurrent use.
#pragma once

#include <string>

#include "exec/function/function_registry.h"
#include "sql/binder/binder.h"
#include "types/timezone.h"

namespace firn {

class Database;

struct DatabaseServices {
  FunctionRegistry functions;
  TimeZoneRegistry time_zones;
};

// What the binder needs to bind statements of `user` against `db`'s catalog (database.cc).
BinderContext MakeBinderContext(Database& db, const std::string& user);

}  // namespace firn
