// Session: one client's conversation with the database — its settings, its transaction,
// its prepared statements' plans. The wire layer owns one Session per connection and
// drives it with simple queries or the Prepare/Bind/Execute cycle.
//
// Errors: every method that runs SQL throws SqlError; the session stays usable afterwards
// (inside a transaction block it enters the failed state, PostgreSQL's 'E').
// Thread-safety: one thread uses a Session; Cancel() may be called from any thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/result_sink.h"
#include "types/type.h"
#include "types/value_io.h"

namespace firn {

class Database;
class SessionState;
struct PreparedPlan;

struct SessionStartup {
  std::string user;
  std::string database;
  std::string application_name;
  // (name, value) pairs from the startup packet's "options" (-c name=value) and any
  // other startup parameters that are settings (client_encoding, DateStyle, ...).
  std::vector<std::pair<std::string, std::string>> settings;
};

// A parsed and analyzed statement (extended protocol's Parse).
class PreparedStatement {
 public:
  ~PreparedStatement();
  // Parameter types, resolved from the client's OIDs or inferred from context.
  const std::vector<Type>& param_types() const;
  // Result columns; empty when the statement returns no rows (NoData).
  const std::vector<ColumnDescription>& columns() const;
  bool returns_rows() const;
  const std::string& sql() const;

 private:
  friend class Session;
  explicit PreparedStatement(std::shared_ptr<PreparedPlan> plan);
  std::shared_ptr<PreparedPlan> plan_;
};

enum class ExecuteStatus { kComplete, kSuspended };

struct ExecuteResult {
  ExecuteStatus status = ExecuteStatus::kComplete;
  std::string command_tag;  // set when kComplete
};

// A bound statement ready to run (extended protocol's Bind), possibly half-consumed.
class Portal {
 public:
  virtual ~Portal() = default;
  virtual const std::vector<ColumnDescription>& columns() const = 0;
  // Runs until max_rows rows were sent (0 = all) or the statement completes. Rows go to
  // sink.OnRows; COPY uses the sink's copy methods.
  virtual ExecuteResult Execute(int64_t max_rows, ResultSink& sink) = 0;
};

// Parameter values as they arrive in Bind: raw bytes (nullopt = NULL) and format codes.
struct BindParameters {
  std::vector<std::optional<std::string>> values;
  std::vector<int16_t> formats;  // empty = all text; one entry = applies to all
};

class Session {
 public:
  Session(Database& database, SessionStartup startup);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // Simple-query protocol: runs every statement in `sql` in turn, stopping at the first
  // error (which is thrown after earlier statements' results were sent).
  void ExecuteSimple(std::string_view sql, ResultSink& sink);

  // Extended protocol. Prepare throws 42601 for more than one statement.
  std::shared_ptr<PreparedStatement> Prepare(std::string_view sql,
                                             const std::vector<uint32_t>& param_type_oids);
  // Decodes parameters (22P02/22P03 on bad values, 08P01 on a count mismatch).
  std::unique_ptr<Portal> Bind(std::shared_ptr<PreparedStatement> statement,
                               const BindParameters& params);

  // The wire layer reports errors it raised itself (a bad Bind, say) so that an open
  // transaction block enters the failed state.
  void OnError();
  // End of an extended-protocol message cycle (Sync): commits an implicit transaction.
  void Sync();

  // 'I' idle, 'T' in a transaction block, 'E' in a failed transaction block.
  char TransactionStatus() const;
  // How long the session may now wait for its client's next message before it is ended
  // (idle_in_transaction_session_timeout in a transaction block, idle_session_timeout
  // outside one); 0 = no limit.
  int64_t IdleTimeoutMillis() const;

  // Requests cancellation of the running statement; it fails with 57014 soon after.
  void Cancel() { cancel_requested_.store(true); }

  // ParameterStatus values to send at startup, and the ones changed since the last call.
  std::vector<std::pair<std::string, std::string>> InitialParameterStatus() const;
  std::vector<std::pair<std::string, std::string>> TakeParameterStatusChanges();

  const std::string& user() const;

  // How result values must be formatted for this session right now (TimeZone,
  // extra_float_digits). Changes with SET; ask again after each statement.
  IoContext OutputContext() const;

 private:
  friend class SessionState;
  Database& database_;
  std::unique_ptr<SessionState> state_;
  std::atomic<bool> cancel_requested_{false};
};

}  // namespace firn
