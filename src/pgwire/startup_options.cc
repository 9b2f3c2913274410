// Startup "options" parsing; see startup_options.h.
#include "pgwire/startup_options.h"

namespace firn::pgwire {
namespace {

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// "name=value" -> (name with '-' replaced by '_', value).
Result<std::pair<std::string, std::string>> ParseAssignment(std::string_view text) {
  size_t eq = text.find('=');
  std::string name(text.substr(0, eq));
  for (char& c : name) {
    if (c == '-') c = '_';
  }
  if (eq == std::string_view::npos) {
    return Status::InvalidArgument("--" + std::string(text) + " requires a value");
  }
  if (name.empty()) {
    return Status::InvalidArgument("invalid command-line argument for server process: " +
                                   std::string(text));
  }
  return std::make_pair(std::move(name), std::string(text.substr(eq + 1)));
}

}  // namespace

std::vector<std::string> SplitStartupOptions(std::string_view options) {
  std::vector<std::string> args;
  size_t i = 0;
  while (i < options.size()) {
    while (i < options.size() && IsSpace(options[i])) ++i;
    if (i == options.size()) break;
    std::string arg;
    while (i < options.size() && !IsSpace(options[i])) {
      if (options[i] == '\\' && i + 1 < options.size()) ++i;
      arg.push_back(options[i++]);
    }
    args.push_back(std::move(arg));
  }
  return args;
}

Result<SettingList> ParseStartupOptions(std::string_view options) {
  std::vector<std::string> args = SplitStartupOptions(options);
  SettingList settings;
  for (size_t i = 0; i < args.size(); ++i) {
    std::string_view arg = args[i];
    std::string_view assignment;
    if (arg.starts_with("--")) {
      assignment = arg.substr(2);
    } else if (arg == "-c") {
      if (i + 1 == args.size()) {
        return Status::InvalidArgument("invalid command-line argument for server process: -c");
      }
      assignment = args[++i];
    } else if (arg.starts_with("-c")) {
      assignment = arg.substr(2);
    } else {
      return Status::InvalidArgument("invalid command-line argument for server process: " +
                                     std::string(arg));
    }
    auto parsed = ParseAssignment(assignment);
    if (!parsed.ok()) return parsed.status();
    settings.push_back(parsed.take());
  }
  return settings;
}

}  // namespace firn::pgwire
