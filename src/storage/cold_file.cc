#include "storage/cold_file.h"

#include <algorithm>

#include "storage/parquet/file_reader.h"

namespace firn {

namespace {

// What a row group's footer statistics say about one column, conservatively: Parquet
// records no NaN count, so floats and numerics may always hold NaN.
ColumnStats StatsOf(const parquet::ColumnSummary& summary, const Type& type, int64_t rows) {
  ColumnStats stats;
  const StatsOrder order = StatsOrderOf(type.id);
  if (order == StatsOrder::kNone) return stats;
  stats.has_null = summary.null_count > 0;
  stats.has_nan = order == StatsOrder::kFloat || order == StatsOrder::kNumeric;
  if (summary.min && summary.max) {
    if (StatsOrderOf(summary.min->type().id) != order ||
        StatsOrderOf(summary.max->type().id) != order) {
      return ColumnStats{};
    }
    stats.valid = true;
    stats.has_value = true;
    stats.min = *summary.min;
    stats.max = *summary.max;
  } else if (summary.null_count == rows) {
    stats.valid = true;  // every row is NULL
    stats.has_nan = false;
  }
  return stats;
}

}  // namespace

ColdFile::ColdFile(std::string path, std::vector<ColdColumn> columns, std::vector<int> file_columns,
                   std::shared_ptr<ColumnCache> cache, uint64_t id)
    : path_(std::move(path)),
      columns_(std::move(columns)),
      file_columns_(std::move(file_columns)),
      cache_(std::move(cache)),
      id_(id) {}

std::shared_ptr<const ColdFile> ColdFile::WithColumns(const std::vector<Type>& types,
                                                      size_t kept) const {
  std::vector<ColdColumn> columns;
  std::vector<int> file_columns;
  for (size_t c = 0; c < types.size(); c++) {
    if (c < kept && c < columns_.size()) {
      columns.push_back(columns_[c]);
      file_columns.push_back(file_columns_[c]);
    } else {
      columns.push_back(ColdColumn{0, "", types[c]});
      file_columns.push_back(-1);
    }
  }
  // The same cache id: the kept columns' decoded chunks are cached under the same index.
  auto file =
      std::make_shared<ColdFile>(path_, std::move(columns), std::move(file_columns), cache_, id_);
  file->row_group_start_ = row_group_start_;
  for (const std::shared_ptr<const ZoneMap>& zone : zone_) {
    file->zone_.push_back(FitZoneMap(zone, types.size(), kept));
  }
  file->metadata_ = metadata_;
  return file;
}

Result<std::shared_ptr<const ColdFile>> ColdFile::Open(std::string path,
                                                       const std::vector<ColdColumn>& columns,
                                                       std::shared_ptr<ColumnCache> cache) {
  Result<std::unique_ptr<parquet::FileReader>> opened = parquet::FileReader::Open(path);
  if (!opened.ok()) return opened.status();
  const parquet::FileReader& reader = *opened.value();
  std::vector<int> file_columns;
  for (const ColdColumn& col : columns) {
    int found = -1;
    for (size_t i = 0; i < reader.columns().size() && col.field_id != 0; i++) {
      if (reader.columns()[i].field_id == col.field_id) found = static_cast<int>(i);
    }
    file_columns.push_back(found);
  }
  const uint64_t id = cache->NewFileId();
  auto file = std::make_shared<ColdFile>(std::move(path), columns, std::move(file_columns),
                                         std::move(cache), id);
  uint64_t start = 0;
  for (const parquet::RowGroupInfo& rg : reader.row_groups()) {
    file->row_group_start_.push_back(start);
    auto zone = std::make_shared<ZoneMap>();
    for (size_t c = 0; c < columns.size(); c++) {
      const int fc = file->file_columns_[c];
      ColumnStats stats;
      if (fc < 0) {
        stats.valid = true;  // not in the file: every row is NULL
        stats.has_null = true;
      } else if (static_cast<size_t>(fc) < rg.columns.size()) {
        stats = StatsOf(rg.columns[static_cast<size_t>(fc)], columns[c].type, rg.row_count);
      }
      zone->columns.push_back(std::move(stats));
    }
    file->zone_.push_back(std::move(zone));
    start += static_cast<uint64_t>(rg.row_count);
  }
  if (start != static_cast<uint64_t>(reader.row_count())) {
    return Status::Corruption("data file " + file->path_ +
                              ": its row groups do not add up to its row count");
  }
  file->row_group_start_.push_back(start);
  file->metadata_ = reader.key_value_metadata();
  return std::shared_ptr<const ColdFile>(std::move(file));
}

std::optional<std::string> ColdFile::Metadata(const std::string& key) const {
  for (const auto& [k, v] : metadata_) {
    if (k == key) return v;
  }
  return std::nullopt;
}

Result<std::shared_ptr<const ColumnCache::Chunks>> ColdFile::Load(size_t rg, size_t c) const {
  const auto rg32 = static_cast<uint32_t>(rg), c32 = static_cast<uint32_t>(c);
  if (auto hit = cache_->Get(id_, rg32, c32)) return hit;
  // A reader per load keeps ColdFile immutable and shareable; the footer parse is small
  // beside decoding a row group's column.
  Result<std::unique_ptr<parquet::FileReader>> reader = parquet::FileReader::Open(path_);
  if (!reader.ok()) return reader.status();
  std::vector<DataChunk> chunks;
  Status s = reader.value()->ReadRowGroup(rg, {file_columns_[c]}, {columns_[c].type}, &chunks);
  if (!s.ok()) return s;
  auto decoded = std::make_shared<ColumnCache::Chunks>();
  decoded->reserve(chunks.size());
  uint64_t rows = 0;
  for (DataChunk& chunk : chunks) {
    rows += chunk.size();
    decoded->push_back(std::move(chunk.column(0)));
  }
  if (rows != row_group_start_[rg + 1] - row_group_start_[rg]) {
    return Status::Corruption("data file " + path_ + ": row group " + std::to_string(rg) +
                              " decoded to a different row count than its footer says");
  }
  std::shared_ptr<const ColumnCache::Chunks> value = std::move(decoded);
  cache_->Put(id_, rg32, c32, value);
  return value;
}

Status ColdFile::Read(uint64_t pos, size_t n, const std::vector<bool>& needed,
                      std::vector<std::shared_ptr<const Vector>>* columns) const {
  columns->resize(columns_.size());
  auto rg_of = [&](uint64_t p) {
    return static_cast<size_t>(
        std::upper_bound(row_group_start_.begin(), row_group_start_.end(), p) -
        row_group_start_.begin() - 1);
  };
  for (size_t c = 0; c < columns_.size(); c++) {
    if (c >= needed.size() || !needed[c]) continue;
    if (file_columns_[c] < 0) {
      auto nulls = std::make_shared<Vector>(columns_[c].type);
      nulls->Resize(n);
      (*columns)[c] = std::move(nulls);
      continue;
    }
    size_t rg = rg_of(pos);
    uint64_t local = pos - row_group_start_[rg];
    Result<std::shared_ptr<const ColumnCache::Chunks>> chunks = Load(rg, c);
    if (!chunks.ok()) return chunks.status();
    const size_t k = static_cast<size_t>(local / kChunkSize);
    if (local % kChunkSize == 0 && k < chunks.value()->size() && (*chunks.value())[k].size() == n) {
      // The segment is one decoded chunk: share it.
      (*columns)[c] = std::shared_ptr<const Vector>(chunks.value(), &(*chunks.value())[k]);
      continue;
    }
    auto out = std::make_shared<Vector>(columns_[c].type);
    out->Reserve(n);
    for (uint64_t p = pos; p < pos + n;) {
      if (p >= row_group_start_[rg + 1]) {
        rg++;
        chunks = Load(rg, c);
        if (!chunks.ok()) return chunks.status();
      }
      const uint64_t at = p - row_group_start_[rg];
      const Vector& from = (*chunks.value())[static_cast<size_t>(at / kChunkSize)];
      out->AppendFrom(from, static_cast<size_t>(at % kChunkSize));
      p++;
    }
    (*columns)[c] = std::move(out);
  }
  return Status::OK();
}

void AppendColdSegments(const std::shared_ptr<const ColdFile>& file, uint64_t first_row_id,
                        uint64_t pos, uint64_t rows, std::vector<TableSegment>* out) {
  const std::vector<uint64_t>& starts = file->row_group_start_;
  const uint64_t end = pos + rows;
  while (pos < end) {
    size_t rg = static_cast<size_t>(std::upper_bound(starts.begin(), starts.end(), pos) -
                                    starts.begin() - 1);
    const uint64_t local = pos - starts[rg];
    const uint64_t chunk_end = starts[rg] + (local / kChunkSize + 1) * kChunkSize;
    const uint64_t stop = std::min({end, starts[rg + 1], chunk_end});
    TableSegment seg;
    seg.first_row_id = first_row_id;
    seg.zone_map = file->zone_[rg];
    seg.file = file;
    seg.file_pos = pos;
    seg.cold_rows = static_cast<uint32_t>(stop - pos);
    out->push_back(std::move(seg));
    first_row_id += stop - pos;
    pos = stop;
  }
}

}  // namespace firn
