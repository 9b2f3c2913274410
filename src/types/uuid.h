// Uuid: PostgreSQL's uuid, 16 bytes compared as unsigned bytes (memcmp order, as
// uuid_cmp does). Held as two big-endian words so that ordering and hashing are two
// integer operations and a Vector of them is a flat array, no allocation per value.
// Thread-safety: plain value type; the functions are pure except GenerateRandomUuids,
// which reads the kernel's random source (no state of its own).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace firn {

struct Uuid {
  uint64_t hi = 0;  // bytes 0..7, byte 0 most significant
  uint64_t lo = 0;  // bytes 8..15

  bool operator==(const Uuid&) const = default;
  // Unsigned lexicographic order of the 16 bytes.
  auto operator<=>(const Uuid&) const = default;

  static Uuid FromBytes(const uint8_t* bytes);  // REQUIRES: 16 readable bytes
  void ToBytes(uint8_t* out) const;             // writes 16 bytes
  std::string ToByteString() const;             // the 16 bytes as a string
};

inline constexpr size_t kUuidBytes = 16;

// uuid_in: 32 hex digits in either case, optionally in braces, with an optional '-' after
// any group of four digits (not after the last). No surrounding spaces. Returns false on
// bad syntax; ParseUuidText's callers report 22P02.
bool ParseUuid(std::string_view text, Uuid* out);
// As ParseUuid, throwing 22P02 'invalid input syntax for type uuid: "<text>"'.
Uuid ParseUuidText(std::string_view text);
// uuid_out: lower-case 8-4-4-4-12 (36 characters).
void AppendUuidText(const Uuid& u, std::string* out);

// Fills `out[0..n)` with random version-4 (RFC 4122) uuids from the kernel's CSPRNG, as
// PostgreSQL's gen_random_uuid() does with pg_strong_random. Throws XX000 if it fails.
void GenerateRandomUuids(Uuid* out, size_t n);

}  // namespace firn
