#include "storage/avro/container.h"

#include <zlib.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <random>

#include "storage/avro/encoding.h"

namespace firn::avro {

namespace {

constexpr char kMagic[4] = {'O', 'b', 'j', 1};
constexpr size_t kSyncSize = 16;
// A block may not inflate beyond this (a deflate bomb is corruption, not an OOM).
constexpr size_t kMaxInflatedBlock = size_t{256} << 20;
constexpr int64_t kMaxEmptyRecordsPerBlock = int64_t{1} << 20;

std::string RandomSync() {
  std::random_device rd;
  std::string s(kSyncSize, '\0');
  for (size_t i = 0; i < kSyncSize; i += 4) {
    uint32_t r = rd();
    std::memcpy(&s[i], &r, 4);
  }
  return s;
}

Status Deflate(std::string_view in, std::string* out) {
  z_stream zs{};
  if (deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    return Status::IoError("deflateInit2 failed");
  }
  out->resize(deflateBound(&zs, static_cast<uLong>(in.size())));
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  zs.next_out = reinterpret_cast<Bytef*>(out->data());
  zs.avail_out = static_cast<uInt>(out->size());
  int rc = deflate(&zs, Z_FINISH);
  out->resize(zs.total_out);
  deflateEnd(&zs);
  return rc == Z_STREAM_END ? Status::OK() : Status::IoError("deflate failed");
}

Status Inflate(std::string_view in, std::string* out) {
  z_stream zs{};
  if (inflateInit2(&zs, -15) != Z_OK) return Status::IoError("inflateInit2 failed");
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  out->clear();
  char buf[64 * 1024];
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof(buf);
    rc = inflate(&zs, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) break;
    out->append(buf, sizeof(buf) - zs.avail_out);
    if (out->size() > kMaxInflatedBlock) {
      rc = Z_DATA_ERROR;
      break;
    }
    if (rc == Z_OK && zs.avail_in == 0 && zs.avail_out != 0) {
      rc = Z_BUF_ERROR;  // input ended before the deflate stream did
      break;
    }
  }
  const bool trailing = zs.avail_in != 0;
  inflateEnd(&zs);
  if (rc != Z_STREAM_END) return Status::Corruption("bad deflate data");
  if (trailing) return Status::Corruption("bytes after the deflate stream");
  return Status::OK();
}

}  // namespace

const char* CodecName(Codec codec) { return codec == Codec::kDeflate ? "deflate" : "null"; }

ContainerWriter::ContainerWriter(SchemaPtr schema, Codec codec,
                                 std::map<std::string, std::string> metadata, size_t block_bytes)
    : schema_(std::move(schema)),
      codec_(codec),
      metadata_(std::move(metadata)),
      block_bytes_(block_bytes == 0 ? 1 : block_bytes),
      sync_(RandomSync()) {}

Status ContainerWriter::Append(const Datum& datum) {
  const size_t before = pending_.size();
  Status st = Encode(schema_, datum, &pending_);
  if (!st.ok()) {
    pending_.resize(before);
    return st;
  }
  pending_count_++;
  total_records_++;
  if (pending_.size() >= block_bytes_) return FlushBlock();
  return Status::OK();
}

Status ContainerWriter::FlushBlock() {
  if (pending_count_ == 0) return Status::OK();
  std::string compressed;
  std::string_view body = pending_;
  if (codec_ == Codec::kDeflate) {
    Status st = Deflate(pending_, &compressed);
    if (!st.ok()) return st;
    body = compressed;
  }
  AppendLong(pending_count_, &blocks_);
  AppendBytes(body, &blocks_);
  blocks_.append(sync_);
  pending_.clear();
  pending_count_ = 0;
  return Status::OK();
}

Result<std::string> ContainerWriter::Finish() {
  Status st = FlushBlock();
  if (!st.ok()) return st;
  std::string out(kMagic, sizeof(kMagic));
  std::map<std::string, std::string> meta = metadata_;
  for (const auto& [k, v] : meta) {
    if (k.rfind("avro.", 0) == 0) return Status::InvalidArgument("reserved Avro metadata key " + k);
  }
  meta["avro.schema"] = SchemaToString(schema_);
  meta["avro.codec"] = CodecName(codec_);
  AppendLong(static_cast<int64_t>(meta.size()), &out);
  for (const auto& [k, v] : meta) {
    AppendBytes(k, &out);
    AppendBytes(v, &out);
  }
  AppendLong(0, &out);
  out.append(sync_);
  out.append(blocks_);
  blocks_.clear();
  return out;
}

Result<ContainerContents> ReadContainer(std::string_view bytes, const std::string& name) {
  auto corrupt = [&name](const std::string& why) {
    return Status::Corruption("Avro file " + name + ": " + why);
  };
  if (bytes.size() < sizeof(kMagic) || std::memcmp(bytes.data(), kMagic, sizeof(kMagic)) != 0) {
    return corrupt("bad magic (not an Avro object container file)");
  }
  Decoder dec(bytes.substr(sizeof(kMagic)));
  ContainerContents c;
  // Header metadata: a map<bytes>, in blocks like any map.
  while (true) {
    int64_t count;
    Status st = dec.ReadLong(&count);
    if (!st.ok()) return corrupt("header: " + st.message());
    if (count == 0) break;
    if (count < 0) {
      if (count == INT64_MIN) return corrupt("header: bad block count");
      count = -count;
      int64_t ignored;
      st = dec.ReadLong(&ignored);
      if (!st.ok()) return corrupt("header: " + st.message());
    }
    if (static_cast<uint64_t>(count) > dec.remaining()) return corrupt("header: bad map count");
    for (int64_t i = 0; i < count; i++) {
      std::string k, v;
      st = dec.ReadBytes(&k);
      if (st.ok()) st = dec.ReadBytes(&v);
      if (!st.ok()) return corrupt("header: " + st.message());
      c.metadata[std::move(k)] = std::move(v);
    }
  }
  std::string sync;
  if (!dec.ReadFixed(kSyncSize, &sync).ok()) return corrupt("truncated header sync marker");
  auto schema_it = c.metadata.find("avro.schema");
  if (schema_it == c.metadata.end()) return corrupt("header has no avro.schema");
  auto schema = ParseSchema(schema_it->second);
  if (!schema.ok()) return corrupt("avro.schema: " + schema.status().message());
  c.schema = schema.value();
  auto codec_it = c.metadata.find("avro.codec");
  if (codec_it != c.metadata.end() && codec_it->second != "null") {
    if (codec_it->second != "deflate") {
      return Status::NotSupported("Avro file " + name + ": codec \"" + codec_it->second +
                                  "\" is not supported");
    }
    c.codec = Codec::kDeflate;
  }
  const bool empty_records = MayEncodeEmpty(*c.schema);
  while (dec.remaining() > 0) {
    int64_t count, size;
    Status st = dec.ReadLong(&count);
    if (st.ok()) st = dec.ReadLong(&size);
    if (!st.ok()) return corrupt("block " + std::to_string(c.block_count) + ": " + st.message());
    if (count < 0 || size < 0 || static_cast<uint64_t>(size) > dec.remaining()) {
      return corrupt("block " + std::to_string(c.block_count) + ": bad count or size");
    }
    std::string raw, inflated;
    dec.ReadFixed(static_cast<size_t>(size), &raw);  // size checked above
    std::string block_sync;
    if (!dec.ReadFixed(kSyncSize, &block_sync).ok() || block_sync != sync) {
      return corrupt("block " + std::to_string(c.block_count) + ": sync marker mismatch");
    }
    std::string_view body = raw;
    if (c.codec == Codec::kDeflate) {
      st = Inflate(raw, &inflated);
      if (!st.ok()) return corrupt("block " + std::to_string(c.block_count) + ": " + st.message());
      body = inflated;
    }
    if (empty_records ? count > kMaxEmptyRecordsPerBlock
                      : static_cast<uint64_t>(count) > body.size()) {
      return corrupt("block " + std::to_string(c.block_count) + ": object count too large");
    }
    Decoder block(body);
    for (int64_t i = 0; i < count; i++) {
      auto d = block.Decode(c.schema);
      if (!d.ok()) {
        return corrupt("block " + std::to_string(c.block_count) + ", object " + std::to_string(i) +
                       ": " + d.status().message());
      }
      c.records.push_back(d.take());
    }
    if (block.remaining() != 0) {
      return corrupt("block " + std::to_string(c.block_count) + ": " +
                     std::to_string(block.remaining()) + " bytes after its objects");
    }
    c.block_count++;
  }
  return c;
}

Result<ContainerContents> ReadContainerFile(const std::string& path) {
  FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    return Status::IoError("cannot open Avro file " + path + ": " + std::strerror(errno));
  }
  std::string data;
  char buf[64 * 1024];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof(buf), f)) > 0) data.append(buf, n);
  const bool failed = std::ferror(f) != 0;
  std::fclose(f);
  if (failed) return Status::IoError("cannot read Avro file " + path);
  return ReadContainer(data, path);
}

}  // namespace firn::avro
