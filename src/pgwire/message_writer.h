// MessageWriter: encodes backend messages into an output buffer and writes it to the
// Transport in large pieces. The buffer is sent when it passes kFlushThreshold (so a
// stream of DataRows goes out in ~64 KiB writes) and whenever the connection calls
// Flush(): before it blocks reading, and at ReadyForQuery. A write error makes the writer
// "failed": later output is discarded and the connection closes.
// Thread-safety: one thread uses a MessageWriter.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/sql_error.h"
#include "pgwire/transport.h"

namespace firn::pgwire {

// The fields of an ErrorResponse or NoticeResponse.
struct ErrorFields {
  std::string severity = "ERROR";  // ERROR, FATAL, PANIC, WARNING, NOTICE, DEBUG, INFO, LOG
  std::string sqlstate = "XX000";
  std::string message;
  std::string detail;
  std::string hint;
  int position = 0;  // 1-based character offset into the query; 0 = none
  std::string context;
  ErrorSubject subject;

  static ErrorFields From(const SqlError& error, std::string severity = "ERROR");
};

// One column of a RowDescription.
struct FieldDescription {
  std::string_view name;
  uint32_t table_oid = 0;
  int16_t column_number = 0;
  uint32_t type_oid = 0;
  int16_t type_length = -1;
  int32_t type_modifier = -1;
  int16_t format = 0;  // 0 text, 1 binary
};

class MessageWriter {
 public:
  static constexpr size_t kFlushThreshold = 64 * 1024;

  // `transport` is not owned and must outlive the writer.
  explicit MessageWriter(Transport* transport) : transport_(transport) {}

  // ---- Low-level building: Begin, Put*, End. ----
  void Begin(char type);
  void PutByte(char c) { buffer_.push_back(c); }
  void PutInt16(int16_t v);
  void PutInt32(int32_t v);
  void PutBytes(std::string_view bytes) { buffer_.append(bytes); }
  void PutCString(std::string_view s);
  // Patches the length word of the message begun last; may flush.
  void End();
  // A length-prefixed field written in place (DataRow values): BeginField reserves the
  // length word, the caller appends the bytes to buffer(), EndField patches the length.
  size_t BeginField();
  void EndField(size_t start);
  std::string& buffer() { return buffer_; }

  // Sends everything buffered. False when the connection is broken.
  bool Flush();
  bool failed() const { return failed_; }
  size_t buffered() const { return buffer_.size(); }

  // ---- Whole messages. ----
  void AuthenticationRequest(int32_t code, std::string_view data = {});
  void AuthenticationSasl(const std::vector<std::string_view>& mechanisms);
  void ParameterStatus(std::string_view name, std::string_view value);
  void BackendKeyData(int32_t process_id, int32_t secret_key);
  void NegotiateProtocolVersion(int32_t newest_minor, const std::vector<std::string>& unknown);
  void ReadyForQuery(char status);
  void RowDescription(const std::vector<FieldDescription>& fields);
  void ParameterDescription(const std::vector<uint32_t>& type_oids);
  void CommandComplete(std::string_view tag);
  void EmptyQueryResponse();
  void ErrorResponse(const ErrorFields& fields) { ErrorOrNotice('E', fields); }
  void NoticeResponse(const ErrorFields& fields) { ErrorOrNotice('N', fields); }
  void ParseComplete();
  void BindComplete();
  void CloseComplete();
  void NoData();
  void PortalSuspended();
  // CopyInResponse ('G') / CopyOutResponse ('H'): overall format and one code per column.
  void CopyResponse(char type, bool binary, int column_count);
  void CopyData(std::string_view data);
  void CopyDone();

 private:
  void ErrorOrNotice(char type, const ErrorFields& fields);
  void Empty(char type);

  Transport* transport_;
  std::string buffer_;
  size_t message_start_ = 0;
  bool failed_ = false;
};

}  // namespace firn::pgwire
