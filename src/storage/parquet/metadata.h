// Parquet footer and page-header structures (apache/parquet-format parquet.thrift), only the
// fields Firn writes or reads, with their Thrift compact encoding. Persisted enum values are
// the format's and must never change.
//
// Decode* functions accept any well-formed encoding (unknown fields are skipped) and report
// malformation as a message in `*error`; they never read outside the given bytes. Semantic
// validation (offsets inside the file, schema shape) is the reader's job.
// Thread-safety: plain value types and pure functions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace firn::parquet {

// parquet.thrift `Type`.
enum class PhysType : int32_t {
  kBoolean = 0,
  kInt32 = 1,
  kInt64 = 2,
  kInt96 = 3,
  kFloat = 4,
  kDouble = 5,
  kByteArray = 6,
  kFixedLenByteArray = 7,
};

enum class Repetition : int32_t { kRequired = 0, kOptional = 1, kRepeated = 2 };

// parquet.thrift `ConvertedType` (the values Firn uses).
namespace converted {
inline constexpr int32_t kUtf8 = 0, kList = 3, kEnum = 4, kDecimal = 5, kDate = 6,
                         kTimestampMillis = 9, kTimestampMicros = 10, kInt8 = 15, kInt16 = 16,
                         kInt32 = 17, kInt64 = 18, kJson = 19;
}

enum class Encoding : int32_t {
  kPlain = 0,
  kPlainDictionary = 2,
  kRle = 3,
  kBitPacked = 4,
  kRleDictionary = 8,
};

enum class CompressionCodec : int32_t { kUncompressed = 0, kSnappy = 1, kZstd = 6 };

enum class PageType : int32_t {
  kDataPage = 0,
  kIndexPage = 1,
  kDictionaryPage = 2,
  kDataPageV2 = 3
};

// parquet.thrift `LogicalType` union, flattened: `kind` is the union's field id.
struct LogicalType {
  enum Kind : int16_t {
    kNone = 0,
    kString = 1,
    kList = 3,
    kEnum = 4,
    kDecimal = 5,
    kDate = 6,
    kTimestamp = 8,
    kInteger = 10,
    kJson = 12,
    kUuid = 14,
  };
  int16_t kind = kNone;  // other union members decode to their id and are otherwise ignored
  int32_t scale = 0, precision = 0;  // kDecimal
  bool utc = false;                  // kTimestamp
  int16_t unit = 2;                  // kTimestamp: 1 millis, 2 micros, 3 nanos
  int8_t bit_width = 0;              // kInteger
  bool is_signed = true;             // kInteger
};

struct SchemaElement {
  std::optional<PhysType> type;
  int32_t type_length = 0;
  std::optional<Repetition> repetition;
  std::string name;
  int32_t num_children = 0;
  std::optional<int32_t> converted_type;
  int32_t scale = 0, precision = 0;
  std::optional<int32_t> field_id;
  LogicalType logical;
};

struct Statistics {
  std::optional<int64_t> null_count;
  std::optional<std::string> min_value, max_value;  // fields 6 and 5
};

struct ColumnMetaData {
  PhysType type = PhysType::kInt32;
  std::vector<Encoding> encodings;
  std::vector<std::string> path_in_schema;
  CompressionCodec codec = CompressionCodec::kUncompressed;
  int64_t num_values = 0;
  int64_t total_uncompressed_size = 0;
  int64_t total_compressed_size = 0;
  int64_t data_page_offset = 0;
  std::optional<int64_t> dictionary_page_offset;
  std::optional<Statistics> statistics;
};

struct ColumnChunk {
  int64_t file_offset = 0;
  bool has_meta_data = false;
  ColumnMetaData meta_data;
};

struct RowGroup {
  std::vector<ColumnChunk> columns;
  int64_t total_byte_size = 0;
  int64_t num_rows = 0;
  std::optional<int64_t> file_offset;
  std::optional<int64_t> total_compressed_size;
  std::optional<int16_t> ordinal;
};

struct FileMetaData {
  int32_t version = 1;
  std::vector<SchemaElement> schema;
  int64_t num_rows = 0;
  std::vector<RowGroup> row_groups;
  std::vector<std::pair<std::string, std::string>> key_value_metadata;
  std::string created_by;
  bool type_defined_order = false;  // column_orders present (all TypeDefinedOrder)
};

struct PageHeader {
  PageType type = PageType::kDataPage;
  int32_t uncompressed_page_size = 0;
  int32_t compressed_page_size = 0;
  std::optional<uint32_t> crc;  // CRC-32 (zlib's) of the page body as stored
  // Data page v1 / v2 / dictionary page fields (whichever `type` says).
  int32_t num_values = 0;
  Encoding encoding = Encoding::kPlain;
  Encoding def_level_encoding = Encoding::kRle;
  Encoding rep_level_encoding = Encoding::kRle;
  int32_t num_nulls = 0;               // v2
  int32_t num_rows = 0;                // v2
  int32_t def_levels_byte_length = 0;  // v2
  int32_t rep_levels_byte_length = 0;  // v2
  bool is_compressed = true;           // v2
  bool has_type_header = false;        // the header struct matching `type` was present
};

void EncodeFileMetaData(const FileMetaData& md, std::string* out);
bool DecodeFileMetaData(const uint8_t* data, size_t size, FileMetaData* md, std::string* error);

void EncodePageHeader(const PageHeader& h, std::string* out);
// On success sets `*consumed` to the header's encoded length.
bool DecodePageHeader(const uint8_t* data, size_t size, PageHeader* h, size_t* consumed,
                      std::string* error);

}  // namespace firn::parquet
