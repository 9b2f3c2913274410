// Decoding one Parquet column chunk into Firn Vectors.
//
// Accepts data pages v1 and v2, PLAIN, PLAIN_DICTIONARY and RLE_DICTIONARY values (and RLE
// booleans), RLE levels, and the codecs of compression.h. Flat columns and 3-level LISTs
// (file_reader.h finds them) decode; every malformation is a Corruption status, and no
// read leaves the chunk's bytes.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"
#include "storage/parquet/metadata.h"
#include "types/vector.h"

namespace firn::parquet {

// A file column as the reader sees it: the leaf's schema element and its levels.
struct LeafInfo {
  SchemaElement element;
  int16_t max_def = 0, max_rep = 0;
  bool is_list = false;
  int16_t list_def = 0;  // lists: definition level of a present (possibly empty) list
};

// Checks that the leaf can be read as `target` (same rules as DecodeColumnChunk).
Status CheckReadable(const LeafInfo& leaf, const Type& target);

// Decodes `chunk` (the column chunk's bytes, from its first page) holding `num_rows` rows
// into `out` as Vectors of `target` of at most kChunkSize rows each.
Status DecodeColumnChunk(const LeafInfo& leaf, const ColumnMetaData& md, const std::string& chunk,
                         int64_t num_rows, const Type& target, std::vector<Vector>* out);

}  // namespace firn::parquet
