// Avro object container files (Avro 1.11 specification, "Object Container Files"):
//
//   file   := magic "Obj\x01"  header-metadata  sync[16]  block*
//   header-metadata := map<bytes> with "avro.schema" (the writer's schema as JSON text),
//                      "avro.codec" ("null" | "deflate"; absent means "null") and any user keys
//   block  := long object-count  long byte-size  objects (compressed as a whole)  sync[16]
//
// "deflate" is raw RFC 1951 deflate (no zlib header or checksum). The writer builds the file
// in memory (manifests and manifest lists are small) and the caller writes it durably. The
// reader validates the magic, the header, every block's counts and sizes and every sync
// marker; any malformation is a Corruption status naming the file, never a crash or an
// out-of-bounds read.
// Thread-safety: ContainerWriter is single-threaded; ReadContainer is a pure function.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "storage/avro/datum.h"
#include "storage/avro/schema.h"

namespace firn::avro {

enum class Codec { kNull, kDeflate };

const char* CodecName(Codec codec);

class ContainerWriter {
 public:
  // `metadata` lands in the header next to avro.schema / avro.codec (keys starting with
  // "avro." are reserved and refused at Finish). A block is cut whenever its encoded objects
  // reach `block_bytes`.
  ContainerWriter(SchemaPtr schema, Codec codec, std::map<std::string, std::string> metadata,
                  size_t block_bytes = 64 * 1024);

  // Encodes one object. InvalidArgument when it does not match the schema (nothing is
  // appended then).
  Status Append(const Datum& datum);

  // The complete file. REQUIRES: called once; the writer is spent afterwards.
  Result<std::string> Finish();

  int64_t record_count() const { return total_records_; }

 private:
  Status FlushBlock();

  SchemaPtr schema_;
  Codec codec_;
  std::map<std::string, std::string> metadata_;
  size_t block_bytes_;
  std::string sync_;
  std::string blocks_;   // finished blocks
  std::string pending_;  // encoded objects of the open block
  int64_t pending_count_ = 0;
  int64_t total_records_ = 0;
};

struct ContainerContents {
  SchemaPtr schema;                             // the writer's schema
  std::map<std::string, std::string> metadata;  // every header key, avro.* included
  Codec codec = Codec::kNull;
  std::vector<Datum> records;
  int64_t block_count = 0;
};

// Parses a whole container file held in memory. `name` is used in error messages.
Result<ContainerContents> ReadContainer(std::string_view bytes, const std::string& name);
// Reads `path` and parses it. IoError when the file cannot be read.
Result<ContainerContents> ReadContainerFile(const std::string& path);

}  // namespace firn::avro
