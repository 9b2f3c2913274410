#include "storage/parquet/column_writer.h"

#include <cmath>
#include <cstring>
#include <limits>

#include <zlib.h>

#include "storage/parquet/compression.h"
#include "storage/parquet/rle.h"

namespace firn::parquet {
namespace {

void PutLe32(uint32_t v, std::string* out) {
  for (int i = 0; i < 4; ++i) out->push_back(static_cast<char>(v >> (8 * i)));
}

template <typename T>
std::string_view AsBytes(const T& v, char* buf) {
  std::memcpy(buf, &v, sizeof(T));
  return std::string_view(buf, sizeof(T));
}

// Signed comparison of equal-length big-endian two's complement integers.
int CompareSignedBytes(std::string_view a, std::string_view b) {
  if (a.empty() || b.empty()) return a.size() < b.size() ? -1 : a.size() > b.size() ? 1 : 0;
  int8_t ha = static_cast<int8_t>(a[0]), hb = static_cast<int8_t>(b[0]);
  if (ha != hb) return ha < hb ? -1 : 1;
  return a.substr(1).compare(b.substr(1));
}

}  // namespace

CompressionCodec ToThriftCodec(Codec codec) {
  switch (codec) {
    case Codec::kSnappy:
      return CompressionCodec::kSnappy;
    case Codec::kZstd:
      return CompressionCodec::kZstd;
    case Codec::kUncompressed:
      break;
  }
  return CompressionCodec::kUncompressed;
}

ColumnChunkWriter::ColumnChunkWriter(const LeafLayout& leaf, const WriterOptions& options)
    : leaf_(leaf),
      options_(options),
      codec_(ToThriftCodec(options.codec)),
      dict_enabled_(options.dictionary && leaf.kind != ValueKind::kBool) {
  options_.key_value_metadata.clear();
}

void ColumnChunkWriter::Level(int16_t def, int16_t rep) {
  if (leaf_.max_def > 0) defs_.push_back(static_cast<uint32_t>(def));
  if (leaf_.max_rep > 0) reps_.push_back(static_cast<uint32_t>(rep));
  ++page_values_;
  ++num_values_;
}

void ColumnChunkWriter::AddNull(int16_t def, int16_t rep) {
  Level(def, rep);
  ++page_nulls_;
  ++nulls_;
}

bool ColumnChunkWriter::UseDictionary(std::string_view key, std::string_view plain) {
  if (!dict_enabled_) return false;  // pages switch encoding only at page cuts
  std::pair<uint32_t, bool> id;
  if (key.size() <= 8 && leaf_.phys != PhysType::kByteArray &&
      leaf_.phys != PhysType::kFixedLenByteArray) {
    uint64_t bits = 0;
    std::memcpy(&bits, key.data(), key.size());
    id = dict_index_.Insert(bits, dict_count_);
  } else {
    id = dict_index_.Insert(key, dict_count_);
  }
  page_is_dict_ = true;
  if (id.second) {
    ++dict_count_;
    dict_plain_.append(plain);
  }
  indices_.push_back(id.first);
  ++dict_values_;
  dict_used_ = true;
  return true;
}

void ColumnChunkWriter::PlainValue(std::string_view plain) {
  plain_.append(plain);
  plain_pages_ = true;
}

void ColumnChunkWriter::AddInt(int64_t v, int16_t rep) {
  Level(leaf_.max_def, rep);
  if (!stats_.has || v < stats_.imin) stats_.imin = v;
  if (!stats_.has || v > stats_.imax) stats_.imax = v;
  stats_.has = true;
  char buf[8];
  if (leaf_.kind == ValueKind::kBool) {
    bools_.push_back(v != 0 ? 1 : 0);
    plain_pages_ = true;
    return;
  }
  std::string_view plain =
      leaf_.phys == PhysType::kInt32 ? AsBytes(static_cast<int32_t>(v), buf) : AsBytes(v, buf);
  if (!UseDictionary(plain, plain)) PlainValue(plain);
}

void ColumnChunkWriter::AddDouble(double v, int16_t rep) {
  Level(leaf_.max_def, rep);
  if (std::isnan(v)) {
    ++stats_.nan_count;
  } else {
    if (!stats_.has || v < stats_.dmin) stats_.dmin = v;
    if (!stats_.has || v > stats_.dmax) stats_.dmax = v;
    stats_.has = true;
  }
  char buf[8];
  std::string_view plain =
      leaf_.phys == PhysType::kFloat ? AsBytes(static_cast<float>(v), buf) : AsBytes(v, buf);
  if (!UseDictionary(plain, plain)) PlainValue(plain);
}

void ColumnChunkWriter::UpdateBytesStats(std::string_view v) {
  bool is_signed = leaf_.kind == ValueKind::kDecimal;
  auto less = [&](std::string_view a, std::string_view b) {
    return is_signed ? CompareSignedBytes(a, b) < 0 : a.compare(b) < 0;
  };
  if (!stats_.has || less(v, stats_.smin)) stats_.smin.assign(v);
  if (!stats_.has || less(stats_.smax, v)) stats_.smax.assign(v);
  stats_.has = true;
}

void ColumnChunkWriter::AddBytes(std::string_view v, int16_t rep) {
  Level(leaf_.max_def, rep);
  UpdateBytesStats(v);
  if (leaf_.phys == PhysType::kFixedLenByteArray) {
    if (!UseDictionary(v, v)) PlainValue(v);
    return;
  }
  std::string plain;
  plain.reserve(4 + v.size());
  PutLe32(static_cast<uint32_t>(v.size()), &plain);
  plain.append(v);
  if (!UseDictionary(v, plain)) PlainValue(plain);
}

void ColumnChunkWriter::EndRow() {
  ++page_rows_;
  size_t page =
      plain_.size() + indices_.size() * 2 + bools_.size() / 8 + (defs_.size() + reps_.size()) / 4;
  // A dictionary stops paying once it holds most of the values it encodes (ids, amounts,
  // times): the rest of the chunk is PLAIN, which also skips a hash probe per value.
  bool dict_full =
      page_is_dict_ && (dict_plain_.size() > options_.dictionary_bytes ||
                        (dict_values_ >= kDictionaryProbeValues && dict_count_ > dict_values_ / 2));
  if (page >= options_.page_bytes || dict_full) {
    if (status_.ok()) status_ = FlushPage();
    if (dict_full) dict_enabled_ = false;
  }
}

size_t ColumnChunkWriter::EstimatedSize() const {
  return pages_.size() + dict_plain_.size() + plain_.size() + indices_.size() * 2 +
         bools_.size() / 8 + (defs_.size() + reps_.size()) / 4;
}

std::string ColumnChunkWriter::EncodeLevels(const std::vector<uint32_t>& levels, int16_t max,
                                            bool prefix) const {
  std::string out;
  if (max == 0) return out;
  if (prefix) out.append(4, '\0');
  RleEncode(levels.data(), levels.size(), BitWidth(static_cast<uint64_t>(max)), &out);
  if (prefix) {
    uint32_t n = static_cast<uint32_t>(out.size() - 4);
    std::memcpy(out.data(), &n, 4);
  }
  return out;
}

Status ColumnChunkWriter::WritePage(PageHeader header, const std::string& levels,
                                    const std::string& values) {
  std::string compressed;
  size_t uncompressed_size = levels.size() + values.size();
  if (uncompressed_size > static_cast<size_t>(std::numeric_limits<int32_t>::max() / 2)) {
    return Status::InvalidArgument("a Parquet page would exceed 1 GiB");
  }
  std::string body;
  if (header.type == PageType::kDataPageV2) {
    Status s = Compress(codec_, options_.zstd_level, values, &compressed);
    if (!s.ok()) return s;
    header.is_compressed = codec_ != CompressionCodec::kUncompressed;
    body = levels + compressed;
  } else {
    Status s = Compress(codec_, options_.zstd_level, levels + values, &body);
    if (!s.ok()) return s;
  }
  header.uncompressed_page_size = static_cast<int32_t>(uncompressed_size);
  header.compressed_page_size = static_cast<int32_t>(body.size());
  header.crc = static_cast<uint32_t>(
      crc32(0, reinterpret_cast<const Bytef*>(body.data()), static_cast<uInt>(body.size())));
  std::string head;
  EncodePageHeader(header, &head);
  pages_ += head;
  pages_ += body;
  uncompressed_ += static_cast<int64_t>(head.size() + uncompressed_size);
  return Status::OK();
}

Status ColumnChunkWriter::FlushPage() {
  if (page_values_ == 0) return Status::OK();
  std::string values;
  Encoding encoding = Encoding::kPlain;
  if (page_is_dict_) {
    encoding = Encoding::kRleDictionary;
    int width = BitWidth(dict_count_ > 0 ? dict_count_ - 1 : 0);
    if (width == 0) width = 1;
    values.push_back(static_cast<char>(width));
    RleEncode(indices_.data(), indices_.size(), width, &values);
  } else if (leaf_.kind == ValueKind::kBool) {
    values.assign((bools_.size() + 7) / 8, '\0');
    for (size_t i = 0; i < bools_.size(); ++i) {
      if (bools_[i]) values[i / 8] = static_cast<char>(values[i / 8] | (1 << (i % 8)));
    }
  } else {
    values.swap(plain_);
  }
  PageHeader h;
  h.num_values = page_values_;
  h.encoding = encoding;
  std::string levels;
  if (options_.data_page_v2) {
    h.type = PageType::kDataPageV2;
    std::string rep = EncodeLevels(reps_, leaf_.max_rep, false);
    std::string def = EncodeLevels(defs_, leaf_.max_def, false);
    h.num_nulls = page_nulls_;
    h.num_rows = page_rows_;
    h.rep_levels_byte_length = static_cast<int32_t>(rep.size());
    h.def_levels_byte_length = static_cast<int32_t>(def.size());
    levels = rep + def;
  } else {
    h.type = PageType::kDataPage;
    levels = EncodeLevels(reps_, leaf_.max_rep, true) + EncodeLevels(defs_, leaf_.max_def, true);
  }
  Status s = WritePage(h, levels, values);
  defs_.clear();
  reps_.clear();
  indices_.clear();
  plain_.clear();
  bools_.clear();
  page_values_ = page_rows_ = page_nulls_ = 0;
  page_is_dict_ = false;
  return s;
}

Status ColumnChunkWriter::Finish(std::string* bytes, ColumnMetaData* md, PhysicalStats* stats,
                                 int64_t* nulls) {
  if (status_.ok()) status_ = FlushPage();
  if (!status_.ok()) return status_;
  std::string data_pages;
  data_pages.swap(pages_);
  int64_t data_uncompressed = uncompressed_;
  bytes->clear();
  *md = ColumnMetaData();
  if (dict_used_) {
    uncompressed_ = 0;
    PageHeader h;
    h.type = PageType::kDictionaryPage;
    h.num_values = static_cast<int32_t>(dict_count_);
    h.encoding = Encoding::kPlain;
    Status s = WritePage(h, std::string(), dict_plain_);
    if (!s.ok()) return s;
    bytes->swap(pages_);
    md->dictionary_page_offset = 0;
    md->data_page_offset = static_cast<int64_t>(bytes->size());
    data_uncompressed += uncompressed_;
  }
  bytes->append(data_pages);
  md->type = leaf_.phys;
  md->encodings.push_back(Encoding::kPlain);
  if (leaf_.max_def > 0 || leaf_.max_rep > 0) md->encodings.push_back(Encoding::kRle);
  if (dict_used_) md->encodings.push_back(Encoding::kRleDictionary);
  md->codec = codec_;
  md->num_values = num_values_;
  md->total_uncompressed_size = data_uncompressed;
  md->total_compressed_size = static_cast<int64_t>(bytes->size());

  Statistics st;
  st.null_count = nulls_;
  if (stats_.has && leaf_.max_rep == 0 && leaf_.kind != ValueKind::kIntervalText) {
    char buf[8];
    switch (leaf_.phys) {
      case PhysType::kBoolean:
        st.min_value = std::string(1, static_cast<char>(stats_.imin));
        st.max_value = std::string(1, static_cast<char>(stats_.imax));
        break;
      case PhysType::kInt32:
        st.min_value = std::string(AsBytes(static_cast<int32_t>(stats_.imin), buf));
        st.max_value = std::string(AsBytes(static_cast<int32_t>(stats_.imax), buf));
        break;
      case PhysType::kInt64:
        st.min_value = std::string(AsBytes(stats_.imin, buf));
        st.max_value = std::string(AsBytes(stats_.imax, buf));
        break;
      case PhysType::kFloat:
      case PhysType::kDouble: {
        // Parquet's rule for signed zeros: a zero min is written -0, a zero max +0.
        double lo = stats_.dmin == 0 ? -0.0 : stats_.dmin;
        double hi = stats_.dmax == 0 ? 0.0 : stats_.dmax;
        if (leaf_.phys == PhysType::kFloat) {
          st.min_value = std::string(AsBytes(static_cast<float>(lo), buf));
          st.max_value = std::string(AsBytes(static_cast<float>(hi), buf));
        } else {
          st.min_value = std::string(AsBytes(lo, buf));
          st.max_value = std::string(AsBytes(hi, buf));
        }
        break;
      }
      default:
        st.min_value = stats_.smin;
        st.max_value = stats_.smax;
    }
  }
  md->statistics = st;
  *stats = stats_;
  *nulls = nulls_;

  // Reset for the next row group.
  dict_enabled_ = options_.dictionary && leaf_.kind != ValueKind::kBool;
  dict_used_ = false;
  dict_index_.Clear();
  dict_plain_.clear();
  dict_count_ = 0;
  dict_values_ = 0;
  plain_pages_ = false;
  num_values_ = nulls_ = uncompressed_ = 0;
  stats_ = PhysicalStats();
  return Status::OK();
}

}  // namespace firn::parquet
