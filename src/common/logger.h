// Logger: leveled, line-oriented logging to stderr. One Logger is owned by the server and
// handed to the components that log; there is no global logger.
// Thread-safety: all methods may be called concurrently.
#pragma once

#include <atomic>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace firn {

enum class LogLevel { kDebug = 0, kInfo = 1, kWarning = 2, kError = 3 };

// Parses "debug", "info", "warning"/"warn", "error"; nullopt otherwise.
std::optional<LogLevel> ParseLogLevel(std::string_view text);

class Logger {
 public:
  explicit Logger(LogLevel level = LogLevel::kInfo) : level_(level) {}

  void set_level(LogLevel level) { level_.store(level); }
  bool Enabled(LogLevel level) const { return level >= level_.load(); }

  void Log(LogLevel level, std::string_view message);
  void Debug(std::string_view m) { Log(LogLevel::kDebug, m); }
  void Info(std::string_view m) { Log(LogLevel::kInfo, m); }
  void Warning(std::string_view m) { Log(LogLevel::kWarning, m); }
  void Error(std::string_view m) { Log(LogLevel::kError, m); }

 private:
  std::atomic<LogLevel> level_;
  std::mutex mutex_;  // keeps lines whole
};

}  // namespace firn
