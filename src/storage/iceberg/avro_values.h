// Iceberg primitive values in Avro (spec Appendix A): the Avro schema of an Iceberg
// primitive type, and Firn Value <-> Avro Datum for those types. Used for the partition
// tuple (data_file.partition, field 102) of manifests.
//   boolean, int, long, float, double, string as themselves; date int (logicalType date);
//   timestamp / timestamptz long (timestamp-micros, adjust-to-utc false / true);
//   decimal(P,S) fixed[minBytesRequired(P)] (logicalType decimal).
// Thread-safety: pure functions.
#pragma once

#include <optional>

#include "common/status.h"
#include "storage/avro/datum.h"
#include "storage/avro/schema.h"
#include "storage/iceberg/schema.h"
#include "storage/iceberg/table_metadata.h"
#include "types/value.h"

namespace firn::iceberg {

avro::SchemaPtr AvroSchemaOf(const PrimitiveType& t);

// Bytes a fixed needs to hold any unscaled decimal of `precision` digits.
int DecimalFixedSize(int32_t precision);

// The Avro datum of a non-NULL value stored as `t`; InvalidArgument when it cannot be
// represented (a decimal out of range, a NaN numeric).
Result<avro::Datum> ValueToDatum(const PrimitiveType& t, const Value& v);

// The Value an Avro datum of (non-union) schema `s` holds; nullopt for null. Corruption for
// a datum/schema combination Iceberg does not write.
Result<std::optional<Value>> DatumToValue(const avro::Node& s, const avro::Datum& d);

// The result type of a partition field of `md`'s current schema: identity/truncate keep the
// source type, day gives date, bucket/year/month/hour give int. NotSupported for unknown
// transforms.
Result<PrimitiveType> PartitionResultType(const TableMetadata& md, const PartitionField& f);

}  // namespace firn::iceberg
