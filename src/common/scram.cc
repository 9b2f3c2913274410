// SCRAM-SHA-256 secrets and server exchange; see scram.h. Crypto from OpenSSL.
#include "common/scram.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <charconv>
#include <stdexcept>

#include "common/base64.h"

namespace firn {
namespace {

constexpr std::string_view kPrefix = "SCRAM-SHA-256$";

ScramKey Hmac(const uint8_t* key, size_t key_len, std::string_view data) {
  ScramKey out{};
  unsigned int len = 0;
  HMAC(EVP_sha256(), key, static_cast<int>(key_len), reinterpret_cast<const uint8_t*>(data.data()),
       data.size(), out.data(), &len);
  return out;
}

ScramKey Hmac(const ScramKey& key, std::string_view data) {
  return Hmac(key.data(), key.size(), data);
}

ScramKey Sha256(const ScramKey& data) {
  ScramKey out{};
  SHA256(data.data(), data.size(), out.data());
  return out;
}

std::string_view AsView(const ScramKey& key) {
  return std::string_view(reinterpret_cast<const char*>(key.data()), key.size());
}

std::string RandomBytes(size_t n) {
  std::string out(n, '\0');
  if (RAND_bytes(reinterpret_cast<uint8_t*>(out.data()), static_cast<int>(n)) != 1) {
    throw std::runtime_error("RAND_bytes failed");
  }
  return out;
}

bool DecodeKey(std::string_view b64, ScramKey* key) {
  auto raw = Base64Decode(b64);
  if (!raw || raw->size() != key->size()) return false;
  std::copy(raw->begin(), raw->end(), key->begin());
  return true;
}

ScramSecret ComputeSecret(std::string_view password, std::string_view salt, int iterations) {
  ScramKey salted{};
  PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()),
                    reinterpret_cast<const uint8_t*>(salt.data()), static_cast<int>(salt.size()),
                    iterations, EVP_sha256(), static_cast<int>(salted.size()), salted.data());
  ScramSecret secret;
  secret.iterations = iterations;
  secret.salt = std::string(salt);
  secret.stored_key = Sha256(Hmac(salted, "Client Key"));
  secret.server_key = Hmac(salted, "Server Key");
  OPENSSL_cleanse(salted.data(), salted.size());
  return secret;
}

// Splits "a=...,b=...": returns the value of attribute `name` at the front of *rest and
// advances past it and its comma. nullopt when the next attribute is not `name`.
std::optional<std::string_view> TakeAttribute(std::string_view* rest, char name) {
  if (rest->size() < 2 || (*rest)[0] != name || (*rest)[1] != '=') return std::nullopt;
  size_t comma = rest->find(',');
  std::string_view value = rest->substr(2, comma == std::string_view::npos ? comma : comma - 2);
  *rest = comma == std::string_view::npos ? std::string_view() : rest->substr(comma + 1);
  return value;
}

bool IsPrintableNonce(std::string_view nonce) {
  if (nonce.empty()) return false;
  for (char c : nonce) {
    if (c < 0x21 || c > 0x7e || c == ',') return false;
  }
  return true;
}

}  // namespace

std::string MakeScramSecret(std::string_view password) {
  return MakeScramSecret(password, RandomBytes(kScramSaltLength), kScramDefaultIterations);
}

std::string MakeScramSecret(std::string_view password, std::string_view salt, int iterations) {
  return FormatScramSecret(ComputeSecret(password, salt, iterations));
}

std::string FormatScramSecret(const ScramSecret& secret) {
  std::string out(kPrefix);
  out += std::to_string(secret.iterations);
  out += ':';
  out += Base64Encode(secret.salt);
  out += '$';
  out += Base64Encode(AsView(secret.stored_key));
  out += ':';
  out += Base64Encode(AsView(secret.server_key));
  return out;
}

std::optional<ScramSecret> ParseScramSecret(std::string_view text) {
  if (!text.starts_with(kPrefix)) return std::nullopt;
  text.remove_prefix(kPrefix.size());
  size_t colon1 = text.find(':');
  size_t dollar = text.find('$');
  if (colon1 == std::string_view::npos || dollar == std::string_view::npos || dollar < colon1) {
    return std::nullopt;
  }
  size_t colon2 = text.find(':', dollar);
  if (colon2 == std::string_view::npos) return std::nullopt;
  ScramSecret secret;
  std::string_view iter_text = text.substr(0, colon1);
  auto [ptr, ec] =
      std::from_chars(iter_text.data(), iter_text.data() + iter_text.size(), secret.iterations);
  if (ec != std::errc() || ptr != iter_text.data() + iter_text.size() || secret.iterations <= 0) {
    return std::nullopt;
  }
  auto salt = Base64Decode(text.substr(colon1 + 1, dollar - colon1 - 1));
  if (!salt || salt->empty()) return std::nullopt;
  secret.salt = std::move(*salt);
  if (!DecodeKey(text.substr(dollar + 1, colon2 - dollar - 1), &secret.stored_key) ||
      !DecodeKey(text.substr(colon2 + 1), &secret.server_key)) {
    return std::nullopt;
  }
  return secret;
}

ScramServerExchange::ScramServerExchange(std::optional<ScramSecret> secret,
                                         std::string_view mock_seed, std::string server_nonce)
    : secret_(std::move(secret)), server_nonce_(std::move(server_nonce)) {
  if (server_nonce_.empty()) server_nonce_ = Base64Encode(RandomBytes(18));
  if (secret_) {
    effective_ = *secret_;
  } else {
    // A stable fake salt per user name, keyed by a per-process random value, so probing
    // clients cannot tell unknown roles from wrong passwords.
    static const std::string process_key = RandomBytes(32);
    ScramKey digest =
        Hmac(reinterpret_cast<const uint8_t*>(process_key.data()), process_key.size(), mock_seed);
    effective_.iterations = kScramDefaultIterations;
    effective_.salt = std::string(AsView(digest).substr(0, kScramSaltLength));
    effective_.stored_key = Sha256(digest);
    effective_.server_key = digest;
  }
}

ScramServerExchange::Outcome ScramServerExchange::HandleClientFirst(std::string_view msg,
                                                                    std::string* server_first,
                                                                    std::string* error) {
  // gs2-header = gs2-cbind-flag "," [ authzid ] ","
  if (msg.empty()) {
    *error = "malformed SCRAM message: empty message";
    return Outcome::kMalformed;
  }
  char flag = msg[0];
  if (flag == 'p') {
    *error = "channel binding was requested, but the server did not offer it";
    return Outcome::kMalformed;
  }
  if ((flag != 'n' && flag != 'y') || msg.size() < 2 || msg[1] != ',') {
    *error = "malformed SCRAM message: unexpected channel-binding flag";
    return Outcome::kMalformed;
  }
  std::string_view rest = msg.substr(2);
  if (!rest.empty() && rest[0] == 'a') {
    *error = "client uses authorization identity, but it is not supported";
    return Outcome::kMalformed;
  }
  if (rest.empty() || rest[0] != ',') {
    *error = "malformed SCRAM message: expected end of GS2 header";
    return Outcome::kMalformed;
  }
  gs2_header_ = std::string(msg.substr(0, 3));
  rest.remove_prefix(1);
  client_first_bare_ = std::string(rest);
  if (!rest.empty() && rest[0] == 'm') {
    *error = "client requires an unsupported SCRAM extension";
    return Outcome::kMalformed;
  }
  // The user name is ignored: the startup packet's user is authoritative.
  auto user = TakeAttribute(&rest, 'n');
  auto nonce = user ? TakeAttribute(&rest, 'r') : std::nullopt;
  if (!user || !nonce || !IsPrintableNonce(*nonce)) {
    *error = "malformed SCRAM message: invalid client-first-message";
    return Outcome::kMalformed;
  }
  combined_nonce_ = std::string(*nonce) + server_nonce_;
  server_first_ = "r=" + combined_nonce_ + ",s=" + Base64Encode(effective_.salt) +
                  ",i=" + std::to_string(effective_.iterations);
  *server_first = server_first_;
  first_done_ = true;
  return Outcome::kOk;
}

ScramServerExchange::Outcome ScramServerExchange::HandleClientFinal(std::string_view msg,
                                                                    std::string* server_final,
                                                                    std::string* error) {
  if (!first_done_) {
    *error = "malformed SCRAM message: client-final-message out of order";
    return Outcome::kMalformed;
  }
  size_t proof_at = msg.rfind(",p=");
  if (proof_at == std::string_view::npos) {
    *error = "malformed SCRAM message: missing proof";
    return Outcome::kMalformed;
  }
  std::string_view without_proof = msg.substr(0, proof_at);
  std::string_view proof_b64 = msg.substr(proof_at + 3);
  std::string_view rest = without_proof;
  auto binding = TakeAttribute(&rest, 'c');
  auto nonce = binding ? TakeAttribute(&rest, 'r') : std::nullopt;
  if (!binding || !nonce) {
    *error = "malformed SCRAM message: invalid client-final-message";
    return Outcome::kMalformed;
  }
  auto binding_raw = Base64Decode(*binding);
  if (!binding_raw || *binding_raw != gs2_header_) {
    *error = "SCRAM channel binding check failed";
    return Outcome::kMalformed;
  }
  if (*nonce != combined_nonce_) {
    *error = "SCRAM nonce mismatch";
    return Outcome::kMalformed;
  }
  ScramKey proof{};
  if (!DecodeKey(proof_b64, &proof)) {
    *error = "malformed SCRAM message: invalid proof";
    return Outcome::kMalformed;
  }
  std::string auth_message = client_first_bare_;
  auth_message += ',';
  auth_message += server_first_;
  auth_message += ',';
  auth_message += without_proof;
  ScramKey client_signature = Hmac(effective_.stored_key, auth_message);
  ScramKey client_key{};
  for (size_t i = 0; i < client_key.size(); ++i) client_key[i] = proof[i] ^ client_signature[i];
  ScramKey computed = Sha256(client_key);
  bool match = CRYPTO_memcmp(computed.data(), effective_.stored_key.data(), computed.size()) == 0;
  if (!match || !secret_) return Outcome::kWrongPassword;
  ScramKey server_signature = Hmac(effective_.server_key, auth_message);
  *server_final = "v=" + Base64Encode(AsView(server_signature));
  return Outcome::kOk;
}

}  // namespace firn
