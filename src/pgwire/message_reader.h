// MessageReader: frames frontend messages out of a Transport's byte stream. It buffers
// input (so a pipeline of small messages costs one read), validates each frame's length
// against the per-type limit before buffering its body (protocol.h), and grows its buffer
// only as bytes actually arrive, so a lying length word cannot make it allocate.
// ParseFrame/ParseStartupFrame are the pure framing functions, exposed for tests and the
// fuzzer.
// Thread-safety: one thread uses a MessageReader.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "pgwire/transport.h"

namespace firn::pgwire {

enum class FrameStatus { kNeedMore, kComplete, kMalformed };

// Looks for one typed message at the start of `buffer`. On kComplete sets *type and
// *body_length (the frame is 5 + *body_length bytes). On kMalformed sets *error. When
// kNeedMore and the header is complete, *body_length is already set.
FrameStatus ParseFrame(std::string_view buffer, char* type, size_t* body_length,
                       std::string* error);
// Same for an untyped startup packet (Int32 length | body).
FrameStatus ParseStartupFrame(std::string_view buffer, size_t* body_length, std::string* error);

struct Message {
  char type = 0;
  std::string_view body;  // valid until the next Read* call
};

enum class ReadStatus { kOk, kEof, kShutdown, kTimeout, kIoError, kMalformed };

class MessageReader {
 public:
  // `transport` is not owned and must outlive the reader.
  explicit MessageReader(Transport* transport) : transport_(transport) {}

  // Reads the next startup packet; *body starts at the code/version word.
  ReadStatus ReadStartupPacket(std::string_view* body, std::string* error);
  // Reads the next typed message. On kMalformed, *error says why (the connection must end).
  ReadStatus ReadMessage(Message* message, std::string* error);
  // True when a complete message is already buffered, so ReadMessage will not block.
  bool HasBufferedMessage() const;
  // Buffers whatever bytes the transport has without waiting for more (Transport::TryRead).
  // kOk with *would_block set: none were there.
  ReadStatus TryFill(bool* would_block);

 private:
  // Makes room for more bytes (up to `need`, growing geometrically) and reads once,
  // waiting for bytes unless `would_block` is given (then a TryRead, which sets it).
  ReadStatus Fill(size_t need, bool* would_block = nullptr);
  std::string_view Available() const {
    return std::string_view(buf_.data() + begin_, end_ - begin_);
  }

  Transport* transport_;
  std::string buf_;
  size_t begin_ = 0;     // first unconsumed byte
  size_t end_ = 0;       // end of received data
  size_t consumed_ = 0;  // size of the frame returned last; dropped at the next read
};

}  // namespace firn::pgwire
