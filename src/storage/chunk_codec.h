// Chunk codec: a compact, self-checking binary form of a DataChunk for the write-ahead log.
//   chunk  = varint rows | varint columns | column*
//   column = u8 physical type | null bitmap (rows bits) | the non-NULL values
// Integers are zigzag varints, doubles 8 bytes little-endian, strings varint length + bytes,
// intervals 16 bytes, numerics and arrays PostgreSQL's binary format behind a varint length.
// Thread-safety: stateless functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "types/vector.h"

namespace firn {

void EncodeChunk(const DataChunk& chunk, std::string* out);
// EncodeChunk's output in parts, so that the columns of a big chunk can be encoded apart
// (on several threads) and written one after another: the header, then each column.
void EncodeChunkHeader(const DataChunk& chunk, std::string* out);
void EncodeChunkColumn(const Vector& column, size_t rows, std::string* out);

// Decodes one chunk from the front of `*in` (advancing it) into columns of `types`.
// Corruption when the bytes do not describe a chunk of those types.
Result<DataChunk> DecodeChunk(std::string_view* in, const std::vector<Type>& types);

// Skips one encoded chunk at the front of `*in`; false when it is malformed.
bool SkipChunk(std::string_view* in);

// Varint helpers shared with the transaction record format.
void PutVarint(std::string* out, uint64_t v);
bool GetVarint(std::string_view* in, uint64_t* v);
void PutBytes(std::string* out, std::string_view bytes);  // varint length + bytes
bool GetBytes(std::string_view* in, std::string_view* bytes);

}  // namespace firn
