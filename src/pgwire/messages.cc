// Frontend message decoders; see messages.h for the contract and protocol.h for framing.
//
// Bodies (PostgreSQL protocol v3; String = NUL-terminated, IntN big-endian):
//   StartupMessage     Int32 version | (String name | String value)* | '\0'
//   CancelRequest      Int32 80877102 | Int32 pid | Int32 secret
//   SSLRequest         Int32 80877103          GSSENCRequest  Int32 80877104
//   SASLInitialResp.   String mechanism | Int32 n (-1 = none) | Byte[n]
//   Query              String sql
//   Parse              String name | String sql | Int16 n | Int32 oid[n]
//   Bind               String portal | String statement | Int16 n | Int16 fmt[n] |
//                      Int16 m | (Int32 len (-1 = NULL) | Byte[len])[m] | Int16 k | Int16 fmt[k]
//   Describe / Close   Byte 'S' or 'P' | String name
//   Execute            String portal | Int32 max_rows
//   CopyFail           String message
#include "pgwire/messages.h"

#include <cstring>

#include "pgwire/protocol.h"

namespace firn::pgwire {
namespace {

Status Invalid(std::string what) { return Status::InvalidArgument(std::move(what)); }
Status Truncated() { return Invalid("insufficient data left in message"); }
Status BadString() { return Invalid("invalid string in message"); }
Status Trailing() { return Invalid("invalid message format"); }

}  // namespace

bool PayloadReader::ReadByte(char* out) {
  if (remaining() < 1) return false;
  *out = data_[pos_++];
  return true;
}

bool PayloadReader::ReadInt16(int16_t* out) {
  if (remaining() < 2) return false;
  auto* p = reinterpret_cast<const uint8_t*>(data_.data() + pos_);
  *out = static_cast<int16_t>((p[0] << 8) | p[1]);
  pos_ += 2;
  return true;
}

bool PayloadReader::ReadInt32(int32_t* out) {
  if (remaining() < 4) return false;
  auto* p = reinterpret_cast<const uint8_t*>(data_.data() + pos_);
  *out = static_cast<int32_t>((uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) |
                              (uint32_t{p[2]} << 8) | uint32_t{p[3]});
  pos_ += 4;
  return true;
}

bool PayloadReader::ReadCString(std::string_view* out) {
  const void* nul = std::memchr(data_.data() + pos_, '\0', remaining());
  if (nul == nullptr) return false;
  size_t len = static_cast<const char*>(nul) - (data_.data() + pos_);
  *out = data_.substr(pos_, len);
  pos_ += len + 1;
  return true;
}

bool PayloadReader::ReadBytes(size_t n, std::string_view* out) {
  if (remaining() < n) return false;
  *out = data_.substr(pos_, n);
  pos_ += n;
  return true;
}

Result<StartupPacket> DecodeStartupPacket(std::string_view body) {
  PayloadReader r(body);
  int32_t code = 0;
  if (!r.ReadInt32(&code)) return Invalid("invalid length of startup packet");
  StartupPacket packet;
  if (code == kSslRequestCode || code == kGssEncRequestCode) {
    if (!r.AtEnd()) return Invalid("invalid length of startup packet");
    packet.kind = code == kSslRequestCode ? StartupPacket::Kind::kSslRequest
                                          : StartupPacket::Kind::kGssEncRequest;
    return packet;
  }
  if (code == kCancelRequestCode) {
    packet.kind = StartupPacket::Kind::kCancel;
    if (!r.ReadInt32(&packet.cancel.process_id) || !r.ReadInt32(&packet.cancel.secret_key) ||
        !r.AtEnd()) {
      return Invalid("invalid length of cancel request packet");
    }
    return packet;
  }
  packet.kind = StartupPacket::Kind::kStartup;
  packet.startup.version = code;
  // Only protocol 3.x has a parameter list; the connection rejects other versions, so an
  // unparseable body of another version is left for it to report.
  if ((code >> 16) != 3) return packet;
  while (true) {
    std::string_view name;
    if (!r.ReadCString(&name))
      return Invalid("invalid startup packet layout: expected terminator as last byte");
    if (name.empty()) break;
    std::string_view value;
    if (!r.ReadCString(&value))
      return Invalid("invalid startup packet layout: expected terminator as last byte");
    packet.startup.parameters.emplace_back(std::string(name), std::string(value));
  }
  if (!r.AtEnd()) return Invalid("invalid startup packet layout: expected terminator as last byte");
  return packet;
}

Result<SaslInitialResponse> DecodeSaslInitialResponse(std::string_view body) {
  PayloadReader r(body);
  SaslInitialResponse msg;
  std::string_view mechanism;
  int32_t len = 0;
  if (!r.ReadCString(&mechanism)) return BadString();
  if (!r.ReadInt32(&len)) return Truncated();
  msg.mechanism = std::string(mechanism);
  if (len >= 0) {
    std::string_view data;
    if (!r.ReadBytes(static_cast<size_t>(len), &data)) return Truncated();
    msg.data = std::string(data);
  } else if (len != -1) {
    return Trailing();
  }
  if (!r.AtEnd()) return Trailing();
  return msg;
}

Result<QueryMessage> DecodeQuery(std::string_view body) {
  PayloadReader r(body);
  QueryMessage msg;
  if (!r.ReadCString(&msg.sql)) return BadString();
  if (!r.AtEnd()) return Trailing();
  return msg;
}

Result<ParseMessage> DecodeParse(std::string_view body) {
  PayloadReader r(body);
  ParseMessage msg;
  std::string_view name;
  int16_t count = 0;
  if (!r.ReadCString(&name) || !r.ReadCString(&msg.sql)) return BadString();
  if (!r.ReadInt16(&count)) return Truncated();
  if (count < 0) return Trailing();
  msg.name = std::string(name);
  msg.param_type_oids.resize(static_cast<size_t>(count));
  for (auto& oid : msg.param_type_oids) {
    int32_t v = 0;
    if (!r.ReadInt32(&v)) return Truncated();
    oid = static_cast<uint32_t>(v);
  }
  if (!r.AtEnd()) return Trailing();
  return msg;
}

Result<BindMessage> DecodeBind(std::string_view body) {
  PayloadReader r(body);
  BindMessage msg;
  std::string_view portal, statement;
  if (!r.ReadCString(&portal) || !r.ReadCString(&statement)) return BadString();
  msg.portal = std::string(portal);
  msg.statement = std::string(statement);
  int16_t count = 0;
  if (!r.ReadInt16(&count)) return Truncated();
  if (count < 0) return Trailing();
  msg.param_formats.resize(static_cast<size_t>(count));
  for (auto& f : msg.param_formats) {
    if (!r.ReadInt16(&f)) return Truncated();
  }
  if (!r.ReadInt16(&count)) return Truncated();
  if (count < 0) return Trailing();
  msg.params.resize(static_cast<size_t>(count));
  for (auto& p : msg.params) {
    int32_t len = 0;
    if (!r.ReadInt32(&len)) return Truncated();
    if (len == -1) continue;
    if (len < 0) return Invalid("invalid parameter length");
    std::string_view bytes;
    if (!r.ReadBytes(static_cast<size_t>(len), &bytes)) return Truncated();
    p = std::string(bytes);
  }
  if (!r.ReadInt16(&count)) return Truncated();
  if (count < 0) return Trailing();
  msg.result_formats.resize(static_cast<size_t>(count));
  for (auto& f : msg.result_formats) {
    if (!r.ReadInt16(&f)) return Truncated();
  }
  if (!r.AtEnd()) return Trailing();
  return msg;
}

namespace {
Result<TargetMessage> DecodeTarget(std::string_view body, const char* what) {
  PayloadReader r(body);
  TargetMessage msg;
  std::string_view name;
  if (!r.ReadByte(&msg.kind)) return Truncated();
  if (!r.ReadCString(&name)) return BadString();
  if (!r.AtEnd()) return Trailing();
  if (msg.kind != 'S' && msg.kind != 'P') {
    return Invalid(std::string("invalid ") + what + " message subtype " +
                   std::to_string(static_cast<uint8_t>(msg.kind)));
  }
  msg.name = std::string(name);
  return msg;
}
}  // namespace

Result<TargetMessage> DecodeDescribe(std::string_view body) {
  return DecodeTarget(body, "DESCRIBE");
}

Result<TargetMessage> DecodeClose(std::string_view body) { return DecodeTarget(body, "CLOSE"); }

Result<ExecuteMessage> DecodeExecute(std::string_view body) {
  PayloadReader r(body);
  ExecuteMessage msg;
  std::string_view portal;
  if (!r.ReadCString(&portal)) return BadString();
  if (!r.ReadInt32(&msg.max_rows)) return Truncated();
  if (!r.AtEnd()) return Trailing();
  msg.portal = std::string(portal);
  return msg;
}

Result<CopyFailMessage> DecodeCopyFail(std::string_view body) {
  PayloadReader r(body);
  std::string_view text;
  if (!r.ReadCString(&text)) return BadString();
  if (!r.AtEnd()) return Trailing();
  return CopyFailMessage{std::string(text)};
}

Status DecodeEmpty(std::string_view body) { return body.empty() ? Status::OK() : Trailing(); }

}  // namespace firn::pgwire
