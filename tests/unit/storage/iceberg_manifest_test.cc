#include "storage/iceberg/manifest.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>

#include "scratch_dir.h"
#include "storage/iceberg/bounds.h"
#include "storage/iceberg/file_io.h"

namespace firn::iceberg {
namespace {

std::string AvroCheckScript() {
  std::string here = __FILE__;  // .../tests/unit/storage/<this file>
  return here.substr(0, here.rfind("/unit/storage/")) + "/readers/avro_check.py";
}

// The JSON avro_check.py prints for `file`, or null when it fails.
nlohmann::json AvroCheck(const std::string& file) {
  std::string cmd = "/usr/bin/python3 '" + AvroCheckScript() + "' '" + file + "' 2>/dev/null";
  FILE* p = ::popen(cmd.c_str(), "r");
  if (p == nullptr) return nullptr;
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof(buf), p)) > 0) out.append(buf, n);
  int rc = ::pclose(p);
  if (rc != 0) return nullptr;
  return nlohmann::json::parse(out, nullptr, false);
}

TableMetadata Metadata(const std::string& location) {
  TableMetadata md;
  md.table_uuid = "9c12d441-03fe-4693-9a96-a0705ddf69c1";
  md.location = location;
  std::vector<Column> cols = {{"id", Type(TypeId::kInt8), true},
                              {"name", Type(TypeId::kText)},
                              {"day", Type(TypeId::kDate)}};
  md.last_column_id = AssignFieldIds(&cols);
  md.schemas.push_back(Schema{0, cols});
  return md;
}

DataFile SampleFile(const std::string& path, int64_t rows) {
  DataFile f;
  f.file_path = path;
  f.record_count = rows;
  f.file_size_in_bytes = 1000 + rows;
  f.column_sizes = {{1, 100}, {2, 200}};
  f.value_counts = {{1, rows}, {2, rows}};
  f.null_value_counts = {{1, 0}, {2, 1}};
  f.lower_bounds = {{1, *SerializeBound(Type(TypeId::kInt8), Value::Int8(-5))}, {2, "apple"}};
  f.upper_bounds = {{1, *SerializeBound(Type(TypeId::kInt8), Value::Int8(rows))}, {2, "zebra"}};
  f.split_offsets = {4};
  f.sort_order_id = 0;
  return f;
}

class IcebergManifest : public ::testing::TestWithParam<avro::Codec> {};

TEST_P(IcebergManifest, ManifestRoundTripsAndInheritsSequenceNumbers) {
  ScratchDir dir;
  TableMetadata md = Metadata(dir.path());
  std::vector<ManifestEntry> entries;
  for (int i = 0; i < 3; i++) {
    ManifestEntry e;
    e.status = kStatusAdded;
    e.snapshot_id = 77;
    e.file = SampleFile(dir.path() + "/data/f" + std::to_string(i) + ".parquet", 10 * (i + 1));
    entries.push_back(e);
  }
  ManifestEntry existing;
  existing.status = kStatusExisting;
  existing.snapshot_id = 55;
  existing.sequence_number = 3;
  existing.file_sequence_number = 3;
  existing.file = SampleFile(dir.path() + "/data/old.parquet", 7);
  entries.push_back(existing);

  const std::string path = dir.path() + "/m0.avro";
  auto mf = WriteManifest(path, md, 77, 5, 0, entries, GetParam());
  ASSERT_TRUE(mf.ok()) << mf.status().ToString();
  EXPECT_EQ(mf.value().manifest_path, path);
  EXPECT_EQ(mf.value().manifest_length, static_cast<int64_t>(ReadWholeFile(path).value().size()));
  EXPECT_EQ(mf.value().added_files_count, 3);
  EXPECT_EQ(mf.value().added_rows_count, 60);
  EXPECT_EQ(mf.value().existing_files_count, 1);
  EXPECT_EQ(mf.value().existing_rows_count, 7);
  EXPECT_EQ(mf.value().sequence_number, 5);
  EXPECT_EQ(mf.value().min_sequence_number, 3);
  EXPECT_EQ(mf.value().added_snapshot_id, 77);

  auto back = ReadManifest(mf.value());
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  ASSERT_EQ(back.value().size(), 4u);
  for (int i = 0; i < 3; i++) {
    ManifestEntry expected = entries[i];
    expected.sequence_number = 5;  // inherited from the manifest list entry
    expected.file_sequence_number = 5;
    EXPECT_EQ(back.value()[i], expected) << i;
  }
  EXPECT_EQ(back.value()[3], existing);

  // A second writer (same sequence) must not clobber the file.
  EXPECT_FALSE(WriteManifest(path, md, 77, 5, 0, entries, GetParam()).ok());
}

TEST_P(IcebergManifest, ManifestListRoundTrips) {
  ScratchDir dir;
  ManifestFile a;
  a.manifest_path = dir.path() + "/a.avro";
  a.manifest_length = 1234;
  a.sequence_number = 2;
  a.min_sequence_number = 1;
  a.added_snapshot_id = 99;
  a.added_files_count = 3;
  a.added_rows_count = 300;
  ManifestFile b = a;
  b.manifest_path = dir.path() + "/b.avro";
  b.content = 1;
  b.existing_files_count = 4;
  b.deleted_files_count = 1;
  b.existing_rows_count = 40;
  b.deleted_rows_count = 10;
  b.partitions = {
      FieldSummary{true, false, std::string("\x01\0\0\0", 4), std::string("\x09\0\0\0", 4)},
      FieldSummary{false, std::nullopt, std::nullopt, std::nullopt}};
  const std::string path = dir.path() + "/snap.avro";
  ASSERT_TRUE(WriteManifestList(path, 99, 98, 2, {a, b}, GetParam()).ok());
  auto back = ReadManifestList(path);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  ASSERT_EQ(back.value().size(), 2u);
  EXPECT_EQ(back.value()[0], a);
  EXPECT_EQ(back.value()[1], b);
}

INSTANTIATE_TEST_SUITE_P(Codecs, IcebergManifest,
                         ::testing::Values(avro::Codec::kNull, avro::Codec::kDeflate));

TEST(IcebergManifestFormat, AvroSchemaCarriesSpecFieldIds) {
  TableMetadata md = Metadata("/x");
  nlohmann::json s = avro::SchemaToJson(ManifestEntrySchema(md, md.DefaultSpec()));
  EXPECT_EQ(s["name"], "manifest_entry");
  std::map<std::string, int> top;
  for (const auto& f : s["fields"]) top[f["name"]] = f["field-id"];
  EXPECT_EQ(top, (std::map<std::string, int>{{"status", 0},
                                             {"snapshot_id", 1},
                                             {"sequence_number", 3},
                                             {"file_sequence_number", 4},
                                             {"data_file", 2}}));
  const auto& data_file = s["fields"][4]["type"];
  EXPECT_EQ(data_file["name"], "r2");
  std::map<std::string, int> ids;
  for (const auto& f : data_file["fields"]) ids[f["name"]] = f["field-id"];
  EXPECT_EQ(ids, (std::map<std::string, int>{{"content", 134},
                                             {"file_path", 100},
                                             {"file_format", 101},
                                             {"partition", 102},
                                             {"record_count", 103},
                                             {"file_size_in_bytes", 104},
                                             {"column_sizes", 108},
                                             {"value_counts", 109},
                                             {"null_value_counts", 110},
                                             {"nan_value_counts", 137},
                                             {"lower_bounds", 125},
                                             {"upper_bounds", 128},
                                             {"key_metadata", 131},
                                             {"split_offsets", 132},
                                             {"equality_ids", 135},
                                             {"sort_order_id", 140},
                                             {"referenced_data_file", 143}}));
  const auto& lower = data_file["fields"][10];
  EXPECT_EQ(lower["default"], nullptr);
  const auto& arr = lower["type"][1];
  EXPECT_EQ(arr["logicalType"], "map");
  EXPECT_EQ(arr["items"]["name"], "k126_v127");
  EXPECT_EQ(arr["items"]["fields"][0],
            (nlohmann::json{{"name", "key"}, {"type", "int"}, {"field-id", 126}}));
  EXPECT_EQ(arr["items"]["fields"][1],
            (nlohmann::json{{"name", "value"}, {"type", "bytes"}, {"field-id", 127}}));
  EXPECT_EQ(data_file["fields"][3]["type"]["name"], "r102");
  EXPECT_EQ(data_file["fields"][13]["type"][1]["element-id"], 133);

  nlohmann::json list = avro::SchemaToJson(ManifestFileSchema());
  std::map<std::string, int> lids;
  for (const auto& f : list["fields"]) lids[f["name"]] = f["field-id"];
  EXPECT_EQ(lids, (std::map<std::string, int>{{"manifest_path", 500},
                                              {"manifest_length", 501},
                                              {"partition_spec_id", 502},
                                              {"content", 517},
                                              {"sequence_number", 515},
                                              {"min_sequence_number", 516},
                                              {"added_snapshot_id", 503},
                                              {"added_files_count", 504},
                                              {"existing_files_count", 505},
                                              {"deleted_files_count", 506},
                                              {"added_rows_count", 512},
                                              {"existing_rows_count", 513},
                                              {"deleted_rows_count", 514},
                                              {"partitions", 507},
                                              {"key_metadata", 519}}));
  EXPECT_EQ(list["fields"][13]["type"][1]["element-id"], 508);
}

TEST(IcebergManifestFormat, PartitionedManifestWritesTupleAndSummaries) {
  ScratchDir dir;
  TableMetadata md = Metadata(dir.path());
  md.partition_specs[0].fields.push_back(PartitionField{3, 1000, "day_identity", "identity"});
  md.partition_specs[0].fields.push_back(PartitionField{1, 1001, "id_bucket", "bucket[4]"});
  md.last_partition_id = 1001;
  std::vector<ManifestEntry> entries(3);
  const int64_t days[] = {20000, 19000, 19500};
  for (int i = 0; i < 3; i++) {
    entries[i].snapshot_id = 1;
    entries[i].file = SampleFile(dir.path() + "/p" + std::to_string(i), 1);
    entries[i].file.partition = {
        {1000, Value::Date(days[i])},
        {1001, i == 2 ? std::nullopt : std::optional<Value>(Value::Int4(i))}};
  }
  auto mf = WriteManifest(dir.path() + "/pm.avro", md, 1, 1, 0, entries, avro::Codec::kDeflate);
  ASSERT_TRUE(mf.ok()) << mf.status().ToString();
  ASSERT_EQ(mf.value().partitions.size(), 2u);
  EXPECT_FALSE(mf.value().partitions[0].contains_null);
  EXPECT_EQ(*mf.value().partitions[0].lower_bound,
            *SerializeBound(Type(TypeId::kDate), Value::Date(19000)));
  EXPECT_EQ(*mf.value().partitions[0].upper_bound,
            *SerializeBound(Type(TypeId::kDate), Value::Date(20000)));
  EXPECT_TRUE(mf.value().partitions[1].contains_null);
  auto back = ReadManifest(mf.value());
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  for (int i = 0; i < 3; i++) EXPECT_EQ(back.value()[i].file, entries[i].file) << i;

  nlohmann::json py = AvroCheck(dir.path() + "/pm.avro");
  ASSERT_FALSE(py.is_null()) << "python3-avro could not read the manifest";
  EXPECT_EQ(py["records"][0]["data_file"]["partition"]["day_identity"], "2024-10-04");
  EXPECT_EQ(py["records"][2]["data_file"]["partition"]["id_bucket"], nullptr);
}

TEST(IcebergManifestFormat, CorruptManifestIsCorruptionNamingTheFile) {
  ScratchDir dir;
  TableMetadata md = Metadata(dir.path());
  std::vector<ManifestEntry> entries(1);
  entries[0].file = SampleFile("/d/f.parquet", 3);
  const std::string path = dir.path() + "/m.avro";
  auto mf = WriteManifest(path, md, 1, 1, 0, entries, avro::Codec::kNull);
  ASSERT_TRUE(mf.ok());
  std::string bytes = ReadWholeFile(path).value();
  ASSERT_TRUE(ReplaceFile(path, bytes.substr(0, bytes.size() - 20)).ok());
  auto r = ReadManifest(mf.value());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kCorruption);
  EXPECT_NE(r.status().message().find(path), std::string::npos);
  // A valid Avro file that is not a manifest.
  avro::ContainerWriter w(
      avro::Record("x", {avro::MakeField("a", avro::Primitive(avro::Kind::kInt))}),
      avro::Codec::kNull, {});
  ASSERT_TRUE(w.Append(avro::Datum::Record({avro::Datum::Int(1)})).ok());
  ASSERT_TRUE(ReplaceFile(path, w.Finish().value()).ok());
  r = ReadManifest(mf.value());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kCorruption);
}

// Independent reader: python3-avro must read what Firn writes and see the same values.
TEST(IcebergManifestFormat, Python3AvroReadsManifestAndManifestList) {
  ScratchDir dir;
  TableMetadata md = Metadata(dir.path());
  std::vector<ManifestEntry> entries(1);
  entries[0].snapshot_id = 4242;
  entries[0].file = SampleFile("/wh/data/f.parquet", 12);
  const std::string mpath = dir.path() + "/m.avro";
  auto mf = WriteManifest(mpath, md, 4242, 9, 0, entries, avro::Codec::kDeflate);
  ASSERT_TRUE(mf.ok());
  nlohmann::json m = AvroCheck(mpath);
  ASSERT_FALSE(m.is_null()) << "python3-avro could not read the manifest";
  EXPECT_EQ(m["codec"], "deflate");
  EXPECT_EQ(m["metadata"]["format-version"], "2");
  EXPECT_EQ(m["metadata"]["content"], "data");
  EXPECT_EQ(m["metadata"]["partition-spec"], "[]");
  EXPECT_EQ(m["metadata"]["partition-spec-id"], "0");
  EXPECT_EQ(m["metadata"]["schema-id"], "0");
  EXPECT_EQ(nlohmann::json::parse(m["metadata"]["schema"].get<std::string>())["fields"][0]["name"],
            "id");
  ASSERT_EQ(m["records"].size(), 1u);
  const auto& e = m["records"][0];
  EXPECT_EQ(e["status"], 1);
  EXPECT_EQ(e["snapshot_id"], 4242);
  EXPECT_EQ(e["sequence_number"], nullptr);
  const auto& f = e["data_file"];
  EXPECT_EQ(f["file_path"], "/wh/data/f.parquet");
  EXPECT_EQ(f["file_format"], "PARQUET");
  EXPECT_EQ(f["content"], 0);
  EXPECT_EQ(f["record_count"], 12);
  EXPECT_EQ(f["file_size_in_bytes"], 1012);
  EXPECT_EQ(f["value_counts"],
            nlohmann::json::parse(R"([{"key":1,"value":12},{"key":2,"value":12}])"));
  EXPECT_EQ(f["lower_bounds"][0], nlohmann::json::parse(R"({"key":1,"value":"fbffffffffffffff"})"));
  EXPECT_EQ(f["upper_bounds"][1]["value"], "7a65627261");  // "zebra"
  EXPECT_EQ(f["split_offsets"], nlohmann::json::parse("[4]"));
  EXPECT_EQ(f["partition"], nlohmann::json::object());

  const std::string lpath = dir.path() + "/snap.avro";
  ASSERT_TRUE(
      WriteManifestList(lpath, 4242, std::nullopt, 9, {mf.value()}, avro::Codec::kNull).ok());
  nlohmann::json l = AvroCheck(lpath);
  ASSERT_FALSE(l.is_null()) << "python3-avro could not read the manifest list";
  EXPECT_EQ(l["metadata"]["snapshot-id"], "4242");
  EXPECT_EQ(l["metadata"]["parent-snapshot-id"], "null");
  EXPECT_EQ(l["metadata"]["sequence-number"], "9");
  EXPECT_EQ(l["metadata"]["format-version"], "2");
  ASSERT_EQ(l["records"].size(), 1u);
  const auto& r = l["records"][0];
  EXPECT_EQ(r["manifest_path"], mpath);
  EXPECT_EQ(r["manifest_length"], mf.value().manifest_length);
  EXPECT_EQ(r["partition_spec_id"], 0);
  EXPECT_EQ(r["content"], 0);
  EXPECT_EQ(r["sequence_number"], 9);
  EXPECT_EQ(r["min_sequence_number"], 9);
  EXPECT_EQ(r["added_snapshot_id"], 4242);
  EXPECT_EQ(r["added_files_count"], 1);
  EXPECT_EQ(r["existing_files_count"], 0);
  EXPECT_EQ(r["added_rows_count"], 12);
  EXPECT_EQ(r["partitions"], nlohmann::json::array());
}

}  // namespace
}  // namespace firn::iceberg
