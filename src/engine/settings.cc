#include "engine/settings.h"

#include <algorithm>
#include <cctype>
#include <climits>
#include <cmath>
#include <cstdlib>

#include "common/sql_error.h"

namespace firn {
namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

struct Default {
  const char* name;
  const char* value;
  bool reported;
  bool read_only;
};

// PostgreSQL's names and the values Firn runs with.
constexpr Default kDefaults[] = {
    {"application_name", "", true, false},
    {"client_encoding", "UTF8", true, false},
    {"DateStyle", "ISO, MDY", true, false},
    {"default_transaction_isolation", "read committed", false, false},
    {"default_transaction_read_only", "off", true, false},
    {"extra_float_digits", "1", false, false},
    {"in_hot_standby", "off", true, true},
    {"integer_datetimes", "on", true, true},
    {"IntervalStyle", "postgres", true, false},
    {"is_superuser", "on", true, true},
    {"lc_messages", "C", false, false},
    {"lc_monetary", "C", false, false},
    {"lc_numeric", "C", false, false},
    {"lc_time", "C", false, false},
    {"max_identifier_length", "63", false, true},
    {"search_path", "\"$user\", public", false, false},
    {"server_encoding", "UTF8", true, true},
    {"server_version", "15.0 (Firn 0.1)", true, true},
    {"server_version_num", "150000", false, true},
    {"session_authorization", "firn", true, false},
    {"standard_conforming_strings", "on", true, false},
    {"statement_timeout", "0", false, false},
    {"lock_timeout", "0", false, false},
    {"idle_in_transaction_session_timeout", "0", false, false},
    {"idle_session_timeout", "0", false, false},
    {"synchronous_commit", "on", false, false},
    {"TimeZone", "UTC", true, false},
    {"transaction_isolation", "read committed", false, false},
    {"transaction_read_only", "off", false, false},
    {"client_min_messages", "notice", false, false},
    {"row_security", "on", false, false},
    {"bytea_output", "hex", false, false},
    {"xmloption", "content", false, false},
    {"jit", "off", false, false},
};

}  // namespace

Settings::Settings() {
  for (const Default& d : kDefaults) {
    entries_[Lower(d.name)] = Entry{d.name, d.value, d.value, d.reported, d.read_only};
  }
}

std::string Settings::CanonicalName(const std::string& name) {
  std::string lower = Lower(name);
  for (const Default& d : kDefaults) {
    if (Lower(d.name) == lower) return d.name;
  }
  return lower;
}

const std::string* Settings::Find(std::string_view name) const {
  // The engine asks for the same few names at every statement: the last answers are
  // remembered until a setting is added. Entries are never removed and map nodes do not
  // move, so a remembered pointer stays valid.
  for (const Remembered& r : remembered_) {
    if (r.entries == entries_.size() && r.name == name) return r.value;
  }
  const std::string* value = FindInMap(name);
  remembered_[next_remembered_] = Remembered{std::string(name), entries_.size(), value};
  next_remembered_ = (next_remembered_ + 1) % remembered_.size();
  return value;
}

const std::string* Settings::FindInMap(std::string_view name) const {
  auto it = entries_.find(name);  // the engine's own lookups are already lower case
  bool lower = std::none_of(name.begin(), name.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
  if (it == entries_.end() && !lower) it = entries_.find(Lower(std::string(name)));
  return it == entries_.end() ? nullptr : &it->second.value;
}

std::optional<std::string> Settings::Get(const std::string& name) const {
  const std::string* value = Find(name);
  if (!value) return std::nullopt;
  return *value;
}

namespace {

// PostgreSQL's synchronous_commit values; the boolean spellings mean on / off.
std::string NormalizeSynchronousCommit(const std::string& value) {
  std::string v = Lower(value);
  if (v == "on" || v == "true" || v == "yes" || v == "1") return "on";
  if (v == "off" || v == "false" || v == "no" || v == "0") return "off";
  if (v == "local" || v == "remote_write" || v == "remote_apply") return v;
  throw SqlError(sqlstate::kInvalidParameterValue,
                 "invalid value for parameter \"synchronous_commit\": \"" + value + "\"")
      .WithHint("Available values: local, remote_write, remote_apply, on, off.");
}

// Time units of PostgreSQL's millisecond settings, largest first (the display picks the
// largest that divides the value).
struct TimeUnit {
  const char* name;
  double millis;
};
constexpr TimeUnit kTimeUnits[] = {{"d", 86400000.0}, {"h", 3600000.0}, {"min", 60000.0},
                                   {"s", 1000.0},     {"ms", 1.0},      {"us", 0.001}};

bool IsMillisSetting(const std::string& key) {
  return key == "statement_timeout" || key == "lock_timeout" ||
         key == "idle_in_transaction_session_timeout" || key == "idle_session_timeout";
}

// A millisecond setting's value as PostgreSQL reads it: a number, optionally with a unit
// (milliseconds without one); displayed in the largest unit that divides it ("1min").
std::string NormalizeMillis(const std::string& key, const std::string& value) {
  const std::string name = Settings::CanonicalName(key);
  auto invalid = [&] {
    return SqlError(sqlstate::kInvalidParameterValue,
                    "invalid value for parameter \"" + name + "\": \"" + value + "\"");
  };
  const char* begin = value.c_str();
  while (std::isspace(static_cast<unsigned char>(*begin))) ++begin;
  char* end = nullptr;
  double number = std::strtod(begin, &end);
  if (end == begin || !std::isfinite(number)) throw invalid();
  while (std::isspace(static_cast<unsigned char>(*end))) ++end;
  std::string_view rest(end);
  while (!rest.empty() && std::isspace(static_cast<unsigned char>(rest.back()))) {
    rest.remove_suffix(1);
  }
  double scale = 1.0;
  if (!rest.empty()) {
    const TimeUnit* unit = std::find_if(std::begin(kTimeUnits), std::end(kTimeUnits),
                                        [&](const TimeUnit& u) { return rest == u.name; });
    if (unit == std::end(kTimeUnits)) {
      throw invalid().WithHint(
          "Valid units for this parameter are \"us\", \"ms\", \"s\", \"min\", \"h\", and "
          "\"d\".");
    }
    scale = unit->millis;
  }
  double millis = std::rint(number * scale);
  if (millis < INT_MIN || millis > INT_MAX) {
    throw invalid().WithHint("Value exceeds integer range.");
  }
  if (millis < 0) {
    throw SqlError(sqlstate::kInvalidParameterValue,
                   std::to_string(static_cast<int>(millis)) +
                       " ms is outside the valid range for parameter \"" + name + "\" (0 .. " +
                       std::to_string(INT_MAX) + ")");
  }
  auto ms = static_cast<int64_t>(millis);
  if (ms == 0) return "0";
  for (const TimeUnit& u : kTimeUnits) {
    auto m = static_cast<int64_t>(u.millis);
    if (m >= 1 && ms % m == 0) return std::to_string(ms / m) + u.name;
  }
  return std::to_string(ms) + "ms";  // not reached: every value divides by 1 ms
}

}  // namespace

int64_t Settings::Millis(const std::string& value) {
  char* end = nullptr;
  long long n = std::strtoll(value.c_str(), &end, 10);
  std::string_view unit(end);
  for (const TimeUnit& u : kTimeUnits) {
    if (unit == u.name) return static_cast<int64_t>(static_cast<double>(n) * u.millis);
  }
  return n;
}

void Settings::Set(const std::string& name, const std::string& raw_value) {
  std::string key = Lower(name);
  std::string value = key == "synchronous_commit" ? NormalizeSynchronousCommit(raw_value)
                      : IsMillisSetting(key)      ? NormalizeMillis(key, raw_value)
                                                  : raw_value;
  auto it = entries_.find(key);
  if (it == entries_.end()) {
    if (key.find('.') == std::string::npos) {
      throw SqlError(sqlstate::kUndefinedObject,
                     "unrecognized configuration parameter \"" + name + "\"");
    }
    entries_[key] = Entry{key, value, "", false, false};
    return;
  }
  if (it->second.read_only) {
    throw SqlError("55P02", "parameter \"" + it->second.name + "\" cannot be changed");
  }
  if (it->second.value != value) {
    it->second.value = value;
    if (it->second.reported) changed_.push_back(key);
  }
}

void Settings::Reset(const std::string& name) {
  std::string key = Lower(name);
  auto it = entries_.find(key);
  if (it == entries_.end()) {
    if (key.find('.') != std::string::npos) return;
    throw SqlError(sqlstate::kUndefinedObject,
                   "unrecognized configuration parameter \"" + name + "\"");
  }
  if (it->second.read_only) return;
  Set(name, it->second.default_value);
}

void Settings::ResetAll() {
  for (auto& [key, entry] : entries_) {
    if (!entry.read_only) Set(key, entry.default_value);
  }
}

std::vector<std::pair<std::string, std::string>> Settings::All() const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [key, entry] : entries_) out.emplace_back(entry.name, entry.value);
  return out;
}

std::vector<std::pair<std::string, std::string>> Settings::Reported() const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [key, entry] : entries_) {
    if (entry.reported) out.emplace_back(entry.name, entry.value);
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> Settings::TakeChangedReported() {
  std::vector<std::pair<std::string, std::string>> out;
  std::sort(changed_.begin(), changed_.end());
  changed_.erase(std::unique(changed_.begin(), changed_.end()), changed_.end());
  for (const std::string& key : changed_) {
    const Entry& e = entries_.at(key);
    out.emplace_back(e.name, e.value);
  }
  changed_.clear();
  return out;
}

}  // namespace firn
