// DatabaseServices: the database-wide, immutable-after-start helpers every session uses —
// the function catalogue and the time zone registry. Internal to src/engine/.
// Thread-safety: both members are safe for concurrent use.
#pragma once

#include "exec/function/function_registry.h"
#include "types/timezone.h"

namespace firn {

struct DatabaseServices {
  FunctionRegistry functions;
  TimeZoneRegistry time_zones;
};

}  // namespace firn
