// PostgreSQL wire protocol v3: message type bytes, startup codes and size limits shared
// by the codec (message_reader, message_writer) and the connection state machine.
//
// Framing (all integers big-endian):
//   startup packets:  int32 length (including itself) | int32 code | body
//   other messages:   byte1 type | int32 length (including itself, not the type) | body
// Thread-safety: constants only.
#pragma once

#include <cstddef>
#include <cstdint>

namespace firn::pgwire {

inline constexpr int32_t kProtocolVersion3 = 3 << 16;  // 196608: major 3, minor 0
inline constexpr int32_t kCancelRequestCode = (1234 << 16) | 5678;
inline constexpr int32_t kSslRequestCode = (1234 << 16) | 5679;
inline constexpr int32_t kGssEncRequestCode = (1234 << 16) | 5680;

// Startup packets are small; PostgreSQL allows 10000 bytes.
inline constexpr size_t kMaxStartupPacketLength = 10000;
// Query, Parse, Bind, CopyData and FunctionCall may carry large data.
inline constexpr size_t kMaxLargeMessageLength = (size_t{1} << 30) - 1;
// SASL messages.
inline constexpr size_t kMaxAuthMessageLength = 65535;
// Every other message (Sync, Execute, Describe, Close, ...).
inline constexpr size_t kMaxSmallMessageLength = 10000;

// Frontend (client -> server) message types.
namespace fe {
inline constexpr char kBind = 'B';
inline constexpr char kClose = 'C';
inline constexpr char kCopyData = 'd';
inline constexpr char kCopyDone = 'c';
inline constexpr char kCopyFail = 'f';
inline constexpr char kDescribe = 'D';
inline constexpr char kExecute = 'E';
inline constexpr char kFlush = 'H';
inline constexpr char kFunctionCall = 'F';
inline constexpr char kParse = 'P';
inline constexpr char kPassword = 'p';  // also SASLInitialResponse / SASLResponse
inline constexpr char kQuery = 'Q';
inline constexpr char kSync = 'S';
inline constexpr char kTerminate = 'X';
}  // namespace fe

// Backend (server -> client) message types.
namespace be {
inline constexpr char kAuthentication = 'R';
inline constexpr char kBackendKeyData = 'K';
inline constexpr char kBindComplete = '2';
inline constexpr char kCloseComplete = '3';
inline constexpr char kCommandComplete = 'C';
inline constexpr char kCopyData = 'd';
inline constexpr char kCopyDone = 'c';
inline constexpr char kCopyInResponse = 'G';
inline constexpr char kCopyOutResponse = 'H';
inline constexpr char kDataRow = 'D';
inline constexpr char kEmptyQueryResponse = 'I';
inline constexpr char kErrorResponse = 'E';
inline constexpr char kNegotiateProtocolVersion = 'v';
inline constexpr char kNoData = 'n';
inline constexpr char kNoticeResponse = 'N';
inline constexpr char kParameterDescription = 't';
inline constexpr char kParameterStatus = 'S';
inline constexpr char kParseComplete = '1';
inline constexpr char kPortalSuspended = 's';
inline constexpr char kReadyForQuery = 'Z';
inline constexpr char kRowDescription = 'T';
}  // namespace be

// Authentication request codes (the int32 after 'R').
inline constexpr int32_t kAuthOk = 0;
inline constexpr int32_t kAuthSasl = 10;
inline constexpr int32_t kAuthSaslContinue = 11;
inline constexpr int32_t kAuthSaslFinal = 12;

// The largest body length accepted for a frontend message of type `type`.
constexpr size_t MaxMessageLength(char type) {
  switch (type) {
    case fe::kQuery:
    case fe::kParse:
    case fe::kBind:
    case fe::kCopyData:
    case fe::kFunctionCall:
      return kMaxLargeMessageLength;
    case fe::kPassword:
      return kMaxAuthMessageLength;
    default:
      return kMaxSmallMessageLength;
  }
}

}  // namespace firn::pgwire
