#include "storage/parquet/compression.h"

#include <snappy.h>
#include <zstd.h>

namespace firn::parquet {

Status Compress(CompressionCodec codec, int zstd_level, const std::string& in, std::string* out) {
  switch (codec) {
    case CompressionCodec::kUncompressed:
      *out = in;
      return Status::OK();
    case CompressionCodec::kSnappy:
      out->clear();
      snappy::Compress(in.data(), in.size(), out);
      return Status::OK();
    case CompressionCodec::kZstd: {
      out->resize(ZSTD_compressBound(in.size()));
      size_t n = ZSTD_compress(out->data(), out->size(), in.data(), in.size(), zstd_level);
      if (ZSTD_isError(n)) {
        return Status::IoError(std::string("zstd compression failed: ") + ZSTD_getErrorName(n));
      }
      out->resize(n);
      return Status::OK();
    }
  }
  return Status::NotSupported("unknown compression codec");
}

Status Decompress(CompressionCodec codec, const uint8_t* in, size_t size, size_t uncompressed_size,
                  std::string* out) {
  const char* src = reinterpret_cast<const char*>(in);
  switch (codec) {
    case CompressionCodec::kUncompressed:
      if (size != uncompressed_size) {
        return Status::Corruption("uncompressed page size differs from its stored size");
      }
      out->assign(src, size);
      return Status::OK();
    case CompressionCodec::kSnappy: {
      size_t n = 0;
      if (!snappy::GetUncompressedLength(src, size, &n) || n != uncompressed_size) {
        return Status::Corruption("snappy page has a bad length");
      }
      out->resize(n);
      if (!snappy::RawUncompress(src, size, out->data())) {
        return Status::Corruption("snappy page does not decompress");
      }
      return Status::OK();
    }
    case CompressionCodec::kZstd: {
      out->resize(uncompressed_size);
      size_t n = ZSTD_decompress(out->data(), out->size(), src, size);
      if (ZSTD_isError(n) || n != uncompressed_size) {
        return Status::Corruption("zstd page does not decompress to its stated size");
      }
      return Status::OK();
    }
  }
  return Status::NotSupported("unsupported compression codec " +
                              std::to_string(static_cast<int>(codec)));
}

}  // namespace firn::parquet
