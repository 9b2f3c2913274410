// Connection: the extended-query protocol (Parse, Bind, Describe, Execute, Close, Sync);
// see connection.h. After an error every message up to the next Sync is skipped
// (MainLoop enforces that through ignore_till_sync_). The unnamed statement and portal are
// replaced by the next unnamed Parse/Bind; portals die at Sync once the session is idle
// (that is, when the transaction ended).
#include "common/sql_error.h"
#include "engine/session.h"
#include "pgwire/connection.h"
#include "pgwire/messages.h"
#include "pgwire/protocol.h"

namespace firn::pgwire {
namespace {

// Thrown for malformed message bodies inside RunExtended: the connection must end.
struct MalformedMessage {
  std::string message;
};

template <typename T>
T Decoded(Result<T> r) {
  if (!r.ok()) throw MalformedMessage{r.status().message()};
  return r.take();
}

// Expands the Bind message's result format codes to one per column.
std::vector<int16_t> ExpandResultFormats(const std::vector<int16_t>& codes, size_t columns) {
  for (int16_t code : codes) {
    if (code != 0 && code != 1) {
      throw SqlError(sqlstate::kInvalidParameterValue,
                     "unsupported format code: " + std::to_string(code));
    }
  }
  if (codes.empty()) return std::vector<int16_t>(columns, 0);
  if (codes.size() == 1) return std::vector<int16_t>(columns, codes[0]);
  if (codes.size() != columns) {
    throw SqlError(sqlstate::kProtocolViolation,
                   "bind message has " + std::to_string(codes.size()) +
                       " result formats but query has " + std::to_string(columns) + " columns");
  }
  return codes;
}

std::string StatementLabel(const std::string& name) {
  return name.empty() ? "unnamed prepared statement does not exist"
                      : "prepared statement \"" + name + "\" does not exist";
}

// Errors the wire layer raises itself carry this marker so the session is told (OnError).
struct WireError {
  SqlError error;
};

}  // namespace

void Connection::ExtendedError(const SqlError& error, bool raised_here) {
  if (HandleFlagsAfterStatement()) return;
  if (error.sqlstate() == sqlstate::kQueryCanceled && ShuttingDown()) {
    SendFatal(sqlstate::kAdminShutdown, "terminating connection due to administrator command");
    return;
  }
  SendError(error);
  if (raised_here) session_->OnError();
  ignore_till_sync_ = true;
}

template <typename Fn>
void Connection::RunExtended(Fn&& fn) {
  try {
    fn();
  } catch (const MalformedMessage& m) {
    SendFatal(sqlstate::kProtocolViolation, m.message);
  } catch (const WireError& e) {
    ExtendedError(e.error, true);
  } catch (const SqlError& e) {
    ExtendedError(e, false);
  } catch (const std::exception& e) {
    ExtendedError(SqlError(sqlstate::kInternalError, e.what()), true);
  }
}

void Connection::HandleParse(std::string_view body) {
  RunExtended([&] {
    ParseMessage msg = Decoded(DecodeParse(body));
    if (!msg.name.empty() && statements_.count(msg.name) != 0) {
      throw WireError{SqlError(sqlstate::kDuplicatePreparedStatement,
                               "prepared statement \"" + msg.name + "\" already exists")};
    }
    auto statement = session_->Prepare(msg.sql, msg.param_type_oids);
    statements_[msg.name] = std::move(statement);
    writer_.ParseComplete();
  });
}

void Connection::HandleBind(std::string_view body) {
  RunExtended([&] {
    BindMessage msg = Decoded(DecodeBind(body));
    auto it = statements_.find(msg.statement);
    if (it == statements_.end()) {
      throw WireError{SqlError(sqlstate::kInvalidSqlStatementName, StatementLabel(msg.statement))};
    }
    if (!msg.portal.empty() && portals_.count(msg.portal) != 0) {
      throw WireError{
          SqlError(sqlstate::kDuplicateCursor, "portal \"" + msg.portal + "\" already exists")};
    }
    if (msg.param_formats.size() > 1 && msg.param_formats.size() != msg.params.size()) {
      throw WireError{SqlError(sqlstate::kProtocolViolation,
                               "bind message has " + std::to_string(msg.param_formats.size()) +
                                   " parameter formats but " + std::to_string(msg.params.size()) +
                                   " parameters")};
    }
    for (int16_t code : msg.param_formats) {
      if (code != 0 && code != 1) {
        throw WireError{SqlError(sqlstate::kInvalidParameterValue,
                                 "unsupported format code: " + std::to_string(code))};
      }
    }
    std::shared_ptr<PreparedStatement> statement = it->second;
    std::vector<int16_t> formats;
    try {
      formats = ExpandResultFormats(msg.result_formats, statement->columns().size());
    } catch (const SqlError& e) {
      throw WireError{e};
    }
    if (msg.portal.empty()) portals_.erase("");
    BindParameters params;
    params.values = std::move(msg.params);
    params.formats = std::move(msg.param_formats);
    PortalEntry entry;
    entry.portal = session_->Bind(statement, params);
    entry.statement = std::move(statement);
    entry.formats = std::move(formats);
    portals_[msg.portal] = std::move(entry);
    writer_.BindComplete();
  });
}

void Connection::HandleDescribe(std::string_view body) {
  RunExtended([&] {
    TargetMessage msg = Decoded(DecodeDescribe(body));
    if (msg.kind == 'S') {
      auto it = statements_.find(msg.name);
      if (it == statements_.end()) {
        throw WireError{SqlError(sqlstate::kInvalidSqlStatementName, StatementLabel(msg.name))};
      }
      const PreparedStatement& s = *it->second;
      std::vector<uint32_t> oids;
      oids.reserve(s.param_types().size());
      for (const Type& t : s.param_types()) oids.push_back(t.Oid());
      writer_.ParameterDescription(oids);
      if (s.returns_rows()) {
        writer_.RowDescription(DescribeColumns(s.columns(), {}));
      } else {
        writer_.NoData();
      }
      return;
    }
    auto it = portals_.find(msg.name);
    if (it == portals_.end()) {
      throw WireError{
          SqlError(sqlstate::kInvalidCursorName, "portal \"" + msg.name + "\" does not exist")};
    }
    if (it->second.statement->returns_rows()) {
      writer_.RowDescription(DescribeColumns(it->second.portal->columns(), it->second.formats));
    } else {
      writer_.NoData();
    }
  });
}

void Connection::HandleExecute(std::string_view body) {
  RunExtended([&] {
    ExecuteMessage msg = Decoded(DecodeExecute(body));
    auto it = portals_.find(msg.portal);
    if (it == portals_.end()) {
      throw WireError{
          SqlError(sqlstate::kInvalidCursorName, "portal \"" + msg.portal + "\" does not exist")};
    }
    WireSink sink(WireSink::Mode::kExtended, writer_, reader_, *session_, flags_,
                  it->second.formats);
    ExecuteResult result = it->second.portal->Execute(msg.max_rows > 0 ? msg.max_rows : 0, sink);
    if (HandleFlagsAfterStatement()) return;
    if (sink.saw_empty_query()) {
      writer_.EmptyQueryResponse();
    } else if (result.status == ExecuteStatus::kSuspended) {
      writer_.PortalSuspended();
    } else {
      writer_.CommandComplete(result.command_tag);
    }
    SendParameterStatusChanges(*session_, writer_);
  });
}

void Connection::HandleClose(std::string_view body) {
  RunExtended([&] {
    TargetMessage msg = Decoded(DecodeClose(body));
    // Closing something that does not exist is not an error.
    if (msg.kind == 'S') {
      statements_.erase(msg.name);
    } else {
      portals_.erase(msg.name);
    }
    writer_.CloseComplete();
  });
}

void Connection::HandleSync() {
  ignore_till_sync_ = false;
  try {
    session_->Sync();
  } catch (const SqlError& e) {
    if (HandleFlagsAfterStatement()) return;
    SendError(e);
  } catch (const std::exception& e) {
    SendError(SqlError(sqlstate::kInternalError, e.what()));
  }
  if (HandleFlagsAfterStatement()) return;
  if (session_->TransactionStatus() == 'I') portals_.clear();
  SendReadyForQuery();
}

}  // namespace firn::pgwire
