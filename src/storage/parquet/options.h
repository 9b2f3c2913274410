// Options for writing Parquet files.
// Thread-safety: plain value types.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace firn::parquet {

enum class Codec { kUncompressed, kSnappy, kZstd };

struct WriterOptions {
  Codec codec = Codec::kZstd;
  int zstd_level = 1;
  // A row group is written out once its estimated (encoded, uncompressed) size reaches this.
  size_t row_group_bytes = size_t{64} << 20;
  size_t page_bytes = size_t{1} << 20;  // target encoded size of one data page
  bool dictionary = true;               // RLE_DICTIONARY where it pays
  // A column chunk falls back to PLAIN once its dictionary outgrows this.
  size_t dictionary_bytes = size_t{1} << 20;
  bool data_page_v2 = false;  // write DATA_PAGE_V2 headers (readers must support v2)
  std::vector<std::pair<std::string, std::string>> key_value_metadata;
};

}  // namespace firn::parquet
