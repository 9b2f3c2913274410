#include "storage/pending_rows.h"

#include <algorithm>

namespace firn {

void PendingRows::AddChunk(std::shared_ptr<DataChunk> chunk) {
  starts_.push_back(rows_);
  rows_ += chunk->size();
  chunks_.push_back(std::move(chunk));
}

void PendingRows::Append(const DataChunk& rows) {
  size_t offset = 0;
  while (offset < rows.size()) {
    if (chunks_.empty() || chunks_.back()->size() >= kChunkSize) {
      AddChunk(std::make_shared<DataChunk>(types_));
    }
    DataChunk& last = *chunks_.back();
    size_t before = last.size();
    size_t take = std::min(kChunkSize - before, rows.size() - offset);
    for (size_t c = 0; c < last.column_count(); c++) {
      if (c < rows.column_count()) {
        last.column(c).AppendRange(rows.column(c), offset, take);
      } else {
        last.column(c).Resize(before + take);
      }
    }
    last.set_row_count(before + take);
    rows_ += take;
    offset += take;
  }
}

void PendingRows::AppendChunk(DataChunk rows) {
  if (rows.size() == 0) return;
  if (rows.size() > kChunkSize || rows.column_count() != types_.size()) {
    Append(rows);
    return;
  }
  AddChunk(std::make_shared<DataChunk>(std::move(rows)));
}

void PendingRows::Truncate(size_t rows) {
  while (!chunks_.empty() && starts_.back() >= rows) {
    chunks_.pop_back();
    starts_.pop_back();
  }
  if (!chunks_.empty() && starts_.back() + chunks_.back()->size() > rows) {
    // A copy of the kept rows: the chunk may have been read by a statement that shares it.
    std::vector<uint32_t> keep(rows - starts_.back());
    for (size_t i = 0; i < keep.size(); i++) keep[i] = static_cast<uint32_t>(i);
    chunks_.back() = std::make_shared<DataChunk>(chunks_.back()->Select(keep));
  }
  rows_ = rows;
}

void PendingRows::AddColumns(const std::vector<Type>& types) {
  for (const std::shared_ptr<DataChunk>& chunk : chunks_) {
    const size_t rows = chunk->size();
    for (size_t c = chunk->column_count(); c < types.size(); c++) {
      Vector nulls(types[c]);
      nulls.Resize(rows);
      chunk->AddColumn(std::move(nulls));
    }
  }
  types_ = types;
}

}  // namespace firn
