// Base64 (RFC 4648, standard alphabet, with '=' padding), as SCRAM and PostgreSQL's SCRAM
// secrets use it.
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace firn {

std::string Base64Encode(std::string_view data);

// Strict decoding: the length must be a multiple of 4, padding only at the end, no
// whitespace. nullopt on any malformed input.
std::optional<std::string> Base64Decode(std::string_view text);

}  // namespace firn
