// DictionaryIndex: maps a column chunk's values to their positions in its dictionary.
// Values of up to 8 bytes are keyed by their bits in an open-addressed table (one probe
// sequence in two flat arrays, no allocation per value); byte arrays by a string map.
// Thread-safety: none.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace firn::parquet {

class DictionaryIndex {
 public:
  // The id of `bits`, or `next` after recording it; .second tells whether it was new.
  std::pair<uint32_t, bool> Insert(uint64_t bits, uint32_t next);
  std::pair<uint32_t, bool> Insert(std::string_view bytes, uint32_t next);
  void Clear();

 private:
  static constexpr uint32_t kEmpty = UINT32_MAX;
  void Grow();

  std::vector<uint64_t> keys_;
  std::vector<uint32_t> ids_;  // kEmpty marks a free slot
  size_t used_ = 0;
  std::unordered_map<std::string, uint32_t> bytes_;
};

}  // namespace firn::parquet
