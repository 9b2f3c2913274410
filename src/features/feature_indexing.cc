// FeatureView's indexing: new table rows filed into their entities' EntityRows.
//
// A catch-up reads the new rows segment by segment (SelectNewRows: the static WHERE, the
// entity ids, the static FILTER flags), then regroups them by entity in two passes:
//   1. scatter: each row's indexed values are packed into a fixed-size record and written
//      to its entity's run of a record array (a counting sort by entity id, row-id order
//      within an entity). The columns are read in order, and the writes go to one cursor
//      per entity, whose cache lines stay hot (10,000 entities: 640 KiB).
//   2. append: entity by entity, on a thread per core, each run's records are appended
//      to the entity's arrays, read sequentially.
// Appending straight from the columns in entity order instead read every value of every
// row from a different place of the table, one cache miss each; in row order, it wrote
// to a different entity's arrays per value.
#include <algorithm>
#include <atomic>
#include <cstring>
#include <memory>
#include <thread>

#include "common/parallel_for.h"
#include "exec/evaluator.h"
#include "exec/segment_read.h"
#include "features/feature_view.h"

namespace firn {

namespace {

// The threads a catch-up of `rows` new rows works on.
size_t IndexThreads(uint64_t rows) {
  return rows < FeatureView::kParallelIndexRows
             ? 1
             : std::clamp<size_t>(std::thread::hardware_concurrency(), 1,
                                  FeatureView::kMaxIndexThreads);
}

// Inserts `value` at `pos` of `v` (appends when pos is the end: the common case).
template <typename T, typename V>
void PutAt(std::vector<T>& v, size_t pos, V&& value) {
  if (pos == v.size()) {
    v.push_back(std::forward<V>(value));
  } else {
    v.insert(v.begin() + static_cast<ptrdiff_t>(pos), std::forward<V>(value));
  }
}

// Rows regrouped by one scatter pass at most: bounds the record array (kBatchRows x
// the record size, 80 MiB for a 5-word record) whatever the catch-up's size.
constexpr size_t kBatchRows = size_t{1} << 21;

}  // namespace

// The new rows of one table segment that the view indexes.
struct FeatureView::Part {
  SegmentColumns rows;
  uint64_t first_row_id = 0;
  std::vector<uint32_t> selected;           // rows that pass the static WHERE and have a time
  std::vector<uint32_t> entity;             // per selected row: its entity's id
  std::vector<std::vector<uint8_t>> masks;  // per static FILTER predicate, per row of `rows`
};

// A selected row packed into `words` 64-bit words: its event time, its row id, a value
// per lane (an int64, a double's bits, or a pointer to the part's string; 0 when NULL),
// then a byte per lane (1 = not NULL) and per mask (1 = set).
struct FeatureView::RecordLayout {
  explicit RecordLayout(const WindowProgram& program)
      : lanes(program.lanes.size()),
        masks(program.masks.size()),
        words(2 + lanes + (lanes + masks + 7) / 8) {}
  size_t lanes, masks, words;
  size_t value_word(size_t lane) const { return 2 + lane; }
  size_t flag_byte(size_t i) const { return (2 + lanes) * 8 + i; }  // lanes, then masks
};

int64_t FeatureView::Append(EntityRows& entity, const RecordLayout& layout,
                            const uint64_t* record) {
  auto t = static_cast<int64_t>(record[0]);
  uint64_t row_id = record[1];
  if (t < entity.evicted_before) {  // a late row, among those too old to matter
    if (entity.evicted++ == 0) entity.witness = row_id;
    return t;
  }
  const auto* flags = reinterpret_cast<const uint8_t*>(record);
  size_t pos = entity.InsertPosition(t);
  PutAt(entity.time, pos, t);
  PutAt(entity.row_id, pos, row_id);
  for (size_t l = 0; l < layout.lanes; l++) {
    EntityRows::LaneValues& lane = entity.lanes[l];
    uint8_t valid = flags[layout.flag_byte(l)];
    PutAt(lane.valid, pos, valid);
    uint64_t bits = record[layout.value_word(l)];
    switch (program_.lanes[l].storage) {
      case LaneStorage::kInt:
        PutAt(lane.ints, pos, static_cast<int64_t>(bits));
        break;
      case LaneStorage::kDouble: {
        double d;
        std::memcpy(&d, &bits, sizeof d);
        PutAt(lane.doubles, pos, d);
        break;
      }
      case LaneStorage::kText:
        PutAt(lane.texts, pos, valid ? *reinterpret_cast<const std::string*>(bits) : std::string());
        break;
      case LaneStorage::kNone:
        break;
    }
  }
  for (size_t m = 0; m < layout.masks; m++) {
    PutAt(entity.masks[m], pos, flags[layout.flag_byte(layout.lanes + m)]);
  }
  return t;
}

int64_t FeatureView::AppendRun(EntityRows& entity, const RecordLayout& layout,
                               const uint64_t* records, size_t n) {
  const size_t words = layout.words;
  auto record = [&](size_t i) { return records + i * words; };
  // The usual case: the rows come after every indexed row of the entity, in event-time
  // order. Then each array is filled by a loop of its own, one sequential stream at a time:
  // appending a row at a time wrote to all of them at once, a cache miss in each.
  int64_t last = entity.time.empty() ? INT64_MIN : entity.time.back();
  last = std::max(last, entity.evicted_before);
  for (size_t i = 0; i < n; i++) {
    auto t = static_cast<int64_t>(record(i)[0]);
    if (t < last) {
      int64_t latest = INT64_MIN;
      for (size_t j = 0; j < n; j++) latest = std::max(latest, Append(entity, layout, record(j)));
      return latest;
    }
    last = t;
  }
  auto flag = [&](size_t i, size_t byte) {
    return reinterpret_cast<const uint8_t*>(record(i))[byte];
  };
  for (size_t i = 0; i < n; i++) entity.time.push_back(static_cast<int64_t>(record(i)[0]));
  for (size_t i = 0; i < n; i++) entity.row_id.push_back(record(i)[1]);
  for (size_t l = 0; l < layout.lanes; l++) {
    EntityRows::LaneValues& lane = entity.lanes[l];
    const size_t word = layout.value_word(l), valid = layout.flag_byte(l);
    for (size_t i = 0; i < n; i++) lane.valid.push_back(flag(i, valid));
    switch (program_.lanes[l].storage) {
      case LaneStorage::kInt:
        for (size_t i = 0; i < n; i++) lane.ints.push_back(static_cast<int64_t>(record(i)[word]));
        break;
      case LaneStorage::kDouble:
        for (size_t i = 0; i < n; i++) {
          double d;
          std::memcpy(&d, &record(i)[word], sizeof d);
          lane.doubles.push_back(d);
        }
        break;
      case LaneStorage::kText:
        for (size_t i = 0; i < n; i++) {
          lane.texts.push_back(flag(i, valid)
                                   ? *reinterpret_cast<const std::string*>(record(i)[word])
                                   : std::string());
        }
        break;
      case LaneStorage::kNone:
        break;
    }
  }
  for (size_t m = 0; m < layout.masks; m++) {
    const size_t byte = layout.flag_byte(layout.lanes + m);
    for (size_t i = 0; i < n; i++) entity.masks[m].push_back(flag(i, byte));
  }
  return n > 0 ? last : INT64_MIN;
}

void FeatureView::Scatter(const Part& part, size_t from, size_t to, const RecordLayout& layout,
                          std::vector<uint64_t>& next, uint64_t* records) const {
  const SegmentColumns& rows = part.rows;
  const size_t words = layout.words;
  // Where each row's record goes, then the records filled a column at a time: each pass
  // reads one column in order.
  std::vector<uint64_t*> slot(to - from);
  for (size_t s = from; s < to; s++) slot[s - from] = records + words * next[part.entity[s]]++;
  const uint32_t* selected = part.selected.data() + from;
  const size_t n = to - from;
  const std::vector<int64_t>& time =
      rows.column(static_cast<size_t>(def_.event_time_column)).ints();
  for (size_t i = 0; i < n; i++) {
    slot[i][0] = static_cast<uint64_t>(time[selected[i]]);
    slot[i][1] = part.first_row_id + selected[i];
  }
  for (size_t l = 0; l < layout.lanes; l++) {
    const Vector& column = rows.column(static_cast<size_t>(program_.lanes[l].column));
    const uint8_t* nulls = column.nulls();
    const size_t word = layout.value_word(l), flag = layout.flag_byte(l);
    auto fill = [&](auto bits_of) {
      for (size_t i = 0; i < n; i++) {
        uint32_t r = selected[i];
        bool valid = nulls[r] == 0;
        slot[i][word] = valid ? bits_of(r) : 0;
        reinterpret_cast<uint8_t*>(slot[i])[flag] = valid;
      }
    };
    switch (program_.lanes[l].storage) {
      case LaneStorage::kInt: {
        const int64_t* ints = column.ints().data();
        fill([ints](uint32_t r) { return static_cast<uint64_t>(ints[r]); });
        break;
      }
      case LaneStorage::kDouble: {
        const double* doubles = column.doubles().data();
        fill([doubles](uint32_t r) {
          uint64_t bits;
          std::memcpy(&bits, &doubles[r], sizeof bits);
          return bits;
        });
        break;
      }
      case LaneStorage::kText: {
        const std::string* texts = column.strings().data();
        fill([texts](uint32_t r) { return reinterpret_cast<uint64_t>(&texts[r]); });
        break;
      }
      case LaneStorage::kNone:
        fill([](uint32_t) { return uint64_t{0}; });
        break;
    }
  }
  for (size_t m = 0; m < layout.masks; m++) {
    const uint8_t* mask = part.masks[m].data();
    const size_t flag = layout.flag_byte(layout.lanes + m);
    for (size_t i = 0; i < n; i++) reinterpret_cast<uint8_t*>(slot[i])[flag] = mask[selected[i]];
  }
}

FeatureView::Part FeatureView::SelectNewRows(SegmentColumns rows, uint64_t first_row_id,
                                             ExecContext& ctx) const {
  Part part{std::move(rows), first_row_id, {}, {}, {}};
  const SegmentColumns& chunk = part.rows;
  // Expressions evaluate over a whole chunk (the hot one, or the read columns + NULLs).
  std::shared_ptr<const DataChunk> whole;
  if (def_.where_static || !program_.masks.empty()) whole = chunk.Chunk(types_);
  std::vector<uint32_t> candidates;
  if (def_.where_static) {
    candidates = EvaluateFilter(*def_.where_static, *whole, ctx);
  } else {
    candidates.resize(chunk.size());
    for (size_t r = 0; r < chunk.size(); r++) candidates[r] = static_cast<uint32_t>(r);
  }
  const Vector& event_time = chunk.column(static_cast<size_t>(def_.event_time_column));
  part.selected.reserve(candidates.size());
  for (uint32_t r : candidates) {
    if (!event_time.IsNull(r)) part.selected.push_back(r);  // a NULL time is never <= T
  }
  for (const BoundExprPtr& m : program_.masks) {
    Vector v = firn::Evaluate(*m, *whole, ctx);
    std::vector<uint8_t>& mask = part.masks.emplace_back(chunk.size(), 0);
    for (uint32_t r : part.selected) mask[r] = !v.IsNull(r) && v.ints()[r] != 0;
  }
  return part;
}

void FeatureView::AssignEntities(KeyIndex& keys, Part& part) const {
  std::vector<const Vector*> key_columns;
  for (int c : def_.entity_columns) {
    key_columns.push_back(&part.rows.column(static_cast<size_t>(c)));
  }
  part.entity.resize(part.selected.size());
  keys.Assign(key_columns, part.selected.data(), part.selected.size(), part.entity.data());
}

std::vector<uint32_t> FeatureView::IndexRows(
    Index& index, const TableVersion& version, ExecContext& ctx,
    const std::function<void(uint64_t, uint64_t)>& progress) {
  uint64_t start = index.indexed_upto;
  uint64_t total = version.next_row_id - start;
  uint64_t next_report = kProgressRows;
  auto report = [&](uint64_t done) {  // half the work is per segment, half per entity
    if (progress && done >= next_report && done < total) {
      progress(done, total);
      next_report = done + kProgressRows;
    }
  };
  // The new rows of each segment: read, the static WHERE and FILTERs evaluated (on a
  // thread per core for a big catch-up: the expressions are neither volatile nor
  // subqueries, so evaluating them concurrently reads `ctx` only), then their entities
  // numbered in row order.
  struct NewRows {
    const TableSegment* segment;
    size_t from;  // the first new row's position in the segment
  };
  std::vector<NewRows> todo;
  for (const TableSegment& seg : version.segments) {
    if (seg.end_row_id() <= start) continue;
    todo.push_back({&seg, start > seg.first_row_id ? start - seg.first_row_id : 0});
  }
  std::vector<Part> parts(todo.size());
  std::atomic<uint64_t> read{0};
  const std::thread::id caller = std::this_thread::get_id();
  auto select = [&](size_t i) {
    SegmentColumns rows = ReadSegment(*todo[i].segment, indexed_columns_, def_.source->name);
    if (todo[i].from > 0) rows = rows.Tail(todo[i].from);
    parts[i] = SelectNewRows(std::move(rows), todo[i].segment->first_row_id + todo[i].from, ctx);
    uint64_t done = read += parts[i].rows.size();
    if (std::this_thread::get_id() == caller) report(done / 2);
  };
  if (total < kParallelIndexRows) {
    for (size_t i = 0; i < todo.size(); i++) select(i);
  } else {
    ParallelFor(todo.size(), select);
  }
  for (Part& part : parts) AssignEntities(index.keys, part);
  std::vector<EntityRows>& entities = index.entities;
  size_t old_entities = entities.size();
  entities.resize(index.keys.size());
  for (size_t e = old_entities; e < entities.size(); e++) {
    entities[e].lanes.resize(program_.lanes.size());
    entities[e].masks.resize(program_.masks.size());
  }
  // Room for every new row at once: filled batch by batch, an entity's arrays would
  // otherwise regrow (and be copied) once per few batches.
  {
    // Counted, then reserved, on a thread per core for a big catch-up: each thread counts
    // a run of parts, then reserves a run of entities.
    const size_t threads = IndexThreads(total);
    std::vector<std::vector<uint64_t>> counts(threads);
    ParallelFor(threads, [&](size_t t) {
      counts[t].assign(entities.size(), 0);
      for (size_t p = parts.size() * t / threads; p < parts.size() * (t + 1) / threads; p++) {
        for (uint32_t e : parts[p].entity) counts[t][e]++;
      }
    });
    ParallelFor(threads, [&](size_t t) {
      for (size_t e = entities.size() * t / threads; e < entities.size() * (t + 1) / threads; e++) {
        uint64_t new_rows = 0;
        for (const std::vector<uint64_t>& c : counts) new_rows += c[e];
        if (new_rows > 0) entities[e].Reserve(entities[e].size() + new_rows, program_.lanes);
      }
    });
  }

  // Batches of whole parts or pieces of one, of at most kBatchRows selected rows.
  struct Piece {
    size_t part, from, to;  // selected rows [from, to) of parts[part]
  };
  std::vector<std::vector<Piece>> batches(1);
  size_t batch_rows = 0;
  for (size_t p = 0; p < parts.size(); p++) {
    for (size_t from = 0; from < parts[p].selected.size();) {
      if (batch_rows == kBatchRows) {
        batches.emplace_back();
        batch_rows = 0;
      }
      size_t to = std::min(parts[p].selected.size(), from + (kBatchRows - batch_rows));
      batches.back().push_back({p, from, to});
      batch_rows += to - from;
      from = to;
    }
  }

  const RecordLayout layout(program_);
  std::vector<uint8_t> got_rows(entities.size(), 0);
  struct Totals {
    int64_t latest = INT64_MIN;
    uint64_t evicted = 0, entries = 0;
  };
  std::vector<Totals> totals;
  uint64_t appended = 0;
  for (const std::vector<Piece>& batch : batches) {
    uint64_t rows = 0;
    for (const Piece& piece : batch) rows += piece.to - piece.from;
    if (rows == 0) continue;
    // Big batches are cut into a slice per thread, by rows: each slice counts and scatters
    // its rows, behind the earlier slices' rows of the same entity.
    const size_t slices = IndexThreads(rows);
    std::vector<std::vector<Piece>> sliced(slices);
    {
      size_t k = 0;
      uint64_t at = 0;  // rows before the current piece's `from`
      for (Piece piece : batch) {
        while (piece.from < piece.to) {
          uint64_t slice_end = rows * (k + 1) / slices;
          if (at == slice_end) {
            k++;
            continue;
          }
          size_t take =
              static_cast<size_t>(std::min<uint64_t>(piece.to - piece.from, slice_end - at));
          sliced[k].push_back({piece.part, piece.from, piece.from + take});
          piece.from += take;
          at += take;
        }
      }
    }
    std::vector<std::vector<uint64_t>> counts(slices);
    ParallelFor(slices, [&](size_t k) {
      counts[k].assign(entities.size(), 0);
      for (const Piece& piece : sliced[k]) {
        const Part& part = parts[piece.part];
        for (size_t s = piece.from; s < piece.to; s++) counts[k][part.entity[s]]++;
      }
    });
    std::vector<uint64_t> begin(entities.size() + 1, 0);
    std::vector<uint32_t> touched;
    for (size_t e = 0; e < entities.size(); e++) {
      uint64_t n = 0;
      for (size_t k = 0; k < slices; k++) {
        uint64_t c = counts[k][e];
        counts[k][e] = begin[e] + n;  // now slice k's first slot for entity e
        n += c;
      }
      if (n > 0) {  // room was made above, for every batch
        touched.push_back(static_cast<uint32_t>(e));
        got_rows[e] = 1;
      }
      begin[e + 1] = begin[e] + n;
    }
    // Not value-initialized: every word a record uses is written.
    std::unique_ptr<uint64_t[]> records(new uint64_t[rows * layout.words]);
    ParallelFor(slices, [&](size_t k) {
      for (const Piece& piece : sliced[k]) {
        Scatter(parts[piece.part], piece.from, piece.to, layout, counts[k], records.get());
      }
    });
    // Entities are independent: big catch-ups split them, by rows, over a few threads.
    std::vector<size_t> slice_begin(slices + 1, touched.size());  // positions in `touched`
    slice_begin[0] = 0;
    for (size_t k = 1, t = 0; k < slices; k++) {
      while (t < touched.size() && begin[touched[t]] < rows * k / slices) t++;
      slice_begin[k] = t;
    }
    size_t first_total = totals.size();
    totals.resize(first_total + slices);
    ParallelFor(slices, [&](size_t k) {
      Totals& sum = totals[first_total + k];
      for (size_t t = slice_begin[k]; t < slice_begin[k + 1]; t++) {
        uint32_t e = touched[t];
        EntityRows& entity = entities[e];
        uint64_t evicted = entity.evicted;
        sum.latest = std::max(
            sum.latest,
            AppendRun(entity, layout, &records[begin[e] * layout.words], begin[e + 1] - begin[e]));
        sum.evicted += entity.evicted - evicted;
        sum.entries += (begin[e + 1] - begin[e]) - (entity.evicted - evicted);
        // Progress from the calling thread only (the first slice), scaled to the whole.
        if (k == 0 && (t & 1023) == 0) {
          report(total / 2 +
                 (total - total / 2) * (appended + slices * begin[e + 1]) / read.load());
        }
      }
    });
    appended += rows;
  }
  int64_t latest = index.latest_time;
  for (const Totals& sum : totals) {
    latest = std::max(latest, sum.latest);
    index.evicted += sum.evicted;
    index.entries += sum.entries;
  }
  index.latest_time = latest;
  index.indexed_upto = version.next_row_id;

  std::vector<uint32_t> touched;
  for (size_t e = 0; e < got_rows.size(); e++) {
    if (got_rows[e]) touched.push_back(static_cast<uint32_t>(e));
  }
  return touched;
}

}  // namespace firn
