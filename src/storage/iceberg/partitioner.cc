#include "storage/iceberg/partitioner.h"

#include <charconv>
#include <cstdio>

namespace firn::iceberg {

namespace {
// Longer folder values are cut and given a hash suffix (file names are at most 255 bytes).
constexpr size_t kMaxPathValue = 100;
}  // namespace

bool PartitionKeyLess::operator()(const PartitionKey& a, const PartitionKey& b) const {
  for (size_t i = 0; i < a.size() && i < b.size(); i++) {
    if (a[i].is_null() != b[i].is_null()) return a[i].is_null();
    if (a[i].is_null()) continue;
    int c = CompareValues(a[i], b[i]);
    if (c != 0) return c < 0;
  }
  return a.size() < b.size();
}

Result<Partitioner> Partitioner::Make(const TableMetadata& md) {
  Partitioner p;
  const std::vector<Column>& columns = md.CurrentSchema().columns;
  for (const PartitionField& f : md.DefaultSpec().fields) {
    Field field;
    bool found = false;
    for (size_t i = 0; i < columns.size(); i++) {
      if (columns[i].field_id == f.source_id) {
        field.column = i;
        field.source = columns[i].type;
        found = true;
      }
    }
    if (!found) {
      return Status::InvalidArgument("partition field " + f.name + " has no source column");
    }
    Result<PartitionTransform> t = ParseTransform(f.transform);
    if (!t.ok()) return t.status();
    Status s = CheckTransformSource(t.value(), field.source);
    if (!s.ok()) return s;
    field.transform = t.value();
    field.field_id = f.field_id;
    field.name = f.name;
    p.fields_.push_back(std::move(field));
  }
  return p;
}

PartitionKey Partitioner::KeyOf(const DataChunk& chunk, size_t row) const {
  PartitionKey key;
  key.reserve(fields_.size());
  for (const Field& f : fields_) {
    key.push_back(ApplyTransform(f.transform, f.source, chunk.GetValue(f.column, row)));
  }
  return key;
}

PartitionTuple Partitioner::TupleOf(const PartitionKey& key) const {
  PartitionTuple out;
  for (size_t i = 0; i < fields_.size() && i < key.size(); i++) {
    out.emplace_back(fields_[i].field_id,
                     key[i].is_null() ? std::nullopt : std::optional<Value>(key[i]));
  }
  return out;
}

std::string Partitioner::RelativeDir(const PartitionKey& key) const {
  std::string out;
  for (size_t i = 0; i < fields_.size() && i < key.size(); i++) {
    if (!out.empty()) out += "/";
    // Field names are column names plus a suffix; encode them like values so a name with
    // '/' or '=' cannot change the layout.
    std::string value = PartitionPathValue(fields_[i].transform, key[i]);
    if (value.size() > kMaxPathValue) {  // a long string: keep the folder name legal
      uint32_t hash = static_cast<uint32_t>(Murmur3Hash32(value));
      value = value.substr(0, kMaxPathValue - 9);
      while (!value.empty() && value.back() == '%') value.pop_back();
      if (value.size() >= 2 && value[value.size() - 2] == '%') value.resize(value.size() - 2);
      char suffix[10];
      std::snprintf(suffix, sizeof(suffix), "-%08x", hash);
      value += suffix;
    }
    out += PartitionPathValue(PartitionTransform{TransformKind::kIdentity, 0},
                              Value::Text(fields_[i].name)) +
           "=" + value;
  }
  return out;
}

std::string EncodeRowIds(const std::vector<uint64_t>& ids) {
  std::string out;
  uint64_t prev_end = 0;
  for (size_t i = 0; i < ids.size();) {
    size_t j = i + 1;
    while (j < ids.size() && ids[j] == ids[j - 1] + 1) j++;
    if (!out.empty()) out += ",";
    out += std::to_string(ids[i] - prev_end) + ":" + std::to_string(j - i);
    prev_end = ids[j - 1] + 1;
    i = j;
  }
  return out;
}

Result<std::vector<std::pair<uint64_t, uint64_t>>> DecodeRowIds(std::string_view text) {
  std::vector<std::pair<uint64_t, uint64_t>> runs;
  uint64_t prev_end = 0;
  const char* p = text.data();
  const char* end = text.data() + text.size();
  while (p < end) {
    uint64_t gap = 0, length = 0;
    auto r1 = std::from_chars(p, end, gap);
    if (r1.ec != std::errc() || r1.ptr == end || *r1.ptr != ':') break;
    auto r2 = std::from_chars(r1.ptr + 1, end, length);
    if (r2.ec != std::errc() || length == 0 || (!runs.empty() && gap == 0)) break;
    if (prev_end + gap < prev_end || prev_end + gap + length < prev_end + gap) break;
    runs.emplace_back(prev_end + gap, length);
    prev_end += gap + length;
    p = r2.ptr;
    if (p == end) return runs;
    if (*p != ',') break;
    p++;
  }
  return Status::InvalidArgument("malformed " + std::string(kRowIdsKey) + " \"" +
                                 std::string(text.substr(0, 64)) + "\"");
}

}  // namespace firn::iceberg
