#include "storage/parquet/file_reader.h"

#include <cmath>
#include <cstring>

#include "storage/parquet/column_reader.h"
#include "storage/parquet/file_io.h"
#include "storage/parquet/metadata.h"
#include "storage/parquet/type_mapping.h"

namespace firn::parquet {
namespace {

constexpr int kMaxSchemaDepth = 64;

Status WithPrefix(const Status& s, const std::string& prefix) {
  if (s.ok()) return s;
  std::string msg = prefix + s.message();
  switch (s.code()) {
    case Status::Code::kIoError:
      return Status::IoError(msg);
    case Status::Code::kNoSpace:
      return Status::NoSpace(msg);
    case Status::Code::kInvalidArgument:
      return Status::InvalidArgument(msg);
    case Status::Code::kNotFound:
      return Status::NotFound(msg);
    case Status::Code::kNotSupported:
      return Status::NotSupported(msg);
    default:
      return Status::Corruption(msg);
  }
}

struct FileColumn {
  ColumnDescriptor desc;
  LeafInfo leaf;
  bool supported = false;
  size_t first_leaf = 0, leaf_count = 0;
};

template <typename T>
T LoadLe(const std::string& s) {
  T v;
  std::memcpy(&v, s.data(), sizeof(T));
  return v;
}

// A footer statistic as a Firn value of `type`; nullopt when it cannot be interpreted.
std::optional<Value> StatValue(const SchemaElement& e, const Type& type, const std::string& s) {
  bool decimal = type.id == TypeId::kNumeric;
  bool is_unsigned = e.logical.kind == LogicalType::kInteger && !e.logical.is_signed;
  int scale = e.logical.kind == LogicalType::kDecimal ? e.logical.scale : e.scale;
  switch (*e.type) {
    case PhysType::kBoolean:
      if (s.size() != 1) return std::nullopt;
      return Value::Bool(s[0] != 0);
    case PhysType::kInt32:
    case PhysType::kInt64: {
      if (is_unsigned) return std::nullopt;
      int64_t v;
      if (*e.type == PhysType::kInt32) {
        if (s.size() != 4) return std::nullopt;
        v = LoadLe<int32_t>(s);
      } else {
        if (s.size() != 8) return std::nullopt;
        v = LoadLe<int64_t>(s);
      }
      if (decimal) return Value::MakeNumeric(UnscaledToNumeric(v, scale), type.typmod);
      if (e.logical.kind == LogicalType::kTimestamp && e.logical.unit != 2) return std::nullopt;
      return Value::FromInt64(type, v);
    }
    case PhysType::kFloat:
    case PhysType::kDouble: {
      double d;
      if (*e.type == PhysType::kFloat) {
        if (s.size() != 4) return std::nullopt;
        d = LoadLe<float>(s);
      } else {
        if (s.size() != 8) return std::nullopt;
        d = LoadLe<double>(s);
      }
      if (std::isnan(d)) return std::nullopt;
      return Value::FromDouble(type, d);
    }
    case PhysType::kByteArray:
    case PhysType::kFixedLenByteArray:
      if (decimal) {
        __int128 v;
        if (!ReadBigEndian(reinterpret_cast<const uint8_t*>(s.data()), s.size(), &v)) {
          return std::nullopt;
        }
        return Value::MakeNumeric(UnscaledToNumeric(v, scale), type.typmod);
      }
      if (type.id == TypeId::kUuid) {  // unsigned byte order: the statistics' own order
        if (s.size() != kUuidBytes || e.logical.kind != LogicalType::kUuid) return std::nullopt;
        return Value::MakeUuid(Uuid::FromBytes(reinterpret_cast<const uint8_t*>(s.data())));
      }
      if (type.id != TypeId::kText) return std::nullopt;
      return Value::String(type, s);
    default:
      return std::nullopt;
  }
}

}  // namespace

struct FileReader::Impl {
  std::string path;
  std::unique_ptr<ReadFile> file;
  FileMetaData meta;
  std::vector<FileColumn> columns;
  std::vector<ColumnDescriptor> descriptors;
  std::vector<const SchemaElement*> leaves;
  std::vector<RowGroupInfo> row_groups;
  int64_t footer_start = 0;

  Status Corrupt(const std::string& what) const { return Status::Corruption(path + ": " + what); }
  Status ParseSchema();
  Status ParseColumn(size_t* pos);
  Status SkipSubtree(size_t* pos, int depth);
  Status CheckRowGroups();
  int64_t ChunkStart(const ColumnMetaData& md) const {
    int64_t start = md.data_page_offset;
    if (md.dictionary_page_offset && *md.dictionary_page_offset >= 4 &&
        *md.dictionary_page_offset < start) {
      start = *md.dictionary_page_offset;
    }
    return start;
  }
};

Status FileReader::Impl::SkipSubtree(size_t* pos, int depth) {
  if (depth > kMaxSchemaDepth) return Corrupt("schema nests too deep");
  if (*pos >= meta.schema.size()) return Corrupt("schema ends inside a group");
  const SchemaElement& e = meta.schema[(*pos)++];
  if (e.type) {
    leaves.push_back(&e);
    return Status::OK();
  }
  if (e.num_children < 0) return Corrupt("negative child count in schema");
  for (int32_t i = 0; i < e.num_children; ++i) {
    Status s = SkipSubtree(pos, depth + 1);
    if (!s.ok()) return s;
  }
  return Status::OK();
}

Status FileReader::Impl::ParseColumn(size_t* pos) {
  const std::vector<SchemaElement>& s = meta.schema;
  if (*pos >= s.size()) return Corrupt("schema has fewer elements than the root declares");
  const SchemaElement& e = s[*pos];
  FileColumn c;
  c.desc.name = e.name;
  c.desc.field_id = e.field_id.value_or(0);
  Repetition rep = e.repetition.value_or(Repetition::kRequired);
  c.desc.required = rep == Repetition::kRequired;
  c.first_leaf = leaves.size();
  auto is_list_shape = [&]() {
    if (e.type || e.num_children != 1 || *pos + 2 >= s.size()) return false;
    if (e.logical.kind != LogicalType::kList && e.converted_type != converted::kList) return false;
    const SchemaElement& mid = s[*pos + 1];
    const SchemaElement& leaf = s[*pos + 2];
    return !mid.type && mid.num_children == 1 && mid.repetition == Repetition::kRepeated &&
           leaf.type && leaf.repetition != Repetition::kRepeated;
  };
  if (e.type) {
    if (e.num_children > 0) return Corrupt("schema leaf \"" + e.name + "\" has children");
    c.leaf.element = e;
    c.leaf.max_def = rep == Repetition::kOptional ? 1 : 0;
    c.supported = rep != Repetition::kRepeated;
    c.desc.type = c.supported ? InferLeafType(e) : Type(TypeId::kUnknown);
    c.supported = c.supported && c.desc.type.id != TypeId::kUnknown;
    leaves.push_back(&e);
    ++*pos;
  } else if (is_list_shape()) {
    const SchemaElement& leaf = s[*pos + 2];
    c.leaf.element = leaf;
    c.leaf.is_list = true;
    c.leaf.list_def = rep == Repetition::kOptional ? 1 : 0;
    c.leaf.max_def = static_cast<int16_t>(c.leaf.list_def + 1 +
                                          (leaf.repetition == Repetition::kOptional ? 1 : 0));
    c.leaf.max_rep = 1;
    c.desc.element_field_id = leaf.field_id.value_or(0);
    Type elem = InferLeafType(leaf);
    c.supported = elem.id != TypeId::kUnknown;
    c.desc.type = c.supported ? Type::Array(elem.id, elem.typmod) : Type(TypeId::kUnknown);
    leaves.push_back(&leaf);
    *pos += 3;
  } else {
    Status st = SkipSubtree(pos, 1);
    if (!st.ok()) return st;
    c.desc.type = Type(TypeId::kUnknown);
  }
  c.leaf_count = leaves.size() - c.first_leaf;
  columns.push_back(std::move(c));
  return Status::OK();
}

Status FileReader::Impl::ParseSchema() {
  const std::vector<SchemaElement>& s = meta.schema;
  if (s.empty()) return Corrupt("footer has no schema");
  for (const SchemaElement& e : s) {
    if (e.type && (static_cast<int>(*e.type) < 0 || static_cast<int>(*e.type) > 7)) {
      return Corrupt("schema element \"" + e.name + "\" has an unknown physical type");
    }
    if (e.repetition &&
        (static_cast<int>(*e.repetition) < 0 || static_cast<int>(*e.repetition) > 2)) {
      return Corrupt("schema element \"" + e.name + "\" has an unknown repetition");
    }
  }
  if (s[0].num_children < 0) return Corrupt("negative child count in schema");
  size_t pos = 1;
  for (int32_t i = 0; i < s[0].num_children; ++i) {
    Status st = ParseColumn(&pos);
    if (!st.ok()) return st;
  }
  if (pos != s.size()) return Corrupt("schema has elements outside the root");
  for (const FileColumn& c : columns) descriptors.push_back(c.desc);
  return Status::OK();
}

Status FileReader::Impl::CheckRowGroups() {
  int64_t total = 0;
  for (size_t g = 0; g < meta.row_groups.size(); ++g) {
    const RowGroup& rg = meta.row_groups[g];
    std::string where = "row group " + std::to_string(g) + ": ";
    if (rg.num_rows < 0) return Corrupt(where + "negative row count");
    if (rg.columns.size() != leaves.size()) {
      return Corrupt(where + "has " + std::to_string(rg.columns.size()) +
                     " column chunks, schema has " + std::to_string(leaves.size()) + " leaves");
    }
    for (size_t i = 0; i < leaves.size(); ++i) {
      const ColumnChunk& cc = rg.columns[i];
      const ColumnMetaData& md = cc.meta_data;
      std::string col = where + "column chunk " + std::to_string(i) + ": ";
      if (!cc.has_meta_data) return Corrupt(col + "no metadata (external chunks unsupported)");
      if (md.type != *leaves[i]->type) return Corrupt(col + "type differs from the schema");
      if (md.num_values < 0) return Corrupt(col + "negative value count");
      int64_t start = ChunkStart(md);
      if (start < 4 || md.total_compressed_size < 0 || start > footer_start ||
          md.total_compressed_size > footer_start - start) {
        return Corrupt(col + "byte range lies outside the file's data");
      }
    }
    if (__builtin_add_overflow(total, rg.num_rows, &total)) return Corrupt("row count overflows");
    RowGroupInfo info;
    info.row_count = rg.num_rows;
    for (const FileColumn& c : columns) {
      ColumnSummary sum;
      sum.null_count = -1;
      for (size_t k = 0; k < c.leaf_count; ++k) {
        sum.compressed_bytes += rg.columns[c.first_leaf + k].meta_data.total_compressed_size;
      }
      if (c.leaf_count > 0) {
        const ColumnMetaData& md = rg.columns[c.first_leaf].meta_data;
        sum.value_count = md.num_values;
        if (md.statistics && md.statistics->null_count) sum.null_count = *md.statistics->null_count;
        if (c.supported && !c.leaf.is_list && md.statistics && md.statistics->min_value &&
            md.statistics->max_value) {
          auto lo = StatValue(c.leaf.element, c.desc.type, *md.statistics->min_value);
          auto hi = StatValue(c.leaf.element, c.desc.type, *md.statistics->max_value);
          if (lo && hi) {
            sum.min = std::move(lo);
            sum.max = std::move(hi);
          }
        }
      }
      info.columns.push_back(std::move(sum));
    }
    row_groups.push_back(std::move(info));
  }
  if (total != meta.num_rows) {
    return Corrupt("footer says " + std::to_string(meta.num_rows) + " rows, row groups hold " +
                   std::to_string(total));
  }
  return Status::OK();
}

FileReader::FileReader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
FileReader::~FileReader() = default;

Result<std::unique_ptr<FileReader>> FileReader::Open(const std::string& path) {
  auto m = std::make_unique<Impl>();
  m->path = path;
  Result<std::unique_ptr<ReadFile>> file = ReadFile::Open(path);
  if (!file.ok()) return file.status();
  m->file = file.take();
  int64_t size = m->file->size();
  if (size < 12) return m->Corrupt("too short to be a Parquet file");
  std::string head, tail;
  Status s = m->file->Read(0, 4, &head);
  if (s.ok()) s = m->file->Read(size - 8, 8, &tail);
  if (!s.ok()) return s;
  if (head != "PAR1" || tail.compare(4, 4, "PAR1") != 0) {
    return m->Corrupt("missing PAR1 magic");
  }
  uint32_t len;
  std::memcpy(&len, tail.data(), 4);
  if (static_cast<int64_t>(len) > size - 12) return m->Corrupt("footer length out of range");
  m->footer_start = size - 8 - static_cast<int64_t>(len);
  std::string footer;
  s = m->file->Read(m->footer_start, len, &footer);
  if (!s.ok()) return s;
  std::string err;
  if (!DecodeFileMetaData(reinterpret_cast<const uint8_t*>(footer.data()), footer.size(), &m->meta,
                          &err)) {
    return m->Corrupt("malformed footer: " + err);
  }
  if (m->meta.num_rows < 0) return m->Corrupt("negative row count");
  s = m->ParseSchema();
  if (s.ok()) s = m->CheckRowGroups();
  if (!s.ok()) return s;
  return std::unique_ptr<FileReader>(new FileReader(std::move(m)));
}

int64_t FileReader::row_count() const { return impl_->meta.num_rows; }
const std::vector<ColumnDescriptor>& FileReader::columns() const { return impl_->descriptors; }
const std::vector<RowGroupInfo>& FileReader::row_groups() const { return impl_->row_groups; }
const std::vector<std::pair<std::string, std::string>>& FileReader::key_value_metadata() const {
  return impl_->meta.key_value_metadata;
}
const std::string& FileReader::created_by() const { return impl_->meta.created_by; }

Status FileReader::ReadRowGroup(size_t rg, const std::vector<int>& columns,
                                const std::vector<Type>& types, std::vector<DataChunk>* out) {
  Impl& m = *impl_;
  if (rg >= m.meta.row_groups.size()) {
    return Status::InvalidArgument(m.path + ": no row group " + std::to_string(rg));
  }
  if (columns.size() != types.size()) {
    return Status::InvalidArgument(m.path + ": one type per column required");
  }
  const RowGroup& group = m.meta.row_groups[rg];
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i] < 0 || static_cast<size_t>(columns[i]) >= m.columns.size()) {
      return Status::InvalidArgument(m.path + ": no column " + std::to_string(columns[i]));
    }
    const FileColumn& c = m.columns[columns[i]];
    if (!c.supported) {
      return Status::NotSupported(m.path + ": column \"" + c.desc.name +
                                  "\" has a Parquet type Firn cannot read");
    }
    Status s = CheckReadable(c.leaf, types[i]);
    if (!s.ok()) return WithPrefix(s, m.path + ": ");
  }
  int64_t rows = group.num_rows;
  std::vector<std::vector<Vector>> parts(columns.size());
  for (size_t i = 0; i < columns.size(); ++i) {
    const FileColumn& c = m.columns[columns[i]];
    const ColumnMetaData& md = group.columns[c.first_leaf].meta_data;
    std::string prefix =
        m.path + ": row group " + std::to_string(rg) + " column \"" + c.desc.name + "\": ";
    std::string bytes;
    Status s = m.file->Read(m.ChunkStart(md), md.total_compressed_size, &bytes);
    if (s.ok()) s = DecodeColumnChunk(c.leaf, md, bytes, rows, types[i], &parts[i]);
    if (!s.ok()) return WithPrefix(s, prefix);
  }
  size_t nchunks = static_cast<size_t>((rows + kChunkSize - 1) / kChunkSize);
  for (size_t k = 0; k < nchunks; ++k) {
    DataChunk chunk;
    for (size_t i = 0; i < columns.size(); ++i) {
      if (k >= parts[i].size()) return m.Corrupt("column chunks disagree on the row count");
      chunk.AddColumn(std::move(parts[i][k]));
    }
    if (columns.empty()) {
      chunk.set_row_count(std::min<size_t>(kChunkSize, static_cast<size_t>(rows) - k * kChunkSize));
    }
    out->push_back(std::move(chunk));
  }
  return Status::OK();
}

}  // namespace firn::parquet
