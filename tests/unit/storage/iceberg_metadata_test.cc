#include <gtest/gtest.h>

#include <cmath>

#include "storage/iceberg/bounds.h"
#include "storage/iceberg/schema.h"
#include "storage/iceberg/table_metadata.h"

namespace firn::iceberg {
namespace {

std::string Hex(const std::string& s) {
  static const char* d = "0123456789abcdef";
  std::string out;
  for (unsigned char c : s) {
    out.push_back(d[c >> 4]);
    out.push_back(d[c & 15]);
  }
  return out;
}

std::vector<Column> SampleColumns() {
  std::vector<Column> cols = {
      {"id", Type(TypeId::kInt8), true},
      {"small", Type(TypeId::kInt2)},
      {"name", Type(TypeId::kVarchar, MakeVarcharTypmod(20))},
      {"amount", Type(TypeId::kNumeric, MakeNumericTypmod(10, 2))},
      {"any_num", Type(TypeId::kNumeric)},
      {"tags", Type::Array(TypeId::kText)},
      {"at", Type(TypeId::kTimestampTz)},
      {"day", Type(TypeId::kDate)},
      {"span", Type(TypeId::kInterval)},
      {"ratio", Type(TypeId::kFloat4)},
      {"ok", Type(TypeId::kBool)},
      {"o", Type(TypeId::kOid)},
      {"ts", Type(TypeId::kTimestamp)},
  };
  return cols;
}

TEST(IcebergSchema, FieldIdsAndJsonFollowTheSpec) {
  std::vector<Column> cols = SampleColumns();
  EXPECT_EQ(AssignFieldIds(&cols), 14);
  EXPECT_EQ(cols[0].field_id, 1);
  EXPECT_EQ(cols[12].field_id, 13);
  EXPECT_EQ(cols[5].element_field_id, 14);
  nlohmann::json j = SchemaToJson(0, cols);
  EXPECT_EQ(j["type"], "struct");
  EXPECT_EQ(j["schema-id"], 0);
  const auto& f = j["fields"];
  EXPECT_EQ(f[0],
            (nlohmann::json{{"id", 1}, {"name", "id"}, {"required", true}, {"type", "long"}}));
  EXPECT_EQ(f[1]["type"], "int");
  EXPECT_EQ(f[2]["type"], "string");
  EXPECT_EQ(f[3]["type"], "decimal(10,2)");
  EXPECT_EQ(f[4]["type"], "string");
  EXPECT_EQ(f[5]["type"], (nlohmann::json{{"type", "list"},
                                          {"element-id", 14},
                                          {"element-required", false},
                                          {"element", "string"}}));
  EXPECT_EQ(f[6]["type"], "timestamptz");
  EXPECT_EQ(f[7]["type"], "date");
  EXPECT_EQ(f[8]["type"], "string");
  EXPECT_EQ(f[9]["type"], "float");
  EXPECT_EQ(f[10]["type"], "boolean");
  EXPECT_EQ(f[11]["type"], "long");
  EXPECT_EQ(f[12]["type"], "timestamp");
  EXPECT_FALSE(f[1]["required"].get<bool>());

  int32_t sid = -1;
  std::vector<Column> back;
  ASSERT_TRUE(SchemaFromJson(j, &sid, &back).ok());
  EXPECT_EQ(back[3].type, Type(TypeId::kNumeric, MakeNumericTypmod(10, 2)));
  EXPECT_EQ(back[5].type, Type::Array(TypeId::kText));
  EXPECT_EQ(back[5].element_field_id, 14);
  EXPECT_EQ(ParsePrimitiveTypeName("decimal(9, 2)"), (PrimitiveType{IcebergType::kDecimal, 9, 2}));
  EXPECT_FALSE(ParsePrimitiveTypeName("decimal(40,2)").has_value());
}

// ALTER TABLE ADD COLUMN: the columns there were keep their ids; added ones (and their list
// elements) get ids after last-column-id, optional; a column whose type changed at a
// position is a new field; no change, no new schema.
TEST(IcebergSchema, EvolvedColumnsKeepIdsAndAddNewOnes) {
  std::vector<Column> current = {{"id", Type(TypeId::kInt8), true},
                                 {"tags", Type::Array(TypeId::kText)}};
  int32_t last = AssignFieldIds(&current);
  ASSERT_EQ(last, 3);  // id 1, tags 2, tags.element 3
  std::vector<Column> wanted = {{"id", Type(TypeId::kInt8), true},
                                {"tags", Type::Array(TypeId::kVarchar)},
                                {"n", Type::Array(TypeId::kInt4)},
                                {"flag", Type(TypeId::kBool), true}};
  auto evolved = EvolveColumns(current, wanted, &last);
  ASSERT_TRUE(evolved.has_value());
  ASSERT_EQ(evolved->size(), 4u);
  EXPECT_EQ((*evolved)[0], current[0]);
  EXPECT_EQ((*evolved)[1].field_id, 2);  // varchar[] is the same Iceberg list<string>
  EXPECT_EQ((*evolved)[1].element_field_id, 3);
  EXPECT_EQ((*evolved)[2].field_id, 4);
  EXPECT_EQ((*evolved)[3].field_id, 5);
  EXPECT_EQ((*evolved)[2].element_field_id, 6);
  EXPECT_FALSE((*evolved)[3].required);  // old files have no value for it
  EXPECT_EQ(last, 6);
  EXPECT_FALSE(EvolveColumns(*evolved, wanted, &last).has_value());
  EXPECT_EQ(last, 6);

  std::vector<Column> retyped = wanted;
  retyped[3].type = Type(TypeId::kInt4);  // the same name, another type: a new field
  auto again = EvolveColumns(*evolved, retyped, &last);
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ((*again)[2].field_id, 4);
  EXPECT_EQ((*again)[3].field_id, 7);

  // RENAME COLUMN and DROP NOT NULL: the same field under a new name, now optional; a
  // nullable field never becomes required.
  std::vector<Column> renamed = retyped;
  renamed[0].name = "key";
  renamed[0].required = false;
  renamed[1].required = true;
  int32_t before = last;
  auto relaxed = EvolveColumns(*again, renamed, &last);
  ASSERT_TRUE(relaxed.has_value());
  EXPECT_EQ(last, before);
  EXPECT_EQ((*relaxed)[0].field_id, 1);
  EXPECT_EQ((*relaxed)[0].name, "key");
  EXPECT_FALSE((*relaxed)[0].required);
  EXPECT_FALSE((*relaxed)[1].required);

  TableMetadata md;
  md.schemas.push_back(Schema{0, current});
  md.last_column_id = 3;
  md.AddCurrentSchema(*evolved);
  EXPECT_EQ(md.current_schema_id, 1);
  EXPECT_EQ(md.last_column_id, 6);
  EXPECT_EQ(md.CurrentSchema().columns, *evolved);
  EXPECT_EQ(md.schemas.size(), 2u);

  // An added column's Firn OID makes it another field than one of the same type at its
  // position, and travels in the metadata (firn.column-oids).
  std::vector<Column> readded = *evolved;
  readded[3].firn_oid = 16500;
  auto distinct = EvolveColumns(*evolved, readded, &last);
  ASSERT_TRUE(distinct.has_value());
  EXPECT_NE((*distinct)[3].field_id, (*evolved)[3].field_id);
  md.AddCurrentSchema(*distinct);
  Result<TableMetadata> back = ParseTableMetadata(TableMetadataToJson(md), "test");
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(back.value().CurrentSchema().columns[3].firn_oid, 16500u);
  EXPECT_EQ(back.value().CurrentSchema().columns[2].firn_oid, 0u);
  EXPECT_EQ(back.value().properties.count("firn.column-oids"), 0u);
}

TEST(IcebergBounds, SingleValueSerializationMatchesAppendixD) {
  EXPECT_EQ(Hex(*SerializeBound(Type(TypeId::kInt4), Value::Int4(1))), "01000000");
  EXPECT_EQ(Hex(*SerializeBound(Type(TypeId::kInt2), Value::Int2(-2))), "feffffff");
  EXPECT_EQ(Hex(*SerializeBound(Type(TypeId::kInt8), Value::Int8(258))), "0201000000000000");
  EXPECT_EQ(Hex(*SerializeBound(Type(TypeId::kBool), Value::Bool(true))), "01");
  EXPECT_EQ(Hex(*SerializeBound(Type(TypeId::kFloat8), Value::Float8(1.0))), "000000000000f03f");
  EXPECT_EQ(Hex(*SerializeBound(Type(TypeId::kFloat4), Value::Float4(1.0))), "0000803f");
  EXPECT_EQ(Hex(*SerializeBound(Type(TypeId::kDate), Value::Date(17486))), "4e440000");
  EXPECT_EQ(*SerializeBound(Type(TypeId::kText), Value::Text("iceberg")), "iceberg");
  const Type dec(TypeId::kNumeric, MakeNumericTypmod(10, 2));
  // 14.20 at scale 2 -> unscaled 1420 = 0x058c; -1.00 -> -100 = 0x9c; 1.5 -> 150 = 0x0096.
  EXPECT_EQ(Hex(*SerializeBound(dec, Value::MakeNumeric(Numeric::Parse("14.20")))), "058c");
  EXPECT_EQ(Hex(*SerializeBound(dec, Value::MakeNumeric(Numeric::Parse("-1")))), "9c");
  EXPECT_EQ(Hex(*SerializeBound(dec, Value::MakeNumeric(Numeric::Parse("1.5")))), "0096");
  EXPECT_EQ(Hex(*SerializeBound(dec, Value::MakeNumeric(Numeric::Parse("0")))), "00");
  EXPECT_FALSE(SerializeBound(dec, Value::MakeNumeric(Numeric::Parse("123456789"))).has_value());
  EXPECT_FALSE(SerializeBound(dec, Value::MakeNumeric(Numeric::NaN())).has_value());
  EXPECT_FALSE(SerializeBound(Type(TypeId::kFloat8), Value::Float8(NAN)).has_value());
  EXPECT_EQ(*SerializeBound(Type(TypeId::kNumeric), Value::MakeNumeric(Numeric::Parse("12.50"))),
            "12.50");
  EXPECT_FALSE(SerializeBound(Type(TypeId::kInt4), Value::Null(Type(TypeId::kInt4))).has_value());
}

TEST(IcebergBounds, RoundTripEveryType) {
  const Type dec(TypeId::kNumeric, MakeNumericTypmod(38, 6));
  struct Case {
    Type type;
    Value v;
  } cases[] = {
      {Type(TypeId::kInt4), Value::Int4(-123456)},
      {Type(TypeId::kInt8), Value::Int8(INT64_MIN)},
      {Type(TypeId::kFloat8), Value::Float8(-2.5e300)},
      {Type(TypeId::kFloat4), Value::Float4(3.25)},
      {Type(TypeId::kTimestampTz), Value::TimestampTz(1767261600000000)},
      {Type(TypeId::kTimestamp), Value::Timestamp(-1)},
      {Type(TypeId::kDate), Value::Date(-700000)},
      {Type(TypeId::kBool), Value::Bool(false)},
      {Type(TypeId::kText), Value::Text("héllo")},
      {dec, Value::MakeNumeric(Numeric::Parse("-12345678901234567890123456789012.123456"))},
      {dec, Value::MakeNumeric(Numeric::Parse("0.000001"))},
      {Type(TypeId::kNumeric), Value::MakeNumeric(Numeric::Parse("-1e-20"))},
      {Type(TypeId::kInterval), Value::MakeInterval(Interval{14, 3, 3600000000})},
  };
  for (const Case& c : cases) {
    auto bytes = SerializeBound(c.type, c.v);
    ASSERT_TRUE(bytes.has_value()) << c.type.Name();
    auto back = DeserializeBound(c.type, *bytes);
    ASSERT_TRUE(back.has_value()) << c.type.Name();
    EXPECT_EQ(CompareValues(*back, c.v), 0) << c.type.Name();
  }
  EXPECT_FALSE(DeserializeBound(Type(TypeId::kInt4), "abc").has_value());
  EXPECT_FALSE(DeserializeBound(dec, "").has_value());
  EXPECT_FALSE(DeserializeBound(dec, std::string(17, '\x01')).has_value());
}

TableMetadata SampleMetadata() {
  TableMetadata md;
  md.table_uuid = "9c12d441-03fe-4693-9a96-a0705ddf69c1";
  md.location = "/tmp/wh/db/t";
  md.last_sequence_number = 2;
  md.last_updated_ms = 1700000000123;
  std::vector<Column> cols = SampleColumns();
  md.last_column_id = AssignFieldIds(&cols);
  md.schemas.push_back(Schema{0, cols});
  md.properties = {{"write.format.default", "parquet"}};
  for (int i = 1; i <= 2; i++) {
    Snapshot s;
    s.snapshot_id = 1000 + i;
    if (i == 2) s.parent_snapshot_id = 1001;
    s.sequence_number = i;
    s.timestamp_ms = 1700000000000 + i;
    s.manifest_list = "/tmp/wh/db/t/metadata/snap-" + std::to_string(i) + ".avro";
    s.summary = {{"operation", "append"}, {"added-records", "5"}};
    s.schema_id = 0;
    md.snapshots.push_back(s);
    md.snapshot_log.push_back({s.snapshot_id, s.timestamp_ms});
  }
  md.current_snapshot_id = 1002;
  SnapshotRef main;
  main.snapshot_id = 1002;
  md.refs["main"] = main;
  SnapshotRef tag;
  tag.snapshot_id = 1001;
  tag.type = "tag";
  tag.max_ref_age_ms = 5000;
  md.refs["v1"] = tag;
  md.metadata_log.push_back({"/tmp/wh/db/t/metadata/v1.metadata.json", 1699999999999});
  return md;
}

TEST(IcebergTableMetadata, JsonHasEveryRequiredV2Field) {
  TableMetadata md = SampleMetadata();
  nlohmann::json j = nlohmann::json::parse(TableMetadataToJson(md));
  for (const char* key :
       {"format-version", "table-uuid", "location", "last-sequence-number", "last-updated-ms",
        "last-column-id", "schemas", "current-schema-id", "partition-specs", "default-spec-id",
        "last-partition-id", "sort-orders", "default-sort-order-id", "properties",
        "current-snapshot-id", "snapshots", "snapshot-log", "metadata-log", "refs"}) {
    EXPECT_TRUE(j.contains(key)) << key;
  }
  EXPECT_FALSE(j.contains("schema"));
  EXPECT_FALSE(j.contains("partition-spec"));
  EXPECT_EQ(j["format-version"], 2);
  EXPECT_EQ(j["partition-specs"], nlohmann::json::parse(R"([{"spec-id":0,"fields":[]}])"));
  EXPECT_EQ(j["sort-orders"], nlohmann::json::parse(R"([{"order-id":0,"fields":[]}])"));
  EXPECT_EQ(j["last-partition-id"], 999);
  EXPECT_EQ(j["current-snapshot-id"], 1002);
  EXPECT_EQ(j["refs"]["main"], nlohmann::json::parse(R"({"snapshot-id":1002,"type":"branch"})"));
  EXPECT_EQ(j["refs"]["v1"]["type"], "tag");
  EXPECT_EQ(j["snapshots"][1]["parent-snapshot-id"], 1001);
  EXPECT_FALSE(j["snapshots"][0].contains("parent-snapshot-id"));
  EXPECT_EQ(j["snapshots"][0]["summary"]["operation"], "append");
  EXPECT_TRUE(j["snapshots"][0]["summary"]["added-records"].is_string());

  TableMetadata empty = md;
  empty.snapshots.clear();
  empty.snapshot_log.clear();
  empty.refs.clear();
  empty.current_snapshot_id.reset();
  EXPECT_EQ(nlohmann::json::parse(TableMetadataToJson(empty))["current-snapshot-id"], -1);
}

TEST(IcebergTableMetadata, RoundTripKeepsEverythingIncludingFirnTypes) {
  TableMetadata md = SampleMetadata();
  md.extra["statistics"] = nlohmann::json::array();
  auto back = ParseTableMetadata(TableMetadataToJson(md), "v3.metadata.json");
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back.value(), md);
  EXPECT_EQ(back.value().CurrentSchema().columns[2].type,
            Type(TypeId::kVarchar, MakeVarcharTypmod(20)));
  EXPECT_EQ(back.value().CurrentSchema().columns[1].type, Type(TypeId::kInt2));
}

TEST(IcebergTableMetadata, MalformedFilesAreCorruptionNamingTheFile) {
  const std::string good = TableMetadataToJson(SampleMetadata());
  nlohmann::json j = nlohmann::json::parse(good);
  std::vector<std::string> bad = {"", "[]", "{\"format-version\":2}",
                                  good.substr(0, good.size() / 2)};
  for (const char* key : {"table-uuid", "schemas", "last-column-id", "partition-specs"}) {
    nlohmann::json k = j;
    k.erase(key);
    bad.push_back(k.dump());
  }
  nlohmann::json wrong_type = j;
  wrong_type["last-sequence-number"] = "two";
  bad.push_back(wrong_type.dump());
  nlohmann::json dangling = j;
  dangling["current-snapshot-id"] = 77;
  bad.push_back(dangling.dump());
  for (const std::string& text : bad) {
    auto r = ParseTableMetadata(text, "/w/t/metadata/v9.metadata.json");
    ASSERT_FALSE(r.ok()) << text.substr(0, 80);
    EXPECT_EQ(r.status().code(), Status::Code::kCorruption) << r.status().ToString();
    EXPECT_NE(r.status().message().find("v9.metadata.json"), std::string::npos);
  }
  nlohmann::json v1 = j;
  v1["format-version"] = 1;
  EXPECT_EQ(ParseTableMetadata(v1.dump(), "x").status().code(), Status::Code::kNotSupported);
}

}  // namespace
}  // namespace firn::iceberg
