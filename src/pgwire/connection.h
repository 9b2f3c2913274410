// Connection: the per-client state machine of the PostgreSQL wire protocol v3. It drives
// one Session from the bytes on one Transport:
//   startup   SSLRequest/GSSENCRequest -> 'N'; CancelRequest -> CancelRegistry; the
//             StartupMessage; authentication (SCRAM-SHA-256 or trust, see Authenticate);
//             AuthenticationOk, ParameterStatus*, BackendKeyData, ReadyForQuery
//   queries   simple Query; extended Parse/Bind/Describe/Execute/Close/Sync/Flush with
//             named and unnamed statements and portals and the skip-until-Sync rule;
//             COPY through WireSink
//   shutdown  Terminate, EOF, a malformed message (FATAL 08P01) or server shutdown
//             (FATAL 57P01)
// The codec lives in messages.h, message_reader.h and message_writer.h.
// Two ways to drive it: Run() serves the client to the end on the calling thread, reading
// with blocking reads; or Start() and then Serve() each time the socket has bytes, which
// returns instead of waiting for the next request (the server's workers do this, many
// connections per thread; see server/connection_pool.h).
// Thread-safety: one thread at a time uses a Connection (any thread); nothing in it is
// shared except through CancelRegistry and the `shutting_down` flag.
#pragma once

#include <atomic>
#include <chrono>
#include <exception>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/logger.h"
#include "pgwire/cancel_registry.h"
#include "pgwire/message_reader.h"
#include "pgwire/message_writer.h"
#include "pgwire/transport.h"
#include "pgwire/wire_sink.h"

namespace firn {
class Database;
class Session;
class SqlError;
class PreparedStatement;
class Portal;
}  // namespace firn

namespace firn::pgwire {

// What a connection needs from its server. Everything pointed to outlives the connection.
struct ConnectionContext {
  Database* database = nullptr;
  CancelRegistry* cancel_registry = nullptr;
  Logger* logger = nullptr;
  // Roles without a password may log in without one (the server allows this only when it
  // listens on loopback and no superuser password is configured).
  bool allow_trust = false;
  // Set by the server when it shuts down; turns cancellations into FATAL 57P01.
  const std::atomic<bool>* shutting_down = nullptr;
  std::string peer;  // "host:port" of the client, for logs
  // Set when the server already serves as many sessions as it may: the startup phase
  // answers encryption and cancel requests as usual, then refuses the session with FATAL
  // 53300, as PostgreSQL does (a client that asked for SSL first could not read an
  // error sent before its request was answered).
  bool too_many_clients = false;
  // Time allowed for startup and authentication.
  int authentication_timeout_millis = 60000;
};

class Connection {
 public:
  Connection(ConnectionContext context, std::unique_ptr<Transport> transport);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Serves the client until the connection ends. Never throws.
  void Run();

  // Runs the startup phase (blocking reads; the authentication timeout applies). True
  // when the client is ready for queries: call Serve() now and whenever its socket is
  // readable until it returns false; false = the connection has ended. Never throws.
  bool Start();
  // Handles the messages that arrived, without waiting for more (a message half
  // received stays buffered). True = wait for bytes and call again; false = the
  // connection has ended. A statement may still wait for its own input (COPY data).
  // Never throws.
  bool Serve();

  // Instead of Start(): tells a client the server will not serve (a FATAL error with
  // `sqlstate`, best effort). Destroy the connection afterwards. Never throws.
  void Refuse(const char* sqlstate, const std::string& message);

  // The idle timeouts (idle_in_transaction_session_timeout, idle_session_timeout), which
  // whoever waits for the socket enforces: true once the session, waiting for its next
  // message, has passed its deadline (at `now_us` on IdleClockMicros()'s clock); it is
  // marked, and the caller must then shut the socket's reading side down, so that the
  // next Serve() sees the end of input and ends the session with the timeout's FATAL
  // error (25P03 or 57P05), as PostgreSQL does. May be called from any thread.
  bool IdleTimeoutDue(int64_t now_us);
  static int64_t IdleClockMicros();

 private:
  struct PortalEntry {
    std::unique_ptr<Portal> portal;
    std::shared_ptr<PreparedStatement> statement;
    std::vector<int16_t> formats;  // one per result column
  };

  // ---- connection_startup.cc ----
  // Startup phase through ReadyForQuery; false = close the connection.
  bool Startup();
  // Authenticates `user`; sends AuthenticationOk on success. False = close (a FATAL error
  // was sent, or the client went away).
  bool Authenticate(const std::string& user);
  bool RunScram(const std::string& user, const std::string* secret_text);
  // Reads one 'p' message during authentication; false = close.
  bool ReadAuthMessage(Message* message);

  // ---- connection.cc ----
  // Handles messages until the connection ends (false) or, with `until_idle`, until no
  // bytes are waiting (true).
  bool MainLoop(bool until_idle);
  // The end of the connection: flushes, logs the disconnection.
  void Finish();
  // A failure outside any statement: logged, and FATAL to the client if it can hear it.
  void OnUnexpected(const std::exception& e);
  // Handles one message; false = close the connection.
  bool Dispatch(const Message& message);
  void HandleQuery(std::string_view body);
  void SendError(const SqlError& error);
  void SendFatal(const char* sqlstate, const std::string& message);
  // Sends a FATAL recorded by the sink and marks the connection closing; true if any.
  bool HandleFlagsAfterStatement();
  // ReadyForQuery, then arms the idle timeout that applies to the session's state.
  void SendReadyForQuery();
  // The FATAL error of an idle timeout that fired, if one did (the input was cut).
  void SendIdleTimeoutIfFired();
  bool ShuttingDown() const;

  // ---- connection_extended.cc ----
  void HandleParse(std::string_view body);
  void HandleBind(std::string_view body);
  void HandleDescribe(std::string_view body);
  void HandleExecute(std::string_view body);
  void HandleClose(std::string_view body);
  void HandleSync();
  // Reports an error met while processing an extended-protocol message and starts
  // skipping until Sync. `raised_here`: the wire layer raised it, not the session.
  void ExtendedError(const SqlError& error, bool raised_here);
  // Runs `fn`, turning its exceptions into ExtendedError.
  template <typename Fn>
  void RunExtended(Fn&& fn);

  ConnectionContext ctx_;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  std::unique_ptr<Transport> transport_;
  MessageReader reader_;
  MessageWriter writer_;
  ConnectionFlags flags_;
  std::unique_ptr<Session> session_;
  BackendKey key_;
  bool registered_ = false;
  bool closing_ = false;
  // Set after each ReadyForQuery when an idle timeout applies; 0 = none. Read by the
  // thread that watches the socket (IdleTimeoutDue).
  std::atomic<int64_t> idle_deadline_us_{0};
  std::atomic<bool> idle_in_block_{false};      // the deadline is the in-transaction one
  std::atomic<char> idle_timeout_fired_{'\0'};  // 'T' / 'I' once a timeout has fired
  bool ignore_till_sync_ = false;
  std::string user_;
  std::unordered_map<std::string, std::shared_ptr<PreparedStatement>> statements_;
  std::unordered_map<std::string, PortalEntry> portals_;
};

}  // namespace firn::pgwire
