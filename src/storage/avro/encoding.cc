#include "storage/avro/encoding.h"

#include <cstring>

namespace firn::avro {

namespace {

// Items that may encode to zero bytes are not bounded by the input size; cap them.
constexpr int64_t kMaxEmptyItems = int64_t{1} << 20;

void AppendFixedLE(uint64_t v, int bytes, std::string* out) {
  for (int i = 0; i < bytes; i++) out->push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

Status Mismatch(const Node& schema, const Datum& datum) {
  return Status::InvalidArgument(std::string("Avro datum of kind ") + KindName(datum.kind()) +
                                 " does not match schema " + KindName(schema.kind) +
                                 (schema.name.empty() ? "" : " " + schema.name));
}

// The union branch a bare datum is written as: the first branch of the same kind.
int PickBranch(const Node& u, const Datum& d) {
  for (size_t i = 0; i < u.branches.size(); i++) {
    if (u.branches[i]->kind == d.kind()) return static_cast<int>(i);
  }
  return -1;
}

Status EncodeNode(const Node& s, const Datum& d, std::string* out) {
  if (s.kind == Kind::kUnion) {
    int branch;
    const Datum* value = &d;
    if (d.kind() == Kind::kUnion) {
      branch = static_cast<int>(d.integer());
      value = &d.union_value();
      if (branch < 0 || static_cast<size_t>(branch) >= s.branches.size()) {
        return Status::InvalidArgument("Avro union branch out of range");
      }
    } else {
      branch = PickBranch(s, d);
      if (branch < 0) return Mismatch(s, d);
    }
    AppendLong(branch, out);
    return EncodeNode(*s.branches[branch], *value, out);
  }
  if (d.kind() != s.kind) return Mismatch(s, d);
  switch (s.kind) {
    case Kind::kNull:
      return Status::OK();
    case Kind::kBoolean:
      out->push_back(d.boolean() ? 1 : 0);
      return Status::OK();
    case Kind::kInt:
      if (d.integer() < INT32_MIN || d.integer() > INT32_MAX) {
        return Status::InvalidArgument("Avro int out of range");
      }
      AppendLong(d.integer(), out);
      return Status::OK();
    case Kind::kLong:
      AppendLong(d.integer(), out);
      return Status::OK();
    case Kind::kEnum:
      if (d.integer() < 0 || static_cast<size_t>(d.integer()) >= s.symbols.size()) {
        return Status::InvalidArgument("Avro enum index out of range for " + s.name);
      }
      AppendLong(d.integer(), out);
      return Status::OK();
    case Kind::kFloat: {
      float f = static_cast<float>(d.floating());
      uint32_t bits;
      std::memcpy(&bits, &f, 4);
      AppendFixedLE(bits, 4, out);
      return Status::OK();
    }
    case Kind::kDouble: {
      double v = d.floating();
      uint64_t bits;
      std::memcpy(&bits, &v, 8);
      AppendFixedLE(bits, 8, out);
      return Status::OK();
    }
    case Kind::kBytes:
    case Kind::kString:
      AppendBytes(d.bytes(), out);
      return Status::OK();
    case Kind::kFixed:
      if (static_cast<int64_t>(d.bytes().size()) != s.size) {
        return Status::InvalidArgument("Avro fixed " + s.name + " needs " + std::to_string(s.size) +
                                       " bytes");
      }
      out->append(d.bytes());
      return Status::OK();
    case Kind::kRecord:
      if (d.children().size() != s.fields.size()) {
        return Status::InvalidArgument("Avro record " + s.name + " needs " +
                                       std::to_string(s.fields.size()) + " fields");
      }
      for (size_t i = 0; i < s.fields.size(); i++) {
        Status st = EncodeNode(*s.fields[i].schema, d.children()[i], out);
        if (!st.ok())
          return Status::InvalidArgument(s.name + "." + s.fields[i].name + ": " + st.message());
      }
      return Status::OK();
    case Kind::kArray:
    case Kind::kMap:
      if (!d.children().empty()) {
        AppendLong(static_cast<int64_t>(d.children().size()), out);
        for (size_t i = 0; i < d.children().size(); i++) {
          if (s.kind == Kind::kMap) AppendBytes(d.keys()[i], out);
          Status st = EncodeNode(s.kind == Kind::kMap ? *s.values : *s.items, d.children()[i], out);
          if (!st.ok()) return st;
        }
      }
      AppendLong(0, out);
      return Status::OK();
    case Kind::kUnion:
      break;
  }
  return Mismatch(s, d);
}

}  // namespace

void AppendLong(int64_t v, std::string* out) {
  uint64_t z = (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
  while (z >= 0x80) {
    out->push_back(static_cast<char>((z & 0x7f) | 0x80));
    z >>= 7;
  }
  out->push_back(static_cast<char>(z));
}

void AppendBytes(std::string_view b, std::string* out) {
  AppendLong(static_cast<int64_t>(b.size()), out);
  out->append(b);
}

Status Encode(const SchemaPtr& schema, const Datum& datum, std::string* out) {
  return EncodeNode(*schema, datum, out);
}

bool MayEncodeEmpty(const Node& s) {
  switch (s.kind) {
    case Kind::kNull:
      return true;
    case Kind::kFixed:
      return s.size == 0;
    case Kind::kRecord:
      for (const Field& f : s.fields) {
        if (!MayEncodeEmpty(*f.schema)) return false;
      }
      return true;
    default:
      return false;  // unions, arrays and maps take at least one byte
  }
}

Status Decoder::ReadLong(int64_t* v) {
  uint64_t z = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (pos_ >= data_.size()) return Status::Corruption("truncated varint");
    uint8_t b = static_cast<uint8_t>(data_[pos_++]);
    if (shift == 63 && (b & 0x7e) != 0) return Status::Corruption("varint overflows 64 bits");
    z |= static_cast<uint64_t>(b & 0x7f) << shift;
    if ((b & 0x80) == 0) {
      *v = static_cast<int64_t>(z >> 1) ^ -static_cast<int64_t>(z & 1);
      return Status::OK();
    }
  }
  return Status::Corruption("varint longer than 10 bytes");
}

Status Decoder::ReadFixed(size_t n, std::string* b) {
  if (n > remaining()) return Status::Corruption("value runs past the end of its block");
  b->assign(data_.data() + pos_, n);
  pos_ += n;
  return Status::OK();
}

Status Decoder::ReadBytes(std::string* b) {
  int64_t n;
  Status st = ReadLong(&n);
  if (!st.ok()) return st;
  if (n < 0) return Status::Corruption("negative byte length");
  return ReadFixed(static_cast<size_t>(n), b);
}

Result<Datum> Decoder::Decode(const SchemaPtr& schema) {
  Datum d;
  Status st = DecodeInto(*schema, &d);
  if (!st.ok()) return st;
  return d;
}

Status Decoder::DecodeBlocks(const Node& s, Datum* out) {
  const Node& item = s.kind == Kind::kMap ? *s.values : *s.items;
  const bool unbounded = MayEncodeEmpty(item);
  std::vector<std::pair<std::string, Datum>> entries;
  std::vector<Datum> items;
  int64_t total = 0;
  while (true) {
    int64_t count;
    Status st = ReadLong(&count);
    if (!st.ok()) return st;
    if (count == 0) break;
    if (count < 0) {
      if (count == INT64_MIN) return Status::Corruption("bad block count");
      count = -count;
      int64_t block_bytes;
      st = ReadLong(&block_bytes);
      if (!st.ok()) return st;
      if (block_bytes < 0 || static_cast<uint64_t>(block_bytes) > remaining()) {
        return Status::Corruption("bad array/map block size");
      }
    }
    // Every map entry and every non-empty item takes at least one byte.
    if (unbounded && s.kind == Kind::kArray) {
      if (count > kMaxEmptyItems - total) return Status::Corruption("too many array items");
    } else if (static_cast<uint64_t>(count) > remaining()) {
      return Status::Corruption("array/map count exceeds the bytes left");
    }
    total += count;
    for (int64_t i = 0; i < count; i++) {
      Datum v;
      if (s.kind == Kind::kMap) {
        std::string key;
        st = ReadBytes(&key);
        if (!st.ok()) return st;
        st = DecodeInto(item, &v);
        if (!st.ok()) return st;
        entries.emplace_back(std::move(key), std::move(v));
      } else {
        st = DecodeInto(item, &v);
        if (!st.ok()) return st;
        items.push_back(std::move(v));
      }
    }
  }
  *out = s.kind == Kind::kMap ? Datum::Map(std::move(entries)) : Datum::Array(std::move(items));
  return Status::OK();
}

Status Decoder::DecodeInto(const Node& s, Datum* out) {
  Status st;
  switch (s.kind) {
    case Kind::kNull:
      *out = Datum::Null();
      return Status::OK();
    case Kind::kBoolean: {
      if (remaining() < 1) return Status::Corruption("truncated boolean");
      uint8_t b = static_cast<uint8_t>(data_[pos_++]);
      if (b > 1) return Status::Corruption("boolean byte is not 0 or 1");
      *out = Datum::Boolean(b == 1);
      return Status::OK();
    }
    case Kind::kInt:
    case Kind::kLong:
    case Kind::kEnum: {
      int64_t v;
      st = ReadLong(&v);
      if (!st.ok()) return st;
      if (s.kind == Kind::kLong) {
        *out = Datum::Long(v);
      } else if (v < INT32_MIN || v > INT32_MAX) {
        return Status::Corruption("int out of range");
      } else if (s.kind == Kind::kInt) {
        *out = Datum::Int(static_cast<int32_t>(v));
      } else {
        if (v < 0 || static_cast<size_t>(v) >= s.symbols.size()) {
          return Status::Corruption("enum index out of range");
        }
        *out = Datum::Enum(static_cast<int32_t>(v));
      }
      return Status::OK();
    }
    case Kind::kFloat:
    case Kind::kDouble: {
      const size_t n = s.kind == Kind::kFloat ? 4 : 8;
      if (remaining() < n) return Status::Corruption("truncated floating-point value");
      uint64_t bits = 0;
      for (size_t i = 0; i < n; i++) {
        bits |= static_cast<uint64_t>(static_cast<uint8_t>(data_[pos_ + i])) << (8 * i);
      }
      pos_ += n;
      if (s.kind == Kind::kFloat) {
        uint32_t b32 = static_cast<uint32_t>(bits);
        float f;
        std::memcpy(&f, &b32, 4);
        *out = Datum::Float(f);
      } else {
        double v;
        std::memcpy(&v, &bits, 8);
        *out = Datum::Double(v);
      }
      return Status::OK();
    }
    case Kind::kBytes:
    case Kind::kString: {
      std::string b;
      st = ReadBytes(&b);
      if (!st.ok()) return st;
      *out = s.kind == Kind::kBytes ? Datum::Bytes(std::move(b)) : Datum::String(std::move(b));
      return Status::OK();
    }
    case Kind::kFixed: {
      std::string b;
      if (s.size < 0) return Status::Corruption("negative fixed size");
      st = ReadFixed(static_cast<size_t>(s.size), &b);
      if (!st.ok()) return st;
      *out = Datum::Fixed(std::move(b));
      return Status::OK();
    }
    case Kind::kRecord: {
      std::vector<Datum> fields(s.fields.size());
      for (size_t i = 0; i < s.fields.size(); i++) {
        st = DecodeInto(*s.fields[i].schema, &fields[i]);
        if (!st.ok()) return st;
      }
      *out = Datum::Record(std::move(fields));
      return Status::OK();
    }
    case Kind::kArray:
    case Kind::kMap:
      return DecodeBlocks(s, out);
    case Kind::kUnion: {
      int64_t branch;
      st = ReadLong(&branch);
      if (!st.ok()) return st;
      if (branch < 0 || static_cast<uint64_t>(branch) >= s.branches.size()) {
        return Status::Corruption("union branch out of range");
      }
      return DecodeInto(*s.branches[branch], out);
    }
  }
  return Status::Corruption("unknown schema kind");
}

}  // namespace firn::avro
