// Parsing of the StartupMessage "options" parameter, the command-line switches libpq's
// PGOPTIONS carries: arguments are separated by whitespace, a backslash makes the next
// character literal, and settings are given as "-c name=value", "-cname=value" or
// "--name=value" (dashes in the name become underscores, as PostgreSQL does).
// Thread-safety: pure function.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"

namespace firn::pgwire {

using SettingList = std::vector<std::pair<std::string, std::string>>;

// Splits `options` into arguments (whitespace-separated, backslash escapes).
std::vector<std::string> SplitStartupOptions(std::string_view options);

// The settings named by `options`. Fails (with PostgreSQL's message text) on switches other
// than -c/--name=value and on a setting without "=value".
Result<SettingList> ParseStartupOptions(std::string_view options);

}  // namespace firn::pgwire
