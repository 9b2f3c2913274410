// Command-line parsing for `firn`; see cli.h.
#include "server/cli.h"

#include <charconv>
#include <optional>
#include <string_view>

namespace firn::server {
namespace {

std::optional<int> ParsePort(std::string_view text) {
  int port = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), port);
  if (ec != std::errc() || ptr != text.data() + text.size() || port < 0 || port > 65535) {
    return std::nullopt;
  }
  return port;
}

// The options that take a count (1..1000000), and the field each one sets.
struct IntOption {
  const char* name;
  int ServeOptions::*field;
};
constexpr IntOption kIntOptions[] = {{"checkpoint-mb", &ServeOptions::checkpoint_mb},
                                     {"checkpoint-seconds", &ServeOptions::checkpoint_seconds},
                                     {"cache-mb", &ServeOptions::cache_mb},
                                     {"max-connections", &ServeOptions::max_connections}};

const IntOption* FindIntOption(std::string_view name) {
  for (const IntOption& option : kIntOptions) {
    if (name == option.name) return &option;
  }
  return nullptr;
}

// Applies one option value (from a flag or the environment); false + *error on bad values.
bool Apply(std::string_view name, const std::string& value, ServeOptions* opts,
           std::string* error) {
  if (name == "listen") {
    if (value.empty()) {
      *error = "--listen requires a non-empty address";
      return false;
    }
    opts->listen = value;
  } else if (name == "port") {
    auto port = ParsePort(value);
    if (!port) {
      *error = "invalid port \"" + value + "\" (expected 0..65535)";
      return false;
    }
    opts->port = *port;
  } else if (name == "data") {
    if (value.empty()) {
      *error = "--data requires a non-empty directory";
      return false;
    }
    opts->data_dir = value;
  } else if (const IntOption* option = FindIntOption(name)) {
    int n = 0;
    auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
    if (ec != std::errc() || ptr != value.data() + value.size() || n < 1 || n > 1000000) {
      *error = "invalid --" + std::string(name) + " \"" + value + "\" (expected 1..1000000)";
      return false;
    }
    opts->*(option->field) = n;
  } else if (name == "password") {
    opts->password = value;
  } else if (name == "log-level") {
    auto level = ParseLogLevel(value);
    if (!level) {
      *error = "invalid log level \"" + value + "\" (expected debug, info, warning or error)";
      return false;
    }
    opts->log_level = *level;
  } else {
    *error = "unknown option --" + std::string(name);
    return false;
  }
  return true;
}

CliCommand Error(std::string message) {
  CliCommand c;
  c.kind = CliCommand::Kind::kError;
  c.error = std::move(message);
  return c;
}

struct EnvOption {
  const char* variable;
  const char* option;
};
constexpr EnvOption kEnvOptions[] = {{"FIRN_LISTEN", "listen"},
                                     {"FIRN_PORT", "port"},
                                     {"FIRN_DATA", "data"},
                                     {"FIRN_PASSWORD", "password"},
                                     {"FIRN_LOG_LEVEL", "log-level"},
                                     {"FIRN_CHECKPOINT_MB", "checkpoint-mb"},
                                     {"FIRN_CHECKPOINT_SECONDS", "checkpoint-seconds"},
                                     {"FIRN_CACHE_MB", "cache-mb"},
                                     {"FIRN_MAX_CONNECTIONS", "max-connections"}};

}  // namespace

CliCommand ParseCommandLine(const std::vector<std::string>& args, const EnvLookup& env) {
  CliCommand cmd;
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    cmd.kind = CliCommand::Kind::kHelp;
    return cmd;
  }
  if (args[0] == "--version" || args[0] == "-V" || args[0] == "version") {
    cmd.kind = CliCommand::Kind::kVersion;
    return cmd;
  }
  if (args[0] != "serve") return Error("unknown command \"" + args[0] + "\"");

  cmd.kind = CliCommand::Kind::kServe;
  for (const EnvOption& e : kEnvOptions) {
    const char* value = env ? env(e.variable) : nullptr;
    if (value == nullptr) continue;
    std::string error;
    if (!Apply(e.option, value, &cmd.serve, &error)) {
      return Error(std::string(e.variable) + ": " + error);
    }
  }
  for (size_t i = 1; i < args.size(); ++i) {
    std::string_view arg = args[i];
    if (arg == "--help" || arg == "-h") {
      cmd.kind = CliCommand::Kind::kServeHelp;
      return cmd;
    }
    if (!arg.starts_with("--")) return Error("unexpected argument \"" + std::string(arg) + "\"");
    std::string_view name = arg.substr(2);
    std::string value;
    size_t eq = name.find('=');
    if (eq != std::string_view::npos) {
      value = std::string(name.substr(eq + 1));
      name = name.substr(0, eq);
    } else {
      if (i + 1 == args.size()) return Error("option --" + std::string(name) + " requires a value");
      value = args[++i];
    }
    std::string error;
    if (!Apply(name, value, &cmd.serve, &error)) return Error(error);
  }
  return cmd;
}

std::string MainHelpText() {
  return "firn: a PostgreSQL-compatible database, lakehouse writer and feature store.\n"
         "\n"
         "Usage:\n"
         "  firn serve [options]   run the server (see firn serve --help)\n"
         "  firn --help            show this help\n"
         "  firn --version         show the version\n";
}

std::string ServeHelpText() {
  return "Usage: firn serve [options]\n"
         "\n"
         "Options (each also settable from the environment; flags win):\n"
         "  --listen ADDR      address to listen on, \"*\" for all      [FIRN_LISTEN, 127.0.0.1]\n"
         "  --port N           TCP port                                [FIRN_PORT, 5433]\n"
         "  --data DIR         warehouse folder                        [FIRN_DATA, ./firn-data]\n"
         "  --password P       password of the superuser \"firn\"        [FIRN_PASSWORD, none]\n"
         "  --checkpoint-mb N  checkpoint after N MiB of WAL           [FIRN_CHECKPOINT_MB, 256]\n"
         "  --checkpoint-seconds S  checkpoint pending writes after S seconds\n"
         "                                              [FIRN_CHECKPOINT_SECONDS, 300]\n"
         "  --cache-mb N       memory for checkpointed rows read back from data files\n"
         "                                                       [FIRN_CACHE_MB, 1024]\n"
         "  --max-connections N  sessions served at once; more are refused\n"
         "                                              [FIRN_MAX_CONNECTIONS, 1000]\n"
         "  --log-level L      debug, info, warning or error           [FIRN_LOG_LEVEL, info]\n"
         "  --help             show this help\n"
         "\n"
         "Without a password, roles that have none may connect without one, and only while the\n"
         "server listens on a loopback address; listening elsewhere requires --password.\n"
         "Connect with: psql -h 127.0.0.1 -p 5433 -U firn\n";
}

std::string VersionText() {
  return "firn 0.1.0 (PostgreSQL wire protocol 3.0, compatible with 15)\n";
}

}  // namespace firn::server
