#include "storage/table_data.h"

#include <algorithm>
#include <optional>

#include "storage/cold_file.h"
#include "storage/unique_keys.h"

namespace firn {

namespace {

// `chunk` with columns `types`: its own values in columns [0, kept), NULLs in the others.
std::shared_ptr<const DataChunk> FitChunk(const std::shared_ptr<const DataChunk>& chunk,
                                          const std::vector<Type>& types, size_t kept) {
  if (chunk->column_count() == types.size() && kept >= types.size()) return chunk;
  auto out = std::make_shared<DataChunk>(types);
  const size_t rows = chunk->size();
  for (size_t c = 0; c < types.size(); c++) {
    if (c < kept && c < chunk->column_count()) {
      out->column(c) = Vector::Sharing(std::shared_ptr<const Vector>(chunk, &chunk->column(c)));
    } else {
      out->column(c).Resize(rows);
    }
  }
  out->set_row_count(rows);
  return out;
}

}  // namespace

TableData::TableData(std::vector<Type> column_types)
    : column_types_(std::move(column_types)),
      current_(std::make_shared<TableVersion>()),
      unique_keys_(std::make_unique<UniqueKeys>()) {}

TableData::~TableData() = default;

std::vector<Type> TableData::column_types() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return column_types_;
}

TableSegment TableData::Fit(TableSegment segment, size_t kept) const {
  const size_t columns = column_types_.size();
  if (segment.rows) {
    kept = std::min(kept, segment.rows->column_count());
    segment.rows = FitChunk(segment.rows, column_types_, kept);
  } else if (segment.file) {
    kept = std::min(kept, segment.file->column_count());
    if (segment.file->column_count() != columns || kept < columns) {
      segment.file = segment.file->WithColumns(column_types_, kept);
    }
  }
  segment.zone_map = FitZoneMap(segment.zone_map, columns, kept);
  return segment;
}

void TableData::SetColumns(std::vector<Type> types, size_t kept) {
  std::lock_guard<std::mutex> lock(mutex_);
  column_types_ = std::move(types);
  auto next = std::make_shared<TableVersion>(*current_);
  for (TableSegment& seg : next->segments) seg = Fit(std::move(seg), kept);
  current_ = std::move(next);
}

std::shared_ptr<const TableVersion> TableData::Snapshot() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return current_;
}

void TableData::MarkUnavailable(std::string reason) {
  std::lock_guard<std::mutex> lock(mutex_);
  unavailable_ = std::move(reason);
  unavailable_flag_.store(true, std::memory_order_release);
}

std::optional<std::string> TableData::Unavailable() const {
  if (!unavailable_flag_.load(std::memory_order_acquire)) return std::nullopt;  // every read asks
  std::lock_guard<std::mutex> lock(mutex_);
  return unavailable_;
}

std::vector<std::shared_ptr<const DataChunk>> TableWrite::KeptChunks() const {
  std::vector<std::shared_ptr<const DataChunk>> out;
  out.reserve(inserts.chunks().size());
  for (size_t k = 0; k < inserts.chunks().size(); k++) {
    const std::shared_ptr<DataChunk>& chunk = inserts.chunks()[k];
    size_t start = inserts.chunk_start(k);
    // Most commits delete none of their own inserts: no per-row scan then.
    auto flags = insert_deleted.begin();
    size_t flagged_end = std::min(insert_deleted.size(), start + chunk->size());
    if (start >= flagged_end || std::none_of(flags + static_cast<ptrdiff_t>(start),
                                             flags + static_cast<ptrdiff_t>(flagged_end),
                                             [](uint8_t deleted) { return deleted != 0; })) {
      out.push_back(chunk);
      continue;
    }
    std::vector<uint32_t> keep;
    for (size_t r = 0; r < chunk->size(); r++) {
      size_t i = start + r;
      if (i >= insert_deleted.size() || !insert_deleted[i])
        keep.push_back(static_cast<uint32_t>(r));
    }
    if (keep.size() == chunk->size()) {
      out.push_back(chunk);
    } else if (!keep.empty()) {
      out.push_back(std::make_shared<const DataChunk>(chunk->Select(keep)));
    }
  }
  return out;
}

PreparedInserts TableData::PrepareInserts(const TableWrite& write) const {
  PreparedInserts out;
  for (std::shared_ptr<const DataChunk>& rows : write.KeptChunks()) {
    auto zone_map = std::make_shared<const ZoneMap>(ComputeZoneMap(*rows, nullptr, 0));
    out.segments.push_back({std::move(rows), std::move(zone_map)});
  }
  return out;
}

void TableData::AppendRows(const DataChunk& chunk, TableVersion& next) const {
  size_t offset = 0;
  while (offset < chunk.size()) {
    // Top up a small last segment (copy-on-write) so single-row inserts do not leave
    // a trail of tiny chunks; otherwise start a new one.
    bool extend = !next.segments.empty() && next.segments.back().rows &&
                  !next.segments.back().deleted && next.segments.back().rows->size() < kChunkSize;
    DataChunk target = extend ? *next.segments.back().rows : DataChunk(column_types_);
    const size_t base_rows = target.size();
    size_t room = kChunkSize - target.size();
    size_t take = std::min(room, chunk.size() - offset);
    for (size_t c = 0; c < target.column_count(); c++) {
      target.column(c).AppendRange(chunk.column(c), offset, take);
    }
    target.set_row_count(base_rows + take);
    // Statistics once per commit, so scans never compute them; a topped-up segment
    // merges the old statistics with those of the appended rows.
    const ZoneMap* base = extend ? next.segments.back().zone_map.get() : nullptr;
    auto zone_map = std::make_shared<const ZoneMap>(ComputeZoneMap(target, base, base_rows));
    auto rows = std::make_shared<const DataChunk>(std::move(target));
    if (extend) {
      next.segments.back().rows = std::move(rows);
      next.segments.back().zone_map = std::move(zone_map);
    } else {
      next.segments.push_back(
          TableSegment{std::move(rows), nullptr, next.next_row_id, std::move(zone_map)});
    }
    next.next_row_id += take;
    next.live_rows += take;
    offset += take;
  }
}

uint64_t TableData::Commit(const TableWrite& write, const PreparedInserts* prepared) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto next = std::make_shared<TableVersion>(*current_);
  const uint64_t first_insert = current_->next_row_id;

  if (!write.deletes.empty()) {
    std::vector<uint64_t> ids = write.deletes;
    std::sort(ids.begin(), ids.end());
    size_t i = 0;
    for (TableSegment& seg : next->segments) {
      uint64_t end = seg.end_row_id();
      if (i < ids.size() && ids[i] < seg.first_row_id) {
        while (i < ids.size() && ids[i] < seg.first_row_id) i++;
      }
      if (i >= ids.size() || ids[i] >= end) continue;
      auto mask = seg.deleted ? std::make_shared<std::vector<uint8_t>>(*seg.deleted)
                              : std::make_shared<std::vector<uint8_t>>(seg.size(), 0);
      for (; i < ids.size() && ids[i] < end; i++) {
        uint8_t& flag = (*mask)[ids[i] - seg.first_row_id];
        if (!flag) {
          flag = 1;
          next->live_rows--;
        }
      }
      seg.deleted = std::move(mask);
    }
  }

  // A write prepared before the table's columns changed has rows of the old width.
  const size_t all = column_types_.size();
  if (prepared) {
    for (const PreparedInserts::Segment& seg : prepared->segments) {
      size_t rows = seg.rows->size();
      next->segments.push_back(
          Fit(TableSegment{seg.rows, nullptr, next->next_row_id, seg.zone_map}, all));
      next->next_row_id += rows;
      next->live_rows += rows;
    }
  } else {
    for (const std::shared_ptr<const DataChunk>& chunk : write.KeptChunks()) {
      AppendRows(*FitChunk(chunk, column_types_, all), *next);
    }
  }
  current_ = std::move(next);
  next_row_id_.store(current_->next_row_id, std::memory_order_release);
  return first_insert;
}

void TableData::AppendCold(std::vector<TableSegment> segments) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto next = std::make_shared<TableVersion>(*current_);
  for (TableSegment& seg : segments) {
    next->next_row_id = seg.end_row_id();
    next->live_rows += seg.size();
    next->segments.push_back(Fit(std::move(seg), column_types_.size()));
  }
  current_ = std::move(next);
  next_row_id_.store(current_->next_row_id, std::memory_order_release);
}

namespace {

// Rows [from, to) of `segments` (sorted, hot) as the parts of the segments that hold them.
struct HotPiece {
  const TableSegment* seg;
  size_t begin, end;  // positions in seg
};

std::vector<HotPiece> HotPiecesOf(const std::vector<TableSegment>& segments, size_t first,
                                  uint64_t from, uint64_t to) {
  std::vector<HotPiece> out;
  for (size_t i = first; i < segments.size() && segments[i].first_row_id < to; i++) {
    const TableSegment& s = segments[i];
    if (s.end_row_id() <= from) continue;
    uint64_t b = std::max(from, s.first_row_id), e = std::min(to, s.end_row_id());
    out.push_back(
        {&s, static_cast<size_t>(b - s.first_row_id), static_cast<size_t>(e - s.first_row_id)});
  }
  return out;
}

}  // namespace

void TableData::MakeCold(uint64_t upto, const ColdSegmentsFn& cold) {
  std::lock_guard<std::mutex> lock(mutex_);
  const std::vector<TableSegment>& old = current_->segments;
  // The hot segments wholly below `upto` form one run of segments [first, last).
  size_t first = 0;
  while (first < old.size() && !old[first].rows) first++;
  size_t last = first;
  while (last < old.size() && old[last].rows && old[last].end_row_id() <= upto) last++;
  if (first == last) return;
  for (size_t i = last; i < old.size(); i++) {
    if (!old[i].rows) return;  // cold rows after hot ones: not a layout checkpoints make
  }
  const uint64_t from = old[first].first_row_id, to = old[last - 1].end_row_id();
  std::vector<TableSegment> pieces = cold(from, to);
  uint64_t covered = from;
  for (const TableSegment& p : pieces) {
    if (p.first_row_id != covered || !p.file) return;  // does not match: stay hot
    covered = p.end_row_id();
  }
  if (covered != to) return;

  auto next = std::make_shared<TableVersion>();
  next->next_row_id = current_->next_row_id;
  next->live_rows = current_->live_rows;
  next->segments.assign(old.begin(), old.begin() + static_cast<std::ptrdiff_t>(first));
  size_t hot = first;
  for (TableSegment& piece : pieces) {
    while (old[hot].end_row_id() <= piece.first_row_id) hot++;
    std::vector<HotPiece> parts = HotPiecesOf(old, hot, piece.first_row_id, piece.end_row_id());
    std::vector<uint8_t> mask;
    bool any_deleted = false;
    auto zone = std::make_shared<ZoneMap>();
    zone->columns.resize(column_types_.size());
    for (size_t k = 0; k < parts.size(); k++) {
      const HotPiece& part = parts[k];
      for (size_t r = part.begin; r < part.end; r++) {
        uint8_t d = part.seg->deleted ? (*part.seg->deleted)[r] : 0;
        any_deleted |= d != 0;
        mask.push_back(d);
      }
      for (size_t c = 0; c < column_types_.size(); c++) {
        // Statistics of every row, deleted ones included, as hot segments keep them.
        ColumnStats stats = ComputeColumnStats(part.seg->rows->column(c), part.begin, part.end);
        zone->columns[c] = k == 0 ? stats : MergeColumnStats(zone->columns[c], stats);
      }
    }
    if (any_deleted) piece.deleted = std::make_shared<const std::vector<uint8_t>>(std::move(mask));
    piece.zone_map = std::move(zone);
    next->segments.push_back(Fit(std::move(piece), column_types_.size()));
  }
  next->segments.insert(next->segments.end(), old.begin() + static_cast<std::ptrdiff_t>(last),
                        old.end());
  current_ = std::move(next);
  next_row_id_.store(current_->next_row_id, std::memory_order_release);
}

}  // namespace firn
