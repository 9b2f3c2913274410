#include "storage/segment_columns.h"

#include "storage/cold_file.h"

namespace firn {

Result<SegmentColumns> SegmentColumns::Read(const TableSegment& segment,
                                            const std::vector<bool>& needed) {
  SegmentColumns out;
  out.rows_ = segment.size();
  if (segment.rows) {
    out.chunk_ = segment.rows;
    out.columns_.resize(segment.rows->column_count());
    for (size_t c = 0; c < out.columns_.size(); c++) {
      if (c < needed.size() && needed[c]) {
        out.columns_[c] = std::shared_ptr<const Vector>(segment.rows, &segment.rows->column(c));
      }
    }
    return out;
  }
  Status s = segment.file->Read(segment.file_pos, segment.cold_rows, needed, &out.columns_);
  if (!s.ok()) return s;
  return out;
}

std::shared_ptr<const DataChunk> SegmentColumns::Chunk(const std::vector<Type>& types) const {
  if (chunk_) return chunk_;
  auto chunk = std::make_shared<DataChunk>(types);
  for (size_t c = 0; c < types.size(); c++) {
    if (c < columns_.size() && columns_[c]) {
      chunk->column(c) = Vector::Sharing(columns_[c]);
    } else {
      chunk->column(c).Resize(rows_);
    }
  }
  chunk->set_row_count(rows_);
  return chunk;
}

SegmentColumns SegmentColumns::Tail(size_t from) const {
  std::vector<uint32_t> tail;
  for (size_t r = from; r < rows_; r++) tail.push_back(static_cast<uint32_t>(r));
  SegmentColumns out;
  out.rows_ = tail.size();
  out.columns_.resize(columns_.size());
  for (size_t c = 0; c < columns_.size(); c++) {
    if (columns_[c]) out.columns_[c] = std::make_shared<const Vector>(columns_[c]->Select(tail));
  }
  return out;
}

}  // namespace firn
