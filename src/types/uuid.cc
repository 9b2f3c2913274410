// Uuid text form, byte order and random generation.
// Thread-safety: pure functions; GenerateRandomUuids only calls getrandom(2).
#include "types/uuid.h"

#include <sys/random.h>

#include <cerrno>

#include "common/sql_error.h"

namespace firn {
namespace {

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

uint64_t LoadBigEndian(const uint8_t* p) {
  uint64_t v = 0;
  for (int i = 0; i < 8; i++) v = (v << 8) | p[i];
  return v;
}

void StoreBigEndian(uint64_t v, uint8_t* p) {
  for (int i = 7; i >= 0; i--) {
    p[i] = static_cast<uint8_t>(v);
    v >>= 8;
  }
}

}  // namespace

Uuid Uuid::FromBytes(const uint8_t* bytes) {
  return Uuid{LoadBigEndian(bytes), LoadBigEndian(bytes + 8)};
}

void Uuid::ToBytes(uint8_t* out) const {
  StoreBigEndian(hi, out);
  StoreBigEndian(lo, out + 8);
}

std::string Uuid::ToByteString() const {
  std::string s(kUuidBytes, '\0');
  ToBytes(reinterpret_cast<uint8_t*>(s.data()));
  return s;
}

bool ParseUuid(std::string_view text, Uuid* out) {
  // The grammar of PostgreSQL's string_to_uuid(): a hyphen may follow any odd byte but the
  // last, so "a0eebc99-9c0b4ef8-bb6d6bb9-bd380a11" and "{A0EEBC99...}" are accepted too.
  size_t pos = 0;
  bool braces = !text.empty() && text[0] == '{';
  if (braces) pos = 1;
  uint8_t bytes[kUuidBytes];
  for (size_t i = 0; i < kUuidBytes; i++) {
    if (pos + 2 > text.size()) return false;
    int high = HexDigit(text[pos]), low = HexDigit(text[pos + 1]);
    if (high < 0 || low < 0) return false;
    bytes[i] = static_cast<uint8_t>(high * 16 + low);
    pos += 2;
    if (pos < text.size() && text[pos] == '-' && i % 2 == 1 && i < kUuidBytes - 1) pos++;
  }
  if (braces) {
    if (pos >= text.size() || text[pos] != '}') return false;
    pos++;
  }
  if (pos != text.size()) return false;
  *out = Uuid::FromBytes(bytes);
  return true;
}

Uuid ParseUuidText(std::string_view text) {
  Uuid u;
  if (!ParseUuid(text, &u)) {
    throw SqlError(sqlstate::kInvalidTextRepresentation,
                   "invalid input syntax for type uuid: \"" + std::string(text) + "\"");
  }
  return u;
}

void AppendUuidText(const Uuid& u, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  uint8_t bytes[kUuidBytes];
  u.ToBytes(bytes);
  char buf[36];
  size_t n = 0;
  for (size_t i = 0; i < kUuidBytes; i++) {
    if (i == 4 || i == 6 || i == 8 || i == 10) buf[n++] = '-';
    buf[n++] = kHex[bytes[i] >> 4];
    buf[n++] = kHex[bytes[i] & 0xf];
  }
  out->append(buf, n);
}

void GenerateRandomUuids(Uuid* out, size_t n) {
  uint8_t bytes[256 * kUuidBytes];
  for (size_t done = 0; done < n;) {
    size_t batch = std::min(n - done, sizeof(bytes) / kUuidBytes);
    size_t want = batch * kUuidBytes, got = 0;
    while (got < want) {
      ssize_t r = getrandom(bytes + got, want - got, 0);
      if (r < 0) {
        if (errno == EINTR) continue;
        throw SqlError(sqlstate::kInternalError, "could not generate random values");
      }
      got += static_cast<size_t>(r);
    }
    for (size_t i = 0; i < batch; i++) {
      uint8_t* b = bytes + i * kUuidBytes;
      b[6] = static_cast<uint8_t>((b[6] & 0x0f) | 0x40);  // version 4
      b[8] = static_cast<uint8_t>((b[8] & 0x3f) | 0x80);  // variant 10 (RFC 4122)
      out[done + i] = Uuid::FromBytes(b);
    }
    done += batch;
  }
}

}  // namespace firn
