// libFuzzer target for Firn's storage decoders: whatever bytes are on disk, reading them
// must end in data or a non-OK Status — never a crash, an out-of-bounds read or a hang.
// The first byte picks the decoder: Parquet file (footer, schema, every row group and
// column), Avro object container file, WAL segment replay, WAL chunk codec.
// Thread-safety: single-threaded fuzzing entry point.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "common/logger.h"
#include "storage/avro/container.h"
#include "storage/chunk_codec.h"
#include "storage/parquet/file_reader.h"
#include "storage/wal/wal.h"

namespace {

std::string ScratchDir() {
  static const std::string dir = [] {
    std::string d = std::filesystem::temp_directory_path() /
                    ("firn-fuzz-storage-" + std::to_string(::getpid()));
    std::filesystem::create_directories(d);
    return d;
  }();
  return dir;
}

void WriteFile(const std::string& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

void FuzzParquet(std::string_view bytes) {
  std::string path = ScratchDir() + "/input.parquet";
  WriteFile(path, bytes);
  auto reader = firn::parquet::FileReader::Open(path);
  if (!reader.ok()) return;
  const auto& columns = reader.value()->columns();
  std::vector<int> projection;
  std::vector<firn::Type> types;
  for (size_t i = 0; i < columns.size(); i++) {
    if (columns[i].type.id == firn::TypeId::kUnknown) continue;
    projection.push_back(static_cast<int>(i));
    types.push_back(columns[i].type);
  }
  for (size_t rg = 0; rg < reader.value()->row_groups().size(); rg++) {
    std::vector<firn::DataChunk> chunks;
    (void)reader.value()->ReadRowGroup(rg, projection, types, &chunks);
  }
}

void FuzzWal(std::string_view bytes) {
  std::string dir = ScratchDir() + "/wal";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  WriteFile(dir + "/0000000000000001.wal", bytes);
  firn::Logger logger(firn::LogLevel::kError);
  (void)firn::ReplayWal(dir, 0, logger,
                        [](uint64_t, std::string_view) { return firn::Status::OK(); });
}

void FuzzChunk(std::string_view bytes) {
  const std::vector<firn::Type> types = {
      firn::Type(firn::TypeId::kInt8),     firn::Type(firn::TypeId::kText),
      firn::Type(firn::TypeId::kFloat8),   firn::Type(firn::TypeId::kNumeric),
      firn::Type(firn::TypeId::kInterval), firn::Type::Array(firn::TypeId::kInt4)};
  std::string_view in = bytes;
  (void)firn::DecodeChunk(&in, types);
  in = bytes;
  (void)firn::SkipChunk(&in);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 4) {
    case 0:
      FuzzParquet(bytes);
      break;
    case 1:
      (void)firn::avro::ReadContainer(bytes, "fuzz input");
      break;
    case 2:
      FuzzWal(bytes);
      break;
    default:
      FuzzChunk(bytes);
      break;
  }
  return 0;
}
