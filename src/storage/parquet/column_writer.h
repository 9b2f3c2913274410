// ColumnChunkWriter: encodes one leaf column of one row group into Parquet pages.
//
// Values arrive one level entry at a time (definition level, repetition level and, when the
// definition level is the maximum, a value). Pages are cut at row boundaries once their
// encoded size reaches WriterOptions::page_bytes. With dictionaries enabled, values are
// RLE_DICTIONARY-encoded until the dictionary outgrows WriterOptions::dictionary_bytes;
// later pages of the chunk are PLAIN. Finish() yields the chunk's bytes:
//   chunk := [dictionary-page] data-page+      page := PageHeader (thrift) body
//   v1 body := compress([rep-levels] [def-levels] values)  levels := u32le length + RLE hybrid
//   v2 body := rep-levels def-levels compress(values)       (level lengths in the header)
//   values  := PLAIN | bit-width byte + RLE hybrid dictionary indices
// Thread-safety: none.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "storage/parquet/dictionary_index.h"
#include "storage/parquet/metadata.h"
#include "storage/parquet/options.h"
#include "storage/parquet/type_mapping.h"

namespace firn::parquet {

CompressionCodec ToThriftCodec(Codec codec);

// Running min/max in the leaf's physical order (signed ints, IEEE without NaN, unsigned
// bytes, or signed big-endian bytes for decimals).
struct PhysicalStats {
  bool has = false;
  int64_t imin = 0, imax = 0;
  double dmin = 0, dmax = 0;
  std::string smin, smax;
  int64_t nan_count = 0;
};

class ColumnChunkWriter {
 public:
  ColumnChunkWriter(const LeafLayout& leaf, const WriterOptions& options);

  void AddNull(int16_t def, int16_t rep);
  // REQUIRES: the leaf's kind stores ints (bool/int32/int64).
  void AddInt(int64_t v, int16_t rep);
  void AddDouble(double v, int16_t rep);  // float/double leaves
  // Byte-array leaves and FIXED_LEN_BYTE_ARRAY (exactly type_length bytes).
  void AddBytes(std::string_view v, int16_t rep);
  // Marks a row boundary; may cut a page.
  void EndRow();

  // Encoded bytes so far, uncompressed (what the row-group size limit counts).
  size_t EstimatedSize() const;
  int64_t value_count() const { return num_values_; }

  // Cuts the last page and returns the chunk: `*bytes` is the pages, `*md` has offsets
  // relative to the chunk's first byte and statistics. Resets the writer for the next
  // row group.
  Status Finish(std::string* bytes, ColumnMetaData* md, PhysicalStats* stats, int64_t* nulls);

 private:
  // Values seen before a chunk's dictionary may be judged not to pay.
  static constexpr uint64_t kDictionaryProbeValues = 16384;
  void Level(int16_t def, int16_t rep);
  bool UseDictionary(std::string_view key, std::string_view plain);
  void PlainValue(std::string_view plain);
  void UpdateBytesStats(std::string_view v);
  Status FlushPage();
  Status WritePage(PageHeader header, const std::string& levels, const std::string& values);
  std::string EncodeLevels(const std::vector<uint32_t>& levels, int16_t max, bool prefix) const;

  LeafLayout leaf_;
  WriterOptions options_;
  CompressionCodec codec_;

  // Current page.
  std::vector<uint32_t> defs_, reps_;
  std::vector<uint32_t> indices_;  // dictionary-encoded values
  std::string plain_;              // PLAIN-encoded values
  std::vector<uint8_t> bools_;     // boolean values, packed at page cut
  int32_t page_values_ = 0, page_rows_ = 0, page_nulls_ = 0;
  bool page_is_dict_ = false;

  // Current chunk.
  bool dict_enabled_;
  bool dict_used_ = false;
  DictionaryIndex dict_index_;
  std::string dict_plain_;
  uint32_t dict_count_ = 0;
  uint64_t dict_values_ = 0;  // values encoded with the dictionary so far
  std::string pages_;
  bool plain_pages_ = false;
  int64_t num_values_ = 0, nulls_ = 0, uncompressed_ = 0;
  PhysicalStats stats_;
  Status status_;
};

}  // namespace firn::parquet
