// In-memory Transport for pgwire tests: reads come from a scripted byte string, delivered
// in chunks of a chosen size; writes are captured.
// Thread-safety: none (one test thread).
#pragma once

#include <algorithm>
#include <string>

#include "pgwire/transport.h"

namespace firn::pgwire {

class StringTransport : public Transport {
 public:
  explicit StringTransport(std::string input, size_t chunk = 1 << 20)
      : input_(std::move(input)), chunk_(chunk) {}

  IoStatus Read(char* buffer, size_t capacity, size_t* read) override {
    if (pos_ >= input_.size()) return IoStatus::kEof;
    size_t n = std::min({capacity, chunk_, input_.size() - pos_});
    std::copy_n(input_.data() + pos_, n, buffer);
    pos_ += n;
    *read = n;
    ++reads_;
    return IoStatus::kOk;
  }
  // With try_would_block_, every other TryRead finds nothing (as if the next chunk were
  // still in flight), and an exhausted input would block rather than end.
  IoStatus TryRead(char* buffer, size_t capacity, size_t* read) override {
    if (try_would_block_ && (pos_ >= input_.size() || (blocked_ = !blocked_))) {
      return IoStatus::kWouldBlock;
    }
    return Read(buffer, capacity, read);
  }
  IoStatus Write(const char* data, size_t size) override {
    if (fail_writes_) return IoStatus::kError;
    output_.append(data, size);
    ++writes_;
    return IoStatus::kOk;
  }

  std::string output_;
  int reads_ = 0;
  int writes_ = 0;
  bool fail_writes_ = false;
  bool try_would_block_ = false;

 private:
  std::string input_;
  size_t chunk_;
  size_t pos_ = 0;
  bool blocked_ = false;
};

// Builds frontend messages for tests.
class FrontendBuilder {
 public:
  FrontendBuilder& Int16(int v) {
    body_.push_back(static_cast<char>((v >> 8) & 0xff));
    body_.push_back(static_cast<char>(v & 0xff));
    return *this;
  }
  FrontendBuilder& Int32(int64_t v) {
    auto u = static_cast<uint32_t>(v);
    for (int s = 24; s >= 0; s -= 8) body_.push_back(static_cast<char>((u >> s) & 0xff));
    return *this;
  }
  FrontendBuilder& Str(std::string_view s) {
    body_.append(s);
    body_.push_back('\0');
    return *this;
  }
  FrontendBuilder& Bytes(std::string_view s) {
    body_.append(s);
    return *this;
  }
  const std::string& body() const { return body_; }
  // A typed message: type | length | body.
  std::string Message(char type) const {
    FrontendBuilder framed;
    framed.body_.push_back(type);
    framed.Int32(static_cast<int64_t>(body_.size() + 4));
    return framed.body_ + body_;
  }
  // An untyped startup packet: length | body.
  std::string Startup() const {
    FrontendBuilder framed;
    framed.Int32(static_cast<int64_t>(body_.size() + 4));
    return framed.body_ + body_;
  }

 private:
  std::string body_;
};

}  // namespace firn::pgwire
