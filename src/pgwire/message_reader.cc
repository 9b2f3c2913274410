// MessageReader and the pure framing functions; see message_reader.h.
#include "pgwire/message_reader.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "pgwire/protocol.h"

namespace firn::pgwire {
namespace {

constexpr size_t kMinReadChunk = 64 * 1024;
constexpr size_t kMaxReadChunk = 4 * 1024 * 1024;

uint32_t LoadBigEndian32(const char* p) {
  auto* u = reinterpret_cast<const uint8_t*>(p);
  return (uint32_t{u[0]} << 24) | (uint32_t{u[1]} << 16) | (uint32_t{u[2]} << 8) | uint32_t{u[3]};
}

}  // namespace

FrameStatus ParseFrame(std::string_view buffer, char* type, size_t* body_length,
                       std::string* error) {
  if (buffer.size() < 5) return FrameStatus::kNeedMore;
  *type = buffer[0];
  uint32_t length = LoadBigEndian32(buffer.data() + 1);
  if (length < 4) {
    *error = "invalid message length";
    return FrameStatus::kMalformed;
  }
  size_t body = length - 4;
  if (body > MaxMessageLength(*type)) {
    *error = "invalid message length";
    return FrameStatus::kMalformed;
  }
  *body_length = body;
  return buffer.size() - 5 >= body ? FrameStatus::kComplete : FrameStatus::kNeedMore;
}

FrameStatus ParseStartupFrame(std::string_view buffer, size_t* body_length, std::string* error) {
  if (buffer.size() < 4) return FrameStatus::kNeedMore;
  uint32_t length = LoadBigEndian32(buffer.data());
  if (length < 8 || length > kMaxStartupPacketLength) {
    *error = "invalid length of startup packet";
    return FrameStatus::kMalformed;
  }
  *body_length = length - 4;
  return buffer.size() - 4 >= *body_length ? FrameStatus::kComplete : FrameStatus::kNeedMore;
}

bool MessageReader::HasBufferedMessage() const {
  std::string_view rest = Available().substr(consumed_);
  char type;
  size_t body = 0;
  std::string error;
  // A malformed frame also counts: reading it will not block.
  return ParseFrame(rest, &type, &body, &error) != FrameStatus::kNeedMore;
}

ReadStatus MessageReader::TryFill(bool* would_block) {
  begin_ += consumed_;
  consumed_ = 0;
  if (begin_ == end_) begin_ = end_ = 0;
  return Fill(0, would_block);
}

ReadStatus MessageReader::Fill(size_t need, bool* would_block) {
  // Grow at most geometrically with the data actually received, so a frame header that
  // announces a huge body costs memory only as its bytes arrive.
  size_t chunk = std::min(
      {std::max(need, kMinReadChunk), std::max(end_ - begin_, kMinReadChunk), kMaxReadChunk});
  if (buf_.size() - end_ < chunk) {
    // Compact first; grow only if the unconsumed data plus one chunk still does not fit.
    if (begin_ > 0) {
      std::memmove(buf_.data(), buf_.data() + begin_, end_ - begin_);
      end_ -= begin_;
      begin_ = 0;
    }
    if (buf_.size() - end_ < chunk) buf_.resize(std::max(buf_.size() * 2, end_ + chunk));
  }
  size_t got = 0;
  char* into = buf_.data() + end_;
  size_t room = buf_.size() - end_;
  if (would_block) *would_block = false;
  switch (would_block ? transport_->TryRead(into, room, &got)
                      : transport_->Read(into, room, &got)) {
    case IoStatus::kOk:
      break;
    case IoStatus::kWouldBlock:
      if (!would_block) return ReadStatus::kIoError;  // a blocking read never says this
      *would_block = true;
      return ReadStatus::kOk;
    case IoStatus::kEof:
      return ReadStatus::kEof;
    case IoStatus::kShutdown:
      return ReadStatus::kShutdown;
    case IoStatus::kTimeout:
      return ReadStatus::kTimeout;
    case IoStatus::kError:
      return ReadStatus::kIoError;
  }
  end_ += got;
  return ReadStatus::kOk;
}

ReadStatus MessageReader::ReadStartupPacket(std::string_view* body, std::string* error) {
  begin_ += consumed_;
  consumed_ = 0;
  while (true) {
    size_t body_length = 0;
    FrameStatus fs = ParseStartupFrame(Available(), &body_length, error);
    if (fs == FrameStatus::kMalformed) return ReadStatus::kMalformed;
    if (fs == FrameStatus::kComplete) {
      *body = Available().substr(4, body_length);
      consumed_ = 4 + body_length;
      return ReadStatus::kOk;
    }
    size_t want = (Available().size() < 4 ? 4 : 4 + body_length) - Available().size();
    ReadStatus st = Fill(want);
    if (st != ReadStatus::kOk) return st;
  }
}

ReadStatus MessageReader::ReadMessage(Message* message, std::string* error) {
  begin_ += consumed_;
  consumed_ = 0;
  if (begin_ == end_) begin_ = end_ = 0;
  while (true) {
    size_t body_length = 0;
    char type = 0;
    FrameStatus fs = ParseFrame(Available(), &type, &body_length, error);
    if (fs == FrameStatus::kMalformed) return ReadStatus::kMalformed;
    if (fs == FrameStatus::kComplete) {
      message->type = type;
      message->body = Available().substr(5, body_length);
      consumed_ = 5 + body_length;
      return ReadStatus::kOk;
    }
    size_t want = (Available().size() < 5 ? 5 : 5 + body_length) - Available().size();
    ReadStatus st = Fill(want);
    if (st != ReadStatus::kOk) return st;
  }
}

}  // namespace firn::pgwire
