// Frontend message bodies and their decoders. Each Decode* function takes the body of one
// framed message (without type byte and length) and validates it completely: every
// length is bounds-checked, strings must be NUL-terminated, and no bytes may be left over.
// A malformed body yields a non-OK Status whose message PostgreSQL would use
// ("invalid message format", ...); the connection turns it into FATAL 08P01.
// Thread-safety: pure functions over their arguments.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"

namespace firn::pgwire {

// A bounds-checked cursor over a message body (big-endian integers).
class PayloadReader {
 public:
  explicit PayloadReader(std::string_view data) : data_(data) {}
  bool ReadByte(char* out);
  bool ReadInt16(int16_t* out);
  bool ReadInt32(int32_t* out);
  // A NUL-terminated string; *out excludes the terminator.
  bool ReadCString(std::string_view* out);
  bool ReadBytes(size_t n, std::string_view* out);
  bool AtEnd() const { return pos_ == data_.size(); }
  size_t remaining() const { return data_.size() - pos_; }

 private:
  std::string_view data_;
  size_t pos_ = 0;
};

// ---- Startup-phase packets (no type byte) ----

struct StartupMessage {
  int32_t version = 0;                                          // major << 16 | minor
  std::vector<std::pair<std::string, std::string>> parameters;  // in packet order
};
struct CancelRequest {
  int32_t process_id = 0;
  int32_t secret_key = 0;
};
struct StartupPacket {
  enum class Kind { kStartup, kSslRequest, kGssEncRequest, kCancel };
  Kind kind = Kind::kStartup;
  StartupMessage startup;  // kStartup
  CancelRequest cancel;    // kCancel
};
// `body` is everything after the length word, starting with the code/version.
Result<StartupPacket> DecodeStartupPacket(std::string_view body);

// ---- Authentication ----

struct SaslInitialResponse {
  std::string mechanism;
  std::optional<std::string> data;  // nullopt when the client sent length -1
};
Result<SaslInitialResponse> DecodeSaslInitialResponse(std::string_view body);

// ---- Query phase ----

struct QueryMessage {
  std::string_view sql;  // points into the body
};
Result<QueryMessage> DecodeQuery(std::string_view body);

struct ParseMessage {
  std::string name;
  std::string_view sql;  // points into the body
  std::vector<uint32_t> param_type_oids;
};
Result<ParseMessage> DecodeParse(std::string_view body);

struct BindMessage {
  std::string portal;
  std::string statement;
  std::vector<int16_t> param_formats;
  std::vector<std::optional<std::string>> params;  // nullopt = NULL
  std::vector<int16_t> result_formats;
};
Result<BindMessage> DecodeBind(std::string_view body);

// Describe and Close: 'S' (statement) or 'P' (portal) and a name.
struct TargetMessage {
  char kind = 'S';
  std::string name;
};
Result<TargetMessage> DecodeDescribe(std::string_view body);
Result<TargetMessage> DecodeClose(std::string_view body);

struct ExecuteMessage {
  std::string portal;
  int32_t max_rows = 0;  // <= 0: no limit
};
Result<ExecuteMessage> DecodeExecute(std::string_view body);

struct CopyFailMessage {
  std::string message;
};
Result<CopyFailMessage> DecodeCopyFail(std::string_view body);

// Sync, Flush, Terminate and CopyDone carry no body.
Status DecodeEmpty(std::string_view body);

}  // namespace firn::pgwire
