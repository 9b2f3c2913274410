#include "storage/iceberg/avro_values.h"

#include <cmath>

#include "storage/iceberg/bounds.h"
#include "storage/iceberg/partition_transform.h"

namespace firn::iceberg {

using avro::Datum;
using avro::Kind;

int DecimalFixedSize(int32_t precision) {
  // Smallest n with 10^precision <= 2^(8n - 1).
  for (int n = 1; n <= 16; n++) {
    if (static_cast<double>(precision) <= (8.0 * n - 1) * std::log10(2.0)) return n;
  }
  return 16;
}

avro::SchemaPtr AvroSchemaOf(const PrimitiveType& t) {
  switch (t.type) {
    case IcebergType::kBoolean:
      return avro::Primitive(Kind::kBoolean);
    case IcebergType::kInt:
      return avro::Primitive(Kind::kInt);
    case IcebergType::kLong:
      return avro::Primitive(Kind::kLong);
    case IcebergType::kFloat:
      return avro::Primitive(Kind::kFloat);
    case IcebergType::kDouble:
      return avro::Primitive(Kind::kDouble);
    case IcebergType::kDate:
      return avro::Primitive(Kind::kInt, {{"logicalType", "date"}});
    case IcebergType::kTimestamp:
    case IcebergType::kTimestampTz:
      return avro::Primitive(Kind::kLong, {{"logicalType", "timestamp-micros"},
                                           {"adjust-to-utc", t.type == IcebergType::kTimestampTz}});
    case IcebergType::kDecimal:
      return avro::Fixed(
          "decimal_" + std::to_string(t.precision) + "_" + std::to_string(t.scale),
          DecimalFixedSize(t.precision),
          {{"logicalType", "decimal"}, {"precision", t.precision}, {"scale", t.scale}});
    case IcebergType::kString:
      return avro::Primitive(Kind::kString);
    case IcebergType::kBinary:
      return avro::Primitive(Kind::kBytes);
    case IcebergType::kUuid:  // the spec's Avro mapping: fixed[16] with logicalType uuid
      return avro::Fixed("uuid_fixed", static_cast<int64_t>(kUuidBytes), {{"logicalType", "uuid"}});
  }
  return avro::Primitive(Kind::kString);
}

Result<Datum> ValueToDatum(const PrimitiveType& t, const Value& v) {
  switch (t.type) {
    case IcebergType::kBoolean:
      return Datum::Boolean(v.GetBool());
    case IcebergType::kInt:
    case IcebergType::kDate:
      return Datum::Int(static_cast<int32_t>(v.GetInt64()));
    case IcebergType::kLong:
    case IcebergType::kTimestamp:
    case IcebergType::kTimestampTz:
      return Datum::Long(v.GetInt64());
    case IcebergType::kFloat:
      return Datum::Float(static_cast<float>(v.GetDouble()));
    case IcebergType::kDouble:
      return Datum::Double(v.GetDouble());
    case IcebergType::kDecimal: {
      // truncate[W] can floor a value to one digit more than the precision (-9.99 -> -10.00
      // in decimal(3,2)); it is written when it fits the fixed, as Iceberg's writers do.
      auto minimal = SerializePrimitive(PrimitiveType{IcebergType::kDecimal, 38, t.scale}, v);
      if (!minimal)
        return Status::InvalidArgument("decimal value does not fit " + PrimitiveTypeName(t));
      const size_t size = static_cast<size_t>(DecimalFixedSize(t.precision));
      if (minimal->size() > size) return Status::InvalidArgument("decimal value too wide");
      const char pad = (static_cast<uint8_t>((*minimal)[0]) & 0x80) != 0 ? '\xff' : '\0';
      return Datum::Fixed(std::string(size - minimal->size(), pad) + *minimal);
    }
    case IcebergType::kString:
    case IcebergType::kBinary: {
      auto text = SerializePrimitive(t, v);
      if (!text) return Status::InvalidArgument("value has no string form");
      return t.type == IcebergType::kString ? Datum::String(*text) : Datum::Bytes(*text);
    }
    case IcebergType::kUuid:
      return Datum::Fixed(v.GetUuid().ToByteString());
  }
  return Status::InvalidArgument("unsupported partition type");
}

Result<std::optional<Value>> DatumToValue(const avro::Node& s, const Datum& d) {
  if (d.is_null()) return std::optional<Value>();
  auto logical = s.props.find("logicalType");
  const std::string lt =
      logical != s.props.end() && logical->is_string() ? logical->get<std::string>() : "";
  switch (d.kind()) {
    case Kind::kBoolean:
      return std::optional<Value>(Value::Bool(d.boolean()));
    case Kind::kInt:
      return std::optional<Value>(lt == "date" ? Value::Date(d.integer())
                                               : Value::Int4(d.integer()));
    case Kind::kLong:
      if (lt == "timestamp-micros") {
        auto utc = s.props.find("adjust-to-utc");
        bool tz = utc != s.props.end() && utc->is_boolean() && utc->get<bool>();
        return std::optional<Value>(tz ? Value::TimestampTz(d.integer())
                                       : Value::Timestamp(d.integer()));
      }
      return std::optional<Value>(Value::Int8(d.integer()));
    case Kind::kFloat:
      return std::optional<Value>(Value::Float4(d.floating()));
    case Kind::kDouble:
      return std::optional<Value>(Value::Float8(d.floating()));
    case Kind::kString:
      return std::optional<Value>(Value::Text(d.bytes()));
    case Kind::kFixed:
    case Kind::kBytes:
      if (lt == "decimal") {
        int64_t precision = s.IntProp("precision", 38), scale = s.IntProp("scale", 0);
        if (precision < 1 || precision > 38 || scale < 0 || scale > precision) {
          return Status::Corruption("bad decimal precision/scale");
        }
        auto v = DecimalFromBigEndian(
            d.bytes(), static_cast<int32_t>(scale),
            MakeNumericTypmod(static_cast<int32_t>(precision), static_cast<int32_t>(scale)));
        if (!v) return Status::Corruption("bad decimal bytes");
        return std::optional<Value>(*v);
      }
      if (lt == "uuid" && d.bytes().size() == kUuidBytes) {
        return std::optional<Value>(
            Value::MakeUuid(Uuid::FromBytes(reinterpret_cast<const uint8_t*>(d.bytes().data()))));
      }
      return std::optional<Value>(Value::Text(d.bytes()));
    default:
      return Status::Corruption(std::string("unexpected Avro ") + avro::KindName(d.kind()) +
                                " partition value");
  }
}

Result<PrimitiveType> PartitionResultType(const TableMetadata& md, const PartitionField& f) {
  const Column* source = nullptr;
  for (const Column& c : md.CurrentSchema().columns) {
    if (c.field_id == f.source_id) source = &c;
  }
  if (source == nullptr || source->type.IsArray()) {
    return Status::InvalidArgument("partition field " + f.name + " has no primitive source column");
  }
  if (f.transform == "void") return IcebergTypeOf(source->type);
  Result<PartitionTransform> t = ParseTransform(f.transform);
  if (!t.ok()) return t.status();
  return TransformResultType(t.value(), source->type);
}

}  // namespace firn::iceberg
