#include "storage/table_data.h"

#include <algorithm>

namespace firn {

TableData::TableData(std::vector<Type> column_types)
    : column_types_(std::move(column_types)), current_(std::make_shared<TableVersion>()) {}

std::shared_ptr<const TableVersion> TableData::Snapshot() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return current_;
}

void TableData::MarkUnavailable(std::string reason) {
  std::lock_guard<std::mutex> lock(mutex_);
  unavailable_ = std::move(reason);
}

std::optional<std::string> TableData::Unavailable() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return unavailable_;
}

void TableData::Commit(const TableWrite& write) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto next = std::make_shared<TableVersion>(*current_);

  if (!write.deletes.empty()) {
    std::vector<uint64_t> ids = write.deletes;
    std::sort(ids.begin(), ids.end());
    size_t i = 0;
    for (TableSegment& seg : next->segments) {
      uint64_t end = seg.first_row_id + seg.rows->size();
      if (i < ids.size() && ids[i] < seg.first_row_id) {
        while (i < ids.size() && ids[i] < seg.first_row_id) i++;
      }
      if (i >= ids.size() || ids[i] >= end) continue;
      auto mask = seg.deleted ? std::make_shared<std::vector<uint8_t>>(*seg.deleted)
                              : std::make_shared<std::vector<uint8_t>>(seg.rows->size(), 0);
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

  if (write.inserts.size() > 0) {
    std::vector<uint32_t> keep;
    for (size_t r = 0; r < write.inserts.size(); r++) {
      if (r >= write.insert_deleted.size() || !write.insert_deleted[r]) {
        keep.push_back(static_cast<uint32_t>(r));
      }
    }
    const DataChunk chunk = write.inserts.Select(keep);
    size_t offset = 0;
    while (offset < chunk.size()) {
      // Top up a small last segment (copy-on-write) so single-row inserts do not leave
      // a trail of tiny chunks; otherwise start a new one.
      bool extend = !next->segments.empty() && !next->segments.back().deleted &&
                    next->segments.back().rows->size() < kChunkSize;
      DataChunk target = extend ? *next->segments.back().rows : DataChunk(column_types_);
      const size_t base_rows = target.size();
      size_t room = kChunkSize - target.size();
      size_t take = std::min(room, chunk.size() - offset);
      for (size_t c = 0; c < target.column_count(); c++) {
        Vector& dst = target.column(c);
        dst.Reserve(target.size() + take);
        for (size_t r = offset; r < offset + take; r++) dst.AppendFrom(chunk.column(c), r);
      }
      target.set_row_count(target.size());
      // Statistics once per commit, so scans never compute them; a topped-up segment
      // merges the old statistics with those of the appended rows.
      const ZoneMap* base = extend ? next->segments.back().zone_map.get() : nullptr;
      auto zone_map = std::make_shared<const ZoneMap>(ComputeZoneMap(target, base, base_rows));
      auto rows = std::make_shared<const DataChunk>(std::move(target));
      if (extend) {
        next->segments.back().rows = std::move(rows);
        next->segments.back().zone_map = std::move(zone_map);
      } else {
        next->segments.push_back(
            TableSegment{std::move(rows), nullptr, next->next_row_id, std::move(zone_map)});
      }
      next->next_row_id += take;
      next->live_rows += take;
      offset += take;
    }
  }
  current_ = std::move(next);
}

}  // namespace firn
