// Backend message encoders; see message_writer.h.
//
// Bodies (String = NUL-terminated, IntN big-endian):
//   Authentication      Int32 code | data (SASL: String mechanism* | '\0')
//   ParameterStatus     String name | String value
//   BackendKeyData      Int32 pid | Int32 secret
//   NegotiateProtocol.  Int32 newest minor | Int32 n | String option[n]
//   ReadyForQuery       Byte 'I' | 'T' | 'E'
//   RowDescription      Int16 n | (String name | Int32 table | Int16 attnum | Int32 type |
//                       Int16 typlen | Int32 typmod | Int16 format)[n]
//   ParameterDescription Int16 n | Int32 type[n]
//   DataRow             Int16 n | (Int32 len (-1 = NULL) | Byte[len])[n]
//   CommandComplete     String tag
//   Error/NoticeResp.   (Byte code | String value)* | '\0'   codes S V C M D H P W s t c n
//   CopyIn/OutResponse  Int8 format | Int16 n | Int16 format[n]
//   CopyData            Byte[...]
#include "pgwire/message_writer.h"

#include "common/sql_error.h"
#include "pgwire/protocol.h"

namespace firn::pgwire {

ErrorFields ErrorFields::From(const SqlError& error, std::string severity) {
  ErrorFields f;
  f.severity = std::move(severity);
  f.sqlstate = error.sqlstate();
  f.message = error.what();
  f.detail = error.detail();
  f.hint = error.hint();
  f.position = error.position();
  f.context = error.context();
  f.subject = error.subject();
  return f;
}

void MessageWriter::Begin(char type) {
  message_start_ = buffer_.size();
  buffer_.push_back(type);
  buffer_.append(4, '\0');
}

void MessageWriter::PutInt16(int16_t v) {
  auto u = static_cast<uint16_t>(v);
  char bytes[2] = {static_cast<char>(u >> 8), static_cast<char>(u)};
  buffer_.append(bytes, 2);
}

void MessageWriter::PutInt32(int32_t v) {
  auto u = static_cast<uint32_t>(v);
  char bytes[4] = {static_cast<char>(u >> 24), static_cast<char>(u >> 16),
                   static_cast<char>(u >> 8), static_cast<char>(u)};
  buffer_.append(bytes, 4);
}

void MessageWriter::PutCString(std::string_view s) {
  // An embedded NUL would corrupt the framing; PostgreSQL strings cannot contain one.
  size_t nul = s.find('\0');
  buffer_.append(s.substr(0, nul));
  buffer_.push_back('\0');
}

namespace {
void Store32(char* p, uint32_t u) {
  p[0] = static_cast<char>(u >> 24);
  p[1] = static_cast<char>(u >> 16);
  p[2] = static_cast<char>(u >> 8);
  p[3] = static_cast<char>(u);
}
}  // namespace

void MessageWriter::End() {
  Store32(buffer_.data() + message_start_ + 1,
          static_cast<uint32_t>(buffer_.size() - message_start_ - 1));
  if (buffer_.size() >= kFlushThreshold) Flush();
}

size_t MessageWriter::BeginField() {
  size_t start = buffer_.size();
  buffer_.append(4, '\0');
  return start;
}

void MessageWriter::EndField(size_t start) {
  Store32(buffer_.data() + start, static_cast<uint32_t>(buffer_.size() - start - 4));
}

bool MessageWriter::Flush() {
  if (!failed_ && !buffer_.empty()) {
    if (transport_->Write(buffer_.data(), buffer_.size()) != IoStatus::kOk) failed_ = true;
  }
  buffer_.clear();
  message_start_ = 0;
  return !failed_;
}

void MessageWriter::Empty(char type) {
  Begin(type);
  End();
}

void MessageWriter::AuthenticationRequest(int32_t code, std::string_view data) {
  Begin(be::kAuthentication);
  PutInt32(code);
  PutBytes(data);
  End();
}

void MessageWriter::AuthenticationSasl(const std::vector<std::string_view>& mechanisms) {
  Begin(be::kAuthentication);
  PutInt32(kAuthSasl);
  for (auto m : mechanisms) PutCString(m);
  PutByte('\0');
  End();
}

void MessageWriter::ParameterStatus(std::string_view name, std::string_view value) {
  Begin(be::kParameterStatus);
  PutCString(name);
  PutCString(value);
  End();
}

void MessageWriter::BackendKeyData(int32_t process_id, int32_t secret_key) {
  Begin(be::kBackendKeyData);
  PutInt32(process_id);
  PutInt32(secret_key);
  End();
}

void MessageWriter::NegotiateProtocolVersion(int32_t newest_minor,
                                             const std::vector<std::string>& unknown) {
  Begin(be::kNegotiateProtocolVersion);
  PutInt32(newest_minor);
  PutInt32(static_cast<int32_t>(unknown.size()));
  for (const auto& name : unknown) PutCString(name);
  End();
}

void MessageWriter::ReadyForQuery(char status) {
  Begin(be::kReadyForQuery);
  PutByte(status);
  End();
}

void MessageWriter::RowDescription(const std::vector<FieldDescription>& fields) {
  Begin(be::kRowDescription);
  PutInt16(static_cast<int16_t>(fields.size()));
  for (const auto& f : fields) {
    PutCString(f.name);
    PutInt32(static_cast<int32_t>(f.table_oid));
    PutInt16(f.column_number);
    PutInt32(static_cast<int32_t>(f.type_oid));
    PutInt16(f.type_length);
    PutInt32(f.type_modifier);
    PutInt16(f.format);
  }
  End();
}

void MessageWriter::ParameterDescription(const std::vector<uint32_t>& type_oids) {
  Begin(be::kParameterDescription);
  PutInt16(static_cast<int16_t>(type_oids.size()));
  for (uint32_t oid : type_oids) PutInt32(static_cast<int32_t>(oid));
  End();
}

void MessageWriter::CommandComplete(std::string_view tag) {
  Begin(be::kCommandComplete);
  PutCString(tag);
  End();
}

void MessageWriter::EmptyQueryResponse() { Empty(be::kEmptyQueryResponse); }
void MessageWriter::ParseComplete() { Empty(be::kParseComplete); }
void MessageWriter::BindComplete() { Empty(be::kBindComplete); }
void MessageWriter::CloseComplete() { Empty(be::kCloseComplete); }
void MessageWriter::NoData() { Empty(be::kNoData); }
void MessageWriter::PortalSuspended() { Empty(be::kPortalSuspended); }
void MessageWriter::CopyDone() { Empty(be::kCopyDone); }

void MessageWriter::ErrorOrNotice(char type, const ErrorFields& f) {
  Begin(type);
  PutByte('S');
  PutCString(f.severity);
  PutByte('V');
  PutCString(f.severity);
  PutByte('C');
  PutCString(f.sqlstate);
  PutByte('M');
  PutCString(f.message);
  if (!f.detail.empty()) {
    PutByte('D');
    PutCString(f.detail);
  }
  if (!f.hint.empty()) {
    PutByte('H');
    PutCString(f.hint);
  }
  if (f.position > 0) {
    PutByte('P');
    PutCString(std::to_string(f.position));
  }
  if (!f.context.empty()) {
    PutByte('W');
    PutCString(f.context);
  }
  const std::pair<char, const std::string*> subject[] = {{'s', &f.subject.schema},
                                                         {'t', &f.subject.table},
                                                         {'c', &f.subject.column},
                                                         {'n', &f.subject.constraint}};
  for (const auto& [code, value] : subject) {
    if (value->empty()) continue;
    PutByte(code);
    PutCString(*value);
  }
  PutByte('\0');
  End();
}

void MessageWriter::CopyResponse(char type, bool binary, int column_count) {
  Begin(type);
  PutByte(binary ? 1 : 0);
  PutInt16(static_cast<int16_t>(column_count));
  for (int i = 0; i < column_count; ++i) PutInt16(binary ? 1 : 0);
  End();
}

void MessageWriter::CopyData(std::string_view data) {
  Begin(be::kCopyData);
  PutBytes(data);
  End();
}

}  // namespace firn::pgwire
