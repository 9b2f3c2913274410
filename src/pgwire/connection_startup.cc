// Connection: the startup phase and authentication; see connection.h.
//
// Authentication rules (docs/protocol.md):
//   role has a SCRAM secret                 -> SCRAM-SHA-256
//   role has no password, trust allowed     -> trust
//   otherwise                               -> FATAL 28P01 (after a mock SCRAM exchange,
//                                              so that probing reveals nothing)
//   unknown role, trust allowed             -> FATAL 28000 role "x" does not exist
//   unknown role, trust not allowed         -> mock SCRAM exchange, then FATAL 28P01
#include <cstdio>

#include "common/scram.h"
#include "common/sql_error.h"
#include "engine/database.h"
#include "engine/session.h"
#include "pgwire/connection.h"
#include "pgwire/messages.h"
#include "pgwire/protocol.h"
#include "pgwire/startup_options.h"

namespace firn::pgwire {
namespace {
constexpr const char* kScramMechanism = "SCRAM-SHA-256";
}  // namespace

bool Connection::Startup() {
  transport_->SetReadTimeout(ctx_.authentication_timeout_millis);
  StartupMessage startup;
  // A client may ask for SSL, then GSS encryption, before its StartupMessage.
  for (int attempt = 0;; ++attempt) {
    std::string_view body;
    std::string error;
    switch (reader_.ReadStartupPacket(&body, &error)) {
      case ReadStatus::kOk:
        break;
      case ReadStatus::kMalformed:
        SendFatal(sqlstate::kProtocolViolation, error);
        return false;
      default:
        return false;  // the client went away (or never spoke) before starting up
    }
    auto packet = DecodeStartupPacket(body);
    if (!packet.ok()) {
      SendFatal(sqlstate::kProtocolViolation, packet.status().message());
      return false;
    }
    if (packet.value().kind == StartupPacket::Kind::kCancel) {
      const CancelRequest& c = packet.value().cancel;
      bool cancelled = ctx_.cancel_registry->Cancel(BackendKey{c.process_id, c.secret_key});
      ctx_.logger->Debug(std::string("cancel request from ") + ctx_.peer +
                         (cancelled ? ": cancelled" : ": no matching session"));
      return false;
    }
    if (packet.value().kind != StartupPacket::Kind::kStartup) {
      if (attempt >= 2) {
        SendFatal(sqlstate::kProtocolViolation, "too many encryption requests");
        return false;
      }
      writer_.PutByte('N');  // no SSL / GSS encryption (yet)
      if (!writer_.Flush()) return false;
      continue;
    }
    startup = std::move(packet.value().startup);
    break;
  }

  int major = startup.version >> 16, minor = startup.version & 0xffff;
  if (major != 3) {
    char text[128];
    std::snprintf(text, sizeof(text),
                  "unsupported frontend protocol %d.%d: server supports 3.0 to 3.0", major, minor);
    SendFatal(sqlstate::kFeatureNotSupported, text);
    return false;
  }
  if (ctx_.too_many_clients) {
    SendFatal(sqlstate::kTooManyConnections, "sorry, too many clients already");
    return false;
  }

  SessionStartup session_startup;
  std::string options;
  SettingList settings;
  std::vector<std::string> unknown_protocol_options;
  for (auto& [name, value] : startup.parameters) {
    if (name == "user") {
      session_startup.user = value;
    } else if (name == "database") {
      session_startup.database = value;
    } else if (name == "application_name") {
      session_startup.application_name = value;
    } else if (name == "options") {
      options = value;
    } else if (name == "replication") {
      if (value != "false" && value != "0" && value != "off" && value != "no") {
        SendFatal(sqlstate::kFeatureNotSupported, "replication connections are not supported");
        return false;
      }
    } else if (name.starts_with("_pq_.")) {
      unknown_protocol_options.push_back(name);
    } else {
      settings.emplace_back(name, value);
    }
  }
  if (minor != 0 || !unknown_protocol_options.empty()) {
    writer_.NegotiateProtocolVersion(0, unknown_protocol_options);
  }
  if (session_startup.user.empty()) {
    SendFatal(sqlstate::kInvalidAuthorizationSpecification,
              "no PostgreSQL user name specified in startup packet");
    return false;
  }
  if (session_startup.database.empty()) session_startup.database = session_startup.user;
  auto parsed_options = ParseStartupOptions(options);
  if (!parsed_options.ok()) {
    SendFatal(sqlstate::kSyntaxError, parsed_options.status().message());
    return false;
  }
  // Settings from "options" come first; explicit startup parameters override them.
  session_startup.settings = parsed_options.take();
  for (auto& s : settings) session_startup.settings.push_back(std::move(s));

  ctx_.logger->Debug("connection startup: host=" + ctx_.peer + " user=" + session_startup.user +
                     " database=" + session_startup.database);
  if (!Authenticate(session_startup.user)) return false;

  if (session_startup.database != Database::kName) {
    SendFatal(sqlstate::kInvalidCatalogName,
              "database \"" + session_startup.database + "\" does not exist");
    return false;
  }
  try {
    session_ = std::make_unique<Session>(*ctx_.database, session_startup);
  } catch (const SqlError& e) {
    ErrorFields f = ErrorFields::From(e, "FATAL");
    writer_.ErrorResponse(f);
    writer_.Flush();
    return false;
  }
  user_ = session_startup.user;
  key_ = ctx_.cancel_registry->Register(session_.get());
  registered_ = true;
  transport_->SetReadTimeout(-1);

  for (const auto& [name, value] : session_->InitialParameterStatus()) {
    writer_.ParameterStatus(name, value);
  }
  session_->TakeParameterStatusChanges();  // already reported
  writer_.BackendKeyData(key_.process_id, key_.secret_key);
  writer_.ReadyForQuery(session_->TransactionStatus());
  ctx_.logger->Debug("connection authorized: user=" + user_ +
                     " database=" + session_startup.database +
                     " application_name=" + session_startup.application_name);
  return writer_.Flush();
}

bool Connection::Authenticate(const std::string& user) {
  std::optional<RoleLogin> role = ctx_.database->LookupRole(user);
  if (!role) {
    if (ctx_.allow_trust) {
      SendFatal(sqlstate::kInvalidAuthorizationSpecification,
                "role \"" + user + "\" does not exist");
      return false;
    }
    ctx_.logger->Info("authentication failed for user \"" + user + "\": role does not exist");
    return RunScram(user, nullptr);
  }
  if (role->scram_secret.empty()) {
    if (!ctx_.allow_trust) {
      ctx_.logger->Info("authentication failed for user \"" + user +
                        "\": user has no password assigned");
      return RunScram(user, nullptr);
    }
  } else if (!RunScram(user, &role->scram_secret)) {
    return false;
  }
  if (!role->can_login) {
    SendFatal(sqlstate::kInvalidAuthorizationSpecification,
              "role \"" + user + "\" is not permitted to log in");
    return false;
  }
  writer_.AuthenticationRequest(kAuthOk);
  return true;
}

bool Connection::ReadAuthMessage(Message* message) {
  if (!writer_.Flush()) return false;
  std::string error;
  switch (reader_.ReadMessage(message, &error)) {
    case ReadStatus::kOk:
      break;
    case ReadStatus::kMalformed:
      SendFatal(sqlstate::kProtocolViolation, error);
      return false;
    default:
      // libpq closes and reconnects once it knows a password is needed: not an error.
      return false;
  }
  if (message->type != fe::kPassword) {
    char text[64];
    std::snprintf(text, sizeof(text), "expected SASL response, got message type %d",
                  static_cast<unsigned char>(message->type));
    SendFatal(sqlstate::kProtocolViolation, text);
    return false;
  }
  return true;
}

bool Connection::RunScram(const std::string& user, const std::string* secret_text) {
  std::optional<ScramSecret> secret;
  if (secret_text != nullptr) {
    secret = ParseScramSecret(*secret_text);
    if (!secret) ctx_.logger->Warning("role \"" + user + "\" has an unreadable password secret");
  }
  const bool real = secret.has_value();
  ScramServerExchange exchange(std::move(secret), user);
  writer_.AuthenticationSasl({kScramMechanism});

  Message message;
  if (!ReadAuthMessage(&message)) return false;
  auto initial = DecodeSaslInitialResponse(message.body);
  if (!initial.ok()) {
    SendFatal(sqlstate::kProtocolViolation, initial.status().message());
    return false;
  }
  if (initial.value().mechanism != kScramMechanism) {
    SendFatal(sqlstate::kProtocolViolation,
              "client selected an invalid SASL authentication mechanism");
    return false;
  }
  std::string reply, error;
  if (!initial.value().data || exchange.HandleClientFirst(*initial.value().data, &reply, &error) !=
                                   ScramServerExchange::Outcome::kOk) {
    SendFatal(sqlstate::kProtocolViolation,
              error.empty() ? "malformed SCRAM message: missing client-first-message" : error);
    return false;
  }
  writer_.AuthenticationRequest(kAuthSaslContinue, reply);

  if (!ReadAuthMessage(&message)) return false;
  switch (exchange.HandleClientFinal(message.body, &reply, &error)) {
    case ScramServerExchange::Outcome::kOk:
      writer_.AuthenticationRequest(kAuthSaslFinal, reply);
      return true;
    case ScramServerExchange::Outcome::kMalformed:
      SendFatal(sqlstate::kProtocolViolation, error);
      return false;
    case ScramServerExchange::Outcome::kWrongPassword:
      if (real) ctx_.logger->Info("password authentication failed for user \"" + user + "\"");
      SendFatal(sqlstate::kInvalidPassword,
                "password authentication failed for user \"" + user + "\"");
      return false;
  }
  return false;
}

}  // namespace firn::pgwire
