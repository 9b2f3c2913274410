// Command-line interface of the `firn` binary:
//   firn --help | --version
//   firn serve [--listen ADDR] [--port N] [--data DIR] [--password P] [--log-level L]
// Every serve option can also come from the environment (FIRN_LISTEN, FIRN_PORT, FIRN_DATA,
// FIRN_PASSWORD, FIRN_LOG_LEVEL); flags override the environment. Both "--flag value" and
// "--flag=value" are accepted.
// Thread-safety: pure functions.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "common/logger.h"

namespace firn::server {

struct ServeOptions {
  std::string listen = "127.0.0.1";
  int port = 5433;
  std::string data_dir = "./firn-data";
  std::string password;  // superuser "firn"'s password; empty = none
  // Background checkpoints: after this many MiB of WAL, or this many seconds.
  int checkpoint_mb = 256;
  int checkpoint_seconds = 300;
  int cache_mb = 1024;         // the column cache (storage/column_cache.h)
  int max_connections = 1000;  // more are refused with FATAL 53300
  LogLevel log_level = LogLevel::kInfo;
};

struct CliCommand {
  enum class Kind { kHelp, kVersion, kServeHelp, kServe, kError };
  Kind kind = Kind::kHelp;
  ServeOptions serve;  // kServe
  std::string error;   // kError: what was wrong, one line
};

// Looks up an environment variable; returns nullptr when unset.
using EnvLookup = std::function<const char*(const char*)>;

// Parses argv[1..] (`args` excludes the program name).
CliCommand ParseCommandLine(const std::vector<std::string>& args, const EnvLookup& env);

std::string MainHelpText();
std::string ServeHelpText();
std::string VersionText();

}  // namespace firn::server
