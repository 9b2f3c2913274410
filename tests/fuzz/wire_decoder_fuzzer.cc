// libFuzzer target for the wire-protocol decoder. The input is a client byte stream: one
// startup packet, then typed messages, read through MessageReader in random-sized chunks
// (the first input byte picks the chunk size), each decoded with its message's decoder.
// SASL payloads are also fed to a SCRAM exchange and "options" values to the options
// parser. Any crash, hang, sanitizer report or unbounded allocation is a bug.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/base64.h"
#include "common/scram.h"
#include "pgwire/message_reader.h"
#include "pgwire/messages.h"
#include "pgwire/protocol.h"
#include "pgwire/startup_options.h"

namespace {

using namespace firn::pgwire;  // NOLINT: fuzzer-local convenience

class FuzzTransport : public Transport {
 public:
  FuzzTransport(std::string_view data, size_t chunk) : data_(data), chunk_(chunk) {}
  IoStatus Read(char* buffer, size_t capacity, size_t* read) override {
    if (pos_ >= data_.size()) return IoStatus::kEof;
    size_t n = std::min({capacity, chunk_, data_.size() - pos_});
    std::copy_n(data_.data() + pos_, n, buffer);
    pos_ += n;
    *read = n;
    return IoStatus::kOk;
  }
  IoStatus Write(const char*, size_t) override { return IoStatus::kOk; }

 private:
  std::string_view data_;
  size_t chunk_;
  size_t pos_ = 0;
};

void DecodeMessage(const Message& m, firn::ScramServerExchange* scram, bool* scram_started) {
  std::string out, error;
  switch (m.type) {
    case fe::kQuery:
      (void)DecodeQuery(m.body);
      break;
    case fe::kParse:
      (void)DecodeParse(m.body);
      break;
    case fe::kBind:
      (void)DecodeBind(m.body);
      break;
    case fe::kDescribe:
      (void)DecodeDescribe(m.body);
      break;
    case fe::kClose:
      (void)DecodeClose(m.body);
      break;
    case fe::kExecute:
      (void)DecodeExecute(m.body);
      break;
    case fe::kCopyFail:
      (void)DecodeCopyFail(m.body);
      break;
    case fe::kPassword:
      if (!*scram_started) {
        auto initial = DecodeSaslInitialResponse(m.body);
        if (initial.ok() && initial.value().data) {
          scram->HandleClientFirst(*initial.value().data, &out, &error);
          *scram_started = true;
        }
      } else {
        scram->HandleClientFinal(m.body, &out, &error);
      }
      break;
    default:
      (void)DecodeEmpty(m.body);
      break;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  size_t chunk = 1 + data[0] % 64;
  std::string_view stream(reinterpret_cast<const char*>(data) + 1, size - 1);
  FuzzTransport transport(stream, chunk == 64 ? 1 << 16 : chunk);
  MessageReader reader(&transport);

  std::string_view body;
  std::string error;
  if (reader.ReadStartupPacket(&body, &error) == ReadStatus::kOk) {
    auto packet = DecodeStartupPacket(body);
    if (packet.ok()) {
      for (const auto& [name, value] : packet.value().startup.parameters) {
        if (name == "options") (void)ParseStartupOptions(value);
      }
    }
  }
  // A fixed secret, computed once, keeps runs deterministic and fast.
  static const auto secret = firn::ParseScramSecret(
      firn::MakeScramSecret("pencil", "0123456789abcdef", firn::kScramDefaultIterations));
  firn::ScramServerExchange scram(secret, "fuzz", "servernonce");
  bool scram_started = false;
  for (int i = 0; i < 10000; ++i) {
    Message m;
    if (reader.ReadMessage(&m, &error) != ReadStatus::kOk) break;
    DecodeMessage(m, &scram, &scram_started);
  }
  (void)firn::Base64Decode(stream.substr(0, std::min<size_t>(stream.size(), 256)));
  return 0;
}
