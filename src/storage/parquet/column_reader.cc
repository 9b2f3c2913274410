#include "storage/parquet/column_reader.h"

#include <zlib.h>
#include <zstd.h>

#include <cstring>
#include <exception>
#include <limits>

#include "common/sql_error.h"
#include "storage/parquet/compression.h"
#include "storage/parquet/rle.h"
#include "storage/parquet/type_mapping.h"
#include "types/value_io.h"

namespace firn::parquet {
namespace {

constexpr int64_t kMaxPageBytes = int64_t{1} << 30;

// One page's (or the dictionary's) values, decoded to physical form. Byte views point into
// a buffer the caller keeps alive.
struct Values {
  std::vector<int64_t> ints;
  std::vector<double> dbls;
  std::vector<std::string_view> bytes;
};

enum class Conv : uint8_t {
  kInt,
  kTsMillis,
  kTsNanos,
  kDouble,
  kString,
  kDecimal,
  kNumericText,
  kIntToNumeric,
  kIntervalText,
  kUuid,
};

struct Converter {
  Conv conv = Conv::kInt;
  Type type;  // leaf's Firn type (element type for lists)
  int scale = 0;
  int32_t file_typmod = -1;  // decimal: the file's numeric(p,s)
};

bool IsDecimal(const SchemaElement& e) {
  return e.logical.kind == LogicalType::kDecimal || e.converted_type == converted::kDecimal;
}

Result<Converter> ChooseConv(const LeafInfo& leaf, const Type& target) {
  const SchemaElement& e = leaf.element;
  auto fail = [&]() {
    return Status::InvalidArgument("cannot read Parquet column \"" + e.name + "\" as " +
                                   target.Name());
  };
  if (!e.type || leaf.is_list != target.IsArray()) return fail();
  PhysType phys = *e.type;
  Converter c;
  c.type = leaf.is_list ? Type(target.elem, target.typmod) : target;
  bool decimal = IsDecimal(e);
  if (decimal) {
    bool lt = e.logical.kind == LogicalType::kDecimal;
    c.scale = lt ? e.logical.scale : e.scale;
    int p = lt ? e.logical.precision : e.precision;
    if (c.scale < 0 || c.scale > 1000 || p < 1 || p > 1000) return fail();
    c.file_typmod = MakeNumericTypmod(p, c.scale);
  }
  bool ints = phys == PhysType::kBoolean || phys == PhysType::kInt32 || phys == PhysType::kInt64;
  bool bytes = phys == PhysType::kByteArray || phys == PhysType::kFixedLenByteArray;
  switch (c.type.id) {
    case TypeId::kBool:
    case TypeId::kInt2:
    case TypeId::kInt4:
    case TypeId::kInt8:
    case TypeId::kOid:
    case TypeId::kDate:
      if (!ints || decimal) return fail();
      c.conv = Conv::kInt;
      return c;
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz: {
      if (phys != PhysType::kInt64 || decimal) return fail();
      int unit = e.logical.kind == LogicalType::kTimestamp         ? e.logical.unit
                 : e.converted_type == converted::kTimestampMillis ? 1
                                                                   : 2;
      c.conv = unit == 1 ? Conv::kTsMillis : unit == 3 ? Conv::kTsNanos : Conv::kInt;
      return c;
    }
    case TypeId::kFloat4:
    case TypeId::kFloat8:
      if (phys != PhysType::kFloat && phys != PhysType::kDouble) return fail();
      c.conv = Conv::kDouble;
      return c;
    case TypeId::kText:
    case TypeId::kVarchar:
    case TypeId::kBpchar:
    case TypeId::kName:
    case TypeId::kChar:
    case TypeId::kJson:
    case TypeId::kJsonb:
      if (!bytes || decimal) return fail();
      c.conv = Conv::kString;
      return c;
    case TypeId::kNumeric:
      if (decimal && phys != PhysType::kBoolean && phys != PhysType::kFloat &&
          phys != PhysType::kDouble && phys != PhysType::kInt96) {
        c.conv = Conv::kDecimal;
      } else if (phys == PhysType::kByteArray) {
        c.conv = Conv::kNumericText;
      } else if (phys == PhysType::kInt32 || phys == PhysType::kInt64) {
        c.conv = Conv::kIntToNumeric;
      } else {
        return fail();
      }
      return c;
    case TypeId::kInterval:
      if (phys != PhysType::kByteArray) return fail();
      c.conv = Conv::kIntervalText;
      return c;
    case TypeId::kUuid:
      if (phys != PhysType::kFixedLenByteArray || e.type_length != 16) return fail();
      c.conv = Conv::kUuid;
      return c;
    default:
      return fail();
  }
}

int64_t SaturatingMul1000(int64_t v) {
  int64_t out;
  if (__builtin_mul_overflow(v, int64_t{1000}, &out)) {
    return v < 0 ? std::numeric_limits<int64_t>::min() : std::numeric_limits<int64_t>::max();
  }
  return out;
}

int64_t FloorDiv1000(int64_t v) { return v / 1000 - ((v % 1000) < 0 ? 1 : 0); }

// May throw SqlError for unparsable text; the caller turns that into Corruption.
Value ToValue(const Converter& c, const Values& v, size_t i) {
  switch (c.conv) {
    case Conv::kInt:
      return Value::FromInt64(c.type, v.ints[i]);
    case Conv::kTsMillis:
      return Value::FromInt64(c.type, SaturatingMul1000(v.ints[i]));
    case Conv::kTsNanos:
      return Value::FromInt64(c.type, FloorDiv1000(v.ints[i]));
    case Conv::kDouble:
      return Value::FromDouble(c.type, v.dbls[i]);
    case Conv::kString:
      return Value::String(c.type, std::string(v.bytes[i]));
    case Conv::kDecimal: {
      __int128 unscaled = 0;
      if (!v.ints.empty()) {
        unscaled = v.ints[i];
      } else if (!ReadBigEndian(reinterpret_cast<const uint8_t*>(v.bytes[i].data()),
                                v.bytes[i].size(), &unscaled)) {
        throw std::runtime_error("decimal wider than 128 bits");
      }
      Numeric n = UnscaledToNumeric(unscaled, c.scale);
      if (c.type.typmod >= 0 && c.type.typmod != c.file_typmod) n = n.ApplyTypmod(c.type.typmod);
      return Value::MakeNumeric(std::move(n), c.type.typmod);
    }
    case Conv::kNumericText: {
      Numeric n = Numeric::Parse(v.bytes[i]);
      if (c.type.typmod >= 0) n = n.ApplyTypmod(c.type.typmod);
      return Value::MakeNumeric(std::move(n), c.type.typmod);
    }
    case Conv::kIntToNumeric: {
      Numeric n = Numeric::FromInt64(v.ints[i]);
      if (c.type.typmod >= 0) n = n.ApplyTypmod(c.type.typmod);
      return Value::MakeNumeric(std::move(n), c.type.typmod);
    }
    case Conv::kIntervalText:
      return ParseValueText(v.bytes[i], c.type);
    case Conv::kUuid:
      return Value::MakeUuid(Uuid::FromBytes(reinterpret_cast<const uint8_t*>(v.bytes[i].data())));
  }
  return Value::Null(c.type);
}

uint32_t Le32(const uint8_t* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}

Status PlainDecode(const SchemaElement& e, const uint8_t* p, size_t n, size_t count, Values* out) {
  PhysType phys = *e.type;
  auto need = [&](size_t width) -> Status {
    if (count > n / width) return Status::Corruption("PLAIN values run past the page");
    return Status::OK();
  };
  switch (phys) {
    case PhysType::kBoolean:
      if (count > n * 8) return Status::Corruption("PLAIN booleans run past the page");
      for (size_t i = 0; i < count; ++i) out->ints.push_back((p[i / 8] >> (i % 8)) & 1);
      return Status::OK();
    case PhysType::kInt32: {
      Status s = need(4);
      if (!s.ok()) return s;
      for (size_t i = 0; i < count; ++i) out->ints.push_back(static_cast<int32_t>(Le32(p + 4 * i)));
      return Status::OK();
    }
    case PhysType::kInt64: {
      Status s = need(8);
      if (!s.ok()) return s;
      for (size_t i = 0; i < count; ++i) {
        int64_t v;
        std::memcpy(&v, p + 8 * i, 8);
        out->ints.push_back(v);
      }
      return Status::OK();
    }
    case PhysType::kFloat: {
      Status s = need(4);
      if (!s.ok()) return s;
      for (size_t i = 0; i < count; ++i) {
        float f;
        std::memcpy(&f, p + 4 * i, 4);
        out->dbls.push_back(f);
      }
      return Status::OK();
    }
    case PhysType::kDouble: {
      Status s = need(8);
      if (!s.ok()) return s;
      for (size_t i = 0; i < count; ++i) {
        double d;
        std::memcpy(&d, p + 8 * i, 8);
        out->dbls.push_back(d);
      }
      return Status::OK();
    }
    case PhysType::kByteArray: {
      Status s = need(4);
      if (!s.ok()) return s;
      size_t pos = 0;
      for (size_t i = 0; i < count; ++i) {
        if (n - pos < 4) return Status::Corruption("PLAIN byte array length past the page");
        uint32_t len = Le32(p + pos);
        pos += 4;
        if (len > n - pos) return Status::Corruption("PLAIN byte array runs past the page");
        out->bytes.emplace_back(reinterpret_cast<const char*>(p + pos), len);
        pos += len;
      }
      return Status::OK();
    }
    case PhysType::kFixedLenByteArray: {
      if (e.type_length <= 0) return Status::Corruption("FIXED_LEN_BYTE_ARRAY without a length");
      Status s = need(static_cast<size_t>(e.type_length));
      if (!s.ok()) return s;
      for (size_t i = 0; i < count; ++i) {
        out->bytes.emplace_back(reinterpret_cast<const char*>(p) + i * e.type_length,
                                e.type_length);
      }
      return Status::OK();
    }
    default:
      return Status::NotSupported("Parquet physical type INT96 is not supported");
  }
}

// Gathers dictionary entries into page values.
void Gather(const Values& dict, const std::vector<uint32_t>& idx, Values* out) {
  for (uint32_t i : idx) {
    if (!dict.ints.empty()) out->ints.push_back(dict.ints[i]);
    if (!dict.dbls.empty()) out->dbls.push_back(dict.dbls[i]);
    if (!dict.bytes.empty()) out->bytes.push_back(dict.bytes[i]);
  }
}

size_t DictSize(const Values& d) { return d.ints.size() + d.dbls.size() + d.bytes.size(); }

// Accumulates decoded level entries into rows of Vectors.
class RowBuilder {
 public:
  RowBuilder(const LeafInfo& leaf, const Converter& conv, const Type& target, int64_t max_rows,
             std::vector<Vector>* out)
      : leaf_(leaf), conv_(conv), target_(target), max_rows_(max_rows), out_(out) {}

  // Whether AddFlat can take the page: one value per row, copied as is.
  bool Flat() const {
    return !leaf_.is_list && (conv_.conv == Conv::kInt || conv_.conv == Conv::kDouble ||
                              conv_.conv == Conv::kString || conv_.conv == Conv::kUuid);
  }

  // Text read through the column chunk's dictionary `dict` keeps its codes beside the
  // strings (StringDictionary), for dictionaries whose codes fit 16 bits.
  void UseDictionary(const Values& dict) {
    if (leaf_.is_list || conv_.conv != Conv::kString || dict.bytes.size() > 65536) return;
    dictionary_ =
        std::make_shared<const std::vector<std::string>>(dict.bytes.begin(), dict.bytes.end());
  }

  // The page's `count` rows of a flat column, filled a chunk at a time. Value k (k-th present
  // row) is vals[k], or dict[idx[k]] when `idx` is given.
  Status AddFlat(const std::vector<uint32_t>& defs, size_t count, const Values& vals,
                 const std::vector<uint32_t>* idx) {
    if (rows_ + static_cast<int64_t>(count) > max_rows_) {
      return Status::Corruption("column chunk holds more rows than its row group");
    }
    const uint32_t max_def = static_cast<uint32_t>(leaf_.max_def);
    size_t vi = 0;
    for (size_t i = 0; i < count;) {
      Vector& v = Current();
      const size_t base = v.size();
      const size_t take = std::min(count - i, kChunkSize - base);
      v.Resize(base + take);  // NULL until filled
      uint8_t* nulls = v.nulls();
      auto fill = [&](auto& dst, const auto& src) {
        for (size_t k = 0; k < take; ++k) {
          if (max_def > 0 && defs[i + k] != max_def) continue;
          dst[base + k] = src[idx ? (*idx)[vi] : vi];
          ++vi;
          nulls[base + k] = 0;
        }
      };
      switch (conv_.conv) {
        case Conv::kInt:
          fill(v.ints(), vals.ints);
          break;
        case Conv::kDouble:
          fill(v.doubles(), vals.dbls);
          break;
        case Conv::kUuid: {  // ChooseConv checked the 16-byte length
          std::vector<Uuid>& dst = v.uuids();
          for (size_t k = 0; k < take; ++k) {
            if (max_def > 0 && defs[i + k] != max_def) continue;
            const std::string_view b = vals.bytes[idx ? (*idx)[vi] : vi];
            dst[base + k] = Uuid::FromBytes(reinterpret_cast<const uint8_t*>(b.data()));
            ++vi;
            nulls[base + k] = 0;
          }
          break;
        }
        default: {
          std::vector<std::string>& dst = v.strings();
          const bool coding = dictionary_ && coded_;
          if (coding) codes_.resize(base + take);
          for (size_t k = 0; k < take; ++k) {
            if (max_def > 0 && defs[i + k] != max_def) continue;
            const uint32_t from = idx ? (*idx)[vi] : static_cast<uint32_t>(vi);
            dst[base + k].assign(vals.bytes[from]);
            if (coding) codes_[base + k] = static_cast<uint16_t>(from);
            coded_ = coded_ && idx != nullptr;  // a PLAIN page's value has no code
            ++vi;
            nulls[base + k] = 0;
          }
          break;
        }
      }
      i += take;
      rows_ += static_cast<int64_t>(take);
    }
    return Status::OK();
  }

  Status Add(const std::vector<uint32_t>& defs, const std::vector<uint32_t>& reps, size_t count,
             const Values& vals) {
    size_t vi = 0;
    for (size_t i = 0; i < count; ++i) {
      uint32_t def = leaf_.max_def > 0 ? defs[i] : 0;
      uint32_t rep = leaf_.max_rep > 0 ? reps[i] : 0;
      bool present = def == static_cast<uint32_t>(leaf_.max_def);
      bool new_row = !leaf_.is_list || rep == 0;
      if (new_row && rows_ + (started_ ? 1 : 0) >= max_rows_) {
        return Status::Corruption("column chunk holds more rows than its row group");
      }
      if (!leaf_.is_list) {
        Vector& v = Current();
        if (!present) {
          v.Resize(v.size() + 1);
        } else {
          Append(&v, vals, vi++);
        }
        ++rows_;
        continue;
      }
      if (rep == 0) {
        Finish();
        started_ = true;
        row_null_ = def < static_cast<uint32_t>(leaf_.list_def);
      } else if (!started_) {
        return Status::Corruption("column chunk starts inside a list");
      }
      if (def > static_cast<uint32_t>(leaf_.list_def)) {
        items_.push_back(present ? ToValue(conv_, vals, vi++) : Value::Null(conv_.type));
      }
    }
    return Status::OK();
  }

  // Ends the last list row.
  void Finish() {
    if (!started_) return;
    Vector& v = Current();
    if (row_null_) {
      v.Resize(v.size() + 1);
    } else {
      v.Append(Value::MakeArray(conv_.type.id, std::move(items_)));
    }
    items_.clear();
    started_ = false;
    ++rows_;
  }

  int64_t rows() const { return rows_; }

  // Ends the column chunk: the last vector gets its dictionary codes.
  void End() {
    Finish();
    if (!out_->empty()) AttachCodes(out_->back());
  }

 private:
  // Gives `v` (the vector just filled) its codes if every present row had one.
  void AttachCodes(Vector& v) {
    if (dictionary_ && coded_ && codes_.size() == v.size()) {
      v.set_dictionary(std::make_shared<const StringDictionary>(
          StringDictionary{dictionary_, std::move(codes_)}));
    }
    codes_.clear();
    coded_ = true;
  }

  Vector& Current() {
    if (out_->empty() || out_->back().size() >= kChunkSize) {
      if (!out_->empty()) AttachCodes(out_->back());
      out_->emplace_back(target_);
      out_->back().Reserve(kChunkSize);
    }
    return out_->back();
  }

  void Append(Vector* v, const Values& vals, size_t i) {
    size_t n = v->size();
    switch (conv_.conv) {
      case Conv::kInt:
        v->Resize(n + 1);
        v->ints()[n] = vals.ints[i];
        break;
      case Conv::kDouble:
        v->Resize(n + 1);
        v->doubles()[n] = vals.dbls[i];
        break;
      case Conv::kString:
        v->Resize(n + 1);
        v->strings()[n].assign(vals.bytes[i]);
        break;
      default:
        v->Append(ToValue(conv_, vals, i));
        return;
    }
    v->SetNull(n, false);
  }

  const LeafInfo& leaf_;
  const Converter& conv_;
  Type target_;
  int64_t max_rows_;
  std::vector<Vector>* out_;
  int64_t rows_ = 0;
  bool started_ = false, row_null_ = false;
  std::vector<Value> items_;
  std::shared_ptr<const std::vector<std::string>> dictionary_;  // see UseDictionary
  std::vector<uint16_t> codes_;  // the current vector's rows' codes so far
  bool coded_ = true;            // every present row of the current vector has a code
};

Status DecodeLevels(const uint8_t* p, size_t n, int16_t max, size_t count,
                    std::vector<uint32_t>* out) {
  out->clear();
  if (max == 0) return Status::OK();
  RleDecoder d(p, n, BitWidth(static_cast<uint64_t>(max)));
  if (!d.Get(count, out, static_cast<uint64_t>(max) + 1)) {
    return Status::Corruption("malformed definition or repetition levels");
  }
  return Status::OK();
}

Status DecodeChunk(const LeafInfo& leaf, const ColumnMetaData& md, const std::string& chunk,
                   int64_t num_rows, const Converter& conv, const Type& target,
                   std::vector<Vector>* out) {
  const uint8_t* base = reinterpret_cast<const uint8_t*>(chunk.data());
  size_t pos = 0;
  int64_t seen = 0;
  Values dict;
  std::string dict_buf, page_buf, values_buf;
  bool have_dict = false;
  std::vector<uint32_t> defs, reps, idx;
  RowBuilder rows(leaf, conv, target, num_rows, out);
  if (md.num_values < 0) return Status::Corruption("negative value count");
  while (seen < md.num_values) {
    if (pos >= chunk.size()) return Status::Corruption("column chunk ends before its last page");
    PageHeader h;
    size_t hlen = 0;
    std::string err;
    if (!DecodePageHeader(base + pos, chunk.size() - pos, &h, &hlen, &err)) {
      return Status::Corruption("bad page header: " + err);
    }
    pos += hlen;
    if (h.compressed_page_size < 0 ||
        static_cast<size_t>(h.compressed_page_size) > chunk.size() - pos ||
        h.uncompressed_page_size < 0 || h.uncompressed_page_size > kMaxPageBytes) {
      return Status::Corruption("page size out of range");
    }
    const uint8_t* body = base + pos;
    size_t body_len = static_cast<size_t>(h.compressed_page_size);
    pos += body_len;
    if (h.crc && *h.crc != static_cast<uint32_t>(crc32(0, body, static_cast<uInt>(body_len)))) {
      return Status::Corruption("page checksum mismatch");
    }
    if (h.type == PageType::kIndexPage) continue;
    if (!h.has_type_header) return Status::Corruption("page header lacks its type header");
    auto decompress = [&](const uint8_t* p, size_t n, size_t size, std::string* dst) -> Status {
      if (md.codec == CompressionCodec::kZstd) {
        unsigned long long declared = ZSTD_getFrameContentSize(p, n);
        if (declared != ZSTD_CONTENTSIZE_UNKNOWN && declared != size) {
          return Status::Corruption("zstd page size disagrees with its header");
        }
      }
      return Decompress(md.codec, p, n, size, dst);
    };
    if (h.type == PageType::kDictionaryPage) {
      if (have_dict || seen > 0) return Status::Corruption("misplaced dictionary page");
      if (h.num_values < 0) return Status::Corruption("negative dictionary size");
      Status s =
          decompress(body, body_len, static_cast<size_t>(h.uncompressed_page_size), &dict_buf);
      if (!s.ok()) return s;
      s = PlainDecode(leaf.element, reinterpret_cast<const uint8_t*>(dict_buf.data()),
                      dict_buf.size(), static_cast<size_t>(h.num_values), &dict);
      if (!s.ok()) return s;
      have_dict = true;
      rows.UseDictionary(dict);
      continue;
    }
    if (h.type != PageType::kDataPage && h.type != PageType::kDataPageV2) {
      return Status::Corruption("unknown page type");
    }
    if (h.num_values < 0 || h.num_values > md.num_values - seen) {
      return Status::Corruption("page value count exceeds the column chunk's");
    }
    size_t count = static_cast<size_t>(h.num_values);
    const uint8_t* vp;
    size_t vn;
    if (h.type == PageType::kDataPage) {
      Status s =
          decompress(body, body_len, static_cast<size_t>(h.uncompressed_page_size), &page_buf);
      if (!s.ok()) return s;
      const uint8_t* p = reinterpret_cast<const uint8_t*>(page_buf.data());
      size_t n = page_buf.size();
      for (int k = 0; k < 2; ++k) {
        int16_t max = k == 0 ? leaf.max_rep : leaf.max_def;
        if (max == 0) {
          (k == 0 ? reps : defs).clear();
          continue;
        }
        if (n < 4 || Le32(p) > n - 4) return Status::Corruption("level data past the page");
        size_t len = Le32(p);
        s = DecodeLevels(p + 4, len, max, count, k == 0 ? &reps : &defs);
        if (!s.ok()) return s;
        p += 4 + len;
        n -= 4 + len;
      }
      vp = p;
      vn = n;
    } else {
      if (h.rep_levels_byte_length < 0 || h.def_levels_byte_length < 0 ||
          static_cast<size_t>(h.rep_levels_byte_length) > body_len ||
          static_cast<size_t>(h.def_levels_byte_length) >
              body_len - static_cast<size_t>(h.rep_levels_byte_length) ||
          h.rep_levels_byte_length + h.def_levels_byte_length > h.uncompressed_page_size) {
        return Status::Corruption("level lengths out of range");
      }
      size_t rl = static_cast<size_t>(h.rep_levels_byte_length);
      size_t dl = static_cast<size_t>(h.def_levels_byte_length);
      Status s = DecodeLevels(body, rl, leaf.max_rep, count, &reps);
      if (s.ok()) s = DecodeLevels(body + rl, dl, leaf.max_def, count, &defs);
      if (!s.ok()) return s;
      const uint8_t* p = body + rl + dl;
      size_t n = body_len - rl - dl;
      size_t size = static_cast<size_t>(h.uncompressed_page_size) - rl - dl;
      if (h.is_compressed) {
        s = decompress(p, n, size, &values_buf);
        if (!s.ok()) return s;
        vp = reinterpret_cast<const uint8_t*>(values_buf.data());
        vn = values_buf.size();
      } else {
        vp = p;
        vn = n;
      }
    }
    size_t present = count;
    if (leaf.max_def > 0) {
      present = 0;
      for (uint32_t d : defs) present += d == static_cast<uint32_t>(leaf.max_def) ? 1 : 0;
    }
    Values vals;
    if (h.encoding == Encoding::kPlain) {
      Status s = PlainDecode(leaf.element, vp, vn, present, &vals);
      if (!s.ok()) return s;
    } else if (h.encoding == Encoding::kRleDictionary || h.encoding == Encoding::kPlainDictionary) {
      if (!have_dict) return Status::Corruption("dictionary-encoded page without a dictionary");
      if (present > 0) {
        if (vn < 1 || vp[0] > 32) return Status::Corruption("bad dictionary index width");
        idx.clear();
        RleDecoder d(vp + 1, vn - 1, vp[0]);
        if (!d.Get(present, &idx, DictSize(dict))) {
          return Status::Corruption("bad dictionary indices");
        }
        if (rows.Flat()) {  // straight from the dictionary, no per-page copy of the values
          Status s = rows.AddFlat(defs, count, dict, &idx);
          if (!s.ok()) return s;
          seen += h.num_values;
          continue;
        }
        Gather(dict, idx, &vals);
      } else if (rows.Flat()) {
        Status s = rows.AddFlat(defs, count, vals, nullptr);  // every row is NULL
        if (!s.ok()) return s;
        seen += h.num_values;
        continue;
      }
    } else if (h.encoding == Encoding::kRle && *leaf.element.type == PhysType::kBoolean) {
      if (vn < 4 || Le32(vp) > vn - 4) return Status::Corruption("RLE booleans past the page");
      idx.clear();
      RleDecoder d(vp + 4, Le32(vp), 1);
      if (!d.Get(present, &idx, 2)) return Status::Corruption("bad RLE booleans");
      for (uint32_t b : idx) vals.ints.push_back(b);
    } else {
      return Status::NotSupported(
          "Parquet encoding " + std::to_string(static_cast<int>(h.encoding)) + " is not supported");
    }
    Status s =
        rows.Flat() ? rows.AddFlat(defs, count, vals, nullptr) : rows.Add(defs, reps, count, vals);
    if (!s.ok()) return s;
    seen += h.num_values;
  }
  rows.End();
  if (rows.rows() != num_rows) {
    return Status::Corruption("column chunk holds " + std::to_string(rows.rows()) +
                              " rows, row group says " + std::to_string(num_rows));
  }
  return Status::OK();
}

}  // namespace

Status CheckReadable(const LeafInfo& leaf, const Type& target) {
  Result<Converter> c = ChooseConv(leaf, target);
  return c.ok() ? Status::OK() : c.status();
}

Status DecodeColumnChunk(const LeafInfo& leaf, const ColumnMetaData& md, const std::string& chunk,
                         int64_t num_rows, const Type& target, std::vector<Vector>* out) {
  Result<Converter> conv = ChooseConv(leaf, target);
  if (!conv.ok()) return conv.status();
  try {
    return DecodeChunk(leaf, md, chunk, num_rows, conv.value(), target, out);
  } catch (const SqlError& e) {
    // A stored value that does not fit the caller's typmod is the caller's type choice.
    if (e.sqlstate() == sqlstate::kNumericValueOutOfRange) {
      return Status::InvalidArgument(std::string("value does not fit ") + target.Name() + ": " +
                                     e.what());
    }
    return Status::Corruption(std::string("undecodable value: ") + e.what());
  } catch (const std::exception& e) {
    return Status::Corruption(std::string("undecodable value: ") + e.what());
  }
}

}  // namespace firn::parquet
