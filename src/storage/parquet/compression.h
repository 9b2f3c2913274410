// Page compression for Parquet column chunks: UNCOMPRESSED, SNAPPY (raw snappy blocks) and
// ZSTD (frames), as the format's Compression.md defines them.
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "common/status.h"
#include "storage/parquet/metadata.h"

namespace firn::parquet {

// Replaces `*out` with `in` compressed by `codec`. `zstd_level` only applies to ZSTD.
Status Compress(CompressionCodec codec, int zstd_level, const std::string& in, std::string* out);

// Replaces `*out` with the decompression of `in`, which must produce exactly
// `uncompressed_size` bytes; anything else is Corruption. Unknown codecs are NotSupported.
Status Decompress(CompressionCodec codec, const uint8_t* in, size_t size, size_t uncompressed_size,
                  std::string* out);

}  // namespace firn::parquet
