// Chunk codec: a compact, self-checking binary form of a DataChunk for the write-ahead log.
//   chunk  = varint rows | varint columns | column*
//   column = u8 tag | null bitmap (rows bits; absent when the tag says no row is NULL) |
//            the non-NULL values
//   tag    = physical type (low 4 bits) | encoding << 4 | 0x80 when no row is NULL
// Encodings of the non-NULL values (the encoder takes the smallest that applies):
//   plain    integers zigzag varints, doubles 8 bytes little-endian, strings varint
//            length + bytes, intervals 16 bytes, uuids their 16 bytes, numerics and
//            arrays PostgreSQL's binary format behind a varint length;
//   delta    integers: zigzag varints of each value minus the one before (the first minus
//            0), for sorted columns such as ids and event times;
//   dict     strings: varint n | n strings | a varint index per value, for a column of a
//            few distinct values;
//   decimal  doubles: u8 s | zigzag varints of value * 10^s, when every value is exactly
//            that integer / 10^s (amounts in cents).
// A tag that is just the physical type is plain with a bitmap: the form written before
// the other encodings existed, so older logs still decode.
// Thread-safety: stateless functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "types/vector.h"

namespace firn {

void EncodeChunk(const DataChunk& chunk, std::string* out);

// Decodes one chunk from the front of `*in` (advancing it) into columns of `types`: a chunk
// of fewer columns (written before columns were added) is NULL in the rest; the columns of
// a wider one beyond `types` are skipped. Corruption when the bytes do not describe a chunk
// whose columns have those types.
Result<DataChunk> DecodeChunk(std::string_view* in, const std::vector<Type>& types);

// Skips one encoded chunk at the front of `*in`; false when it is malformed.
bool SkipChunk(std::string_view* in);

// Varint helpers shared with the transaction record format.
void PutVarint(std::string* out, uint64_t v);
bool GetVarint(std::string_view* in, uint64_t* v);
void PutBytes(std::string* out, std::string_view bytes);  // varint length + bytes
bool GetBytes(std::string_view* in, std::string_view* bytes);

}  // namespace firn
