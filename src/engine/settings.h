// Settings: a session's run-time parameters (SET / SHOW / RESET), with PostgreSQL's names,
// defaults and the subset it reports to clients through ParameterStatus.
// Thread-safety: owned by one session.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace firn {

class Settings {
 public:
  Settings();
  // Not copyable: Find remembers pointers into this object's entries.
  Settings(const Settings&) = delete;
  Settings& operator=(const Settings&) = delete;

  // Current value; nullopt for unknown names. Names are case-insensitive.
  std::optional<std::string> Get(const std::string& name) const;
  // The same without copying; the pointer is valid until the setting next changes.
  const std::string* Find(std::string_view name) const;
  // Sets a value. Throws 42704 for unknown names (custom "prefix.name" settings are
  // allowed), 55P02/22023 for read-only or invalid values.
  void Set(const std::string& name, const std::string& value);
  void Reset(const std::string& name);
  void ResetAll();

  // All (name, value) pairs, sorted by name (SHOW ALL).
  std::vector<std::pair<std::string, std::string>> All() const;
  // ParameterStatus: the reported settings, and those changed since the last call.
  std::vector<std::pair<std::string, std::string>> Reported() const;
  std::vector<std::pair<std::string, std::string>> TakeChangedReported();

  // The display name ("TimeZone") for a setting name in any case.
  static std::string CanonicalName(const std::string& name);
  // The milliseconds a time setting's value stands for ("1min" -> 60000). Set() keeps
  // statement_timeout and the other millisecond settings in this form.
  static int64_t Millis(const std::string& value);

 private:
  struct Entry {
    std::string name;  // display name
    std::string value;
    std::string default_value;
    bool reported = false;
    bool read_only = false;
  };
  const std::string* FindInMap(std::string_view name) const;

  std::map<std::string, Entry, std::less<>> entries_;  // keyed by lower-case name
  // Find's recent answers, by the name asked for (as asked); valid while entries_ has
  // `entries` entries (they are only ever added).
  struct Remembered {
    std::string name;
    size_t entries = SIZE_MAX;
    const std::string* value = nullptr;
  };
  mutable std::array<Remembered, 8> remembered_{};
  mutable size_t next_remembered_ = 0;
  std::vector<std::string> changed_;
};

}  // namespace firn
