#include "storage/parquet/file_writer.h"

#include <cstring>
#include <exception>
#include <limits>

#include "common/parallel_for.h"
#include "storage/parquet/column_writer.h"
#include "storage/parquet/file_io.h"
#include "storage/parquet/metadata.h"
#include "storage/parquet/type_mapping.h"
#include "types/value_io.h"

namespace firn::parquet {
namespace {

constexpr char kMagic[] = "PAR1";
constexpr char kCreatedBy[] = "firn version 0.1.0";

struct Column {
  ColumnDescriptor desc;
  ColumnLayout layout;
  std::unique_ptr<ColumnChunkWriter> writer;
  ColumnSummary summary;
  std::optional<Numeric> num_min, num_max;  // kNumericText: numeric order
};

// Firn min/max from a chunk's physical statistics; nullopt where they are not meaningful.
std::optional<std::pair<Value, Value>> FirnBounds(const LeafLayout& leaf, const PhysicalStats& s) {
  if (!s.has || leaf.max_rep > 0) return std::nullopt;
  const Type& t = leaf.type;
  switch (leaf.kind) {
    case ValueKind::kBool:
      return std::make_pair(Value::Bool(s.imin != 0), Value::Bool(s.imax != 0));
    case ValueKind::kInt32:
    case ValueKind::kInt64:
      return std::make_pair(Value::FromInt64(t, s.imin), Value::FromInt64(t, s.imax));
    case ValueKind::kFloat:
    case ValueKind::kDouble:
      return std::make_pair(Value::FromDouble(t, s.dmin), Value::FromDouble(t, s.dmax));
    case ValueKind::kBytes:
      return std::make_pair(Value::String(t, s.smin), Value::String(t, s.smax));
    case ValueKind::kDecimal: {
      __int128 lo, hi;
      if (!ReadBigEndian(reinterpret_cast<const uint8_t*>(s.smin.data()), s.smin.size(), &lo) ||
          !ReadBigEndian(reinterpret_cast<const uint8_t*>(s.smax.data()), s.smax.size(), &hi)) {
        return std::nullopt;
      }
      return std::make_pair(Value::MakeNumeric(UnscaledToNumeric(lo, leaf.scale), t.typmod),
                            Value::MakeNumeric(UnscaledToNumeric(hi, leaf.scale), t.typmod));
    }
    case ValueKind::kUuid:
      if (s.smin.size() != kUuidBytes || s.smax.size() != kUuidBytes) return std::nullopt;
      return std::make_pair(
          Value::MakeUuid(Uuid::FromBytes(reinterpret_cast<const uint8_t*>(s.smin.data()))),
          Value::MakeUuid(Uuid::FromBytes(reinterpret_cast<const uint8_t*>(s.smax.data()))));
    default:
      return std::nullopt;
  }
}

void MergeBounds(ColumnSummary* sum, const Value& lo, const Value& hi) {
  if (!sum->min || CompareValues(lo, *sum->min) < 0) sum->min = lo;
  if (!sum->max || CompareValues(hi, *sum->max) > 0) sum->max = hi;
}

}  // namespace

struct FileWriter::Impl {
  std::unique_ptr<AppendFile> file;
  WriterOptions options;
  std::vector<Column> columns;
  FileMetaData meta;
  int64_t rows_in_group = 0;
  std::vector<int64_t> row_group_offsets;
  Status failed;
  bool finished = false;

  Status AddValue(Column* c, const Value& v, int16_t rep);
  Status AppendColumn(Column* c, const Vector& v);
  Status FlushRowGroup();
  size_t EstimatedSize() const {
    size_t n = 0;
    for (const Column& c : columns) n += c.writer->EstimatedSize();
    return n;
  }
};

FileWriter::FileWriter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
FileWriter::~FileWriter() = default;

Result<std::unique_ptr<FileWriter>> FileWriter::Create(const std::string& path,
                                                       std::vector<ColumnDescriptor> columns,
                                                       WriterOptions options) {
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  SchemaElement root;
  root.name = "schema";
  root.num_children = static_cast<int32_t>(columns.size());
  impl->meta.schema.push_back(root);
  for (ColumnDescriptor& d : columns) {
    Result<ColumnLayout> layout = LayoutColumn(d);
    if (!layout.ok()) return Status::InvalidArgument(path + ": " + layout.status().message());
    Column c;
    c.desc = std::move(d);
    c.layout = layout.take();
    c.writer = std::make_unique<ColumnChunkWriter>(c.layout.leaf, options);
    for (const SchemaElement& e : c.layout.elements) impl->meta.schema.push_back(e);
    impl->columns.push_back(std::move(c));
  }
  impl->meta.key_value_metadata = options.key_value_metadata;
  impl->meta.created_by = kCreatedBy;
  impl->meta.type_defined_order = true;
  Result<std::unique_ptr<AppendFile>> file = AppendFile::Create(path);
  if (!file.ok()) return file.status();
  impl->file = file.take();
  Status s = impl->file->Append(kMagic);
  if (!s.ok()) return s;
  return std::unique_ptr<FileWriter>(new FileWriter(std::move(impl)));
}

Status FileWriter::Impl::AddValue(Column* c, const Value& v, int16_t rep) {
  const LeafLayout& leaf = c->layout.leaf;
  ColumnChunkWriter* w = c->writer.get();
  auto mismatch = [&]() {
    return Status::InvalidArgument("column \"" + c->desc.name + "\": value of type " +
                                   v.type().Name() + " in a " + leaf.type.Name() + " column");
  };
  if (PhysicalTypeOf(v.type().id) != PhysicalTypeOf(leaf.type.id)) return mismatch();
  switch (leaf.kind) {
    case ValueKind::kBool:
    case ValueKind::kInt64:
      w->AddInt(v.GetInt64(), rep);
      return Status::OK();
    case ValueKind::kInt32: {
      int64_t i = v.GetInt64();
      if (i < std::numeric_limits<int32_t>::min() || i > std::numeric_limits<int32_t>::max()) {
        return Status::InvalidArgument("column \"" + c->desc.name + "\": value " +
                                       std::to_string(i) + " does not fit INT32");
      }
      w->AddInt(i, rep);
      return Status::OK();
    }
    case ValueKind::kFloat:
    case ValueKind::kDouble:
      w->AddDouble(v.GetDouble(), rep);
      return Status::OK();
    case ValueKind::kBytes:
      w->AddBytes(v.GetString(), rep);
      return Status::OK();
    case ValueKind::kDecimal: {
      __int128 unscaled;
      if (!NumericToUnscaled(v.GetNumeric(), leaf.precision, leaf.scale, &unscaled)) {
        return Status::InvalidArgument("column \"" + c->desc.name + "\": numeric value " +
                                       v.GetNumeric().ToString() + " cannot be stored as DECIMAL(" +
                                       std::to_string(leaf.precision) + "," +
                                       std::to_string(leaf.scale) + ")");
      }
      std::string bytes;
      AppendBigEndian(unscaled, leaf.type_length, &bytes);
      w->AddBytes(bytes, rep);
      return Status::OK();
    }
    case ValueKind::kNumericText: {
      const Numeric& n = v.GetNumeric();
      if (leaf.max_rep == 0) {
        if (!c->num_min || n.Compare(*c->num_min) < 0) c->num_min = n;
        if (!c->num_max || n.Compare(*c->num_max) > 0) c->num_max = n;
      }
      w->AddBytes(n.ToString(), rep);
      return Status::OK();
    }
    case ValueKind::kIntervalText:
      w->AddBytes(ValueToText(v), rep);
      return Status::OK();
    case ValueKind::kUuid: {
      uint8_t bytes[kUuidBytes];
      v.GetUuid().ToBytes(bytes);
      w->AddBytes(std::string_view(reinterpret_cast<const char*>(bytes), kUuidBytes), rep);
      return Status::OK();
    }
  }
  return mismatch();
}

Status FileWriter::Impl::AppendColumn(Column* c, const Vector& v) {
  const LeafLayout& leaf = c->layout.leaf;
  ColumnChunkWriter* w = c->writer.get();
  if (v.physical() != PhysicalTypeOf(c->desc.type.id)) {
    return Status::InvalidArgument("column \"" + c->desc.name + "\": chunk column of type " +
                                   v.type().Name() + " for a " + c->desc.type.Name() + " column");
  }
  for (size_t r = 0; r < v.size(); ++r) {
    if (v.IsNull(r)) {
      if (c->desc.required) {
        return Status::InvalidArgument("column \"" + c->desc.name + "\" is required but row " +
                                       std::to_string(r) + " is NULL");
      }
      w->AddNull(0, 0);
      w->EndRow();
      continue;
    }
    if (leaf.max_rep > 0) {
      const ArrayPtr& arr = v.arrays()[r];
      if (arr == nullptr || arr->items.empty()) {
        w->AddNull(static_cast<int16_t>(leaf.max_def - 2), 0);
      } else {
        int16_t rep = 0;
        for (const Value& item : arr->items) {
          if (item.is_null()) {
            w->AddNull(static_cast<int16_t>(leaf.max_def - 1), rep);
          } else {
            Status s = AddValue(c, item, rep);
            if (!s.ok()) return s;
          }
          rep = 1;
        }
      }
      w->EndRow();
      continue;
    }
    switch (leaf.kind) {
      case ValueKind::kBool:
      case ValueKind::kInt64:
        w->AddInt(v.ints()[r], 0);
        break;
      case ValueKind::kFloat:
      case ValueKind::kDouble:
        w->AddDouble(v.doubles()[r], 0);
        break;
      case ValueKind::kBytes:
        w->AddBytes(v.strings()[r], 0);
        break;
      case ValueKind::kUuid: {
        uint8_t bytes[kUuidBytes];
        v.uuids()[r].ToBytes(bytes);
        w->AddBytes(std::string_view(reinterpret_cast<const char*>(bytes), kUuidBytes), 0);
        break;
      }
      default: {
        Status s = AddValue(c, v.GetValue(r), 0);
        if (!s.ok()) return s;
      }
    }
    w->EndRow();
  }
  return Status::OK();
}

Status FileWriter::Append(const DataChunk& chunk) { return AppendBatch({&chunk}); }

Status FileWriter::AppendBatch(const std::vector<const DataChunk*>& chunks) {
  Impl& m = *impl_;
  if (!m.failed.ok()) return m.failed;
  if (m.finished) return Status::InvalidArgument("Append after Finish");
  size_t rows = 0;
  for (const DataChunk* chunk : chunks) {
    if (chunk->column_count() != m.columns.size()) {
      return Status::InvalidArgument(m.file->path() + ": chunk has " +
                                     std::to_string(chunk->column_count()) + " columns, file has " +
                                     std::to_string(m.columns.size()));
    }
    rows += chunk->size();
  }
  // Columns are independent: each has its own chunk writer.
  std::vector<Status> statuses(m.columns.size());
  auto append_column = [&](size_t i) {
    for (const DataChunk* chunk : chunks) {
      statuses[i] = m.AppendColumn(&m.columns[i], chunk->column(i));
      if (!statuses[i].ok()) return;
    }
  };
  if (rows >= kParallelRows) {
    ParallelFor(m.columns.size(), append_column);
  } else {
    for (size_t i = 0; i < m.columns.size(); i++) append_column(i);
  }
  for (const Status& s : statuses) {
    if (!s.ok()) {
      m.failed = s;
      return s;
    }
  }
  m.rows_in_group += static_cast<int64_t>(rows);
  if (m.EstimatedSize() >= m.options.row_group_bytes) {
    Status s = m.FlushRowGroup();
    if (!s.ok()) {
      m.failed = s;
      return s;
    }
  }
  return Status::OK();
}

Status FileWriter::Impl::FlushRowGroup() {
  if (rows_in_group == 0) return Status::OK();
  RowGroup g;
  g.num_rows = rows_in_group;
  g.file_offset = file->size();
  g.ordinal = static_cast<int16_t>(meta.row_groups.size());
  int64_t compressed = 0;
  for (Column& c : columns) {
    std::string bytes;
    ColumnChunk cc;
    PhysicalStats stats;
    int64_t nulls = 0;
    Status s = c.writer->Finish(&bytes, &cc.meta_data, &stats, &nulls);
    if (!s.ok()) return s;
    ColumnMetaData& md = cc.meta_data;
    int64_t start = file->size();
    md.data_page_offset += start;
    if (md.dictionary_page_offset) *md.dictionary_page_offset += start;
    for (const SchemaElement& e : c.layout.elements) md.path_in_schema.push_back(e.name);
    cc.file_offset = start;
    cc.has_meta_data = true;
    s = file->Append(bytes);
    if (!s.ok()) return s;
    g.total_byte_size += md.total_uncompressed_size;
    compressed += md.total_compressed_size;
    c.summary.value_count += md.num_values;
    c.summary.null_count += nulls;
    c.summary.nan_count += stats.nan_count;
    c.summary.compressed_bytes += md.total_compressed_size;
    if (auto b = FirnBounds(c.layout.leaf, stats)) MergeBounds(&c.summary, b->first, b->second);
    g.columns.push_back(std::move(cc));
  }
  g.total_compressed_size = compressed;
  row_group_offsets.push_back(*g.file_offset);
  meta.num_rows += rows_in_group;
  meta.row_groups.push_back(std::move(g));
  rows_in_group = 0;
  return Status::OK();
}

Result<FileSummary> FileWriter::Finish() {
  Impl& m = *impl_;
  if (!m.failed.ok()) return m.failed;
  if (m.finished) return Status::InvalidArgument("Finish called twice");
  m.finished = true;
  Status s = m.FlushRowGroup();
  std::string footer;
  if (s.ok()) {
    EncodeFileMetaData(m.meta, &footer);
    uint32_t len = static_cast<uint32_t>(footer.size());
    char le[4];
    std::memcpy(le, &len, 4);
    footer.append(le, 4);
    footer.append(kMagic);
    s = m.file->Append(footer);
  }
  if (s.ok()) s = m.file->SyncAndClose();
  if (!s.ok()) {
    m.failed = s;
    return s;
  }
  FileSummary out;
  out.row_count = m.meta.num_rows;
  out.file_size = m.file->size();
  out.row_group_offsets = m.row_group_offsets;
  for (Column& c : m.columns) {
    if (c.layout.leaf.kind == ValueKind::kNumericText && c.num_min) {
      c.summary.min = Value::MakeNumeric(*c.num_min, c.desc.type.typmod);
      c.summary.max = Value::MakeNumeric(*c.num_max, c.desc.type.typmod);
    }
    out.columns.push_back(c.summary);
  }
  return out;
}

}  // namespace firn::parquet
