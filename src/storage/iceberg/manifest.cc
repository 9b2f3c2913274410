#include "storage/iceberg/manifest.h"

#include <algorithm>
#include <cmath>

#include "storage/iceberg/avro_values.h"
#include "storage/iceberg/bounds.h"
#include "storage/iceberg/file_io.h"

namespace firn::iceberg {

using avro::Datum;
using avro::Kind;
using avro::MakeField;
using avro::Optional;
using avro::Primitive;
using avro::SchemaPtr;
using nlohmann::json;

namespace {

json Id(int id) { return {{"field-id", id}}; }

// Iceberg's int -> long / int -> binary map: array<record k<key>_v<value> {key, value}>.
SchemaPtr IntMap(int key_id, int value_id, Kind value_kind) {
  SchemaPtr kv = avro::Record("k" + std::to_string(key_id) + "_v" + std::to_string(value_id),
                              {MakeField("key", Primitive(Kind::kInt), Id(key_id)),
                               MakeField("value", Primitive(value_kind), Id(value_id))});
  return avro::Array(kv, {{"logicalType", "map"}});
}

Datum LongMapDatum(const std::map<int32_t, int64_t>& m) {
  if (m.empty()) return Datum::Null();
  std::vector<Datum> items;
  for (const auto& [k, v] : m) items.push_back(Datum::Record({Datum::Int(k), Datum::Long(v)}));
  return Datum::Array(std::move(items));
}

Datum BinaryMapDatum(const std::map<int32_t, std::string>& m) {
  if (m.empty()) return Datum::Null();
  std::vector<Datum> items;
  for (const auto& [k, v] : m) items.push_back(Datum::Record({Datum::Int(k), Datum::Bytes(v)}));
  return Datum::Array(std::move(items));
}

Datum OptLong(const std::optional<int64_t>& v) { return v ? Datum::Long(*v) : Datum::Null(); }

// Reading: fields are found by name in the writer's schema, so other writers' field order and
// extra fields are fine.
class RecordView {
 public:
  RecordView(const avro::Node* schema, const Datum* datum) : schema_(schema), datum_(datum) {}
  const Datum* Get(const char* name) const {
    if (schema_ == nullptr || schema_->kind != Kind::kRecord) return nullptr;
    return datum_->FieldOf(*schema_, name);
  }
  // The record schema of field `name` (unwrapping an optional union).
  const avro::Node* SchemaOf(const char* name) const {
    int i = schema_->FieldIndex(name);
    if (i < 0) return nullptr;
    const avro::Node* s = schema_->fields[i].schema.get();
    if (s->kind == Kind::kUnion) {
      for (const SchemaPtr& b : s->branches) {
        if (b->kind != Kind::kNull) return b.get();
      }
    }
    return s;
  }

 private:
  const avro::Node* schema_;
  const Datum* datum_;
};

struct BadFile {
  std::string why;
};

int64_t NeedInteger(const RecordView& r, const char* name) {
  const Datum* d = r.Get(name);
  if (d == nullptr || (d->kind() != Kind::kInt && d->kind() != Kind::kLong)) {
    throw BadFile{std::string("missing or non-integer ") + name};
  }
  return d->integer();
}

std::optional<int64_t> OptInteger(const RecordView& r, const char* name) {
  const Datum* d = r.Get(name);
  if (d == nullptr || d->is_null()) return std::nullopt;
  if (d->kind() != Kind::kInt && d->kind() != Kind::kLong)
    throw BadFile{std::string("non-integer ") + name};
  return d->integer();
}

std::string NeedString(const RecordView& r, const char* name) {
  const Datum* d = r.Get(name);
  if (d == nullptr || d->kind() != Kind::kString) throw BadFile{std::string("missing ") + name};
  return d->bytes();
}

template <typename V>
void ReadIntMap(const RecordView& r, const char* name, std::map<int32_t, V>* out) {
  const Datum* d = r.Get(name);
  if (d == nullptr || d->is_null()) return;
  if (d->kind() != Kind::kArray) throw BadFile{std::string(name) + " is not an array map"};
  for (const Datum& kv : d->children()) {
    if (kv.kind() != Kind::kRecord || kv.children().size() != 2 ||
        kv.children()[0].kind() != Kind::kInt) {
      throw BadFile{std::string(name) + " has a malformed entry"};
    }
    const Datum& v = kv.children()[1];
    if constexpr (std::is_same_v<V, int64_t>) {
      if (v.kind() != Kind::kLong && v.kind() != Kind::kInt)
        throw BadFile{std::string(name) + " value"};
      (*out)[static_cast<int32_t>(kv.children()[0].integer())] = v.integer();
    } else {
      if (v.kind() != Kind::kBytes) throw BadFile{std::string(name) + " value"};
      (*out)[static_cast<int32_t>(kv.children()[0].integer())] = v.bytes();
    }
  }
}

template <typename T>
void ReadList(const RecordView& r, const char* name, std::vector<T>* out) {
  const Datum* d = r.Get(name);
  if (d == nullptr || d->is_null()) return;
  if (d->kind() != Kind::kArray) throw BadFile{std::string(name) + " is not a list"};
  for (const Datum& item : d->children()) {
    if (item.kind() != Kind::kLong && item.kind() != Kind::kInt)
      throw BadFile{std::string(name) + " item"};
    out->push_back(static_cast<T>(item.integer()));
  }
}

bool IsNaNValue(const Value& v) {
  return (v.type().id == TypeId::kFloat4 || v.type().id == TypeId::kFloat8) &&
         std::isnan(v.GetDouble());
}

}  // namespace

bool DataFile::operator==(const DataFile& o) const {
  if (partition.size() != o.partition.size()) return false;
  for (size_t i = 0; i < partition.size(); i++) {
    const auto& a = partition[i];
    const auto& b = o.partition[i];
    if (a.first != b.first || a.second.has_value() != b.second.has_value()) return false;
    if (a.second && (!a.second->type().SameBase(b.second->type()) ||
                     CompareValues(*a.second, *b.second) != 0)) {
      return false;
    }
  }
  return content == o.content && file_path == o.file_path && file_format == o.file_format &&
         record_count == o.record_count && file_size_in_bytes == o.file_size_in_bytes &&
         column_sizes == o.column_sizes && value_counts == o.value_counts &&
         null_value_counts == o.null_value_counts && nan_value_counts == o.nan_value_counts &&
         lower_bounds == o.lower_bounds && upper_bounds == o.upper_bounds &&
         split_offsets == o.split_offsets && equality_ids == o.equality_ids &&
         sort_order_id == o.sort_order_id && referenced_data_file == o.referenced_data_file;
}

SchemaPtr ManifestEntrySchema(const TableMetadata& md, const PartitionSpec& spec) {
  std::vector<avro::Field> partition_fields;
  for (const PartitionField& f : spec.fields) {
    auto t = PartitionResultType(md, f);
    PrimitiveType pt = t.ok() ? t.value() : PrimitiveType{IcebergType::kString};
    partition_fields.push_back(MakeField(f.name, Optional(AvroSchemaOf(pt)), Id(f.field_id)));
  }
  SchemaPtr data_file = avro::Record(
      "r2",
      {MakeField("content", Primitive(Kind::kInt), Id(134)),
       MakeField("file_path", Primitive(Kind::kString), Id(100)),
       MakeField("file_format", Primitive(Kind::kString), Id(101)),
       MakeField("partition", avro::Record("r102", std::move(partition_fields)), Id(102)),
       MakeField("record_count", Primitive(Kind::kLong), Id(103)),
       MakeField("file_size_in_bytes", Primitive(Kind::kLong), Id(104)),
       MakeField("column_sizes", Optional(IntMap(117, 118, Kind::kLong)), Id(108)),
       MakeField("value_counts", Optional(IntMap(119, 120, Kind::kLong)), Id(109)),
       MakeField("null_value_counts", Optional(IntMap(121, 122, Kind::kLong)), Id(110)),
       MakeField("nan_value_counts", Optional(IntMap(138, 139, Kind::kLong)), Id(137)),
       MakeField("lower_bounds", Optional(IntMap(126, 127, Kind::kBytes)), Id(125)),
       MakeField("upper_bounds", Optional(IntMap(129, 130, Kind::kBytes)), Id(128)),
       MakeField("key_metadata", Optional(Primitive(Kind::kBytes)), Id(131)),
       MakeField("split_offsets",
                 Optional(avro::Array(Primitive(Kind::kLong), {{"element-id", 133}})), Id(132)),
       MakeField("equality_ids",
                 Optional(avro::Array(Primitive(Kind::kInt), {{"element-id", 136}})), Id(135)),
       MakeField("sort_order_id", Optional(Primitive(Kind::kInt)), Id(140)),
       MakeField("referenced_data_file", Optional(Primitive(Kind::kString)), Id(143))});
  return avro::Record("manifest_entry",
                      {MakeField("status", Primitive(Kind::kInt), Id(0)),
                       MakeField("snapshot_id", Optional(Primitive(Kind::kLong)), Id(1)),
                       MakeField("sequence_number", Optional(Primitive(Kind::kLong)), Id(3)),
                       MakeField("file_sequence_number", Optional(Primitive(Kind::kLong)), Id(4)),
                       MakeField("data_file", data_file, Id(2))});
}

SchemaPtr ManifestFileSchema() {
  SchemaPtr summary =
      avro::Record("r508", {MakeField("contains_null", Primitive(Kind::kBoolean), Id(509)),
                            MakeField("contains_nan", Optional(Primitive(Kind::kBoolean)), Id(518)),
                            MakeField("lower_bound", Optional(Primitive(Kind::kBytes)), Id(510)),
                            MakeField("upper_bound", Optional(Primitive(Kind::kBytes)), Id(511))});
  return avro::Record(
      "manifest_file",
      {MakeField("manifest_path", Primitive(Kind::kString), Id(500)),
       MakeField("manifest_length", Primitive(Kind::kLong), Id(501)),
       MakeField("partition_spec_id", Primitive(Kind::kInt), Id(502)),
       MakeField("content", Primitive(Kind::kInt), Id(517)),
       MakeField("sequence_number", Primitive(Kind::kLong), Id(515)),
       MakeField("min_sequence_number", Primitive(Kind::kLong), Id(516)),
       MakeField("added_snapshot_id", Primitive(Kind::kLong), Id(503)),
       MakeField("added_files_count", Primitive(Kind::kInt), Id(504)),
       MakeField("existing_files_count", Primitive(Kind::kInt), Id(505)),
       MakeField("deleted_files_count", Primitive(Kind::kInt), Id(506)),
       MakeField("added_rows_count", Primitive(Kind::kLong), Id(512)),
       MakeField("existing_rows_count", Primitive(Kind::kLong), Id(513)),
       MakeField("deleted_rows_count", Primitive(Kind::kLong), Id(514)),
       MakeField("partitions", Optional(avro::Array(summary, {{"element-id", 508}})), Id(507)),
       MakeField("key_metadata", Optional(Primitive(Kind::kBytes)), Id(519))});
}

Result<ManifestFile> WriteManifest(const std::string& location, const TableMetadata& md,
                                   int64_t snapshot_id, int64_t sequence_number, int32_t content,
                                   const std::vector<ManifestEntry>& entries, avro::Codec codec) {
  const PartitionSpec& spec = md.DefaultSpec();
  std::vector<PrimitiveType> part_types;
  for (const PartitionField& f : spec.fields) {
    auto t = PartitionResultType(md, f);
    if (!t.ok()) return t.status();
    part_types.push_back(t.value());
  }
  json spec_fields = PartitionSpecToJson(spec)["fields"];
  avro::ContainerWriter writer(
      ManifestEntrySchema(md, spec), codec,
      {{"schema", SchemaToJson(md.current_schema_id, md.CurrentSchema().columns).dump()},
       {"schema-id", std::to_string(md.current_schema_id)},
       {"partition-spec", spec_fields.dump()},
       {"partition-spec-id", std::to_string(spec.spec_id)},
       {"format-version", "2"},
       {"content", content == 0 ? "data" : "deletes"}});

  ManifestFile mf;
  mf.manifest_path = location;
  mf.partition_spec_id = spec.spec_id;
  mf.content = content;
  mf.sequence_number = sequence_number;
  mf.min_sequence_number = sequence_number;
  mf.added_snapshot_id = snapshot_id;
  mf.partitions.resize(spec.fields.size());
  std::vector<std::optional<Value>> lows(spec.fields.size()), highs(spec.fields.size());

  for (const ManifestEntry& e : entries) {
    const DataFile& f = e.file;
    if ((content == 0) != (f.content == kContentData)) {
      return Status::InvalidArgument("data file " + f.file_path + " has content " +
                                     std::to_string(f.content) + " in a manifest of content " +
                                     std::to_string(content));
    }
    if (e.status != kStatusAdded && !e.sequence_number) {
      return Status::InvalidArgument("existing/deleted entry " + f.file_path +
                                     " needs a sequence number");
    }
    std::vector<Datum> part(spec.fields.size());
    for (size_t i = 0; i < spec.fields.size(); i++) {
      std::optional<Value> v;
      for (const auto& [id, pv] : f.partition) {
        if (id == spec.fields[i].field_id && pv && !pv->is_null()) v = pv;
      }
      FieldSummary& s = mf.partitions[i];
      if (!v) {
        s.contains_null = true;
        continue;
      }
      auto d = ValueToDatum(part_types[i], *v);
      if (!d.ok())
        return Status::InvalidArgument(f.file_path + ": partition: " + d.status().message());
      part[i] = d.value();
      if (IsNaNValue(*v)) {
        s.contains_nan = true;
        continue;
      }
      if (!lows[i] || CompareValues(*v, *lows[i]) < 0) lows[i] = v;
      if (!highs[i] || CompareValues(*v, *highs[i]) > 0) highs[i] = v;
    }
    std::vector<Datum> split, eq;
    for (int64_t o : f.split_offsets) split.push_back(Datum::Long(o));
    for (int32_t id : f.equality_ids) eq.push_back(Datum::Int(id));
    Datum data_file = Datum::Record(
        {Datum::Int(f.content), Datum::String(f.file_path), Datum::String(f.file_format),
         Datum::Record(std::move(part)), Datum::Long(f.record_count),
         Datum::Long(f.file_size_in_bytes), LongMapDatum(f.column_sizes),
         LongMapDatum(f.value_counts), LongMapDatum(f.null_value_counts),
         LongMapDatum(f.nan_value_counts), BinaryMapDatum(f.lower_bounds),
         BinaryMapDatum(f.upper_bounds), Datum::Null(),
         split.empty() ? Datum::Null() : Datum::Array(std::move(split)),
         eq.empty() ? Datum::Null() : Datum::Array(std::move(eq)),
         f.sort_order_id ? Datum::Int(*f.sort_order_id) : Datum::Null(),
         f.referenced_data_file ? Datum::String(*f.referenced_data_file) : Datum::Null()});
    Status st = writer.Append(
        Datum::Record({Datum::Int(e.status), OptLong(e.snapshot_id), OptLong(e.sequence_number),
                       OptLong(e.file_sequence_number), std::move(data_file)}));
    if (!st.ok()) return Status::InvalidArgument(f.file_path + ": " + st.message());

    const int64_t data_seq = e.sequence_number.value_or(sequence_number);
    if (e.status != kStatusDeleted)
      mf.min_sequence_number = std::min(mf.min_sequence_number, data_seq);
    if (e.status == kStatusAdded) {
      mf.added_files_count++;
      mf.added_rows_count += f.record_count;
    } else if (e.status == kStatusExisting) {
      mf.existing_files_count++;
      mf.existing_rows_count += f.record_count;
    } else {
      mf.deleted_files_count++;
      mf.deleted_rows_count += f.record_count;
    }
  }
  for (size_t i = 0; i < spec.fields.size(); i++) {
    if (lows[i]) mf.partitions[i].lower_bound = SerializePrimitive(part_types[i], *lows[i]);
    if (highs[i]) mf.partitions[i].upper_bound = SerializePrimitive(part_types[i], *highs[i]);
    if (!mf.partitions[i].contains_nan &&
        (part_types[i].type == IcebergType::kFloat || part_types[i].type == IcebergType::kDouble)) {
      mf.partitions[i].contains_nan = false;
    }
  }
  auto bytes = writer.Finish();
  if (!bytes.ok()) return bytes.status();
  Status st = WriteNewFile(LocalPath(location), bytes.value());
  if (!st.ok()) return st;
  mf.manifest_length = static_cast<int64_t>(bytes.value().size());
  return mf;
}

Result<std::vector<ManifestEntry>> ReadManifest(const ManifestFile& mf) {
  const std::string path = LocalPath(mf.manifest_path);
  auto file = avro::ReadContainerFile(path);
  if (!file.ok()) return file.status();
  const avro::ContainerContents& c = file.value();
  std::vector<ManifestEntry> out;
  try {
    auto fv = c.metadata.find("format-version");
    if (fv != c.metadata.end() && fv->second != "2" && fv->second != "1") {
      throw BadFile{"format-version " + fv->second};
    }
    for (const Datum& rec : c.records) {
      RecordView entry(c.schema.get(), &rec);
      ManifestEntry e;
      e.status = static_cast<int32_t>(NeedInteger(entry, "status"));
      if (e.status < 0 || e.status > 2) throw BadFile{"bad status"};
      e.snapshot_id = OptInteger(entry, "snapshot_id").value_or(mf.added_snapshot_id);
      e.sequence_number = OptInteger(entry, "sequence_number");
      e.file_sequence_number = OptInteger(entry, "file_sequence_number");
      if (e.status == kStatusAdded) {
        if (!e.sequence_number) e.sequence_number = mf.sequence_number;
        if (!e.file_sequence_number) e.file_sequence_number = mf.sequence_number;
      } else if (!e.sequence_number) {
        throw BadFile{"existing/deleted entry without a sequence number"};
      }
      const Datum* df = entry.Get("data_file");
      if (df == nullptr || df->kind() != Kind::kRecord) throw BadFile{"missing data_file"};
      RecordView file_view(entry.SchemaOf("data_file"), df);
      DataFile& f = e.file;
      f.content = static_cast<int32_t>(OptInteger(file_view, "content").value_or(0));
      f.file_path = NeedString(file_view, "file_path");
      f.file_format = NeedString(file_view, "file_format");
      f.record_count = NeedInteger(file_view, "record_count");
      f.file_size_in_bytes = NeedInteger(file_view, "file_size_in_bytes");
      if (const Datum* part = file_view.Get("partition"); part != nullptr && !part->is_null()) {
        const avro::Node* ps = file_view.SchemaOf("partition");
        if (ps->kind != Kind::kRecord || part->children().size() != ps->fields.size()) {
          throw BadFile{"malformed partition"};
        }
        for (size_t i = 0; i < ps->fields.size(); i++) {
          const avro::Field& pf = ps->fields[i];
          const avro::Node* vs = pf.schema.get();
          if (vs->kind == Kind::kUnion && part->children()[i].kind() != Kind::kNull) {
            for (const SchemaPtr& b : vs->branches) {
              if (b->kind == part->children()[i].kind()) vs = b.get();
            }
          }
          auto v = DatumToValue(*vs, part->children()[i]);
          if (!v.ok()) throw BadFile{"partition " + pf.name + ": " + v.status().message()};
          auto id = pf.props.find("field-id");
          if (id == pf.props.end() || !id->is_number_integer())
            throw BadFile{"partition field without field-id"};
          f.partition.emplace_back(id->get<int32_t>(), v.value());
        }
      }
      ReadIntMap(file_view, "column_sizes", &f.column_sizes);
      ReadIntMap(file_view, "value_counts", &f.value_counts);
      ReadIntMap(file_view, "null_value_counts", &f.null_value_counts);
      ReadIntMap(file_view, "nan_value_counts", &f.nan_value_counts);
      ReadIntMap(file_view, "lower_bounds", &f.lower_bounds);
      ReadIntMap(file_view, "upper_bounds", &f.upper_bounds);
      ReadList(file_view, "split_offsets", &f.split_offsets);
      ReadList(file_view, "equality_ids", &f.equality_ids);
      if (auto so = OptInteger(file_view, "sort_order_id"))
        f.sort_order_id = static_cast<int32_t>(*so);
      if (const Datum* r = file_view.Get("referenced_data_file");
          r != nullptr && r->kind() == Kind::kString) {
        f.referenced_data_file = r->bytes();
      }
      out.push_back(std::move(e));
    }
  } catch (const BadFile& e) {
    return Status::Corruption("manifest " + path + ": " + e.why);
  }
  return out;
}

Status WriteManifestList(const std::string& location, int64_t snapshot_id,
                         std::optional<int64_t> parent_id, int64_t sequence_number,
                         const std::vector<ManifestFile>& manifests, avro::Codec codec) {
  avro::ContainerWriter writer(
      ManifestFileSchema(), codec,
      {{"snapshot-id", std::to_string(snapshot_id)},
       {"parent-snapshot-id", parent_id ? std::to_string(*parent_id) : "null"},
       {"sequence-number", std::to_string(sequence_number)},
       {"format-version", "2"}});
  for (const ManifestFile& m : manifests) {
    std::vector<Datum> summaries;
    for (const FieldSummary& s : m.partitions) {
      summaries.push_back(
          Datum::Record({Datum::Boolean(s.contains_null),
                         s.contains_nan ? Datum::Boolean(*s.contains_nan) : Datum::Null(),
                         s.lower_bound ? Datum::Bytes(*s.lower_bound) : Datum::Null(),
                         s.upper_bound ? Datum::Bytes(*s.upper_bound) : Datum::Null()}));
    }
    Status st = writer.Append(Datum::Record(
        {Datum::String(m.manifest_path), Datum::Long(m.manifest_length),
         Datum::Int(m.partition_spec_id), Datum::Int(m.content), Datum::Long(m.sequence_number),
         Datum::Long(m.min_sequence_number), Datum::Long(m.added_snapshot_id),
         Datum::Int(m.added_files_count), Datum::Int(m.existing_files_count),
         Datum::Int(m.deleted_files_count), Datum::Long(m.added_rows_count),
         Datum::Long(m.existing_rows_count), Datum::Long(m.deleted_rows_count),
         Datum::Array(std::move(summaries)), Datum::Null()}));
    if (!st.ok()) return st;
  }
  auto bytes = writer.Finish();
  if (!bytes.ok()) return bytes.status();
  return WriteNewFile(LocalPath(location), bytes.value());
}

Result<std::vector<ManifestFile>> ReadManifestList(const std::string& location) {
  const std::string path = LocalPath(location);
  auto file = avro::ReadContainerFile(path);
  if (!file.ok()) return file.status();
  const avro::ContainerContents& c = file.value();
  std::vector<ManifestFile> out;
  try {
    for (const Datum& rec : c.records) {
      RecordView r(c.schema.get(), &rec);
      ManifestFile m;
      m.manifest_path = NeedString(r, "manifest_path");
      m.manifest_length = NeedInteger(r, "manifest_length");
      m.partition_spec_id = static_cast<int32_t>(NeedInteger(r, "partition_spec_id"));
      m.content = static_cast<int32_t>(OptInteger(r, "content").value_or(0));
      m.sequence_number = OptInteger(r, "sequence_number").value_or(0);
      m.min_sequence_number = OptInteger(r, "min_sequence_number").value_or(0);
      m.added_snapshot_id = NeedInteger(r, "added_snapshot_id");
      m.added_files_count = static_cast<int32_t>(OptInteger(r, "added_files_count").value_or(0));
      m.existing_files_count =
          static_cast<int32_t>(OptInteger(r, "existing_files_count").value_or(0));
      m.deleted_files_count =
          static_cast<int32_t>(OptInteger(r, "deleted_files_count").value_or(0));
      m.added_rows_count = OptInteger(r, "added_rows_count").value_or(0);
      m.existing_rows_count = OptInteger(r, "existing_rows_count").value_or(0);
      m.deleted_rows_count = OptInteger(r, "deleted_rows_count").value_or(0);
      const Datum* parts = r.Get("partitions");
      if (parts != nullptr && parts->kind() == Kind::kArray) {
        const avro::Node* array_schema = r.SchemaOf("partitions");
        const avro::Node* item = array_schema->items.get();
        for (const Datum& p : parts->children()) {
          RecordView pv(item, &p);
          FieldSummary s;
          const Datum* cn = pv.Get("contains_null");
          if (cn == nullptr || cn->kind() != Kind::kBoolean)
            throw BadFile{"field summary without contains_null"};
          s.contains_null = cn->boolean();
          if (const Datum* nan = pv.Get("contains_nan");
              nan != nullptr && nan->kind() == Kind::kBoolean) {
            s.contains_nan = nan->boolean();
          }
          if (const Datum* lo = pv.Get("lower_bound");
              lo != nullptr && lo->kind() == Kind::kBytes) {
            s.lower_bound = lo->bytes();
          }
          if (const Datum* hi = pv.Get("upper_bound");
              hi != nullptr && hi->kind() == Kind::kBytes) {
            s.upper_bound = hi->bytes();
          }
          m.partitions.push_back(std::move(s));
        }
      }
      out.push_back(std::move(m));
    }
  } catch (const BadFile& e) {
    return Status::Corruption("manifest list " + path + ": " + e.why);
  }
  return out;
}

}  // namespace firn::iceberg
