// SCRAM-SHA-256 (RFC 5802, RFC 7677) as PostgreSQL uses it: password secrets in
// PostgreSQL's storage format and the server side of the authentication exchange.
// Channel binding is never offered (Firn has no TLS yet), so clients must send the GS2
// header "n,," or "y,,". Passwords are used as raw bytes (no SASLprep normalization);
// for ASCII passwords that is identical to PostgreSQL.
//
// Secret format (PostgreSQL's pg_authid.rolpassword):
//   SCRAM-SHA-256$<iterations>:<base64 salt>$<base64 StoredKey>:<base64 ServerKey>
//
// Thread-safety: free functions are thread-safe; a ScramServerExchange belongs to one
// connection.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace firn {

inline constexpr int kScramDefaultIterations = 4096;
inline constexpr size_t kScramSaltLength = 16;
inline constexpr size_t kScramKeyLength = 32;

using ScramKey = std::array<uint8_t, kScramKeyLength>;

struct ScramSecret {
  int iterations = 0;
  std::string salt;  // raw bytes
  ScramKey stored_key{};
  ScramKey server_key{};
};

// A new secret for `password` with a random 16-byte salt and 4096 iterations.
std::string MakeScramSecret(std::string_view password);
// Deterministic variant for tests and for mock secrets. REQUIRES: iterations > 0.
std::string MakeScramSecret(std::string_view password, std::string_view salt, int iterations);

// Parses PostgreSQL's secret format; nullopt when `text` is not a SCRAM-SHA-256 secret.
std::optional<ScramSecret> ParseScramSecret(std::string_view text);
std::string FormatScramSecret(const ScramSecret& secret);

// The server side of one SCRAM-SHA-256 exchange:
//   client-first  -> HandleClientFirst  -> server-first  (AuthenticationSASLContinue)
//   client-final  -> HandleClientFinal  -> server-final  (AuthenticationSASLFinal)
// Constructed without a secret (unknown role, role without password) it runs a mock
// exchange that looks the same to the client and always ends in kWrongPassword.
class ScramServerExchange {
 public:
  enum class Outcome { kOk, kMalformed, kWrongPassword };

  // `mock_seed` derives the mock salt (use the user name, so that repeated attempts see the
  // same salt). `server_nonce` is for tests; empty = 18 random bytes, base64-encoded.
  ScramServerExchange(std::optional<ScramSecret> secret, std::string_view mock_seed,
                      std::string server_nonce = "");

  // On kOk, *server_first is the message to send. On kMalformed, *error says why.
  Outcome HandleClientFirst(std::string_view client_first, std::string* server_first,
                            std::string* error);
  // REQUIRES: HandleClientFirst returned kOk. On kOk, *server_final is the message to send.
  Outcome HandleClientFinal(std::string_view client_final, std::string* server_final,
                            std::string* error);

 private:
  std::optional<ScramSecret> secret_;
  ScramSecret effective_;  // the real secret, or a mock one
  std::string server_nonce_;
  std::string gs2_header_;
  std::string client_first_bare_;
  std::string server_first_;
  std::string combined_nonce_;
  bool first_done_ = false;
};

}  // namespace firn
