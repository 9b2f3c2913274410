// Connection: lifecycle, the message loop and the simple-query protocol; see connection.h.
// Startup and authentication are in connection_startup.cc, the extended protocol in
// connection_extended.cc.
#include "pgwire/connection.h"

#include <chrono>
#include <cstdio>

#include "common/sql_error.h"
#include "engine/database.h"
#include "engine/session.h"
#include "pgwire/messages.h"
#include "pgwire/protocol.h"

namespace firn::pgwire {

Connection::Connection(ConnectionContext context, std::unique_ptr<Transport> transport)
    : ctx_(std::move(context)),
      transport_(std::move(transport)),
      reader_(transport_.get()),
      writer_(transport_.get()) {}

Connection::~Connection() {
  // Portals and statements may refer to the session: drop them first.
  portals_.clear();
  statements_.clear();
  if (registered_) ctx_.cancel_registry->Unregister(key_.process_id);
  session_.reset();
}

bool Connection::ShuttingDown() const {
  return ctx_.shutting_down != nullptr && ctx_.shutting_down->load(std::memory_order_relaxed);
}

void Connection::Run() {
  if (Start()) {
    try {
      MainLoop(false);
    } catch (const std::exception& e) {
      OnUnexpected(e);
    }
  }
  Finish();
}

bool Connection::Start() {
  try {
    if (Startup()) return true;
  } catch (const std::exception& e) {
    OnUnexpected(e);
  }
  Finish();
  return false;
}

bool Connection::Serve() {
  try {
    if (MainLoop(true)) return true;
  } catch (const std::exception& e) {
    OnUnexpected(e);
  }
  Finish();
  return false;
}

void Connection::OnUnexpected(const std::exception& e) {
  // Only reached for failures outside any statement (allocation failure, say).
  ctx_.logger->Error(std::string("connection ") + ctx_.peer + ": " + e.what());
  if (!flags_.lost && !writer_.failed()) SendFatal(sqlstate::kInternalError, e.what());
}

void Connection::Finish() {
  writer_.Flush();
  if (ctx_.logger->Enabled(LogLevel::kDebug) && !user_.empty()) {
    double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
    char text[64];
    std::snprintf(text, sizeof(text), "%.3f", secs);
    ctx_.logger->Debug("disconnection: session time: " + std::string(text) + "s user=" + user_ +
                       " host=" + ctx_.peer);
  }
}

void Connection::SendError(const SqlError& error) {
  writer_.ErrorResponse(ErrorFields::From(error));
}

void Connection::SendFatal(const char* sqlstate, const std::string& message) {
  ErrorFields f;
  f.severity = "FATAL";
  f.sqlstate = sqlstate;
  f.message = message;
  writer_.ErrorResponse(f);
  writer_.Flush();
  closing_ = true;
}

void Connection::Refuse(const char* sqlstate, const std::string& message) {
  try {
    SendFatal(sqlstate, message);
  } catch (const std::exception& e) {
    ctx_.logger->Warning(std::string("refusing ") + ctx_.peer + ": " + e.what());
  }
}

bool Connection::HandleFlagsAfterStatement() {
  if (flags_.lost || writer_.failed()) {
    closing_ = true;
    return true;
  }
  if (flags_.fatal) {
    writer_.ErrorResponse(*flags_.fatal);
    writer_.Flush();
    closing_ = true;
    return true;
  }
  return false;
}

void Connection::SendReadyForQuery() {
  SendParameterStatusChanges(*session_, writer_);
  const char status = session_->TransactionStatus();
  writer_.ReadyForQuery(status);
  writer_.Flush();
  if (int64_t millis = session_->IdleTimeoutMillis(); millis > 0) {
    idle_in_block_.store(status != 'I', std::memory_order_relaxed);
    idle_deadline_us_.store(IdleClockMicros() + millis * 1000, std::memory_order_release);
  }
}

int64_t Connection::IdleClockMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

bool Connection::IdleTimeoutDue(int64_t now_us) {
  int64_t deadline = idle_deadline_us_.load(std::memory_order_acquire);
  if (deadline == 0 || now_us < deadline) return false;
  // A message that arrives meanwhile disarms the deadline first, or finds it fired.
  if (!idle_deadline_us_.compare_exchange_strong(deadline, 0, std::memory_order_acq_rel)) {
    return false;
  }
  idle_timeout_fired_.store(idle_in_block_.load(std::memory_order_relaxed) ? 'T' : 'I',
                            std::memory_order_release);
  return true;
}

void Connection::SendIdleTimeoutIfFired() {
  const char fired = idle_timeout_fired_.load(std::memory_order_acquire);
  if (fired == '\0') return;
  const bool in_block = fired == 'T';
  const std::string message = in_block ? "terminating connection due to idle-in-transaction timeout"
                                       : "terminating connection due to idle-session timeout";
  ctx_.logger->Info("connection " + ctx_.peer + ": " + message);
  SendFatal(in_block ? sqlstate::kIdleInTransactionSessionTimeout : sqlstate::kIdleSessionTimeout,
            message);
}

bool Connection::MainLoop(bool until_idle) {
  auto ended = [this](ReadStatus status, const std::string& error) {
    switch (status) {
      case ReadStatus::kOk:
        break;
      case ReadStatus::kShutdown:
        SendFatal(sqlstate::kAdminShutdown, "terminating connection due to administrator command");
        break;
      case ReadStatus::kMalformed:
        SendFatal(sqlstate::kProtocolViolation, error);
        break;
      case ReadStatus::kEof:
      case ReadStatus::kTimeout:
      case ReadStatus::kIoError:
        SendIdleTimeoutIfFired();  // the input ended because an idle timeout fired
        break;
    }
    return status != ReadStatus::kOk;
  };
  while (!closing_) {
    if (!reader_.HasBufferedMessage()) {
      if (!writer_.Flush()) return false;
      if (until_idle) {
        bool would_block = false;
        if (ended(reader_.TryFill(&would_block), std::string())) return false;
        if (would_block) return true;
        continue;  // some bytes came: a whole message, or more of one
      }
    }
    if (ShuttingDown()) {
      SendFatal(sqlstate::kAdminShutdown, "terminating connection due to administrator command");
      return false;
    }
    Message message;
    std::string error;
    if (ended(reader_.ReadMessage(&message, &error), error)) return false;
    if (idle_deadline_us_.load(std::memory_order_relaxed) != 0) {
      idle_deadline_us_.store(0, std::memory_order_relaxed);  // busy now, not idle
    }
    if (ignore_till_sync_ && message.type != fe::kSync && message.type != fe::kTerminate) {
      continue;
    }
    if (!Dispatch(message)) return false;
    if (writer_.failed()) return false;
  }
  return false;
}

bool Connection::Dispatch(const Message& m) {
  switch (m.type) {
    case fe::kQuery:
      HandleQuery(m.body);
      return !closing_;
    case fe::kParse:
      HandleParse(m.body);
      return !closing_;
    case fe::kBind:
      HandleBind(m.body);
      return !closing_;
    case fe::kDescribe:
      HandleDescribe(m.body);
      return !closing_;
    case fe::kExecute:
      HandleExecute(m.body);
      return !closing_;
    case fe::kClose:
      HandleClose(m.body);
      return !closing_;
    case fe::kSync:
      if (!DecodeEmpty(m.body).ok()) {
        SendFatal(sqlstate::kProtocolViolation, "invalid message format");
        return false;
      }
      HandleSync();
      return !closing_;
    case fe::kFlush:
      writer_.Flush();
      return true;
    case fe::kTerminate:
      return false;
    case fe::kCopyData:
    case fe::kCopyDone:
    case fe::kCopyFail:
      // The rest of a COPY whose statement already failed: ignored, as the protocol says.
      return true;
    case fe::kFunctionCall:
      SendError(SqlError(sqlstate::kFeatureNotSupported,
                         "the fastpath function call protocol is not supported"));
      session_->OnError();
      SendReadyForQuery();
      return true;
    default: {
      char text[64];
      std::snprintf(text, sizeof(text), "invalid frontend message type %d",
                    static_cast<unsigned char>(m.type));
      SendFatal(sqlstate::kProtocolViolation, text);
      return false;
    }
  }
}

void Connection::HandleQuery(std::string_view body) {
  auto decoded = DecodeQuery(body);
  if (!decoded.ok()) {
    SendFatal(sqlstate::kProtocolViolation, decoded.status().message());
    return;
  }
  // A simple query ends the unnamed statement and portal, as in PostgreSQL.
  statements_.erase("");
  portals_.erase("");
  WireSink sink(WireSink::Mode::kSimple, writer_, reader_, *session_, flags_);
  try {
    session_->ExecuteSimple(decoded.value().sql, sink);
  } catch (const SqlError& e) {
    if (HandleFlagsAfterStatement()) return;
    if (e.sqlstate() == sqlstate::kQueryCanceled && ShuttingDown()) {
      SendFatal(sqlstate::kAdminShutdown, "terminating connection due to administrator command");
      return;
    }
    SendError(e);
  } catch (const std::exception& e) {
    if (HandleFlagsAfterStatement()) return;
    SendError(SqlError(sqlstate::kInternalError, e.what()));
    session_->OnError();
  }
  if (HandleFlagsAfterStatement()) return;
  if (session_->TransactionStatus() == 'I') portals_.clear();
  SendReadyForQuery();
}

}  // namespace firn::pgwire
