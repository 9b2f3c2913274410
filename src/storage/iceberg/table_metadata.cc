#include "storage/iceberg/table_metadata.h"

#include <algorithm>
#include <set>

namespace firn::iceberg {

namespace {

using nlohmann::json;

const char* const kModelledKeys[] = {
    "format-version",
    "table-uuid",
    "location",
    "last-sequence-number",
    "last-updated-ms",
    "last-column-id",
    "schemas",
    "current-schema-id",
    "partition-specs",
    "default-spec-id",
    "last-partition-id",
    "sort-orders",
    "default-sort-order-id",
    "properties",
    "current-snapshot-id",
    "snapshots",
    "snapshot-log",
    "metadata-log",
    "refs",
    "schema",
    "partition-spec",
};

// Thrown inside the parser for a semantic problem; turned into Corruption.
struct BadMetadata {
  std::string why;
};

const json& Need(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) throw BadMetadata{std::string("missing \"") + key + "\""};
  return *it;
}

int64_t NeedLong(const json& j, const char* key) {
  const json& v = Need(j, key);
  if (!v.is_number_integer()) throw BadMetadata{std::string("\"") + key + "\" is not an integer"};
  return v.get<int64_t>();
}

int32_t NeedInt(const json& j, const char* key) {
  int64_t v = NeedLong(j, key);
  if (v < INT32_MIN || v > INT32_MAX)
    throw BadMetadata{std::string("\"") + key + "\" out of range"};
  return static_cast<int32_t>(v);
}

std::string NeedString(const json& j, const char* key) {
  const json& v = Need(j, key);
  if (!v.is_string()) throw BadMetadata{std::string("\"") + key + "\" is not a string"};
  return v.get<std::string>();
}

const json& NeedArray(const json& j, const char* key) {
  const json& v = Need(j, key);
  if (!v.is_array()) throw BadMetadata{std::string("\"") + key + "\" is not a list"};
  return v;
}

std::optional<int64_t> OptLong(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::nullopt;
  if (!it->is_number_integer()) throw BadMetadata{std::string("\"") + key + "\" is not an integer"};
  return it->get<int64_t>();
}

std::string TypeCode(const Type& t) {
  return std::to_string(t.Oid()) + ":" + std::to_string(t.typmod);
}

std::optional<Type> ParseTypeCode(const std::string& code) {
  size_t colon = code.find(':');
  if (colon == std::string::npos) return std::nullopt;
  try {
    auto t = Type::FromOid(static_cast<uint32_t>(std::stoul(code.substr(0, colon))));
    if (!t) return std::nullopt;
    t->typmod = std::stoi(code.substr(colon + 1));
    return t;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

json SnapshotToJson(const Snapshot& s) {
  json j = {{"snapshot-id", s.snapshot_id},
            {"sequence-number", s.sequence_number},
            {"timestamp-ms", s.timestamp_ms},
            {"manifest-list", s.manifest_list},
            {"summary", s.summary}};
  if (s.parent_snapshot_id) j["parent-snapshot-id"] = *s.parent_snapshot_id;
  if (s.schema_id) j["schema-id"] = *s.schema_id;
  return j;
}

Snapshot SnapshotFromJson(const json& j) {
  Snapshot s;
  s.snapshot_id = NeedLong(j, "snapshot-id");
  s.parent_snapshot_id = OptLong(j, "parent-snapshot-id");
  s.sequence_number = NeedLong(j, "sequence-number");
  s.timestamp_ms = NeedLong(j, "timestamp-ms");
  s.manifest_list = NeedString(j, "manifest-list");
  const json& summary = Need(j, "summary");
  if (!summary.is_object()) throw BadMetadata{"snapshot summary is not an object"};
  for (auto it = summary.begin(); it != summary.end(); ++it) {
    if (!it->is_string()) throw BadMetadata{"snapshot summary value is not a string"};
    s.summary[it.key()] = it->get<std::string>();
  }
  if (s.summary.count("operation") == 0) throw BadMetadata{"snapshot summary without operation"};
  if (auto sid = OptLong(j, "schema-id")) s.schema_id = static_cast<int32_t>(*sid);
  return s;
}

}  // namespace

const Schema& TableMetadata::CurrentSchema() const {
  for (const Schema& s : schemas) {
    if (s.schema_id == current_schema_id) return s;
  }
  return schemas.front();
}

void TableMetadata::AddCurrentSchema(std::vector<Column> columns) {
  int32_t id = 0;
  for (const Schema& s : schemas) id = std::max(id, s.schema_id + 1);
  last_column_id = std::max(last_column_id, MaxFieldId(columns));
  schemas.push_back(Schema{id, std::move(columns)});
  current_schema_id = id;
}

const PartitionSpec& TableMetadata::DefaultSpec() const {
  for (const PartitionSpec& s : partition_specs) {
    if (s.spec_id == default_spec_id) return s;
  }
  return partition_specs.front();
}

const Snapshot* TableMetadata::FindSnapshot(int64_t snapshot_id) const {
  for (const Snapshot& s : snapshots) {
    if (s.snapshot_id == snapshot_id) return &s;
  }
  return nullptr;
}

const Snapshot* TableMetadata::CurrentSnapshot() const {
  return current_snapshot_id ? FindSnapshot(*current_snapshot_id) : nullptr;
}

json PartitionSpecToJson(const PartitionSpec& spec) {
  json fields = json::array();
  for (const PartitionField& f : spec.fields) {
    fields.push_back({{"source-id", f.source_id},
                      {"field-id", f.field_id},
                      {"name", f.name},
                      {"transform", f.transform}});
  }
  return {{"spec-id", spec.spec_id}, {"fields", fields}};
}

std::string TableMetadataToJson(const TableMetadata& md) {
  json j = md.extra.is_object() ? md.extra : json::object();
  j["format-version"] = 2;
  j["table-uuid"] = md.table_uuid;
  j["location"] = md.location;
  j["last-sequence-number"] = md.last_sequence_number;
  j["last-updated-ms"] = md.last_updated_ms;
  j["last-column-id"] = md.last_column_id;
  json schemas = json::array();
  json types = json::object();
  json oids = json::object();
  for (const Schema& s : md.schemas) {
    schemas.push_back(SchemaToJson(s.schema_id, s.columns));
    for (const Column& c : s.columns) {
      types[std::to_string(c.field_id)] = TypeCode(c.type);
      if (c.firn_oid != 0) oids[std::to_string(c.field_id)] = c.firn_oid;
    }
  }
  j["schemas"] = schemas;
  j["current-schema-id"] = md.current_schema_id;
  json specs = json::array();
  for (const PartitionSpec& s : md.partition_specs) specs.push_back(PartitionSpecToJson(s));
  j["partition-specs"] = specs;
  j["default-spec-id"] = md.default_spec_id;
  j["last-partition-id"] = md.last_partition_id;
  json orders = json::array();
  for (const SortOrder& o : md.sort_orders) {
    json fields = json::array();
    for (const SortField& f : o.fields) {
      fields.push_back({{"transform", f.transform},
                        {"source-id", f.source_id},
                        {"direction", f.direction},
                        {"null-order", f.null_order}});
    }
    orders.push_back({{"order-id", o.order_id}, {"fields", fields}});
  }
  j["sort-orders"] = orders;
  j["default-sort-order-id"] = md.default_sort_order_id;
  json props = md.properties;
  props[kFirnColumnTypesProperty] = types.dump();
  if (!oids.empty()) props[kFirnColumnOidsProperty] = oids.dump();
  j["properties"] = props;
  j["current-snapshot-id"] = md.current_snapshot_id.value_or(-1);
  json snapshots = json::array();
  for (const Snapshot& s : md.snapshots) snapshots.push_back(SnapshotToJson(s));
  j["snapshots"] = snapshots;
  json slog = json::array();
  for (const SnapshotLogEntry& e : md.snapshot_log) {
    slog.push_back({{"snapshot-id", e.snapshot_id}, {"timestamp-ms", e.timestamp_ms}});
  }
  j["snapshot-log"] = slog;
  json mlog = json::array();
  for (const MetadataLogEntry& e : md.metadata_log) {
    mlog.push_back({{"metadata-file", e.metadata_file}, {"timestamp-ms", e.timestamp_ms}});
  }
  j["metadata-log"] = mlog;
  json refs = json::object();
  for (const auto& [name, r] : md.refs) {
    json jr = {{"snapshot-id", r.snapshot_id}, {"type", r.type}};
    if (r.min_snapshots_to_keep) jr["min-snapshots-to-keep"] = *r.min_snapshots_to_keep;
    if (r.max_snapshot_age_ms) jr["max-snapshot-age-ms"] = *r.max_snapshot_age_ms;
    if (r.max_ref_age_ms) jr["max-ref-age-ms"] = *r.max_ref_age_ms;
    refs[name] = jr;
  }
  j["refs"] = refs;
  return j.dump(2);
}

Result<TableMetadata> ParseTableMetadata(std::string_view text, const std::string& path) {
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    return Status::Corruption("table metadata " + path + " is not a JSON object");
  }
  TableMetadata md;
  try {
    int64_t version = NeedLong(j, "format-version");
    if (version != 2) {
      return Status::NotSupported("table metadata " + path + " has format-version " +
                                  std::to_string(version) + "; Firn reads version 2");
    }
    md.table_uuid = NeedString(j, "table-uuid");
    md.location = NeedString(j, "location");
    md.last_sequence_number = NeedLong(j, "last-sequence-number");
    md.last_updated_ms = NeedLong(j, "last-updated-ms");
    md.last_column_id = NeedInt(j, "last-column-id");
    md.current_schema_id = NeedInt(j, "current-schema-id");

    std::map<std::string, std::string> props;
    if (auto it = j.find("properties"); it != j.end() && !it->is_null()) {
      if (!it->is_object()) throw BadMetadata{"\"properties\" is not an object"};
      for (auto p = it->begin(); p != it->end(); ++p) {
        if (!p->is_string()) throw BadMetadata{"property " + p.key() + " is not a string"};
        props[p.key()] = p->get<std::string>();
      }
    }
    json types = json::object();
    if (auto t = props.find(kFirnColumnTypesProperty); t != props.end()) {
      types = json::parse(t->second, nullptr, false);
      if (!types.is_object()) throw BadMetadata{"bad firn.column-types property"};
      props.erase(t);
    }
    json oids = json::object();
    if (auto t = props.find(kFirnColumnOidsProperty); t != props.end()) {
      oids = json::parse(t->second, nullptr, false);
      if (!oids.is_object()) throw BadMetadata{"bad firn.column-oids property"};
      props.erase(t);
    }
    md.properties = std::move(props);

    for (const json& js : NeedArray(j, "schemas")) {
      Schema s;
      Status st = SchemaFromJson(js, &s.schema_id, &s.columns);
      if (st.code() == Status::Code::kNotSupported) {
        return Status::NotSupported("table metadata " + path + ": " + st.message());
      }
      if (!st.ok()) throw BadMetadata{st.message()};
      for (Column& c : s.columns) {
        if (auto oid = oids.find(std::to_string(c.field_id)); oid != oids.end()) {
          if (!oid->is_number_unsigned()) throw BadMetadata{"bad firn.column-oids property"};
          c.firn_oid = oid->get<uint32_t>();
        }
        auto code = types.find(std::to_string(c.field_id));
        if (code == types.end() || !code->is_string()) continue;
        auto firn_type = ParseTypeCode(code->get<std::string>());
        if (!firn_type ||
            !(IcebergTypeOf(firn_type->IsArray() ? firn_type->ElementType() : *firn_type) ==
              IcebergTypeOf(c.type.IsArray() ? c.type.ElementType() : c.type)) ||
            firn_type->IsArray() != c.type.IsArray()) {
          throw BadMetadata{"firn.column-types disagrees with the schema for field " +
                            std::to_string(c.field_id)};
        }
        c.type = *firn_type;
      }
      md.schemas.push_back(std::move(s));
    }
    if (std::none_of(md.schemas.begin(), md.schemas.end(),
                     [&](const Schema& s) { return s.schema_id == md.current_schema_id; })) {
      throw BadMetadata{"current-schema-id names no schema"};
    }

    md.partition_specs.clear();
    for (const json& js : NeedArray(j, "partition-specs")) {
      PartitionSpec spec;
      spec.spec_id = NeedInt(js, "spec-id");
      for (const json& f : NeedArray(js, "fields")) {
        spec.fields.push_back(PartitionField{NeedInt(f, "source-id"), NeedInt(f, "field-id"),
                                             NeedString(f, "name"), NeedString(f, "transform")});
      }
      md.partition_specs.push_back(std::move(spec));
    }
    md.default_spec_id = NeedInt(j, "default-spec-id");
    if (std::none_of(md.partition_specs.begin(), md.partition_specs.end(),
                     [&](const PartitionSpec& s) { return s.spec_id == md.default_spec_id; })) {
      throw BadMetadata{"default-spec-id names no partition spec"};
    }
    md.last_partition_id = NeedInt(j, "last-partition-id");

    md.sort_orders.clear();
    for (const json& jo : NeedArray(j, "sort-orders")) {
      SortOrder o;
      o.order_id = NeedInt(jo, "order-id");
      for (const json& f : NeedArray(jo, "fields")) {
        o.fields.push_back(SortField{NeedString(f, "transform"), NeedInt(f, "source-id"),
                                     NeedString(f, "direction"), NeedString(f, "null-order")});
      }
      md.sort_orders.push_back(std::move(o));
    }
    md.default_sort_order_id = NeedInt(j, "default-sort-order-id");

    if (auto cur = OptLong(j, "current-snapshot-id"); cur && *cur != -1)
      md.current_snapshot_id = cur;
    if (j.contains("snapshots")) {
      for (const json& js : NeedArray(j, "snapshots")) md.snapshots.push_back(SnapshotFromJson(js));
    }
    if (md.current_snapshot_id && md.FindSnapshot(*md.current_snapshot_id) == nullptr) {
      throw BadMetadata{"current-snapshot-id names no snapshot"};
    }
    if (j.contains("snapshot-log")) {
      for (const json& e : NeedArray(j, "snapshot-log")) {
        md.snapshot_log.push_back({NeedLong(e, "snapshot-id"), NeedLong(e, "timestamp-ms")});
      }
    }
    if (j.contains("metadata-log")) {
      for (const json& e : NeedArray(j, "metadata-log")) {
        md.metadata_log.push_back({NeedString(e, "metadata-file"), NeedLong(e, "timestamp-ms")});
      }
    }
    if (auto it = j.find("refs"); it != j.end() && !it->is_null()) {
      if (!it->is_object()) throw BadMetadata{"\"refs\" is not an object"};
      for (auto r = it->begin(); r != it->end(); ++r) {
        SnapshotRef ref;
        ref.snapshot_id = NeedLong(*r, "snapshot-id");
        ref.type = NeedString(*r, "type");
        if (ref.type != "branch" && ref.type != "tag")
          throw BadMetadata{"bad ref type " + ref.type};
        if (auto v = OptLong(*r, "min-snapshots-to-keep"))
          ref.min_snapshots_to_keep = static_cast<int32_t>(*v);
        ref.max_snapshot_age_ms = OptLong(*r, "max-snapshot-age-ms");
        ref.max_ref_age_ms = OptLong(*r, "max-ref-age-ms");
        md.refs[r.key()] = ref;
      }
    }
    if (md.current_snapshot_id && md.refs.count("main") == 0) {
      SnapshotRef main;  // implied by the spec
      main.snapshot_id = *md.current_snapshot_id;
      md.refs["main"] = main;
    }
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (std::find_if(std::begin(kModelledKeys), std::end(kModelledKeys),
                       [&](const char* k) { return it.key() == k; }) == std::end(kModelledKeys)) {
        md.extra[it.key()] = it.value();
      }
    }
  } catch (const BadMetadata& e) {
    return Status::Corruption("table metadata " + path + ": " + e.why);
  } catch (const json::exception& e) {
    return Status::Corruption("table metadata " + path + ": " + e.what());
  }
  return md;
}

}  // namespace firn::iceberg
