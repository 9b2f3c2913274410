// Time zones given as function arguments (AT TIME ZONE, date_trunc(field, ts, zone),
// make_timestamptz(..., zone)), resolved as PostgreSQL's timestamp.c resolves them.
// Internal to src/exec/function/. Thread-safety: a ZoneArguments belongs to one kernel call.
#pragma once

#include <memory>
#include <string>

#include "exec/function/function.h"
#include "types/timezone.h"

namespace firn::function_internal {

// `name` as a zone abbreviation ("PST", "cet"; a fixed offset, whatever the date), else as
// a zone name or POSIX TZ string (TimeZoneRegistry::FindNameOrPosix; needs ctx.zones).
// Throws 22023 "time zone "name" not recognized" when it is none of these.
std::shared_ptr<const TimeZone> FindZoneArgument(const std::string& name, const EvalContext& ctx);

// FindZoneArgument for each row of a column, looking a name up again only when it differs
// from the previous row's.
class ZoneArguments {
 public:
  explicit ZoneArguments(const EvalContext& ctx) : ctx_(ctx) {}

  const TimeZone& Get(const std::string& name) {
    if (zone_ == nullptr || name != name_) {
      zone_ = FindZoneArgument(name, ctx_);
      name_ = name;
    }
    return *zone_;
  }

 private:
  const EvalContext& ctx_;
  std::string name_;
  std::shared_ptr<const TimeZone> zone_;
};

}  // namespace firn::function_internal
